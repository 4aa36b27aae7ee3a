"""Many maps in one run, and animated timelines (make bench): printed, never asserted.

Budgets: from the second map of a run on, each costs at most 25 % of a run of one map
(whole processes, so imports and start-up count where a user pays them); the bundled
dataset's 1080p video in at most 60 s, its GIF at most 8 MB.
"""

from __future__ import annotations

import statistics
import sys

import pytest

from tests.benchmarks.processes import interleaved, load_note, show, whole
from tests.conftest import BUNDLED

DATES = ["2025-03-02", "2025-04-10", "2025-06", "2025-09-04", "2026-01-06"]


@pytest.mark.parametrize("fmt", ["png", "pdf", "html"])
def test_each_further_map_of_a_run_costs_a_fraction_of_the_first(tmp_path, fmt):
    def run(dates: list[str]):
        command = [sys.executable, "-m", "desktop", "export", str(BUNDLED)]
        for date in dates:
            command += ["--as-of", date]
        command += ["-o", str(tmp_path / f"map-{{date}}.{fmt}")]
        return lambda: whole(command)

    times = interleaved(3, {"one map": run(DATES[:1]), f"{len(DATES)} maps": run(DATES)})
    one, many = (statistics.median(v) for v in times.values())
    each = (many - one) / (len(DATES) - 1)
    print(
        f"\n{fmt.upper()} maps in one run{load_note()}: first {one:.2f} s, each further "
        f"{each:.3f} s = {each / one:.0%} of the first (budget 25%)"
    )
    show(times)


@pytest.mark.parametrize("fmt", ["mp4", "webm", "gif", "webp"])
def test_animated_timeline_of_the_bundled_dataset(tmp_path, fmt):
    out = tmp_path / f"story.{fmt}"
    seconds = whole(
        [sys.executable, "-m", "desktop", "export", str(BUNDLED), "--animate", "-o", str(out)]
    )
    budget = "60 s" if fmt in ("mp4", "webm") else ("8 MB" if fmt == "gif" else "none")
    print(
        f"\n{fmt.upper()} timeline, 1920x1080, whole process{load_note()}: {seconds:.1f} s, "
        f"{out.stat().st_size:,} bytes (budget {budget})"
    )
