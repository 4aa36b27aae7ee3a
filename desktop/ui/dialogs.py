"""Dialogs: the problems of a file that could not be opened, and About."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.io.errors import DatasetError
from desktop.ui.translation import Namer, located_text, ntr, tr


class ProblemsDialog(QDialog):
    """Lists every problem of a file, each with its line, and says the current view is kept."""

    def __init__(
        self,
        error: DatasetError,
        file: str,
        kept: str | None,
        parent: QWidget | None = None,
        state: Namer | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Cannot open dataset"))
        count = error.total
        bold = "<b>" + escape(file) + "</b>"
        text = ntr(
            "{file} has {n} problem and was not opened.",
            "{file} has {n} problems and was not opened.",
            count,
            html=True,
            file=bold,
        )
        if kept:
            text += "<br/>" + tr("Still showing: {title}.", html=True, title=escape(kept))
        heading = QLabel(text, self)
        heading.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            # Plain text does not take the window's direction: each line is a right-to-left
            # message after its place, starting at the right.
            option = self.text.document().defaultTextOption()
            option.setTextDirection(Qt.LayoutDirection.RightToLeft)
            option.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.text.document().setDefaultTextOption(option)
        self.text.setPlainText("\n".join(located_text(p, state) for p in error.problems))
        self.text.setMinimumSize(640, 220)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
