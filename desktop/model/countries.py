"""Country codes and names: one gazetteer for the loader, search and spreadsheet import.

The gazetteer is plain data handed in by ``desktop.io.gazetteer`` (ISO 3166-1 names from
pycountry, UN and CLDR names, the codes the boundaries carry, and a reviewed alias table);
this module only decides how text maps to a code, so every caller resolves names the same
way. Beyond exact names it reads the two ways tables write a qualified name: inverted
(``"Korea, Rep."``, ``"Gambia, The"``, ``"China, Hong Kong SAR"``) and parenthesised
(``"Netherlands (Kingdom of the)"``), expanding the abbreviations the table hands in.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from desktop.model.sovereignty import SovereigntyTable


def normalise(text: str) -> str:
    """Fold a name for comparison: no accents, case, punctuation or leading "the".

    ``"Türkiye"`` and ``"turkiye"`` compare equal; so do ``"Côte d'Ivoire"`` and
    ``"Cote dIvoire"``.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.casefold().replace("&", " and ")
    folded = re.sub(r"['’`.]", "", folded)
    folded = re.sub(r"[^0-9a-z]+", " ", folded).strip()
    # "St Lucia", "St. Kitts": the abbreviation and the word are one name.
    folded = re.sub(r"\bst\b", "saint", folded)
    return folded.removeprefix("the ").strip()


# Letters Unicode does not split into a base letter and a mark (NFKD leaves "ł" whole), and
# the letter variants Arabic search treats as one (alef maqsura and ya, ta marbuta and ha).
_SEARCH_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ı": "i", "æ": "ae", "œ": "oe",
     "þ": "th", "ð": "d", "ى": "ي", "ة": "ه"}
)  # fmt: skip


def search_key(text: str) -> str:
    """Fold text for search in any script: no accents, case, punctuation or leading "the".

    Latin names fold as ``normalise`` folds them (``"Türkiye"`` and ``"turkiye"``; ``"Białoruś"``
    and ``"bialorus"``); Cyrillic, Greek and Arabic keep their letters, casefolded, without
    combining marks (Arabic's short vowels and hamza seats: ``"ألمانيا"`` and ``"المانيا"``
    compare equal). Words are separated by one space; the result may be empty.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.casefold().translate(_SEARCH_LETTERS).replace("&", " and ")
    # Apostrophes and the Arabic tatweel (a stretching stroke) join, never split, a word.
    folded = re.sub("['’`.\u0640]", "", folded)
    folded = re.sub(r"[\W_]+", " ", folded).strip()
    folded = re.sub(r"\bst\b", "saint", folded)
    return folded.removeprefix("the ").strip()


@dataclass(frozen=True)
class Country:
    """A country or territory the app can name and, if ``on_map``, draw."""

    code: str
    """ISO 3166-1 alpha-3, or another code the boundaries carry (Kosovo ``XKX``)."""
    name: str
    """Display name."""
    alpha2: str | None = None
    aliases: tuple[str, ...] = ()
    """Other names it goes by: ISO official and short names, boundary names, reviewed aliases."""
    on_map: bool = True


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving a text: a code, or why not."""

    text: str
    code: str | None
    candidates: tuple[str, ...] = ()
    """Codes it might mean: several when ambiguous, the closest when unresolved."""
    ambiguous: bool = False

    @property
    def ok(self) -> bool:
        """True when the text named exactly one country."""
        return self.code is not None


# Words that say nothing about which country is meant ("Republic of the Congo").
_FILLER = frozenset({"of", "the", "and"})
_INVERTED = re.compile(r"^(?P<head>.+?),\s*(?P<qualifier>[^,]+)$")
_PARENTHESISED = re.compile(r"^(?P<head>[^(]+?)\s*\((?P<qualifier>[^()]+)\)$")


def _words(text: str) -> frozenset[str]:
    return frozenset(normalise(text).split()) - _FILLER


