"""The Nation panel: one country's stated position, contributions, sources and history.

Every claim is shown with its date and sources; a source link opens in the system browser,
and only http(s) links are ever opened.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.model.asof import category_on, contributions_on, visible_on
from desktop.model.dataset import (
    CONTRIBUTION_KIND_LABELS,
    CONTRIBUTION_KINDS,
    Dataset,
    Nation,
)
from desktop.ui.richtext import SourceBrowser, chip, open_web_link, source_links
from desktop.ui.state import AtlasState
from desktop.ui.translation import N_, ntr, tr

__all__ = ["NationPanel", "chip", "open_web_link", "source_links"]


def _edit_links(pairs: list[tuple[str, str]], muted: str) -> str:
    """Small edit links (``atlas:`` URLs the panel handles itself); texts are English
    messages, shown translated."""
    links = " · ".join(f'<a href="atlas:{href}">{tr(text, html=True)}</a>' for text, href in pairs)
    return f'<span style="color:{muted}"><small>{links}</small></span>'


class NationPanel(QWidget):
    """Shows the selected country; empty-state help when nothing is selected.

    With ``editable`` set it also offers edit links, reported through ``action`` as a
    name and an index (``edit-contribution``, 3); the window turns them into edits.
    """

    action = Signal(str, int)

    def __init__(self, state: AtlasState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.editable = False
        self.browser = SourceBrowser(self)
        self.browser.internal.connect(self._internal)
        self.browser.setAccessibleName(tr("Nation details"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        for signal in (
            state.selectionChanged,
            state.datasetReplaced,
            state.contentChanged,
            state.dayChanged,
            state.languageChanged,
        ):
            signal.connect(self.refresh)
        state.languageChanged.connect(lambda: self.browser.setAccessibleName(tr("Nation details")))
        self.refresh()

    def _internal(self, url: QUrl) -> None:
        name, _, index = url.path().partition("/")
        self.action.emit(name, int(index) if index.isdigit() else -1)

    def refresh(self, *_: object) -> None:
        """Redraw for the current selection, dataset and day."""
        self.browser.setHtml(self.html())

    def html(self) -> str:
        """The panel's content as HTML (every dataset text escaped)."""
        state, dataset, code = self.state, self.state.dataset, self.state.selected
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        if dataset is None:
            return ""
        if code is None:
            return (
                f'<p style="color:{muted}">'
                + tr(
                    "Click a country on the map, or pick one in the Nations table, to see its "
                    "stated position, contributions and sources.",
                    html=True,
                )
                + "</p>"
            )
        name = escape(state.name(code))
        # Category labels as the legend shows them: the dataset's own, or its translation.
        label_of = state.styled().label_of
        nation = dataset.nation(code)
        if nation is None:
            add = ""
            if self.editable:
                choices = " ".join(
                    f'<a href="atlas:add-as/{i}">{chip(label_of(c.id), c.color)}</a>'
                    for i, c in enumerate(dataset.categories)
                )
                add = "<p>" + tr("Add to the dataset as: {choices}", html=True, choices=choices)
                add += "</p>"
            return f"<h2>{name}</h2>{self._unlisted_html(code, name, muted)}{add}"
        return self._nation_html(dataset, nation, name, state.day, muted)

    def _unlisted_html(self, code: str, name: str, muted: str) -> str:
        """The position an unlisted unit shows, and why: its state's, or none."""
        styled = self.state.styled()
        unit = styled.unit(code)
        unlisted = styled.unlisted
        if unit is not None and unit.via is not None:
            state = escape(styled.name_of(unit.via))
            category = unit.category
            shown = (
                chip(styled.label_of(category), unit.fill)
                if category is not None
                else chip(unlisted.label, unlisted.color)
            )
            return (
                f"<p>{shown}</p><p><b>"
                + tr("Part of {state}", html=True, state=state)
                + f'</b></p><p style="color:{muted}">'
                + tr(
                    "{name} is not listed in this dataset: it is shown with the position of "
                    "{state}, the state it belongs to.",
                    html=True,
                    name=name,
                    state=state,
                )
                + "</p>"
            )
        relation = styled.relation(code)
        why = f'<p style="color:{muted}">{escape(relation)}</p>' if relation else ""
        return (
            f"<p>{chip(unlisted.label, None)}</p>{why}"
            f'<p style="color:{muted}">'
            + tr("{name} is not listed in this dataset.", html=True, name=name)
            + "</p>"
        )

    def _nation_html(
        self, dataset: Dataset, nation: Nation, name: str, day: dt.date, muted: str
    ) -> str:
        category_id = category_on(nation, day)
        label_of = self.state.styled().label_of
        category = dataset.category(category_id)
        out = [f"<h2>{name}</h2>"]
        if day != dataset.as_of.start:
            # Category and contributions follow the day; the texts are the dataset's own.
            out.append(
                f'<p style="color:{muted}"><small>'
                + tr(
                    "Viewing {day}: category, contributions and history as of that day; role "
                    "and stated position as of the dataset's date, {as_of}.",
                    html=True,
                    day=escape(self.state.day_text()),
                    as_of=escape(self.state.date_text(dataset.as_of)),
                )
                + "</small></p>"
            )
        if self.editable:
            out.append(
                "<p>"
                + _edit_links(
                    [
                        (N_("Edit details"), "edit-nation"),
                        (N_("Add contribution"), "add-contribution"),
                        (N_("Record dated change"), "add-history"),
                        (N_("Remove from dataset"), "remove-nation"),
                    ],
                    muted,
                )
                + "</p>"
            )
        out.append(
            f"<p>{chip(label_of(category.id), category.color) if category else chip(self.state.styled().unlisted.label, None)}"
        )
        if nation.role and category:
            out.append(f" &nbsp;<b>{escape(nation.role)}</b>")
        out.append("</p>")
        relation = self.state.styled().relation(nation.iso3)
        if relation:
            out.append(f'<p style="color:{muted}">{escape(relation)}</p>')
        if self.editable:
            others = [
                f'<a href="atlas:set-category/{i}">{chip(label_of(c.id), c.color)}</a>'
                for i, c in enumerate(dataset.categories)
                if c.id != nation.category
            ]
            if others:
                set_category = tr("Set category:", html=True)
                out.append(
                    f'<p><small style="color:{muted}">{set_category}</small> {" ".join(others)}</p>'
                )
        if nation.confidence:
            confidence = tr("Confidence: {level}", html=True, level=escape(tr(nation.confidence)))
            out.append(f'<p style="color:{muted}">{confidence}</p>')
        if nation.summary:
            out.append(f"<p>{escape(nation.summary)}</p>")
        if nation.sources:
            links = source_links(dataset, nation.sources, muted, self.state.language)
            out.append(
                "<p><small>" + tr("Sources: {links}", html=True, links=links) + "</small></p>"
            )

        shown = contributions_on(nation, day)
        hidden = len(nation.contributions) - len(shown)
        if shown:
            out.append("<h3>" + tr("Contributions", html=True) + "</h3>")
            for kind in CONTRIBUTION_KINDS:
                # Indices into the nation's own list: the edit links address items by them.
                items = [
                    (i, c)
                    for i, c in enumerate(nation.contributions)
                    if c.kind == kind and c in shown
                ]
                if not items:
                    continue
                kind_label = escape(tr(CONTRIBUTION_KIND_LABELS[kind]))
                out.append(f"<h4>{kind_label} ({len(items)})</h4><ul>")
                for index, c in items:
                    date = f"<b>{escape(self.state.date_text(c.date))}</b>: " if c.date else ""
                    extra = []
                    if c.confidence:
                        extra.append(
                            tr("confidence {level}", html=True, level=escape(tr(c.confidence)))
                        )
                    note = (
                        f'<br/><span style="color:{muted}">{escape(c.note)}</span>'
                        if c.note
                        else ""
                    )
                    tail = (
                        f' <span style="color:{muted}">({", ".join(extra)})</span>' if extra else ""
                    )
                    links = source_links(dataset, c.sources, muted, self.state.language)
                    edit = ""
                    if self.editable:
                        edit = "<br/>" + _edit_links(
                            [
                                (N_("edit"), f"edit-contribution/{index}"),
                                (N_("up"), f"up-contribution/{index}"),
                                (N_("down"), f"down-contribution/{index}"),
                                (N_("remove"), f"remove-contribution/{index}"),
                            ],
                            muted,
                        )
                    out.append(
                        f"<li>{date}{escape(c.text)}{tail}{note}<br/><small>{links}</small>{edit}</li>"
                    )
                out.append("</ul>")
        elif not hidden:
            none = tr("No contributions stated.", html=True)
            out.append(f'<p style="color:{muted}">{none}</p>')
        if hidden:
            not_shown = ntr(
                "{n} contribution dated after {day} not shown.",
                "{n} contributions dated after {day} not shown.",
                hidden,
                html=True,
                day=escape(self.state.date_text(day)),
            )
            out.append(f'<p style="color:{muted}">{not_shown}</p>')

        if nation.history:
            # One paragraph per entry, not a table: a table squeezed into a narrow dock
            # breaks its dates and chips in the middle of words.
            out.append("<h3>" + tr("History", html=True) + "</h3>")
            ordered = sorted(enumerate(nation.history), key=lambda pair: pair[1].date.start)
            for index, entry in ordered:
                later = not visible_on(entry.date, day)
                cat = dataset.category(entry.category)
                label = chip(label_of(cat.id), cat.color) if cat else escape(entry.category)
                style = f"color:{muted}; " if later else ""
                note = f"<br/>{escape(entry.note)}" if entry.note else ""
                links = source_links(dataset, entry.sources, muted, self.state.language)
                when = f"<b>{escape(self.state.date_text(entry.date))}</b>"
                if later:
                    when = tr("{day} (later)", html=True, day=when)
                edit = ""
                if self.editable:
                    edit = " " + _edit_links(
                        [
                            (N_("edit"), f"edit-history/{index}"),
                            (N_("remove"), f"remove-history/{index}"),
                        ],
                        muted,
                    )
                out.append(
                    f'<p style="{style}margin-top:2px; margin-bottom:6px">'
                    f"<nobr>{when}</nobr> {label}{note}<br/><small>{links}</small>{edit}</p>"
                )
        return "".join(out)
