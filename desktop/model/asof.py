"""Positions as of a date: the rules every view, export and validation share.

- A nation's category on day D is its latest history entry dated on or before D; on the
  same date the entry later in the file wins.
- A partial date (``2025-03``) takes effect on its first day.
- Before its first dated entry a nation has no stated position.
- A nation without history holds its top-level category at every date.
- Contributions, statements and events dated after D are hidden when viewing D; undated
  ones always show.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from desktop.model.dataset import Contribution, Dataset, HistoryEntry, Nation
from desktop.model.dates import PartialDate
from desktop.model.message import N_, Label

DateLike = _dt.date | PartialDate


def _day(value: DateLike) -> _dt.date:
    return value.start if isinstance(value, PartialDate) else value


def entry_on(nation: Nation, day: DateLike) -> HistoryEntry | None:
    """The history entry in force on ``day``, or None before the first one (or without history)."""
    target = _day(day)
    chosen: HistoryEntry | None = None
    chosen_start: _dt.date | None = None
    for entry in nation.history:
        start = entry.date.start
        # ">=" lets a later entry in the file win a same-date tie.
        if start <= target and (chosen_start is None or start >= chosen_start):
            chosen, chosen_start = entry, start
    return chosen


def category_on(nation: Nation, day: DateLike) -> str | None:
    """The nation's category id on ``day``; None means no stated position yet."""
    if not nation.history:
        return nation.category
    entry = entry_on(nation, day)
    return entry.category if entry else None


def visible_on(date: PartialDate | None, day: DateLike) -> bool:
    """Whether something dated ``date`` shows when viewing ``day`` (undated always shows)."""
    return date is None or date.start <= _day(day)


@dataclass
class Snapshot:
    """The dataset as it stood on one day."""

    day: _dt.date
    categories: dict[str, str | None] = field(default_factory=dict)
    """Listed nations' category ids (None: no stated position on that day)."""

    def category_of(self, iso3: str) -> str | None:
        """Category id of a country on this day; None when unlisted or without a position."""
        return self.categories.get(iso3)


def snapshot(dataset: Dataset, day: DateLike | None = None) -> Snapshot:
    """Resolve every listed nation's category on ``day`` (default: the dataset's ``as_of``)."""
    target = _day(day if day is not None else dataset.as_of)
    return Snapshot(
        day=target,
        categories={nation.iso3: category_on(nation, target) for nation in dataset.nations},
    )


def contributions_on(nation: Nation, day: DateLike) -> list[Contribution]:
    """The nation's contributions known on ``day``, in file order."""
    return [c for c in nation.contributions if visible_on(c.date, day)]


def dated_span(dataset: Dataset) -> tuple[_dt.date, _dt.date] | None:
    """First and last day any dated entry of the dataset covers; None when nothing is dated."""
    starts: list[_dt.date] = [dataset.as_of.start]
    for nation in dataset.nations:
        starts.extend(entry.date.start for entry in nation.history)
        starts.extend(c.date.start for c in nation.contributions if c.date)
    starts.extend(event.date.start for event in dataset.events)
    return (min(starts), max(starts)) if starts else None


@dataclass(frozen=True)
class Change:
    """A nation whose category differs between two days."""

    iso3: str
    before: str | None
    after: str | None
    entry: HistoryEntry | None
    """The history entry that made the change (its sources explain it), if any."""


def changes_between(dataset: Dataset, start: DateLike, end: DateLike) -> list[Change]:
    """Nations whose category on ``end`` differs from their category on ``start``."""
    changes = []
    for nation in dataset.nations:
        before, after = category_on(nation, start), category_on(nation, end)
        if before != after:
            changes.append(Change(nation.iso3, before, after, entry_on(nation, end)))
    return changes


def change_days(dataset: Dataset) -> list[_dt.date]:
    """Every day a nation's category changed (its history entries' first days), in order."""
    return sorted({entry.date.start for nation in dataset.nations for entry in nation.history})


STEPS = ("change", "month", "year")
"""How an animated timeline steps: at each dated change or event, or at each month's or
year's end."""


def _period_end(day: _dt.date, step: str) -> _dt.date:
    if step == "year":
        return _dt.date(day.year, 12, 31)
    following = _dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - _dt.timedelta(days=1)


def timeline_days(
    dataset: Dataset, step: str = "change", until: DateLike | None = None
) -> list[_dt.date]:
    """The days an animated timeline shows, in order; never empty.

    ``step`` ``"change"``: every day a nation's category changed or an event took place.
    ``"month"`` / ``"year"``: the last day of every month (year) from the first dated
    entry's to the last's, the last one cut to the last dated day. ``until`` (default: no
    limit for changes, the last dated day for months and years) drops later days. A dataset
    with nothing dated gives its as-of date alone. Raises ValueError for another ``step``.
    """
    if step not in STEPS:
        raise ValueError(
            Label(
                N_("unknown step {step} (use one of: {steps})"),
                step=repr(step),
                steps=", ".join(STEPS),
            )
        )
    limit = _day(until) if until is not None else None
    if step == "change":
        days = set(change_days(dataset))
        days.update(event.date.start for event in dataset.events)
        chosen = sorted(d for d in days if limit is None or d <= limit)
    else:
        span = dated_span(dataset)
        first, last = span if span else (dataset.as_of.start, dataset.as_of.start)
        last = limit if limit is not None else last
        chosen, day = [], first
        while day <= last:
            chosen.append(min(_period_end(day, step), last))
            day = _period_end(day, step) + _dt.timedelta(days=1)
    return chosen or [limit or dataset.as_of.start]
