"""A map in words: the text alternative every output can carry (HTML accessible name, alt
text beside an image, an SVG's ``<desc>``, a PDF's subject)."""

from __future__ import annotations

from desktop.geo.language import Words, words
from desktop.geo.styled import StyledMap

SMALL_CATEGORY = 8
"""Categories with at most this many members are described member by member."""


def _names(names: list[str], say: Words) -> str:
    if len(names) == 1:
        return names[0]
    return say.gettext("{names} and {last}", names=", ".join(names[:-1]), last=names[-1])


def map_description(styled: StyledMap, title: str) -> str:
    """One paragraph: the title, the as-of date, each legend row with its count, and the
    members of the small categories by name (listed nations, alphabetically).

    ``"Map: NATO members, as of 31 Dec 2024. Member: 32. Applicant: 2 (Bosnia and
    Herzegovina and Ukraine). Not a member: 161."`` The counts are the legend's, so every
    output says the same as its legend. Written in the map's language (``styled.lang``).
    """
    say = words(styled.lang)
    name = title.strip() or say.gettext("untitled")
    parts = [say.gettext("Map: {title}, as of {day}.", title=name, day=styled.day_text)]
    for row in styled.legend:
        text = f"{row.label}: {row.count}"
        if row.category is not None and 0 < row.count <= SMALL_CATEGORY:
            members = sorted(
                (styled.name_of(code) for code in styled.members(row.category)
                 if (unit := styled.unit(code)) is not None and unit.listed),
                key=str.casefold,
            )  # fmt: skip
            if members:
                text += f" ({_names(members, say)})"
        parts.append(text + ".")
    return " ".join(parts)
