"""Country codes and names: one gazetteer for the loader, search and spreadsheet import.

The gazetteer is plain data handed in by ``desktop.io.gazetteer`` (ISO 3166-1 names from
pycountry, the codes the boundaries carry, and a reviewed alias table); this module only
decides how text maps to a code, so every caller resolves names the same way.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field


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


@dataclass
class Gazetteer:
    """Every country the app knows, with the name index used to resolve and search."""

    countries: dict[str, Country]
    ambiguous_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Names that must not resolve silently (``"Korea"``), folded, with the codes they may mean."""

    def __post_init__(self) -> None:
        self._by_alpha2 = {c.alpha2: c.code for c in self.countries.values() if c.alpha2}
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
        cls, countries: Iterable[Country], ambiguous: dict[str, Iterable[str]] | None = None
    ) -> Gazetteer:
        """Build from country records; ``ambiguous`` maps a name to the codes it may mean."""
        folded = {normalise(k): tuple(v) for k, v in (ambiguous or {}).items()}
        return cls({c.code: c for c in countries}, folded)

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

    def resolve(self, text: str) -> Resolution:
        """Map a code (alpha-3 or alpha-2, any case) or a name to exactly one code.

        Ambiguous names (``"Korea"``) and unknown names resolve to nothing, with candidates
        the caller can offer; nothing is ever guessed.
        """
        raw = (text or "").strip()
        upper = raw.upper()
        if len(raw) == 3 and upper in self.countries:
            return Resolution(raw, upper)
        if len(raw) == 2 and upper in self._by_alpha2:
            return Resolution(raw, self._by_alpha2[upper])
        key = normalise(raw)
        if key in self.ambiguous_names:
            return Resolution(raw, None, self.ambiguous_names[key], ambiguous=True)
        codes = self._by_name.get(key, set())
        if len(codes) == 1:
            return Resolution(raw, next(iter(codes)))
        if len(codes) > 1:
            return Resolution(raw, None, tuple(sorted(codes)), ambiguous=True)
        return Resolution(raw, None, self.closest(raw))

    def closest(self, text: str, limit: int = 3) -> tuple[str, ...]:
        """Codes whose code or name is nearest to ``text`` (for "did you mean")."""
        upper = text.strip().upper()
        found: list[str] = []
        if len(upper) == 3 and upper.isalpha():
            # Codes are typed, not spelled: a code sharing two letters in place (GBX -> GBR)
            # is a likelier slip than one sharing letters elsewhere.
            def same_places(code: str) -> int:
                return sum(a == b for a, b in zip(code, upper, strict=True))

            near = [code for code in self.countries if len(code) == 3 and same_places(code) >= 2]
            found += sorted(near, key=lambda code: (-same_places(code), code))[:limit]
        for key in difflib.get_close_matches(normalise(text), self._keys, n=limit, cutoff=0.7):
            found += sorted(self._by_name[key])
        return tuple(dict.fromkeys(found))[:limit]

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
