"""Boundaries projected for one map projection, with what views need to be fast.

Projecting and indexing happen once per projection; hit-testing, small-state detection and
framing then cost microseconds to milliseconds, whatever the zoom.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import shapely
import shapely.affinity

from desktop.geo.boundaries import (
    ANTARCTICA,
    BOUNDARIES_FILE,
    Boundaries,
    load_boundaries,
    load_index,
    read_boundaries,
    read_wkb,
    wkb_file_bytes,
)
from desktop.geo.parts import core_parts
from desktop.geo.projection import (
    PROJECTIONS,
    Extent,
    Projection,
    lonlat_box_extent,
    projection_for,
)
from desktop.paths import geodata_path

SMALL_STATE_PX = 7.0
"""A country narrower and shorter than this many pixels is hard to see or click: it gets a marker."""
SMALL_AREA_PX = 4.5
"""Nor can one see a sliver: a country whose largest part covers less than a square this
many pixels wide (Cyprus on a slide: 8 x 3 pixels) gets one too."""


SEGMENT_DEG = 1.0
"""Longest edge (degrees) before turning the globe: a long straight edge in lon/lat (the
49th parallel) must follow its parallel, not cut across, once turned."""

_SEAM_GRID = 1e-7
"""Grid (degrees) on which a country's pieces are merged across the old 180° seam."""

_WORLD_BOX = shapely.box(-180.0, -90.0, 180.0, 90.0)


def _unwrapped(ring: np.ndarray) -> np.ndarray:
    """A ring's coordinates made continuous in longitude; a ring that went round a pole is
    closed over that pole (exteriors wind counter-clockwise: going east, the land lies
    north)."""
    lon, lat = ring[:, 0].copy(), ring[:, 1]
    step = np.diff(lon)
    lon[1:] += np.cumsum(np.where(step > 180.0, -360.0, np.where(step < -180.0, 360.0, 0.0)))
    turns = lon[-1] - lon[0]
    if abs(turns) < 180.0:
        return np.column_stack([lon, lat])
    pole = 90.0 if turns > 0 else -90.0
    closing = np.array([[lon[-1], pole], [lon[0], pole], [lon[0], lat[0]]])
    return np.vstack([np.column_stack([lon, lat]), closing])


def _cut_at_seam(polygon: shapely.Polygon) -> list[shapely.Polygon]:
    """A polygon of the turned globe that crosses the turned antimeridian, in pieces that
    do not: unwrapped, then cut into the [-180, 180] window and its two neighbours, which
    are shifted back by a turn."""
    shell = _unwrapped(np.asarray(polygon.exterior.coords))
    lo, hi = shell[:, 0].min(), shell[:, 0].max()
    holes = []
    for interior in polygon.interiors:
        hole = _unwrapped(np.asarray(interior.coords))
        # A hole unwrapped from its own first point may sit a turn away from its shell.
        middle = (hole[:, 0].min() + hole[:, 0].max()) / 2
        if middle < lo:
            hole[:, 0] += 360.0
        elif middle > hi:
            hole[:, 0] -= 360.0
        holes.append(hole)
    whole = shapely.make_valid(shapely.Polygon(shell, holes))
    pieces = []
    for shift in (0.0, 360.0, -360.0):
        window = shapely.affinity.translate(_WORLD_BOX, xoff=-shift)
        piece = shapely.intersection(whole, window)
        if not piece.is_empty:
            piece = shapely.affinity.translate(piece, xoff=shift)
            pieces.extend(p for p in shapely.get_parts(piece) if isinstance(p, shapely.Polygon))
    return pieces


