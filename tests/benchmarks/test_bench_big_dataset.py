"""A large dataset (make bench): validation against the bundled one, and the window on it.

Budgets: validating it at most 2x the bundled dataset (whole processes, interleaved); the
window's first painted map on it within 2 s. Figures are printed, never asserted.
"""

from __future__ import annotations

import sys

from tests.benchmarks.bigdataset import big_dataset_text
from tests.benchmarks.processes import interleaved, load_note, ratio, show, until_line, whole
from tests.conftest import BUNDLED


def test_big_dataset_validation_and_window_start(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(big_dataset_text(), encoding="utf-8")
    validate = [sys.executable, "-m", "desktop", "validate"]
    times = interleaved(
        3,
        {
            "validate bundled": lambda: whole([*validate, str(BUNDLED)]),
            "validate big": lambda: whole([*validate, str(big)]),
            "window on big": lambda: until_line(
                [sys.executable, "-m", "desktop", str(big), "--quit-after-first-paint"],
                "first-paint",
            ),
        },
    )
    print(f"\nlarge dataset ({big.stat().st_size:,} bytes), interleaved{load_note()}:")
    show(times)
    print(
        f"  validate big / bundled: median ratio {ratio(times, 'validate big', 'validate bundled'):.2f}"
        " (budget 2); window on big: budget 2 s"
    )
