"""What a sheet's columns are called: the header vocabulary of the spreadsheet import.

The columns and their synonyms are listed in ``desktop.io.sheet``'s docstring (the format
guide); this module holds them as data, with the folding that makes ``Source URL``,
``source_url`` and ``SOURCE-URL (https)`` one column. Both the decoding (to choose a CSV
delimiter) and the cell reading (to find the header row) ask it.
"""

from __future__ import annotations

import re
import unicodedata

HEADER_SEARCH = 10
"""Non-blank rows searched for the header, so a title line above it does not defeat import."""

FIELDS: tuple[str, ...] = (
    "country",
    "category",
    "role",
    "summary",
    "contribution",
    "contribution_kind",
    "source_url",
    "source_title",
    "date",
)

HEADER_SYNONYMS: dict[str, str] = {
    "country name": "country",
    "nation": "country",
    "country code": "country",
    "iso": "country",
    "iso2": "country",
    "iso 2": "country",
    "iso3": "country",
    "iso 3": "country",
    "iso code": "country",
    "stance": "category",
    "position": "category",
    "description": "summary",
    "pledge": "contribution",
    "kind": "contribution_kind",
    "type": "contribution_kind",
    "contribution type": "contribution_kind",
    "url": "source_url",
    "source": "source_url",
    "link": "source_url",
    "title": "source_title",
    "date of statement": "date",
    "statement date": "date",
}
"""Folded header text -> column, besides each column's own name (the table in ``desktop.io.sheet``)."""


def fold(text: str) -> str:
    """Header text for comparison: no case, accents, parentheses or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"\([^)]*\)", " ", plain)
    return re.sub(r"[^0-9a-z]+", " ", plain).strip()


def column_of(header: str) -> str | None:
    """The column (one of ``FIELDS``) a header cell names, or None for one not read."""
    key = fold(header)
    if key.replace(" ", "_") in FIELDS:
        return key.replace(" ", "_")
    return HEADER_SYNONYMS.get(key)


def slug(text: str) -> str:
    """An id from text: ASCII letters, digits and '-' (what dataset ids allow)."""
    return re.sub(r"[^0-9a-z]+", "-", fold(text)).strip("-")
