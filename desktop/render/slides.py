"""Editable PowerPoint slides: the composed map as native shapes a briefer can restyle.

Each country is a freeform named by its code and name (``DEU Germany``) and filled with its
category colour; small states are circles; title, subtitle, as-of date, legend and credit
line are text boxes and shapes; the slide's notes list the sources behind what it shows.
Everything comes from the map of the day (``desktop.geo.styled``) and is framed as the
image exports frame it (``compose.frame_map``). Written with python-pptx (MIT).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Iterable
from functools import cached_property

import numpy as np
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.oxml.xmlchemy import OxmlElement
from pptx.shapes.freeform import FreeformBuilder
from pptx.util import Emu, Pt
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF

from desktop.geo.language import is_rtl, words
from desktop.geo.projection import View
from desktop.geo.rings import clipped_rings
from desktop.model.asof import contributions_on
from desktop.model.dataset import Source
from desktop.render.compose import Composition, frame_map
from desktop.render.fonts import ARABIC, CJK, make_font
from desktop.render.mapdraw import LABEL_PX, MARKER_RADIUS, LabelChoice, MapRenderer, Marker

PAGE_W, PAGE_H = 1920, 1080
"""The slide is laid out in the pixels of a 1920x1080 slide, as the PNG export is."""
EMU_PER_PX = 6350
"""A 16:9 slide is 13.333 inches (12,192,000 EMU) wide: 1,920 px of 6,350 EMU each."""
SIMPLIFY_PX = 0.6
"""Outlines are simplified to this many slide pixels: finer than a projector shows, and it
keeps a world slide at a few megabytes."""

TITLE_PT, SUBTITLE_PT, LEGEND_PT, LABEL_PT, CREDIT_PT = 26, 15, 13, 9, 9
"""Type sizes in points, as briefing decks set them."""

PATTERNS = (
    MSO_PATTERN.WIDE_UPWARD_DIAGONAL,
    MSO_PATTERN.SMALL_GRID,
    MSO_PATTERN.WIDE_DOWNWARD_DIAGONAL,
    MSO_PATTERN.DIAGONAL_CROSS,
    MSO_PATTERN.LIGHT_HORIZONTAL,
    MSO_PATTERN.LIGHT_VERTICAL,
    MSO_PATTERN.PERCENT_50,
    MSO_PATTERN.PERCENT_25,
    MSO_PATTERN.PERCENT_60,
    MSO_PATTERN.PERCENT_30,
    MSO_PATTERN.PERCENT_70,
    MSO_PATTERN.PERCENT_10,
)
"""A pattern per styled-map pattern index, for --pattern (greyscale print)."""


PX_PER_PT = 2.0
"""Slide pixels per typographic point (a 13.333-inch slide is 1,920 px: 144 px per inch)."""


def _measure(text: str, size_pt: float, bold: bool = False, family: str | None = None):
    """Width and height of one line of text in slide pixels, as Qt's metrics measure it."""
    font = make_font(family, max(1, round(size_pt * PX_PER_PT)))
    font.setBold(bold)
    metrics = QFontMetricsF(font)
    return metrics.horizontalAdvance(text), metrics.height()


def script_typefaces(run, latin: str | None) -> None:
    """Name the run's font for each kind of script, as PowerPoint and LibreOffice choose
    them: ``latin`` (None: the theme's body font) for Latin, Greek and Cyrillic, Noto Sans
    CJK for East Asian and Noto Sans Arabic UI for complex scripts (Arabic); the viewer
    draws each character with the typeface named for its script."""
    rpr = run._r.get_or_add_rPr()
    previous = rpr.get_or_add_latin()  # python-pptx puts it where the schema wants it
    previous.set("typeface", latin or "+mn-lt")
    # ea and cs follow latin, in that order.
    for tag, family in (("ea", CJK.family), ("cs", ARABIC.family)):
        element = rpr.find(qn(f"a:{tag}"))
        if element is None:
            element = OxmlElement(f"a:{tag}")
            previous.addnext(element)
        element.set("typeface", family)
        previous = element


