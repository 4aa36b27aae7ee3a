"""The language of a map: country names, dates and the app's own words in one language.

Country names come from CLDR through Babel (``babel.Locale.territories``), except where the
UN's short name differs from CLDR's: those overrides are reviewed data with a source per row
in ``resources/countries/un-names.csv``. English keeps the app's gazetteer names (the ones
the window, the loader and search use), with the same overrides. Dates are written by
``babel.dates`` at the precision they were given. The app's own words come from the gettext
catalogs in ``resources/locale/<lang>/LC_MESSAGES/atlas.po``, read with Babel at run time
(nothing compiled is kept in the repository).

Nothing here imports Qt, so the exports that need no Qt (HTML, GeoJSON, CSV) use it too.
"""

from __future__ import annotations

import csv
import datetime as dt
import gettext
import io
import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from desktop.model.countries import Gazetteer, NameIndex
from desktop.model.dates import PartialDate
from desktop.model.message import fill
from desktop.paths import resource_path

DEFAULT_LANGUAGE = "en"
"""Exports are in English unless asked otherwise, so scripts give the same output everywhere."""

LANGUAGES: dict[str, str] = {
    "en": "English",
    "fr": "Français",
    "de": "Deutsch",
    "uk": "Українська",
    "pl": "Polski",
    "es": "Español",
    "ar": "العربية",
}
"""Languages the app's words are translated into: code to the language's own name."""

logger = logging.getLogger(__name__)

CATALOG_DOMAIN = "atlas"
OVERRIDES_FILE = ("countries", "un-names.csv")

# CLDR names Kosovo under the user-assigned alpha-2 code the boundaries' XKX stands for.
_ALPHA2_OF = {"XKX": "XK"}


def N_(message: str) -> str:
    """Mark a constant for the catalogs (Babel's extractor finds it); translate it later."""
    return message


class Message(str):
    """An English message with its fields filled in (what it reads as, e.g. in a log), that
    keeps its ``template`` and ``fields`` so a window can translate it before filling them:
    ``Message(N_("Drawing frame {n} of {total}"), n=3, total=10)``."""

    template: str
    fields: dict[str, object]

    def __new__(cls, template: str, **fields: object) -> Message:
        made = super().__new__(cls, fill(template, **fields))
        made.template, made.fields = template, fields
        return made


def check_language(code: str | None) -> str:
    """The language code, lower case; ValueError naming the choices when it is not one."""
    lang = (code or DEFAULT_LANGUAGE).strip().lower().replace("_", "-")
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {code!r} (use one of: {', '.join(LANGUAGES)})")
    return lang


RIGHT_TO_LEFT = frozenset({"ar"})
"""Languages of ``LANGUAGES`` written right to left, for when Babel's data is missing."""


@cache
def babel_locale(tag: str | None):
    """Babel's ``Locale`` for a language tag (``fr``, ``fr_FR``, ``en-GB``), or None.

    A tag whose region Babel has no data for falls back to its language (the packaged app
    carries CLDR data for the app's languages only), and a language without data gives
    None, so callers fall back to English instead of failing.
    """
    from babel import Locale, UnknownLocaleError

    tag = (tag or "").strip().replace("-", "_")
    if not tag:
        return None
    for candidate in dict.fromkeys((tag, tag.split("_")[0])):
        if not candidate:
            continue
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError, OSError):
            continue
    logger.warning("no Babel locale data for %r: English names and dates are used", tag)
    return None


def _locale(lang: str):
    return babel_locale(lang)


def is_rtl(lang: str) -> bool:
    """True when the language is written right to left (Arabic)."""
    lang = check_language(lang)
    if lang == DEFAULT_LANGUAGE:
        # The app's own language: asked at every start, and Babel's import and locale data
        # would cost that start a few hundredths of a second for a known answer.
        return False
    locale = _locale(lang)
    if locale is None:
        return lang in RIGHT_TO_LEFT
    return locale.character_order == "right-to-left"


