"""The map in the window: drawn natively with the shared renderer, zoomed and panned by hand.

The map is rendered into a cached pixmap; hovering and selecting paint only the thin
overlay on top of it, and dragging or wheel-zooming moves or scales the cached pixmap
until a fresh render replaces it a moment later. That keeps every frame cheap whatever
the map's detail.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import QGestureEvent, QPinchGesture, QToolTip, QWidget

from desktop.geo.detail import detail_error, detail_ready, wants_detail
from desktop.geo.framing import fitted_view
from desktop.geo.labels import Placement
from desktop.geo.projection import PROJECTIONS, View, fit, projection_for
from desktop.render.mapdraw import LabelChoice, Marker, Overlay, renderer_for
from desktop.render.theme import Theme, theme_for_window
from desktop.ui.state import AtlasState
from desktop.ui.translation import N_, Texts

ZOOM_STEP = 1.25
MAX_ZOOM = 200.0
"""How far in one may zoom, relative to the whole map fitting the window."""
MIN_ZOOM = 0.5
DRAG_THRESHOLD = 4
"""Pixels a press must travel before it is a drag rather than a click."""
RERENDER_DELAY_MS = 90


ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}
"""Arrow keys as screen directions (y grows downwards)."""


@dataclass(frozen=True)
class CurrentView:
    """The window's map view for a map area of any size: centred, scaled so the whole of
    what the window shows fits (what Edit > Copy map and "Current view" exports frame).

    Call it with the map rectangle, as ``compose`` does with a ``view_for``.
    """

    view: View
    width: float
    height: float

    def __call__(self, rect: QRectF) -> View:
        factor = min(rect.width() / self.width, rect.height() / self.height)
        return View(self.view.projection, self.view.cx, self.view.cy, self.view.scale * factor)


class _DetailArrival(QObject):
    """Brings the detail worker's news (told on its own thread) to the widget's thread.

    The worker only appends to a list; a short timer on the widget's thread, running while
    a detail is awaited, reads it: no Qt call is made from the worker's thread."""

    arrived = Signal(str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._landed: list[str] = []
        self._timer = QTimer(self, interval=25)
        self._timer.timeout.connect(self._deliver)

    def notify(self, key: str) -> None:
        """The worker's callback: any thread."""
        self._landed.append(key)

    def pending(self) -> bool:
        """News the widget has not been given yet."""
        return bool(self._landed)

    def expect(self) -> None:
        """A render asked for a detail that is not there yet: watch for it."""
        if not self._timer.isActive():
            self._timer.start()

    def _deliver(self) -> None:
        if not self._landed:
            return
        keys, self._landed[:] = list(self._landed), []
        self._timer.stop()
        for key in dict.fromkeys(keys):
            self.arrived.emit(key)


class MapWidget(QWidget):
    """Shows the state's dataset on a map; selects, hovers, zooms and pans."""

    viewChanged = Signal()
    contextRequested = Signal(object, QPoint)
    """A right-click: the country under it (or None) and where, in global coordinates."""
    escaped = Signal()
    activated = Signal(str)
    """Enter on the selected country: show its details (the Nation panel)."""
    rendered = Signal(float)
    """Emitted after each full render with its duration in milliseconds."""
    unplacedChanged = Signal(list)
    """The names of the nations in view whose label found no place (after a render)."""

    def __init__(self, state: AtlasState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(320, 200)
        self.grabGesture(Qt.GestureType.PinchGesture)
        self.texts = Texts()
        self.texts.bind(self.setAccessibleName, N_("Map"))

        self.preset = "world"
        """What the View menu chose: ``world``, ``europe`` or ``fit`` (the listed nations,
        in the projection fitted to them, ``self.renderer``'s)."""
        self.renderer = renderer_for(self.preset)
        self.view: View | None = None
        self.fitted: str | None = None
        """What the view frames while the user has not moved it ("home", "fit", a code):
        a resize frames it again instead of merely scaling."""
        self.labels = False
        """Name the listed nations."""
        self.label_all = False
        """Name every country in view."""
        self.forced_labels: frozenset[str] = frozenset()
        """Nations always named, placed even where crowded."""
        self.unplaced: list[str] = []
        """Names whose label found no place at the last render."""
        self._placement = Placement()
        state.set_theme(theme_for_window(self.palette().window().color()))
        self.paint_handler = None
        """Called with the clicked country before selecting; True means it was handled
        (paint mode)."""

        self._cache: QPixmap | None = None
        self._cache_view: View | None = None
        self._markers: list[Marker] = []
        self._press: QPointF | None = None
        self._dragging = False
        self._drag_view: View | None = None
        self._pinch_start: View | None = None
        self.last_render_ms = 0.0
        self._rerender = QTimer(self, singleShot=True, interval=RERENDER_DELAY_MS)
        self._rerender.timeout.connect(self._invalidate)
        self._shown_path = None
        # Zoomed in, the map is drawn at 1:10m; that detail loads on a worker thread the
        # first time, and the 1:50m map is shown until it arrives.
        self._detail = _DetailArrival(self)
        self._detail.arrived.connect(self._detail_arrived)

        state.datasetReplaced.connect(self._dataset_replaced)
        state.contentChanged.connect(self._invalidate)
        state.dayChanged.connect(self._invalidate)
        state.themeChanged.connect(self._invalidate)
        state.languageChanged.connect(self._invalidate)
        state.languageChanged.connect(self.texts.retranslate)
        state.highlightChanged.connect(self._invalidate)
        state.compareChanged.connect(self._invalidate)
        state.selectionChanged.connect(lambda _: self.update())
        state.hoverChanged.connect(lambda _: self.update())

    # -- content ----------------------------------------------------------------------------
    def _dataset_replaced(self) -> None:
        loaded = self.state.loaded
        path = loaded.path if loaded else None
        # Another dataset starts from the preset's home framing, as at start-up; reading
        # the same file again (Reload) keeps the place one was looking at.
        if self.view is not None and (path is None or path != self._shown_path):
            self._home()
            self.viewChanged.emit()
        self._shown_path = path
        self._invalidate()

    @property
    def theme(self) -> Theme:
        """The colour theme the map is drawn in (the state's)."""
        return self.state.theme

    def _invalidate(self) -> None:
        self._cache = None
        self.update()

    def _detail_arrived(self, key: str) -> None:
        if key == self.renderer.projected.projection.key:
            self._invalidate()

    def set_labels(self, on: bool) -> None:
        """Show or hide the names of listed nations."""
        self.labels = on
        self._invalidate()

    def set_label_all(self, on: bool) -> None:
        """Name every country in view, listed or not."""
        self.label_all = on
        self._invalidate()

    def set_forced_label(self, code: str, on: bool) -> None:
        """Always name ``code`` (placed even where crowded), or stop doing so."""
        forced = set(self.forced_labels)
        (forced.add if on else forced.discard)(code)
        self.forced_labels = frozenset(forced)
        self._invalidate()

    def label_choice(self) -> LabelChoice:
        """Which names the map shows (the same choice goes to Copy map and exports)."""
        return LabelChoice(listed=self.labels, everything=self.label_all, forced=self.forced_labels)

    def placed_labels(self) -> Placement:
        """Where the last render put the labels."""
        return self._placement

    def set_theme(self, theme: Theme) -> None:
        """Use another colour theme for ocean, land and borders."""
        self.state.set_theme(theme)

    # -- views --------------------------------------------------------------------------------
    def _size(self) -> tuple[float, float]:
        return float(max(self.width(), 1)), float(max(self.height(), 1))

    def home_view(self, preset: str | None = None) -> View:
        """The framing of a preset (world, europe, fit) at the current size."""
        preset = preset or self.preset
        if preset == "fit":
            view = self._listed_view()
            if view is not None:
                return view
            preset = "world"
        renderer = renderer_for(preset)
        return fit(
            renderer.projected.projection.key, renderer.projected.home_extent(), *self._size()
        )

    def current_view(self) -> CurrentView:
        """What the map shows now, ready to frame a page or an image of another size."""
        return CurrentView(self.view or self.home_view(), *self._size())

    def _listed_view(self) -> View | None:
        dataset = self.state.dataset
        if dataset is None:
            return None
        return fitted_view([n.iso3 for n in dataset.nations], *self._size())

    def _home(self) -> None:
        """Back to the home framing without the side effects of ``set_view``; a fit may
        move to another projection (new nations, or none listed any more)."""
        self.view, self.fitted = self.home_view(), "home"
        self.renderer = renderer_for(self.view.projection)

    def set_preset(self, preset: str) -> None:
        """Switch to a preset (world, europe, fit) and its home framing."""
        view = self.home_view(preset)
        self.preset = preset if view.projection in PROJECTIONS or preset == "fit" else "world"
        self.renderer = renderer_for(view.projection)
        self.set_view(view, fitted="home")

    def reset_view(self) -> None:
        """Back to the current preset's home framing."""
        self.set_view(self.home_view(), fitted="home")

    def fit_codes(self, codes, *, context: bool = False) -> bool:
        """Frame some countries in the current projection; False when none is on the map.

        ``context`` frames one country among its nearest neighbours (search), so Luxembourg
        or Nauru is seen where it is rather than filling the window alone."""
        codes = tuple(codes)
        projected = self.renderer.projected
        if context and len(codes) == 1:
            extent = projected.context_extent(codes[0])
        else:
            extent = projected.extent_of(codes)
        if extent is None:
            return False
        view = fit(projected.projection.key, extent, *self._size(), margin=0.08)
        self.set_view(view, fitted=(codes, context))
        return True

    def fit_listed(self) -> bool:
        """Frame every listed nation, in the projection fitted to them (``geo.framing``): the
        same framing as the exports' "fit" view. False when none of them is on the map."""
        if self._listed_view() is None:
            return False
        self.set_preset("fit")
        return True

    def frame_country(self, code: str) -> bool:
        """Frame a country with its surroundings in view (search)."""
        return self.fit_codes([code], context=True)

    def _whole_scale(self) -> float:
        return self.renderer.whole_map_scale(*self._size())

    def _clamped(self, view: View) -> View:
        """Keep zoom within limits and the centre over the map."""
        whole = self._whole_scale()
        return view.clamped(
            self.renderer.projected.full_extent(), whole * MIN_ZOOM, whole * MAX_ZOOM
        )

    def set_view(self, view: View, fitted=None) -> None:
        """Show ``view`` (clamped to sensible zoom limits); ``fitted`` says what it frames."""
        self.fitted = fitted
        self.view = self._clamped(view)
        self._rerender.stop()
        self._invalidate()
        self.viewChanged.emit()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom keeping the point under ``anchor`` (default: the centre) in place."""
        if self.view is None:
            return
        w, h = self._size()
        point = anchor or QPointF(w / 2, h / 2)
        target = self.view.zoomed(factor, (point.x(), point.y()), w, h)
        self.fitted = None
        self.view = self._clamped(target)
        # Show the scaled old picture now; render the new detail once the wheel rests.
        self._rerender.start()
        self.update()
        self.viewChanged.emit()

    def zoom_in(self) -> None:
        """One step closer."""
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        """One step further."""
        self.zoom_by(1 / ZOOM_STEP)

    # -- painting -----------------------------------------------------------------------------
    def render_cache(self) -> float:
        """Render the base map into the cache now; returns milliseconds taken."""
        if self.view is None:
            self._home()
        started = time.perf_counter()
        ratio = self.devicePixelRatioF()
        w, h = self._size()
        pixmap = QPixmap(QSize(round(w * ratio), round(h * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        painter = QPainter(pixmap)
        overlay = Overlay(highlighted=self.state.highlighted, outlined=self.state.changed_codes())
        styled = self.state.styled()
        self._markers = self.renderer.paint_base(
            painter,
            self.view,
            QRectF(0, 0, w, h),
            styled,
            self.theme,
            overlay,
            detail_ready=self._detail.notify,
        )
        painter.end()
        if self.renderer.detail_enabled and wants_detail(self.view.scale):
            key = self.renderer.projected.projection.key
            # Not there yet (or there since the render asked for it): watch for the news.
            if self._detail.pending() or (detail_ready(key) is None and detail_error(key) is None):
                self._detail.expect()
        # Labels are drawn at each paint, over the hover and selection outlines, so nothing
        # ever covers a name; placing them is done once per render.
        choice = self.label_choice()
        self._placement = (
            self.renderer.place_labels(self.view, w, h, styled, choice, self._markers)
            if choice
            else Placement()
        )
        unplaced = [styled.name_of(code) for code in self._placement.unplaced]
        if unplaced != self.unplaced:
            self.unplaced = unplaced
            self.unplacedChanged.emit(unplaced)
        self._cache, self._cache_view = pixmap, self.view
        self.last_render_ms = (time.perf_counter() - started) * 1000
        self.rendered.emit(self.last_render_ms)
        return self.last_render_ms

    def paintEvent(self, event) -> None:
        if self.view is None:
            self._home()
        if self._cache is None:
            self.render_cache()
        painter = QPainter(self)
        w, h = self._size()
        painter.fillRect(QRectF(0, 0, w, h), QColor(self.theme.background))
        if self._cache_view == self.view:
            painter.drawPixmap(0, 0, self._cache)
        else:
            # Between renders: place the cached picture where the new view puts it.
            cached = self._cache_view
            factor = self.view.scale / cached.scale
            x0, y0 = self.view.to_screen(*cached.to_map(0, 0, w, h), w, h)
            target = QRectF(float(x0), float(y0), w * factor, h * factor)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawPixmap(target, self._cache, QRectF(self._cache.rect()))
        if self._cache_view == self.view:
            overlay = Overlay(selected=self.state.selected, hovered=self.state.hovered)
            self.renderer.paint_overlay(
                painter,
                self.view,
                QRectF(0, 0, w, h),
                self.state.styled(),
                self.theme,
                overlay,
                markers=self._markers,
                detail_ready=self._detail.notify,
            )
            self.renderer.draw_labels(painter, QRectF(0, 0, w, h), self._placement, self.theme)
        painter.end()

    def resizeEvent(self, event) -> None:
        if self.view is None or self.fitted == "home":
            self._home()
        elif isinstance(self.fitted, tuple):
            # A framing (fit to nations, a searched country) stays that framing.
            codes, context = self.fitted
            self.fit_codes(codes, context=context)
        elif event.oldSize().width() > 0:
            # A view the user chose keeps its centre and grows or shrinks with the window.
            factor = self.width() / event.oldSize().width()
            self.view = View(
                self.view.projection, self.view.cx, self.view.cy, self.view.scale * factor
            )
        self._rerender.start()
        self.update()
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.set_theme(theme_for_window(self.palette().window().color()))
        super().changeEvent(event)

    # -- hit-testing --------------------------------------------------------------------------
    def country_at(self, point: QPointF) -> str | None:
        """The country under a widget point (small-state markers first)."""
        if self.view is None:
            return None
        w, h = self._size()
        markers = self._markers if self._cache_view == self.view else None
        return self.renderer.country_at(
            self.view, w, h, point.x(), point.y(), self.state.styled(), markers=markers
        )

    def tooltip_text(self, code: str) -> str:
        """Name, category, role and, for a territory, its state: what hovering tells."""
        state = self.state
        styled = state.styled()
        dataset = state.dataset
        lines = [state.name(code), styled.label_of(styled.category_of(code))]
        nation = dataset.nation(code) if dataset else None
        if nation and nation.role:
            lines.append(nation.role)
        relation = styled.relation(code)
        if relation:
            lines.append(relation)
        return "\n".join(lines)

    # -- mouse and keys -----------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._drag_view = self.view
            self._dragging = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            delta = position - self._press
            if self._dragging or abs(delta.x()) + abs(delta.y()) > DRAG_THRESHOLD:
                self._dragging = True
                self.fitted = None
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.view = self._drag_view.panned(delta.x(), delta.y())
                QToolTip.hideText()
                self.update()
                self.viewChanged.emit()
                return
        code = self.country_at(position)
        self.state.hover(code)
        self.setCursor(Qt.CursorShape.PointingHandCursor if code else Qt.CursorShape.ArrowCursor)
        if code:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_text(code), self)
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if self._dragging:
                self._dragging = False
                self.setCursor(Qt.CursorShape.ArrowCursor)
                self._invalidate()
            else:
                code = self.country_at(event.position())
                if not (self.paint_handler and self.paint_handler(code)):
                    self.state.select(code)
            self._press = None
        super().mouseReleaseEvent(event)

    def leaveEvent(self, event) -> None:
        self.state.hover(None)
        super().leaveEvent(event)

    def contextMenuEvent(self, event) -> None:
        self.contextRequested.emit(self.country_at(QPointF(event.pos())), event.globalPos())

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(ZOOM_STEP**steps, event.position())
        event.accept()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.Gesture:
            return self._gesture(event)
        if event.type() == QEvent.Type.NativeGesture:
            native: QNativeGestureEvent = event
            if native.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
                self.zoom_by(1.0 + native.value(), native.position())
                return True
        return super().event(event)

    def _gesture(self, event: QGestureEvent) -> bool:
        pinch = event.gesture(Qt.GestureType.PinchGesture)
        if isinstance(pinch, QPinchGesture) and self.view is not None:
            if pinch.state() == Qt.GestureState.GestureStarted:
                self._pinch_start = self.view
            if self._pinch_start is not None:
                w, h = self._size()
                centre = self.mapFromGlobal(pinch.centerPoint().toPoint())
                self.view = self._pinch_start.zoomed(
                    pinch.totalScaleFactor(), (centre.x(), centre.y()), w, h
                )
                self.update()
                self.viewChanged.emit()
            if pinch.state() in (Qt.GestureState.GestureFinished, Qt.GestureState.GestureCanceled):
                self._pinch_start = None
                self.set_view(self.view)
            event.accept()
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_Home:
            self.reset_view()
        elif key == Qt.Key.Key_Escape:
            self.state.select(None)
            self.state.highlight(frozenset())
            self.escaped.emit()
        elif key in ARROWS and not event.modifiers() & Qt.KeyboardModifier.AltModifier:
            code = self.neighbour(self.state.selected, *ARROWS[key])
            if code is not None:
                self.state.select(code)
                self.reveal(code)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state.selected:
            self.activated.emit(self.state.selected)
        else:
            super().keyPressEvent(event)

    def neighbour(self, code: str | None, dx: int, dy: int) -> str | None:
        """The country the arrow (``dx``, ``dy``: screen direction) leads to from ``code``:
        the nearest whose label point lies within 45 degrees of that direction (failing
        that, 72), on screen, a point off the arrow's line counting as further away.
        Countries too small to see count only where a marker stands for them. From no
        selection: the listed nation nearest the middle of the view. None if nothing."""
        if self.view is None:
            return None
        projected = self.renderer.projected
        styled = self.state.styled()
        w, h = self._size()
        xs, ys = self.view.to_screen(projected.anchors[:, 0], projected.anchors[:, 1], w, h)
        shown = np.isfinite(xs) & np.isfinite(ys)
        # A country too small to see is a step only where a marker stands for it.
        small = np.zeros(len(projected.codes), dtype=bool)
        small[projected.small_at(self.view.scale)] = True
        marked = {marker.code for marker in self.renderer.markers(self.view, w, h, styled)}
        shown &= ~small | np.array([c in marked for c in projected.codes])
        start = projected.index(code) if code else -1
        if start < 0 or not shown[start]:
            listed = np.array([c in styled.listed for c in projected.codes])
            pool = shown & listed if (shown & listed).any() else shown
            if not pool.any():
                return None
            distance = np.hypot(xs - w / 2, ys - h / 2)
            return projected.codes[int(np.argmin(np.where(pool, distance, np.inf)))]
        vx, vy = xs - xs[start], ys - ys[start]
        along = vx * dx + vy * dy
        across = np.abs(vx * dy - vy * dx)
        for spread in (1.0, 3.0):
            ok = shown & (along > 0) & (across <= along * spread)
            ok[start] = False
            if ok.any():
                score = np.where(ok, np.hypot(along, across) + across, np.inf)
                return projected.codes[int(np.argmin(score))]
        return None

    def reveal(self, code: str) -> None:
        """Pan so the country's label point is inside the window (same zoom)."""
        projected = self.renderer.projected
        i = projected.index(code)
        if self.view is None or i < 0:
            return
        ax, ay = projected.anchors[i]
        w, h = self._size()
        x, y = self.view.to_screen(ax, ay, w, h)
        margin = 24
        if not (margin <= x <= w - margin and margin <= y <= h - margin):
            self.set_view(View(self.view.projection, float(ax), float(ay), self.view.scale))

    def view_state(self) -> dict:
        """What QSettings keeps of the view."""
        view = self.view or self.home_view()
        return {
            "preset": self.preset,
            "projection": view.projection,
            "cx": view.cx,
            "cy": view.cy,
            "scale": view.scale,
        }

    def restore_view_state(self, saved: dict) -> bool:
        """Show a saved view; False (and the home view) when it does not fit this build."""
        try:
            preset = str(saved["preset"])
            key = str(saved.get("projection", preset))
            if preset not in (*PROJECTIONS, "fit"):
                return False
            projection_for(key)
            self.preset = preset
            self.renderer = renderer_for(key)
            self.set_view(View(key, float(saved["cx"]), float(saved["cy"]), float(saved["scale"])))
            return True
        except (KeyError, TypeError, ValueError):
            return False