def _emu(px: float) -> Emu:
    return Emu(round(px * EMU_PER_PX))


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper()[:6])


class _Slide:
    """One slide being filled, with the helpers that keep units and styles in one place."""

    def __init__(self, presentation, comp: Composition, font: str | None) -> None:
        self.slide = presentation.slides.add_slide(presentation.slide_layouts[6])  # blank
        # Shape ids counted, not searched for in the whole slide at each new shape.
        self.slide.shapes.turbo_add_enabled = True
        self.comp = comp
        self.theme = comp.theme
        self.font = font
        background = self.slide.background.fill
        background.solid()
        background.fore_color.rgb = _rgb(self.theme.background)

    def text(
        self,
        name: str,
        box: tuple[float, float, float, float],
        text: str,
        size: float,
        colour: str,
        *,
        bold: bool = False,
        align=PP_ALIGN.LEFT,
        rtl: bool = False,
    ):
        """A text box at ``box`` (x, y, width, height in slide pixels); size in points.
        ``rtl`` marks the paragraph right-to-left, so viewers order Arabic text correctly."""
        x, y, w, h = box
        shape = self.slide.shapes.add_textbox(_emu(x), _emu(y), _emu(w), _emu(h))
        shape.name = name
        frame = shape.text_frame
        # Boxes are sized from measured text, so they wrap inside their width rather than
        # grow sideways (viewers centre a non-wrapping box's text on its anchor).
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = MSO_ANCHOR.TOP
        for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(frame, side, 0)
        paragraph = frame.paragraphs[0]
        paragraph.alignment = align
        if rtl:
            paragraph._p.get_or_add_pPr().set("rtl", "1")
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _rgb(colour)
        script_typefaces(run, self.font)
        return shape

    def rectangle(self, name: str, box, fill: str | None, line: str | None, width_pt=0.75):
        x, y, w, h = box
        shape = self.slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _emu(x), _emu(y), _emu(w), _emu(h))
        shape.name = name
        self.style(shape, fill, line, width_pt)
        return shape

    def measure(self, text: str, size_pt: float, bold: bool = False) -> tuple[float, float]:
        """Width and height of a line of text in slide pixels."""
        return _measure(text, size_pt, bold, self.font)

    @staticmethod
    def style(shape, fill: str | None, line: str | None, width_pt: float = 0.5) -> None:
        # The default theme style adds a drop shadow and outline some viewers show: the
        # shape's own fill and line are all it should have.
        style = shape._element.find(qn("p:style"))
        if style is not None:
            shape._element.remove(style)
        if fill is None:
            shape.fill.background()
        else:
            shape.fill.solid()
            shape.fill.fore_color.rgb = _rgb(fill)
        if line is None:
            shape.line.fill.background()
        else:
            shape.line.color.rgb = _rgb(line)
            shape.line.width = Pt(width_pt)


class _Freeform(FreeformBuilder):
    """python-pptx's freeform builder, with the shape's origin worked out once.

    The library takes the minimum over every point each time it writes a point, which is
    quadratic: a world slide's 18,000 points took most of a minute. The points are all
    added before the shape is built, so the minimum cannot change while it is written.
    """

    @cached_property
    def shape_offset_x(self) -> Emu:
        return FreeformBuilder.shape_offset_x.fget(self)

    @cached_property
    def shape_offset_y(self) -> Emu:
        return FreeformBuilder.shape_offset_y.fget(self)

    def _add_freeform_sp(self, origin_x, origin_y):
        # As the library does, but with the shape collection's counted id: the library's own
        # search of every id in the slide for each new freeform is quadratic too.
        shape_id = self._shapes._next_shape_id
        sp = CT_Shape.new_freeform_sp(
            shape_id,
            f"Freeform {shape_id - 1}",
            origin_x + self._left,
            origin_y + self._top,
            self._width,
            self._height,
        )
        self._shapes._spTree.insert_element_before(sp, "p:extLst")
        return sp


