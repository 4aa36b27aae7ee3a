"""What changed: the nations whose category differs between the "changes since" day and the
day viewed, each as from → to with the date and sources of the change.

Choosing a row selects the nation (map, table and Nation panel follow) and shows the
change's note and linked sources below the list.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.model.asof import Change
from desktop.model.dataset import NO_POSITION_LABEL, Dataset
from desktop.ui.richtext import SourceBrowser, chip, source_links
from desktop.ui.state import AtlasState
from desktop.ui.timeline import show_date

NATION, WHEN = range(2)
HEADERS = ("Nation", "When")
CODE_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SECOND_LINE_ROLE = Qt.ItemDataRole.UserRole + 2
"""The muted second line: from → to under the nation, the source under the date."""
SWATCH_ROLE = Qt.ItemDataRole.UserRole + 3
"""Colour of the category the nation moved to, drawn before from → to."""
PAD = 6


class ChangeItem(QTreeWidgetItem):
    """A row that sorts by its sort key (dates by day, not by their text)."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        column = self.treeWidget().sortColumn() if self.treeWidget() else 0
        return self.data(column, SORT_ROLE) < other.data(column, SORT_ROLE)


class TwoLineDelegate(QStyledItemDelegate):
    """Draws a cell as a main line over a muted second line (with an optional swatch).

    Two short lines fit a narrow dock where four columns would need a horizontal scroll.
    """

    def _fonts(self, option: QStyleOptionViewItem, index: QModelIndex) -> tuple[QFont, QFont]:
        main = QFont(option.font)
        main.setBold(index.column() == NATION)
        return main, QFont(option.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        main, second = self._fonts(option, index)
        main_metrics, second_metrics = QFontMetrics(main), QFontMetrics(second)
        swatch = second_metrics.height() if index.data(SWATCH_ROLE) else 0
        width = max(
            main_metrics.horizontalAdvance(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            swatch + second_metrics.horizontalAdvance(index.data(SECOND_LINE_ROLE) or ""),
        )
        if index.column() == WHEN:
            # A long publisher name is elided rather than squeezing the change beside it.
            width = min(width, main_metrics.horizontalAdvance("27 Mar 2025") + 24)
        return QSize(width + 2 * PAD, main_metrics.height() + second_metrics.height() + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget else QStyle()
        # Background, selection and focus as the style draws them; the text is ours.
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text) if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        main, second = self._fonts(opt, index)
        main_metrics, second_metrics = QFontMetrics(main), QFontMetrics(second)
        rect = opt.rect.adjusted(PAD, 4, -PAD, -4)
        painter.save()
        painter.setFont(main)
        painter.setPen(text)
        first = main_metrics.elidedText(
            index.data(Qt.ItemDataRole.DisplayRole) or "", Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(QPointF(rect.left(), rect.top() + main_metrics.ascent()), first)
        baseline = rect.top() + main_metrics.height() + second_metrics.ascent()
        left = rect.left()
        colour = index.data(SWATCH_ROLE)
        if colour:
            side = second_metrics.height() - 4
            top = rect.top() + main_metrics.height() + 2
            painter.setPen(QColor("#7f7f7f"))
            painter.setBrush(QColor(colour))
            painter.drawRect(QRectF(left, top, side, side))
            left += side + 5
        painter.setFont(second)
        painter.setPen(muted)
        line = second_metrics.elidedText(
            index.data(SECOND_LINE_ROLE) or "",
            Qt.TextElideMode.ElideRight,
            max(rect.right() - left, 0),
        )
        painter.drawText(QPointF(left, baseline), line)
        painter.restore()


def category_label(dataset: Dataset, category_id: str | None) -> str:
    """A category's label; "No stated position" for None."""
    category = dataset.category(category_id)
    return category.label if category else NO_POSITION_LABEL


class ChangesPanel(QWidget):
    """The "changes since" list with a summary line and the selected change's sources."""

    def __init__(self, state: AtlasState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.changes: list[Change] = []
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleName("Changes summary")
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setItemDelegate(TwoLineDelegate(self.tree))
        header = self.tree.header()
        # The date and source keep their width; the nation and its change take the rest.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NATION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WHEN, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAccessibleName("Changed nations")
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(NATION, Qt.SortOrder.AscendingOrder)
        self.tree.currentItemChanged.connect(self._chosen)
        # A click on the row already current (after selecting elsewhere) selects it again.
        self.tree.itemClicked.connect(lambda item, _column: self._chosen(item))
        self.details = SourceBrowser(self)
        self.details.setAccessibleName("Change details")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setSizes([300, 120])
        # The list gets the room; the details hold a few lines.
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(splitter)
        self.summary.setContentsMargins(6, 0, 6, 0)
        for signal in (
            state.datasetReplaced,
            state.contentChanged,
            state.dayChanged,
            state.compareChanged,
        ):
            signal.connect(self.refresh)
        state.selectionChanged.connect(self._follow_selection)
        self.refresh()

    def _muted(self) -> str:
        return self.palette().color(QPalette.ColorRole.PlaceholderText).name()

    def refresh(self, *_: object) -> None:
        """List the changes between the compare day and the day viewed (keeping the row chosen)."""
        state, dataset = self.state, self.state.dataset
        current = self.tree.currentItem()
        kept = current.data(NATION, CODE_ROLE) if current else None
        self.changes = state.changes()
        if state.selected in {change.iso3 for change in self.changes}:
            kept = state.selected
        self.tree.blockSignals(True)
        try:
            self.tree.setSortingEnabled(False)
            self.tree.clear()
            if dataset is not None:
                for change in self.changes:
                    self.tree.addTopLevelItem(self._item(dataset, change))
            self.tree.setSortingEnabled(True)
            chosen = next(
                (item for item in self.items() if item.data(NATION, CODE_ROLE) == kept), None
            )
            if chosen is not None:
                self.tree.setCurrentItem(chosen)
        finally:
            self.tree.blockSignals(False)
        self.summary.setText(self.summary_text())
        self.tree.setVisible(bool(self.changes))
        self._show_details(self.tree.currentItem())

    def summary_text(self) -> str:
        """``N nations changed between D1 and D2``, or why the list is empty."""
        state = self.state
        if state.dataset is None:
            return ""
        if state.compare_day is None or state.day is None:
            return (
                "Turn on “Changes since” in the timeline to list the nations whose position "
                "differs between two dates."
            )
        between = f"between {show_date(state.compare_day)} and {show_date(state.day)}"
        count = len(self.changes)
        if count == 0:
            return f"No nation changed position {between}."
        return f"{count} {'nation' if count == 1 else 'nations'} changed {between}."

    def _item(self, dataset: Dataset, change: Change) -> ChangeItem:
        gazetteer = self.state.gazetteer
        name = gazetteer.name(change.iso3)
        before = category_label(dataset, change.before)
        after = category_label(dataset, change.after)
        entry = change.entry
        when = entry.date.display() if entry else "—"
        sources = (
            [dataset.sources[s] for s in entry.sources if s in dataset.sources] if entry else []
        )
        source = sources[0].display_publisher() if sources else "No source"
        if len(sources) > 1:
            source += f" +{len(sources) - 1}"
        item = ChangeItem([name, when])
        item.setData(NATION, CODE_ROLE, change.iso3)
        item.setData(NATION, SECOND_LINE_ROLE, f"{before} → {after}")
        item.setData(WHEN, SECOND_LINE_ROLE, source)
        item.setData(NATION, SORT_ROLE, name.casefold())
        # Same day: by name, so the order is stable.
        day = (entry.date.start if entry else dt.date.min).isoformat()
        item.setData(WHEN, SORT_ROLE, f"{day}\0{name.casefold()}")
        after_category = dataset.category(change.after)
        if after_category is not None:
            item.setData(NATION, SWATCH_ROLE, after_category.color)
        sentence = f"{name}: {before} → {after}"
        if entry:
            sentence += f", {when}"
        if sources:
            sentence += f", source: {sources[0].display_title()} ({sources[0].display_publisher()})"
        for column in (NATION, WHEN):
            item.setToolTip(column, sentence)
            item.setData(column, Qt.ItemDataRole.AccessibleTextRole, sentence)
        return item

    def items(self) -> list[QTreeWidgetItem]:
        """The rows, in the order shown."""
        return [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]

    def row_texts(self) -> list[str]:
        """Each row as ``Austria: Undecided → Participating`` (in the order shown)."""
        return [
            f"{item.text(NATION)}: {item.data(NATION, SECOND_LINE_ROLE)}" for item in self.items()
        ]

    def _follow_selection(self, code: str | None) -> None:
        # A nation chosen on the map or in the table: its row becomes current, if listed.
        item = next((i for i in self.items() if i.data(NATION, CODE_ROLE) == code), None)
        self.tree.blockSignals(True)
        try:
            self.tree.setCurrentItem(item)
        finally:
            self.tree.blockSignals(False)
        self._show_details(item)

    def _chosen(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        self._show_details(item)
        if item is not None:
            self.state.select(item.data(NATION, CODE_ROLE))

    def _show_details(self, item: QTreeWidgetItem | None) -> None:
        dataset = self.state.dataset
        muted = self._muted()
        if dataset is None or item is None:
            hint = "Choose a nation to see the sources of its change." if self.changes else ""
            self.details.setHtml(f'<p style="color:{muted}">{escape(hint)}</p>' if hint else "")
            self.details.setVisible(bool(self.changes))
            return
        self.details.setVisible(True)
        code = item.data(NATION, CODE_ROLE)
        change = next((c for c in self.changes if c.iso3 == code), None)
        if change is None:
            self.details.clear()
            return
        chips = []
        for category_id in (change.before, change.after):
            category = dataset.category(category_id)
            chips.append(
                chip(category.label, category.color) if category else chip(NO_POSITION_LABEL, None)
            )
        name = escape(self.state.gazetteer.name(code))
        html = [f"<p><b>{name}</b>: {chips[0]} → {chips[1]}</p>"]
        entry = change.entry
        if entry is not None:
            html.append(f"<p><b>{escape(entry.date.display())}</b>")
            if entry.note:
                html.append(f": {escape(entry.note)}")
            html.append("</p>")
            links = source_links(dataset, entry.sources, muted)
            if links:
                html.append(f"<p><small>Sources: {links}</small></p>")
        self.details.setHtml("".join(html))
