"""Country boundaries as shapely geometries in longitude/latitude, read without GDAL."""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import shapely

from desktop.geo.unitindex import ANTARCTICA
from desktop.paths import geodata_path

BOUNDARIES_FILE = "countries-50m.wkb"
"""The geometries in binary form, written by ``geodata/build_boundaries.py`` beside the
GeoJSON they are checked against; their codes, names, labels and areas come from the index."""
INDEX_FILE = "countries-index.json"

__all__ = [
    "ANTARCTICA",
    "Boundaries",
    "BoundaryIndex",
    "load_boundaries",
    "load_index",
    "read_boundaries",
    "read_index",
    "read_wkb",
    "wkb_file_bytes",
]

WKB_MAGIC = b"CAWKB1\n\0"


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

    def __post_init__(self) -> None:
        object.__setattr__(self, "_positions", {code: i for i, code in enumerate(self.codes)})

    def index(self, code: str) -> int:
        """Position of a code; -1 when the boundaries do not carry it."""
        return self._positions.get(code, -1)

    def geometry(self, code: str) -> shapely.Geometry | None:
        """A country's geometry in lon/lat, or None."""
        i = self.index(code)
        return self.geometries[i] if i >= 0 else None


def read_wkb(path: Path) -> list[bytes]:
    """The WKB records of a boundaries ``.wkb`` file, in file order.

    Layout (``geodata/build_boundaries.py``): the magic bytes ``CAWKB1\\n\\0``, a
    little-endian uint32 count, then per geometry a uint32 length and that many bytes of WKB.
    Raises ValueError for a file that does not follow it.
    """
    data = Path(path).read_bytes()
    if not data.startswith(WKB_MAGIC):
        raise ValueError(f"{path}: not a boundaries WKB file")
    offset = len(WKB_MAGIC)
    (count,) = struct.unpack_from("<I", data, offset)
    offset += 4
    records = []
    for _ in range(count):
        (size,) = struct.unpack_from("<I", data, offset)
        offset += 4
        records.append(data[offset : offset + size])
        offset += size
    if offset != len(data) or any(not r for r in records):
        raise ValueError(f"{path}: truncated or padded boundaries WKB file")
    return records


@dataclass(frozen=True)
class BoundaryIndex:
    """What ``countries-index.json`` says of every country, in file order, without geometry.

    ``labels`` is an (n, 2) array of label points (lon, lat); ``areas_km2`` an (n,) array.
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    labels: np.ndarray
    areas_km2: np.ndarray


def read_index(path: Path) -> BoundaryIndex:
    """The index beside a boundaries ``.wkb`` file (``countries-index.json``)."""
    with open(Path(path).with_name(INDEX_FILE), encoding="utf-8") as handle:
        rows = json.load(handle)
    return BoundaryIndex(
        codes=tuple(r["iso3"] for r in rows),
        names=tuple(r["name"] for r in rows),
        labels=np.array([r["label"] for r in rows], dtype=float).reshape(-1, 2),
        areas_km2=np.array([r["area_km2"] for r in rows], dtype=float),
    )


@cache
def load_index() -> BoundaryIndex:
    """The app's boundary index, read once per process."""
    return read_index(geodata_path(BOUNDARIES_FILE))


def wkb_file_bytes(geometries) -> bytes:
    """Geometries framed as ``read_wkb`` reads them (little-endian, 2D WKB)."""
    blobs = shapely.to_wkb(np.asarray(geometries, dtype=object), byte_order=1, output_dimension=2)
    out = bytearray(WKB_MAGIC)
    out += struct.pack("<I", len(blobs))
    for blob in blobs:
        out += struct.pack("<I", len(blob))
        out += blob
    return bytes(out)


def read_boundaries(path: Path) -> Boundaries:
    """Read boundaries written by ``geodata/build_boundaries.py``.

    ``path`` is the ``.wkb`` file (its codes, names, label points and areas come from
    ``countries-index.json`` beside it), or the GeoJSON the WKB is built from, which carries
    all of that itself and takes several times longer to read.
    """
    path = Path(path)
    if path.suffix == ".wkb":
        index = read_index(path)
        records = read_wkb(path)
        if len(records) != len(index.codes):
            raise ValueError(f"{path}: {len(records)} geometries for {len(index.codes)} index rows")
        return Boundaries(
            codes=index.codes,
            names=index.names,
            geometries=shapely.from_wkb(records),
            labels=index.labels,
            areas_km2=index.areas_km2,
        )
    from shapely.geometry import shape

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
