"""Organisations and events: the bodies a dataset lists, and its dated meetings and milestones.

Choosing an event shows its details, moves the day viewed to the event's date (the first
day of a partial date) and highlights its participants on the map.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.model.asof import visible_on
from desktop.ui.richtext import SourceBrowser, plain_tip, source_links
from desktop.ui.state import AtlasState
from desktop.ui.translation import N_, Texts, ntr, tr

KIND_ROLE = Qt.ItemDataRole.UserRole
INDEX_ROLE = Qt.ItemDataRole.UserRole + 1


class EventsPanel(QWidget):
    """A tree of organisations and events with a details pane below.

    A right-click asks for an edit menu through ``contextRequested``: the kind
    (``event``, ``organisation``, or the group's name when on a heading), the item's
    index (-1 on a heading) and where.
    """

    contextRequested = Signal(str, int, QPoint)

    def __init__(self, state: AtlasState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.tree = QTreeWidget(self)
        self.texts = Texts()
        self.texts.run(lambda: self.tree.setHeaderLabels([tr("Date"), tr("Name")]))
        self.tree.setRootIsDecorated(True)
        self.texts.bind(self.tree.setAccessibleName, N_("Organisations and events"))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context)
        self.tree.currentItemChanged.connect(self._chosen)
        # Clicking the event already current (after moving the slider away) goes back to it.
        self.tree.itemClicked.connect(lambda item, _column: self._chosen(item))
        self.details = SourceBrowser(self)
        self.texts.bind(self.details.setAccessibleName, N_("Event details"))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setSizes([300, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        state.datasetReplaced.connect(lambda: self.refresh(keep=False))
        state.contentChanged.connect(self.refresh)
        state.languageChanged.connect(self.texts.retranslate)
        state.languageChanged.connect(self.refresh)
        # A new day only moves events between the two groups; rebuilding would lose the row
        # being read.
        state.dayChanged.connect(self._place_events)
        self.refresh()

    def refresh(self, *_: object, keep: bool = True) -> None:
        """Rebuild the tree for the dataset and the day viewed (later events set apart).

        With ``keep`` (after an edit) the row chosen stays chosen, by kind and index, when it
        still exists; another file starts with nothing chosen.
        """
        current = self.tree.currentItem() if keep else None
        kept = (current.data(0, KIND_ROLE), current.data(0, INDEX_ROLE)) if current else None
        self.tree.blockSignals(True)
        try:
            self._rebuild()
            chosen = next(
                (
                    item
                    for item in self._items()
                    if (item.data(0, KIND_ROLE), item.data(0, INDEX_ROLE)) == kept
                ),
                None,
            )
            if chosen is not None:
                self.tree.setCurrentItem(chosen)
        finally:
            self.tree.blockSignals(False)
        self.details.clear()
        if self.tree.currentItem() is not None:
            self._show(self.tree.currentItem())

    def _items(self) -> list[QTreeWidgetItem]:
        found = []
        for i in range(self.tree.topLevelItemCount()):
            root = self.tree.topLevelItem(i)
            found.extend(root.child(j) for j in range(root.childCount()))
        return found

    def _place_events(self) -> None:
        """Events up to the day viewed in the Events group; later ones apart, collapsed.

        Events dated after the day are not part of what the map shows for it, yet stay one
        click away: choosing one moves the day to it.
        """
        dataset = self.state.dataset
        if dataset is None or self.tree.topLevelItemCount() < 3:
            return
        held, later = self.tree.topLevelItem(1), self.tree.topLevelItem(2)
        current = self.tree.currentItem()
        self.tree.blockSignals(True)
        try:
            items = [root.takeChild(0) for root in (held, later) for _ in range(root.childCount())]
            items.sort(key=lambda item: dataset.events[item.data(0, INDEX_ROLE)].date)
            for item in items:
                event = dataset.events[item.data(0, INDEX_ROLE)]
                (held if visible_on(event.date, self.state.day) else later).addChild(item)
            if current is not None and current.data(0, KIND_ROLE) == "event":
                self.tree.setCurrentItem(current)
        finally:
            self.tree.blockSignals(False)
        day = self.state.day_text()
        held.setText(1, tr("Events to {day} ({n})", day=day, n=held.childCount()))
        later.setText(1, tr("Later events ({n})", n=later.childCount()))
        later.setHidden(later.childCount() == 0)
        held.setExpanded(True)

    def _rebuild(self) -> None:
        self.tree.clear()
        dataset = self.state.dataset
        if dataset is None:
            return
        organisations = QTreeWidgetItem(
            self.tree, ["", tr("Organisations ({n})", n=len(dataset.organisations))]
        )
        for i, organisation in enumerate(dataset.organisations):
            item = QTreeWidgetItem(organisations, ["", organisation.name])
            item.setData(0, KIND_ROLE, "organisation")
            item.setData(0, INDEX_ROLE, i)
            item.setToolTip(1, plain_tip(organisation.role or organisation.name))
        events = QTreeWidgetItem(self.tree, ["", tr("Events")])
        later = QTreeWidgetItem(self.tree, ["", tr("Later events")])
        later.setExpanded(False)
        for i, event in sorted(enumerate(dataset.events), key=lambda pair: pair[1].date):
            title = event.title + (f" ({event.place})" if event.place else "")
            item = QTreeWidgetItem(events, [self.state.date_text(event.date), title])
            item.setData(0, KIND_ROLE, "event")
            item.setData(0, INDEX_ROLE, i)
            item.setToolTip(1, plain_tip(title))
        organisations.setExpanded(True)
        events.setExpanded(True)
        self._place_events()
        self.tree.resizeColumnToContents(0)

    def _context(self, point: QPoint) -> None:
        item = self.tree.itemAt(point)
        if item is None:
            return
        kind = item.data(0, KIND_ROLE)
        if kind is None:
            # A group heading: offer to add to that group.
            group = "organisation" if self.tree.indexOfTopLevelItem(item) == 0 else "event"
            self.contextRequested.emit(group, -1, self.tree.viewport().mapToGlobal(point))
            return
        self.contextRequested.emit(
            kind, item.data(0, INDEX_ROLE), self.tree.viewport().mapToGlobal(point)
        )

    def _chosen(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        """A row was chosen: show it; an event also moves the day and highlights its members."""
        if item is None or self.state.dataset is None or item.data(0, KIND_ROLE) is None:
            return
        self._show(item)
        if item.data(0, KIND_ROLE) == "event":
            index = item.data(0, INDEX_ROLE)
            event = self.state.dataset.events[index]
            self.state.highlight(frozenset(event.participants), f"event:{index}")
            # At the event's own precision: an event of May 2025 shows "May 2025".
            self.state.set_day(event.date)

    def _show(self, item: QTreeWidgetItem) -> None:
        dataset = self.state.dataset
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        index = item.data(0, INDEX_ROLE)
        if item.data(0, KIND_ROLE) == "organisation":
            organisation = dataset.organisations[index]
            html = [f"<h3>{escape(organisation.name)}</h3>"]
            if organisation.role:
                html.append(f"<p><b>{escape(organisation.role)}</b></p>")
            if organisation.summary:
                html.append(f"<p>{escape(organisation.summary)}</p>")
            if organisation.sources:
                html.append(
                    "<p><small>"
                    + tr(
                        "Sources: {links}",
                        html=True,
                        links=source_links(
                            dataset, organisation.sources, muted, self.state.language
                        ),
                    )
                    + "</small></p>"
                )
            if organisation.statements:
                html.append("<ul>")
                for statement in organisation.statements:
                    when = (
                        f"<b>{escape(self.state.date_text(statement.date))}</b>: "
                        if statement.date
                        else ""
                    )
                    links = source_links(dataset, statement.sources, muted, self.state.language)
                    html.append(
                        f"<li>{when}{escape(statement.text)}<br/><small>{links}</small></li>"
                    )
                html.append("</ul>")
            self.details.setHtml("".join(html))
            return
        event = dataset.events[index]
        html = [
            f"<h3>{escape(event.title)}</h3><p><b>{escape(self.state.date_text(event.date))}</b>"
        ]
        if event.place:
            html.append(f", {escape(event.place)}")
        html.append("</p>")
        if event.summary:
            html.append(f"<p>{escape(event.summary)}</p>")
        if event.participants:
            names = ", ".join(escape(self.state.name(c)) for c in event.participants)
            if event.participant_count:
                heading = ntr(
                    "Participants ({n} of {total} named): {names}",
                    "Participants ({n} of {total} named): {names}",
                    len(event.participants),
                    html=True,
                    total=event.participant_count,
                    names=names,
                )
            else:
                heading = ntr(
                    "Participants ({n} named): {names}",
                    "Participants ({n} named): {names}",
                    len(event.participants),
                    html=True,
                    names=names,
                )
            html.append(f"<p>{heading}</p>")
        if event.note:
            html.append(f'<p style="color:{muted}">{escape(event.note)}</p>')
        if event.sources:
            html.append(
                "<p><small>"
                + tr(
                    "Sources: {links}",
                    html=True,
                    links=source_links(dataset, event.sources, muted, self.state.language),
                )
                + "</small></p>"
            )
        self.details.setHtml("".join(html))
