"""Messages a user may see, kept translatable below the window (no translation here).

The model and the file formats say things a user reads: an edit's name, why an edit was
refused, what is wrong in a file. Each such message is a ``Label``: its ``str`` is the
English text (what a log, the command line and the tests see), and it keeps the message id
(``template``) and its ``fields``, so the window translates the message before filling the
fields in, each language placing them where its grammar wants them. ``N_`` and ``Nn_``
only mark message ids for the app's catalogs (``scripts/messages.py`` extracts them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def N_(message: str) -> str:
    """Mark a message id for the app's catalogs; it is translated where it is shown."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a counted message (singular and plural, with an ``{n}`` field) for the catalogs."""
    return singular, plural


class Label(str):
    """A message as a user sees it: an edit's name, a refusal's reason, a file's problem.

    Its text is the English message with its fields filled in (what ``str`` gives, e.g. in
    a log or a test); it keeps the message id (``template``), the English ``plural`` of a
    counted message (None otherwise; the count is the ``n`` field) and the ``fields``, so a
    window translates the message before filling them in. A field is text, a number, a
    ``PartialDate`` (the window writes it in its language), another Label (translated too)
    or a ``CountryName`` (named in the window's language):
    ``Label(N_("Remove {name}"), name=CountryName("France", "FRA"))``;
    ``Label(*Nn_("Add {n} source", "Add {n} sources"), n=3)``.
    """

    template: str
    plural: str | None
    fields: dict[str, Any]

    def __new__(cls, template: str, plural: str | None = None, /, **fields: Any) -> Label:
        text = plural if plural is not None and fields.get("n") != 1 else template
        made = super().__new__(cls, text.format(**fields) if fields else text)
        made.template, made.plural, made.fields = template, plural, fields
        return made

    def __reduce__(self):
        return _label, (self.template, self.plural, self.fields)


def _label(template: str, plural: str | None, fields: dict[str, Any]) -> Label:
    return Label(template, plural, **fields)


class CountryName(str):
    """A country's name in a message, with its code, so a window in another language
    names the country anew: ``CountryName("Malta", "MLT")``."""

    code: str

    def __new__(cls, name: str, code: str) -> CountryName:
        made = super().__new__(cls, name)
        made.code = code
        return made

    def __reduce__(self):
        return CountryName, (str(self), self.code)


class Listing(str):
    """Several parts of a message, one after another (``", "`` between them by default),
    each of them text, a ``Label`` or a ``CountryName`` that a window says in its language:
    ``Listing([CountryName("France", "FRA"), "Gabon"])`` reads "France, Gabon"."""

    items: tuple[Any, ...]
    separator: str

    def __new__(cls, items: Iterable[Any], separator: str = ", ") -> Listing:
        items = tuple(items)
        made = super().__new__(cls, separator.join(str(item) for item in items))
        made.items, made.separator = items, separator
        return made

    def __reduce__(self):
        return Listing, (self.items, self.separator)