def _turned(projection: Projection, geometry: shapely.Geometry) -> shapely.Geometry:
    """One country on the turned globe of a fitted projection, cut at its seam."""
    if geometry.is_empty:
        return geometry
    parts = shapely.get_parts(shapely.orient_polygons(geometry))
    west = shapely.bounds(parts)
    # The boundaries cut Russia and Fiji at 180°: turned, the two sides meet again.
    seam = (west[:, 0] <= -180.0) | (west[:, 2] >= 180.0)

    def turn(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(projection.turn(coords[:, 0], coords[:, 1]))

    parts = shapely.transform(shapely.segmentize(parts, SEGMENT_DEG), turn)
    bounds = shapely.bounds(parts)
    # A part that now crosses the seam jumps by nearly a turn between two vertices, so its
    # box spans more than half the world.
    crossing = bounds[:, 2] - bounds[:, 0] > 180.0
    out: list[shapely.Polygon] = []
    joined: list[shapely.Polygon] = []
    for part, crosses, on_seam in zip(parts, crossing, seam, strict=True):
        # Cut edges run along the seam: dense enough to follow its curve once projected.
        pieces = shapely.segmentize(_cut_at_seam(part), SEGMENT_DEG) if crosses else [part]
        (joined if on_seam else out).extend(pieces)
    if len(joined) > 1:
        merged = shapely.union_all(joined, grid_size=_SEAM_GRID)
        joined = [p for p in shapely.get_parts(merged) if isinstance(p, shapely.Polygon)]
    turned = shapely.MultiPolygon(out + joined)
    if projection.reach is not None:
        far = _far_side(projection.reach)
        if shapely.intersects(turned, far):
            kept = shapely.difference(shapely.make_valid(turned), far)
            turned = shapely.MultiPolygon(
                [p for p in shapely.get_parts(kept) if isinstance(p, shapely.Polygon)]
            )
    return turned


@cache
def _far_side(reach: float) -> shapely.Geometry:
    """What lies more than ``reach`` degrees of arc from the turned globe's centre (0, 0): a
    cap round the antipode (180, 0), in two halves either side of the seam. An azimuthal
    map cannot draw a shape that holds its antipode (it would wrap round the whole map),
    so that cap goes before projecting."""
    radius = math.radians(180.0 - reach)
    azimuth = np.radians(np.linspace(0.0, 360.0, 721))
    lat = np.degrees(np.arcsin(np.sin(radius) * np.cos(azimuth)))
    lon = 180.0 + np.degrees(np.arctan2(np.sin(azimuth) * np.sin(radius), np.cos(radius)))
    cap = shapely.Polygon(np.column_stack([lon, lat]))
    east = shapely.clip_by_rect(cap, 0.0, -90.0, 180.0, 90.0)
    west = shapely.affinity.translate(shapely.clip_by_rect(cap, 180.0, -90.0, 360.0, 90.0), -360.0)
    return shapely.union(east, west)


def _project(projection: Projection, geometries: np.ndarray) -> np.ndarray:
    """Geometries (lon/lat) in projected metres; empty where the projection shows nothing."""
    geoms = geometries
    if projection.clip is not None:
        geoms = shapely.clip_by_rect(geoms, *projection.clip)
    if projection.centre is not None:
        geoms = np.array([_turned(projection, g) for g in np.atleast_1d(geoms)], dtype=object)

    def forward(coords: np.ndarray) -> np.ndarray:
        x, y = projection.transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, forward)


def _outline(projection: Projection) -> shapely.Polygon | None:
    """The globe's edge: the meridians ±180 from pole to pole, or down to 60° S when
    Antarctica is left out (no other land lies further south). A clipped (regional) or
    azimuthal projection has none: its ocean fills the whole frame."""
    if projection.clip is not None or projection.reach is not None:
        return None
    south = -60.0 if ANTARCTICA in projection.exclude else -90.0
    lats = np.linspace(south, 90.0, 181)
    lons = np.concatenate([np.full(181, -180.0), np.full(181, 180.0)])
    # The edge of the turned globe, whatever the centre.
    x, y = projection.transformer.transform(lons, np.concatenate([lats, lats[::-1]]))
    return shapely.Polygon(np.column_stack([x, y]))


def _largest_part(geometry: shapely.Geometry) -> tuple[np.ndarray, float]:
    """Bounds and area of a geometry's largest part (NaNs and 0 when empty)."""
    parts = shapely.get_parts(geometry)
    if len(parts) == 0:
        return np.full(4, np.nan), 0.0
    areas = shapely.area(parts)
    biggest = int(np.argmax(areas))
    return shapely.bounds(parts[biggest]), float(areas[biggest])


