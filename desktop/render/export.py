"""Exports: one code path for the command line and File > Export…

PNG, SVG and PDF are composed by ``compose`` with the window's own map painter; HTML is
built by ``htmlmap``; GeoJSON and CSV come from ``geo`` and ``io``. Every file is written
atomically: a failed or cancelled export leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from html import escape
from io import BytesIO
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextOption,
)
from PySide6.QtSvg import QSvgGenerator

from desktop.geo.language import N_, day_text, is_rtl, words
from desktop.geo.projection import View
from desktop.io.save import write_bytes_atomic
from desktop.model.countries import Gazetteer
from desktop.model.dataset import Dataset
from desktop.model.message import Label
from desktop.render.compose import compose, composition
from desktop.render.dataexport import check_target, csv_text, data_bytes, styled_for
from desktop.render.fonts import export_family, make_font
from desktop.render.mapdraw import hatch_scale
from desktop.render.options import (
    FORMATS,
    IMAGE_FORMATS,
    PRESETS,
    VIEWS,
    Cancelled,
    ExportError,
    ExportOptions,
    format_for,
    parse_size,
    ui_scale,
)
from desktop.render.svgunits import designer_svg
from desktop.render.theme import THEMES

__all__ = [
    "FORMATS",
    "IMAGE_FORMATS",
    "PRESETS",
    "VIEWS",
    "Cancelled",
    "ExportError",
    "ExportOptions",
    "csv_text",
    "export",
    "export_bytes",
    "format_for",
    "parse_size",
    "styled_for",
    "ui_scale",
]

SOURCE_LINK_COLOUR = "#1a5598"
"""Links on the sources pages: a blue that prints dark enough to read in greyscale."""

ViewFor = Callable[[QRectF], View]
"""A map framing for a rectangle (File > Export…'s "current view"); overrides options.view."""


def _draw_page(
    painter: QPainter,
    dataset,
    gazetteer,
    options: ExportOptions,
    view_for,
    page_height: float | None = None,
    notes: list[str] | None = None,
) -> None:
    """The composed page on any painter: the one drawing shared by PNG, SVG and PDF.
    What a reader should be told (labels that found no place) is added to ``notes``."""
    width, height = options.pixel_size()
    comp = composition(dataset, gazetteer, options)
    compose(
        painter,
        QRectF(0, 0, width, page_height or height),
        comp,
        view_for or options.view,
        ui_scale=ui_scale(width, height),
        # The family actually used, by name: SVG readers do not know Qt's "Sans Serif"
        # alias, and Chromium drew it as a serif face. Arabic pages start from the Arabic
        # font.
        font_family=export_family(options.lang),
    )
    unplaced = comp.unplaced_names()
    if unplaced and notes is not None:
        notes.append(unplaced_note(unplaced))


def unplaced_note(names: list[str]) -> str:
    """``labels not placed (no room): Luxembourg, Malta`` (the first 12, then a count)."""
    shown = ", ".join(names[:12])
    more = f" and {len(names) - 12} more" if len(names) > 12 else ""
    return f"labels not placed (no room): {shown}{more}"


class _Buffer:
    """Bytes a Qt device writes into, as a context: ``with _Buffer() as out: ...``."""

    def __enter__(self) -> _Buffer:
        self.data = QByteArray()
        self.device = QBuffer(self.data)
        self.device.open(QIODevice.OpenModeFlag.WriteOnly)
        return self

    def __exit__(self, *exc) -> None:
        self.device.close()

    def bytes(self) -> bytes:
        """What was written."""
        return bytes(self.data)


def render_image(
    dataset: Dataset,
    gazetteer: Gazetteer,
    options: ExportOptions,
    view_for: ViewFor | None = None,
    *,
    notes: list[str] | None = None,
) -> QImage:
    """A composed PNG-ready image of the requested size."""
    width, height = options.pixel_size()
    # Opaque: the page has a background, and PNG encodes RGB faster and smaller than ARGB.
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(THEMES[options.theme].background))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    _draw_page(painter, dataset, gazetteer, options, view_for, notes=notes)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    """The image encoded as PNG."""
    with _Buffer() as out:
        # Qt's PNG "quality" 50 is zlib's middle setting: 25% faster to encode than the
        # default on a 4k map, for a file within 1% of the same size.
        if not image.save(out.device, "PNG", 50):
            raise ExportError(Label(N_("the PNG could not be encoded")))
    return out.bytes()


