"""Undoable edits of a dataset, as plain objects (glue's Command pattern; no Qt here).

Every edit is an ``Edit``: it swaps whole parts of the dataset (its nations, its sources,
its categories, its title...) for edited copies, and undo swaps the originals back. That
makes undo and redo exact by construction, whatever the edit did inside those parts,
and lets each edit be named for the Edit menu. The functions below build the edits the
window offers; the window wraps each in a QUndoCommand.

An edit's name, and the reason an edit is refused, is a ``Label``
(``desktop.model.message``): English text that keeps its message id and fields, so the
window says it in its own language (the model itself translates nothing).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop.model.asof import category_on
from desktop.model.dataset import (
    CONTRIBUTION_KIND_LABELS,
    Category,
    Contribution,
    Dataset,
    Event,
    HistoryEntry,
    Nation,
    Organisation,
    Source,
    Unlisted,
)
from desktop.model.dates import PartialDate
from desktop.model.ids import ID_RULE, is_valid_id, source_id_for
from desktop.model.message import N_, CountryName, Label, Listing, Nn_

PARTS = (
    "title",
    "subtitle",
    "as_of",
    "notes",
    "categories",
    "sources",
    "nations",
    "organisations",
    "events",
    "unlisted",
)


_FIELD_EDITS = {
    "role": N_("Edit role of {name}"),
    "summary": N_("Edit summary of {name}"),
    "confidence": N_("Edit confidence of {name}"),
    "sources": N_("Edit sources of {name}"),
    "category": N_("Edit category of {name}"),
}
"""The name of an edit of one field of a nation; several fields are "details"."""


class EditRefused(ValueError):
    """An edit that would leave the dataset inconsistent; the message (``args[0]``, a
    ``Label``) says why."""


@dataclass
class Edit:
    """Replace some parts of a dataset with new values; undo puts the old ones back."""

    label: str
    """What the edit is called (a ``Label`` for the window to translate, or plain text)."""
    after: dict[str, Any]
    before: dict[str, Any] = field(default_factory=dict)

    def redo(self, dataset: Dataset) -> None:
        """Apply the edit (also its first application)."""
        for part, value in self.after.items():
            if part not in self.before:
                # A copy: nothing that happens to the dataset later can reach the undo state.
                self.before[part] = copy.deepcopy(getattr(dataset, part))
            setattr(dataset, part, copy.deepcopy(value))
        dataset.changed.emit(tuple(self.after))

    def undo(self, dataset: Dataset) -> None:
        """Put back what the edit replaced."""
        for part, value in self.before.items():
            setattr(dataset, part, copy.deepcopy(value))
        dataset.changed.emit(tuple(self.before))


def edit(dataset: Dataset, label: str, change: Callable[[Dataset], None], *parts: str) -> Edit:
    """An Edit made by running ``change`` on a scratch copy of ``parts`` of the dataset.

    ``change`` may raise EditRefused; the dataset itself is never touched here.
    """
    for part in parts:
        if part not in PARTS:
            raise ValueError(f"unknown part {part!r}")
    scratch = Dataset(title=dataset.title, as_of=dataset.as_of)
    for part in PARTS:
        setattr(
            scratch,
            part,
            copy.deepcopy(getattr(dataset, part)) if part in parts else getattr(dataset, part),
        )
    change(scratch)
    return Edit(label, {part: getattr(scratch, part) for part in parts})


# -- nations ------------------------------------------------------------------------------------
def _nation(data: Dataset, code: str) -> Nation:
    nation = data.nation(code)
    if nation is None:
        raise EditRefused(Label(N_("{code} is not listed in this dataset"), code=code))
    return nation


def set_category(
    dataset: Dataset, code: str, category: str, name: str, label: str | None = None
) -> Edit:
    """Put a nation in a category; an unlisted country is added to the dataset.

    A nation with dated history keeps its past: the change becomes a history entry on
    the dataset's as-of date (replacing an entry of that very date), so earlier dates
    still show what they showed. ``name`` and ``label`` (default: the category's own)
    are how the edit's name calls the country and the category.
    """
    if dataset.category(category) is None:
        raise EditRefused(Label(N_("category {id} is not defined"), id=repr(category)))
    label = label or dataset.category(category).label

    def change(data: Dataset) -> None:
        nation = data.nation(code)
        if nation is None:
            data.nations.append(Nation(code, category))
            return
        if nation.history:
            same_day = [e for e in nation.history if e.date == data.as_of]
            if same_day:
                same_day[-1].category = category
            else:
                nation.history.append(HistoryEntry(data.as_of, category))
        nation.category = category

    message = (
        N_("Add {name} as {category}")
        if dataset.nation(code) is None
        else N_("Set {name} as {category}")
    )
    return edit(
        dataset, Label(message, name=CountryName(name, code), category=label), change, "nations"
    )


def remove_nation(dataset: Dataset, code: str, name: str) -> Edit:
    """Take a nation out of the dataset (its sources stay defined)."""
    _nation(dataset, code)
    return edit(
        dataset,
        Label(N_("Remove {name}"), name=CountryName(name, code)),
        lambda data: data.nations.remove(_nation(data, code)),
        "nations",
    )


def update_nation(dataset: Dataset, code: str, name: str, **fields: Any) -> Edit:
    """Change a nation's role, summary, confidence, sources or category."""
    allowed = {"role", "summary", "confidence", "sources", "category"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"cannot edit {', '.join(sorted(unknown))}")

    def change(data: Dataset) -> None:
        nation = _nation(data, code)
        for key, value in fields.items():
            if key in ("role", "summary") and isinstance(value, str):
                value = value.strip() or None
            setattr(nation, key, copy.deepcopy(value))
        if (
            "category" in fields
            and nation.history
            and category_on(nation, data.as_of) != nation.category
        ):
            raise EditRefused(
                Label(
                    N_("{name} has a dated history: record the change as a history entry instead"),
                    name=CountryName(name, code),
                )
            )

    message = _FIELD_EDITS[next(iter(fields))] if len(fields) == 1 else N_("Edit details of {name}")
    return edit(dataset, Label(message, name=CountryName(name, code)), change, "nations")


# -- contributions and history ------------------------------------------------------------------
def _check_contribution(contribution: Contribution) -> None:
    if not contribution.text.strip():
        raise EditRefused(
            Label(N_("say what the nation offered: the contribution's text is empty"))
        )


def add_contribution(dataset: Dataset, code: str, name: str, contribution: Contribution) -> Edit:
    """Append a contribution to a nation."""
    _check_contribution(contribution)
    return edit(
        dataset,
        Label(
            N_("Add contribution to {name}: {kind}"),
            name=CountryName(name, code),
            kind=Label(CONTRIBUTION_KIND_LABELS.get(contribution.kind, contribution.kind)),
        ),
        lambda data: _nation(data, code).contributions.append(copy.deepcopy(contribution)),
        "nations",
    )


def replace_contribution(
    dataset: Dataset, code: str, name: str, index: int, contribution: Contribution
) -> Edit:
    """Replace the contribution at ``index``."""
    _check_contribution(contribution)

    def change(data: Dataset) -> None:
        items = _nation(data, code).contributions
        _check_index(items, index)
        items[index] = copy.deepcopy(contribution)

    return edit(
        dataset,
        Label(N_("Edit contribution of {name}"), name=CountryName(name, code)),
        change,
        "nations",
    )


def remove_contribution(dataset: Dataset, code: str, name: str, index: int) -> Edit:
    """Remove the contribution at ``index``."""

    def change(data: Dataset) -> None:
        items = _nation(data, code).contributions
        _check_index(items, index)
        del items[index]

    return edit(
        dataset,
        Label(N_("Remove contribution of {name}"), name=CountryName(name, code)),
        change,
        "nations",
    )


def move_contribution(dataset: Dataset, code: str, name: str, index: int, step: int) -> Edit:
    """Move the contribution at ``index`` up (-1) or down (+1)."""

    def change(data: Dataset) -> None:
        items = _nation(data, code).contributions
        _check_index(items, index)
        target = index + step
        if not 0 <= target < len(items):
            raise EditRefused(Label(N_("it is already at the end")))
        items[index], items[target] = items[target], items[index]

    return edit(
        dataset,
        Label(N_("Move contribution of {name}"), name=CountryName(name, code)),
        change,
        "nations",
    )


def add_history(dataset: Dataset, code: str, name: str, entry: HistoryEntry) -> Edit:
    """Record a dated change of category; the top-level category follows the as-of date."""

    def change(data: Dataset) -> None:
        nation = _nation(data, code)
        nation.history.append(copy.deepcopy(entry))
        nation.history.sort(key=lambda e: e.date.start)
        _follow_history(data, nation, name)

    label = Label(
        N_("Record {name}'s change on {day}"), name=CountryName(name, code), day=entry.date
    )
    return edit(dataset, label, change, "nations")


def replace_history(
    dataset: Dataset, code: str, name: str, index: int, entry: HistoryEntry
) -> Edit:
    """Replace a history entry (order is kept by date)."""

    def change(data: Dataset) -> None:
        nation = _nation(data, code)
        _check_index(nation.history, index)
        nation.history[index] = copy.deepcopy(entry)
        nation.history.sort(key=lambda e: e.date.start)
        _follow_history(data, nation, name)

    return edit(
        dataset,
        Label(N_("Edit history of {name}"), name=CountryName(name, code)),
        change,
        "nations",
    )


def remove_history(dataset: Dataset, code: str, name: str, index: int) -> Edit:
    """Remove a history entry."""

    def change(data: Dataset) -> None:
        nation = _nation(data, code)
        _check_index(nation.history, index)
        del nation.history[index]
        _follow_history(data, nation, name)

    label = Label(N_("Remove history entry of {name}"), name=CountryName(name, code))
    return edit(dataset, label, change, "nations")


def _follow_history(data: Dataset, nation: Nation, name: str) -> None:
    if not nation.history:
        return
    at = category_on(nation, data.as_of)
    if at is None:
        raise EditRefused(
            Label(
                N_(
                    "{name} would have no stated position on the dataset's date ({day}): "
                    "add an entry on or before it"
                ),
                name=CountryName(name, nation.iso3),
                day=data.as_of,
            )
        )
    nation.category = at


def _check_index(items: list, index: int) -> None:
    if not 0 <= index < len(items):
        raise EditRefused(Label(N_("that item no longer exists")))


# -- sources ------------------------------------------------------------------------------------
def source_users(dataset: Dataset, source_id: str) -> list[str]:
    """Where a source is cited, in words (``FRA``, ``FRA: Troops``, ``FRA: history 2025``,
    ``event 2025-03-02 Summit``); each a ``Label`` (or a code) a window translates."""
    users: list[str] = []
    for nation in dataset.nations:
        if source_id in nation.sources:
            users.append(nation.iso3)
        users += [
            Label(
                N_("{code}: {kind}"),
                code=nation.iso3,
                kind=Label(CONTRIBUTION_KIND_LABELS.get(c.kind, c.kind)),
            )
            for c in nation.contributions
            if source_id in c.sources
        ]
        users += [
            Label(N_("{code}: history {day}"), code=nation.iso3, day=h.date)
            for h in nation.history
            if source_id in h.sources
        ]
    for organisation in dataset.organisations:
        if source_id in organisation.sources or any(
            source_id in s.sources for s in organisation.statements
        ):
            users.append(organisation.name)
    users += [
        Label(N_("event {day} {title}"), day=e.date, title=e.title)
        for e in dataset.events
        if source_id in e.sources
    ]
    return users


def put_source(dataset: Dataset, source: Source) -> Edit:
    """Add a source, or change the one with the same id."""
    if not is_valid_id(source.id):
        raise EditRefused(
            Label(N_("{id} cannot be a source id: {rule}"), id=repr(source.id), rule=ID_RULE)
        )
    message = (
        N_("Edit source {title}") if source.id in dataset.sources else N_("Add source {title}")
    )

    def change(data: Dataset) -> None:
        data.sources[source.id] = copy.deepcopy(source)

    return edit(dataset, Label(message, title=source.display_title()), change, "sources")


def remove_source(dataset: Dataset, source_id: str) -> Edit:
    """Remove a source no claim cites (a cited one would leave dangling references)."""
    users = source_users(dataset, source_id)
    if users:
        shown = Listing(users[:5]) if len(users) <= 5 else Listing([Listing(users[:5]), "…"], "")
        raise EditRefused(
            Label(N_("source {id} is still cited by {users}"), id=repr(source_id), users=shown)
        )
    return edit(
        dataset,
        Label(N_("Remove source {source}"), source=source_id),
        lambda data: data.sources.pop(source_id),
        "sources",
    )


def new_source_id(dataset: Dataset, url: str) -> str:
    """A free, readable id for a new source, from its URL's host (``gov.uk-1``)."""
    return source_id_for(url, dataset.sources)


# -- categories ---------------------------------------------------------------------------------
def set_categories(
    dataset: Dataset,
    categories: list[Category],
    reassign: dict[str, str] | None = None,
    unlisted: Unlisted | None = None,
) -> Edit:
    """New categories (labels, colours, order, added ones); removed ones' members move to
    ``reassign[old_id]`` everywhere (top-level category and history). ``unlisted``, when
    given, also renames, recolours or hides the class of unlisted countries."""
    reassign = dict(reassign or {})
    if unlisted is not None and not (unlisted.label or "").strip():
        raise EditRefused(Label(N_("the class of unlisted countries needs a label")))
    ids = [c.id for c in categories]
    if not ids:
        raise EditRefused(Label(N_("a dataset needs at least one category")))
    for category_id in ids:
        if not is_valid_id(category_id):
            raise EditRefused(
                Label(
                    N_("{id} cannot be a category id: {rule}"), id=repr(category_id), rule=ID_RULE
                )
            )
    if len(set(ids)) != len(ids):
        raise EditRefused(Label(N_("two categories have the same id")))
    removed = [c.id for c in dataset.categories if c.id not in ids]
    for old in removed:
        target = reassign.get(old)
        if target not in ids:
            users = [
                n.iso3
                for n in dataset.nations
                if n.category == old or any(h.category == old for h in n.history)
            ]
            if users:
                raise EditRefused(
                    Label(
                        N_("say which category the members of {id} move to ({codes})"),
                        id=repr(old),
                        codes=", ".join(users[:5]),
                    )
                )

    def change(data: Dataset) -> None:
        data.categories = copy.deepcopy(categories)
        for nation in data.nations:
            nation.category = reassign.get(nation.category, nation.category)
            for entry in nation.history:
                entry.category = reassign.get(entry.category, entry.category)
        if unlisted is not None:
            data.unlisted = copy.deepcopy(unlisted)

    parts = ("categories", "nations") + (("unlisted",) if unlisted is not None else ())
    return edit(dataset, Label(N_("Edit categories")), change, *parts)


# -- the dataset itself ------------------------------------------------------------------------
def set_properties(
    dataset: Dataset, title: str, subtitle: str | None, as_of: PartialDate, notes: str | None
) -> Edit:
    """Title, subtitle, as-of date and notes. Moving the as-of date re-reads every nation
    with history at the new date, so the file stays consistent."""
    if not title.strip():
        raise EditRefused(Label(N_("the title cannot be empty")))

    def change(data: Dataset) -> None:
        data.title, data.subtitle, data.as_of, data.notes = (
            title.strip(),
            (subtitle or "").strip() or None,
            as_of,
            (notes or "").strip() or None,
        )
        for nation in data.nations:
            if nation.history:
                at = category_on(nation, as_of)
                if at is None:
                    raise EditRefused(
                        Label(
                            N_("{code} has no stated position on {day}: its history starts later"),
                            code=nation.iso3,
                            day=as_of,
                        )
                    )
                nation.category = at

    return edit(
        dataset,
        Label(N_("Edit dataset properties")),
        change,
        "title",
        "subtitle",
        "as_of",
        "notes",
        "nations",
    )


# -- organisations and events ------------------------------------------------------------------
def put_event(dataset: Dataset, index: int | None, event: Event) -> Edit:
    """Add an event (``index`` None) or replace the one at ``index``."""

    def change(data: Dataset) -> None:
        if index is None:
            data.events.append(copy.deepcopy(event))
        else:
            _check_index(data.events, index)
            data.events[index] = copy.deepcopy(event)

    message = N_("Add event {title}") if index is None else N_("Edit event {title}")
    return edit(dataset, Label(message, title=event.title), change, "events")


def remove_event(dataset: Dataset, index: int) -> Edit:
    """Remove the event at ``index``."""
    _check_index(dataset.events, index)
    title = dataset.events[index].title
    return edit(
        dataset,
        Label(N_("Remove event {title}"), title=title),
        lambda data: data.events.pop(index),
        "events",
    )


def put_organisation(dataset: Dataset, index: int | None, organisation: Organisation) -> Edit:
    """Add an organisation (``index`` None) or replace the one at ``index``."""

    def change(data: Dataset) -> None:
        if index is None:
            data.organisations.append(copy.deepcopy(organisation))
        else:
            _check_index(data.organisations, index)
            data.organisations[index] = copy.deepcopy(organisation)

    message = N_("Add organisation {name}") if index is None else N_("Edit organisation {name}")
    return edit(dataset, Label(message, name=organisation.name), change, "organisations")


def remove_organisation(dataset: Dataset, index: int) -> Edit:
    """Remove the organisation at ``index``."""
    _check_index(dataset.organisations, index)
    name = dataset.organisations[index].name
    return edit(
        dataset,
        Label(N_("Remove organisation {name}"), name=name),
        lambda data: data.organisations.pop(index),
        "organisations",
    )


def replace_content(dataset: Dataset, new: Dataset, label: str) -> Edit:
    """Swap in another dataset's content in one step (a merged spreadsheet import);
    ``label`` names the edit (a ``Label`` the window translates, or plain text)."""
    return Edit(label, {part: copy.deepcopy(getattr(new, part)) for part in PARTS})


def put_sources(dataset: Dataset, sources: list[Source]) -> Edit:
    """Add or change several sources at once."""

    def change(data: Dataset) -> None:
        for source in sources:
            data.sources[source.id] = copy.deepcopy(source)

    label = Label(*Nn_("Add {n} source", "Add {n} sources"), n=len(sources))
    return edit(dataset, label, change, "sources")


def merged(label: str, *edits: Edit) -> Edit:
    """One edit out of several that touch different parts (a contribution and the new
    source it cites), so one undo takes back both."""
    after: dict[str, Any] = {}
    for item in edits:
        clash = set(after) & set(item.after)
        if clash:
            raise ValueError(f"edits overlap on {', '.join(sorted(clash))}")
        after.update(item.after)
    return Edit(label, after)
