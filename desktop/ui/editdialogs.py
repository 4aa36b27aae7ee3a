"""Dialogs for editing: a nation's details, contributions, history, sources, categories,
the dataset's properties, events and organisations.

Each dialog only collects values and checks them as the user types; the caller turns the
result into one undoable edit.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.model import commands
from desktop.model.dataset import (
    CONFIDENCE_LEVELS,
    CONTRIBUTION_KIND_LABELS,
    CONTRIBUTION_KINDS,
    EXTRA_PALETTE,
    Category,
    Contribution,
    Dataset,
    Event,
    HistoryEntry,
    Nation,
    Organisation,
    Source,
)
from desktop.model.dates import PartialDate
from desktop.model.validate import is_colour, is_web_url
from desktop.ui.legend import swatch

DATE_HINT = "YYYY-MM-DD, YYYY-MM or YYYY"


# -- small fields -------------------------------------------------------------------------------
class DateField(QLineEdit):
    """A date as sources give it: day, month or year; empty allowed unless required."""

    def __init__(
        self, value: PartialDate | None = None, *, required: bool = False, parent=None
    ) -> None:
        super().__init__(str(value) if value else "", parent)
        self.required = required
        self.setPlaceholderText(DATE_HINT)

    def value(self) -> PartialDate | None:
        """The date typed, or None when empty (ValueError when it is not a date)."""
        text = self.text().strip()
        if not text:
            if self.required:
                raise ValueError("a date is required")
            return None
        return PartialDate.parse(text)

    def problem(self) -> str | None:
        """Why the text is not acceptable, or None."""
        try:
            self.value()
        except ValueError as error:
            return str(error)
        return None


class SourcePicker(QWidget):
    """Pick a claim's sources from the dataset's list, or add a new one on the spot."""

    sourcesChanged = Signal()

    def __init__(self, dataset: Dataset, chosen: list[str], parent=None) -> None:
        super().__init__(parent)
        self.dataset = dataset
        self.new_sources: dict[str, Source] = {}
        """Sources created here; the caller adds them in the same edit."""
        self.filter = QLineEdit(self, placeholderText="Filter sources", clearButtonEnabled=True)
        self.list = QListWidget(self)
        self.list.setMinimumHeight(120)
        self.add_button = QPushButton("New source…", self)
        self.add_button.clicked.connect(self.new_source)
        self.filter.textChanged.connect(self._filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        layout.addWidget(self.list)
        for source_id in [*chosen, *sorted(s for s in dataset.sources if s not in chosen)]:
            if source_id in dataset.sources:
                self._add_item(dataset.sources[source_id], source_id in chosen)

    def _add_item(self, source: Source, checked: bool) -> None:
        details = [source.publisher or source.host]
        if source.date:
            details.append(str(source.date))
        item = QListWidgetItem(f"{source.display_title()} ({', '.join(details)})")
        item.setToolTip(f"{source.id}\n{source.url}")
        item.setData(Qt.ItemDataRole.UserRole, source.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.addItem(item)

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in (item.text() + item.toolTip()).casefold())

    def chosen(self) -> list[str]:
        """The ids of the checked sources, in list order."""
        return [
            self.list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def new_source(self) -> Source | None:
        """Ask for a new source, add it to the list (checked)."""
        taken = set(self.dataset.sources) | set(self.new_sources)
        dialog = SourceDialog(None, taken, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        source = dialog.source()
        self.new_sources[source.id] = source
        self._add_item(source, True)
        self.sourcesChanged.emit()
        return source


def _confidence_combo(value: str | None, parent) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem("(not given)", None)
    for level in CONFIDENCE_LEVELS:
        combo.addItem(level, level)
    combo.setCurrentIndex(max(0, combo.findData(value)))
    return combo


def _category_combo(dataset: Dataset, value: str | None, parent) -> QComboBox:
    combo = QComboBox(parent)
    for category in dataset.categories:
        combo.addItem(swatch(category.color), category.label, category.id)
    combo.setCurrentIndex(max(0, combo.findData(value)))
    return combo


class _Form(QDialog):
    """A form with OK/Cancel whose OK is refused while a field says what is wrong."""

    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel(self)
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


# -- sources ------------------------------------------------------------------------------------
class SourceDialog(_Form):
    """A source's title, publisher, URL and date."""

    def __init__(self, source: Source | None, taken: set[str], parent=None) -> None:
        super().__init__("Edit source" if source else "New source", parent)
        self.original = source
        self.taken = taken
        self.url = QLineEdit(source.url if source else "", self, placeholderText="https://…")
        self.title_ = QLineEdit((source.title or "") if source else "", self)
        self.publisher = QLineEdit((source.publisher or "") if source else "", self)
        self.date = DateField(source.date if source else None, parent=self)
        self.form.addRow("URL", self.url)
        self.form.addRow("Title", self.title_)
        self.form.addRow("Publisher", self.publisher)
        self.form.addRow("Date", self.date)
        self.setMinimumWidth(520)

    def problem(self) -> str | None:
        if not is_web_url(self.url.text().strip()):
            return "The URL must start with http:// or https://"
        return self.date.problem()

    def source(self) -> Source:
        """The source as entered (a new one gets a free id from its host)."""
        url = self.url.text().strip()
        if self.original:
            source_id = self.original.id
        else:
            host = Source("x", url).host.replace(".", "-") or "source"
            source_id = next(
                f"{host}-{n}" for n in range(1, 100_000) if f"{host}-{n}" not in self.taken
            )
        return Source(
            source_id,
            url,
            self.title_.text().strip() or None,
            self.publisher.text().strip() or None,
            self.date.value(),
        )