@dataclass
class Gazetteer:
    """Every country the app knows, with the name index used to resolve and search."""

    countries: dict[str, Country]
    ambiguous_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Names that must not resolve silently (``"Korea"``), folded, with the codes they may mean."""
    codes: dict[str, str] = field(default_factory=dict)
    """Other codes for a country, upper case (``"EL"`` -> ``"GRC"``, ``"KOS"`` -> ``"XKX"``)."""
    abbreviations: dict[str, str] = field(default_factory=dict)
    """Abbreviations in names, as written, and their words (``"Rep."`` -> ``"Republic"``)."""
    sovereignty: SovereigntyTable | None = None
    """Which state each code belongs to (``resources/countries/sovereignty.yaml``); None when
    the gazetteer was built without it, and then every code counts as a state of its own."""

    def __post_init__(self) -> None:
        self._by_alpha2 = {c.alpha2: c.code for c in self.countries.values() if c.alpha2}
        self._by_alpha2.update({k: v for k, v in self.codes.items() if len(k) == 2})
        self._other_codes = {k: v for k, v in self.codes.items() if len(k) != 2}
        # Longest first, so "Fed. Sts." is expanded before a shorter abbreviation inside it.
        self._abbreviations = [
            (re.compile(rf"(?<![\w.]){re.escape(short.rstrip('.'))}\b\.?", re.IGNORECASE), long)
            for short, long in sorted(self.abbreviations.items(), key=lambda kv: -len(kv[0]))
        ]
        self._groups = [set(codes) for codes in self.ambiguous_names.values() if len(codes) > 1]
        index: dict[str, set[str]] = {}
        for country in self.countries.values():
            for name in (country.name, *country.aliases):
                key = normalise(name)
                if key:
                    index.setdefault(key, set()).add(country.code)
        self._by_name = index
        self._keys = sorted(index)

    @classmethod
    def from_countries(
        cls,
        countries: Iterable[Country],
        ambiguous: dict[str, Iterable[str]] | None = None,
        codes: dict[str, str] | None = None,
        abbreviations: dict[str, str] | None = None,
    ) -> Gazetteer:
        """Build from country records.

        ``ambiguous`` maps a name to the codes it may mean; ``codes`` maps other codes
        (EU, IOC, user-assigned) to the country's code; ``abbreviations`` maps a short form
        used inside names (``"Dem."``) to its words (``"Democratic"``).
        """
        folded = {normalise(k): tuple(v) for k, v in (ambiguous or {}).items()}
        return cls(
            {c.code: c for c in countries},
            folded,
            {k.upper(): v for k, v in (codes or {}).items()},
            dict(abbreviations or {}),
        )

    def __contains__(self, code: object) -> bool:
        return code in self.countries

    def __len__(self) -> int:
        return len(self.countries)

    def get(self, code: str) -> Country | None:
        """The country with this code, or None."""
        return self.countries.get(code)

    def name(self, code: str) -> str:
        """Display name of a code (the code itself when unknown)."""
        country = self.countries.get(code)
        return country.name if country else code

    def resolve(self, text: str, suggest: bool = True) -> Resolution:
        """Map a code (alpha-3 or alpha-2, any case) or a name to exactly one code.

        Ambiguous names (``"Korea"``) and unknown names resolve to nothing, with candidates
        the caller can offer; nothing is ever guessed. ``suggest=False`` skips the search
        for the closest names (the costly part) for an unknown name.
        """
        raw = (text or "").strip()
        upper = raw.upper()
        if len(raw) == 3 and upper in self.countries:
            return Resolution(raw, upper)
        if len(raw) == 2 and upper in self._by_alpha2:
            return Resolution(raw, self._by_alpha2[upper])
        if upper in self._other_codes:
            return Resolution(raw, self._other_codes[upper])
        key = normalise(raw)
        if key in self.ambiguous_names:
            return Resolution(raw, None, self.ambiguous_names[key], ambiguous=True)
        codes = self._by_name.get(key, set())
        if not codes:
            codes = self._codes_of_forms(raw)
        if len(codes) == 1:
            return Resolution(raw, next(iter(codes)))
        if len(codes) > 1:
            return Resolution(raw, None, tuple(sorted(codes)), ambiguous=True)
        return Resolution(raw, None, self.closest(raw) if suggest else ())

    def forms(self, text: str) -> list[str]:
        """Other ways of writing ``text``: abbreviations expanded, inverted names turned round.

        ``"Korea, Dem. People's Rep."`` gives ``"Democratic People's Republic of Korea"``
        among others; ``"Netherlands (Kingdom of the)"`` gives ``"Kingdom of the
        Netherlands"``; ``"Hong Kong SAR, China"`` gives ``"Hong Kong Special Administrative
        Region of China"``. The forms are only looked up, never trusted on their own.
        """
        raw = " ".join(text.split())
        shapes = [raw]
        match = _PARENTHESISED.match(raw) or _INVERTED.match(raw)
        if match:
            head, qualifier = match["head"].strip(), match["qualifier"].strip()
            shapes += [
                f"{qualifier} {head}",
                f"{qualifier} of {head}",
                f"{qualifier} of the {head}",
                f"{head} {qualifier}",
                f"{head} of {qualifier}",
            ]
        forms: list[str] = []
        for shape in shapes:
            expanded = shape
            for pattern, words in self._abbreviations:
                expanded = pattern.sub(words, expanded)
            forms += [shape, expanded]
        return list(dict.fromkeys(f for f in forms if f != raw))

    def _codes_of_forms(self, text: str) -> set[str]:
        found: set[str] = set()
        for form in self.forms(text):
            key = normalise(form)
            if key in self.ambiguous_names:
                continue
            found |= self._by_name.get(key, set())
        return found

    def closest(self, text: str, limit: int = 3) -> tuple[str, ...]:
        """Codes whose code or name is nearest to ``text`` (for "did you mean").

        Names sharing the text's distinguishing words rank first, so ``"Korea, Repblic"``
        offers South Korea, never North Korea; of two countries one name could mean
        (Korea, Congo), the one whose names match the text's words less is left out.
        """
        upper = text.strip().upper()
        found: list[str] = []
        if len(upper) == 3 and upper.isalpha():
            # Codes are typed, not spelled: a code sharing two letters in place (GBX -> GBR)
            # is a likelier slip than one sharing letters elsewhere.
            def same_places(code: str) -> int:
                return sum(a == b for a, b in zip(code, upper, strict=True))

            near = [code for code in self.countries if len(code) == 3 and same_places(code) >= 2]
            found += sorted(near, key=lambda code: (-same_places(code), code))[:limit]
        by_name: list[str] = []
        for form in (text, *self.forms(text)):
            for key in difflib.get_close_matches(normalise(form), self._keys, n=limit, cutoff=0.7):
                by_name += sorted(self._by_name[key])
        words = frozenset().union(*(_words(f) for f in (text, *self.forms(text))))
        for word in sorted(words):
            sharing = self._countries_by_word.get(word, ())
            if 0 < len(sharing) <= 3:
                by_name += sorted(sharing)
        found += self._rank_by_words(text, list(dict.fromkeys(by_name)))
        return tuple(dict.fromkeys(found))[:limit]

    @cached_property
    def _countries_by_word(self) -> dict[str, set[str]]:
        """Which countries each word of a name belongs to (built on the first suggestion).

        A word few countries share ("congo", "korea") finds candidates that spelling
        distance alone misses.
        """
        by_word: dict[str, set[str]] = {}
        for country in self.countries.values():
            for name in (country.name, *country.aliases):
                for word in _words(name):
                    by_word.setdefault(word, set()).add(country.code)
        return by_word

    def _rank_by_words(self, text: str, codes: list[str]) -> list[str]:
        """Order ``codes`` by how well their names share the words of ``text`` (all forms)."""
        words = frozenset().union(*(_words(f) for f in (text, *self.forms(text))))

        def overlap(name: str) -> int:
            # Words match when equal or one slip apart ("Repblic" is "Republic").
            theirs = _words(name)
            matched = {
                other
                for word in words
                for other in (
                    [word] if word in theirs else difflib.get_close_matches(word, theirs, 1, 0.8)
                )
            }
            return len(matched) - len(theirs - matched)

        def score(code: str) -> int:
            country = self.countries[code]
            # A name that could mean two countries ("Congo") says nothing about which.
            names = [
                n
                for n in (country.name, *country.aliases)
                if normalise(n) not in self.ambiguous_names
            ]
            return max((overlap(n) for n in names), default=-99)

        scores = {code: score(code) for code in codes}
        ranked = sorted(codes, key=lambda code: -scores[code])
        kept = []
        for code in ranked:
            rivals = [g for g in self._groups if code in g]
            if any(scores.get(other, -99) > scores[code] for g in rivals for other in g):
                continue
            kept.append(code)
        return kept

    def search(
        self, text: str, limit: int = 12, codes: Iterable[str] | None = None
    ) -> list[Country]:
        """Countries whose code, name or alias matches ``text``, best first (English names;
        ``NameIndex`` searches another language's names too). ``codes`` narrows the pool."""
        found = NameIndex(self, codes=codes).search(text, limit)
        return [self.countries[match.code] for match in found]


@dataclass(frozen=True)
class Found:
    """A country search offers."""

    code: str
    name: str
    """Its name in the index's language (the name a list of matches shows)."""
    rank: int
    """How it matched, lower is better: 0 its code, then (each for the language's name
    before the English names and aliases) the whole name, the name's start, a word's
    start, anywhere inside."""


@dataclass(frozen=True)
class _Entry:
    code: str
    alpha2: str
    name: str
    sort_key: tuple[int, str]
    own: tuple[str, ...]
    other: tuple[str, ...]


class NameIndex:
    """What search looks through: each country's code, its names in one language, and its
    English names and aliases, folded once (``search_key``) so each keystroke only compares.

    ``names`` maps a code to its names in the chosen language, the name to show first
    (``desktop.geo.language.search_index`` builds it from CLDR); without it, or for a code
    it lacks, the gazetteer's English name is shown. ``codes`` narrows the pool to those
    codes (unknown ones are left out).
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        names: Mapping[str, Sequence[str]] | None = None,
        codes: Iterable[str] | None = None,
    ) -> None:
        countries = gazetteer.countries
        pool = countries if codes is None else dict.fromkeys(c for c in codes if c in countries)
        self.entries: list[_Entry] = []
        for code in pool:
            country = countries[code]
            local = [n for n in (names or {}).get(code, ()) if n] or [country.name]
            own = tuple(dict.fromkeys(k for k in map(search_key, local) if k))
            english = map(search_key, (country.name, *country.aliases))
            other = tuple(dict.fromkeys(k for k in english if k and k not in own))
            # Of equal matches the shorter name first: "Франц" offers France (Франція)
            # before French Guiana (Французька Гвіана).
            folded = search_key(local[0]) or local[0].casefold()
            sort_key = (len(folded), folded)
            entry = _Entry(code, (country.alpha2 or "").casefold(), local[0], sort_key, own, other)
            self.entries.append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, text: str, limit: int = 12) -> list[Found]:
        """Countries matching ``text``, best first, at most ``limit``.

        An exact code (alpha-3 or alpha-2) ranks first, then a whole name, then names
        starting with the text, then names with a word starting with it, then names merely
        containing it; at each step the language's names before the English ones, then the
        shorter name shown first. Case, accents and punctuation never matter.
        """
        key = search_key(text)
        if not key:
            return []
        spaced = f" {key}"
        scored: list[tuple[int, tuple[int, str], _Entry]] = []
        for entry in self.entries:
            best = 99
            if entry.code.casefold() == key or entry.alpha2 == key:
                best = 0
            for via, keys in ((0, entry.own), (1, entry.other)):
                for name in keys:
                    if name == key:
                        level = 1
                    elif name.startswith(key):
                        level = 2
                    elif spaced in f" {name}":
                        level = 3
                    elif key in name:
                        level = 4
                    else:
                        continue
                    best = min(best, 2 * level - 1 + via)
            if best < 99:
                scored.append((best, entry.sort_key, entry))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [Found(e.code, e.name, rank) for rank, _, e in scored[:limit]]
