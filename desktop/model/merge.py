"""Merging imported nations into an open dataset: the model side of a spreadsheet import.

An import reads a sheet into a dataset of its own (``desktop.io.sheet``); this module adds
that dataset's nations, sources and categories to the one the user has open, without
touching it, so the window can swap the result in as one undoable step. The colour and
sameness rules here (palette colours, one contribution per claim, labels compared without
case) are also the ones the sheet reader uses when it builds its dataset, so both agree on
what is "the same"; ids come from ``desktop.model.ids`` for both.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable

from desktop.model.asof import category_on
from desktop.model.dataset import (
    DEFAULT_CATEGORIES,
    EXTRA_PALETTE,
    Category,
    Contribution,
    Dataset,
    HistoryEntry,
    Nation,
    Source,
)
from desktop.model.ids import free_id


def merge_into(base: Dataset, imported: Dataset) -> Dataset:
    """A new Dataset: ``base`` with the imported nations added or updated.

    A listed nation gets the imported category, and the role, summary and confidence the
    import gives; its sources and contributions are appended, skipping ones it already has
    (same kind, text and date: the sources are added to the one it has). Imported sources
    citing a URL ``base`` already cites use its id; others keep their id unless ``base``
    uses it for another URL. Categories the imported nations use are matched by id, then by
    label; others are appended with a colour no category of ``base`` has. ``as_of`` stays
    ``base``'s.

    A nation with history whose new category contradicts it at ``as_of`` gets a history
    entry at ``as_of``, so the result still validates. ``base`` itself is not modified (the
    window swaps the result in as one undo step); nothing is validated here.
    """
    merged = copy.deepcopy(base)

    used = {n.category for n in imported.nations}
    used |= {h.category for n in imported.nations for h in n.history}
    category_ids: dict[str, str] = {}
    for category in imported.categories:
        if category.id not in used:
            continue
        same = merged.category(category.id) or next(
            (c for c in merged.categories if label_key(c.label) == label_key(category.label)),
            None,
        )
        if same is not None:
            category_ids[category.id] = same.id
            continue
        taken = {c.color.casefold() for c in merged.categories}
        colour = category.color if category.color.casefold() not in taken else None
        new_id = free_id(category.id, {c.id for c in merged.categories})
        merged.categories.append(Category(new_id, category.label, colour or next_colour(taken)))
        category_ids[category.id] = new_id

    by_url = {source.url: key for key, source in merged.sources.items()}
    source_ids: dict[str, str] = {}
    for key, source in imported.sources.items():
        if source.url in by_url:
            known = merged.sources[by_url[source.url]]
            # Fill what the file lacks; what it already says is the user's, not replaced.
            known.title = known.title or source.title
            known.publisher = known.publisher or source.publisher
            known.date = known.date or source.date
            source_ids[key] = known.id
            continue
        new_id = key if key not in merged.sources else _renumbered(key, set(merged.sources))
        merged.sources[new_id] = Source(
            new_id, source.url, source.title, source.publisher, source.date
        )
        by_url[source.url] = new_id
        source_ids[key] = new_id

    for nation in imported.nations:
        incoming = _remapped(nation, category_ids, source_ids)
        existing = merged.nation(incoming.iso3)
        if existing is None:
            # The import read its history at its own as-of; the dataset goes by its own.
            if incoming.history:
                incoming.category = category_on(incoming, merged.as_of) or incoming.category
            merged.nations.append(incoming)
            continue
        existing.category = incoming.category
        for attribute in ("role", "summary", "confidence"):
            value = getattr(incoming, attribute)
            if value is not None:
                setattr(existing, attribute, value)
        extend_unique(existing.sources, incoming.sources)
        for contribution in incoming.contributions:
            twin = _twin(existing.contributions, contribution)
            if twin is None:
                existing.contributions.append(contribution)
            else:
                extend_unique(twin.sources, contribution.sources)
        for entry in incoming.history:
            if entry not in existing.history:
                existing.history.append(entry)
        if existing.history and category_on(existing, merged.as_of) != existing.category:
            existing.history.append(
                HistoryEntry(merged.as_of, existing.category, note="Set by a spreadsheet import")
            )
    return merged


def label_key(text: str) -> str:
    """Category text for comparison: case and spacing ignored, any script kept."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _renumbered(key: str, taken: set[str]) -> str:
    """A free id for ``key``: ``gov.uk-1`` becomes ``gov.uk-2``, not ``gov.uk-1-2``."""
    numbered = re.fullmatch(r"(.+)-\d+", key)
    return free_id(numbered[1], taken, always_number=True) if numbered else free_id(key, taken)


def next_colour(taken: set[str]) -> str:
    """The first palette colour not in ``taken`` (folded); past the palette, a distinct one.

    The palette is the colour-blind-safe one of the default categories followed by
    ``EXTRA_PALETTE``: a sheet's own categories get blue, vermilion, orange, green...
    """
    for colour in (*(c.color for c in DEFAULT_CATEGORIES), *EXTRA_PALETTE):
        if colour.casefold() not in taken:
            return colour
    # Only reached past MAX_CATEGORIES with custom colours; distinct beats pretty there.
    step = 0
    while True:
        step += 1
        colour = f"#{(step * 0x3C6EF3) & 0xFFFFFF:06X}"
        if colour.casefold() not in taken:
            return colour


def same_claim(contribution: Contribution) -> tuple:
    """What makes two contributions one: kind, date and text (case and spacing aside)."""
    return contribution.kind, contribution.date, " ".join(contribution.text.split()).casefold()


def _twin(contributions: list[Contribution], new: Contribution) -> Contribution | None:
    """An existing contribution saying the same thing as ``new``."""
    key = same_claim(new)
    return next((c for c in contributions if same_claim(c) == key), None)


def extend_unique(target: list[str], items: Iterable[str]) -> None:
    """Append each of ``items`` that ``target`` does not hold yet, in order."""
    for item in items:
        if item not in target:
            target.append(item)


def _remapped(nation: Nation, categories: dict[str, str], sources: dict[str, str]) -> Nation:
    copied = copy.deepcopy(nation)
    copied.category = categories.get(copied.category, copied.category)
    copied.sources = [sources.get(s, s) for s in copied.sources]
    for contribution in copied.contributions:
        contribution.sources = [sources.get(s, s) for s in contribution.sources]
    for entry in copied.history:
        entry.category = categories.get(entry.category, entry.category)
        entry.sources = [sources.get(s, s) for s in entry.sources]
    return copied
