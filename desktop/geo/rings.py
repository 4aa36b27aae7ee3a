"""Outlines as plain coordinate rings, for outputs that draw shapes point by point
(PowerPoint freeforms) rather than through a painter."""

from __future__ import annotations

import numpy as np
import shapely

Extent = tuple[float, float, float, float]


def clipped_rings(
    geometry: shapely.Geometry, extent: Extent, tolerance: float = 0.0
) -> list[np.ndarray]:
    """Every ring (outer boundaries and holes) of a polygonal ``geometry`` cut to ``extent``
    and simplified to ``tolerance`` (topology kept), as ``(n, 2)`` arrays in the geometry's
    own units (projected metres for a ``ProjectedMap``). Rings are closed (last point equals
    first); an empty list when nothing is left inside the extent."""
    clipped = shapely.clip_by_rect(geometry, *extent)
    if clipped.is_empty:
        return []
    if tolerance > 0:
        clipped = shapely.simplify(clipped, tolerance, preserve_topology=True)
    rings = []
    for polygon in shapely.get_parts(clipped):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        rings.append(np.asarray(polygon.exterior.coords))
        rings.extend(np.asarray(hole.coords) for hole in polygon.interiors)
    return rings
