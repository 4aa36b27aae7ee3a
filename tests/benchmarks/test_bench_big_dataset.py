"""A large dataset (make bench): validation against the bundled one, and the window on it.

Budgets: validating it at most 2x the bundled dataset (whole processes, interleaved); the
window's first painted map on it within 2 s. Figures are printed, never asserted.
"""

from __future__ import annotations

import statistics
import sys

from tests.benchmarks.bigdataset import big_dataset_text
from tests.benchmarks.processes import (
    first_paint,
    interleaved,
    load_note,
    ratio,
    show,
    whole,
    whole_cpu,
)
from tests.conftest import BUNDLED


def test_big_dataset_validation_and_window_start(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(big_dataset_text(), encoding="utf-8")
    validate = [sys.executable, "-m", "desktop", "validate"]
    window = [sys.executable, "-m", "desktop", str(big), "--quit-after-first-paint"]
    window_cpu: list[float] = []

    def window_run() -> float:
        elapsed, figures = first_paint(window)
        window_cpu.append(figures["cpu-s"])
        return elapsed

    times = interleaved(
        3,
        {
            "validate bundled": lambda: whole([*validate, str(BUNDLED)]),
            "validate big": lambda: whole([*validate, str(big)]),
            "window on big": window_run,
        },
    )
    cpu = interleaved(
        5,
        {
            "validate bundled": lambda: whole_cpu([*validate, str(BUNDLED)]),
            "validate big": lambda: whole_cpu([*validate, str(big)]),
        },
    )
    print(f"\nlarge dataset ({big.stat().st_size:,} bytes), interleaved{load_note()}:")
    show(times)
    print("  CPU seconds, whole processes:")
    show(cpu)
    print(
        f"  validate big / bundled: median ratio {ratio(times, 'validate big', 'validate bundled'):.2f},"
        f" CPU {ratio(cpu, 'validate big', 'validate bundled'):.2f} (budget 2)"
    )
    print(
        f"  window on big: CPU at the first paint median {statistics.median(window_cpu[1:]):.2f} s"
        " (budget 2 s)"
    )
