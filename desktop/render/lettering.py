"""Text on any painter, placed alike on pixels and in vector files.

An SVG keeps its text as text, and whoever opens it (Inkscape, a browser) lays the letters
out with the font's exact advances and fills their outlines. Qt's own text drawing on an
image does two things differently: it rounds every glyph's advance down to 1/64 pixel at the
drawn size, so that across a line letters drift by a tenth of a pixel or more from where
those readers put them, and it draws hinted glyph bitmaps rather than outlines. On images
the text is therefore filled as outlines taken at ``OUTLINE_SCALE`` times its size and scaled
back: the same letters, in the same places, as the SVG shows. Vector painters (SVG, PDF)
still get text, so names stay searchable and editable.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPen,
    QTextLayout,
    QTextOption,
    QTransform,
)

OUTLINE_SCALE = 64
"""Outlines are laid out at this many times the font's pixel size, then scaled back: the
1/64-pixel rounding of each advance then amounts to 1/4096 of a pixel."""


def draws_outlines(painter: QPainter) -> bool:
    """Whether text on ``painter`` is filled as outlines (an image) rather than written as
    text (SVG, PDF)."""
    engine = painter.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Raster


_OUTLINES: dict[tuple[str, str, bool], QPainterPath] = {}
_OUTLINES_KEPT = 4096
"""Outlines kept for reuse (a map's names, legend and titles, across frames of a timeline)."""


def _outline(font: QFont, text: str, rtl: bool) -> QPainterPath:
    """The outline of ``text`` with its baseline's start at (0, 0), in the font's pixels."""
    big = QFont(font)
    big.setPixelSize(font.pixelSize() * OUTLINE_SCALE)
    layout = QTextLayout(text, big)
    # Left-aligned whatever the direction: the line's first glyph starts at x = 0.
    option = QTextOption(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    if not line.isValid():
        return path
    # The layout's own origin is the line's top-left; its baseline lies at the ascent.
    shift = QPointF(-line.naturalTextRect().left(), -line.ascent())
    for run in layout.glyphRuns():
        raw = run.rawFont()
        for index, position in zip(run.glyphIndexes(), run.positions(), strict=True):
            path.addPath(raw.pathForGlyph(index).translated(position + shift))
    return QTransform.fromScale(1 / OUTLINE_SCALE, 1 / OUTLINE_SCALE).map(path)


def text_outline(font: QFont, text: str, rtl: bool = False) -> QPainterPath:
    """The outline of ``text`` in ``font`` (which must have a pixel size), its baseline
    starting at (0, 0), in pixels: what ``draw_text`` fills on an image. ``rtl`` is the
    paragraph direction of text that mixes scripts."""
    key = (font.key(), text, rtl)
    outline = _OUTLINES.get(key)
    if outline is None:
        if len(_OUTLINES) >= _OUTLINES_KEPT:
            _OUTLINES.clear()
        outline = _OUTLINES[key] = _outline(font, text, rtl)
    return outline


def draw_text(
    painter: QPainter, origin: QPointF, text: str, font: QFont, color: QColor | None = None
) -> None:
    """``text`` in ``font`` with its baseline starting at ``origin`` (device-independent
    pixels), in ``color`` (default: the painter's pen colour). ``font`` must have a pixel
    size. Leaves the painter's font set to ``font``."""
    painter.setFont(font)
    if not text:
        return
    if color is None:
        color = painter.pen().color()
    if not draws_outlines(painter) or font.pixelSize() <= 0:
        if painter.pen().color() != color:
            painter.setPen(color)
        painter.drawText(origin, text)
        return
    rtl = painter.layoutDirection() == Qt.LayoutDirection.RightToLeft
    outline = text_outline(font, text, rtl)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.translate(origin)
    painter.fillPath(outline, color)
    painter.restore()


def stroke_text(painter: QPainter, origin: QPointF, text: str, font: QFont, pen: QPen) -> None:
    """The outline of ``text`` (as ``draw_text`` places it) stroked with ``pen``: the halo
    round a name. Drawn as a path on every painter."""
    rtl = painter.layoutDirection() == Qt.LayoutDirection.RightToLeft
    painter.save()
    painter.translate(origin)
    painter.strokePath(text_outline(font, text, rtl), pen)
    painter.restore()


def text_lines(rect: QRectF, text: str, font: QFont, align: Qt.AlignmentFlag) -> list:
    """``text`` word-wrapped to ``rect``'s width and aligned in it (``align``: left or
    right, absolute): a list of ``(baseline start QPointF, line text)``, top line first."""
    layout = QTextLayout(text, font)
    option = QTextOption(align)
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(rect.width())
        line.setPosition(QPointF(0, y))
        y += line.height()
        lines.append(line)
    layout.endLayout()
    out = []
    for line in lines:
        part = text[line.textStart() : line.textStart() + line.textLength()].rstrip()
        start = QPointF(rect.left() + line.naturalTextRect().left(), rect.top() + line.y())
        out.append((start + QPointF(0, line.ascent()), part))
    return out
