"""Colours of the map's furniture (ocean, unlisted land, borders, text) for light and dark.

Category colours come from the dataset; everything else comes from here, so the window,
the composed images and the HTML agree. Plain ``#RRGGBB`` text: no Qt, so the HTML and the
styled map can use it without loading a GUI toolkit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """The fixed colours of a map, as ``#RRGGBB`` text."""

    key: str
    ocean: str
    land: str
    """Countries without a stated position."""
    border: str
    background: str
    """Page around the map in exports (title, legend)."""
    text: str
    muted: str
    selection: str
    selection_halo: str
    hover: str
    marker_edge: str
    label_halo: str


LIGHT = Theme(
    key="light",
    ocean="#d6e2ea",
    land="#ebeae6",
    border="#ffffff",
    background="#ffffff",
    text="#1d2329",
    muted="#5b6670",
    selection="#111418",
    selection_halo="#ffffff",
    hover="#ffffff",
    marker_edge="#ffffff",
    label_halo="#ffffff",
)

DARK = Theme(
    key="dark",
    ocean="#17212b",
    land="#3a424b",
    border="#17212b",
    background="#101820",
    text="#e8edf2",
    muted="#9aa7b3",
    selection="#ffffff",
    selection_halo="#000000",
    hover="#ffffff",
    marker_edge="#17212b",
    label_halo="#17212b",
)

THEMES: dict[str, Theme] = {LIGHT.key: LIGHT, DARK.key: DARK}
