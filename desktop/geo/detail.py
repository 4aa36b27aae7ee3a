"""The 1:10m boundaries, drawn instead of the 1:50m ones once a view is zoomed in closer
than a Europe-wide view.

``geodata/countries-10m.wkb`` (built by ``geodata/build_boundaries.py`` from Natural Earth
1:10m) holds one geometry per unit of the 1:50m set, in the same order, so index ``i`` is
the same country in both. Reading and projecting it takes a few hundred milliseconds, so
the window asks for it on a worker thread (``request_detail``) and draws the 1:50m map
meanwhile; exports, which must draw what they are asked to, wait for it (``detail_for``).
Nothing here imports Qt: the worker reports through a plain callback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import shapely

from desktop.geo.boundaries import read_wkb
from desktop.geo.projected import _project, projected_map
from desktop.geo.projection import PROJECTIONS
from desktop.paths import geodata_path

DETAIL_FILE = "countries-10m.wkb"

DETAIL_PX_PER_KM = 1 / 2.5
"""Views finer than 2.5 km per pixel (at ui_scale 1) draw the 1:10m set. A Europe-wide
view in a window of usual size shows 4-6 km per pixel and stays at 1:50m; one zoom step
further in, the Balkans or the Baltic fill the window and get the detail."""

MAX_FITTED = 3
"""Fitted projections whose detail is kept (each holds some 10 MB)."""


def wants_detail(scale: float, ui_scale: float = 1.0) -> bool:
    """Whether a view of ``scale`` pixels per projected metre, drawn at ``ui_scale``, is
    zoomed in far enough to draw the 1:10m set."""
    return scale / max(ui_scale, 1e-9) * 1000.0 >= DETAIL_PX_PER_KM


@cache
def load_detail_lonlat() -> np.ndarray:
    """The 1:10m geometries in lon/lat, in the 1:50m index order, read once per process.

    Raises OSError or ValueError when the file is missing or damaged."""
    return shapely.from_wkb(read_wkb(geodata_path(DETAIL_FILE)))


@dataclass
class ProjectedDetail:
    """The 1:10m geometries of one projection: ``geometries[i]`` is the 1:50m map's unit
    ``i`` in projected metres (empty where the projection leaves it out)."""

    key: str
    geometries: np.ndarray
    bounds: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.bounds = shapely.bounds(self.geometries)


def project_detail(key: str) -> ProjectedDetail:
    """Project the 1:10m set for a projection key (a preset or a fitted key), leaving out
    what the projection's 1:50m map leaves out. Raises KeyError for an unknown key."""
    coarse = projected_map(key)
    projection = coarse.projection
    lonlat = load_detail_lonlat()
    if len(lonlat) != len(coarse.codes):
        raise ValueError(f"{DETAIL_FILE}: {len(lonlat)} units for {len(coarse.codes)}")
    keep = np.array([code not in projection.exclude for code in coarse.codes])
    geoms = np.where(keep, lonlat, shapely.Polygon())
    projected = _project(projection, geoms)
    projected = np.where(shapely.is_empty(projected), shapely.Polygon(), projected)
    return ProjectedDetail(key, projected)


class _Store:
    """Projected detail per key, built at most once each, on whichever thread asks first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done: dict[str, ProjectedDetail] = {}
        self._running: dict[str, threading.Event] = {}
        self._waiting: dict[str, list[Callable[[str], None]]] = {}
        self.failed: dict[str, str] = {}

    def ready(self, key: str) -> ProjectedDetail | None:
        with self._lock:
            return self._done.get(key)

    def _build(self, key: str) -> None:
        try:
            detail = project_detail(key)
            error = None
        except Exception as exc:  # reported, never raised in a worker: the map stays coarse
            detail, error = None, f"{DETAIL_FILE}: {exc}"
        with self._lock:
            if detail is not None:
                self._done[key] = detail
                # Keep the presets' and the last few fitted projections' detail.
                fitted = [k for k in self._done if k not in PROJECTIONS]
                for old in fitted[:-MAX_FITTED]:
                    del self._done[old]
            else:
                self.failed[key] = error
            event = self._running.pop(key)
            callbacks = self._waiting.pop(key, [])
        event.set()
        for callback in callbacks:
            callback(key)

    def request(self, key: str, callback: Callable[[str], None] | None) -> ProjectedDetail | None:
        with self._lock:
            if key in self._done:
                return self._done[key]
            if key in self.failed:
                return None
            if callback is not None:
                self._waiting.setdefault(key, []).append(callback)
            if key in self._running:
                return None
            self._running[key] = threading.Event()
        threading.Thread(target=self._build, args=(key,), name=f"detail-{key}", daemon=True).start()
        return None

    def wait(self, key: str) -> ProjectedDetail | None:
        self.request(key, None)
        with self._lock:
            event = self._running.get(key)
        if event is not None:
            event.wait()
        return self.ready(key)


_STORE = _Store()


def request_detail(key: str, callback: Callable[[str], None]) -> ProjectedDetail | None:
    """The projected detail of ``key`` if it is ready; otherwise None, and it is built on a
    worker thread, after which ``callback(key)`` is called on that thread (once per
    request; not at all when the detail had been built already). A detail that failed to
    load is not tried again: the map stays at 1:50m."""
    return _STORE.request(key, callback)


def detail_for(key: str) -> ProjectedDetail | None:
    """The projected detail of ``key``, built now (or waited for, if a worker is on it);
    None when the file cannot be read."""
    return _STORE.wait(key)


def detail_ready(key: str) -> ProjectedDetail | None:
    """The projected detail of ``key`` if it has been built, without building it."""
    return _STORE.ready(key)


def detail_error(key: str) -> str | None:
    """Why the detail of ``key`` could not be loaded, or None."""
    return _STORE.failed.get(key)
