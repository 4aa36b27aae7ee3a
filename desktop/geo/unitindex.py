"""The map units of the boundaries without their geometry: codes, names and label points.

Read from ``countries-index.json`` with ``json`` alone, for what needs to know which units
the map has but draws nothing (the styled map behind the CSV, GeoJSON and HTML exports):
no numpy or shapely is loaded for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from desktop.paths import geodata_path

INDEX_FILE = "countries-index.json"

ANTARCTICA = "ATA"


@dataclass(frozen=True)
class UnitIndex:
    """Every unit of the boundaries, in file order (sorted by code); the tuples line up."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    labels: tuple[tuple[float, float], ...]
    """(lon, lat) of the point well inside the unit's largest part."""


@cache
def load_unit_index() -> UnitIndex:
    """The app's 1:50m units, read once per process. Raises OSError or ValueError when the
    index is missing or damaged."""
    with open(geodata_path(INDEX_FILE), encoding="utf-8") as handle:
        rows = json.load(handle)
    return UnitIndex(
        codes=tuple(row["iso3"] for row in rows),
        names=tuple(row["name"] for row in rows),
        labels=tuple((float(row["label"][0]), float(row["label"][1])) for row in rows),
    )
