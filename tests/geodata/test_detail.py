"""Checks on the committed 1:10m detail (geodata/countries-10m.wkb) against the 1:50m set."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pyproj
import pytest
import shapely

from desktop.geo.boundaries import read_wkb

GEODATA = Path(__file__).resolve().parents[2] / "geodata"
DETAIL = GEODATA / "countries-10m.wkb"
COARSE = GEODATA / "countries-50m.wkb"
INDEX = GEODATA / "countries-index.json"
MANIFEST = GEODATA / "manifest.json"

GEOD = pyproj.Geod(ellps="WGS84")


@cache
def codes() -> list[str]:
    return [row["iso3"] for row in json.loads(INDEX.read_text(encoding="utf-8"))]


@cache
def detail() -> np.ndarray:
    return shapely.from_wkb(read_wkb(DETAIL))


@cache
def coarse() -> np.ndarray:
    return shapely.from_wkb(read_wkb(COARSE))


def km2(geometry) -> float:
    return abs(GEOD.geometry_area_perimeter(geometry)[0]) / 1e6


def test_detail_has_the_coarse_sets_codes_in_its_order():
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert manifest["detail"]["codes"] == codes()
    assert len(detail()) == len(coarse()) == len(codes())
    # Only the units the 1:10m source lacks fall back to their 1:50m shape.
    assert set(manifest["detail"]["from_coarse"]) <= {"ATC", "VAT"}


def test_detail_geometries_are_valid_and_cut_at_the_antimeridian():
    for code, geometry in zip(codes(), detail(), strict=True):
        assert geometry.is_valid, code
        assert geometry.geom_type == "MultiPolygon", code
        if not geometry.is_empty:
            west, south, east, north = geometry.bounds
            assert west >= -180 and east <= 180 and south >= -90 and north <= 90, code


def test_detail_is_finer_than_the_coarse_set():
    counts_10m = shapely.get_num_coordinates(detail())
    counts_50m = shapely.get_num_coordinates(coarse())
    assert counts_10m.sum() > 2 * counts_50m.sum()
    fine = {code: int(n) for code, n in zip(codes(), counts_10m, strict=True)}
    rough = {code: int(n) for code, n in zip(codes(), counts_50m, strict=True)}
    for code in ("HRV", "GRC", "EST", "NOR", "BIH"):
        assert fine[code] > 2 * rough[code], code


@pytest.mark.parametrize("code", ["UKR", "RUS", "MAR", "ESH", "FRA", "GUF", "NOR", "SJM", "NLD"])
def test_detail_and_coarse_shapes_cover_the_same_land(code):
    """Crimea in Ukraine, the split territories apart from their sovereign: the two sets
    agree on what each code covers, to the generalisation's few percent."""
    i = codes().index(code)
    fine, rough = detail()[i], coarse()[i]
    assert 0.9 < km2(fine) / km2(rough) < 1.1, code
    overlap = km2(shapely.intersection(fine, rough))
    assert overlap > 0.9 * km2(rough), code


def test_every_unit_lies_where_its_coarse_shape_does():
    for code, fine, rough in zip(codes(), detail(), coarse(), strict=True):
        if rough.is_empty or fine.is_empty:
            continue
        assert shapely.intersects(fine, rough), code
        if km2(rough) > 5_000:
            assert 0.8 < km2(fine) / km2(rough) < 1.25, code


def test_crimea_is_drawn_in_ukraine():
    sevastopol, simferopol = shapely.Point(33.52, 44.6), shapely.Point(34.1, 44.95)
    ukraine, russia = detail()[codes().index("UKR")], detail()[codes().index("RUS")]
    assert ukraine.contains(simferopol) and ukraine.contains(sevastopol)
    assert not russia.intersects(simferopol)


def test_western_sahara_is_drawn_apart_from_morocco():
    laayoune, dakhla = shapely.Point(-13.2, 27.15), shapely.Point(-15.94, 23.7)
    sahara, morocco = detail()[codes().index("ESH")], detail()[codes().index("MAR")]
    assert sahara.contains(laayoune) and sahara.contains(dakhla)
    assert not morocco.intersects(laayoune)


def test_split_territories_are_apart_from_their_sovereign():
    pointe_a_pitre, cayenne, kralendijk = (-61.53, 16.24), (-52.33, 4.93), (-68.27, 12.15)
    for code, sovereign, (lon, lat) in (
        ("GLP", "FRA", pointe_a_pitre),
        ("GUF", "FRA", cayenne),
        ("BES", "NLD", kralendijk),
    ):
        near = shapely.Point(lon, lat).buffer(0.1)
        assert detail()[codes().index(code)].intersects(near), code
        assert not detail()[codes().index(sovereign)].intersects(near), code
