"""Can the categories be told apart by people with a colour vision deficiency?

Each pair of class colours is simulated as seen with protanopia, deuteranopia and
tritanopia (the complete forms of the three deficiencies, with coloraide's default models:
Viénot, Brettel and Mollon 1999 for the first two, Brettel, Viénot and Mollon 1997 for
tritanopia), and their difference measured with CIEDE2000. A difference
under ``THRESHOLD`` is a clash: the two classes look alike to that reader. coloraide (MIT,
pure Python) is imported only when a check runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

THRESHOLD = 10.0
"""CIEDE2000 difference under which two simulated colours count as hard to tell apart.

About 2.3 is a just-noticeable difference side by side; map classes are read from a small
legend swatch against a country some distance away, where a difference of 10 is about what
stays reliable, so that is the line drawn here."""

DEFICIENCIES: dict[str, str] = {
    "protanopia": "protan",
    "deuteranopia": "deutan",
    "tritanopia": "tritan",
}
"""Deficiency name, as messages say it, to coloraide's filter name."""


@dataclass(frozen=True)
class Clash:
    """Two classes whose colours look alike to readers with one deficiency."""

    first: str
    second: str
    """The classes' labels, in legend order."""
    deficiency: str
    difference: float
    """CIEDE2000 difference of the simulated colours."""

    def message(self) -> str:
        """One line for the user, with the way out."""
        return (
            f"{self.first!r} and {self.second!r} are hard to tell apart with "
            f"{self.deficiency} (colour difference {self.difference:.1f}, under "
            f"{THRESHOLD:g}): choose another colour for one of them, or hatch the "
            "categories (--pattern, or 'Hatch the categories' in the Export dialog)"
        )


def clashes(classes: Iterable[tuple[str, str]]) -> list[Clash]:
    """Pairs of ``(label, "#RRGGBB")`` classes that clash under any of the three
    deficiencies, the worst deficiency for each pair only, in legend order. Colours that
    cannot be read are skipped (validation reports them)."""
    from coloraide import Color

    read = []
    for label, colour in classes:
        try:
            read.append((label, Color(colour)))
        except ValueError:
            continue
    seen = {
        name: [color.filter(kind).convert("srgb").clip() for _, color in read]
        for name, kind in DEFICIENCIES.items()
    }
    out = []
    for i in range(len(read)):
        for j in range(i + 1, len(read)):
            worst = min(
                ((name, seen[name][i].delta_e(seen[name][j], method="2000")) for name in seen),
                key=lambda item: item[1],
            )
            if worst[1] < THRESHOLD:
                out.append(Clash(read[i][0], read[j][0], worst[0], worst[1]))
    return out
