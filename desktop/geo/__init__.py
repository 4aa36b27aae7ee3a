"""Boundaries, projections, view framing, hit-testing and small-state markers; no Qt.

The names below load on first use (PEP 562), so that a module such as ``geo.geojson`` can
be imported without shapely, numpy and pyproj coming with the package.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "Boundaries": "desktop.geo.boundaries",
    "load_boundaries": "desktop.geo.boundaries",
    "ProjectedMap": "desktop.geo.projected",
    "projected_map": "desktop.geo.projected",
    "EUROPE": "desktop.geo.projection",
    "PROJECTIONS": "desktop.geo.projection",
    "WORLD": "desktop.geo.projection",
    "Projection": "desktop.geo.projection",
    "View": "desktop.geo.projection",
    "fit": "desktop.geo.projection",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
