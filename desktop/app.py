"""Starting the window: the application object, settings and the first dataset."""

from __future__ import annotations

import os
import sys
import time

APP_NAME = "Coalition Atlas"
ORGANISATION = "Coalition Atlas"


def peak_rss_mb() -> float:
    """The process's peak resident memory in MB (0 where the platform does not say)."""
    try:
        # Linux: this process image's own high-water mark. getrusage's ru_maxrss survives
        # execve, so a child started by a big process would report its parent's peak.
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # macOS reports bytes, other Unixes kilobytes.
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def display_problem() -> str | None:
    """Why no window can open here, or None. Checked before Qt, which would abort instead."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return None
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return (
            "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). Run it in a desktop "
            "session, or make images and HTML without a window: coalition-atlas export --help"
        )
    return None


def run_window(path: str | None = None, *, quit_after_first_paint: bool = False) -> int:
    """Open the main window on ``path`` (default: the bundled dataset) and run until closed.

    With ``quit_after_first_paint`` the app prints how long the first painted map took and
    exits: start-up benchmarks and the packaged app's smoke check use it.
    """
    started = time.perf_counter()
    problem = display_problem()
    if problem:
        print(f"coalition-atlas: {problem}", file=sys.stderr)
        return 1

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop import __version__
    from desktop.io.gazetteer import default_gazetteer
    from desktop.ui.mainwindow import MainWindow, open_initial
    from desktop.ui.state import AtlasState

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    from desktop.ui.about import app_icon

    app.setWindowIcon(app_icon())
    app.setDesktopFileName(
        "coalition-atlas"
    )  # the Wayland app id: packaging/coalition-atlas.desktop
    state = AtlasState(default_gazetteer())
    window = MainWindow(state)
    window.persist = not quit_after_first_paint
    window.restore_settings()
    open_initial(window, path)
    if quit_after_first_paint:

        def report() -> None:
            print(
                f"first-paint {time.perf_counter() - started:.3f} peak-rss-mb {peak_rss_mb():.0f}",
                flush=True,
            )
            QTimer.singleShot(0, window.close)

        window.firstPaint.connect(report)
    window.show()
    if not quit_after_first_paint:
        # After the window is up: a crashed run's unsaved changes are offered back.
        QTimer.singleShot(0, window.document.offer_recovery)
    return app.exec()
