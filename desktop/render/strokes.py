"""Lines under a pixel wide, drawn on images as SVG renderers draw them.

Qt strokes a pen of at most one device pixel on its thin-line path: a line one pixel wide,
anti-aliased along its length and made fainter in proportion to its width. A true stroke
of 0.7 px, which is what Inkscape, browsers and PDF viewers draw from the same file, covers
the pixels it crosses differently: on a world map at 1920 x 1080 the borders alone made
0.45% of the pixels differ from Inkscape's rendering by more than 8 levels. Composed pages
(PNG exports, copied maps) are meant to be the same picture as their SVG and PDF, so there
such lines are filled as the outline of their true stroke. The window keeps the thin-line
path: it re-renders while the user zooms, and filling the outlines of a world map's
borders takes about four times as long (95 ms against 25 ms of CPU at 1920 x 1080).
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEngine, QPainter, QPainterPath, QPainterPathStroker, QPen


def device_width(painter: QPainter, pen: QPen) -> float:
    """The pen's width in device pixels under the painter's current transform."""
    if pen.isCosmetic():
        return pen.widthF()
    return pen.widthF() * _scale(painter)


def _scale(painter: QPainter) -> float:
    t = painter.transform()
    return math.sqrt(abs(t.determinant()))


def takes_thin_path(painter: QPainter, pen: QPen) -> bool:
    """Whether Qt would draw ``pen`` on ``painter`` with its one-pixel thin-line path (a
    solid pen at most a device pixel wide, on an image)."""
    engine = painter.paintEngine()
    return (
        engine is not None
        and engine.type() == QPaintEngine.Type.Raster
        and pen.style() == Qt.PenStyle.SolidLine
        and 0 < device_width(painter, pen) <= 1.0
    )


Outlines = dict[int, tuple[QPainterPath, tuple, QPainterPath]]
"""True-stroke outlines kept for paths drawn again (by the path's ``id``: the path, the
stroke's shape, its outline). Holding the path keeps its ``id`` from being reused."""


class TrueStroke:
    """Strokes paths with one pen as true strokes where Qt would take its thin-line path,
    and as Qt strokes them elsewhere. Made once for a run of paths drawn under one
    transform (a map's borders).

    With ``kept``, the outline of each path drawn with ``keep`` is kept there and used the
    next time the same path is stroked the same way: the borders of the second and later
    maps of an export run are the first's (outlining them took a fifth of each map's time).
    """

    def __init__(self, painter: QPainter, pen: QPen, kept: Outlines | None = None) -> None:
        self.pen = pen
        self.kept = kept
        self.outlined = takes_thin_path(painter, pen)
        if self.outlined:
            self.stroker = QPainterPathStroker(pen)
            # In the painter's units, where the path is: a cosmetic width is in pixels.
            width = pen.widthF() / _scale(painter) if pen.isCosmetic() else pen.widthF()
            self.stroker.setWidth(width)
            self.brush = pen.brush()
            self.shape = (width, pen.capStyle(), pen.joinStyle(), pen.miterLimit())

    def draw(self, painter: QPainter, path: QPainterPath, keep: bool = False) -> None:
        """Stroke ``path`` (with no fill). ``keep``: the path lives on and will be drawn
        again (a map's own country paths, not ones cut for one view)."""
        if not self.outlined:
            painter.strokePath(path, self.pen)
            return
        if not keep or self.kept is None:
            painter.fillPath(self.stroker.createStroke(path), self.brush)
            return
        found = self.kept.get(id(path))
        if found is not None and found[0] is path and found[1] == self.shape:
            outline = found[2]
        else:
            outline = self.stroker.createStroke(path)
            self.kept[id(path)] = (path, self.shape, outline)
        painter.fillPath(outline, self.brush)


def stroke_path(painter: QPainter, path: QPainterPath, pen: QPen) -> None:
    """Stroke ``path`` with ``pen``: on an image a line under a pixel wide is filled as its
    true stroke (see the module's note); elsewhere Qt strokes it."""
    TrueStroke(painter, pen).draw(painter, path)
