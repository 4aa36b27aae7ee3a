"""What every edit dialog is made of: a checked form, date fields, choice boxes, confirmation.

A ``Form`` only collects values and refuses OK while a field says what is wrong; the
caller (``desktop.ui.editactions``) turns the result into one undoable edit. The dialogs
themselves live by what they edit: ``editnation`` (a nation, its contributions and
history), ``editsources``, ``editdataset`` (properties, categories) and ``editevents``
(events and organisations).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.geo.language import day_from_text
from desktop.model.dataset import (
    CONFIDENCE_LEVELS,
    Dataset,
)
from desktop.model.dates import PartialDate
from desktop.ui.dayedit import EXAMPLE, examples
from desktop.ui.legend import swatch
from desktop.ui.translation import current_language, message_text, tr


class DateField(QLineEdit):
    """A date as sources give it: day, month or year; empty allowed unless required.

    Typed as a person writes it ("3 March 2025", "March 2025", or with the month's name in
    the window's language: "3 mars 2025") or as the file does ("2025-03-03"); the
    precision typed is the precision kept."""

    def __init__(
        self, value: PartialDate | None = None, *, required: bool = False, parent=None
    ) -> None:
        super().__init__(str(value) if value else "", parent)
        self.required = required
        shown = examples(current_language())
        self.setPlaceholderText(tr("{day}, {month}, {year} or {iso}", iso=str(EXAMPLE), **shown))

    def value(self) -> PartialDate | None:
        """The date typed, or None when empty (ValueError when it is not a date)."""
        text = self.text().strip()
        if not text:
            if self.required:
                raise ValueError(tr("a date is required"))
            return None
        return day_from_text(text, current_language())

    def problem(self) -> str | None:
        """Why the text is not acceptable, or None."""
        try:
            self.value()
        except ValueError as error:
            return message_text(error)
        return None


def confidence_combo(value: str | None, parent) -> QComboBox:
    """A choice of confidence levels, "(not given)" first, showing ``value``."""
    combo = QComboBox(parent)
    combo.addItem(tr("(not given)"), None)
    for level in CONFIDENCE_LEVELS:
        combo.addItem(tr(level), level)
    combo.setCurrentIndex(max(0, combo.findData(value)))
    return combo


def category_combo(dataset: Dataset, value: str | None, parent) -> QComboBox:
    """A choice of the dataset's categories with their swatches, showing ``value``."""
    combo = QComboBox(parent)
    for category in dataset.categories:
        combo.addItem(swatch(category.color), category.label, category.id)
    combo.setCurrentIndex(max(0, combo.findData(value)))
    return combo


class Form(QDialog):
    """A form with OK/Cancel whose OK is refused while a field says what is wrong."""

    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # problems quote dataset text
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def problem(self) -> str | None:
        """Why OK cannot be accepted yet (subclasses check their fields)."""
        return None

    def _accept(self) -> None:
        problem = self.problem()
        self.error.setText(problem or "")
        if problem is None:
            self.accept()


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask a yes/no question (removals)."""
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes
