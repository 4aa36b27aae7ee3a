"""Boundaries, projections, view framing, hit-testing and small-state markers; no Qt."""

from desktop.geo.boundaries import Boundaries, load_boundaries
from desktop.geo.projected import ProjectedMap, projected_map
from desktop.geo.projection import EUROPE, PROJECTIONS, WORLD, Projection, View, fit

__all__ = [
    "EUROPE",
    "PROJECTIONS",
    "WORLD",
    "Boundaries",
    "ProjectedMap",
    "Projection",
    "View",
    "fit",
    "load_boundaries",
    "projected_map",
]