def svg_bytes(
    dataset: Dataset,
    gazetteer: Gazetteer,
    options: ExportOptions,
    view_for: ViewFor | None = None,
    *,
    notes: list[str] | None = None,
) -> bytes:
    """A vector SVG for designers: as many CSS pixels as the PNG has pixels (96 per inch),
    each country a group with ``id`` its code and ``class`` its category id (small-state
    markers ``id="MLT-marker"``), title, legend and labels as text."""
    width, height = options.pixel_size()
    with _Buffer() as out:
        generator = QSvgGenerator()
        generator.setOutputDevice(out.device)
        generator.setSize(QSize(width, height))
        generator.setViewBox(QRectF(0, 0, width, height))
        # <title> and <desc>: what a screen reader announces for the picture.
        generator.setTitle(options.title or dataset.title)
        generator.setDescription(_description(dataset, gazetteer, options))
        painter = QPainter(generator)
        _draw_page(painter, dataset, gazetteer, options, view_for, notes=notes)
        painter.end()
    return designer_svg(
        out.bytes(),
        width,
        height,
        hatch_scale(ui_scale(width, height)),
        rtl=is_rtl(options.lang),
    )


def pdf_bytes(
    dataset: Dataset,
    gazetteer: Gazetteer,
    options: ExportOptions,
    view_for: ViewFor | None = None,
    *,
    notes: list[str] | None = None,
) -> bytes:
    """A vector PDF: the map page (A4 landscape, or the size asked), then the sources, each
    address a link. The document's title is the map's, and viewers are asked to show it."""
    with _Buffer() as out:
        _pdf(out, dataset, gazetteer, options, view_for, notes)
    return _show_title(out.bytes(), _description(dataset, gazetteer, options), options.lang)


def _description(dataset: Dataset, gazetteer: Gazetteer, options: ExportOptions) -> str:
    """The map in words (``geo.describe``), for an SVG's <desc> and a PDF's subject."""
    from desktop.geo.describe import map_description

    return map_description(styled_for(dataset, gazetteer, options), options.title or dataset.title)


PDF_LANGUAGE = "en"
"""The natural language of the exported text unless ``--lang`` says otherwise (a screen
reader picks its voice by it)."""


