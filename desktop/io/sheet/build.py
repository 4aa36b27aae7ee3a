"""Building a dataset from a sheet's rows: one nation per country, sources, categories.

Takes the rows ``SheetCells`` read and compares them with each other: a country has one
category (later rows may repeat it or leave it blank), the first role and summary win,
the same contribution twice is imported once, each distinct source URL becomes one source.
Categories are matched to the target dataset's by id or label; other text makes a new
category with a free colour. Problems found here land on the rows they concern, so only
good rows are built into the dataset.
"""

from __future__ import annotations

import copy
import datetime as _dt
import difflib
from pathlib import Path

from desktop.io.sheet.cells import DEFAULT_KIND, Row, SheetCells
from desktop.io.sheet.columns import slug
from desktop.model.dataset import (
    DEFAULT_CATEGORIES,
    MAX_CATEGORIES,
    Category,
    Contribution,
    Dataset,
    Nation,
    Source,
)
from desktop.model.dates import PartialDate
from desktop.model.ids import category_id_for, source_id_for
from desktop.model.merge import extend_unique, label_key, next_colour, same_claim


def title_of(path: Path) -> str:
    """A dataset title from a sheet's file name: ``nato_2025.csv`` is "nato 2025"."""
    return " ".join(path.stem.replace("_", " ").split()) or "Imported sheet"


