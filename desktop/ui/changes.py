"""What changed: the nations whose category differs between the "changes since" day and the
day viewed, each as from → to with the date and sources of the change.

Choosing a row selects the nation (map, table and Nation panel follow) and shows the
change's note and linked sources below the list.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QModelIndex, QRect, QRectF, QSize, Qt, QTimer
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
from desktop.model.dataset import Dataset
from desktop.ui.richtext import SourceBrowser, chip, plain_tip, source_links
from desktop.ui.state import AtlasState
from desktop.ui.translation import N_, Texts, ntr, tr

NATION, WHEN = range(2)
HEADERS = (N_("Nation"), N_("When"))
"""Column headers (English messages, shown translated)."""
CODE_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SECOND_LINE_ROLE = Qt.ItemDataRole.UserRole + 2
"""The muted second line: from → to under the nation, the source under the date."""
SWATCH_ROLE = Qt.ItemDataRole.UserRole + 3
"""Colour of the category the nation moved to, drawn before from → to."""
PAD = 6
BREAK = "\u200b"
"""A zero-width space: where a web address may wrap (after its dots) in a narrow column."""


class ChangeItem(QTreeWidgetItem):
    """A row that sorts by its sort key (dates by day, not by their text)."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        column = self.treeWidget().sortColumn() if self.treeWidget() else 0
        return self.data(column, SORT_ROLE) < other.data(column, SORT_ROLE)


class TwoLineDelegate(QStyledItemDelegate):
    """Draws a cell as a main line over a muted second line (with an optional swatch).

    Two short lines fit a narrow dock where four columns would need a horizontal scroll.
    Each line wraps between words when the column is narrow, and the row grows to hold it;
    no word is cut (the panel keeps each column at least as wide as its longest word).
    """

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def _fonts(self, option: QStyleOptionViewItem, index: QModelIndex) -> tuple[QFont, QFont]:
        main = QFont(option.font)
        main.setBold(index.column() == NATION)
        return main, QFont(option.font)

    def _swatch(self, second: QFontMetrics, index: QModelIndex) -> int:
        return second.height() + 1 if index.data(SWATCH_ROLE) else 0

    def longest_word(self, option: QStyleOptionViewItem, index: QModelIndex) -> int:
        """The widest word of the cell, padding included: the column must be this wide."""
        main, second = (QFontMetrics(f) for f in self._fonts(option, index))
        widths = [main.horizontalAdvance(w) for w in _words(self._text(index))]
        widths += [second.horizontalAdvance(w) for w in _words(self._second(index))]
        return max(widths, default=0) + self._swatch(second, index) + 2 * PAD

    @staticmethod
    def _text(index: QModelIndex) -> str:
        return index.data(Qt.ItemDataRole.DisplayRole) or ""

    @staticmethod
    def _second(index: QModelIndex) -> str:
        text = index.data(SECOND_LINE_ROLE) or ""
        return _breakable(text) if index.column() == WHEN else text

    def _layout(
        self, option: QStyleOptionViewItem, index: QModelIndex, width: int
    ) -> tuple[QRect, QRect]:
        """Where the two texts go in a cell ``width`` wide (from the cell's top left)."""
        main, second = (QFontMetrics(f) for f in self._fonts(option, index))
        inner = max(width - 2 * PAD, 1)
        swatch = self._swatch(second, index)
        flags = int(Qt.TextFlag.TextWordWrap)
        first = main.boundingRect(QRect(0, 0, inner, 10_000), flags, self._text(index))
        below = second.boundingRect(
            QRect(0, 0, max(inner - swatch, 1), 10_000), flags, self._second(index)
        )
        first_box = QRect(PAD, 4, inner, max(first.height(), main.height()))
        second_box = QRect(
            PAD + swatch,
            first_box.bottom() + 1,
            inner - swatch,
            max(below.height(), second.height()),
        )
        return first_box, second_box

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        main, second = (QFontMetrics(f) for f in self._fonts(option, index))
        natural = (
            max(
                main.horizontalAdvance(self._text(index)),
                self._swatch(second, index) + second.horizontalAdvance(self._second(index)),
            )
            + 2 * PAD
        )
        if index.column() == WHEN:
            # A long publisher name wraps rather than squeezing the change beside it.
            natural = min(natural, main.horizontalAdvance("27 Mar 2025") + 24 + 2 * PAD)
        width = max(natural, self.longest_word(option, index))
        column = self.view.columnWidth(index.column())
        _, second_box = self._layout(option, index, column if column > 0 else width)
        return QSize(width, second_box.bottom() + 5)

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
        first_box, second_box = self._layout(opt, index, opt.rect.width())
        first_box.translate(opt.rect.topLeft())
        second_box.translate(opt.rect.topLeft())
        flags = int(
            Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        )
        painter.save()
        painter.setFont(main)
        painter.setPen(text)
        painter.drawText(first_box, flags, self._text(index))
        colour = index.data(SWATCH_ROLE)
        if colour:
            side = QFontMetrics(second).height() - 4
            painter.setPen(QColor("#7f7f7f"))
            painter.setBrush(QColor(colour))
            painter.drawRect(QRectF(first_box.left(), second_box.top() + 2, side, side))
        painter.setFont(second)
        painter.setPen(muted)
        painter.drawText(second_box, flags, self._second(index))
        painter.restore()


