"""Building a dataset from a sheet's rows: one nation per country, sources, categories.

Takes the rows ``SheetCells`` read and compares them with each other. A country's rows
are its history: a dated row dates its category (a history entry at the row's date, at
the precision written) and its contribution, so a later row with another category is a
change; the entry in force at as-of gives the nation's category. Undated rows may repeat
that category or leave it blank. The first role and summary win, the same contribution
twice is imported once, each distinct source URL becomes one source.

The categories are the sheet's own, in order of first appearance: a text naming one of the
target dataset's categories (or, for a new dataset, one of the default three) by id or
label is that category; other text makes a new one with the first free colour of the
colour-blind-safe palette. Problems found here land on the rows they concern, so only good
rows are built into the dataset.
"""

from __future__ import annotations

import copy
import difflib
from pathlib import Path

from desktop.io.sheet.cells import DEFAULT_KIND, Row, SheetCells
from desktop.io.sheet.columns import slug
from desktop.model.asof import category_on
from desktop.model.dataset import (
    DEFAULT_CATEGORIES,
    MAX_CATEGORIES,
    Category,
    Contribution,
    Dataset,
    HistoryEntry,
    Nation,
    Source,
)
from desktop.model.dates import PartialDate
from desktop.model.ids import SourceIds, category_id_for
from desktop.model.merge import extend_unique, label_key, next_colour, same_claim
from desktop.model.message import N_, CountryName, Label


def title_of(path: Path) -> str:
    """A dataset title from a sheet's file name: ``nato_2025.csv`` is "nato 2025"."""
    return " ".join(path.stem.replace("_", " ").split()) or "Imported sheet"


def _when(row: Row) -> tuple:
    """A dated row's place in its country's history: by date, then by row."""
    assert row.date is not None
    return row.date.start, row.number


def latest_date(rows: list[Row]) -> PartialDate | None:
    """The latest date any row gives (the default as-of), or None."""
    dates = [row.date for row in rows if row.date is not None]
    return max(dates, key=lambda d: (d.start, d)) if dates else None


_DIFFERS = {
    "role": N_("{code}: this role differs from row {row}'s; the first is kept"),
    "summary": N_("{code}: this summary differs from row {row}'s; the first is kept"),
}
"""A later row's different role or summary, which the import leaves out."""


