"""Boundaries projected for one map projection, with what views need to be fast.

Projecting and indexing happen once per projection; hit-testing, small-state detection and
framing then cost microseconds to milliseconds, whatever the zoom.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import shapely

from desktop.geo.boundaries import ANTARCTICA, Boundaries, load_boundaries
from desktop.geo.projection import (
    PROJECTIONS,
    Extent,
    Projection,
    lonlat_box_extent,
)

SMALL_STATE_PX = 7.0
"""A country narrower and shorter than this many pixels is hard to see or click: it gets a marker."""
SMALL_AREA_PX = 4.5
"""Nor can one see a sliver: a country whose largest part covers less than a square this
many pixels wide (Cyprus on a slide: 8 x 3 pixels) gets one too."""


def _project(projection: Projection, geometries: np.ndarray) -> np.ndarray:
    geoms = geometries
    if projection.clip is not None:
        geoms = shapely.clip_by_rect(geoms, *projection.clip)

    def forward(coords: np.ndarray) -> np.ndarray:
        x, y = projection.forward(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, forward)


def _outline(projection: Projection) -> shapely.Polygon | None:
    """The globe's edge: the meridians ±180 from pole to pole, or down to 60° S when
    Antarctica is left out (no other land lies further south). A clipped (regional)
    projection has none: its ocean fills the whole frame."""
    if projection.clip is not None:
        return None
    south = -60.0 if ANTARCTICA in projection.exclude else -90.0
    lats = np.linspace(south, 90.0, 181)
    lons = np.concatenate([np.full(181, -180.0), np.full(181, 180.0)])
    x, y = projection.forward(lons, np.concatenate([lats, lats[::-1]]))
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

    def extent_of(self, codes: Iterable[str]) -> Extent | None:
        """The box around some countries (None when none of them is drawn here).

        Far-flung parts (French Guiana for France, Alaska's islands) would stretch the box
        to the whole world, so each country counts by its largest part here.
        """
        boxes = []
        for code in codes:
            i = self.index(code)
            if i < 0 or not self.drawn[i]:
                continue
            parts = shapely.get_parts(self.geometries[i])
            biggest = parts[np.argmax(shapely.area(parts))]
            boxes.append(shapely.bounds(biggest))
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


@cache
def projected_map(key: str) -> ProjectedMap:
    """The app's boundaries in a preset projection (``world`` or ``europe``), built once."""
    return ProjectedMap.build(load_boundaries(), PROJECTIONS[key])
