"""File work off the GUI thread: saves and imports behind the exports' progress display.

``run_off_thread`` runs a job in a worker thread and waits for it in a local event loop, so
the window keeps painting and answering while a big file is written or read; a
window-modal progress dialog appears when the job takes longer than ``PROGRESS_DELAY_MS``,
as for exports. Jobs work on copies or on objects the window does not change meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, QThread
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.ui.exportrun import PROGRESS_DELAY_MS
from desktop.ui.translation import tr

T = TypeVar("T")


class _Worker(QThread):
    def __init__(self, job: Callable[[], object]) -> None:
        super().__init__()
        self.job = job
        self.result: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.job()
        except BaseException as error:  # raised again on the GUI thread
            self.error = error


def run_off_thread(parent: QWidget | None, label: str, job: Callable[[], T]) -> T:
    """``job()`` run in a worker thread while the window stays responsive; its result, or
    its exception raised here. ``label`` is the progress dialog's text ("Saving x.yaml…")."""
    worker = _Worker(job)
    dialog = QProgressDialog(label, None, 0, 0, parent)
    dialog.setWindowTitle(tr("Please wait"))
    dialog.setMinimumWidth(320)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(PROGRESS_DELAY_MS)
    dialog.setValue(0)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    worker.start()
    if not worker.isFinished():
        loop.exec()
    worker.wait()
    dialog.reset()
    dialog.close()
    dialog.deleteLater()
    worker.deleteLater()
    if worker.error is not None:
        raise worker.error
    return worker.result  # type: ignore[return-value]
