"""Where the names go on a map: inside each nation's visible shape, or beside it.

The painter measures text (it knows the font); this module decides places, in the frame's
pixels (x right, y down, origin at the frame's top-left corner), with shapely:

1. A nation's visible shape is its projected geometry cut to the frame. Its label goes at
   the pole of inaccessibility of its largest visible part (the point farthest from the
   edge: Russia's falls inside the frame even when its centroid does not), when the text
   fits there.
2. A label that collides with another, or with something drawn on top of the map (the
   legend, a callout, markers), moves inside the shape to the clear place nearest to that
   pole; failing that, it shrinks and tries again.
3. A nation too small for its name gets it beside the shape, over the sea where possible,
   with a leader line to it.
4. What still has no place is reported by code (a forced label is placed anyway, at its
   least crowded place).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely

from desktop.geo.projected import ProjectedMap
from desktop.geo.projection import View

Box = tuple[float, float, float, float]
"""(left, top, right, bottom) in frame pixels."""

Measure = Callable[[str, float], tuple[float, float]]
"""(text, font size in px) -> (width, height) of the text's box in px."""

SHRINK = (1.0, 0.86, 0.74)
"""Font sizes tried, as fractions of the base size, before a label goes beside its shape."""

INSIDE = 0.8
"""A label is inside its nation when at least this share of its box lies on the shape."""

GAP = 2.0
"""Clear space kept around each label, in px (times the output's scale)."""


@dataclass(frozen=True)
class LabelRequest:
    """A name to place. ``forced`` labels go first and are never dropped."""

    code: str
    text: str
    forced: bool = False


@dataclass(frozen=True)
class PlacedLabel:
    """A placed name: its box, font size and, when set beside its shape, a leader line."""

    code: str
    text: str
    box: Box
    size: float
    """Font size in px."""
    leader: tuple[float, float, float, float] | None = None
    """(x0, y0, x1, y1): from the nation (or its marker) to the label's box."""


@dataclass
class Placement:
    """Every placed label, and the codes of the nations in the frame left without one."""

    labels: list[PlacedLabel] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)

    def boxes(self) -> list[Box]:
        """The placed labels' boxes."""
        return [label.box for label in self.labels]


