"""Editing the dataset as a whole: its properties (title, as-of date...) and its categories."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
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
    NO_POSITION_LABEL,
    Category,
    Dataset,
    Unlisted,
)
from desktop.model.dates import PartialDate
from desktop.model.ids import category_id_for
from desktop.model.validate import is_colour
from desktop.render.theme import LIGHT
from desktop.ui.editforms import DateField, Form
from desktop.ui.legend import swatch
from desktop.ui.richtext import clash_warning
from desktop.ui.translation import tr

NEUTRAL_SWATCH = LIGHT.land
"""What the theme's own grey looks like in the dialog, for an unlisted class left uncoloured."""


class PropertiesDialog(Form):
    """Title, subtitle, as-of date and notes."""

    def __init__(self, dataset: Dataset, parent=None) -> None:
        super().__init__(tr("Dataset properties"), parent)
        self.title_ = QLineEdit(dataset.title, self)
        self.subtitle = QLineEdit(dataset.subtitle or "", self)
        self.as_of = DateField(dataset.as_of, required=True, parent=self)
        self.notes = QPlainTextEdit(dataset.notes or "", self)
        for label, widget in (
            (tr("Title"), self.title_),
            (tr("Subtitle"), self.subtitle),
            (tr("As of"), self.as_of),
            (tr("Notes"), self.notes),
        ):
            self.form.addRow(label, widget)
        self.setMinimumWidth(620)

    def problem(self) -> str | None:
        if not self.title_.text().strip():
            return tr("The title cannot be empty.")
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
    """Labels, colours (with a picker), order; add; remove, saying where members go.

    Below the list, the class of countries the dataset does not list: its label, its colour
    (or the theme's grey) and whether legends show it; the result is ``unlisted``.
    """

    def __init__(self, dataset: Dataset, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Categories"))
        self.dataset = dataset
        self.categories = copy.deepcopy(dataset.categories)
        self.reassign: dict[str, str] = {}
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._show)
        self.label = QLineEdit(self)
        self.label.textEdited.connect(self._label_edited)
        self.colour = QPushButton(tr("Colour…"), self)
        self.colour.clicked.connect(self.pick_colour)
        buttons = QHBoxLayout()
        for text, slot in (
            (tr("Add"), self.add),
            (tr("Remove…"), self.remove),
            (tr("Up"), lambda: self.move(-1)),
            (tr("Down"), lambda: self.move(1)),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        form = QFormLayout()
        form.addRow(tr("Label"), self.label)
        form.addRow(tr("Colour"), self.colour)
        self.colour_warning = QLabel(self)
        self.colour_warning.setWordWrap(True)
        self.colour_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.colour_warning.setAccessibleName(tr("Colour vision warning"))
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        self.unlisted = copy.deepcopy(dataset.unlisted)
        group = QGroupBox(tr("Countries not listed"), self)
        self.unlisted_label = QLineEdit(self.unlisted.label, group)
        self.unlisted_label.setPlaceholderText(NO_POSITION_LABEL)
        self.unlisted_label.textEdited.connect(self._unlisted_label_edited)
        self.unlisted_colour = QPushButton(group)
        self.unlisted_colour.clicked.connect(self.pick_unlisted_colour)
        self.unlisted_default = QPushButton(tr("Theme grey"), group)
        self.unlisted_default.setToolTip(tr("Fill them with the theme's neutral grey"))
        self.unlisted_default.clicked.connect(lambda: self.set_unlisted_colour(None))
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.unlisted_colour)
        colour_row.addWidget(self.unlisted_default)
        self.unlisted_legend = QCheckBox(tr("Show in the legend"), group)
        self.unlisted_legend.setChecked(self.unlisted.legend)
        self.unlisted_legend.toggled.connect(self._unlisted_legend_toggled)
        unlisted_form = QFormLayout(group)
        unlisted_form.addRow(tr("Label"), self.unlisted_label)
        unlisted_form.addRow(tr("Colour"), colour_row)
        unlisted_form.addRow("", self.unlisted_legend)
        self._show_unlisted_colour()
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.colour_warning)
        layout.addWidget(group)
        layout.addWidget(box)
        self._fill(0)

    # -- the unlisted class -------------------------------------------------------------------
    def _unlisted_label_edited(self, text: str) -> None:
        # An emptied field means the default name, never an empty legend row.
        self.unlisted.label = text.strip() or NO_POSITION_LABEL

    def _unlisted_legend_toggled(self, checked: bool) -> None:
        self.unlisted.legend = checked

    def _show_unlisted_colour(self) -> None:
        colour = self.unlisted.color
        self.unlisted_colour.setIcon(swatch(colour or NEUTRAL_SWATCH))
        self.unlisted_colour.setText(colour or tr("Theme grey"))
        self.unlisted_default.setEnabled(colour is not None)

    def set_unlisted_colour(self, colour: str | None) -> None:
        """Fill unlisted countries with ``colour`` (``#RRGGBB``), or None for the theme's grey."""
        if colour is None or is_colour(colour):
            self.unlisted.color = colour.upper() if colour else None
            self._show_unlisted_colour()

    def pick_unlisted_colour(self) -> None:
        """Choose the unlisted countries' colour with the system colour picker."""
        start = QColor(self.unlisted.color or NEUTRAL_SWATCH)
        chosen = QColorDialog.getColor(start, self, tr("Colour of countries not listed"))
        if chosen.isValid():
            self.set_unlisted_colour(chosen.name())

    def result_unlisted(self) -> Unlisted | None:
        """The edited class, or None when it is unchanged."""
        return None if self.unlisted == self.dataset.unlisted else copy.deepcopy(self.unlisted)

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
        self.colour_warning.setText("\n".join(clash_warning(c) for c in found))
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
        chosen = QColorDialog.getColor(
            QColor(self.categories[row].color), self, tr("Category colour")
        )
        if chosen.isValid():
            self.set_colour(row, chosen.name())

    def add(self, label: str | None = None) -> None:
        """Add a category with the next unused colour of the palette."""
        if label is None:
            label, ok = QInputDialog.getText(self, tr("New category"), tr("Label:"))
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
                self,
                tr("Remove category"),
                tr("Move the members of {category} to:", category=old.label),
                labels,
                0,
                False,
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
