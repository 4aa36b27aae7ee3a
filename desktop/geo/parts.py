"""Which parts of a country a map must show: its main part and the parts near it.

France's main part is in Europe; Corsica is near it and Réunion is not. Framing a map on
every part of France would show half the world; framing on the main part alone would cut
Corsica off. So a country counts by its largest part and every part within NEAR_KM of it.
"""

from __future__ import annotations

from functools import cache, lru_cache

import numpy as np
import shapely

from desktop.geo.boundaries import load_boundaries

NEAR_KM = 1500.0
"""A part this close to the main part (nearest points, on the ellipsoid) belongs in the frame."""


@cache
def _geod():
    # pyproj is imported where it is first needed: the window's first map needs none of it.
    from pyproj import Geod

    return Geod(ellps="WGS84")


def _near(main: shapely.Polygon, parts: np.ndarray) -> np.ndarray:
    """Geodesic distance in km from ``main`` to each of ``parts`` (0 for ``main`` itself).

    The nearest points are found in an azimuthal equidistant projection centred on the
    main part (nearly true within a few thousand km of it, and it has no seam there, so
    islands on both sides of 180° are measured across it); their distance is then measured
    on the ellipsoid.
    """
    from pyproj import Transformer

    centre = main.representative_point()
    to_local = Transformer.from_crs(
        "EPSG:4326",
        f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=m",
        always_xy=True,
    )

    def forward(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(to_local.transform(coords[:, 0], coords[:, 1]))

    local_main = shapely.transform(main, forward)
    local_parts = shapely.transform(parts, forward)
    lines = shapely.shortest_line(local_main, local_parts)
    ends = shapely.get_coordinates(lines).reshape(-1, 2, 2)
    lon, lat = to_local.transform(ends[:, :, 0], ends[:, :, 1], direction="INVERSE")
    _, _, metres = _geod().inv(lon[:, 0], lat[:, 0], lon[:, 1], lat[:, 1])
    return np.asarray(metres) / 1000.0


@lru_cache(maxsize=512)
def core_parts(code: str) -> tuple[shapely.Polygon, ...]:
    """A country's main part (largest by area) and its parts within NEAR_KM, in lon/lat.

    Empty when the boundaries have no outline for the code (an unknown code, or a state
    too small for them, like the Vatican)."""
    boundaries = load_boundaries()
    geometry = boundaries.geometry(code)
    if geometry is None or geometry.is_empty:
        return ()
    parts = shapely.get_parts(geometry)
    if len(parts) == 1:
        return (parts[0],)
    # Areas in square degrees shrink toward the poles: compare them on the ground.
    areas = np.abs([_geod().geometry_area_perimeter(p)[0] for p in parts])
    main = parts[int(np.argmax(areas))]
    distances = _near(main, parts)
    return tuple(parts[distances <= NEAR_KM])