@dataclass
class ProjectedMap:
    """Every country of the boundaries in one projection.

    ``geometries[i]`` is country ``codes[i]`` in projected metres (empty when the projection
    leaves it out); ``bounds[i]`` its box; ``anchors[i]`` the projected label point, where
    small-state markers and labels go.
    """

    projection: Projection
    codes: tuple[str, ...]
    names: tuple[str, ...]
    geometries: np.ndarray
    bounds: np.ndarray
    anchors: np.ndarray
    areas_km2: np.ndarray
    outline: shapely.Polygon | None = None
    """The edge of the whole globe in this projection, when it has one (Equal Earth)."""
    _tree: shapely.STRtree = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._tree = shapely.STRtree(self.geometries)
        self._core: dict[str, shapely.Geometry] = {}
        self._index = {code: i for i, code in enumerate(self.codes)}
        # How big a country looks is how big its largest part is: Kiribati's islands span a
        # third of the Pacific, yet each is a speck.
        largest = [_largest_part(g) for g in self.geometries]
        main = np.array([bounds for bounds, _ in largest]).reshape(-1, 4)
        # Both presets are equal-area, so the square root of an area is a fair width.
        self.main_widths = np.sqrt([area for _, area in largest])
        sizes = np.maximum(main[:, 2] - main[:, 0], main[:, 3] - main[:, 1])
        self.sizes = np.where(np.isfinite(sizes), sizes, 0.0)
        self.drawn = ~shapely.is_empty(self.geometries)

    @classmethod
    def build(cls, boundaries: Boundaries, projection: Projection) -> ProjectedMap:
        """Project every country (clipping first where the projection asks)."""
        keep = np.array([code not in projection.exclude for code in boundaries.codes])
        geoms = np.where(keep, boundaries.geometries, shapely.Polygon())
        projected = _project(projection, geoms)
        projected = np.where(shapely.is_empty(projected), shapely.Polygon(), projected)
        lon, lat = boundaries.labels[:, 0], boundaries.labels[:, 1]
        ax, ay = projection.forward(lon, lat)
        ax, ay = np.where(keep, ax, np.nan), np.where(keep, ay, np.nan)
        if projection.clip is not None:
            west, south, east, north = projection.clip
            outside = (lon < west) | (lon > east) | (lat < south) | (lat > north)
            ax, ay = np.where(outside, np.nan, ax), np.where(outside, np.nan, ay)
        if projection.reach is not None:
            tlon, tlat = projection.turn(lon, lat)
            arc = np.degrees(np.arccos(np.cos(np.radians(tlat)) * np.cos(np.radians(tlon))))
            outside = arc > projection.reach
            ax, ay = np.where(outside, np.nan, ax), np.where(outside, np.nan, ay)
        return cls(
            projection=projection,
            codes=boundaries.codes,
            names=boundaries.names,
            geometries=projected,
            bounds=shapely.bounds(projected),
            anchors=np.column_stack([ax, ay]),
            areas_km2=boundaries.areas_km2,
            outline=_outline(projection),
        )

    def __len__(self) -> int:
        return len(self.codes)

    def index(self, code: str) -> int:
        """Position of a code; -1 when the boundaries do not carry it."""
        return self._index.get(code, -1)

    # -- framing ----------------------------------------------------------------------------
    def full_extent(self) -> Extent:
        """The box of everything drawn in this projection."""
        drawn = self.bounds[self.drawn]
        return (
            float(np.nanmin(drawn[:, 0])),
            float(np.nanmin(drawn[:, 1])),
            float(np.nanmax(drawn[:, 2])),
            float(np.nanmax(drawn[:, 3])),
        )

    def home_extent(self) -> Extent:
        """The box the preset frames: its lon/lat window, or the whole globe."""
        if self.projection.home is None:
            if self.outline is not None:
                return tuple(float(v) for v in self.outline.bounds)
            return self.full_extent()
        return lonlat_box_extent(self.projection, self.projection.home)

    def core(self, code: str) -> shapely.Geometry:
        """A country's main part and its parts within 1,500 km, projected (empty if none).

        Far-flung parts (French Guiana for France, Hawaii for the United States) would
        stretch a frame to the whole world, so frames are made around these."""
        if code not in self._core:
            parts = core_parts(code)
            geometry = shapely.MultiPolygon(list(parts)) if parts else shapely.Polygon()
            if code in self.projection.exclude:
                geometry = shapely.Polygon()
            self._core[code] = _project(self.projection, np.array([geometry], dtype=object))[0]
        return self._core[code]

    def extent_of(self, codes: Iterable[str]) -> Extent | None:
        """The box around some countries' cores (``core``): None when none is drawn here."""
        boxes = []
        for code in codes:
            i = self.index(code)
            if i < 0 or not self.drawn[i]:
                continue
            core = self.core(code)
            if core.is_empty:
                continue
            boxes.append(shapely.bounds(core))
        if not boxes:
            return None
        stacked = np.array(boxes)
        return (
            float(stacked[:, 0].min()),
            float(stacked[:, 1].min()),
            float(stacked[:, 2].max()),
            float(stacked[:, 3].max()),
        )

    def context_extent(
        self,
        code: str,
        *,
        neighbours: int = 2,
        reach: float = 150_000.0,
        pad: float = 0.3,
        min_span: float = 1_000_000.0,
    ) -> Extent | None:
        """The box that frames a country among its surroundings, in projected metres (None
        when the country is not drawn here).

        The country's largest part is grown on every side by the distance to its
        ``neighbours``-th nearest other country plus ``reach`` (so that many neighbours show
        some land: Malta with Sicily and Tunisia, Nauru with Kiribati and the Marshall
        Islands), by at least ``pad`` of its own size, and to at least ``min_span`` across.
        """
        i = self.index(code)
        if i < 0 or not self.drawn[i]:
            return None
        parts = shapely.get_parts(self.geometries[i])
        main = parts[np.argmax(shapely.area(parts))]
        minx, miny, maxx, maxy = shapely.bounds(main)
        size = max(maxx - minx, maxy - miny)
        others = np.flatnonzero(self.drawn)
        others = others[others != i]
        # The hull keeps the distance test cheap for countries with long coasts.
        distances = np.sort(shapely.distance(shapely.convex_hull(main), self.geometries[others]))
        nearest = float(distances[min(neighbours, len(distances)) - 1]) if len(distances) else 0.0
        grow = max(nearest + reach, pad * size)
        cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
        half_w = max((maxx - minx) / 2 + grow, min_span / 2)
        half_h = max((maxy - miny) / 2 + grow, min_span / 2)
        return (float(cx - half_w), float(cy - half_h), float(cx + half_w), float(cy + half_h))

    # -- hit-testing ----------------------------------------------------------------------
    def country_at(self, x: float, y: float) -> int:
        """Index of the country containing the projected point, or -1 (ocean, unmapped)."""
        candidates = self._tree.query(shapely.Point(x, y))
        if len(candidates) == 0:
            return -1
        inside = candidates[shapely.contains_xy(self.geometries[candidates], x, y)]
        if len(inside) == 0:
            return -1
        # Overlaps are rare (the boundaries are a coverage); prefer the smaller country.
        return int(inside[np.argmin(self.areas_km2[inside])])

    def visible(self, extent: Extent) -> np.ndarray:
        """Indices of countries whose box meets ``extent``."""
        return self._tree.query(shapely.box(*extent))

    # -- small states -----------------------------------------------------------------------
    def small_at(self, scale: float, threshold_px: float = SMALL_STATE_PX) -> np.ndarray:
        """Indices of drawn countries smaller than ``threshold_px`` at ``scale`` px per metre."""
        # Countries without an outline at this scale (the Vatican) count as small: their
        # label point still places a marker. Countries the projection leaves out have none.
        tiny = (self.sizes * scale < threshold_px) | (self.main_widths * scale < SMALL_AREA_PX)
        small = tiny & np.isfinite(self.anchors[:, 0])
        return np.flatnonzero(small)


