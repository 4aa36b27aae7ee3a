"""Country boundaries as shapely geometries in longitude/latitude, read without GDAL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

from desktop.paths import geodata_path

BOUNDARIES_FILE = "countries-50m.geojson"

ANTARCTICA = "ATA"


@dataclass(frozen=True)
class Boundaries:
    """All countries of the boundaries file, in file order (sorted by code).

    Arrays line up: ``codes[i]`` has ``geometries[i]``, ``labels[i]`` (lon, lat) and
    ``areas_km2[i]``.
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    geometries: np.ndarray
    labels: np.ndarray
    areas_km2: np.ndarray

    def __len__(self) -> int:
        return len(self.codes)

    def index(self, code: str) -> int:
        """Position of a code; -1 when the boundaries do not carry it."""
        try:
            return self.codes.index(code)
        except ValueError:
            return -1

    def geometry(self, code: str) -> shapely.Geometry | None:
        """A country's geometry in lon/lat, or None."""
        i = self.index(code)
        return self.geometries[i] if i >= 0 else None


def read_boundaries(path: Path) -> Boundaries:
    """Read a boundaries GeoJSON written by ``geodata/build_boundaries.py``."""
    with open(path, encoding="utf-8") as handle:
        collection = json.load(handle)
    features = collection["features"]
    props = [f["properties"] for f in features]
    return Boundaries(
        codes=tuple(p["iso3"] for p in props),
        names=tuple(p["name"] for p in props),
        geometries=np.array([shape(f["geometry"]) for f in features], dtype=object),
        labels=np.array([(p["label_lon"], p["label_lat"]) for p in props], dtype=float),
        areas_km2=np.array([p["area_km2"] for p in props], dtype=float),
    )


@cache
def load_boundaries() -> Boundaries:
    """The app's boundaries, read once per process."""
    return read_boundaries(geodata_path(BOUNDARIES_FILE))