@cache
def name_overrides() -> dict[tuple[str, str], str]:
    """(code, lang) to the UN short name, where it differs from CLDR's (reviewed data).

    Raises ValueError naming the file and line of a row without a name or a source.
    """
    path = resource_path(*OVERRIDES_FILE)
    overrides: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if not (row.get("code") and row.get("lang") and row.get("name") and row.get("source")):
                raise ValueError(f"{path}:{line}: a row needs a code, lang, name and source")
            overrides[(row["code"], row["lang"])] = row["name"]
    return overrides


def country_name(code: str, alpha2: str | None, lang: str, english: str) -> str:
    """The name of a map unit in ``lang``.

    ``code`` is the unit's alpha-3 (or XKX), ``alpha2`` its ISO alpha-2 when it has one,
    ``english`` the app's English name (the gazetteer's). Order: the reviewed UN override,
    then CLDR for any language but English, then ``english``.
    """
    override = name_overrides().get((code, lang))
    if override:
        return override
    if lang == DEFAULT_LANGUAGE:
        return english
    alpha2 = alpha2 or _ALPHA2_OF.get(code)
    locale = _locale(lang)
    if alpha2 and locale is not None:
        name = locale.territories.get(alpha2)
        if name:
            return name
    return english


def country_names(code: str, alpha2: str | None, lang: str, english: str) -> tuple[str, ...]:
    """Every name of a map unit in ``lang``: ``country_name``'s first, then CLDR's own where
    a UN override replaced it (French "État de Palestine", then "Territoires palestiniens")."""
    shown = country_name(code, alpha2, lang, english)
    alpha2 = alpha2 or _ALPHA2_OF.get(code)
    locale = _locale(lang) if alpha2 and lang != DEFAULT_LANGUAGE else None
    cldr = locale.territories.get(alpha2) if locale is not None else None
    return tuple(dict.fromkeys(n for n in (shown, cldr) if n))


def search_index(
    gazetteer: Gazetteer, lang: str = DEFAULT_LANGUAGE, codes: Iterable[str] | None = None
) -> NameIndex:
    """Search by name in ``lang`` and in English: "Allemagne", "Німеччина" and "Germany"
    all find DEU, each match shown by its name in ``lang``.

    The names in ``lang`` are the ones the maps print (``country_names``); the English ones
    are the gazetteer's names and aliases, and codes match too (``NameIndex``). ``codes``
    narrows the pool. ValueError for an unknown language.
    """
    lang = check_language(lang)
    pool = gazetteer.countries if codes is None else [c for c in codes if c in gazetteer]
    names = {}
    for code in pool:
        country = gazetteer.countries[code]
        names[code] = country_names(code, country.alpha2, lang, country.name)
    return NameIndex(gazetteer, names, pool)


# Babel skeletons keep a partial date's precision: day, month-year, year alone.
_SKELETONS = {"day": "yMMMd", "month": "yMMM", "year": "y"}


def day_text(day: PartialDate | dt.date, lang: str = DEFAULT_LANGUAGE) -> str:
    """A day as the language writes it, at its precision.

    English keeps the app's own form (``2 Mar 2025``, ``Mar 2025``, ``2025``); the others
    are CLDR's medium forms through ``babel.dates`` (``2 mars 2025``, ``März 2025``).
    """
    value = day if isinstance(day, PartialDate) else PartialDate.from_date(day)
    locale = None if lang == DEFAULT_LANGUAGE else _locale(lang)
    if locale is None:
        return value.display()
    from babel.dates import format_skeleton

    return format_skeleton(_SKELETONS[value.precision], value.start, locale=locale)


_ENGLISH_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_WORD = re.compile(r"[^\W\d_]+\.?")
_NUMBER_DOT = re.compile(r"(?<=\d)\.(?=\s|$)")