PRESETS_FILE = "countries-50m-presets.json"
"""The presets' projected maps, prebuilt by ``geodata/build_boundaries.py`` (with pyproj,
through ``ProjectedMap.build``): the window's first map is read from them in milliseconds,
without loading pyproj, whose import alone costs a tenth of a second. Each names the
projection and the boundaries file it was made from, and is used only while both still
match; a test checks it against pyproj's projection of today's boundaries."""


def projection_record(projection: Projection) -> dict:
    """What a prebuilt map must have been projected with to stand for ``projection``."""
    return {
        "proj": projection.proj,
        "clip": list(projection.clip) if projection.clip else None,
        "exclude": list(projection.exclude),
        "centre": list(projection.centre) if projection.centre else None,
        "reach": projection.reach,
    }


def _file_sha256(path) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def prebuilt_preset_files(folder: Path, keys: Iterable[str] = PROJECTIONS) -> dict[str, bytes]:
    """The files of the prebuilt presets (``PRESETS_FILE`` and one ``.wkb`` per preset),
    projected now with pyproj from the boundaries in ``folder``: name to content.

    Each ``.wkb`` holds the countries' projected geometries in index order, then the globe's
    outline (empty when the projection has none); anchors are in the JSON, null where the
    projection leaves a label point out."""
    source = Path(folder) / BOUNDARIES_FILE
    boundaries = read_boundaries(source)
    presets = {}
    files: dict[str, bytes] = {}
    for key in keys:
        projected = ProjectedMap.build(boundaries, PROJECTIONS[key])
        name = f"countries-50m-{key}.wkb"
        outline = projected.outline if projected.outline is not None else shapely.Polygon()
        files[name] = wkb_file_bytes([*projected.geometries, outline])
        presets[key] = {
            "projection": projection_record(projected.projection),
            "file": name,
            "anchors": [
                [float(x), float(y)] if np.isfinite(x) and np.isfinite(y) else None
                for x, y in projected.anchors
            ],
        }
    record = {
        "boundaries": BOUNDARIES_FILE,
        "boundaries_sha256": _file_sha256(source),
        "presets": presets,
    }
    files[PRESETS_FILE] = (json.dumps(record, separators=(",", ":")) + "\n").encode("utf-8")
    return files