def _show_title(pdf: bytes, description: str, lang: str = PDF_LANGUAGE) -> bytes:
    """The PDF with ``/DisplayDocTitle`` set, so viewers name the window after the document's
    title instead of its file name, its language (``/Lang``) and the map's description as
    its subject. Qt's writer can set none of these; pypdf adds them as an incremental
    update, leaving Qt's bytes as they are."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(BytesIO(pdf), incremental=True)
    writer.create_viewer_preferences().display_doctitle = True
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    writer.add_metadata({"/Subject": description})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf(out: _Buffer, dataset, gazetteer, options: ExportOptions, view_for, notes=None) -> None:
    width, height = options.pixel_size()
    writer = QPdfWriter(out.device)
    writer.setTitle(options.title or dataset.title)
    writer.setCreator("Coalition Atlas")
    writer.setResolution(300)
    if options.size is None and (options.preset or "a4") == "a4":
        page = QPageSize(QPageSize.PageSizeId.A4)
        orientation = QPageLayout.Orientation.Landscape
    else:
        # Pixels at 96 per inch, as a screen would show them.
        page = QPageSize(QSizeF(width * 72 / 96, height * 72 / 96), QPageSize.Unit.Point, "Map")
        orientation = QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(page, orientation, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    device = writer.pageLayout().paintRectPixels(writer.resolution())
    # Lay the page out in the same units as the PNG, then scale to the writer's dots.
    factor = device.width() / width
    painter.scale(factor, factor)
    logical_height = device.height() / factor
    _draw_page(painter, dataset, gazetteer, options, view_for, logical_height, notes)
    _sources_pages(
        writer, painter, dataset, width, logical_height, ui_scale(width, height), options.lang
    )
    painter.end()


def _sources_pages(
    writer: QPdfWriter,
    painter: QPainter,
    dataset: Dataset,
    width: float,
    height: float,
    s: float,
    lang: str = "en",
) -> None:
    """Every source of the dataset, listed on as many pages as it takes, headed in ``lang``.

    Each entry is laid out as rich text so its address is a link (Qt's PDF engine turns an
    anchor into a URI link annotation): a reader clicks through to the report.
    """
    margin = 60 * s
    heading = make_font(export_family(lang), 26 * s, QFont.Weight.Bold)
    body = make_font(export_family(lang), 13 * s)
    column = width - 2 * margin
    # Long addresses break anywhere rather than run off the page; words break at spaces.
    wrapping = QTextOption()
    wrapping.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

    pages = [1]  # the map is page 1
    say = words(lang)

    def new_page(first: bool) -> float:
        writer.newPage()
        pages[0] += 1
        painter.setPen(QColor("#1d2329"))
        painter.setFont(body)
        painter.drawText(
            QRectF(margin, height - margin * 0.75, column, 20 * s),
            int(Qt.AlignmentFlag.AlignRight),
            say.gettext("Page {number}", number=pages[0]),
        )
        painter.setFont(heading)
        if first:
            title = say.gettext("Sources — {title}", title=dataset.text_in(lang).title)
        else:
            title = say.gettext("Sources — {title} (continued)", title=dataset.text_in(lang).title)
        painter.drawText(
            QRectF(margin, margin, column, 40 * s), int(Qt.AlignmentFlag.AlignLeft), title
        )
        painter.setFont(body)
        return margin + 56 * s

    y = new_page(True)
    # In the order a reader scans them: by what each line starts with.
    ordered = sorted(
        dataset.sources.items(),
        key=lambda item: ((item[1].title or item[1].host).casefold(), item[0]),
    )
    for number, (source_id, source) in enumerate(ordered, start=1):
        parts = [source.title or source.host]
        if source.publisher:
            parts.append(source.publisher)
        if source.date:
            parts.append(day_text(source.date, lang))
        entry = QTextDocument()
        entry.setDocumentMargin(0)
        entry.setDefaultFont(body)
        entry.setDefaultTextOption(wrapping)
        entry.setDefaultStyleSheet(f"a {{ color: {SOURCE_LINK_COLOUR}; }}")
        entry.setTextWidth(column)
        line = f"{number}. {' — '.join(parts)} [{source_id}]"
        entry.setHtml(
            f'<div style="color: #1d2329">{escape(line)}<br>'
            f'<a href="{escape(source.url, quote=True)}">{escape(source.url)}</a></div>'
        )
        entry_height = entry.size().height()
        if y + entry_height > height - margin:
            y = new_page(False)
        painter.save()
        painter.translate(margin, y)
        entry.drawContents(painter)
        painter.restore()
        y += entry_height + 8 * s


Progress = Callable[[float, str], bool]
"""Told how far an export is (0 to 1) and what it does; returning False cancels it."""


def export_bytes(
    dataset: Dataset,
    gazetteer: Gazetteer,
    options: ExportOptions,
    progress: Progress | None = None,
    *,
    view_for: ViewFor | None = None,
    notes: list[str] | None = None,
) -> bytes:
    """The exported file's bytes. Raises ExportError for impossible options, Cancelled when
    ``progress`` says stop. ``view_for`` frames PNG, SVG and PDF instead of ``options.view``.
    What the user should be told about the result (labels that found no place) is added
    to ``notes``."""
    options = options.checked()

    def step(fraction: float, what: str) -> None:
        if progress is not None and progress(fraction, what) is False:
            raise Cancelled

    step(0.05, N_("Preparing"))
    fmt = options.format
    if fmt == "png":
        step(0.1, N_("Drawing the map"))
        image = render_image(dataset, gazetteer, options, view_for, notes=notes)
        step(0.8, N_("Encoding PNG"))
        data = png_bytes(image)
    elif fmt == "svg":
        step(0.1, N_("Drawing the map"))
        data = svg_bytes(dataset, gazetteer, options, view_for, notes=notes)
    elif fmt == "pdf":
        step(0.1, N_("Drawing the map and the sources"))
        data = pdf_bytes(dataset, gazetteer, options, view_for, notes=notes)
    elif fmt == "pptx":
        from desktop.model.asof import change_days
        from desktop.render.slides import pptx_bytes

        step(0.1, N_("Building the slides"))
        days = (change_days(dataset) if options.slide_per_date else None) or [options.day]
        comps = [composition(dataset, gazetteer, replace(options, day=day)) for day in days]
        # The run's Latin typeface; slides name the Arabic and CJK ones for each run too.
        data = pptx_bytes(comps, view_for or options.view, font_family=export_family())
    elif options.animated:
        from desktop.render.motion import animation_bytes

        step(0.1, N_("Drawing the frames"))
        data = animation_bytes(dataset, gazetteer, options, step, view_for)
    else:
        step(0.1, N_("Building the interactive map") if fmt == "html" else N_("Writing the table"))
        data = data_bytes(dataset, gazetteer, options)
    step(0.95, N_("Writing"))
    return data


def export(
    dataset: Dataset,
    path: str | Path,
    options: ExportOptions,
    gazetteer: Gazetteer,
    progress: Progress | None = None,
    *,
    view_for: ViewFor | None = None,
    notes: list[str] | None = None,
) -> Path:
    """Export to ``path`` atomically. Raises ExportError, Cancelled, or OSError from the disk.
    ``notes`` gathers what the user should be told about the result (``export_bytes``)."""
    target = check_target(path)
    data = export_bytes(dataset, gazetteer, options, progress, view_for=view_for, notes=notes)
    write_bytes_atomic(target, data)
    if progress is not None:
        progress(1.0, N_("Done"))
    return target
