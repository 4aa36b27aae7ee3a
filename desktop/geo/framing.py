"""Fit a map to some nations: pick the projection, its centre and the view.

One set of rules serves the window, the image exports and the HTML page:

- Each nation counts by its main part and its parts within 1,500 km (``parts.core_parts``):
  France brings Corsica, not Réunion; Fiji brings every island of its archipelago, on
  both sides of 180°.
- The projection is centred on the smallest spherical cap holding those parts. A cap up
  to LAEA_MAX_RADIUS degrees is drawn in Lambert azimuthal equal-area at the cap's
  centre (North America, southern Africa, a Pacific archipelago across 180°); a wider
  one in Equal Earth turned to the middle of the nations' longitudes, so nations on both
  sides of 180° stay together.
- The view fits the parts with a margin; where the globe's edge would leave a blank band
  inside the frame, the view slides so the map fills the frame instead.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely

from desktop.geo.parts import core_parts
from desktop.geo.projected import ProjectedMap, projected_map
from desktop.geo.projection import View, fit, fitted_key, projection_for

LAEA_MAX_RADIUS = 50.0
"""Largest cap (degrees of arc from its centre) drawn in Lambert azimuthal equal-area: at
its edge the scale distortion is under 10 % along and across, and any frame's corners stay
within the projection's reach."""

FIT_MARGIN = 0.05
"""Margin around fitted nations, as a fraction of the frame's width and height."""


@dataclass(frozen=True)
class Fit:
    """Where a fit puts some nations: a projection key, the longitude it centres on
    (``lon0``) and the lon/lat box (degrees) the nations' parts span.

    ``west`` < ``east`` always, both within [lon0 - 180, lon0 + 180]: a box across 180°
    has ``east`` over 180 (or ``west`` under -180), as Leaflet's bounds need.
    """

    key: str
    lon0: float
    south: float
    west: float
    north: float
    east: float


def _unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lam, phi = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def _points(codes: Iterable[str]) -> tuple[list[shapely.Polygon], np.ndarray]:
    """The nations' core parts and their hull points (lon, lat), dense enough to frame by."""
    parts = [part for code in dict.fromkeys(codes) for part in core_parts(code)]
    if not parts:
        return [], np.empty((0, 2))
    hulls = shapely.segmentize(shapely.convex_hull(np.array(parts, dtype=object)), 2.0)
    return parts, shapely.get_coordinates(hulls)


def enclosing_cap(lon: np.ndarray, lat: np.ndarray) -> tuple[float, float, float]:
    """Centre (lon, lat) and radius (degrees of arc) of a small cap holding the points.

    Bădoiu and Clarkson's iteration for the smallest enclosing ball of the points as unit
    vectors: within a few per cent of the smallest cap, which is all framing needs. For
    points spread over more than a hemisphere the radius says so (over 90°)."""
    v = _unit_vectors(lon, lat)
    c = v.mean(axis=0)
    if np.linalg.norm(c) < 1e-9:
        c = v[0].copy()
    for i in range(1, 300):
        far = v[np.argmin(v @ (c / np.linalg.norm(c)))]
        c = c + (far - c) / (i + 1)
    c = c / np.linalg.norm(c)
    radius = math.degrees(math.acos(float(np.clip((v @ c).min(), -1.0, 1.0))))
    return math.degrees(math.atan2(c[1], c[0])), math.degrees(math.asin(c[2])), radius


SHIFT_GAIN = 0.85
"""A world map is turned away from Greenwich only when that makes the nations' span of
longitudes this much shorter: a ring of nations round the pole (the OSCE) gains little,
and the familiar map serves it better."""


def _middle_longitude(lon: np.ndarray) -> tuple[float, float, float]:
    """The middle of the shortest arc of longitudes holding ``lon``, that arc's length,
    and the length of the span the same longitudes cover on a map centred on Greenwich."""
    ordered = np.sort(np.mod(lon + 180.0, 360.0) - 180.0)
    gaps = np.diff(np.concatenate([ordered, [ordered[0] + 360.0]]))
    widest = int(np.argmax(gaps))
    start = ordered[(widest + 1) % len(ordered)]
    span = 360.0 - gaps[widest]
    middle = ((start + span / 2 + 180.0) % 360.0) - 180.0
    return float(middle), float(span), float(ordered[-1] - ordered[0])


def fit_for(codes: Iterable[str]) -> Fit | None:
    """The projection and lon/lat box for some nations (None when none has an outline)."""
    return _fit_for(tuple(sorted(set(codes))))


@lru_cache(maxsize=32)
def _fit_for(codes: tuple[str, ...]) -> Fit | None:
    # Cached: a window being resized fits the same nations again at every step.
    _, points = _points(codes)
    if not len(points):
        return None
    lon, lat = points[:, 0], points[:, 1]
    centre_lon, centre_lat, radius = enclosing_cap(lon, lat)
    middle, span, greenwich_span = _middle_longitude(lon)
    if radius <= LAEA_MAX_RADIUS:
        key, lon0 = fitted_key("laea", centre_lon, centre_lat), centre_lon
    elif span >= SHIFT_GAIN * greenwich_span:
        # The familiar world map keeps these nations together as well as any.
        key, lon0 = "world", 0.0
    else:
        # Snapped to 5°: nearby fits share one cached map.
        lon0 = round(middle / 5.0) * 5.0
        key = fitted_key("eqearth", lon0, 0.0)
    shifted = np.mod(lon - lon0 + 180.0, 360.0) - 180.0 + lon0
    return Fit(
        key=key,
        lon0=lon0,
        south=float(lat.min()),
        west=float(shifted.min()),
        north=float(lat.max()),
        east=float(shifted.max()),
    )


def fill_frame(
    projected: ProjectedMap,
    view: View,
    width: float,
    height: float,
    keep: tuple[float, float, float, float] | None = None,
) -> View:
    """Slide a view so the globe's edge leaves no blank band inside the frame where the
    map could fill it. Where the frame is taller (or wider) than the whole globe, the view
    is centred on the globe instead: the band cannot be filled without cutting nations.
    ``keep`` (a projected box) stays inside the frame whatever the sliding."""
    outline = projected.outline
    if outline is None:
        return view
    gx0, gy0, gx1, gy1 = outline.bounds
    x0, y0, x1, y1 = view.extent(width, height)
    cx, cy = view.cx, view.cy
    if y1 - y0 >= gy1 - gy0:
        cy = (gy0 + gy1) / 2
    elif y1 > gy1:
        cy -= y1 - gy1
    elif y0 < gy0:
        cy += gy0 - y0
    # Left and right, the globe's edge curves: a band there is what lies beyond the edge
    # at the frame's middle row.
    row = shapely.intersection(outline, shapely.LineString([(gx0 - 1, cy), (gx1 + 1, cy)]))
    if not row.is_empty:
        rx0, _, rx1, _ = row.bounds
        if x1 - x0 >= rx1 - rx0:
            cx = (rx0 + rx1) / 2 if (x1 - x0) >= (gx1 - gx0) else cx
        elif x1 > rx1:
            cx -= x1 - rx1
        elif x0 < rx0:
            cx += rx0 - x0
    if keep is not None:
        half_w, half_h = (x1 - x0) / 2, (y1 - y0) / 2
        kx0, ky0, kx1, ky1 = keep
        if kx1 - kx0 <= 2 * half_w:
            cx = min(max(cx, kx1 - half_w), kx0 + half_w)
        if ky1 - ky0 <= 2 * half_h:
            cy = min(max(cy, ky1 - half_h), ky0 + half_h)
    return View(view.projection, cx, cy, view.scale)


def fitted_view(
    codes: Iterable[str], width: float, height: float, margin: float = FIT_MARGIN
) -> View | None:
    """The view that fits some nations in a ``width`` x ``height`` frame, in the projection
    picked for them (``fit_for``); None when none of them has an outline."""
    codes = tuple(codes)
    placed = fit_for(codes)
    if placed is None:
        return None
    projected = projected_map(placed.key)
    extent = projected.extent_of(codes)
    if extent is None:
        return None
    view = fit(placed.key, extent, width, height, margin=margin)
    return fill_frame(projected, view, width, height, keep=extent)


__all__ = [
    "FIT_MARGIN",
    "Fit",
    "enclosing_cap",
    "fill_frame",
    "fit_for",
    "fitted_view",
    "projection_for",
]
