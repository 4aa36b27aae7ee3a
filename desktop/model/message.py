"""Messages a user may see, kept translatable below the window (no translation here).

The model and the file formats say things a user reads: an edit's name, why an edit was
refused, what is wrong in a file. Each such message is a ``Label``: its ``str`` is the
English text (what a log, the command line and the tests see), and it keeps the message id
(``template``) and its ``fields``, so the window translates the message before filling the
fields in, each language placing them where its grammar wants them. ``N_`` and ``Nn_``
only mark message ids for the app's catalogs (``scripts/messages.py`` extracts them).
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Any

_FORMATTER = string.Formatter()


def fill(template: str, /, **fields: Any) -> str:
    """``template.format(**fields)``, with one full stop where a field that ends in one (an
    abbreviated date such as "1 січ. 2026 р." or "janv.") meets the template's own: the
    sentence ends once. An ellipsis ("...") in the template is kept.

    Raises KeyError for a field the template names and ``fields`` lacks, like ``format``.
    """
    if not fields:
        return template
    out: list[str] = []
    for literal, name, spec, conversion in _FORMATTER.parse(template):
        if (
            out
            and out[-1].endswith(".")
            and literal.startswith(".")
            and not literal.startswith("..")
        ):
            literal = literal[1:]
        out.append(literal)
        if name is not None:
            value = _FORMATTER.get_field(name, (), fields)[0]
            value = _FORMATTER.convert_field(value, conversion)
            out.append(_FORMATTER.format_field(value, _FORMATTER.vformat(spec or "", (), fields)))
    return "".join(out)


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
        made = super().__new__(cls, fill(text, **fields))
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