class DatasetBuilder:
    """Turns the rows of one sheet into a dataset, for merging into ``base`` (or a new one).

    Problems go on the rows (``SheetCells.problem``), warnings to ``sheet.warnings``.
    """

    def __init__(self, sheet: SheetCells, base: Dataset | None, title: str) -> None:
        self.sheet = sheet
        self.base = base
        self.title = title
        self.first_category: dict[str, Row] = {}
        self.created: dict[str, str] = {}  # new category key -> its id
        self.category_keys: dict[str | None, str] = {}  # category text -> category_key()
        self.existing_categories = list(base.categories if base else DEFAULT_CATEGORIES)

    def check_categories(self, rows: list[Row]) -> None:
        """One category per country: later rows may repeat it or leave it blank."""
        first: dict[str, Row] = {}
        for row in rows:
            if row.iso3 is None or row.category is None:
                continue
            earlier = first.setdefault(row.iso3, row)
            if self.category_key(earlier.category) != self.category_key(row.category):
                self.sheet.problem(
                    row,
                    f"{row.iso3} ({self.sheet.gazetteer.name(row.iso3)}) is {row.category!r} "
                    f"here but {earlier.category!r} on row {earlier.number}; "
                    "a country has one category",
                    row.category_column,
                )
        for row in rows:
            if row.iso3 is not None and row.iso3 not in first:
                self.sheet.problem(
                    row,
                    f"no row gives a category for {row.iso3} ({self.sheet.gazetteer.name(row.iso3)})",
                    self.sheet.columns["category"][0],
                )
        self.first_category = first

    def category_key(self, text: str | None) -> str:
        """What a category text means: an existing category's id, or ``+`` and its own key.

        ``+`` cannot start an id, so a new category's key never passes for an existing one.
        """
        if text in self.category_keys:
            return self.category_keys[text]
        label, text_slug = label_key(text or ""), slug(text or "")
        key = "+" + (text_slug or label)
        for category in self.existing_categories:
            if label == label_key(category.label) or (text_slug and text_slug == slug(category.id)):
                key = category.id
                break
        self.category_keys[text] = key
        return key

    def build(self, good: list[Row]) -> Dataset:
        categories = [Category(c.id, c.label, c.color) for c in self.existing_categories]
        base_sources = self.base.sources if self.base else {}
        base_urls = {source.url: key for key, source in base_sources.items()}
        sources: dict[str, Source] = {}
        by_url: dict[str, str] = {}
        nations: dict[str, Nation] = {}
        said: dict[tuple[str, str], Row] = {}  # (iso3, role|summary) -> the row that said it
        dates: list[PartialDate] = []
        claims: dict[tuple, Contribution] = {}

        for row in good:
            assert row.iso3 is not None  # a good row has a country
            nation = nations.get(row.iso3)
            if nation is None:
                source_row = self.first_category[row.iso3]
                category = self.category_for(source_row, categories)
                nation = nations[row.iso3] = Nation(row.iso3, category)
            for attribute in ("role", "summary"):
                value = getattr(row, attribute)
                if value is None:
                    continue
                earlier = said.setdefault((row.iso3, attribute), row)
                if earlier is row:
                    setattr(nation, attribute, value)
                elif getattr(earlier, attribute) != value:
                    self.sheet.warn(
                        f"{row.iso3}: this {attribute} differs from row {earlier.number}'s; "
                        "the first is kept",
                        row.number,
                        self.sheet.columns[attribute][0],
                    )
            if row.date is not None:
                dates.append(row.date)

            source_id = None
            if row.url is not None:
                source_id = by_url.get(row.url)
                if source_id is None:
                    source_id = base_urls.get(row.url) or source_id_for(
                        row.url, set(sources) | set(base_sources)
                    )
                    known = base_sources.get(source_id)
                    sources[source_id] = (
                        copy.deepcopy(known) if known else Source(source_id, row.url)
                    )
                    by_url[row.url] = source_id
                source = sources[source_id]
                source.date = source.date or row.date
                if row.source_title is not None:
                    if source.title is None:
                        source.title = row.source_title
                    elif source.title != row.source_title:
                        self.sheet.warn(
                            f"this source title differs from {source.title!r}, already given "
                            f"for {row.url}; the first is kept",
                            row.number,
                            self.sheet.columns["source_title"][0],
                        )

            if row.contribution is not None:
                contribution = Contribution(
                    row.kind or DEFAULT_KIND,
                    row.contribution,
                    [source_id] if source_id else [],
                    row.date,
                )
                # A dict, not _twin(): a long sheet would compare every pair of its rows.
                twin = claims.setdefault((row.iso3, *same_claim(contribution)), contribution)
                if twin is contribution:
                    nation.contributions.append(contribution)
                else:
                    extend_unique(twin.sources, contribution.sources)
                    self.sheet.warn(
                        f"{row.iso3}: the same contribution is on an earlier row; "
                        "it is imported once",
                        row.number,
                        self.sheet.columns["contribution"][0],
                    )
            elif source_id is not None:
                extend_unique(nation.sources, [source_id])

        return Dataset(
            title=self.title,
            as_of=max(dates) if dates else PartialDate.from_date(_dt.date.today()),
            categories=categories,
            sources=sources,
            nations=list(nations.values()),
        )

    def category_for(self, row: Row, categories: list[Category]) -> str:
        """The id of the row's category, created (with a free colour) when it is new."""
        key = self.category_key(row.category)
        if not key.startswith("+"):
            return key
        if key in self.created:
            return self.created[key]
        if len(categories) >= MAX_CATEGORIES:
            # The nation is still imported, so its category must exist; validate() then
            # reports the overflow, which a user fixes by merging categories in the sheet.
            self.sheet.warn(
                f"{row.category!r} makes more than {MAX_CATEGORIES} categories",
                row.number,
                row.category_column,
            )
        # A new category that is one slip away from an existing one is most likely a typo:
        # it is still created (the sheet said so), but the user is told.
        names = {name.casefold(): c for c in categories for name in (c.id, c.label)}
        near = difflib.get_close_matches(
            (row.category or "").casefold(), list(names), n=1, cutoff=0.8
        )
        if near:
            self.sheet.warn(
                f"{row.category!r} becomes a new category; did you mean {names[near[0]].label!r}?",
                row.number,
                row.category_column,
            )
        new_id = category_id_for(row.category or "", {c.id for c in categories})
        colour = next_colour({c.color.casefold() for c in categories})
        categories.append(Category(new_id, row.category or new_id, colour))
        self.created[key] = new_id
        return new_id