def read_prebuilt_preset(key: str) -> ProjectedMap | None:
    """A preset's map from the prebuilt files, or None when they are missing, damaged or
    made for another projection or other boundaries (the caller then projects anew)."""
    projection = PROJECTIONS[key]
    try:
        with open(geodata_path(PRESETS_FILE), encoding="utf-8") as handle:
            record = json.load(handle)
        preset = record["presets"][key]
        if preset["projection"] != projection_record(projection):
            return None
        if record["boundaries_sha256"] != _file_sha256(geodata_path(BOUNDARIES_FILE)):
            return None
        index = load_index()
        records = read_wkb(geodata_path(preset["file"]))
        anchors = np.array(
            [a if a is not None else (np.nan, np.nan) for a in preset["anchors"]], dtype=float
        )
        if len(records) != len(index.codes) + 1 or anchors.shape != (len(index.codes), 2):
            return None
        geometries = shapely.from_wkb(records)
    except (OSError, ValueError, KeyError, TypeError, shapely.errors.ShapelyError):
        return None
    outline = geometries[-1]
    geometries = geometries[:-1]
    return ProjectedMap(
        projection=projection,
        codes=index.codes,
        names=index.names,
        geometries=geometries,
        bounds=shapely.bounds(geometries),
        anchors=anchors,
        areas_km2=index.areas_km2,
        outline=None if outline.is_empty else outline,
    )


@cache
def _preset_map(key: str) -> ProjectedMap:
    return read_prebuilt_preset(key) or ProjectedMap.build(load_boundaries(), PROJECTIONS[key])


@lru_cache(maxsize=4)
def _fitted_map(key: str) -> ProjectedMap:
    # A few fitted maps are kept: switching between two datasets, or back and forth
    # between a fit and a preset, does not project the world again.
    return ProjectedMap.build(load_boundaries(), projection_for(key))


def projected_map(key: str) -> ProjectedMap:
    """The app's boundaries in the projection of ``key``: a preset (``world``, ``europe``,
    built once and kept) or a fitted key (``projection_for``; the last few are kept).

    Raises KeyError for an unknown key."""
    if key in PROJECTIONS:
        return _preset_map(key)
    projection_for(key)  # KeyError before any work for a key that names nothing
    return _fitted_map(key)
