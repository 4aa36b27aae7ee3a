"""Whole-process timings for ``make bench``: interleaved runs, figures as ratios.

The machine running the benchmarks is often shared, so absolute times drift from one minute
to the next. Each round runs every command once, in turn, and the figure that matters is
the ratio within a round (then the median over rounds), which load affects far less.
Children run as an installed app does: with bytecode caches (``PYTHONDONTWRITEBYTECODE`` is
dropped from their environment, and a first round is discarded).
"""

from __future__ import annotations

import itertools
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

from tests.conftest import REPO

FLOOR = """
import sys
import time
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget

class Window(QWidget):
    painted = False

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#d6e2ea"))
        painter.end()
        if not self.painted:
            self.painted = True
            print(f"first-paint cpu-s {time.process_time():.3f}", flush=True)
            QTimer.singleShot(0, self.close)

app = QApplication([sys.argv[0]])
window = Window()
window.resize(1280, 800)
window.show()
app.exec()
"""
"""The floor: a bare PySide6 window that paints once, timed like the app's first paint."""


def child_env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _first_line(command: Sequence[str]) -> tuple[float, str]:
    """Seconds from starting ``command`` until its first line of output, and that line."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=child_env(),
        cwd=REPO,
    )
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait(timeout=120)
    return elapsed, line


def first_paint(command: Sequence[str]) -> tuple[float, dict[str, float]]:
    """Seconds until ``command`` prints its ``first-paint`` line, and that line's figures
    (``cpu-s``: the process's CPU seconds at the first paint; ``peak-rss-mb`` for the app)."""
    elapsed, line = _first_line(command)
    words = line.split()
    assert words and words[0] == "first-paint", (command, line)
    # "first-paint SECONDS peak-rss-mb MB cpu-s SECONDS" (the floor prints only cpu-s).
    figures = {}
    for name, value in itertools.pairwise(words[1:]):
        if not name[0].isdigit():
            figures[name] = float(value)
    return elapsed, figures


def whole(command: Sequence[str]) -> float:
    """Seconds from starting ``command`` until it has exited (successfully)."""
    started = time.perf_counter()
    result = subprocess.run(
        list(command), capture_output=True, text=True, env=child_env(), cwd=REPO, timeout=300
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, (command, result.stderr[-2000:])
    return elapsed


def whole_cpu(command: Sequence[str]) -> float:
    """CPU seconds (user + system) that ``command`` takes, run to its (successful) end."""
    import resource  # Unix: the benchmarks run on the Linux development machine

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        list(command), capture_output=True, text=True, env=child_env(), cwd=REPO, timeout=300
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, (command, result.stderr[-2000:])
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def floor_command() -> list[str]:
    return [sys.executable, "-c", FLOOR]


def interleaved(rounds: int, runs: dict[str, Callable[[], float]]) -> dict[str, list[float]]:
    """Run each entry once per round, in turn; the first round warms caches and is dropped."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for round_number in range(rounds + 1):
        for name, run in runs.items():
            seconds = run()
            if round_number:
                times[name].append(seconds)
    return times


def ratio(times: dict[str, list[float]], top: str, bottom: str) -> float:
    """Median over rounds of top/bottom within each round."""
    return statistics.median(a / b for a, b in zip(times[top], times[bottom], strict=True))


def load_note() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return ""
    return f" (load average {one:.1f}, 5 min {five:.1f}, {os.cpu_count()} cores)"


def show(times: dict[str, list[float]]) -> None:
    for name, values in times.items():
        print(
            f"  {name}: median {statistics.median(values):.3f} s "
            f"(min {min(values):.3f}, max {max(values):.3f}, n={len(values)})"
        )
