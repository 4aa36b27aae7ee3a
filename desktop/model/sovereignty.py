"""Sovereignty: which state each map unit belongs to, and what counts as a state.

The boundaries carry pieces of the map (Greenland, Puerto Rico, Somaliland...), not states.
This module holds the rules that turn pieces into states, shared by every output:

- a unit that a dataset does not list takes the position of its sovereign state on that day
  (Greenland is drawn as Denmark is); a listed unit keeps its own position;
- counts count sovereign states, never pieces: a listed territory counts on its own only on
  a day its position differs from its sovereign's;
- disputed units and units with no sovereign (Western Sahara, Antarctica) take no one's
  position and are never counted.

The table itself is data (``resources/countries/sovereignty.yaml``), read by
``desktop.io.sovereignty``; nothing here does I/O, imports Qt or a geometry library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from desktop.model.message import N_, CountryName, Label

NameOf = Callable[[str], str]

STATE_STATUSES: tuple[str, ...] = ("member", "observer", "partly-recognised")
"""Statuses of units that are states of their own: counted, and their own sovereign."""
STATUSES: tuple[str, ...] = (*STATE_STATUSES, "territory", "disputed", "none")

STATUS_LABELS: dict[str, str] = {
    "member": "UN member state",
    "observer": "UN observer state",
    "partly-recognised": "partly recognised state",
    "territory": "territory",
    "disputed": "disputed territory",
    "none": "no sovereign state",
}


@dataclass(frozen=True)
class SovereigntySource:
    """A published page a row of the table rests on."""

    key: str
    title: str
    url: str


@dataclass(frozen=True)
class UnitSovereignty:
    """One row: a unit's status and sovereign state, with its source.

    ``sovereign`` is the unit's own code for a state, the state's code for a territory, and
    None for a disputed unit or one with no sovereign.
    """

    code: str
    name: str
    status: str
    sovereign: str | None
    source: SovereigntySource
    ref: str | None = None
    note: str | None = None

    @property
    def is_state(self) -> bool:
        """True for a state of its own (counted in every total)."""
        return self.status in STATE_STATUSES

    @property
    def is_territory(self) -> bool:
        """True for a unit that belongs to another state."""
        return self.status == "territory"

    @property
    def has_sovereign(self) -> bool:
        """False for disputed units and units with no sovereign: drawn apart, never counted."""
        return self.sovereign is not None


@dataclass(frozen=True)
class SovereigntyTable:
    """Every unit's row, by code."""

    units: Mapping[str, UnitSovereignty]

    def __contains__(self, code: object) -> bool:
        return code in self.units

    def __len__(self) -> int:
        return len(self.units)

    def get(self, code: str) -> UnitSovereignty | None:
        """The row of a code, or None when the table does not know it."""
        return self.units.get(code)

    def sovereign_of(self, code: str) -> str | None:
        """The code of the state a unit belongs to.

        A state answers its own code, a territory its state's, a disputed unit (or one with no
        sovereign) None. A code the table does not know is taken as a state of its own, so
        that an unexpected code is never silently merged into another.
        """
        row = self.units.get(code)
        return code if row is None else row.sovereign

    def is_counted_state(self, code: str) -> bool:
        """True when ``code`` is one of the states every count counts."""
        row = self.units.get(code)
        return row is None or row.is_state

    def states(self) -> frozenset[str]:
        """Every state counted: UN members and observers, and the partly recognised states."""
        return frozenset(code for code, row in self.units.items() if row.is_state)

    def territories_of(self, state: str) -> tuple[str, ...]:
        """Codes of the territories that belong to ``state``, sorted."""
        return tuple(
            sorted(c for c, r in self.units.items() if r.is_territory and r.sovereign == state)
        )


@dataclass(frozen=True)
class UnitPosition:
    """Where one map unit stands on a day, and why.

    ``category`` is the category id the unit is drawn in (None: no position). ``via`` is the
    sovereign whose position it took when it has none of its own (None when the position is
    its own, or when it has no sovereign). ``counted`` says whether the unit adds to a count
    under ``category`` (see ``state_counts``).
    """

    code: str
    category: str | None
    via: str | None = None
    counted: bool = False


