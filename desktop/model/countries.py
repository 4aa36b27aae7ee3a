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
from collections.abc import Iterable
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
        """Countries whose code, name or alias matches ``text``, best first.

        An exact code ranks first, then names starting with the text, then names with a word
        starting with it, then names merely containing it. ``codes`` narrows the pool.
        """
        key = normalise(text)
        if not key:
            return []
        pool = (
            self.countries
            if codes is None
            else {c: self.countries[c] for c in codes if c in self.countries}
        )
        scored: list[tuple[int, str, Country]] = []
        for country in pool.values():
            best = 9
            if country.code.casefold() == key or (country.alpha2 or "").casefold() == key:
                best = 0
            for name in (country.name, *country.aliases):
                folded = normalise(name)
                if folded == key:
                    best = min(best, 1)
                elif folded.startswith(key):
                    best = min(best, 2)
                elif f" {key}" in f" {folded}":
                    best = min(best, 3)
                elif key in folded:
                    best = min(best, 4)
            if best < 9:
                scored.append((best, normalise(country.name), country))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [country for _, _, country in scored[:limit]]
