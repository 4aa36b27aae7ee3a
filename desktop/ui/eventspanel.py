"""Organisations and events: the bodies a dataset lists, and its dated meetings and milestones.

Choosing an event shows its details and highlights its participants on the map.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.model.asof import visible_on
from desktop.ui.nationpanel import open_web_link, source_links
from desktop.ui.state import AtlasState

KIND_ROLE = Qt.ItemDataRole.UserRole
INDEX_ROLE = Qt.ItemDataRole.UserRole + 1


class EventsPanel(QWidget):
    """A tree of organisations and events with a details pane below."""

    def __init__(self, state: AtlasState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Date", "Name"])
        self.tree.setRootIsDecorated(True)
        self.tree.setAccessibleName("Organisations and events")
        self.tree.currentItemChanged.connect(self._chosen)
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self.open_link)
        self.opened: list[str] = []
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setSizes([300, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        for signal in (state.datasetReplaced, state.contentChanged, state.dayChanged):
            signal.connect(self.refresh)
        self.refresh()

    def open_link(self, url) -> None:
        """Open http(s) links in the system browser; refuse every other scheme."""
        if open_web_link(url):
            self.opened.append(url.toString())

    def refresh(self, *_: object) -> None:
        """Rebuild the tree for the dataset and the day viewed (later events greyed)."""
        self.tree.clear()
        dataset = self.state.dataset
        if dataset is None:
            return
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        organisations = QTreeWidgetItem(
            self.tree, ["", f"Organisations ({len(dataset.organisations)})"]
        )
        for i, organisation in enumerate(dataset.organisations):
            item = QTreeWidgetItem(organisations, ["", organisation.name])
            item.setData(0, KIND_ROLE, "organisation")
            item.setData(0, INDEX_ROLE, i)
            item.setToolTip(1, organisation.role or organisation.name)
        events = QTreeWidgetItem(self.tree, ["", f"Events ({len(dataset.events)})"])
        for i, event in sorted(enumerate(dataset.events), key=lambda pair: pair[1].date):
            title = event.title + (f" ({event.place})" if event.place else "")
            item = QTreeWidgetItem(events, [event.date.display(), title])
            item.setData(0, KIND_ROLE, "event")
            item.setData(0, INDEX_ROLE, i)
            item.setToolTip(1, title)
            if not visible_on(event.date, self.state.day):
                for column in (0, 1):
                    item.setForeground(column, muted)
        organisations.setExpanded(True)
        events.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.details.clear()

    def event_items(self) -> list[QTreeWidgetItem]:
        """The events' tree items, in date order."""
        root = self.tree.topLevelItem(1)
        return [root.child(i) for i in range(root.childCount())] if root else []

    def _chosen(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        dataset = self.state.dataset
        if item is None or dataset is None or item.data(0, KIND_ROLE) is None:
            return
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
                    f"<p><small>Sources: {source_links(dataset, organisation.sources, muted)}</small></p>"
                )
            if organisation.statements:
                html.append("<ul>")
                for statement in organisation.statements:
                    when = f"<b>{escape(statement.date.display())}</b>: " if statement.date else ""
                    links = source_links(dataset, statement.sources, muted)
                    html.append(
                        f"<li>{when}{escape(statement.text)}<br/><small>{links}</small></li>"
                    )
                html.append("</ul>")
            self.details.setHtml("".join(html))
            return
        event = dataset.events[index]
        html = [f"<h3>{escape(event.title)}</h3><p><b>{escape(event.date.display())}</b>"]
        if event.place:
            html.append(f", {escape(event.place)}")
        html.append("</p>")
        if event.summary:
            html.append(f"<p>{escape(event.summary)}</p>")
        if event.participants:
            names = ", ".join(escape(self.state.gazetteer.name(c)) for c in event.participants)
            count = f" of {event.participant_count}" if event.participant_count else ""
            html.append(f"<p>Participants ({len(event.participants)}{count} named): {names}</p>")
        if event.note:
            html.append(f'<p style="color:{muted}">{escape(event.note)}</p>')
        if event.sources:
            html.append(
                f"<p><small>Sources: {source_links(dataset, event.sources, muted)}</small></p>"
            )
        self.details.setHtml("".join(html))
        self.state.highlight(frozenset(event.participants), f"event:{index}")
