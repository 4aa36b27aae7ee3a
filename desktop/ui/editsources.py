"""Editing sources: one source's fields, the dataset's list of sources, and the picker
other dialogs use to cite them (it can add a new source on the spot)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.model import commands
from desktop.model.dataset import (
    Dataset,
    Source,
)
from desktop.model.ids import source_id_for
from desktop.model.validate import url_problem
from desktop.ui.editforms import DateField, Form
from desktop.ui.richtext import plain_tip
from desktop.ui.translation import message_text, tr


class SourcePicker(QWidget):
    """Pick a claim's sources from the dataset's list, or add a new one on the spot."""

    sourcesChanged = Signal()

    def __init__(self, dataset: Dataset, chosen: list[str], parent=None) -> None:
        super().__init__(parent)
        self.dataset = dataset
        self.new_sources: dict[str, Source] = {}
        """Sources created here; the caller adds them in the same edit."""
        self.filter = QLineEdit(self, placeholderText=tr("Filter sources"), clearButtonEnabled=True)
        self.list = QListWidget(self)
        self.list.setMinimumHeight(120)
        self.add_button = QPushButton(tr("New source…"), self)
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
        item.setToolTip(plain_tip(f"{source.id}\n{source.url}"))
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


class SourceDialog(Form):
    """A source's title, publisher, URL and date."""

    def __init__(self, source: Source | None, taken: set[str], parent=None) -> None:
        super().__init__(tr("Edit source") if source else tr("New source"), parent)
        self.original = source
        self.taken = taken
        self.url = QLineEdit(source.url if source else "", self, placeholderText="https://…")
        self.title_ = QLineEdit((source.title or "") if source else "", self)
        self.publisher = QLineEdit((source.publisher or "") if source else "", self)
        self.date = DateField(source.date if source else None, parent=self)
        self.form.addRow(tr("URL"), self.url)
        self.form.addRow(tr("Title"), self.title_)
        self.form.addRow(tr("Publisher"), self.publisher)
        self.form.addRow(tr("Date"), self.date)
        self.setMinimumWidth(520)

    def problem(self) -> str | None:
        url = self.url.text().strip()
        if not url.lower().startswith(("http://", "https://")):
            return tr("The URL must start with http:// or https://")
        why = url_problem(url)
        if why is not None:
            # What is wrong with it, as a file's check says it: "has no host"...
            return tr("The URL {why}", why=message_text(why))
        return self.date.problem()

    def source(self) -> Source:
        """The source as entered (a new one gets a free id from its host)."""
        url = self.url.text().strip()
        source_id = self.original.id if self.original else source_id_for(url, self.taken)
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
        self.setWindowTitle(tr("Sources"))
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [tr("Title"), tr("Publisher"), tr("Date"), tr("Cited by"), tr("URL")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        add = QPushButton(tr("Add…"), self)
        edit = QPushButton(tr("Edit…"), self)
        remove = QPushButton(tr("Remove"), self)
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
                    cited = "\n".join(message_text(u, self.editor.state) for u in users)
                    item.setToolTip(plain_tip(cited or tr("not cited")))
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
