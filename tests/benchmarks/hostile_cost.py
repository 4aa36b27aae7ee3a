"""Time and peak memory of the app on hostile files, each in a fresh process.

    python -m tests.benchmarks.hostile_cost [CASE...]    (all cases when none is named)

Each case runs in a child process with a 3 GB address-space cap and a time-out, and
prints its wall time, the processor time it used (what other work on a shared machine does
not inflate), its peak resident memory and its outcome. Figures, not a test.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests import hostile

CASES = {
    "nesting-80k": ("validate", lambda: hostile.deep_nesting(40_000), ".yaml"),
    # Past the size from which rapidyaml reads a file (desktop.io.yamlfast.FAST_FROM).
    "nesting-300k": ("validate", lambda: hostile.deep_nesting(150_000), ".yaml"),
    "values-5-million": ("validate", hostile.many_values, ".yaml"),
    "undefined-sources-1000": ("validate", lambda: hostile.undefined_sources(1_000), ".yaml"),
    "undefined-sources-3000": ("validate", lambda: hostile.undefined_sources(3_000), ".yaml"),
    "unknown-countries-20000": ("validate", lambda: hostile.unknown_countries(20_000), ".yaml"),
    "alias-bomb-validate": ("validate", hostile.alias_bomb, ".yaml"),
    "alias-bomb-html": ("export-html", hostile.alias_bomb, ".yaml"),
    "control-character": ("validate", hostile.control_character, ".yaml"),
    "xlsx-last-column": ("import", hostile.xlsx_last_column, ".xlsx"),
    "xlsx-shared-strings": ("import", hostile.xlsx_shared_strings, ".xlsx"),
    "csv-source-per-row": ("import", hostile.csv_source_per_row, ".csv"),
    "csv-huge-cell": ("import", hostile.csv_huge_cell, ".csv"),
    "csv-million-rows": ("import", hostile.csv_many_rows, ".csv"),
    "xlsx-million-rows": ("import", hostile.xlsx_many_rows, ".xlsx"),
}

CAP_BYTES = 3 * 1024**3
TIMEOUT = 400


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))


def run(case: str) -> str:
    action, make, suffix = CASES[case]
    content = make()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"hostile{suffix}"
        if isinstance(content, bytes):
            source.write_bytes(content)
        else:
            source.write_text(content, encoding="utf-8")
        size = source.stat().st_size
        command = {
            "validate": ["validate", str(source)],
            "export-html": ["export", str(source), "-o", str(Path(folder) / "out.html")],
            "import": ["import", str(source), "-o", str(Path(folder) / "out.yaml")],
        }[action]
        script = (
            "import resource, sys\n"
            "from desktop.cli import main\n"
            "try:\n"
            f"    code = main({command!r})\n"
            "except SystemExit as e:\n"
            "    code = e.code\n"
            "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
            "print(f'PEAK {peak:.0f} MB', file=sys.stderr)\n"
            "sys.exit(code or 0)\n"
        )
        started = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            done = subprocess.run(
                [sys.executable, "-c", script],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                preexec_fn=_limit,
            )
        except subprocess.TimeoutExpired:
            return f"{case}: {size / 1024:.0f} KB: more than {TIMEOUT} s (stopped)"
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        peak = next(
            (line for line in done.stderr.splitlines() if line.startswith("PEAK")), "PEAK ?"
        )
        lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        first = next((line for line in lines if not line.startswith("PEAK")), "")
        outcome = f"exit {done.returncode}" + (
            f", {len(lines) - 1} lines, first: {first[:150]}" if first else ""
        )
        return (
            f"{case}: {size / 1024:.0f} KB: {elapsed:.1f} s ({cpu:.1f} s processor), "
            f"{peak[5:]}, {outcome}"
        )


if __name__ == "__main__":
    for name in sys.argv[1:] or list(CASES):
        print(run(name), flush=True)
