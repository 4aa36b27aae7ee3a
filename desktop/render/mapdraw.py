"""Drawing a map onto any QPainter: the window, the clipboard, PNG, SVG and PDF exports.

There is one drawing path. The window hands it a widget's painter; exports hand it an
image's, an SVG generator's or a PDF writer's. What differs is only the view and the
``ui_scale`` that sizes lines, markers and labels for the output.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPen,
    QTransform,
)

from desktop.geo.detail import ProjectedDetail, detail_for, request_detail, wants_detail
from desktop.geo.labels import LabelRequest, Placement, place_labels
from desktop.geo.projected import ProjectedMap, projected_map
from desktop.geo.projection import PROJECTIONS, View
from desktop.geo.styled import StyledMap
from desktop.render.fonts import make_font
from desktop.render.lettering import draw_text, draws_outlines, stroke_text
from desktop.render.qtgeometry import clipped_painter_path, painter_path, painter_paths
from desktop.render.strokes import Outlines, TrueStroke, stroke_path
from desktop.render.svgunits import begin_clip, end_clip, mark_unit
from desktop.render.theme import LIGHT, Theme, qcolor

MARKER_RADIUS = 4.5
"""Small-state marker radius in device-independent pixels (ui_scale 1)."""

WIDE_BORDERS_FAST = True
"""Draw borders wider than a pixel on raster images as five thin strokes (see paint_base)."""
BORDER_STROKE_PX = 0.6
"""Width of each of those strokes: under a pixel, so Qt draws it on its fast path."""
BORDER_SHIFT_PX = 0.3
"""How far (device pixels) the four outer strokes lie from the edge, left, right, up, down."""

UNLISTED_MARKER_ZOOM = 3.0
"""Unlisted small states get markers once the view is this many times the whole-map scale."""

# Hatching for greyscale print: the styled map gives each category an index into these.
HATCHES: tuple[Qt.BrushStyle, ...] = (
    Qt.BrushStyle.BDiagPattern,
    Qt.BrushStyle.CrossPattern,
    Qt.BrushStyle.FDiagPattern,
    Qt.BrushStyle.DiagCrossPattern,
    Qt.BrushStyle.HorPattern,
    Qt.BrushStyle.VerPattern,
    Qt.BrushStyle.Dense5Pattern,
    Qt.BrushStyle.Dense3Pattern,
    Qt.BrushStyle.Dense6Pattern,
    Qt.BrushStyle.Dense4Pattern,
    Qt.BrushStyle.Dense7Pattern,
    Qt.BrushStyle.Dense2Pattern,
)


@dataclass
class Overlay:
    """Interaction state drawn over the map."""

    selected: str | None = None
    hovered: str | None = None
    highlighted: frozenset[str] = frozenset()
    """When not empty, every other country is faded (legend click, event participants)."""
    outlined: frozenset[str] = frozenset()
    """Countries marked with a dashed outline (what changed between two dates)."""
    callout: str | None = None
    """A country to point out with its name in a box (exports' --highlight)."""


@dataclass(frozen=True)
class Marker:
    """A small-state circle: where it is on the canvas and what it stands for."""

    code: str
    x: float
    y: float
    radius: float
    color: str
    listed: bool


def hatch_style(pattern: int | None) -> Qt.BrushStyle | None:
    """The Qt hatch pattern of a styled map's pattern index (None: plain fill)."""
    return None if pattern is None else HATCHES[pattern % len(HATCHES)]


HATCH_INK_ALPHA = 0.55
"""Opacity of the hatching's lines (the theme's text colour) over a category's fill."""


def hatch_scale(ui_scale: float) -> int:
    """Page pixels per cell pixel of Qt's 8 x 8 hatch patterns at ``ui_scale``: the hatching
    grows with the output as its lines do. Whole, so that every line covers whole pixels and
    an image, an SVG reader and a PDF reader draw the same crisp lines."""
    return max(1, round(ui_scale))


def hatch_brush(
    painter: QPainter, style: Qt.BrushStyle, color: QColor, ui_scale: float, page: QTransform
) -> QBrush:
    """A hatch brush for ``painter`` in its current transform whose pattern lies on the
    page's pixel grid, ``hatch_scale(ui_scale)`` page pixels per cell pixel, from the page's
    origin. ``page`` maps page pixels to the device (the painter's transform when the page
    was begun). Sets the painter's NonCosmeticBrushPatterns hint: without it Qt ignores a
    brush's transform and draws patterns in device pixels (a PDF's 300 dpi dots), and an SVG
    reader finds no scale to draw them at."""
    painter.setRenderHint(QPainter.RenderHint.NonCosmeticBrushPatterns, True)
    brush = QBrush(color, style)
    k = hatch_scale(ui_scale)
    to_current, _ = painter.transform().inverted()
    brush.setTransform(QTransform.fromScale(k, k) * page * to_current)
    return brush


def hatch_color(theme: Theme) -> QColor:
    """The colour of the hatching's lines."""
    color = QColor(theme.text)
    color.setAlphaF(HATCH_INK_ALPHA)
    return color


def _transform(
    view: View, width: float, height: float, left: float = 0.0, top: float = 0.0
) -> QTransform:
    s = view.scale
    return QTransform(s, 0, 0, -s, left + width / 2 - view.cx * s, top + height / 2 + view.cy * s)


def _fade(color: QColor, toward: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        color.redF() + (toward.redF() - color.redF()) * amount,
        color.greenF() + (toward.greenF() - color.greenF()) * amount,
        color.blueF() + (toward.blueF() - color.blueF()) * amount,
    )


def _ignore(_key: str) -> None:
    pass


@cache
def _preset_renderer(key: str) -> MapRenderer:
    return MapRenderer(projected_map(key))


@lru_cache(maxsize=4)
def _fitted_renderer(key: str) -> MapRenderer:
    return MapRenderer(projected_map(key))


def renderer_for(key: str) -> MapRenderer:
    """The shared renderer of a projection key: a preset's is built once and kept, a
    fitted projection's (``desktop.geo.framing``) is kept while it is among the last few used.
    Raises KeyError for an unknown key."""
    if key in PROJECTIONS:
        return _preset_renderer(key)
    return _fitted_renderer(key)


class MapRenderer:
    """Draws the countries of one projection; owns their ``QPainterPath``s."""

    def __init__(self, projected: ProjectedMap) -> None:
        self.projected = projected
        self.paths: list[QPainterPath] = painter_paths(projected.geometries)
        self.outline = painter_path(projected.outline) if projected.outline is not None else None
        # 1:10m paths, made the first time a zoomed-in view shows their country.
        self._detail_paths: dict[int, QPainterPath] = {}
        # Their borders' true-stroke outlines, for the next map drawn the same way.
        self._outlines: Outlines = {}
        self.detail_enabled = True
        """Draw the 1:10m set when zoomed in (``geo.detail``); off, always the 1:50m one."""

    def detail(
        self,
        view: View,
        ui_scale: float = 1.0,
        ready: Callable[[str], None] | None = None,
        warm: Iterable[int] = (),
    ) -> ProjectedDetail | None:
        """The 1:10m set to draw ``view`` with, or None for the 1:50m one (a view at world
        or Europe-wide scale, or the detail unreadable). Without ``ready`` the detail is
        loaded now, as exports need; with it, a detail not yet loaded is loaded on a worker
        thread, None is returned meanwhile, and ``ready(key)`` is called (on that thread)
        once it is there, after the paths of the countries ``warm`` (indices) have been made
        on that thread too, so that the first detailed render costs no more than the next."""
        if not self.detail_enabled or not wants_detail(view.scale, ui_scale):
            return None
        key = self.projected.projection.key
        if ready is None:
            return detail_for(key)
        warm = list(warm)

        def arrived(loaded: str) -> None:
            detail = request_detail(loaded, None)
            if detail is not None:
                for i in warm:
                    if i not in self._detail_paths:
                        self._detail_paths[i] = painter_path(detail.geometries[i])
            ready(loaded)

        return request_detail(key, arrived)

    # -- geometry helpers -------------------------------------------------------------------
    def whole_map_scale(self, width: float, height: float) -> float:
        """The scale at which the whole map fits the canvas."""
        minx, miny, maxx, maxy = self.projected.full_extent()
        return min(width / (maxx - minx), height / (maxy - miny))

    def _clip_extent(self, painter: QPainter, view: View, width: float, height: float):
        """The view's box when the device ignores clip rectangles (SVG), else None."""
        engine = painter.paintEngine()
        if engine is None or engine.type() != QPaintEngine.Type.SVG:
            return None
        minx, miny, maxx, maxy = view.extent(width, height)
        pad = (maxx - minx) * 0.002
        return minx - pad, miny - pad, maxx + pad, maxy + pad

    def _path(self, i: int, clip, detail: ProjectedDetail | None = None) -> QPainterPath:
        """Country ``i``'s path (1:10m when ``detail`` is given), cut to ``clip`` when given
        and needed."""
        if detail is None:
            path, geometries, bounds = (
                self.paths[i],
                self.projected.geometries,
                self.projected.bounds,
            )
        else:
            path = self._detail_paths.get(i)
            if path is None:
                path = self._detail_paths[i] = painter_path(detail.geometries[i])
            geometries, bounds = detail.geometries, detail.bounds
        if clip is None:
            return path
        minx, miny, maxx, maxy = bounds[i]
        if minx >= clip[0] and miny >= clip[1] and maxx <= clip[2] and maxy <= clip[3]:
            return path
        return clipped_painter_path(geometries[i], clip)

    def markers(
        self, view: View, width: float, height: float, styled: StyledMap, ui_scale: float = 1.0
    ) -> list[Marker]:
        """Circles for countries too small to see or click at this view, listed ones last (on top)."""
        projected = self.projected
        small = projected.small_at(view.scale)
        if len(small) == 0:
            return []
        zoomed = view.scale >= UNLISTED_MARKER_ZOOM * self.whole_map_scale(width, height)
        xs, ys = view.to_screen(
            projected.anchors[small, 0], projected.anchors[small, 1], width, height
        )
        pad = MARKER_RADIUS * 2 * ui_scale
        listed, fills = styled.listed, styled.fills
        out_unlisted, out_listed = [], []
        for i, x, y in zip(small, np.atleast_1d(xs), np.atleast_1d(ys), strict=True):
            if not (-pad <= x <= width + pad and -pad <= y <= height + pad):
                continue
            code = projected.codes[i]
            # A territory that takes its listed state's position is coloured like a listed
            # nation, so it needs a marker as much (Martinique with France).
            if code in listed or code in fills:
                color = fills.get(code)
                out_listed.append(
                    Marker(
                        code,
                        float(x),
                        float(y),
                        MARKER_RADIUS * ui_scale,
                        color or "",
                        code in listed,
                    )
                )
            elif zoomed:
                out_unlisted.append(
                    Marker(code, float(x), float(y), MARKER_RADIUS * 0.6 * ui_scale, "", False)
                )
        return out_unlisted + out_listed

    def country_at(
        self,
        view: View,
        width: float,
        height: float,
        px: float,
        py: float,
        styled: StyledMap,
        ui_scale: float = 1.0,
        markers: list[Marker] | None = None,
    ) -> str | None:
        """The country under a canvas point: a marker when the point is on its circle (they
        sit on top), otherwise the land there. Markers reach no further than they are drawn,
        so a click on France beside Luxembourg's marker is a click on France."""
        if markers is None:
            markers = self.markers(view, width, height, styled, ui_scale)
        best, best_d = None, None
        for marker in markers:
            d = (marker.x - px) ** 2 + (marker.y - py) ** 2
            reach = (marker.radius + 1.0 * ui_scale) ** 2
            if d <= reach and (best_d is None or d <= best_d):
                best, best_d = marker.code, d
        if best:
            return best
        x, y = view.to_map(px, py, width, height)
        i = self.projected.country_at(float(x), float(y))
        return self.projected.codes[i] if i >= 0 else None

    # -- drawing ----------------------------------------------------------------------------
    def paint(
        self,
        painter: QPainter,
        view: View,
        rect: QRectF,
        styled: StyledMap,
        theme: Theme = LIGHT,
        overlay: Overlay | None = None,
        *,
        labels: bool | LabelChoice = False,
        ui_scale: float = 1.0,
        font_family: str | None = None,
        detail_ready: Callable[[str], None] | None = None,
        true_strokes: bool = False,
    ) -> Placement:
        """Draw the map of ``view`` into ``rect`` of the painter's device: the base, then
        hover, selection and callout outlines, then the labels over all of them. Returns
        where the labels went (and which found no place). The window draws the layers
        separately so hovering never repaints the whole map; composed pages place labels
        themselves, around their legend and callout."""
        overlay = overlay or Overlay()
        markers = self.paint_base(
            painter, view, rect, styled, theme, overlay, ui_scale=ui_scale,
            detail_ready=detail_ready, true_strokes=true_strokes,
        )  # fmt: skip
        self.paint_overlay(
            painter, view, rect, styled, theme, overlay, ui_scale=ui_scale, markers=markers,
            detail_ready=detail_ready,
        )  # fmt: skip
        choice = LabelChoice.of(labels)
        if not choice:
            return Placement()
        placement = self.place_labels(
            view, rect.width(), rect.height(), styled, choice, markers,
            ui_scale=ui_scale, font_family=font_family,
        )  # fmt: skip
        self.draw_labels(
            painter, rect, placement, theme, ui_scale=ui_scale, font_family=font_family,
            true_strokes=true_strokes,
        )  # fmt: skip
        return placement

    def paint_base(
        self,
        painter: QPainter,
        view: View,
        rect: QRectF,
        styled: StyledMap,
        theme: Theme = LIGHT,
        overlay: Overlay | None = None,
        *,
        ui_scale: float = 1.0,
        detail_ready: Callable[[str], None] | None = None,
        true_strokes: bool = False,
    ) -> list[Marker]:
        """Ocean, countries (by category, unlisted in the land colour, hairline borders),
        faded non-members of a highlight, dashed change outlines and small-state markers.
        Zoomed in closer than a Europe-wide view, countries are drawn at 1:10m (see
        ``detail``; ``detail_ready`` as there). ``true_strokes``: on an image, draw borders
        under a pixel wide as true strokes, as the same map's SVG shows them
        (``render.strokes``; composed pages), not on Qt's faster thin-line path (the
        window). Returns the markers drawn (the window hit-tests them; labels avoid them)."""
        overlay = overlay or Overlay()
        width, height = rect.width(), rect.height()
        shown = sorted(self.projected.visible(view.extent(width, height)))
        detail = self.detail(view, ui_scale, detail_ready, warm=shown)
        painter.save()
        base = painter.transform()
        painter.setClipRect(rect)
        begin_clip(painter, rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        world = _transform(view, width, height, rect.left(), rect.top()) * base
        clip = self._clip_extent(painter, view, width, height)
        if self.outline is None:
            painter.fillRect(rect, qcolor(theme, "ocean"))
        else:
            # A world map shows the globe's shape: ocean inside, page outside.
            painter.fillRect(rect, qcolor(theme, "background"))
            painter.setTransform(world)
            edge = QPen(qcolor(theme, "muted"))
            edge.setCosmetic(True)
            edge.setWidthF(0.8 * ui_scale)
            painter.setPen(edge)
            painter.setBrush(qcolor(theme, "ocean"))
            globe = (
                self.outline if clip is None else clipped_painter_path(self.projected.outline, clip)
            )
            true_edge = TrueStroke(painter, edge) if true_strokes else None
            if true_edge is not None and true_edge.outlined:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawPath(globe)
                true_edge.draw(painter, globe)
            else:
                painter.drawPath(globe)
            painter.setTransform(base)

        # Unlisted land: the theme's colour, or the one the dataset names for its unlisted class.
        ocean, land = qcolor(theme, "ocean"), QColor(styled.unlisted.color)
        border = QPen(qcolor(theme, "border"))
        border.setCosmetic(True)
        border.setWidthF(0.7 * ui_scale)
        fading = bool(overlay.highlighted)
        ink = hatch_color(theme)

        fills = styled.fills
        # Qt strokes a cosmetic pen of at most one pixel on its fast path; a wider one (the
        # border of a 4k image is 1.4 px) goes through the general stroker, about five times
        # slower. On a raster image such a border is drawn as thin strokes on the edge and
        # shifted around it instead: under half a percent of the pixels differ from the true
        # stroke by more than 8 levels, and the map draws three times faster. Vector output
        # (SVG, PDF) keeps the one true stroke.
        fast_borders = (
            WIDE_BORDERS_FAST
            and border.widthF() > 1.0
            and painter.paintEngine().type() == QPaintEngine.Type.Raster
        )
        if fast_borders:
            border.setWidthF(BORDER_STROKE_PX)
            shifts = [
                world * QTransform.fromTranslate(dx * BORDER_SHIFT_PX, dy * BORDER_SHIFT_PX)
                for dx, dy in ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1))
            ]
        painter.setTransform(world)
        hatches: dict[Qt.BrushStyle, QBrush] = {}
        painter.setPen(border)
        true_border = None
        if true_strokes and not fast_borders:
            true_border = TrueStroke(painter, border, self._outlines)
            if true_border.outlined:
                painter.setPen(Qt.PenStyle.NoPen)
            else:
                true_border = None
        for i in shown:
            code = self.projected.codes[i]
            path = self._path(i, clip, detail)
            if path.isEmpty():
                continue
            color = QColor(fills[code]) if code in fills else land
            if fading and code not in overlay.highlighted:
                color = _fade(color, ocean, 0.65)
            mark_unit(painter, code, styled.category_of(code))
            painter.setBrush(color)
            if fast_borders:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawPath(path)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(border)
                for shifted in shifts:
                    painter.setTransform(shifted)
                    painter.drawPath(path)
                painter.setTransform(world)
            elif true_border is not None:
                painter.drawPath(path)
                # Uncut paths are the renderer's own, drawn again by the next map.
                true_border.draw(painter, path, keep=clip is None)
            else:
                painter.drawPath(path)
            style = hatch_style(styled.pattern_of(code))
            if style is not None:
                if style not in hatches:
                    hatches[style] = hatch_brush(painter, style, ink, ui_scale, base)
                painter.fillPath(path, hatches[style])
        mark_unit(painter, None, None)
        for code in sorted(overlay.outlined):
            self._outline(
                painter,
                code,
                theme.selection,
                1.6,
                ui_scale,
                theme.selection_halo,
                dash=True,
                clip=clip,
                detail=detail,
            )

        # Screen-space furniture: sizes in pixels, not metres.
        painter.setTransform(QTransform.fromTranslate(rect.left(), rect.top()) * base)
        markers = self.markers(view, width, height, styled, ui_scale)
        self._paint_markers(painter, markers, styled, theme, overlay, ui_scale, fading, base)
        end_clip(painter)
        painter.restore()
        return markers

    def paint_overlay(
        self,
        painter: QPainter,
        view: View,
        rect: QRectF,
        styled: StyledMap,
        theme: Theme,
        overlay: Overlay,
        *,
        ui_scale: float = 1.0,
        markers: list[Marker] | None = None,
        detail_ready: Callable[[str], None] | None = None,
    ) -> None:
        """Hover glow and outline, selection and callout outlines, rings on their markers,
        at the base's scale (``detail_ready`` as in ``paint_base``)."""
        # The base has asked for the detail and will be told: nothing more to tell here.
        detail = self.detail(view, ui_scale, None if detail_ready is None else _ignore)
        width, height = rect.width(), rect.height()
        painter.save()
        base = painter.transform()
        painter.setClipRect(rect)
        begin_clip(painter, rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setTransform(_transform(view, width, height, rect.left(), rect.top()) * base)
        clip = self._clip_extent(painter, view, width, height)
        if overlay.hovered and overlay.hovered != overlay.selected:
            i = self.projected.index(overlay.hovered)
            if i >= 0 and not self.paths[i].isEmpty():
                glow = qcolor(theme, "hover")
                glow.setAlphaF(0.35)
                painter.fillPath(self._path(i, clip, detail), glow)
            self._outline(
                painter, overlay.hovered, theme.selection, 1.0, ui_scale, clip=clip, detail=detail
            )
        self._outline(
            painter,
            overlay.selected,
            theme.selection,
            2.0,
            ui_scale,
            theme.selection_halo,
            clip=clip,
            detail=detail,
        )
        if overlay.callout and overlay.callout != overlay.selected:
            self._outline(
                painter,
                overlay.callout,
                theme.selection,
                2.0,
                ui_scale,
                theme.selection_halo,
                clip=clip,
                detail=detail,
            )

        painter.setTransform(QTransform.fromTranslate(rect.left(), rect.top()) * base)
        if markers is None:
            markers = self.markers(view, width, height, styled, ui_scale)
        ring = QPen(qcolor(theme, "selection"))
        ring.setWidthF(2.0 * ui_scale)
        painter.setPen(ring)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        marked = {overlay.selected, overlay.hovered, overlay.callout}
        for marker in markers:
            if marker.code in marked:
                r = marker.radius + 2.5 * ui_scale
                painter.drawEllipse(QPointF(marker.x, marker.y), r, r)
        end_clip(painter)
        painter.restore()

    def _outline(
        self,
        painter: QPainter,
        code: str | None,
        color: str,
        width_px: float,
        ui_scale: float,
        halo: str | None = None,
        dash: bool = False,
        clip=None,
        detail: ProjectedDetail | None = None,
    ) -> None:
        i = self.projected.index(code) if code else -1
        if i < 0 or self.paths[i].isEmpty():
            return
        path = self._path(i, clip, detail)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if halo:
            pen = QPen(QColor(halo))
            pen.setCosmetic(True)
            pen.setWidthF((width_px + 2) * ui_scale)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.drawPath(path)
        pen = QPen(QColor(color))
        pen.setCosmetic(True)
        pen.setWidthF(width_px * ui_scale)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        if dash:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawPath(path)

    def _paint_markers(
        self, painter, markers, styled, theme, overlay, ui_scale, fading, page: QTransform
    ) -> None:
        edge = QPen(qcolor(theme, "marker_edge"))
        edge.setWidthF(1.2 * ui_scale)
        ocean = qcolor(theme, "ocean")
        for marker in markers:
            color = QColor(marker.color or styled.unlisted.color)
            if fading and marker.code not in overlay.highlighted:
                color = _fade(color, ocean, 0.65)
            mark_unit(painter, marker.code, styled.category_of(marker.code), "marker")
            painter.setPen(edge)
            painter.setBrush(color)
            centre = QPointF(marker.x, marker.y)
            painter.drawEllipse(centre, marker.radius, marker.radius)
            style = hatch_style(styled.pattern_of(marker.code))
            if style is not None:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(hatch_brush(painter, style, hatch_color(theme), ui_scale, page))
                painter.drawEllipse(centre, marker.radius, marker.radius)
            if marker.code in overlay.outlined:
                ring = QPen(qcolor(theme, "selection"))
                ring.setWidthF(1.6 * ui_scale)
                ring.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(ring)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                r = marker.radius + 2.5 * ui_scale
                painter.drawEllipse(centre, r, r)
        mark_unit(painter, None, None)

    # -- labels -----------------------------------------------------------------------------
    def place_labels(
        self,
        view: View,
        width: float,
        height: float,
        styled: StyledMap,
        labels: LabelChoice,
        markers: list[Marker],
        *,
        obstacles: list[QRectF] = (),
        ui_scale: float = 1.0,
        font_family: str | None = None,
    ) -> Placement:
        """Where the names go on a ``width`` x ``height`` frame (``geo.labels``): on each
        nation's visible shape, moved or shrunk on collision, else beside it with a leader
        line. ``obstacles`` (frame pixels) are what is drawn over the map: no label
        touches them. Markers are obstacles too, and where small states' labels start."""
        projected = self.projected
        if labels.everything:
            x0, y0, x1, y1 = view.extent(width, height)
            shown = [projected.codes[i] for i in self.projected.visible((x0, y0, x1, y1))]
            codes = sorted({*shown, *(m.code for m in markers), *labels.forced})
        else:
            codes = sorted({*(styled.listed if labels.listed else ()), *labels.forced})
        requests = []
        for code in codes:
            unit = styled.unit(code)
            if unit is None and projected.index(code) < 0:
                continue
            text = unit.label if unit else projected.names[projected.index(code)]
            requests.append(LabelRequest(code, text, forced=code in labels.forced))
        size = label_size(ui_scale)
        metrics: dict[float, QFontMetricsF] = {}

        def measure(text: str, pixels: float) -> tuple[float, float]:
            if pixels not in metrics:
                metrics[pixels] = QFontMetricsF(label_font(font_family, pixels))
            m = metrics[pixels]
            return m.horizontalAdvance(text), m.height()

        return place_labels(
            projected,
            view,
            width,
            height,
            requests,
            measure,
            size=size,
            obstacles=[(r.left(), r.top(), r.right(), r.bottom()) for r in obstacles],
            points={m.code: (m.x, m.y, m.radius) for m in markers},
            scale=ui_scale,
        )

    def draw_labels(
        self,
        painter: QPainter,
        rect: QRectF,
        placement: Placement,
        theme: Theme,
        *,
        ui_scale: float = 1.0,
        font_family: str | None = None,
        true_strokes: bool = False,
    ) -> None:
        """Draw placed labels into ``rect``: leader lines, then the names over a halo.

        Drawn last, over outlines, markers, the legend and the callout, none of which a
        placed label touches, so nothing is ever drawn over a name. ``true_strokes``: on an
        image, draw them as the same map's SVG shows them (names filled as outlines, halos
        stroked round them: ``render.lettering``; composed pages), not with Qt's faster
        glyph drawing (the window, which draws the names at every repaint)."""
        if not placement.labels:
            return
        painter.save()
        painter.translate(rect.left(), rect.top())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        leader = QPen(qcolor(theme, "text"))
        leader.setWidthF(0.9 * ui_scale)
        halo_pen = QPen(qcolor(theme, "label_halo"))
        halo_pen.setWidthF(2.6 * ui_scale)
        for label in placement.labels:
            if label.leader is None:
                continue
            x0, y0, x1, y1 = label.leader
            line = QPainterPath(QPointF(x0, y0))
            line.lineTo(QPointF(x1, y1))
            stroke_path(painter, line, halo_pen)
            stroke_path(painter, line, leader)
        # The halo keeps a name readable over any fill. On vector pages (SVG, PDF) and
        # composed images it is a stroked outline of the name, so the letters themselves
        # stay one searchable, selectable text; in the window the name is stamped in the
        # halo's colour round its place, the same look at a fifth of the cost.
        stamped = not true_strokes and draws_outlines(painter)
        halo = QPen(qcolor(theme, "label_halo"))
        halo.setWidthF(3.0 * ui_scale)
        halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        reach = 1.5 * ui_scale
        stamps = [
            QPointF(reach * math.cos(a), reach * math.sin(a))
            for a in (i * math.pi / 6 for i in range(12))
        ]
        texts = []
        for label in placement.labels:
            font = label_font(font_family, label.size)
            left, top, _, _ = label.box
            baseline = QPointF(left, top + QFontMetricsF(font).ascent())
            if stamped:
                painter.setFont(font)
                painter.setPen(halo.color())
                for offset in stamps:
                    painter.drawText(baseline + offset, label.text)
            else:
                stroke_text(painter, baseline, label.text, font, halo)
            texts.append((baseline, font, label.text))
        painter.setPen(qcolor(theme, "text"))
        for baseline, font, text in texts:
            if stamped:
                painter.setFont(font)
                painter.drawText(baseline, text)
            else:
                draw_text(painter, baseline, text, font)
        painter.restore()


LABEL_PX = 11.0
"""Label font size in device-independent pixels (ui_scale 1)."""


def label_size(ui_scale: float) -> float:
    """The base label font size in px for an output's scale."""
    return max(8.0, round(LABEL_PX * ui_scale))


def label_font(family: str | None, pixels: float) -> QFont:
    """The labels' font at a size in px (semi-bold; a fraction of a pixel is kept)."""
    # With the fallback families: names in Arabic, Greek, Cyrillic or CJK draw no boxes.
    return make_font(family, max(6, round(pixels)), QFont.Weight.DemiBold)


@dataclass(frozen=True)
class LabelChoice:
    """Which names a map shows: every listed nation, every country in the frame, and
    nations the user asked for by code (``forced``: placed even when crowded)."""

    listed: bool = False
    everything: bool = False
    forced: frozenset[str] = frozenset()

    @classmethod
    def of(cls, value: bool | LabelChoice | None) -> LabelChoice:
        """A choice from the old yes/no switch (True: the listed nations) or a choice."""
        if isinstance(value, LabelChoice):
            return value
        return cls(listed=bool(value))

    def __bool__(self) -> bool:
        return self.listed or self.everything or bool(self.forced)
