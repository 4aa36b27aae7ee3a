"""Ids a dataset file uses for categories and sources: one rule for making and checking them.

An id is ASCII (letters, digits, ``_``, ``.``, ``-``, starting with a letter or digit), so it
survives every file format, URL fragment and spreadsheet. Ids made from labels and web
addresses come from here, for the edit dialogs, the spreadsheet import and the loader alike,
so an id the window makes is always one the loader accepts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from urllib.parse import urlsplit

from desktop.model.message import N_, Label

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
"""What the loader accepts as a category or source id."""
ID_RULE = Label(N_("use ASCII letters, digits, '_', '.' and '-', starting with a letter or digit"))
"""The rule in words, for messages (a ``Label``: the window says it in its language)."""

MAX_ID_LENGTH = 64


def is_valid_id(text: object) -> bool:
    """True when ``text`` is an id the loader accepts."""
    return isinstance(text, str) and bool(ID_PATTERN.match(text))


def slug(text: str) -> str:
    """``"Négociation en cours"`` → ``"negociation-en-cours"``: accents dropped (NFKD), lower
    case, every run of other characters one ``-``. Empty when nothing ASCII is left (a label
    in Cyrillic or Arabic script)."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").casefold()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:MAX_ID_LENGTH].strip("-")


def host_slug(url: str) -> str:
    """A web address's host as id text: ``www.`` dropped, an internationalised domain name in
    its ASCII ``xn--`` form (IDNA), anything else folded as ``slug`` does but keeping dots:
    ``https://www.gov.uk/x`` → ``gov.uk``, ``https://bücher.example/`` →
    ``xn--bcher-kva.example``. Empty when the address has no host."""
    try:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""
    labels = []
    for label in host.split("."):
        if not label:
            continue
        try:
            labels.append(label.encode("idna").decode("ascii"))
        except UnicodeError:
            labels.append(slug(label))
    text = ".".join(part for part in labels if part).casefold()
    return re.sub(r"[^a-z0-9.-]+", "-", text).strip(".-")[:MAX_ID_LENGTH].strip(".-")


def free_id(stem: str, taken: Collection[str], *, always_number: bool = False) -> str:
    """``stem`` when it is free (unless ``always_number``), else ``stem-2``, ``stem-3``…;
    ``always_number`` counts from 1, so a source's id does not change when a second source
    from its host arrives. Linear in the number of ids taken with this stem."""
    if not always_number and stem not in taken:
        return stem
    counter = 1 if always_number else 2
    while f"{stem}-{counter}" in taken:
        counter += 1
    return f"{stem}-{counter}"


def category_id_for(label: str, taken: Collection[str]) -> str:
    """A free category id for a label (``"Négociation"`` → ``"negociation"``; a label with
    no ASCII letters → ``"category"``, numbered when taken)."""
    return free_id(slug(label) or "category", taken)


def source_id_for(url: str, taken: Collection[str]) -> str:
    """A free source id from a web address's host, numbered from 1 (``gov.uk-1``)."""
    return free_id(host_slug(url) or "source", taken, always_number=True)


class SourceIds:
    """``source_id_for`` for many addresses in a row, each in constant time.

    The ids taken grow as they are handed out, and each host remembers the number it
    reached, so a sheet with a new address on each of 10,000 rows costs 10,000 steps, not
    the 50 million that searching ``stem-1``, ``stem-2``… afresh each time would. The ids
    are the ones ``source_id_for`` would give, one after another.
    """

    def __init__(self, taken: Collection[str]) -> None:
        self.taken = set(taken)
        self._next: dict[str, int] = {}

    def new(self, url: str) -> str:
        """A free id for ``url``'s host, now taken."""
        stem = host_slug(url) or "source"
        counter = self._next.get(stem, 1)
        while f"{stem}-{counter}" in self.taken:
            counter += 1
        self._next[stem] = counter + 1
        found = f"{stem}-{counter}"
        self.taken.add(found)
        return found
