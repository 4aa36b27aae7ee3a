"""The Nations table: every listed nation (or every country), sortable and filterable."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.model.asof import contributions_on
from desktop.model.countries import search_key
from desktop.ui.richtext import plain_tip
from desktop.ui.state import AtlasState
from desktop.ui.translation import N_, Texts, tr

NAME, CATEGORY, ROLE, CONTRIBUTIONS = range(4)
HEADERS = (N_("Nation"), N_("Category"), N_("Role"), N_("Contrib."))
"""Column headers (English messages, shown translated)."""
HEADER_TIPS = (
    N_("Nation"),
    N_("Category on the date viewed"),
    N_("Role"),
    N_("Number of contributions"),
)
CODE_ROLE = Qt.ItemDataRole.UserRole
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 1
NO_POSITION = "\0none"
"""Category filter value for countries without a stated position."""
_SORT_KEY = -1
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        CODE_ROLE,
        CATEGORY_ROLE,
    }
)


class NationsModel(QAbstractTableModel):
    """Rows of nations for the day viewed; optionally every country on the map."""

    def __init__(self, state: AtlasState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.all_countries = False
        self.rows: list[str] = []
        for signal in (
            state.datasetReplaced,
            state.contentChanged,
            state.dayChanged,
            state.languageChanged,
        ):
            signal.connect(self.reload)
        state.languageChanged.connect(
            lambda: self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        )
        self.reload()

    def set_all_countries(self, on: bool) -> None:
        """List every country, not only the dataset's nations."""
        self.all_countries = on
        self.reload()

    def reload(self) -> None:
        """Rebuild the rows from the state."""
        self.beginResetModel()
        dataset = self.state.dataset
        listed = [n.iso3 for n in dataset.nations] if dataset else []
        if self.all_countries:
            listed = listed + sorted(set(self.state.map_codes) - set(listed))
        self.rows = listed
        self._row_of = {code: i for i, code in reversed(list(enumerate(listed)))}
        self._rows_info: dict[int, tuple] = {}
        self._cells: dict[tuple[int, int, int], object] = {}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(HEADERS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return tr(HEADER_TIPS[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        # Views ask for a dozen roles per cell and sorting asks again for every comparison:
        # what a row shows is worked out once per reload (the signals that change it all
        # reload), and every look-up after that is a dictionary's.
        if not index.isValid() or role not in _ROLES:
            return None
        row, column = index.row(), index.column()
        if role == CODE_ROLE:
            return self.rows[row]
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.ToolTipRole:
            key = (row, column, role)
            try:
                return self._cells[key]
            except KeyError:
                pass
            if role == Qt.ItemDataRole.DisplayRole:
                value = self._display(row, column)
            else:
                shown = self.data(index, Qt.ItemDataRole.DisplayRole)
                value = plain_tip(shown) if isinstance(shown, str) else shown
            self._cells[key] = value
            return value
        _, nation, category = self._row(row)
        if role == CATEGORY_ROLE:
            return category.id if category else NO_POSITION
        if role == Qt.ItemDataRole.DecorationRole and column == CATEGORY and category:
            return QColor(category.color)
        if role == Qt.ItemDataRole.ForegroundRole and nation is None:
            return QBrush(QColor(128, 128, 128))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == CONTRIBUTIONS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort_value(self, row: int, column: int):
        """What the table sorts a cell by: its number, or its text. Each comparison of a
        sort asks for two: they are worked out once per reload, so a sort costs n log n
        dictionary look-ups and collator comparisons."""
        key = (row, column, _SORT_KEY)
        try:
            return self._cells[key]
        except KeyError:
            pass
        shown = self.data(self.index(row, column))
        value = (shown or 0) if column == CONTRIBUTIONS else str(shown or "")
        self._cells[key] = value
        return value

    def _row(self, row: int):
        """(code, nation or None, category or None) of a row, on the day viewed."""
        try:
            return self._rows_info[row]
        except KeyError:
            pass
        code = self.rows[row]
        state, dataset = self.state, self.state.dataset
        nation = dataset.nation(code) if dataset else None
        category = dataset.category(state.category_of(code)) if dataset else None
        info = self._rows_info[row] = (code, nation, category)
        return info

    def _display(self, row: int, column: int):
        code, nation, category = self._row(row)
        state = self.state
        if column == NAME:
            return state.name(code)
        if column == CATEGORY:
            # The legend's label: the dataset's own, or its translation.
            return state.styled().label_of(category.id if category else None)
        if column == ROLE:
            # A role describes a position: none is shown on a day before the nation took one.
            return (nation.role or "") if nation and category else ""
        if column == CONTRIBUTIONS:
            return len(contributions_on(nation, state.day)) if nation else 0
        return None

    def row_of(self, code: str) -> int:
        """Row of a country; -1 when not in the table."""
        return self._row_of.get(code, -1)


class NationsFilter(QSortFilterProxyModel):
    """Filters by text (name, alias, code, role) and by category."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = ""
        self.category: str | None = None
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortRole(Qt.ItemDataRole.DisplayRole)

    def set_text(self, text: str) -> None:
        """Keep rows whose name, aliases, code or role contain ``text``."""
        self._refilter(lambda: setattr(self, "text", search_key(text)))

    def set_category(self, category: str | None) -> None:
        """Keep rows of one category id (``NO_POSITION`` for none); None keeps all."""
        self._refilter(lambda: setattr(self, "category", category))

    def _refilter(self, change) -> None:
        # Qt 6.10 replaced invalidateFilter() with a begin/end pair; keep working on both.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        model: NationsModel = self.sourceModel()
        index = model.index(row, 0, parent)
        if self.category is not None and model.data(index, CATEGORY_ROLE) != self.category:
            return False
        if not self.text:
            return True
        code = model.rows[row]
        country = model.state.gazetteer.get(code)
        names = [
            code,
            model.state.name(code),
            *(([country.name, *country.aliases]) if country else []),
        ]
        role = model.data(model.index(row, ROLE, parent))
        # Folded for any script, as search folds: "німеч" finds Німеччина, "bialo" Białoruś.
        return any(self.text in search_key(n) for n in [*names, role or ""])

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:
        model: NationsModel = self.sourceModel()
        a = model.sort_value(left.row(), left.column())
        b = model.sort_value(right.row(), right.column())
        if left.column() == CONTRIBUTIONS:
            return a < b
        # The language's alphabetical order (ICU's, through Qt): Ukrainian І after И,
        # Polish Ł after L, accents after the plain letter, case ignored.
        return self._collator(model.state.language).compare(a, b) < 0

    @staticmethod
    @cache
    def _collator(language: str) -> QCollator:
        collator = QCollator(QLocale(language))
        collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        collator.setNumericMode(True)
        return collator


class NationsView(QTableView):
    """A table where Tab and Shift+Tab move to the next and previous row."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            step = -1 if event.key() == Qt.Key.Key_Backtab else 1
            row = self.currentIndex().row() + step if self.currentIndex().isValid() else 0
            if 0 <= row < self.model().rowCount():
                self.setCurrentIndex(self.model().index(row, 0))
                return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next_: bool) -> bool:
        # Tab belongs to the rows while the table has focus (see keyPressEvent).
        return False


class NationsTable(QWidget):
    """The Nations dock: filter box, category filter, "all countries" and the table."""

    def __init__(self, state: AtlasState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.model = NationsModel(state, self)
        self.proxy = NationsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.texts = Texts()
        self.filter = QLineEdit(self, clearButtonEnabled=True)
        self.texts.bind(self.filter.setPlaceholderText, N_("Filter by name, code or role"))
        self.texts.bind(self.filter.setAccessibleName, N_("Filter nations"))
        self.filter.textChanged.connect(self.proxy.set_text)
        self.category = QComboBox(self)
        self.texts.bind(self.category.setAccessibleName, N_("Filter by category"))
        self.category.currentIndexChanged.connect(self._category_chosen)
        self.all_countries = QCheckBox(self)
        self.texts.bind(self.all_countries.setText, N_("All countries"))
        self.texts.bind(
            self.all_countries.setToolTip,
            N_("List every country on the map, not only the dataset's nations"),
        )
        self.all_countries.toggled.connect(self.model.set_all_countries)

        self.view = NationsView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        for column in (NAME, CATEGORY, CONTRIBUTIONS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ROLE, QHeaderView.ResizeMode.Stretch)
        self.texts.bind(self.view.setAccessibleName, N_("Nations"))
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.category)
        top.addWidget(self.all_countries)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view)

        state.datasetReplaced.connect(self._fill_categories)
        state.contentChanged.connect(self._fill_categories)
        state.languageChanged.connect(self.texts.retranslate)
        state.languageChanged.connect(self._fill_categories)
        state.selectionChanged.connect(self.show_selection)
        self.model.modelReset.connect(lambda: self.show_selection(state.selected))
        self._fill_categories()

    def _fill_categories(self) -> None:
        current = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(tr("All categories"), None)
        styled = self.state.styled()
        for category in self.state.dataset.categories if self.state.dataset else []:
            self.category.addItem(styled.label_of(category.id), category.id)
        self.category.addItem(styled.unlisted.label, NO_POSITION)
        index = self.category.findData(current)
        self.category.setCurrentIndex(max(index, 0))
        self.category.blockSignals(False)
        self.proxy.set_category(self.category.currentData())

    def _category_chosen(self, _: int) -> None:
        self.proxy.set_category(self.category.currentData())

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.state.select(current.data(CODE_ROLE))

    def show_selection(self, code: str | None) -> None:
        """Select the row of ``code`` (or clear), without echoing back to the state."""
        selection = self.view.selectionModel()
        row = self.model.row_of(code) if code else -1
        proxy_index = (
            self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        )
        selection.blockSignals(True)
        if proxy_index.isValid():
            selection.setCurrentIndex(
                proxy_index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(proxy_index)
        else:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
        selection.blockSignals(False)
        self.view.viewport().update()

    def visible_order(self) -> list[str]:
        """Country codes in the table's current order (the map's arrow keys follow it)."""
        return [self.proxy.index(r, 0).data(CODE_ROLE) for r in range(self.proxy.rowCount())]