def _freeform(slide: _Slide, name: str, rings: list[np.ndarray], fill, line, width_pt=0.5):
    """A freeform of one or more closed rings given in slide pixels (None when too small)."""
    rings = [ring for ring in rings if len(ring) >= 4]
    if not rings:
        return None
    points = [np.rint(ring * EMU_PER_PX).astype(np.int64) for ring in rings]
    first = points[0]
    builder = _Freeform.new(slide.slide.shapes, int(first[0, 0]), int(first[0, 1]), 1.0, 1.0)
    for i, ring in enumerate(points):
        if i:
            builder.move_to(int(ring[0, 0]), int(ring[0, 1]))
        builder.add_line_segments([(int(x), int(y)) for x, y in ring[1:]], close=True)
    shape = builder.convert_to_shape()
    shape.name = name
    slide.style(shape, fill, line, width_pt)
    return shape


def _to_slide(view: View, rect: QRectF) -> Callable[[np.ndarray], np.ndarray]:
    def transform(coords: np.ndarray) -> np.ndarray:
        x, y = view.to_screen(coords[:, 0], coords[:, 1], rect.width(), rect.height())
        return np.column_stack([np.asarray(x) + rect.left(), np.asarray(y) + rect.top()])

    return transform


def _map(slide: _Slide, rect: QRectF, view: View, renderer: MapRenderer, circles: set[str]) -> None:
    """Ocean, globe edge and every country of the view as a shape, but for the small states
    in ``circles``, which ``_markers`` draws as circles instead."""
    styled, theme = slide.comp.styled, slide.theme
    projected = renderer.projected
    extent = view.extent(rect.width(), rect.height())
    to_slide = _to_slide(view, rect)
    box = (rect.left(), rect.top(), rect.width(), rect.height())
    if projected.outline is None:
        slide.rectangle("Ocean", box, theme.ocean, None)
    else:
        slide.rectangle("Page", box, theme.background, None)
        edge = [to_slide(ring) for ring in clipped_rings(projected.outline, extent)]
        _freeform(slide, "Ocean", edge, theme.ocean, theme.muted, 0.6)

    tolerance = SIMPLIFY_PX / view.scale
    for i in sorted(projected.visible(extent)):
        code = projected.codes[i]
        unit = styled.unit(code)
        if unit is None or code in circles:
            continue
        rings = clipped_rings(projected.geometries[i], extent, tolerance)
        shape = _freeform(
            slide,
            f"{code} {unit.name}",
            [to_slide(ring) for ring in rings],
            unit.fill,
            theme.border,
            0.5,
        )
        if shape is None:
            continue
        pattern = styled.pattern_of(code)
        if pattern is not None:
            shape.fill.patterned()
            shape.fill.pattern = PATTERNS[pattern % len(PATTERNS)]
            shape.fill.fore_color.rgb = _rgb(theme.text)
            shape.fill.back_color.rgb = _rgb(unit.fill)


def _small_states(rect: QRectF, view: View, renderer: MapRenderer, styled) -> dict:
    """Listed states too small to see at this scale, found as the images find them: code to
    the circle's centre in slide pixels."""
    projected = renderer.projected
    small = projected.small_at(view.scale)
    xs, ys = view.to_screen(projected.anchors[small, 0], projected.anchors[small, 1],
                            rect.width(), rect.height())  # fmt: skip
    out = {}
    for i, x, y in zip(small, np.atleast_1d(xs), np.atleast_1d(ys), strict=True):
        code = projected.codes[i]
        unit = styled.unit(code)
        if unit is not None and unit.listed and 0 <= x <= rect.width() and 0 <= y <= rect.height():
            out[code] = (float(x) + rect.left(), float(y) + rect.top())
    return out


def _markers(slide: _Slide, circles: dict) -> None:
    """The small states as circles, named and filled as their outlines would be."""
    radius = MARKER_RADIUS * 1.3
    for code, (cx, cy) in circles.items():
        unit = slide.comp.styled.unit(code)
        shape = slide.slide.shapes.add_shape(
            MSO_SHAPE.OVAL, _emu(cx - radius), _emu(cy - radius), _emu(2 * radius), _emu(2 * radius)
        )
        shape.name = f"{code} {unit.name}"
        slide.style(shape, unit.fill, slide.theme.marker_edge, 1.0)


def _labels(
    slide: _Slide,
    rect: QRectF,
    view: View,
    renderer: MapRenderer,
    circles: dict,
    covers: list[tuple[float, float, float, float]],
) -> None:
    """Names placed as the images place them (``MapRenderer.place_labels``: on each
    nation's visible shape, moved or shrunk on collision, else beside it with a leader
    line), around the legend, the callout and the small-state circles; each a text box."""
    styled, theme = slide.comp.styled, slide.theme
    rtl = is_rtl(styled.lang)
    # Placement is measured in the pixels of a 1920-wide page, as the PNG's; the slide's
    # names are a little larger than the PNG's (LABEL_PT), so it is scaled by that much.
    scale = LABEL_PT * PX_PER_PT / LABEL_PX
    radius = MARKER_RADIUS * 1.3
    markers = [
        Marker(code, cx - rect.left(), cy - rect.top(), radius, styled.fill_of(code), True)
        for code, (cx, cy) in circles.items()
    ]
    obstacles = [QRectF(x - rect.left(), y - rect.top(), w, h) for x, y, w, h in covers]
    placement = renderer.place_labels(
        view, rect.width(), rect.height(), styled, LabelChoice.of(slide.comp.labels), markers,
        obstacles=obstacles, ui_scale=scale, font_family=slide.font,
    )  # fmt: skip
    for label in placement.labels:
        if label.leader is not None:
            x0, y0, x1, y1 = label.leader
            line = slide.slide.shapes.add_connector(
                MSO_CONNECTOR.STRAIGHT,
                _emu(x0 + rect.left()), _emu(y0 + rect.top()),
                _emu(x1 + rect.left()), _emu(y1 + rect.top()),
            )  # fmt: skip
            line.name = f"Label line {label.code}"
            line.line.color.rgb = _rgb(theme.text)
            line.line.width = Pt(0.75)
        x0, y0, x1, y1 = label.box
        box = (x0 + rect.left(), y0 + rect.top(), x1 - x0 + 4, y1 - y0)
        slide.text(f"Label {label.code}", box, label.text, label.size / PX_PER_PT, theme.text,
                   bold=True, align=PP_ALIGN.CENTER, rtl=rtl)  # fmt: skip


def _legend(slide: _Slide, rect: QRectF) -> tuple[float, float, float, float]:
    """The legend at the map's lower left (lower right, mirrored, for a right-to-left
    language, as on the images); returns its box (slide pixels)."""
    styled, theme = slide.comp.styled, slide.theme
    rtl = is_rtl(styled.lang)
    rows = styled.legend
    pad, swatch, gap = 14.0, 22.0, 12.0
    text_h = slide.measure("Ag", LEGEND_PT)[1]
    row_h = max(text_h, swatch) + 8
    label_w = max(slide.measure(row.label, LEGEND_PT)[0] for row in rows) + 8
    count_w = max(slide.measure(str(row.count), LEGEND_PT, True)[0] for row in rows) + 8
    width = pad + swatch + gap + label_w + gap + count_w + pad
    height = pad * 2 + row_h * len(rows) - 8
    left = rect.right() - 16 - width if rtl else rect.left() + 16
    top = rect.bottom() - 16 - height
    slide.rectangle("Legend", (left, top, width, height), theme.background, theme.muted, 0.5)
    box = (left, top, width, height)
    # Right to left: the swatch at the right, the label ending beside it, the count at the left.
    swatch_x = left + width - pad - swatch if rtl else left + pad
    label_x = swatch_x - gap - label_w if rtl else swatch_x + swatch + gap
    count_x = left + pad if rtl else left + width - pad - count_w
    label_align = PP_ALIGN.RIGHT if rtl else PP_ALIGN.LEFT
    count_align = PP_ALIGN.LEFT if rtl else PP_ALIGN.RIGHT
    y = top + pad
    for row in rows:
        key = row.category or "unlisted"
        square = (swatch_x, y + (row_h - 8 - swatch) / 2, swatch, swatch)
        swatch_shape = slide.rectangle(f"Legend swatch {key}", square, row.color, theme.muted, 0.5)
        if row.pattern is not None:
            swatch_shape.fill.patterned()
            swatch_shape.fill.pattern = PATTERNS[row.pattern % len(PATTERNS)]
            swatch_shape.fill.fore_color.rgb = _rgb(theme.text)
            swatch_shape.fill.back_color.rgb = _rgb(row.color)
        text_y = y + (row_h - 8 - text_h) / 2
        slide.text(f"Legend label {key}", (label_x, text_y, label_w, text_h), row.label,
                   LEGEND_PT, theme.text, align=label_align, rtl=rtl)  # fmt: skip
        slide.text(f"Legend count {key}", (count_x, text_y, count_w, text_h), str(row.count),
                   LEGEND_PT, theme.text, bold=True, align=count_align, rtl=rtl)  # fmt: skip
        y += row_h
    return box


def _callout(slide: _Slide, rect: QRectF, view: View, renderer: MapRenderer) -> list:
    """The highlighted nation: a box in the map's upper right with a line to the nation
    (the briefer can drag both where the slide needs them). Returns the box drawn, if any."""
    comp = slide.comp
    code = comp.highlight
    i = renderer.projected.index(code or "")
    if i < 0 or not math.isfinite(renderer.projected.anchors[i, 0]):
        return []
    x, y = view.to_screen(*renderer.projected.anchors[i], rect.width(), rect.height())
    ax, ay = float(x) + rect.left(), float(y) + rect.top()
    if not rect.contains(ax, ay):
        return []
    styled = comp.styled
    unit = styled.unit(code)
    nation = comp.dataset.nation(code)
    lines = [unit.name, styled.label_of(unit.category)]
    if nation and nation.role:
        lines.append(nation.role)
    sizes = [slide.measure(line, 14 if j == 0 else 12, j == 0) for j, line in enumerate(lines)]
    width = min(max(w for w, _ in sizes) + 40, rect.width() / 3)
    wrapped = sum(math.ceil((w + 40) / width) * h for w, h in sizes)
    height = wrapped * 1.2 + 24
    left = (
        rect.right() - width - 24 if ax < rect.center().x() + rect.width() / 4 else rect.left() + 24
    )
    box = (left, rect.top() + 24, width, height)
    connector = slide.slide.shapes.add_connector(
        MSO_CONNECTOR.STRAIGHT, _emu(ax), _emu(ay), _emu(left + width / 2), _emu(box[1] + height)
    )
    connector.name = f"Callout line {code}"
    connector.line.color.rgb = _rgb(slide.theme.text)
    connector.line.width = Pt(1.25)
    frame = slide.rectangle(f"Callout {code}", box, slide.theme.background, slide.theme.text, 1.25)
    text = frame.text_frame
    text.word_wrap = True
    rtl = is_rtl(styled.lang)
    for j, line in enumerate(lines):
        paragraph = text.paragraphs[0] if j == 0 else text.add_paragraph()
        paragraph.alignment = PP_ALIGN.RIGHT if rtl else PP_ALIGN.LEFT
        if rtl:
            paragraph._p.get_or_add_pPr().set("rtl", "1")
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(14 if j == 0 else 12)
        run.font.bold = j == 0
        run.font.color.rgb = _rgb(slide.theme.text)
        script_typefaces(run, slide.font)
    return [box]


def _notes(slide: _Slide, day: dt.date) -> None:
    """The sources behind what the slide shows: each listed nation's own sources, those of
    its history up to the day, and of its contributions known on the day."""
    dataset = slide.comp.dataset
    cited: list[str] = []
    for nation in dataset.nations:
        ids = list(nation.sources)
        for entry in nation.history:
            if entry.date.start <= day:
                ids += entry.sources
        for contribution in contributions_on(nation, day):
            ids += contribution.sources
        cited += [s for s in ids if s in dataset.sources and s not in cited]
    say = words(slide.comp.styled.lang)
    lines = [
        say.gettext(
            "Sources for “{title}”, as of {day}:",
            title=slide.comp.heading(),
            day=slide.comp.styled.day_text,
        )
    ]
    for number, source_id in enumerate(cited, start=1):
        lines.append(f"{number}. {_source_text(dataset.sources[source_id])}")
    if not cited:
        lines.append(say.gettext("The dataset cites no source for what this slide shows."))
    slide.slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def _source_text(source: Source) -> str:
    parts = [source.display_title(), source.display_publisher()]
    if source.date is not None:
        parts.append(source.date.display())
    return f"{' — '.join(dict.fromkeys(parts))}: {source.url}"


def _slide(presentation, comp: Composition, view_for, font: str | None) -> None:
    slide = _Slide(presentation, comp, font)
    theme, styled = comp.theme, comp.styled
    margin = 28.0
    # A right-to-left language mirrors the furniture, as on the images: title, subtitle and
    # credit start at the right, the as-of date sits at the left.
    rtl = is_rtl(styled.lang)
    leading = PP_ALIGN.RIGHT if rtl else PP_ALIGN.LEFT
    title_h = slide.measure("Ag", TITLE_PT, True)[1]
    slide.text("Title", (margin, margin, PAGE_W - 2 * margin, title_h), comp.heading(), TITLE_PT,
               theme.text, bold=True, align=leading, rtl=rtl)  # fmt: skip
    sub_y = margin + title_h + 6
    as_of_w, sub_h = slide.measure(styled.as_of, SUBTITLE_PT)
    as_of_w += 12
    sub_x = margin + as_of_w + 24 if rtl else margin
    as_of_x = margin if rtl else PAGE_W - margin - as_of_w
    slide.text("Subtitle", (sub_x, sub_y, PAGE_W - 2 * margin - as_of_w - 24, sub_h),
               comp.subheading(), SUBTITLE_PT, theme.muted, align=leading, rtl=rtl)  # fmt: skip
    slide.text("As of", (as_of_x, sub_y, as_of_w, sub_h), styled.as_of, SUBTITLE_PT, theme.text,
               align=PP_ALIGN.LEFT if rtl else PP_ALIGN.RIGHT, rtl=rtl)  # fmt: skip
    credit_h = slide.measure("Ag", CREDIT_PT)[1] * 2.6
    top = sub_y + sub_h + 14
    rect = QRectF(margin, top, PAGE_W - 2 * margin, PAGE_H - margin - credit_h - 14 - top)
    view, renderer = frame_map(view_for, rect, comp)
    circles = _small_states(rect, view, renderer, styled)
    _map(slide, rect, view, renderer, set(circles))
    _markers(slide, circles)
    slide.rectangle("Map frame", (rect.left(), rect.top(), rect.width(), rect.height()), None,
                    theme.muted, 0.5)  # fmt: skip
    covers = [_legend(slide, rect)]
    if comp.highlight:
        covers += _callout(slide, rect, view, renderer)
    # Names go last, around the legend and the callout, as on the images.
    if LabelChoice.of(comp.labels):
        _labels(slide, rect, view, renderer, circles, covers)
    slide.text("Credit", (margin, PAGE_H - margin - credit_h, PAGE_W - 2 * margin, credit_h),
               styled.credit, CREDIT_PT, theme.muted, align=leading, rtl=rtl)  # fmt: skip
    _notes(slide, styled.day)


def pptx_bytes(
    compositions: Iterable[Composition],
    view_for: Callable[[QRectF], View] | str,
    *,
    font_family: str | None = None,
) -> bytes:
    """A 16:9 deck with one slide per composition (in order), as .pptx bytes.

    ``view_for`` frames the map as the image exports do (``world``, ``europe``, ``fit`` or a
    function of the map's rectangle). Countries are freeforms named ``"DEU Germany"``,
    filled with the category colour of the composition's styled map.
    """
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = _emu(PAGE_W), _emu(PAGE_H)
    titles = []
    for comp in compositions:
        _slide(presentation, comp, view_for, font_family)
        titles.append(comp.heading())
    presentation.core_properties.title = titles[0] if titles else ""
    presentation.core_properties.author = "Coalition Atlas"
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()