def _words(text: str) -> list[str]:
    """The pieces a line may not be broken inside."""
    return text.replace(BREAK, " ").split()


def _breakable(text: str) -> str:
    """A host or publisher name that may wrap after its dots (``newsworldmedia.␣net``)."""
    return text.replace(".", "." + BREAK)


class ChangesPanel(QWidget):
    """The "changes since" list with a summary line and the selected change's sources."""

    def __init__(self, state: AtlasState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.changes: list[Change] = []
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.texts = Texts()
        self.texts.bind(self.summary.setAccessibleName, N_("Changes summary"))
        self.tree = QTreeWidget(self)
        self.texts.run(lambda: self.tree.setHeaderLabels([tr(h) for h in HEADERS]))
        self.tree.setRootIsDecorated(False)
        # Rows are as tall as their wrapped lines.
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(True)
        self.delegate = TwoLineDelegate(self.tree)
        self.tree.setItemDelegate(self.delegate)
        header = self.tree.header()
        # The date and source keep their width; the nation and its change take the rest.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NATION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WHEN, QHeaderView.ResizeMode.ResizeToContents)
        # A narrower column wraps its lines anew: the rows' heights follow.
        self._relayout = QTimer(self, singleShot=True, interval=0)
        self._relayout.timeout.connect(self.tree.doItemsLayout)
        header.sectionResized.connect(lambda *_: self._relayout.start())
        self.texts.bind(self.tree.setAccessibleName, N_("Changed nations"))
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(NATION, Qt.SortOrder.AscendingOrder)
        self.tree.currentItemChanged.connect(self._chosen)
        # A click on the row already current (after selecting elsewhere) selects it again.
        self.tree.itemClicked.connect(lambda item, _column: self._chosen(item))
        self.details = SourceBrowser(self)
        self.texts.bind(self.details.setAccessibleName, N_("Change details"))
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
        state.languageChanged.connect(self.texts.retranslate)
        state.languageChanged.connect(self.refresh)
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
        self._keep_words_whole()
        self.summary.setText(self.summary_text())
        self.tree.setVisible(bool(self.changes))
        self._show_details(self.tree.currentItem())

    def _keep_words_whole(self) -> None:
        """No column narrower than its longest word: a narrow dock scrolls sideways instead."""
        option = QStyleOptionViewItem()
        option.initFrom(self.tree)
        longest = max(
            (
                self.delegate.longest_word(option, self.tree.indexFromItem(item, column))
                for item in self.items()
                for column in (NATION, WHEN)
            ),
            default=0,
        )
        self.tree.header().setMinimumSectionSize(max(longest, 40))

    def summary_text(self) -> str:
        """``N nations changed between D1 and D2``, or why the list is empty."""
        state = self.state
        if state.dataset is None:
            return ""
        if state.compare_day is None or state.day is None:
            return tr(
                "Turn on “Changes since” in the timeline to list the nations whose position "
                "differs between two dates."
            )
        since, day = state.date_text(state.compare_day), state.day_text()
        count = len(self.changes)
        if count == 0:
            return tr("No nation changed position between {since} and {day}.", since=since, day=day)
        return ntr(
            "{n} nation changed between {since} and {day}.",
            "{n} nations changed between {since} and {day}.",
            count,
            since=since,
            day=day,
        )

    def _item(self, dataset: Dataset, change: Change) -> ChangeItem:
        name = self.state.name(change.iso3)
        styled = self.state.styled()
        before, after = styled.label_of(change.before), styled.label_of(change.after)
        entry = change.entry
        when = self.state.date_text(entry.date) if entry else "—"
        sources = (
            [dataset.sources[s] for s in entry.sources if s in dataset.sources] if entry else []
        )
        source = sources[0].display_publisher() if sources else tr("No source")
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
            sentence += ", " + tr(
                "source: {title} ({publisher})",
                title=sources[0].display_title(),
                publisher=sources[0].display_publisher(),
            )
        for column in (NATION, WHEN):
            item.setToolTip(column, plain_tip(sentence))
            item.setData(column, Qt.ItemDataRole.AccessibleTextRole, sentence)
        return item

    def items(self) -> list[QTreeWidgetItem]:
        """The rows, in the order shown."""
        return [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]

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
            hint = tr("Choose a nation to see the sources of its change.") if self.changes else ""
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
                chip(self.state.styled().label_of(category.id), category.color)
                if category
                else chip(self.state.styled().unlisted.label, None)
            )
        name = escape(self.state.name(code))
        html = [f"<p><b>{name}</b>: {chips[0]} → {chips[1]}</p>"]
        entry = change.entry
        if entry is not None:
            html.append(f"<p><b>{escape(self.state.date_text(entry.date))}</b>")
            if entry.note:
                html.append(f": {escape(entry.note)}")
            html.append("</p>")
            links = source_links(dataset, entry.sources, muted, self.state.language)
            if links:
                html.append(
                    "<p><small>" + tr("Sources: {links}", html=True, links=links) + "</small></p>"
                )
        self.details.setHtml("".join(html))