class DatasetBuilder:
    """Turns the rows of one sheet into a dataset, for merging into ``base`` (or a new one).

    ``as_of`` is the day the nations' categories are read at (a history entry in force
    then). Problems go on the rows (``SheetCells.problem``), warnings to ``sheet.warnings``.
    """

    def __init__(
        self, sheet: SheetCells, base: Dataset | None, title: str, as_of: PartialDate
    ) -> None:
        self.sheet = sheet
        self.base = base
        self.title = title
        self.as_of = as_of
        self.category_row: dict[str, Row] = {}  # iso3 -> the row giving its category at as-of
        self.created: dict[str, str] = {}  # new category key -> its id
        self.category_keys: dict[str | None, str] = {}  # category text -> category_key()
        # What category text is matched against: the open dataset's categories, or for a new
        # dataset the default three, which it gets only if the sheet uses them.
        self.existing_categories = list(base.categories if base else DEFAULT_CATEGORIES)
        self.uses: dict[str, int] = {}  # category key -> rows using it

    def check_categories(self, rows: list[Row]) -> None:
        """A country's rows must make one history: problems on the rows that do not.

        Undated rows with a category must agree with each other, and with the category the
        dated rows give at as-of; two rows dated alike must not differ. A country whose
        first dated row is after as-of has no category then, which is a problem on that row.
        """
        by_country: dict[str, list[Row]] = {}
        for row in rows:
            if row.iso3 is not None:
                by_country.setdefault(row.iso3, []).append(row)
            if row.category is not None:
                key = self.category_key(row.category)
                self.uses[key] = self.uses.get(key, 0) + 1
        for iso3, country_rows in by_country.items():
            name = Label(
                N_("{code} ({name})"),
                code=iso3,
                name=CountryName(self.sheet.gazetteer.name(iso3), iso3),
            )
            given = [row for row in country_rows if row.category is not None]
            if not given:
                for row in country_rows:
                    self.sheet.problem(
                        row,
                        Label(N_("no row gives a category for {name}"), name=name),
                        self.sheet.columns["category"][0],
                    )
                continue
            undated = [row for row in given if row.date is None]
            dated = sorted((row for row in given if row.date is not None), key=_when)
            for row in undated[1:]:
                if self.category_key(row.category) != self.category_key(undated[0].category):
                    self.sheet.problem(
                        row,
                        Label(
                            N_(
                                "{name} is {category} here but {other} on row {row}, and "
                                "neither row has a date: date them to give its history"
                            ),
                            name=name,
                            category=repr(row.category),
                            other=repr(undated[0].category),
                            row=undated[0].number,
                        ),
                        row.category_column,
                    )
            seen: dict[PartialDate, Row] = {}
            for row in dated:
                assert row.date is not None
                earlier = seen.setdefault(row.date, row)
                if self.category_key(earlier.category) != self.category_key(row.category):
                    self.sheet.problem(
                        row,
                        Label(
                            N_(
                                "{name} is {category} here but {other} on row {row}, on the same date {day}"
                            ),
                            name=name,
                            category=repr(row.category),
                            other=repr(earlier.category),
                            row=earlier.number,
                            day=row.date,
                        ),
                        row.category_column,
                    )
            if not dated:
                self.category_row[iso3] = undated[0]
                continue
            in_force = [row for row in dated if row.date.start <= self.as_of.start]
            if not in_force:
                # The format lists a nation only with a category at as-of, so this country's
                # rows cannot be imported at this as-of: one problem says so, for all of them.
                self.sheet.problem(
                    dated[0],
                    Label(
                        N_(
                            "{name} has no category yet at as-of {as_of}: its first dated row "
                            "is {day}, so it cannot be listed then (choose a later as-of)"
                        ),
                        name=name,
                        as_of=self.as_of,
                        day=dated[0].date,
                    ),
                    dated[0].category_column,
                )
                continue
            current = in_force[-1]
            self.category_row[iso3] = current
            for row in undated:
                if self.category_key(row.category) != self.category_key(current.category):
                    self.sheet.problem(
                        row,
                        Label(
                            N_(
                                "{name} is {category} on this undated row but {other} at "
                                "as-of {as_of} (row {row}): give this row a date"
                            ),
                            name=name,
                            category=repr(row.category),
                            other=repr(current.category),
                            as_of=self.as_of,
                            row=current.number,
                        ),
                        row.category_column,
                    )

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
        # An open dataset keeps its categories; a new one has only those the sheet uses.
        categories = (
            [Category(c.id, c.label, c.color) for c in self.base.categories] if self.base else []
        )
        base_sources = self.base.sources if self.base else {}
        base_urls = {source.url: key for key, source in base_sources.items()}
        sources: dict[str, Source] = {}
        by_url: dict[str, str] = {}
        new_ids = SourceIds(base_sources)
        nations: dict[str, Nation] = {}
        said: dict[tuple[str, str], Row] = {}  # (iso3, role|summary) -> the row that said it
        claims: dict[tuple, Contribution] = {}
        dated: dict[str, list[tuple[Row, str | None]]] = {}  # iso3 -> (row, source id)

        # Categories in the order the sheet first uses them.
        for row in sorted(
            {id(r): r for r in [*good, *self.category_row.values()] if r.category}.values(),
            key=lambda r: r.number,
        ):
            self.category_for(row, categories)

        for row in good:
            assert row.iso3 is not None  # a good row has a country
            if row.iso3 not in self.category_row:
                continue  # no category at as-of: a problem on its first dated row says so
            nation = nations.get(row.iso3)
            if nation is None:
                category = self.category_for(self.category_row[row.iso3], categories)
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
                        Label(_DIFFERS[attribute], code=row.iso3, row=earlier.number),
                        row.number,
                        self.sheet.columns[attribute][0],
                    )

            source_id = None
            if row.url is not None:
                source_id = by_url.get(row.url)
                if source_id is None:
                    source_id = base_urls.get(row.url) or new_ids.new(row.url)
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
                            Label(
                                N_(
                                    "this source title differs from {title}, already given "
                                    "for {url}; the first is kept"
                                ),
                                title=repr(source.title),
                                url=row.url,
                            ),
                            row.number,
                            self.sheet.columns["source_title"][0],
                        )
            if row.category is not None and row.date is not None:
                dated.setdefault(row.iso3, []).append((row, source_id))

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
                        Label(
                            N_(
                                "{code}: the same contribution is on an earlier row; it is imported once"
                            ),
                            code=row.iso3,
                        ),
                        row.number,
                        self.sheet.columns["contribution"][0],
                    )
            elif source_id is not None:
                extend_unique(nation.sources, [source_id])

        for iso3, entries in dated.items():
            nation = nations[iso3]
            for row, source_id in sorted(entries, key=lambda item: _when(item[0])):
                category = self.category_for(row, categories)
                assert row.date is not None
                last = nation.history[-1] if nation.history else None
                if last is not None and last.category == category:
                    # The same category again is no change: its source backs the entry.
                    if source_id:
                        extend_unique(last.sources, [source_id])
                    continue
                nation.history.append(
                    HistoryEntry(row.date, category, sources=[source_id] if source_id else [])
                )
            nation.category = category_on(nation, self.as_of) or nation.category

        return Dataset(
            title=self.title,
            as_of=self.as_of,
            categories=categories,
            sources=sources,
            nations=list(nations.values()),
        )

    def category_for(self, row: Row, categories: list[Category]) -> str:
        """The id of the row's category, created (with a free colour) when it is new."""
        key = self.category_key(row.category)
        if not key.startswith("+"):
            if not any(c.id == key for c in categories):
                # A default category, in a new dataset only once the sheet uses it.
                known = next(c for c in self.existing_categories if c.id == key)
                categories.append(Category(known.id, known.label, known.color))
            return key
        if key in self.created:
            return self.created[key]
        if len(categories) >= MAX_CATEGORIES:
            # The nation is still imported, so its category must exist; validate() then
            # reports the overflow, which a user fixes by merging categories in the sheet.
            self.sheet.warn(
                Label(
                    N_("{category} makes more than {limit} categories"),
                    category=repr(row.category),
                    limit=MAX_CATEGORIES,
                ),
                row.number,
                row.category_column,
            )
        # A new category used once and one slip away from another is most likely a typo:
        # it is still created (the sheet said so), but the user is told. A category many
        # rows use is meant, however close its name ("Member" and "Members" both used).
        names = {name.casefold(): c.label for c in categories for name in (c.id, c.label)}
        names.update(
            {
                text.casefold(): text
                for text in self.category_keys
                if text and self.category_key(text) != key
            }
        )
        near = difflib.get_close_matches(
            (row.category or "").casefold(), list(names), n=1, cutoff=0.8
        )
        if near and self.uses.get(key, 0) == 1:
            self.sheet.warn(
                Label(
                    N_("{category} becomes a new category; did you mean {match}?"),
                    category=repr(row.category),
                    match=repr(names[near[0]]),
                ),
                row.number,
                row.category_column,
            )
        new_id = category_id_for(row.category or "", {c.id for c in categories})
        # Colours of the default categories the sheet uses are theirs, even before they come.
        reserved = {c.color.casefold() for c in self.existing_categories if self.uses.get(c.id)}
        colour = next_colour({c.color.casefold() for c in categories} | reserved)
        categories.append(Category(new_id, row.category or new_id, colour))
        self.created[key] = new_id
        return new_id
