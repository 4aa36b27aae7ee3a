"""Running one export off the GUI thread: the worker, its progress dialog, cancel and errors.

The dialog (``desktop.ui.exportdialog``) only gathers an ``ExportJob``; this module writes
it with ``desktop.render.export.export``, the code path the command line uses, on a copy
of the dataset the window may go on editing meanwhile. Ctrl+E repeats a job through here
too. Failures are told in a message box, never lost; cancelling writes nothing.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QEventLoop, QRectF, Qt, QThread, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog, QWidget

from desktop.geo.framing import fit_for
from desktop.geo.language import Message
from desktop.geo.projection import PROJECTIONS, View
from desktop.render.export import Cancelled, ExportError, ExportOptions, export
from desktop.render.mapdraw import renderer_for
from desktop.ui.state import AtlasState
from desktop.ui.translation import message_text, tr

PROGRESS_DELAY_MS = 300
"""Exports quicker than this never flash a progress dialog."""

Progress = Callable[[float, str], bool]
ViewFor = Callable[[QRectF], View]


# -- one export -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ExportJob:
    """An export as the user asked for it, so Ctrl+E can make it again.

    ``current_view``: frame what the window shows at the time of the export.
    ``follow_day``: the date was the window's; a repeat uses the day the window shows then.
    A title or subtitle left as the dataset's is None in ``options`` and follows it too.
    """

    path: Path
    options: ExportOptions
    current_view: bool = False
    follow_day: bool = False

    def resolved(self, state: AtlasState, map_widget) -> tuple[ExportOptions, ViewFor | None]:
        """The options and view for an export made now."""
        options = self.options
        if self.follow_day and state.viewed is not None:
            options = replace(options, day=state.viewed)
        view_for = map_widget.current_view() if self.current_view else None
        return options, view_for


class _ExportThread(QThread):
    """Runs one export; tells its progress and stops at the next step once cancelled."""

    progressed = Signal(float, str)

    def __init__(self, job: Callable[[Progress], Path]) -> None:
        super().__init__()
        self.job = job
        self.cancel = threading.Event()
        self.written: Path | None = None
        self.error: BaseException | None = None
        self.cancelled = False

    def _progress(self, fraction: float, what: str) -> bool:
        self.progressed.emit(fraction, what)
        return not self.cancel.is_set()

    def run(self) -> None:
        try:
            self.written = self.job(self._progress)
        except Cancelled:
            self.cancelled = True
        except BaseException as error:  # shown to the user, never lost
            self.error = error


def step_text(what: str) -> str:
    """An export's step (an English message, or a ``Message`` with fields) as the progress
    dialog says it, in the window's language."""
    if isinstance(what, Message):
        return tr(what.template, **what.fields)
    return tr(what)


def error_text(error: BaseException, path: Path) -> str:
    """One line saying why an export failed."""
    if isinstance(error, ExportError):
        return message_text(error.args[0] if error.args else error)
    if isinstance(error, OSError):
        return tr(
            "cannot write {path}: {reason}", path=path, reason=message_text(error.strerror or error)
        )
    return tr("the export to {path} failed: {reason}", path=path, reason=error)


def run_export(
    parent: QWidget | None,
    state: AtlasState,
    path: str | Path,
    options: ExportOptions,
    view_for: ViewFor | None = None,
    notes: list[str] | None = None,
) -> bool:
    """Export the state's dataset in a worker thread behind a modal progress dialog.

    ``notes`` gathers what the user should be told about the result (labels that found no
    place). True once the file is written. Cancelling writes nothing; a failure is told in a
    (non-blocking) message box and writes nothing. The dialog appears only when the export
    takes longer than ``PROGRESS_DELAY_MS``.
    """
    target = Path(path)
    # The thread reads a copy while the window goes on editing the original; the copy
    # carries none of the original's listeners, which reach into the window.
    dataset = copy.deepcopy(state.dataset)
    gazetteer = state.gazetteer
    # The shared map renderers are built on first use: build them here, not in two threads.
    key = view_for(QRectF(0, 0, 100, 100)).projection if view_for else options.view
    if key == "fit":
        placed = fit_for(n.iso3 for n in dataset.nations)
        key = placed.key if placed else "world"
    renderer_for(key if key in PROJECTIONS or key.startswith("fit-") else "world")

    def job(report: Progress) -> Path:
        return export(dataset, target, options, gazetteer, report, view_for=view_for, notes=notes)

    worker = _ExportThread(job)
    dialog = QProgressDialog(
        tr("Exporting {name}…", name=target.name), tr("Cancel"), 0, 100, parent
    )
    dialog.setWindowTitle(tr("Export"))
    dialog.setMinimumWidth(360)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(PROGRESS_DELAY_MS)
    dialog.setValue(0)
    dialog.canceled.connect(worker.cancel.set)

    def show_progress(fraction: float, what: str) -> None:
        if not worker.cancel.is_set():
            dialog.setLabelText(
                tr("Exporting {name}: {step}…", name=target.name, step=step_text(what))
            )
            dialog.setValue(min(99, round(fraction * 100)))

    worker.progressed.connect(show_progress)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    worker.start()
    if not worker.isFinished():
        loop.exec()
    worker.wait()
    dialog.canceled.disconnect(worker.cancel.set)
    dialog.reset()
    dialog.close()
    dialog.deleteLater()

    if worker.cancelled:
        show_status(parent, tr("Export to {name} cancelled; nothing was written", name=target.name))
        return False
    if worker.error is not None:
        show_error(parent, error_text(worker.error, target))
        return False
    return True


def show_error(parent: QWidget | None, message: str) -> QMessageBox:
    """Tell why an export failed, in a window-modal box that does not block the caller."""
    text = message[:1].upper() + message[1:]
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Export failed"), text, parent=parent)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_status(parent: QWidget | None, message: str) -> None:
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, 5000)
