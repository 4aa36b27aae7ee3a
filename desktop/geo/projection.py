"""Map projections and views: where a longitude/latitude lands on the page, and back."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from pyproj import Transformer

Extent = tuple[float, float, float, float]
"""(min x, min y, max x, max y) in projected metres."""


@dataclass(frozen=True)
class Projection:
    """A map projection: a preset, or one fitted to some nations.

    ``clip`` is a lon/lat window applied before projecting: an azimuthal projection centred
    on Europe folds the far side of the globe into a ring, so only what it can show well is
    kept. ``home`` is the lon/lat box the preset frames; None frames everything.

    A fitted projection has a ``centre`` (lon, lat in degrees): the globe is first turned so
    that point sits at longitude 0, latitude 0 with north still up, then ``proj`` (an
    equatorial projection on a sphere) draws the turned globe. Turning first is what lets a
    map centred on the Pacific cut the countries at the antimeridian opposite its centre,
    not at 180°. ``reach`` (degrees of arc from the centre) keeps only what an azimuthal
    projection shows without folding the far side over the near one.
    """

    key: str
    label: str
    proj: str
    clip: tuple[float, float, float, float] | None = None
    home: tuple[float, float, float, float] | None = None
    exclude: tuple[str, ...] = ()
    centre: tuple[float, float] | None = None
    reach: float | None = None

    @property
    def transformer(self) -> Transformer:
        """The projection's own lon/lat (WGS84, or the turned globe's) to projected metres."""
        return _transformer(self.proj)

    def turn(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """Geographic lon/lat (degrees) to the turned globe's lon/lat; the same for presets."""
        if self.centre is None:
            return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        return turn_to(lon, lat, *self.centre)

    def forward(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """Project longitudes and latitudes (scalars or arrays) to metres."""
        if self.centre is None:
            return self.transformer.transform(lon, lat)
        return self.transformer.transform(*self.turn(lon, lat))


@cache
def _transformer(proj: str) -> Transformer:
    # Imported on first use: the presets' constants (the Europe box the HTML export frames)
    # are needed where nothing is projected.
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", proj, always_xy=True)


def turn_to(lon, lat, lon0: float, lat0: float) -> tuple[np.ndarray, np.ndarray]:
    """Turn the globe so (lon0, lat0) moves to (0, 0) with north kept up at that point.

    Degrees in and out; arrays of any shape. Distances and directions from the centre are
    kept, so an azimuthal projection of the turned globe at (0, 0) is the oblique one at
    (lon0, lat0). Longitudes come back in [-180, 180].
    """
    lam = np.radians(np.asarray(lon, dtype=float) - lon0)
    phi = np.radians(np.asarray(lat, dtype=float))
    x, y, z = np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)
    t = math.radians(lat0)
    x, z = x * math.cos(t) + z * math.sin(t), -x * math.sin(t) + z * math.cos(t)
    return np.degrees(np.arctan2(y, x)), np.degrees(np.arcsin(np.clip(z, -1.0, 1.0)))


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
"""The presets the window's View menu offers."""

EARTH_RADIUS_M = 6371007.2
"""The authalic sphere's radius: fitted projections keep areas true, as the presets do."""

SPHERE = f"+R={EARTH_RADIUS_M} +units=m +no_defs"

FIT_REACH = 150.0
"""How far from its centre (degrees of arc) a fitted azimuthal map keeps land: past the
corners of any frame it is fitted to, short of the antipode where it would tear."""

_FITTED = re.compile(r"^fit-(laea|eqearth)_(-?\d+(?:\.\d+)?)_(-?\d+(?:\.\d+)?)$")


def fitted_key(kind: str, lon: float, lat: float) -> str:
    """The key of a fitted projection: ``fit-laea_LON_LAT`` or ``fit-eqearth_LON_0``.

    The key alone rebuilds the projection (``projection_for``), so a saved view or a view
    handed between window and exports needs nothing else. Centres are rounded to a tenth
    of a degree so nearby fits share one cached map."""
    if kind not in ("laea", "eqearth"):
        raise ValueError(f"unknown fitted projection {kind!r}")
    lon = ((lon + 180.0) % 360.0) - 180.0
    return f"fit-{kind}_{lon:.1f}_{lat:.1f}"


def projection_for(key: str) -> Projection:
    """The projection of a preset key (``world``, ``europe``) or a fitted key.

    Raises KeyError for a key that is neither."""
    if key in PROJECTIONS:
        return PROJECTIONS[key]
    match = _FITTED.match(key)
    if match is None:
        raise KeyError(key)
    kind, lon, lat = match.group(1), float(match.group(2)), float(match.group(3))
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise KeyError(key)
    if kind == "laea":
        return Projection(
            key=key,
            label=f"Fitted (Lambert azimuthal equal-area at {lat:.1f}°, {lon:.1f}°)",
            proj=f"+proj=laea +lat_0=0 +lon_0=0 {SPHERE}",
            exclude=("ATA",),
            centre=(lon, lat),
            reach=FIT_REACH,
        )
    return Projection(
        key=key,
        label=f"Fitted (Equal Earth centred on {lon:.1f}°)",
        proj=f"+proj=eqearth +lon_0=0 {SPHERE}",
        exclude=("ATA",),
        centre=(lon, 0.0),
    )


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
