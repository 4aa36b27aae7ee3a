"""The map as GeoJSON: one feature per map unit with its category, for GIS tools (QGIS, GDAL)."""

from __future__ import annotations

import json

import shapely

from desktop.geo.boundaries import load_boundaries
from desktop.geo.styled import StyledMap
from desktop.model.dataset import Dataset


def countries_geojson(dataset: Dataset, styled: StyledMap) -> str:
    """An RFC 7946 FeatureCollection of every unit the styled map counts, in longitude/latitude
    (Antarctica, which the map leaves out, only when the dataset lists it).

    Properties: ``iso3``, ``name``, ``category`` (null without a position), ``category_label``,
    ``color``, ``role``, ``summary``, all as ``styled`` shows them on its day. A listed nation
    the boundaries do not draw is a feature with a null geometry, so no nation is lost.
    """
    boundaries = load_boundaries()
    labels = {row.category: row.label for row in styled.legend}
    features = []
    for unit in styled.units:
        geometry = boundaries.geometry(unit.code) if unit.drawn else None
        shape = (
            None
            if geometry is None or shapely.is_empty(geometry)
            else json.loads(shapely.to_geojson(geometry))
        )
        nation = dataset.nation(unit.code) if unit.listed else None
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "iso3": unit.code,
                    "name": unit.name,
                    "category": unit.category,
                    "category_label": labels.get(unit.category, ""),
                    "color": unit.fill if unit.category is not None else None,
                    "role": nation.role if nation else None,
                    "summary": nation.summary if nation else None,
                },
                "geometry": shape,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
