"""Checks on the committed boundaries in geodata/ and on the build's antimeridian cut.

These read the committed files with json, shapely and pyproj only, as the app does: no
geopandas, npm or network.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pyproj
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, shape

GEODATA = Path(__file__).resolve().parents[2] / "geodata"
GEOJSON = GEODATA / "countries-50m.geojson"
INDEX = GEODATA / "countries-index.json"
WKB = GEODATA / "countries-50m.wkb"
HTML_OUTLINES = GEODATA / "countries-html.json"
MANIFEST = GEODATA / "manifest.json"
BUILD_SCRIPT = GEODATA / "build_boundaries.py"

# The 193 member states of the United Nations. Observers (the Holy See, Palestine) and
# Kosovo, Taiwan and Western Sahara are not members.
UN_MEMBERS = frozenset(
    """
    AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BLZ
    BOL BRA BRB BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE
    DEU DJI DMA DNK DOM DZA ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB
    GNB GNQ GRC GRD GTM GUY HND HRV HTI HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR JPN KAZ
    KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG
    MDV MEX MHL MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM NER NGA NIC NLD NOR NPL NRU
    NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY QAT ROU RUS RWA SAU SDN SEN SGP SLB SLE
    SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ SYC SYR TCD TGO THA TJK TKM TLS TON TTO TUN
    TUR TUV TZA UGA UKR URY USA UZB VCT VEN VNM VUT WSM YEM ZAF ZMB ZWE
    """.split()  # noqa: SIM905 - an alphabetical grid is easier to check than 193 quoted lines
)

# Countries the source reduces to a single point at this scale (see geodata/README.md).
COLLAPSED = frozenset({"ATC", "VAT"})


@cache
def features() -> dict[str, dict]:
    with open(GEOJSON, encoding="utf-8") as handle:
        collection = json.load(handle)
    assert collection["type"] == "FeatureCollection"
    return {f["properties"]["iso3"]: f for f in collection["features"]}


@cache
def geometries() -> dict[str, MultiPolygon]:
    return {code: shape(f["geometry"]) for code, f in features().items()}


@cache
def index() -> list[dict]:
    with open(INDEX, encoding="utf-8") as handle:
        return json.load(handle)


@cache
def build_module():
    spec = importlib.util.spec_from_file_location("build_boundaries", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class body runs.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def rings(geometry):
    for polygon in shapely.get_parts(geometry):
        yield polygon.exterior
        yield from polygon.interiors


def countries_at(lon: float, lat: float) -> list[str]:
    point = Point(lon, lat)
    return [c for c, g in geometries().items() if g.contains(point)]


# --------------------------------------------------------------------------------------------
# Contents


def test_at_least_240_countries_with_unique_codes():
    with open(GEOJSON, encoding="utf-8") as handle:
        codes = [f["properties"]["iso3"] for f in json.load(handle)["features"]]
    assert len(codes) >= 240
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)


def test_un_member_list_itself_is_right():
    assert len(UN_MEMBERS) == 193
    assert not {"PSE", "VAT", "XKX", "TWN", "ESH"} & UN_MEMBERS
    assert {"PRK", "KOR", "SSD", "MNE", "TLS"} <= UN_MEMBERS


def test_every_un_member_state_is_present():
    assert sorted(UN_MEMBERS - features().keys()) == []


def test_microstates_present_with_an_outline():
    for code in ("MLT", "LUX", "SGP", "LIE", "BHR", "MCO", "SMR"):
        assert code in features()
        assert not geometries()[code].is_empty, code


def test_properties_are_exactly_the_documented_ones():
    for code, feature in features().items():
        assert list(feature["properties"]) == ["iso3", "name", "label_lon", "label_lat", "area_km2"]
        assert feature["geometry"]["type"] == "MultiPolygon", code
        assert isinstance(feature["properties"]["name"], str) and feature["properties"]["name"]


def test_crimea_is_drawn_in_ukraine():
    assert countries_at(34.10, 44.95) == ["UKR"]  # Simferopol
    assert countries_at(33.52, 44.60) == ["UKR"]  # Sevastopol


def test_moscow_is_in_russia():
    assert countries_at(37.62, 55.75) == ["RUS"]


# Places well inside each split territory (its main town, or its centre) and inside the
# sovereign it was taken from.
TERRITORY_PLACES = {
    "GUF": (-53.0, 4.0),  # interior of French Guiana
    "GLP": (-61.68, 16.17),  # Basse-Terre
    "MTQ": (-61.02, 14.65),  # near Fort-de-France
    "REU": (55.5, -21.1),  # Piton des Neiges
    "MYT": (45.13, -12.82),  # Grande-Terre
    "SJM": (15.5, 78.22),  # Longyearbyen, Spitsbergen
    "BES": (-68.27, 12.2),  # Bonaire
}


@pytest.mark.parametrize(("code", "place"), sorted(TERRITORY_PLACES.items()))
def test_split_territories_are_features_of_their_own(code, place):
    assert countries_at(*place) == [code]


def test_split_territories_left_their_sovereign_in_europe():
    assert countries_at(2.35, 48.86) == ["FRA"]  # Paris
    assert countries_at(9.15, 42.15) == ["FRA"]  # Corsica stays French mainland
    assert countries_at(8.0, 62.0) == ["NOR"]
    for code in ("FRA", "NOR", "NLD"):
        west, south, east, north = geometries()[code].bounds
        assert west > -10 and east < 35 and south > 40 and north < 72, code


def test_split_territories_keep_their_borders_with_neighbours():
    # French Guiana shares its borders with Brazil and Suriname vertex for vertex.
    guf = geometries()["GUF"]
    for neighbour in ("BRA", "SUR"):
        shared = guf.boundary.intersection(geometries()[neighbour].boundary)
        assert shared.length > 1.0, neighbour


def test_split_territories_match_the_sovereignty_table():
    from desktop.io.sovereignty import default_sovereignty

    table = default_sovereignty()
    for split in build_module().TERRITORY_SPLITS:
        assert table.sovereign_of(split.iso3) == split.sovereign, split.iso3


def test_only_the_documented_countries_have_no_outline():
    empty = {code for code, g in geometries().items() if g.is_empty}
    assert empty == COLLAPSED
    # Their label is the source's collapsed position: the Vatican's lies in Rome.
    vat = features()["VAT"]["properties"]
    assert geometries()["ITA"].contains(Point(vat["label_lon"], vat["label_lat"]))


def test_areas_are_plausible():
    # Reference figures for the 1:50m outlines; a wrong unit, a missing abs() or a bad
    # antimeridian cut moves these by far more than 3 %.
    expected = {"RUS": 16.95e6, "ATA": 12.36e6, "USA": 9.455e6, "FJI": 18_270, "MLT": 264}
    for code, km2 in expected.items():
        assert features()[code]["properties"]["area_km2"] == pytest.approx(km2, rel=0.03), code
    for code in COLLAPSED:
        assert features()[code]["properties"]["area_km2"] == 0


# --------------------------------------------------------------------------------------------
# Geometry


def test_all_geometries_are_valid():
    invalid = [c for c, g in geometries().items() if not g.is_valid]
    assert invalid == []


def test_countries_form_a_valid_coverage():
    # Topology-preserving simplification (shapely.coverage_simplify) needs shared borders.
    assert shapely.coverage_is_valid(np.asarray(list(geometries().values()), dtype=object))


def test_rings_follow_rfc7946_orientation():
    for code, geometry in geometries().items():
        for polygon in shapely.get_parts(geometry):
            assert polygon.exterior.is_ccw, code
            assert not any(hole.is_ccw for hole in polygon.interiors), code


def test_coordinates_on_the_documented_grid():
    decimals = json.loads(MANIFEST.read_text(encoding="utf-8"))["coordinate_decimals"]
    coords = shapely.get_coordinates(np.asarray(list(geometries().values()), dtype=object))
    assert np.array_equal(coords, np.round(coords, decimals))
    assert coords[:, 0].min() >= -180 and coords[:, 0].max() <= 180
    assert coords[:, 1].min() >= -90 and coords[:, 1].max() <= 90


def test_no_part_spans_more_than_half_the_world_except_antarctica():
    wide = []
    for code, geometry in geometries().items():
        for polygon in shapely.get_parts(geometry):
            west, _, east, _ = polygon.bounds
            if east - west > 180 and code != "ATA":
                wide.append(code)
    assert wide == []


def test_antarctica_is_closed_along_the_south_pole():
    main = max(shapely.get_parts(geometries()["ATA"]), key=lambda p: p.area)
    west, south, east, _ = main.bounds
    assert (west, south, east) == (-180, -90, 180)
    assert main.contains(Point(0, -89.5))


def test_no_band_across_an_equal_earth_map():
    transformer = pyproj.Transformer.from_crs("EPSG:4326", "+proj=eqearth", always_xy=True)
    width = transformer.transform(180, 0)[0] - transformer.transform(-180, 0)[0]
    longest = {}
    for code, geometry in geometries().items():
        for ring in rings(geometry):
            lon, lat = np.asarray(ring.coords).T
            x, y = transformer.transform(lon, lat)
            longest[code] = max(
                longest.get(code, 0.0), float(np.hypot(np.diff(x), np.diff(y)).max())
            )
    too_long = {code: round(d / width, 3) for code, d in longest.items() if d > width / 4}
    assert too_long == {}


def test_label_points_lie_inside_their_country():
    outside = []
    for code, feature in features().items():
        if code in COLLAPSED:
            continue
        props = feature["properties"]
        if not geometries()[code].contains(Point(props["label_lon"], props["label_lat"])):
            outside.append(code)
    assert outside == []


def test_labels_sit_in_the_main_landmass():
    # The label goes in the largest part: mainland, not an outlying island or exclave.
    mainland = {
        "RUS": (30, 180, 45, 78),
        "USA": (-125, -66, 24, 50),
        "FRA": (-5, 9, 42, 51.5),
        "FJI": (177, 179, -18.5, -17),
        "NZL": (166, 175, -47, -40),
    }
    for code, (west, east, south, north) in mainland.items():
        props = features()[code]["properties"]
        assert west < props["label_lon"] < east and south < props["label_lat"] < north, code


# --------------------------------------------------------------------------------------------
# Index and manifest


def test_index_matches_the_geojson():
    rows = index()
    assert [r["iso3"] for r in rows] == sorted(features())
    for row in rows:
        props = features()[row["iso3"]]["properties"]
        assert set(row) == {"iso3", "name", "label", "area_km2", "bbox"}
        assert row["name"] == props["name"]
        assert row["label"] == [props["label_lon"], props["label_lat"]]
        assert row["area_km2"] == props["area_km2"]
        geometry = geometries()[row["iso3"]]
        if geometry.is_empty:
            assert row["bbox"] == row["label"] * 2
        else:
            assert row["bbox"] == pytest.approx(list(geometry.bounds), abs=1e-9)


def test_the_binary_geometries_are_the_geojson_ones_exactly():
    from desktop.geo.boundaries import read_boundaries

    binary = read_boundaries(WKB)
    assert list(binary.codes) == sorted(features())
    for code, geometry in zip(binary.codes, binary.geometries, strict=True):
        expected = geometries()[code]
        assert geometry.geom_type == "MultiPolygon", code
        # Same rings, same vertex order, bit-identical coordinates.
        assert shapely.equals_exact(geometry, expected, tolerance=0.0), code
        props = features()[code]["properties"]
        i = binary.index(code)
        assert binary.names[i] == props["name"]
        assert tuple(binary.labels[i]) == (props["label_lon"], props["label_lat"])
        assert binary.areas_km2[i] == props["area_km2"]


def test_a_damaged_binary_file_is_refused(tmp_path):
    from desktop.geo.boundaries import read_boundaries

    data = WKB.read_bytes()
    (tmp_path / INDEX.name).write_bytes(INDEX.read_bytes())
    for name, damaged in (("cut.wkb", data[:-10]), ("other.wkb", b"GIF89a" + data[6:])):
        (tmp_path / name).write_bytes(damaged)
        with pytest.raises(ValueError, match=name):
            read_boundaries(tmp_path / name)


def test_the_html_outlines_cover_every_country_but_antarctica():
    with open(HTML_OUTLINES, encoding="utf-8") as handle:
        outlines = json.load(handle)
    rows = outlines["countries"]
    assert [r["iso3"] for r in rows] == [c for c in sorted(features()) if c != "ATA"]
    q = outlines["quantum"]
    for row in rows:
        geometry = geometries()[row["iso3"]]
        if geometry.is_empty:
            assert row["main_bbox"] is None and row["shape"] == []
            continue
        west, south, east, north = geometry.bounds
        box = row["main_bbox"]
        assert west - 1e-9 <= box[0] <= box[2] <= east + 1e-9, row["iso3"]
        assert south - 1e-9 <= box[1] <= box[3] <= north + 1e-9, row["iso3"]
        # Rings start from an absolute point within the world, in 1/q degree.
        for polygon in row["shape"]:
            for ring in polygon:
                assert len(ring) >= 6 and len(ring) % 2 == 0
                assert abs(ring[0]) <= 180 * q and abs(ring[1]) <= 90 * q


def test_manifest_matches_the_files_on_disk():
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert set(manifest["outputs"]) == {
        GEOJSON.name,
        INDEX.name,
        WKB.name,
        HTML_OUTLINES.name,
        "countries-10m.wkb",
        "countries-50m-presets.json",
        "countries-50m-world.wkb",
        "countries-50m-europe.wkb",
    }
    for name, entry in manifest["outputs"].items():
        data = (GEODATA / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
        assert len(data) == entry["bytes"], name
    assert manifest["feature_count"] == len(features())
    vertices = shapely.get_num_coordinates(np.asarray(list(geometries().values()), dtype=object))
    assert manifest["vertex_count"] == int(vertices.sum())
    assert manifest["source"]["tarball_sha256"] == build_module().TARBALL_SHA256


# --------------------------------------------------------------------------------------------
# The antimeridian cut itself, on synthetic shapes


def geodesic_km2(geometry) -> float:
    geod = pyproj.Geod(ellps="WGS84")
    return abs(geod.geometry_area_perimeter(shapely.orient_polygons(geometry))[0]) / 1e6


def test_split_cuts_a_ring_crossing_the_antimeridian_into_two_sides():
    split = build_module().split_at_antimeridian
    # 20 degrees wide, from 170 E eastwards to 170 W, as a source would store it.
    crossing = Polygon([(170, 10), (-170, 10), (-170, 20), (170, 20), (170, 10)])
    result = split(MultiPolygon([crossing]))

    assert result.is_valid
    pieces = sorted(result.geoms, key=lambda p: p.bounds[0])
    assert len(pieces) == 2
    assert pieces[0].bounds == pytest.approx((-180, 10, -170, 20))
    assert pieces[1].bounds == pytest.approx((170, 10, 180, 20))
    # The same shape moved 180 degrees, with a vertex where the cut adds one (a geodesic edge
    # through a vertex differs from one without): what the planar and geodesic areas must be.
    reference = Polygon([(-10, 10), (0, 10), (10, 10), (10, 20), (0, 20), (-10, 20), (-10, 10)])
    assert result.area == pytest.approx(reference.area)
    assert geodesic_km2(result) == pytest.approx(geodesic_km2(reference), rel=1e-9)


def test_split_keeps_a_hole_that_straddles_the_antimeridian():
    split = build_module().split_at_antimeridian
    shell = [(170, 0), (-170, 0), (-170, 20), (170, 20), (170, 0)]
    # Starting west of 180 (as -178), the hole unwraps into the copy of the world left of the
    # shell's and has to be moved to it.
    hole = [(-178, 5), (-178, 15), (178, 15), (178, 5), (-178, 5)]
    result = split(MultiPolygon([Polygon(shell, [hole])]))

    assert result.is_valid
    assert result.area == pytest.approx(20 * 20 - 4 * 10)
    assert not result.contains(Point(179, 10)) and not result.contains(Point(-179, 10))
    assert result.contains(Point(175, 10)) and result.contains(Point(-175, 10))


def test_split_moves_a_piece_that_lies_east_of_180_back_to_the_west():
    split = build_module().split_at_antimeridian
    # Starts on +180 and continues at -179.9: all of it is east of the antimeridian.
    sliver = Polygon([(180, -16.5), (-180, -16.4), (-179.9, -16.4), (-179.9, -16.5), (180, -16.5)])
    result = split(MultiPolygon([sliver]))
    assert result.is_valid
    assert result.bounds == pytest.approx((-180, -16.5, -179.9, -16.4))
    assert result.area == pytest.approx(0.1 * 0.1)


def test_split_closes_a_ring_around_the_south_pole():
    split = build_module().split_at_antimeridian
    lons = np.arange(-180, 180, 10.0)
    # A cap south of 80 S, stored the way the source stores Antarctica: one lap, no pole.
    ring = [(lon, -80.0) for lon in lons] + [(-180.0, -80.0)]
    result = split(MultiPolygon([Polygon(ring)]))

    assert result.is_valid
    assert result.bounds == pytest.approx((-180, -90, 180, -80))
    assert result.area == pytest.approx(360 * 10)
    assert result.contains(Point(0, -85)) and result.contains(Point(179.5, -89.5))
    assert not result.contains(Point(0, -75))


def test_split_leaves_a_polygon_that_does_not_cross_untouched():
    split_polygon = build_module().split_polygon_at_antimeridian
    # Touching +180 is not crossing it: the source's already-cut pieces must pass unchanged.
    polygon = Polygon([(179, 1), (180, 1), (180, 2), (179, 2), (179, 1)])
    assert split_polygon(polygon) == [polygon]
    assert shapely.equals_exact(split_polygon(polygon)[0], polygon, tolerance=0)


def _country(code, *polygons):
    return build_module().Country(code, code, MultiPolygon(list(polygons)))


def test_split_territories_moves_whole_parts_inside_a_box():
    module = build_module()
    home = Polygon([(0, 40), (10, 40), (10, 50), (0, 50), (0, 40)])
    island = Polygon([(50, -20), (51, -20), (51, -19), (50, -19), (50, -20)])
    split = module.TerritorySplit("ISL2", "Island", "HOM", ((49, -21, 52, -18),))
    result = {c.iso3: c for c in module.split_territories([_country("HOM", home, island)], [split])}

    assert list(result["HOM"].geometry.geoms) == [home]
    assert list(result["ISL2"].geometry.geoms) == [island]
    assert result["ISL2"].name == "Island"


def test_split_territories_refuses_a_box_that_catches_nothing_or_cuts_a_part():
    module = build_module()
    home = Polygon([(0, 40), (10, 40), (10, 50), (0, 50), (0, 40)])
    nowhere = module.TerritorySplit("XXA", "Nowhere", "HOM", ((100, 0, 101, 1),))
    with pytest.raises(ValueError, match="no part of HOM"):
        module.split_territories([_country("HOM", home)], [nowhere])
    cutting = module.TerritorySplit("XXB", "Half", "HOM", ((5, 45, 20, 55),))
    with pytest.raises(ValueError, match="crosses the edge"):
        module.split_territories([_country("HOM", home)], [cutting])


def test_unwrap_counts_turns_only_for_a_ring_around_a_pole():
    unwrap = build_module().unwrap_ring
    crossing = np.array([(170, 10), (-170, 10), (-170, 20), (170, 20), (170, 10)], dtype=float)
    unwrapped, turns = unwrap(crossing)
    assert turns == 0
    assert unwrapped[:, 0].tolist() == [170, 190, 190, 170, 170]

    polar = np.array([(-180, -80), (-60, -80), (60, -80), (179, -80), (-180, -80)], dtype=float)
    unwrapped, turns = unwrap(polar)
    assert abs(turns) == 1
    assert unwrapped[-1, 0] - unwrapped[0, 0] == pytest.approx(360)


def test_largest_part_label_is_inside_for_a_concave_shape():
    label_point = build_module().label_point
    # A U shape whose centroid falls in the notch, outside the polygon.
    u_shape = Polygon([(0, 0), (10, 0), (10, 10), (8, 10), (8, 2), (2, 2), (2, 10), (0, 10)])
    island = Polygon([(20, 0), (21, 0), (21, 1), (20, 1)])
    lon, lat = label_point(MultiPolygon([island, u_shape]))
    assert not u_shape.contains(u_shape.centroid)
    assert u_shape.contains(Point(lon, lat))
    assert math.isfinite(lon) and math.isfinite(lat)
