"""Starting the window: the application object, settings and the first dataset."""

from __future__ import annotations

import gc
import importlib
import os
import re
import socket
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


NO_WINDOW_HINT = (
    "Run it in a desktop session, or make images and HTML without a window: "
    "coalition-atlas export --help"
)


def _x_server_answers(display: str) -> bool:
    """Whether an X server accepts connections at ``display`` (":0", "host:10.0")."""
    match = re.match(r"^(?P<host>[\w.-]*):(?P<number>\d+)(?:\.\d+)?$", display)
    if not match:
        return True  # a form we do not know: let Qt try
    host, number = match["host"], int(match["number"])
    if host in ("", "unix"):
        # Linux X servers listen on an abstract socket and on a file socket.
        addresses = [f"\0/tmp/.X11-unix/X{number}", f"/tmp/.X11-unix/X{number}"]
        family = socket.AF_UNIX
    else:
        addresses, family = [(host, 6000 + number)], socket.AF_INET
    for address in addresses:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.settimeout(2)
            try:
                probe.connect(address)
                return True
            except OSError:
                continue
    return False


def _wayland_answers(name: str) -> bool:
    path = (
        name if os.path.isabs(name) else os.path.join(os.environ.get("XDG_RUNTIME_DIR", ""), name)
    )
    return os.path.exists(path)


def display_problem() -> str | None:
    """Why no window can open here, or None. Checked before Qt, which would abort instead,
    blaming missing libraries when the display itself is the problem."""
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return None
    display, wayland = os.environ.get("DISPLAY"), os.environ.get("WAYLAND_DISPLAY")
    if not display and not wayland:
        return f"no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). {NO_WINDOW_HINT}"
    if wayland and _wayland_answers(wayland):
        return None
    if display and _x_server_answers(display):
        return None
    where = f"DISPLAY={display}" if display else f"WAYLAND_DISPLAY={wayland}"
    return f"cannot reach the display ({where}: nothing answers there). {NO_WINDOW_HINT}"


QT_FREE_FIRST = (
    "desktop.geo.detail",
    "desktop.geo.framing",
    "desktop.geo.labels",
    "desktop.geo.styled",
    "desktop.io.recovery",
    "desktop.io.save",
    "desktop.render.dataexport",
)
"""The window's Qt-free modules, imported before PySide6: once loaded, PySide6 reads the
source of every module imported after it (looking for its ``from __feature__`` switches),
which for these and the libraries they bring (numpy, shapely, pydantic, ruamel.yaml) costs
a few hundredths of a second of start-up."""


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

    # Start-up makes hundreds of thousands of long-lived objects (modules, classes, the map,
    # the dataset) and no garbage to speak of: the collector's passes over them would cost
    # a tenth of the time to the first map. It resumes once the map is painted (or after a
    # few seconds, should no paint come).
    collecting = gc.isenabled()
    gc.disable()
    window = None
    try:
        window = _start_window(path, quit_after_first_paint, started)
    finally:
        if collecting and window is None:
            gc.enable()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    if collecting:
        window.firstPaint.connect(gc.enable)
        QTimer.singleShot(5000, gc.enable)
    if not quit_after_first_paint:
        # After the window is up: a crashed run's unsaved changes are offered back.
        QTimer.singleShot(0, window.document.offer_recovery)
    return QApplication.instance().exec()


def _start_window(path: str | None, quit_after_first_paint: bool, started: float):
    """The application and its main window on ``path``, shown; the event loop not yet run."""
    # numpy's OpenBLAS starts a thread per core at import, which spins for a while: the app
    # multiplies no matrix worth a thread (a user's own setting is kept).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    for name in QT_FREE_FIRST:
        importlib.import_module(name)
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
    from desktop.render.fonts import ensure_fonts

    # Before any widget: every label, table and panel then has the fallback families, so
    # names in Arabic, Greek, Cyrillic or CJK draw no empty boxes.
    ensure_fonts()
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
                f"first-paint {time.perf_counter() - started:.3f} peak-rss-mb {peak_rss_mb():.0f}"
                f" cpu-s {time.process_time():.3f}",
                flush=True,
            )
            QTimer.singleShot(0, window.close)

        window.firstPaint.connect(report)
    window.show()
    return window
