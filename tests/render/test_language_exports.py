"""Exports in the audience's language, made the way a script makes them: the command line
with ``--lang``. English stays the default, so a script's output does not depend on the
machine it runs on."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.io import default_gazetteer, load_dataset
from desktop.render.export import ExportOptions, export
from tests.conftest import SMALL

NATO = Path(__file__).resolve().parent.parent / "data" / "nato-europe.yaml"


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="atlas-data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


def legend_counts(page: str) -> list[int]:
    block = re.search(r'<div id="atlas-legend".*?</ul>', page, re.S).group(0)
    return [int(n) for n in re.findall(r'<span class="atlas-count">(\d+)</span>', block)]


def test_a_french_export_names_germany_allemagne(tmp_path):
    out = tmp_path / "nato.csv"
    assert main(["export", str(NATO), "-o", str(out), "--lang", "fr"]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    names = {row["iso3"]: row["name"] for row in rows}
    assert names["DEU"] == "Allemagne"
    assert names["GBR"] == "Royaume-Uni"


def test_a_french_svg_labels_germany_allemagne(qapp, tmp_path):
    import xml.etree.ElementTree as ET

    out = tmp_path / "nato.svg"
    assert main(["export", str(NATO), "-o", str(out), "--lang", "fr", "--view", "europe",
                 "--labels"]) == 0  # fmt: skip
    texts = {el.text for el in ET.parse(out).iter("{http://www.w3.org/2000/svg}text")}
    assert {"Allemagne", "Royaume-Uni", "Pologne"} <= texts
    assert "Germany" not in texts


def test_without_lang_the_export_is_english(tmp_path):
    out = tmp_path / "nato.csv"
    assert main(["export", str(NATO), "-o", str(out)]) == 0
    assert "Germany" in out.read_text(encoding="utf-8")


def test_a_ukrainian_html_names_germany_in_its_tooltips_and_says_its_language(tmp_path):
    out = tmp_path / "nato.html"
    assert main(["export", str(NATO), "-o", str(out), "--lang", "uk"]) == 0
    page = out.read_text(encoding="utf-8")
    tips = page_data(page)["tips"]
    assert tips["DEU"].startswith("<b>Німеччина</b>")
    assert '<html lang="uk">' in page
    assert "Натисніть на країну, щоб побачити подробиці;" in page
    assert "Click a country" not in page


def test_an_arabic_html_reads_right_to_left(tmp_path):
    out = tmp_path / "nato.html"
    assert main(["export", str(NATO), "-o", str(out), "--lang", "ar"]) == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert page_data(page)["tips"]["DEU"].startswith("<b>ألمانيا</b>")


def test_html_legend_counts_are_the_same_in_every_language(tmp_path):
    counts = {}
    for lang in ("en", "fr", "de", "uk", "pl", "es", "ar"):
        out = tmp_path / f"nato-{lang}.html"
        assert main(["export", str(NATO), "-o", str(out), "--lang", lang]) == 0
        counts[lang] = legend_counts(out.read_text(encoding="utf-8"))
    assert counts["en"] and sum(counts["en"]) > 0
    assert all(found == counts["en"] for found in counts.values()), counts


def test_an_unknown_language_is_a_usage_error(tmp_path, capsys):
    status = main(["export", str(NATO), "-o", str(tmp_path / "x.csv"), "--lang", "xx"])
    assert status == 2
    assert "--lang: unknown language 'xx'" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.slow
def test_a_polish_pdf_is_in_polish_on_the_map_and_its_sources_pages(qapp, tmp_path):
    from pypdf import PdfReader

    dataset = load_dataset(SMALL).dataset
    options = ExportOptions(format="pdf", lang="pl")
    out = export(dataset, tmp_path / "map.pdf", options, default_gazetteer())
    reader = PdfReader(out)
    assert reader.trailer["/Root"]["/Lang"] == "pl"
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Stan na 1 gru 2025" in first and "9 źródeł" in first
    rest = " ".join("".join(page.extract_text() for page in reader.pages[1:]).split())
    assert f"Źródła — {dataset.title}" in rest and "Strona 2" in rest
    assert "Sources" not in rest and "Page 2" not in rest


def ink_columns(image, top: int, bottom: int, left: int, right: int) -> int:
    """Pixels darker than the page in a band: where text was drawn."""
    from PySide6.QtGui import QColor

    dark = 0
    for y in range(top, bottom, 2):
        for x in range(left, right, 2):
            if QColor(image.pixel(x, y)).lightness() < 128:
                dark += 1
    return dark


@pytest.mark.parametrize(("lang", "title_side"), [("ar", "right"), ("fr", "left")])
def test_an_arabic_slide_mirrors_its_title_and_legend(qapp, tmp_path, lang, title_side):
    from PySide6.QtGui import QImage

    out = tmp_path / f"nato-{lang}.png"
    assert main(["export", str(NATO), "-o", str(out), "--lang", lang]) == 0
    image = QImage(str(out))
    width = image.width()
    assert (width, image.height()) == (1920, 1080)
    # The title is the first line of the page: 28 px margin, 30 px bold type.
    left = ink_columns(image, 28, 66, 0, width // 2)
    right = ink_columns(image, 28, 66, width // 2, width)
    if title_side == "right":
        assert right > 200 and left == 0, (left, right)
    else:
        assert left > 200 and right == 0, (left, right)
    # The legend box sits in the map's lower corner on the same side as the title.
    band = (800, 1000)
    legend_left = ink_columns(image, *band, 40, 400)
    legend_right = ink_columns(image, *band, width - 400, width - 40)
    if title_side == "right":
        assert legend_right > legend_left
    else:
        assert legend_left > legend_right


def test_a_french_page_keeps_its_words_french_at_every_step_of_its_slider(tmp_path):
    enlargement = NATO.parent / "nato-enlargement.yaml"
    out = tmp_path / "enlargement.html"
    assert main(["export", str(enlargement), "-o", str(out), "--lang", "fr"]) == 0
    timeline = page_data(out.read_text(encoding="utf-8"))["timeline"]
    assert len(timeline["credits"]) > 1
    assert all(
        "situation :" in credit and "Carte : Leaflet." in credit for credit in timeline["credits"]
    )
    assert timeline["play"] == "Lire" and timeline["pause"] == "Pause"
    assert all("Map:" not in text for text in timeline["descriptions"])


def test_an_arabic_powerpoint_slide_has_its_title_right_aligned_and_right_to_left(qapp, tmp_path):
    from pptx import Presentation
    from pptx.enum.text import PP_ALIGN

    def shapes(lang: str) -> dict:
        out = tmp_path / f"nato-{lang}.pptx"
        assert main(["export", str(NATO), "-o", str(out), "--lang", lang]) == 0
        slide = Presentation(str(out)).slides[0]
        return {shape.name: shape for shape in slide.shapes}

    arabic, english = shapes("ar"), shapes("en")
    title = arabic["Title"].text_frame.paragraphs[0]
    assert title.alignment == PP_ALIGN.RIGHT
    assert title._p.pPr.get("rtl") == "1"
    assert english["Title"].text_frame.paragraphs[0].alignment == PP_ALIGN.LEFT
    # The as-of date moves to the left, where the title's line would end in Arabic.
    assert arabic["As of"].left < arabic["Subtitle"].left
    assert english["As of"].left > english["Subtitle"].left
    assert arabic["As of"].text_frame.text == "الوضع في 1 يناير 2026"


def slide_shapes(tmp_path, lang: str, *extra: str) -> dict:
    from pptx import Presentation

    out = tmp_path / f"nato-{lang}.pptx"
    assert main(["export", str(NATO), "-o", str(out), "--lang", lang, *extra]) == 0
    return {shape.name: shape for shape in Presentation(str(out)).slides[0].shapes}


def test_an_arabic_slide_legend_reads_right_to_left_with_its_swatches_on_the_right(qapp, tmp_path):
    from pptx.enum.text import PP_ALIGN

    arabic, english = slide_shapes(tmp_path, "ar"), slide_shapes(tmp_path, "en")
    frame = arabic["Map frame"]
    middle = frame.left + frame.width // 2
    # The legend box sits in the map's lower right, as on the Arabic images.
    assert arabic["Legend"].left > middle
    assert english["Legend"].left + english["Legend"].width < middle
    for key in ("member", "partner", "suspended", "unlisted"):
        label, count = arabic[f"Legend label {key}"], arabic[f"Legend count {key}"]
        swatch = arabic[f"Legend swatch {key}"]
        # Swatch at the right, the label ending beside it, the count at the left.
        assert count.left + count.width <= label.left
        assert label.left + label.width <= swatch.left
        paragraph = label.text_frame.paragraphs[0]
        assert paragraph.alignment == PP_ALIGN.RIGHT
        assert paragraph._p.pPr.get("rtl") == "1"
        assert count.text_frame.paragraphs[0].alignment == PP_ALIGN.LEFT
        # English keeps the left-to-right order and no rtl mark.
        label, swatch = english[f"Legend label {key}"], english[f"Legend swatch {key}"]
        assert swatch.left + swatch.width <= label.left
        assert label.text_frame.paragraphs[0].alignment == PP_ALIGN.LEFT
        assert label.text_frame.paragraphs[0]._p.pPr.get("rtl") is None
    assert arabic["Legend label member"].text_frame.text == "NATO member"


def test_slide_legend_counts_are_the_same_in_every_language(qapp, tmp_path):
    def counts(lang: str) -> dict:
        shapes = slide_shapes(tmp_path, lang)
        keys = [name.removeprefix("Legend count ") for name in shapes if "Legend count" in name]
        return {key: int(shapes[f"Legend count {key}"].text_frame.text) for key in keys}

    english = counts("en")
    assert english["member"] == 32 and english["suspended"] == 2
    for lang in ("fr", "de", "uk", "pl", "es", "ar"):
        assert counts(lang) == english, lang


def test_an_arabic_slide_names_countries_in_right_to_left_paragraphs(qapp, tmp_path):
    arabic = slide_shapes(tmp_path, "ar", "--labels", "--highlight", "POL")
    assert arabic["Label DEU"].text_frame.text == "ألمانيا"
    assert arabic["Label DEU"].text_frame.paragraphs[0]._p.pPr.get("rtl") == "1"
    callout = arabic["Callout POL"].text_frame.paragraphs[0]
    assert callout.text == "بولندا" and callout._p.pPr.get("rtl") == "1"


def legend_row(image, colour: str) -> tuple[range, list[int], list[int]]:
    """Find the legend swatch of ``colour`` in the image's lower quarter: its rows, the x of
    its pixels, and the x of the text ink (near-black, grey) drawn in those rows."""
    from PySide6.QtGui import QColor

    wanted = QColor(colour).rgb()
    top = image.height() * 3 // 4
    swatch = [
        (x, y)
        for y in range(top, image.height())
        for x in range(image.width())
        if image.pixel(x, y) == wanted
    ]
    assert swatch, f"no {colour} in the lower quarter"
    rows = range(min(y for _, y in swatch), max(y for _, y in swatch) + 1)
    ink = []
    for y in rows:
        for x in range(image.width()):
            pixel = QColor(image.pixel(x, y))
            if pixel.lightness() < 90 and pixel.hsvSaturation() < 60:
                ink.append(x)
    return rows, [x for x, _ in swatch], ink


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_an_arabic_image_legend_has_its_swatches_right_of_its_words(qapp, tmp_path, fmt):
    """The one painter draws PNG, SVG and PDF: in Arabic each legend row is the swatch at the
    right, its label and count to its left, the box in the map's lower right."""
    import subprocess

    from PySide6.QtGui import QImage

    def picture(lang: str):
        out = tmp_path / f"nato-{lang}.{fmt}"
        assert main(["export", str(NATO), "-o", str(out), "--lang", lang]) == 0
        if fmt == "pdf":
            stem = out.with_suffix("")
            subprocess.run(["pdftoppm", "-png", "-r", "96", "-singlefile", str(out), str(stem)],
                           check=True)  # fmt: skip
            out = stem.with_suffix(".png")
        return QImage(str(out))

    arabic = picture("ar")
    rows, swatch, ink = legend_row(arabic, "#e53e3e")  # the suspended class
    assert min(swatch) > arabic.width() * 3 // 4
    assert len(rows) > 5 and len(ink) > 50
    assert max(ink) < min(swatch)
    english = picture("en")
    rows, swatch, ink = legend_row(english, "#e53e3e")
    assert max(swatch) < english.width() // 4
    # In English the words follow the swatch (ink left of it is the map frame's edge only).
    assert len([x for x in ink if x > max(swatch)]) > 50
    assert len([x for x in ink if x < min(swatch)]) < len(rows) * 3


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="needs LibreOffice Impress (scripts/system-deps.sh test installs libreoffice-impress)",
)
def test_libreoffice_shows_an_arabic_slide_legend_with_its_swatches_on_the_right(qapp, tmp_path):
    import subprocess

    from PySide6.QtGui import QImage

    out = tmp_path / "nato-ar.pptx"
    assert main(["export", str(NATO), "-o", str(out), "--lang", "ar"]) == 0
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "png", "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    image = QImage(str(tmp_path / "nato-ar.png"))
    _rows, swatch, ink = legend_row(image, "#e53e3e")
    assert min(swatch) > image.width() * 3 // 4
    assert len(ink) > 20 and max(ink) < min(swatch)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_an_arabic_image_callout_ends_its_lines_at_the_right(qapp, lang):
    """The callout's lines (the nation's name, its category) start at the box's left in
    English and end at its right in Arabic: their ink lines up on that side only."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    from desktop.render.compose import compose
    from desktop.render.export import composition

    options = ExportOptions(view="europe", highlight="POL", lang=lang)
    comp = composition(load_dataset(NATO).dataset, default_gazetteer(), options)
    image = QImage(1920, 1080, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    compose(painter, QRectF(0, 0, 1920, 1080), comp, options.view)
    painter.end()
    inside = comp.covers[1].toRect().adjusted(4, 4, -4, -4)  # the callout's box
    lines, current = [], None
    for y in range(inside.top(), inside.bottom()):
        ink = [
            x
            for x in range(inside.left(), inside.right())
            if QColor(image.pixel(x, y)).lightness() < 100
        ]
        if ink:
            current = current or [inside.right(), inside.left()]
            current[0], current[1] = min(current[0], *ink), max(current[1], *ink)
        elif current:
            lines.append(current)
            current = None
    assert len(lines) == 2, lines  # Poland / بولندا, then its category
    starts, ends = {start for start, _ in lines}, {end for _, end in lines}
    spread_start, spread_end = max(starts) - min(starts), max(ends) - min(ends)
    if lang == "ar":
        assert spread_end <= 3 < spread_start, lines
    else:
        assert spread_start <= 3 < spread_end, lines