def _fold(word: str) -> str:
    """A word as typing may give it: any case, accents or not, with or without its dot."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).rstrip(".")


@cache
def _month_words(lang: str) -> dict[str, int]:
    """CLDR's month names of ``lang``, folded, to the month's number: wide and
    abbreviated, in dates (the genitive "січня") and standing alone ("січень")."""
    locale = None if lang == DEFAULT_LANGUAGE else _locale(lang)
    if locale is None:
        return {}
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                names.setdefault(_fold(name), number)
    return names


@cache
def _date_words(lang: str) -> frozenset[str]:
    """The words CLDR's date patterns of ``lang`` put around the numbers (Spanish "de",
    Ukrainian "р." after the year), folded: a typed date may carry them."""
    locale = None if lang == DEFAULT_LANGUAGE else _locale(lang)
    if locale is None:
        return frozenset()
    patterns = [str(getattr(f, "pattern", f)) for f in locale.date_formats.values()]
    patterns += [str(p) for p in locale.datetime_skeletons.values()]
    literals = (lit for pattern in patterns for lit in re.findall(r"'([^']+)'", pattern))
    return frozenset(_fold(w) for lit in literals for w in _WORD.findall(lit))


def day_from_text(text: str, lang: str = DEFAULT_LANGUAGE) -> PartialDate:
    """A date as a person types it in ``lang``, at the precision typed.

    Besides what ``PartialDate.from_text`` reads (ISO forms, English month names, numbers
    day first), month names of ``lang`` from CLDR (Babel) are read in full or abbreviated,
    in any case, with or without accents: "1 janvier 2022", "janv. 2022",
    "1. Januar 2022", "1 січня 2022 р.", "styczeń 2022", "1 de enero de 2022". Digits of
    any script count. So everything ``day_text`` writes reads back. Raises ValueError
    with a message fit to show a user; an unknown language too.
    """
    lang = check_language(lang)
    # Digits of any script as ASCII; format marks (an Arabic date's direction marks) out.
    cleaned = "".join(
        str(unicodedata.digit(c)) if c.isdigit() else c
        for c in str(text)
        if unicodedata.category(c) != "Cf"
    )
    months, fillers = _month_words(lang), _date_words(lang)
    if months:

        def english(match: re.Match) -> str:
            word = _fold(match.group())
            if word in months:
                return " " + _ENGLISH_MONTHS[months[word] - 1] + " "
            return " " if word in fillers else match.group()

        cleaned = _NUMBER_DOT.sub("", _WORD.sub(english, cleaned))
    return PartialDate.from_text(cleaned, typed=text)


def catalog_path(lang: str):
    """The gettext catalog (.po) of a language."""
    return resource_path("locale", lang, "LC_MESSAGES", f"{CATALOG_DOMAIN}.po")


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalog_path(lang).open("rb") as handle:
        # Without Babel's data for the language, the catalog's own Plural-Forms header
        # still gives the plural rule.
        locale = lang if babel_locale(lang) is not None else None
        catalog = read_po(handle, locale=locale, domain=CATALOG_DOMAIN)
    # Compiled in memory: the repository keeps only the reviewed .po text.
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Words:
    """The app's own words in one language: ``words.gettext("As of {day}", day=...)``.

    Message ids are English with ``{name}`` fields, filled after translation so that each
    language can place them where its grammar wants them.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._t = _translations(lang)

    def gettext(self, message: str, **fields: object) -> str:
        """``message`` translated, its ``{fields}`` filled in."""
        text = self._t.gettext(message)
        return fill(text, **fields)

    def ngettext(self, singular: str, plural: str, n: int, **fields: object) -> str:
        """The form for ``n`` (``{n}`` is filled in too) in the language's plural rules."""
        return fill(self._t.ngettext(singular, plural, n), n=n, **fields)

    def lookup(self, message: str) -> str | None:
        """The catalog's translation of ``message`` as written (its fields unfilled); None
        where the catalog has none (English's message ids are its text: always None)."""
        text = self._t.gettext(message)
        return None if text == message else text

    def lookup_plural(self, singular: str, plural: str, n: int) -> str:
        """The form for ``n`` as written (fields unfilled); the English one where the
        catalog has none."""
        return self._t.ngettext(singular, plural, n)


@cache
def words(lang: str = DEFAULT_LANGUAGE) -> Words:
    """The app's words in ``lang`` (checked: ValueError for an unknown code)."""
    return Words(check_language(lang))
