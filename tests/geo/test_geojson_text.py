"""The GeoJSON export copies geometry text from the boundaries file: it must be the same."""

from __future__ import annotations

import json

import pytest

from desktop.geo.geojson import geometry_texts
from desktop.paths import geodata_path


def test_geometry_texts_are_the_boundary_features_geometries():
    with open(geodata_path("countries-50m.geojson"), encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    texts = geometry_texts()
    assert list(texts) == [f["properties"]["iso3"] for f in features]
    for feature in features:
        text = texts[feature["properties"]["iso3"]]
        if not feature["geometry"]["coordinates"]:
            assert text is None  # written as a null geometry
        else:
            assert json.loads(text) == feature["geometry"]


def test_a_boundaries_file_of_another_shape_is_refused(tmp_path):
    odd = tmp_path / "odd.geojson"
    odd.write_text(
        '{"type":"FeatureCollection","features":[\n'
        '{"type":"Feature","geometry":null,"properties":{"name":"x"}}\n]}\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"odd\.geojson:2"):
        geometry_texts(odd)