def _grow(box: Box, by: float) -> Box:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def _overlaps(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each of ``boxes`` (n x 4), whether it meets any of ``others`` (m x 4)."""
    if len(others) == 0:
        return np.zeros(len(boxes), dtype=bool)
    a, b = boxes[:, None, :], others[None, :, :]
    return (
        (a[..., 0] < b[..., 2])
        & (a[..., 2] > b[..., 0])
        & (a[..., 1] < b[..., 3])
        & (a[..., 3] > b[..., 1])
    ).any(axis=1)


def _boxes_at(xs: np.ndarray, ys: np.ndarray, w: float, h: float) -> np.ndarray:
    return np.column_stack([xs - w / 2, ys - h / 2, xs + w / 2, ys + h / 2])


_SAMPLE_U, _SAMPLE_V = np.meshgrid(np.linspace(0.05, 0.95, 7), np.linspace(0.1, 0.9, 3))


def _share_on(shape: shapely.Geometry, boxes: np.ndarray) -> np.ndarray:
    """For each box (n x 4), the share of it on ``shape``, from 21 points spread over it:
    much cheaper than cutting boxes out of a coastline, and as good for placing names."""
    if len(boxes) == 0 or shape is None or shape.is_empty:
        return np.zeros(len(boxes))
    u, v = _SAMPLE_U.ravel(), _SAMPLE_V.ravel()
    xs = boxes[:, 0:1] + (boxes[:, 2:3] - boxes[:, 0:1]) * u
    ys = boxes[:, 1:2] + (boxes[:, 3:4] - boxes[:, 1:2]) * v
    return shapely.contains_xy(shape, xs, ys).mean(axis=1)


class _Frame:
    """The frame's pixels, with the nations' visible shapes in them."""

    def __init__(self, projected: ProjectedMap, view: View, width: float, height: float):
        self.projected, self.width, self.height = projected, width, height
        self.extent = view.extent(width, height)
        s, cx, cy = view.scale, view.cx, view.cy

        def to_px(coords: np.ndarray) -> np.ndarray:
            return np.column_stack(
                [(coords[:, 0] - cx) * s + width / 2, (cy - coords[:, 1]) * s + height / 2]
            )

        self._to_px = to_px
        self._shapes: dict[str, shapely.Geometry] = {}

    def shape(self, code: str) -> shapely.Geometry:
        """A nation's shape cut to the frame, in frame pixels (empty when not in it)."""
        if code not in self._shapes:
            i = self.projected.index(code)
            geometry = self.projected.geometries[i] if i >= 0 else shapely.Polygon()
            if not geometry.is_empty:
                geometry = shapely.clip_by_rect(geometry, *self.extent)
            if not geometry.is_empty:
                # Half a pixel of detail is all placing needs, and it makes every test on
                # the shape many times cheaper (a coastline has thousands of vertices).
                geometry = shapely.transform(geometry, self._to_px)
                geometry = shapely.make_valid(shapely.simplify(geometry, 0.5))
                shapely.prepare(geometry)
            self._shapes[code] = geometry
        return self._shapes[code]

    def anchor(self, code: str) -> tuple[float, float] | None:
        """A nation's label point in frame pixels, when it lies in the frame."""
        i = self.projected.index(code)
        if i < 0 or not np.isfinite(self.projected.anchors[i, 0]):
            return None
        x, y = self._to_px(self.projected.anchors[i : i + 1])[0]
        if 0 <= x <= self.width and 0 <= y <= self.height:
            return float(x), float(y)
        return None


def _together(shapes: Iterable[shapely.Geometry]) -> shapely.Geometry | None:
    """Shapes as one multipolygon for point tests: no union (neighbours only touch, and a
    point test needs none), so it costs nothing to build."""
    parts = [
        p for shape in shapes for p in shapely.get_parts(shape) if isinstance(p, shapely.Polygon)
    ]
    if not parts:
        return None
    together = shapely.MultiPolygon(parts)
    shapely.prepare(together)
    return together


def _largest(shape: shapely.Geometry) -> shapely.Polygon | None:
    parts = [p for p in shapely.get_parts(shape) if isinstance(p, shapely.Polygon)]
    if not parts:
        return None
    return max(parts, key=lambda p: p.area)


def _pole(part: shapely.Polygon) -> tuple[float, float]:
    """The pole of inaccessibility: the centre of the largest circle inside the part."""
    line = shapely.maximum_inscribed_circle(part, tolerance=0.5)
    x, y = shapely.get_coordinates(line)[0]
    return float(x), float(y)


def _inside_spots(
    part: shapely.Polygon, pole: tuple[float, float], w: float, h: float
) -> tuple[np.ndarray, np.ndarray]:
    """Centres where a w x h box lies mostly on ``part``: the pole of inaccessibility
    first, then points of a grid over the part, nearest to the pole first."""
    px, py = pole
    x0, y0, x1, y1 = part.bounds
    step = max(min(w, h) / 2, 2.0)
    gx, gy = np.meshgrid(
        np.arange(x0 + w / 2, x1 - w / 2 + 0.01, step),
        np.arange(y0 + h / 2, y1 - h / 2 + 0.01, step),
    )
    xs = np.concatenate([[px], gx.ravel()])
    ys = np.concatenate([[py], gy.ravel()])
    order = np.argsort((xs - px) ** 2 + (ys - py) ** 2, kind="stable")[:600]
    xs, ys = xs[order], ys[order]
    ok = _share_on(part, _boxes_at(xs, ys, w, h)) >= INSIDE
    return xs[ok], ys[ok]


def place_labels(
    projected: ProjectedMap,
    view: View,
    width: float,
    height: float,
    requests: Sequence[LabelRequest],
    measure: Measure,
    *,
    size: float,
    obstacles: Iterable[Box] = (),
    points: dict[str, tuple[float, float, float]] | None = None,
    scale: float = 1.0,
) -> Placement:
    """Place ``requests`` on a ``width`` x ``height`` frame showing ``view``.

    ``size`` is the base font size in px; ``measure`` gives a text's box at a size.
    ``obstacles`` are boxes drawn over the map that no label may touch (legend, callout,
    markers of other nations); ``points`` maps a code to a marker (x, y, radius) that
    stands for a nation too small to see, where its label's leader line starts. ``scale``
    sizes gaps and leader lengths with the output. A request whose nation is not in the
    frame at all is neither placed nor reported; one in the frame that finds no place is
    reported in ``Placement.unplaced`` (forced ones are placed anyway).
    """
    frame = _Frame(projected, view, width, height)
    points = points or {}
    gap = GAP * scale
    taken = [_grow(box, gap) for box in obstacles]
    taken.extend(_grow((x - r, y - r, x + r, y + r), gap) for x, y, r in points.values())
    land = _together(frame.shape(r.code) for r in requests)

    # Forced labels first, then the largest visible shapes: they have most room to move.
    def priority(request: LabelRequest) -> tuple[int, float]:
        shape = frame.shape(request.code)
        return (0 if request.forced else 1, -(shape.area if not shape.is_empty else 0.0))

    out = Placement()
    for request in sorted(requests, key=priority):
        shape = frame.shape(request.code)
        marker = points.get(request.code)
        if shape.is_empty and marker is None and frame.anchor(request.code) is None:
            continue  # not in the frame: nothing to label
        placed = None
        part = _largest(shape) if marker is None else None
        if part is not None:
            shapely.prepare(part)
            placed = _inside(request, part, measure, size, taken, width, height, gap)
        if placed is None:
            placed = _beside(
                request, part, marker, frame, measure, size, taken, land, width, height, scale
            )
        if placed is None:
            out.unplaced.append(request.code)
            continue
        out.labels.append(placed)
        taken.append(_grow(placed.box, gap))
    return out


def _inside(request, part, measure, size, taken, width, height, gap) -> PlacedLabel | None:
    """The label on its shape: at the pole, else the nearest clear spot, else smaller."""
    blocked = np.array(taken, dtype=float).reshape(-1, 4)
    pole = _pole(part)
    for factor in SHRINK:
        w, h = measure(request.text, size * factor)
        xs, ys = _inside_spots(part, pole, w, h)
        if len(xs) == 0:
            continue
        boxes = _boxes_at(xs, ys, w, h)
        in_frame = (
            (boxes[:, 0] >= gap)
            & (boxes[:, 1] >= gap)
            & (boxes[:, 2] <= width - gap)
            & (boxes[:, 3] <= height - gap)
        )
        clear = in_frame & ~_overlaps(boxes, blocked)
        if clear.any():
            box = boxes[np.argmax(clear)]
            return PlacedLabel(request.code, request.text, tuple(map(float, box)), size * factor)
    return None


def _beside(
    request, part, marker, frame, measure, size, taken, land, width, height, scale
) -> PlacedLabel | None:
    """The label next to a shape too small for it, with a leader line; over the sea, or
    over as little of the listed nations as can be."""
    if marker is not None:
        ax, ay, radius = marker
    elif part is not None:
        ax, ay = _pole(part)
        x0, y0, x1, y1 = part.bounds
        radius = max(x1 - x0, y1 - y0) / 2
    else:
        anchor = frame.anchor(request.code)
        if anchor is None:
            return None
        (ax, ay), radius = anchor, 2.0 * scale
    blocked = np.array(taken, dtype=float).reshape(-1, 4)
    best = None
    for factor in SHRINK:
        w, h = measure(request.text, size * factor)
        angles = np.radians(np.arange(0, 360, 30))
        for reach in (6.0, 16.0, 30.0, 48.0):
            distance = radius + reach * scale
            # Box centres such that the box's edge nearest the anchor sits at ``distance``.
            xs = ax + np.cos(angles) * (distance + w / 2 * np.abs(np.cos(angles)))
            ys = ay - np.sin(angles) * (distance + h / 2 * np.abs(np.sin(angles)))
            boxes = _boxes_at(xs, ys, w, h)
            ok = (
                (boxes[:, 0] >= 2)
                & (boxes[:, 1] >= 2)
                & (boxes[:, 2] <= width - 2)
                & (boxes[:, 3] <= height - 2)
            )
            clear = ok & ~_overlaps(boxes, blocked)
            cover = _share_on(land, boxes)
            # Over the sea beats over a listed nation; nearer beats farther.
            cost = cover * 10 + reach / 48 + (1 - factor) * 2
            if request.forced:
                # A forced label takes its least crowded place even when nothing is clear.
                cost = cost + (~clear) * 100 + (~ok) * 1000
            else:
                cost = np.where(clear, cost, np.inf)
            i = int(np.argmin(cost))
            if np.isfinite(cost[i]) and (best is None or cost[i] < best[0]):
                best = (cost[i], boxes[i], size * factor)
        if best is not None and best[0] < 1.0:
            break  # a clear place over the sea, near the nation: no need to shrink
    if best is None:
        return None
    _, box, font_size = best
    left, top, right, bottom = map(float, box)
    # The leader runs from the nation to the nearest point of the box.
    nx, ny = min(max(ax, left), right), min(max(ay, top), bottom)
    return PlacedLabel(
        request.code,
        request.text,
        (left, top, right, bottom),
        font_size,
        leader=(float(ax), float(ay), nx, ny),
    )


def callout_place(
    projected: ProjectedMap,
    view: View,
    width: float,
    height: float,
    code: str,
    size: tuple[float, float],
    *,
    listed: Iterable[str],
    obstacles: Iterable[Box] = (),
    scale: float = 1.0,
) -> tuple[tuple[float, float], Box] | None:
    """Where a callout pointing at ``code`` goes on a ``width`` x ``height`` frame.

    Returns the point it points at (the pole of inaccessibility of the nation's largest
    visible part, or its label point) and the box of ``size`` (w, h px): the place around
    that point hiding the least of the listed nations (none, where there is sea enough),
    and none of the nation itself, clear of ``obstacles`` (the legend). None when the
    nation is not in the frame."""
    frame = _Frame(projected, view, width, height)
    target = _largest(frame.shape(code))
    if target is not None:
        ax, ay = _pole(target)
    else:
        anchor = frame.anchor(code)
        if anchor is None:
            return None
        ax, ay = anchor
    w, h = size
    others = _together(frame.shape(c) for c in set(listed) if c != code)
    own = frame.shape(code)
    blocked = np.array([_grow(b, 6 * scale) for b in obstacles], dtype=float).reshape(-1, 4)
    margin = 6 * scale
    angles = np.radians(np.arange(0, 360, 20))
    best = None
    for reach in (40.0, 70.0, 110.0, 160.0, 220.0, 300.0):
        d = reach * scale
        xs = np.clip(ax + np.cos(angles) * (d + w / 2), margin + w / 2, width - margin - w / 2)
        ys = np.clip(ay - np.sin(angles) * (d + h / 2), margin + h / 2, height - margin - h / 2)
        boxes = _boxes_at(xs, ys, w, h)
        around = (
            (boxes[:, 0] - 4 * scale <= ax)
            & (ax <= boxes[:, 2] + 4 * scale)
            & (boxes[:, 1] - 4 * scale <= ay)
            & (ay <= boxes[:, 3] + 4 * scale)
        )
        # A short leader matters too, but less: 300 px farther weighs as much as hiding
        # a hundredth of the box's area of listed land.
        cost = reach / 300 + np.where(around | _overlaps(boxes, blocked), np.inf, 0.0)
        cost = cost + 100 * _share_on(others, boxes) + 300 * _share_on(own, boxes)
        i = int(np.argmin(cost))
        if np.isfinite(cost[i]) and (best is None or cost[i] < best[0]):
            best = (cost[i], boxes[i])
    if best is None:
        return None
    return (float(ax), float(ay)), tuple(map(float, best[1]))
