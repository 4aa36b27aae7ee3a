"""Dates as sources give them: a day, a month or only a year.

Errors are ValueErrors whose one argument is a ``Label`` (``error.args[0]``): English text
that a window says in its own language.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import total_ordering

from desktop.model.message import N_, Label

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

_MONTHS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


@total_ordering
@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date with the precision its source gave: ``2025``, ``2025-03`` or ``2025-03-02``.

    A partial date takes effect on its first day (``2025-03`` means from 1 March 2025),
    which is what ``start`` returns and what ordering compares first. The precision is
    kept so the date is shown and saved as it was written.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError(Label(N_("a day needs a month")))
        # Let the standard library check the calendar (31 April, 29 February, ...).
        _dt.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from text, an int or a ``date``.

        Raises ValueError with a message fit to show a user.
        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, _dt.datetime):
            return cls(value.year, value.month, value.day)
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, bool):
            raise ValueError(Label(N_("not a date: {value}"), value=repr(value)))
        if isinstance(value, int):
            value = str(value)
        text = value.strip() if isinstance(value, str) else ""
        match = _PATTERN.match(text) if isinstance(value, str) else None
        if match is None:
            raise ValueError(
                Label(
                    N_("not a date: {value} (use YYYY-MM-DD, YYYY-MM or YYYY)"), value=repr(value)
                )
            )
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            return cls(year, month, day)
        except ValueError:
            raise ValueError(Label(N_("no such date: {text}"), text=text)) from None

    @classmethod
    def from_text(cls, text: str, typed: str | None = None) -> PartialDate:
        """Read a date as a person types it, at the precision typed: ``2025-05-03``,
        ``3 May 2025``, ``May 3, 2025``, ``1st January 2022``, ``03/05/2025`` (day first),
        ``May 2025``, ``January 2022`` or ``2025``. Month names are English, in full or
        abbreviated, in any case.

        The ISO forms are read as ``parse`` reads them; anything else by dateutil's parser.
        Raises ValueError with a message fit to show a user (no year, not a date, no such
        day), quoting ``typed`` (default: ``text``): what the user typed, when ``text`` is
        that text made readable here (month names of another language put in English).
        """
        cleaned = " ".join(str(text).split())
        shown = " ".join(str(typed).split()) if typed is not None else cleaned
        if not cleaned:
            raise ValueError(Label(N_("no date given")))
        try:
            return cls.parse(cleaned)
        except ValueError as error:
            if _PATTERN.match(cleaned):
                raise  # ISO-shaped but no such day (2025-02-30): say so
            iso_error = error
        from dateutil.parser import ParserError, parse

        # Two parses with different defaults tell which parts were typed: a part the text
        # leaves out comes from the default, so it differs between them.
        try:
            first = parse(cleaned, default=_dt.datetime(1904, 1, 1), dayfirst=True)
            second = parse(cleaned, default=_dt.datetime(1908, 2, 2), dayfirst=True)
        except (ParserError, ValueError, OverflowError) as error:
            detail = str(error).split(":")[0]
            if "out of range" in detail:
                raise ValueError(Label(N_("no such date: {text}"), text=shown)) from None
            raise ValueError(
                Label(
                    N_("not a date: {value} (try 24 Feb 2026, Feb 2026, 2026-02-24 or 2026)"),
                    value=repr(shown),
                )
            ) from iso_error
        if first.year != second.year:
            raise ValueError(
                Label(N_("no year in {value} (write it whole: 24 Feb 2026)"), value=repr(shown))
            )
        if (first.hour, first.minute, first.second) != (0, 0, 0):
            raise ValueError(Label(N_("a time of day is not a date: {value}"), value=repr(shown)))
        month = first.month if first.month == second.month else None
        day = first.day if month is not None and first.day == second.day else None
        return cls(first.year, month, day)

    @classmethod
    def from_date(cls, value: _dt.date) -> PartialDate:
        """A full-precision date from a ``datetime.date``."""
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        """``"day"``, ``"month"`` or ``"year"``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def start(self) -> _dt.date:
        """The first day the date covers: when a partial date takes effect."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def display(self) -> str:
        """Human form at the given precision: ``2 Mar 2025``, ``Mar 2025`` or ``2025``."""
        if self.day is not None:
            return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"
        if self.month is not None:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def _key(self) -> tuple[_dt.date, int]:
        # Same first day: the coarser date sorts first, as it was known earlier.
        return self.start, {"year": 0, "month": 1, "day": 2}[self.precision]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"
