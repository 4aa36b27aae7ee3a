"""Editing the dataset as a whole: its properties (title, as-of date...) and its categories."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop.model.colourvision import clashes
from desktop.model.dataset import (
    EXTRA_PALETTE,
    Category,
    Dataset,
)
from desktop.model.dates import PartialDate
from desktop.model.ids import category_id_for
from desktop.model.validate import is_colour
from desktop.ui.editforms import DateField, Form
from desktop.ui.legend import swatch


class PropertiesDialog(Form):
    """Title, subtitle, as-of date and notes."""

    def __init__(self, dataset: Dataset, parent=None) -> None:
        super().__init__("Dataset properties", parent)
        self.title_ = QLineEdit(dataset.title, self)
        self.subtitle = QLineEdit(dataset.subtitle or "", self)
        self.as_of = DateField(dataset.as_of, required=True, parent=self)
        self.notes = QPlainTextEdit(dataset.notes or "", self)
        for label, widget in (
            ("Title", self.title_),
            ("Subtitle", self.subtitle),
            ("As of", self.as_of),
            ("Notes", self.notes),
        ):
            self.form.addRow(label, widget)
        self.setMinimumWidth(620)

    def problem(self) -> str | None:
        if not self.title_.text().strip():
            return "The title cannot be empty."
        return self.as_of.problem()

    def values(self) -> tuple[str, str, PartialDate, str]:
        """(title, subtitle, as_of, notes) as entered."""
        return (
            self.title_.text(),
            self.subtitle.text(),
            self.as_of.value(),
            self.notes.toPlainText(),
        )


class CategoriesDialog(QDialog):
    """Labels, colours (with a picker), order; add; remove, saying where members go."""

    def __init__(self, dataset: Dataset, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Categories")
        self.dataset = dataset
        self.categories = copy.deepcopy(dataset.categories)
        self.reassign: dict[str, str] = {}
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._show)
        self.label = QLineEdit(self)
        self.label.textEdited.connect(self._label_edited)
        self.colour = QPushButton("Colour…", self)
        self.colour.clicked.connect(self.pick_colour)
        buttons = QHBoxLayout()
        for text, slot in (
            ("Add", self.add),
            ("Remove…", self.remove),
            ("Up", lambda: self.move(-1)),
            ("Down", lambda: self.move(1)),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        form = QFormLayout()
        form.addRow("Label", self.label)
        form.addRow("Colour", self.colour)
        self.colour_warning = QLabel(self)
        self.colour_warning.setWordWrap(True)
        self.colour_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.colour_warning.setAccessibleName("Colour vision warning")
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.colour_warning)
        layout.addWidget(box)
        self._fill(0)

    def _fill(self, current: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for category in self.categories:
            self.list.addItem(
                QListWidgetItem(swatch(category.color), f"{category.label}  ({category.id})")
            )
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(current, len(self.categories) - 1))
        self._show(self.list.currentRow())
        self._check_colours()

    def _check_colours(self) -> None:
        """Say which categories readers with a colour vision deficiency would confuse."""
        found = clashes((c.label, c.color) for c in self.categories)
        self.colour_warning.setText("\n".join(f"Warning: {c.message()}" for c in found))
        self.colour_warning.setVisible(bool(found))

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.categories):
            self.label.setText(self.categories[row].label)
            self.colour.setIcon(swatch(self.categories[row].color))
            self.colour.setText(self.categories[row].color)

    def _label_edited(self, text: str) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.categories) and text.strip():
            self.categories[row].label = text.strip()
            self.list.item(row).setText(f"{text.strip()}  ({self.categories[row].id})")
            self._check_colours()

    def set_colour(self, row: int, colour: str) -> None:
        """Give a category a colour (``#RRGGBB``)."""
        if is_colour(colour):
            self.categories[row].color = colour.upper()
            self._fill(row)

    def pick_colour(self) -> None:
        """Choose the current category's colour with the system colour picker."""
        row = self.list.currentRow()
        if row < 0:
            return
        chosen = QColorDialog.getColor(QColor(self.categories[row].color), self, "Category colour")
        if chosen.isValid():
            self.set_colour(row, chosen.name())

    def add(self, label: str | None = None) -> None:
        """Add a category with the next unused colour of the palette."""
        if label is None:
            label, ok = QInputDialog.getText(self, "New category", "Label:")
            if not ok or not label.strip():
                return
        new_id = category_id_for(label, {c.id for c in self.categories})
        used = {c.color.upper() for c in self.categories}
        colour = next((c for c in EXTRA_PALETTE if c.upper() not in used), "#777777")
        self.categories.append(Category(new_id, label.strip(), colour))
        self._fill(len(self.categories) - 1)

    def remove(self, target: str | None = None) -> None:
        """Remove the current category; its members move to ``target`` (asked if needed)."""
        row = self.list.currentRow()
        if row < 0 or len(self.categories) <= 1:
            return
        old = self.categories[row]
        others = [c for c in self.categories if c.id != old.id]
        if target is None:
            labels = [c.label for c in others]
            choice, ok = QInputDialog.getItem(
                self, "Remove category", f"Move the members of {old.label} to:", labels, 0, False
            )
            if not ok:
                return
            target = others[labels.index(choice)].id
        self.reassign = {k: (target if v == old.id else v) for k, v in self.reassign.items()}
        self.reassign[old.id] = target
        del self.categories[row]
        self._fill(row)

    def move(self, step: int) -> None:
        """Move the current category up or down."""
        row = self.list.currentRow()
        target = row + step
        if 0 <= row < len(self.categories) and 0 <= target < len(self.categories):
            self.categories[row], self.categories[target] = (
                self.categories[target],
                self.categories[row],
            )
            self._fill(target)