class SourcesDialog(QDialog):
    """Edit > Sources…: every source, where it is cited; add, edit, remove unused ones."""

    def __init__(self, editor, parent=None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.setWindowTitle("Sources")
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(["Title", "Publisher", "Date", "Cited by", "URL"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        add = QPushButton("Add…", self)
        edit = QPushButton("Edit…", self)
        remove = QPushButton("Remove", self)
        add.clicked.connect(self.add)
        edit.clicked.connect(self.edit_selected)
        remove.clicked.connect(self.remove_selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (add, edit, remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.resize(980, 560)
        editor.state.contentChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Fill the table from the dataset."""
        dataset = self.editor.dataset
        self.table.setRowCount(0)
        for source_id, source in sorted(dataset.sources.items()):
            row = self.table.rowCount()
            self.table.insertRow(row)
            users = commands.source_users(dataset, source_id)
            values = [
                source.display_title(),
                source.publisher or "",
                str(source.date or ""),
                str(len(users)),
                source.url,
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, source_id)
                if column == 3:
                    item.setToolTip("\n".join(users) or "not cited")
                self.table.setItem(row, column, item)

    def selected_id(self) -> str | None:
        """The id of the selected source."""
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def add(self) -> None:
        """Add a source."""
        dialog = SourceDialog(None, set(self.editor.dataset.sources), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            source = dialog.source()
            self.editor.apply(lambda: commands.put_source(self.editor.dataset, source))

    def edit_selected(self) -> None:
        """Edit the selected source."""
        source_id = self.selected_id()
        if source_id is None:
            return
        dialog = SourceDialog(self.editor.dataset.sources[source_id], set(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            source = dialog.source()
            self.editor.apply(lambda: commands.put_source(self.editor.dataset, source))

    def remove_selected(self) -> None:
        """Remove the selected source (refused while cited)."""
        source_id = self.selected_id()
        if source_id is not None:
            self.editor.apply(lambda: commands.remove_source(self.editor.dataset, source_id))


# -- nations --------------------------------------------------------------------------------------
class NationDialog(_Form):
    """A nation's role, summary, confidence and sources."""

    def __init__(self, dataset: Dataset, nation: Nation, name: str, parent=None) -> None:
        super().__init__(f"Edit {name}", parent)
        self.role = QLineEdit(nation.role or "", self)
        self.summary = QPlainTextEdit(nation.summary or "", self)
        self.summary.setMinimumHeight(140)
        self.confidence = _confidence_combo(nation.confidence, self)
        self.sources = SourcePicker(dataset, nation.sources, self)
        self.form.addRow("Role", self.role)
        self.form.addRow("Stated position", self.summary)
        self.form.addRow("Confidence", self.confidence)
        self.form.addRow("Sources", self.sources)
        self.setMinimumWidth(640)

    def fields(self) -> dict:
        """The edited fields, ready for ``update_nation``."""
        return {
            "role": self.role.text(),
            "summary": self.summary.toPlainText(),
            "confidence": self.confidence.currentData(),
            "sources": self.sources.chosen(),
        }


class ContributionDialog(_Form):
    """One contribution: kind, text, date, confidence, note and sources."""

    def __init__(self, dataset: Dataset, contribution: Contribution | None, parent=None) -> None:
        super().__init__("Edit contribution" if contribution else "Add contribution", parent)
        c = contribution or Contribution("troops", "")
        self.kind = QComboBox(self)
        for kind in CONTRIBUTION_KINDS:
            self.kind.addItem(CONTRIBUTION_KIND_LABELS[kind], kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(c.kind)))
        self.text = QPlainTextEdit(c.text, self)
        self.text.setMinimumHeight(90)
        self.date = DateField(c.date, parent=self)
        self.confidence = _confidence_combo(c.confidence, self)
        self.note = QLineEdit(c.note or "", self)
        self.sources = SourcePicker(dataset, c.sources, self)
        for label, widget in (
            ("Kind", self.kind),
            ("What was said", self.text),
            ("Date", self.date),
            ("Confidence", self.confidence),
            ("Note", self.note),
            ("Sources", self.sources),
        ):
            self.form.addRow(label, widget)
        self.setMinimumWidth(640)

    def problem(self) -> str | None:
        if not self.text.toPlainText().strip():
            return "Say what the nation offered."
        return self.date.problem()

    def contribution(self) -> Contribution:
        """The contribution as entered."""
        return Contribution(
            self.kind.currentData(),
            self.text.toPlainText().strip(),
            self.sources.chosen(),
            self.date.value(),
            self.confidence.currentData(),
            self.note.text().strip() or None,
        )


class HistoryDialog(_Form):
    """A dated change of category, with its note and sources."""

    def __init__(
        self, dataset: Dataset, entry: HistoryEntry | None, default_day: PartialDate, parent=None
    ) -> None:
        super().__init__("Edit history entry" if entry else "Record a dated change", parent)
        e = entry or HistoryEntry(default_day, dataset.categories[0].id)
        self.date = DateField(e.date, required=True, parent=self)
        self.category = _category_combo(dataset, e.category, self)
        self.note = QLineEdit(e.note or "", self)
        self.sources = SourcePicker(dataset, e.sources, self)
        for label, widget in (
            ("Date", self.date),
            ("Category", self.category),
            ("Note", self.note),
            ("Sources", self.sources),
        ):
            self.form.addRow(label, widget)
        self.setMinimumWidth(600)

    def problem(self) -> str | None:
        return self.date.problem()

    def entry(self) -> HistoryEntry:
        """The entry as entered."""
        return HistoryEntry(
            self.date.value(),
            self.category.currentData(),
            self.note.text().strip() or None,
            self.sources.chosen(),
        )


# -- the dataset ----------------------------------------------------------------------------------
class PropertiesDialog(_Form):
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
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(form)
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
        ids = {c.id for c in self.categories}
        base = (
            "".join(ch if ch.isalnum() else "-" for ch in label.strip().lower()).strip("-")
            or "category"
        )
        new_id = (
            base
            if base not in ids
            else next(f"{base}-{n}" for n in range(2, 1000) if f"{base}-{n}" not in ids)
        )
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


# -- events and organisations ----------------------------------------------------------------------
class EventDialog(_Form):
    """An event: date, title, place, summary, participants, count, note, sources."""

    def __init__(self, dataset: Dataset, event: Event | None, gazetteer, parent=None) -> None:
        super().__init__("Edit event" if event else "Add event", parent)
        self.gazetteer = gazetteer
        e = event or Event(dataset.as_of, "")
        self.date = DateField(e.date, required=True, parent=self)
        self.title_ = QLineEdit(e.title, self)
        self.place = QLineEdit(e.place or "", self)
        self.summary = QPlainTextEdit(e.summary or "", self)
        self.participants = QLineEdit(
            ", ".join(e.participants), self, placeholderText="GBR, FRA, Türkiye, …"
        )
        self.count = QSpinBox(self)
        self.count.setRange(0, 500)
        self.count.setSpecialValueText("(not given)")
        self.count.setValue(e.participant_count or 0)
        self.note = QLineEdit(e.note or "", self)
        self.sources = SourcePicker(dataset, e.sources, self)
        for label, widget in (
            ("Date", self.date),
            ("Title", self.title_),
            ("Place", self.place),
            ("Summary", self.summary),
            ("Participants", self.participants),
            ("Participant count", self.count),
            ("Note", self.note),
            ("Sources", self.sources),
        ):
            self.form.addRow(label, widget)
        self.setMinimumWidth(620)

    def codes(self) -> tuple[list[str], list[str]]:
        """Resolved participant codes, and the texts that did not resolve."""
        codes, bad = [], []
        for text in (t.strip() for t in self.participants.text().split(",")):
            if text:
                found = self.gazetteer.resolve(text)
                (codes.append(found.code) if found.ok else bad.append(text))
        return codes, bad

    def problem(self) -> str | None:
        if not self.title_.text().strip():
            return "The event needs a title."
        _, bad = self.codes()
        if bad:
            return f"Not a country (or ambiguous): {', '.join(bad)}"
        return self.date.problem()

    def value(self) -> Event:
        """The event as entered."""
        return Event(
            self.date.value(),
            self.title_.text().strip(),
            self.place.text().strip() or None,
            self.summary.toPlainText().strip() or None,
            self.codes()[0],
            self.count.value() or None,
            self.note.text().strip() or None,
            self.sources.chosen(),
        )


class OrganisationDialog(_Form):
    """An organisation: name, role, summary, sources."""

    def __init__(self, dataset: Dataset, organisation: Organisation | None, parent=None) -> None:
        super().__init__("Edit organisation" if organisation else "Add organisation", parent)
        o = organisation or Organisation("")
        self.statements = copy.deepcopy(o.statements)
        self.name = QLineEdit(o.name, self)
        self.role = QLineEdit(o.role or "", self)
        self.summary = QPlainTextEdit(o.summary or "", self)
        self.sources = SourcePicker(dataset, o.sources, self)
        for label, widget in (
            ("Name", self.name),
            ("Role", self.role),
            ("Summary", self.summary),
            ("Sources", self.sources),
        ):
            self.form.addRow(label, widget)
        self.setMinimumWidth(600)

    def problem(self) -> str | None:
        return None if self.name.text().strip() else "The organisation needs a name."

    def organisation(self) -> Organisation:
        """The organisation as entered (its dated statements are kept)."""
        return Organisation(
            self.name.text().strip(),
            self.role.text().strip() or None,
            self.summary.toPlainText().strip() or None,
            self.sources.chosen(),
            self.statements,
        )


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask a yes/no question (removals)."""
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes
