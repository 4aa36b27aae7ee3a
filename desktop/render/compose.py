"""A map composed for presentation: title, subtitle, as-of date, the map, legend with counts,
an optional callout, and the credit line. Copy map and the PNG/SVG/PDF exports draw this;
the map inside is the same drawing as the window's.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QTextOption,
)

from desktop.geo.framing import fitted_view
from desktop.geo.labels import Placement, callout_place
from desktop.geo.language import is_rtl
from desktop.geo.projection import View, fit
from desktop.geo.styled import StyledMap
from desktop.model.countries import Gazetteer
from desktop.model.dataset import Dataset
from desktop.render.dataexport import styled_for
from desktop.render.fonts import make_font
from desktop.render.lettering import draw_text, text_lines
from desktop.render.mapdraw import (
    LabelChoice,
    MapRenderer,
    Overlay,
    hatch_brush,
    hatch_color,
    hatch_style,
    renderer_for,
)
from desktop.render.options import ExportOptions
from desktop.render.strokes import stroke_path, takes_thin_path


@dataclass
class Composition:
    """Everything a composed map shows, resolved for one day."""

    dataset: Dataset
    styled: StyledMap
    """Categories, colours, legend rows, the as-of caption and the credit line."""
    title: str | None = None
    subtitle: str | None = None
    labels: bool | LabelChoice = False
    """True (or a LabelChoice with ``listed``) names the listed nations."""
    highlight: str | None = None
    overlay: Overlay = field(default_factory=Overlay)
    placement: Placement | None = None
    """Where ``compose`` put the labels, and which nations found no place (set by it)."""
    covers: list[QRectF] = field(default_factory=list)
    """What ``compose`` drew over the map (legend, callout box and leader), page pixels."""
    frame: QRectF | None = None
    """The map's rectangle on the page (set by ``compose``); labels are placed within it."""

    def unplaced_names(self) -> list[str]:
        """Names of the nations in the frame whose label found no place (after compose)."""
        if self.placement is None:
            return []
        return [self.styled.name_of(code) for code in self.placement.unplaced]

    @property
    def day(self) -> dt.date:
        """The day the positions are shown for."""
        return self.styled.day

    @property
    def theme(self):
        """The colour theme the styled map was made for."""
        return self.styled.theme

    def heading(self) -> str:
        """The title shown (the dataset's unless overridden)."""
        if self.title is not None:
            return self.title
        return self.dataset.text_in(self.styled.lang).title

    def subheading(self) -> str:
        """The subtitle shown (the dataset's unless overridden)."""
        if self.subtitle is not None:
            return self.subtitle
        return self.dataset.text_in(self.styled.lang).subtitle or ""


def _font(family: str | None, pixels: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    # With the fallback families: a title or legend in any script draws no empty boxes.
    return make_font(family, max(6, round(pixels)), weight)


@dataclass
class Layout:
    """Where the parts of a composition go on the page (device-independent pixels)."""

    map: QRectF
    title: QRectF
    credit: QRectF


def composition(dataset: Dataset, gazetteer: Gazetteer, options: ExportOptions) -> Composition:
    """What a composed page shows for export options: the map of their day, titles, labels
    and highlight. Every composed output (PNG, SVG, PDF, slides, animation frames) starts
    here."""
    return Composition(
        dataset=dataset,
        styled=styled_for(dataset, gazetteer, options),
        title=options.title,
        subtitle=options.subtitle,
        labels=LabelChoice(
            listed=options.labels,
            everything=options.label_all,
            forced=frozenset(options.label_codes),
        ),
        highlight=options.highlight,
        overlay=Overlay(),
    )


def compose(
    painter: QPainter,
    page: QRectF,
    comp: Composition,
    view_for: Callable[[QRectF], View] | str,
    *,
    ui_scale: float = 1.0,
    font_family: str | None = None,
) -> View:
    """Draw ``comp`` onto ``page``. ``view_for`` is a preset key (``world``, ``europe``,
    ``fit``) or a function giving the view for the map's rectangle. Returns the map's view."""
    theme, s = comp.theme, ui_scale
    margin = 28 * s
    title_font = _font(font_family, 30 * s, QFont.Weight.Bold)
    sub_font = _font(font_family, 18 * s)
    small_font = _font(font_family, 13 * s)
    title_m, sub_m, small_m = (
        QFontMetricsF(title_font),
        QFontMetricsF(sub_font),
        QFontMetricsF(small_font),
    )

    painter.save()
    # Edges anti-aliased as every SVG and PDF reader draws them.
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.fillRect(page, QColor(theme.background))
    inner = page.adjusted(margin, margin, -margin, -margin)

    # Title block: title, then subtitle and as-of date on one line.
    title_h = title_m.height() + 4 * s + sub_m.height()
    credit_text_ = comp.styled.credit
    credit_option = QTextOption()
    credit_option.setWrapMode(QTextOption.WrapMode.WordWrap)
    credit_rect = small_m.boundingRect(
        QRectF(0, 0, inner.width(), 10_000), Qt.TextFlag.TextWordWrap, credit_text_
    )
    credit_h = credit_rect.height()
    layout = Layout(
        title=QRectF(inner.left(), inner.top(), inner.width(), title_h),
        # On whole pixels: the map is clipped to its frame, and a clip edge within a pixel
        # is drawn differently by each renderer (Qt clips images by whole pixels).
        map=_whole_pixels(
            QRectF(
                inner.left(),
                inner.top() + title_h + 14 * s,
                inner.width(),
                inner.height() - title_h - credit_h - 28 * s,
            )
        ),
        credit=QRectF(inner.left(), inner.bottom() - credit_h, inner.width(), credit_h),
    )

    # A right-to-left language mirrors the page's furniture: title, subtitle and credit
    # start at the right, the as-of date and the legend move to the other side.
    rtl = is_rtl(comp.styled.lang)
    # Absolute: under a right-to-left layout direction Qt would swap left and right again.
    leading = Qt.AlignmentFlag.AlignAbsolute | (
        Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    )
    painter.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    painter.setPen(QColor(theme.text))
    heading = comp.heading()
    title_x = (
        layout.title.right() - title_m.horizontalAdvance(heading) if rtl else layout.title.left()
    )
    draw_text(painter, QPointF(title_x, layout.title.top() + title_m.ascent()), heading, title_font)
    sub_y = layout.title.top() + title_m.height() + 4 * s
    as_of = comp.styled.as_of
    as_of_w = sub_m.horizontalAdvance(as_of)
    painter.setPen(QColor(theme.muted))
    subtitle = sub_m.elidedText(
        comp.subheading(), Qt.TextElideMode.ElideRight, layout.title.width() - as_of_w - 24 * s
    )
    subtitle_x = (
        layout.title.right() - sub_m.horizontalAdvance(subtitle) if rtl else layout.title.left()
    )
    draw_text(painter, QPointF(subtitle_x, sub_y + sub_m.ascent()), subtitle, sub_font)
    painter.setPen(QColor(theme.text))
    as_of_x = layout.title.left() if rtl else layout.title.right() - as_of_w
    draw_text(painter, QPointF(as_of_x, sub_y + sub_m.ascent()), as_of, sub_font)

    view, renderer = frame_map(view_for, layout.map, comp)
    overlay = Overlay(
        selected=comp.overlay.selected,
        highlighted=comp.overlay.highlighted,
        outlined=comp.overlay.outlined,
        callout=comp.highlight,
    )
    # A composed page is one picture in every format: borders as the SVG shows them.
    markers = renderer.paint_base(
        painter, view, layout.map, comp.styled, theme, overlay, ui_scale=s, true_strokes=True
    )
    renderer.paint_overlay(
        painter, view, layout.map, comp.styled, theme, overlay, ui_scale=s, markers=markers
    )
    frame = QPen(QColor(theme.muted))
    frame.setWidthF(0.6 * s)
    _box(painter, layout.map, frame)

    covers = [_legend(painter, layout.map, comp, s, font_family)]
    if comp.highlight:
        callout = _callout(
            painter, layout.map, view, renderer, comp, s, font_family, obstacles=covers
        )
        covers.extend(callout)
    comp.covers, comp.frame = covers, QRectF(layout.map)
    # Labels go last, around the legend and the callout: nothing is drawn over a name.
    choice = LabelChoice.of(comp.labels)
    comp.placement = Placement()
    if choice:
        origin = layout.map.topLeft()
        comp.placement = renderer.place_labels(
            view, layout.map.width(), layout.map.height(), comp.styled, choice, markers,
            obstacles=[box.translated(-origin.x(), -origin.y()) for box in covers],
            ui_scale=s, font_family=font_family,
        )  # fmt: skip
        renderer.draw_labels(
            painter, layout.map, comp.placement, theme, ui_scale=s, font_family=font_family,
            true_strokes=True,
        )  # fmt: skip

    painter.setPen(QColor(theme.muted))
    for start, line in text_lines(layout.credit, credit_text_, small_font, leading):
        draw_text(painter, start, line, small_font)
    painter.restore()
    return view


def _whole_pixels(rect: QRectF) -> QRectF:
    """``rect`` with each edge moved to the nearest whole pixel."""
    left, top = round(rect.left()), round(rect.top())
    return QRectF(left, top, round(rect.right()) - left, round(rect.bottom()) - top)


def frame_map(
    view_for: Callable[[QRectF], View] | str, rect: QRectF, comp: Composition
) -> tuple[View, MapRenderer]:
    """The view of a map drawn into ``rect`` and the renderer of its projection.

    ``view_for`` is a preset key (``world``, ``europe``, ``fit``) or a function giving the
    view for a rectangle (a fitted or callable view may be in a projection of its own).
    Every composed output (images and slides) frames its map here."""
    view = view_for(rect) if callable(view_for) else _view(view_for, rect, comp)
    return view, renderer_for(view.projection)


def _view(view_for: str, rect: QRectF, comp: Composition) -> View:
    """A preset's home framing, or the fit to the listed nations (in its own projection)."""
    if view_for == "fit":
        view = fitted_view(comp.styled.listed, rect.width(), rect.height())
        if view is not None:
            return view
    projected = renderer_for("europe" if view_for == "europe" else "world").projected
    return fit(
        projected.projection.key, projected.home_extent(), rect.width(), rect.height(), margin=0.02
    )


def _box(
    painter: QPainter,
    rect: QRectF,
    pen: QPen,
    fill: QColor | None = None,
    radius: float = 0.0,
    hatch: QBrush | None = None,
) -> None:
    """A rectangle (rounded by ``radius``) filled with ``fill``, then ``hatch``, then
    outlined with ``pen``: a thin outline as a true stroke on images (``render.strokes``),
    one shape in vector files."""
    path = QPainterPath()
    if radius:
        path.addRoundedRect(rect, radius, radius)
    else:
        path.addRect(rect)
    if not takes_thin_path(painter, pen):
        # A rectangle stays a <rect> in an SVG, for a designer to resize.
        painter.setPen(pen)
        brushes = [fill if fill is not None else QBrush(), *([hatch] if hatch else [])]
        for brush in brushes:
            painter.setBrush(brush)
            if radius:
                painter.drawRoundedRect(rect, radius, radius)
            else:
                painter.drawRect(rect)
        return
    if fill is not None:
        painter.fillPath(path, fill)
    if hatch is not None:
        painter.fillPath(path, hatch)
    stroke_path(painter, path, pen)


def _legend(
    painter: QPainter, map_rect: QRectF, comp: Composition, s: float, family: str | None
) -> QRectF:
    """Draw the legend in the map's lower-left corner (lower-right, mirrored, for a
    right-to-left language); returns its box."""
    theme = comp.theme
    font = _font(family, 15 * s)
    bold = _font(family, 15 * s, QFont.Weight.DemiBold)
    metrics = QFontMetricsF(font)
    entries = comp.styled.shown_legend
    notes = comp.styled.undrawn_notes()
    swatch = 16 * s
    row_h = max(metrics.height(), swatch) + 6 * s
    label_w = max(metrics.horizontalAdvance(row.label) for row in entries)
    count_w = max(QFontMetricsF(bold).horizontalAdvance(str(row.count)) for row in entries)
    pad = 12 * s
    width = pad + swatch + 10 * s + label_w + 18 * s + count_w + pad
    width = max([width, *(pad * 2 + metrics.horizontalAdvance(note) for note in notes)])
    height = pad * 2 + row_h * (len(entries) + len(notes)) - 6 * s
    rtl = is_rtl(comp.styled.lang)
    left = map_rect.right() - 14 * s - width if rtl else map_rect.left() + 14 * s
    box = QRectF(left, map_rect.bottom() - 14 * s - height, width, height)
    background = QColor(theme.background)
    background.setAlphaF(0.92)
    _box(painter, box, QPen(QColor(theme.muted), 0.6 * s), background, 6 * s)
    y = box.top() + pad
    for row in entries:
        square_x = box.right() - pad - swatch if rtl else box.left() + pad
        square = QRectF(square_x, y + (row_h - 6 * s - swatch) / 2, swatch, swatch)
        style = hatch_style(row.pattern)
        # Drawn in page pixels: the page's transform is the painter's.
        hatch = (
            None
            if style is None
            else hatch_brush(painter, style, hatch_color(theme), s, painter.transform())
        )
        _box(painter, square, QPen(QColor(theme.muted), 0.6 * s), QColor(row.color), hatch=hatch)
        baseline = y + (row_h - 6 * s) / 2 + metrics.ascent() / 2 - metrics.descent() / 2 + 2 * s
        painter.setPen(QColor(theme.text))
        if rtl:  # swatch at the right, the label ending beside it, the count at the left
            label_x = square.left() - 10 * s - metrics.horizontalAdvance(row.label)
        else:
            label_x = square.right() + 10 * s
        draw_text(painter, QPointF(label_x, baseline), row.label, font)
        text = str(row.count)
        count_w_row = QFontMetricsF(bold).horizontalAdvance(text)
        count_x = box.left() + pad if rtl else box.right() - pad - count_w_row
        draw_text(painter, QPointF(count_x, baseline), text, bold)
        y += row_h
    painter.setPen(QColor(theme.muted))
    for note in notes:
        baseline = y + (row_h - 6 * s) / 2 + metrics.ascent() / 2 - metrics.descent() / 2 + 2 * s
        note_x = box.right() - pad - metrics.horizontalAdvance(note) if rtl else box.left() + pad
        draw_text(painter, QPointF(note_x, baseline), note, font)
        y += row_h
    return box


def _callout(
    painter,
    map_rect: QRectF,
    view: View,
    renderer: MapRenderer,
    comp: Composition,
    s: float,
    family,
    obstacles: list[QRectF] = (),
) -> list[QRectF]:
    """A labelled box pointing at the highlighted nation, where it hides the fewest listed
    nations (``geo.labels.callout_place``). Returns what it covers: its box, and small
    boxes along its leader line and round its dot (empty when not in the frame)."""
    code = comp.highlight
    nation = comp.dataset.nation(code)
    unit = comp.styled.unit(code)
    legend = {row.category: row.label for row in comp.styled.legend}
    lines = [unit.name if unit else code, legend.get(unit.category if unit else None, "")]
    if nation and nation.role:
        lines.append(nation.role)
    bold, font = _font(family, 17 * s, QFont.Weight.Bold), _font(family, 14 * s)
    bm, fm = QFontMetricsF(bold), QFontMetricsF(font)
    width = (
        max(bm.horizontalAdvance(lines[0]), *(fm.horizontalAdvance(t) for t in lines[1:])) + 20 * s
    )
    height = bm.height() + fm.height() * (len(lines) - 1) + 14 * s
    origin = map_rect.topLeft()
    place = callout_place(
        renderer.projected, view, map_rect.width(), map_rect.height(), code, (width, height),
        listed=comp.styled.listed,
        obstacles=[
            (r.left() - origin.x(), r.top() - origin.y(), r.right() - origin.x(),
             r.bottom() - origin.y())
            for r in obstacles
        ],
        scale=s,
    )  # fmt: skip
    if place is None:
        return []
    (ax, ay), (left, top, right, bottom) = place
    anchor = QPointF(ax + origin.x(), ay + origin.y())
    box = QRectF(left + origin.x(), top + origin.y(), right - left, bottom - top)
    theme = comp.theme
    painter.setPen(QPen(QColor(theme.text), 1.4 * s))
    nearest = QPointF(
        min(max(anchor.x(), box.left()), box.right()), min(max(anchor.y(), box.top()), box.bottom())
    )
    painter.drawLine(anchor, nearest)
    painter.setBrush(QColor(theme.text))
    painter.drawEllipse(anchor, 3 * s, 3 * s)
    painter.setBrush(QColor(theme.background))
    painter.drawRoundedRect(box, 5 * s, 5 * s)
    painter.setPen(QColor(theme.text))
    # Right to left, each line ends at the box's right edge, as the legend's labels do.
    rtl = is_rtl(comp.styled.lang)

    def line_x(metrics: QFontMetricsF, line: str) -> float:
        if rtl:
            return box.right() - 10 * s - metrics.horizontalAdvance(line)
        return box.left() + 10 * s

    y = box.top() + 7 * s + bm.ascent()
    draw_text(painter, QPointF(line_x(bm, lines[0]), y), lines[0], bold)
    y += bm.descent() + fm.ascent()
    for line in lines[1:]:
        draw_text(painter, QPointF(line_x(fm, line), y), line, font)
        y += fm.height()
    covered = [box]
    steps = max(
        1, int(math.hypot(nearest.x() - ax - origin.x(), nearest.y() - ay - origin.y()) / (4 * s))
    )
    for k in range(steps + 1):
        t = k / steps
        x = anchor.x() + (nearest.x() - anchor.x()) * t
        y = anchor.y() + (nearest.y() - anchor.y()) * t
        r = (4 if k else 5) * s
        covered.append(QRectF(x - r, y - r, 2 * r, 2 * r))
    return covered