def unit_positions(
    categories: Mapping[str, str | None],
    table: SovereigntyTable,
    units: Iterable[str],
) -> dict[str, UnitPosition]:
    """Each map unit's position on one day, with territories following their state.

    ``categories`` maps listed codes to their category id on that day (None: listed but
    without a position yet), as ``Snapshot.categories`` does; ``units`` are the codes the map
    draws. A unit with a position of its own keeps it; any other unit with a sovereign takes
    its sovereign's (listed or not); a disputed unit or one with no sovereign has none.
    The result covers every code of ``units`` and every listed code.
    """
    states = state_categories(categories, table)
    result: dict[str, UnitPosition] = {}
    for code in dict.fromkeys([*units, *categories]):
        own = categories.get(code)
        row = table.get(code)
        sovereign = table.sovereign_of(code)
        if own is not None:
            counted = _counts_on_its_own(code, own, row, states)
            result[code] = UnitPosition(code, own, None, counted)
        elif row is not None and row.is_territory and sovereign is not None:
            result[code] = UnitPosition(code, states.get(sovereign), sovereign, False)
        else:
            result[code] = UnitPosition(code, None, None, table.is_counted_state(code))
    return result


def state_categories(
    categories: Mapping[str, str | None], table: SovereigntyTable
) -> dict[str, str | None]:
    """Each counted state's category id on the day (None: not listed, or no position yet)."""
    result: dict[str, str | None] = dict.fromkeys(table.states())
    for code, category in categories.items():
        if table.is_counted_state(code):
            result[code] = category
    return result


def _counts_on_its_own(
    code: str, category: str, row: UnitSovereignty | None, states: Mapping[str, str | None]
) -> bool:
    if row is None or row.is_state:
        return True
    if not row.has_sovereign:
        return False
    # A territory adds to a count only when it stands apart from its state that day.
    return states.get(row.sovereign) != category


def state_counts(
    categories: Mapping[str, str | None],
    table: SovereigntyTable,
    category_ids: Iterable[str],
) -> dict[str | None, int]:
    """Sovereign states per category id on one day, and under None the states without one.

    Every counted state (``SovereigntyTable.states``, plus any listed code the table does not
    know) counts once: under its category, or under None when it is unlisted or has no
    position yet. A listed territory adds one under its own category only when that differs
    from its sovereign's that day. Disputed units and units with no sovereign never count.
    A category id that is not in ``category_ids`` counts under None. Every id of
    ``category_ids`` is present, maybe with 0.
    """
    counts: dict[str | None, int] = {category_id: 0 for category_id in category_ids}
    counts[None] = 0
    states = state_categories(categories, table)
    for category in states.values():
        counts[category if category in counts else None] += 1
    for code, category in categories.items():
        row = table.get(code)
        if category is None or row is None or row.is_state:
            continue
        if _counts_on_its_own(code, category, row, states):
            counts[category if category in counts else None] += 1
    return counts


def unshaped_warnings(
    codes: Iterable[str], table: SovereigntyTable, on_map: Callable[[str], bool], name: NameOf
) -> list[Label]:
    """One sentence per listed code the map has no shape for, saying what the map does instead
    (a ``Label``, the countries' names kept as ``CountryName`` for a window to name anew).

    ``on_map(code)`` tells whether the boundaries draw a code, ``name(code)`` gives its display
    name. ``"GIB has no shape on this map: it is drawn as part of United Kingdom"`` when its
    sovereign is drawn; otherwise that it is listed but not drawn.
    """
    warnings = []
    for code in dict.fromkeys(codes):
        if on_map(code):
            continue
        sovereign = table.sovereign_of(code)
        if sovereign and sovereign != code and on_map(sovereign):
            warnings.append(
                Label(
                    N_(
                        "{code} ({name}) has no shape on this map: it is drawn as part of {sovereign}"
                    ),
                    code=code,
                    name=CountryName(name(code), code),
                    sovereign=CountryName(name(sovereign), sovereign),
                )
            )
        else:
            warnings.append(
                Label(
                    N_("{code} ({name}) has no shape on this map: it is listed but not drawn"),
                    code=code,
                    name=CountryName(name(code), code),
                )
            )
    return warnings
