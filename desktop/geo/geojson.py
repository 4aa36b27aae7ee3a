"""The map as GeoJSON: one feature per country with its category, for GIS tools (QGIS, GDAL)."""

from __future__ import annotations

import datetime as dt
import json

import shapely

from desktop.geo.boundaries import ANTARCTICA, load_boundaries
from desktop.model.asof import snapshot
from desktop.model.countries import Gazetteer
from desktop.model.dataset import NO_POSITION_LABEL, Dataset


def countries_geojson(dataset: Dataset, gazetteer: Gazetteer, day: dt.date | None = None) -> str:
    """An RFC 7946 FeatureCollection of every country on the map, in longitude/latitude
    (Antarctica, which the map leaves out, only when the dataset lists it).

    Properties: ``iso3``, ``name``, ``category`` (null without a position), ``category_label``,
    ``color``, ``role``, ``summary``. A listed nation the boundaries do not draw is a feature
    with a null geometry, so no nation is lost.
    """
    boundaries = load_boundaries()
    snap = snapshot(dataset, day)
    features = []

    def feature(code: str, geometry) -> dict:
        category = dataset.category(snap.category_of(code))
        nation = dataset.nation(code)
        return {
            "type": "Feature",
            "properties": {
                "iso3": code,
                "name": gazetteer.name(code),
                "category": category.id if category else None,
                "category_label": category.label if category else NO_POSITION_LABEL,
                "color": category.color if category else None,
                "role": nation.role if nation else None,
                "summary": nation.summary if nation else None,
            },
            "geometry": geometry,
        }

    for code, geometry in zip(boundaries.codes, boundaries.geometries, strict=True):
        if code == ANTARCTICA and dataset.nation(code) is None:
            continue  # as on the map and in the legend's counts
        shape = None if shapely.is_empty(geometry) else json.loads(shapely.to_geojson(geometry))
        features.append(feature(code, shape))
    drawn = set(boundaries.codes)
    features.extend(feature(n.iso3, None) for n in dataset.nations if n.iso3 not in drawn)
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
