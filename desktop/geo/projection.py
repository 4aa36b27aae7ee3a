"""Map projections and views: where a longitude/latitude lands on the page, and back."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cache

import numpy as np
from pyproj import Transformer

Extent = tuple[float, float, float, float]
"""(min x, min y, max x, max y) in projected metres."""


@dataclass(frozen=True)
class Projection:
    """A preset map projection.

    ``clip`` is a lon/lat window applied before projecting: an azimuthal projection centred
    on Europe folds the far side of the globe into a ring, so only what it can show well is
    kept. ``home`` is the lon/lat box the preset frames; None frames everything.
    """

    key: str
    label: str
    proj: str
    clip: tuple[float, float, float, float] | None = None
    home: tuple[float, float, float, float] | None = None
    exclude: tuple[str, ...] = ()

    @property
    def transformer(self) -> Transformer:
        """lon/lat (WGS84) to projected metres."""
        return _transformer(self.proj)

    def forward(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """Project longitudes and latitudes (scalars or arrays) to metres."""
        return self.transformer.transform(lon, lat)


@cache
def _transformer(proj: str) -> Transformer:
    return Transformer.from_crs("EPSG:4326", proj, always_xy=True)


WORLD = Projection(
    key="world",
    label="World (Equal Earth)",
    proj="+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +no_defs",
    # Antarctica wraps the pole: thematic world maps leave it out, and no coalition lists it.
    exclude=("ATA",),
)

EUROPE = Projection(
    key="europe",
    label="Europe (Lambert azimuthal equal-area)",
    # ETRS89-LAEA's centre (EPSG:3035), the equal-area projection the EU uses for Europe.
    proj="+proj=laea +lat_0=52 +lon_0=10 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs",
    clip=(-80.0, 5.0, 100.0, 90.0),
    # From the North Atlantic (Iceland) to the Caspian, from the Sahara's edge to the Arctic.
    home=(-28.0, 33.0, 52.0, 71.0),
    exclude=("ATA",),
)

PROJECTIONS: dict[str, Projection] = {p.key: p for p in (WORLD, EUROPE)}


def lonlat_box_extent(projection: Projection, box: tuple[float, float, float, float]) -> Extent:
    """The projected bounding box of a lon/lat box (its edges sampled, since they curve)."""
    west, south, east, north = box
    lons = np.concatenate(
        [
            np.linspace(west, east, 50),
            np.full(50, east),
            np.linspace(east, west, 50),
            np.full(50, west),
        ]
    )
    lats = np.concatenate(
        [
            np.full(50, south),
            np.linspace(south, north, 50),
            np.full(50, north),
            np.linspace(north, south, 50),
        ]
    )
    x, y = projection.forward(lons, lats)
    ok = np.isfinite(x) & np.isfinite(y)
    return float(x[ok].min()), float(y[ok].min()), float(x[ok].max()), float(y[ok].max())


@dataclass(frozen=True)
class View:
    """What a map shows: a projection, the projected point at the centre, and the scale.

    ``scale`` is device-independent pixels per projected metre. Screen y grows downwards,
    projected y upwards.
    """

    projection: str
    cx: float
    cy: float
    scale: float

    def to_screen(self, x, y, width: float, height: float):
        """Projected metres to pixel coordinates of a ``width`` x ``height`` canvas."""
        return (
            (np.asarray(x) - self.cx) * self.scale + width / 2,
            (self.cy - np.asarray(y)) * self.scale + height / 2,
        )

    def to_map(self, px, py, width: float, height: float):
        """Pixel coordinates to projected metres."""
        return (
            (np.asarray(px) - width / 2) / self.scale + self.cx,
            self.cy - (np.asarray(py) - height / 2) / self.scale,
        )

    def extent(self, width: float, height: float) -> Extent:
        """The projected box the canvas shows."""
        half_w, half_h = width / 2 / self.scale, height / 2 / self.scale
        return self.cx - half_w, self.cy - half_h, self.cx + half_w, self.cy + half_h

    def panned(self, dx: float, dy: float) -> View:
        """The view after dragging the map by (dx, dy) pixels."""
        return replace(self, cx=self.cx - dx / self.scale, cy=self.cy + dy / self.scale)

    def zoomed(
        self, factor: float, anchor: tuple[float, float], width: float, height: float
    ) -> View:
        """Zoom by ``factor`` keeping the map point under ``anchor`` (pixels) in place."""
        ax, ay = self.to_map(anchor[0], anchor[1], width, height)
        scale = self.scale * factor
        return View(
            self.projection,
            float(ax - (anchor[0] - width / 2) / scale),
            float(ay + (anchor[1] - height / 2) / scale),
            scale,
        )

    def clamped(self, limits: Extent, min_scale: float, max_scale: float) -> View:
        """Keep the scale within bounds and the centre over the map."""
        scale = min(max(self.scale, min_scale), max_scale)
        minx, miny, maxx, maxy = limits
        return View(
            self.projection,
            min(max(self.cx, minx), maxx),
            min(max(self.cy, miny), maxy),
            scale,
        )


def fit(projection: str, extent: Extent, width: float, height: float, margin: float = 0.04) -> View:
    """The view that shows ``extent`` whole on a ``width`` x ``height`` canvas, centred."""
    minx, miny, maxx, maxy = extent
    span_x = max(maxx - minx, 1.0)
    span_y = max(maxy - miny, 1.0)
    usable_w = max(width * (1 - 2 * margin), 1.0)
    usable_h = max(height * (1 - 2 * margin), 1.0)
    scale = min(usable_w / span_x, usable_h / span_y)
    if not math.isfinite(scale) or scale <= 0:
        scale = 1e-5
    return View(projection, (minx + maxx) / 2, (miny + maxy) / 2, scale)
