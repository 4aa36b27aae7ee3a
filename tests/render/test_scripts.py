"""Names in Arabic, Cyrillic, Greek and CJK draw without missing-glyph boxes in every export.

Each test dataset under tests/data/scripts/ writes its title, subtitle and category labels
in one script (the Arabic and Ukrainian ones are exported in that language, so the country
names are too).
"""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QRawFont, QTextLayout

from desktop.io import default_gazetteer, load_dataset
from desktop.render.export import export_bytes
from desktop.render.fonts import ARABIC, CJK, LATIN, export_family, make_font, regular_file
from desktop.render.options import ExportOptions
from desktop.render.webfonts import script_of
from tests.browser import requires_chromium

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "tests" / "data" / "scripts"
CASES = {
    # name: (export language, a character of the script, the font that must have it)
    "arabic": ("ar", "ع", ARABIC),
    "cyrillic": ("uk", "Т", LATIN),
    "greek": ("en", "Σ", LATIN),
    "cjk": ("en", "测", CJK),
}
NOTDEF = "\U0010fffd"
"""A private-use character no font has: Qt draws it as the font's missing-glyph box."""

pytestmark = pytest.mark.skipif(
    any(regular_file(font) is None for font in (LATIN, ARABIC, CJK)),
    reason="needs the fonts (scripts/system-deps.sh test installs them)",
)


def _dataset(name: str):
    return load_dataset(SCRIPTS / f"{name}.yaml").dataset


def _options(name: str, fmt: str = "png", **changes) -> ExportOptions:
    lang = CASES[name][0]
    return ExportOptions(
        format=fmt, size=(1200, 800), view="fit", labels=True, lang=lang, **changes
    )


def _texts(name: str, qapp) -> tuple[list[str], object]:
    """What the export draws in the script: title, subtitle, legend rows, placed names."""
    from desktop.render.compose import composition

    dataset = _dataset(name)
    comp = composition(dataset, default_gazetteer(), _options(name))
    texts = [comp.heading(), comp.subheading(), *(row.label for row in comp.styled.legend)]
    if name in ("arabic", "cyrillic"):  # exported in that language: the names are too
        texts += [comp.styled.name_of(n.iso3) for n in dataset.nations]
    return [t for t in texts if any(script_of(c) for c in t)], comp


def _glyph_runs(text: str, font: QFont):
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return layout.glyphRuns()


def _drawn(text: str, font: QFont, size=(900, 120)) -> QImage:
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(QRectF(0, 0, *size), int(Qt.AlignmentFlag.AlignCenter), text)
    painter.end()
    return image


def _ink(image: QImage) -> int:
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if QColor(image.pixel(x, y)).lightness() < 128
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_character_is_drawn_by_a_font_that_has_it(name, qapp):
    lang, sample, owner = CASES[name]
    texts, _comp = _texts(name, qapp)
    assert texts and any(sample in t for t in "".join(texts))
    # The fonts compose uses: the title's, the legend's and the labels' weights.
    for weight in (QFont.Weight.Bold, QFont.Weight.Normal, QFont.Weight.DemiBold):
        font = make_font(export_family(lang), 24, weight)
        for text in texts:
            runs = _glyph_runs(text, font)
            for run in runs:
                # Glyph 0 is the missing-glyph box.
                assert 0 not in run.glyphIndexes(), (text, run.rawFont().familyName())
            for char in set(text) - {" "}:
                assert any(run.rawFont().supportsCharacter(ord(char)) for run in runs), (char, text)
    # Arabic and CJK come from the app's fonts for them (Greek and Cyrillic from the
    # machine's default font, which has them, else from DejaVu Sans).
    if owner is not LATIN:
        runs = _glyph_runs(sample, make_font(export_family(lang), 24))
        assert {run.rawFont().familyName() for run in runs} == {owner.family}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_png_shows_the_scripts_letters_not_missing_glyph_boxes(name, qapp):
    dataset, gazetteer = _dataset(name), default_gazetteer()
    title = dataset.text_in(CASES[name][0]).title
    real = QImage.fromData(export_bytes(dataset, gazetteer, _options(name)))
    # The same page with each letter of the title replaced by one no font has: were the
    # title drawn as boxes, the two pictures would be the same.
    boxed_title = "".join(" " if c == " " else NOTDEF for c in title)
    boxes = QImage.fromData(export_bytes(dataset, gazetteer, _options(name, title=boxed_title)))
    assert real.size() == boxes.size()
    assert real != boxes
    # Distinct letters are distinct drawings, and none is the box.
    font = make_font(export_family(CASES[name][0]), 48, QFont.Weight.Bold)
    box = _drawn(NOTDEF, font, (120, 120))
    letters = sorted({c for c in title if script_of(c)})[:8]
    drawings = [_drawn(c, font, (120, 120)) for c in letters]
    for letter, drawing in zip(letters, drawings, strict=True):
        assert _ink(drawing) > 10, letter
        assert drawing != box, letter
    for i in range(len(drawings)):
        for j in range(i + 1, len(drawings)):
            assert drawings[i] != drawings[j], (letters[i], letters[j])


@pytest.mark.parametrize("name", ["arabic", "cjk"])
def test_the_pdf_embeds_the_fonts_that_draw_the_script(name, qapp):
    data = export_bytes(_dataset(name), default_gazetteer(), _options(name, "pdf"))
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    embedded = {}
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        descriptor = descendant["/FontDescriptor"].get_object()
        files = [key for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor]
        embedded[str(font["/BaseFont"])] = files
    assert embedded and all(embedded.values()), embedded
    wanted = "NotoSansArabicUI" if name == "arabic" else "NotoSansCJK"
    assert any(wanted in base for base in embedded), embedded
    # The text is text: a reader finds the title in it.
    title = _dataset(name).text_in(CASES[name][0]).title
    # Arabic comes out in its shaped presentation forms and in visual order.
    text = unicodedata.normalize("NFKC", page.extract_text())
    found = title.split()[0]
    assert found in text or found[::-1] in text, text[:200]


@pytest.mark.parametrize("name", ["arabic", "cjk"])
def test_slide_runs_name_fonts_that_have_their_glyphs(name, qapp):
    data = export_bytes(_dataset(name), default_gazetteer(), _options(name, "pptx"))
    slide = Presentation(io.BytesIO(data)).slides[0]
    checked = 0
    for shape in slide.shapes:
        if not shape.has_text_frame:
            continue
        for paragraph in shape.text_frame.paragraphs:
            for run in paragraph.runs:
                rpr = run._r.rPr
                faces = {
                    tag: rpr.find(f"{{http://schemas.openxmlformats.org/drawingml/2006/main}}{tag}")
                    for tag in ("latin", "ea", "cs")
                }
                assert all(face is not None for face in faces.values()), run.text
                for char in run.text:
                    found = script_of(char)
                    if found is None:
                        continue
                    script = found[0]
                    # PowerPoint draws Arabic with the complex-script typeface, CJK with the
                    # East Asian one, Greek and Cyrillic with the Latin one.
                    tag = {"Arabic": "cs", "CJK": "ea"}.get(script, "latin")
                    family = faces[tag].get("typeface")
                    if family.startswith("+"):
                        continue  # the theme's font: the viewer's choice
                    raw = QRawFont.fromFont(QFont(family))
                    assert raw.familyName() == family, (family, raw.familyName())
                    assert raw.supportsCharacter(ord(char)), (char, family)
                    checked += 1
    assert checked > 5


def _embedded_fonts(page: str) -> dict[str, bytes]:
    return {
        family: base64.b64decode(data)
        for family, data in re.findall(
            r'@font-face\{font-family:"([^"]+)";[^}]*src:url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)',
            page,
        )
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_html_carries_a_font_with_every_character_of_its_script(name):
    from fontTools.ttLib import TTFont

    page = export_bytes(_dataset(name), default_gazetteer(), _options(name, "html")).decode()
    fonts = _embedded_fonts(page)
    used: dict[str, set[str]] = {}
    for char in set(page):
        found = script_of(char)
        if found:
            used.setdefault(found[0], set()).add(char)
    assert used
    for script, chars in used.items():
        family = f"Coalition Atlas {script}"
        assert family in fonts, (script, list(fonts))
        cmap = TTFont(io.BytesIO(fonts[family])).getBestCmap()
        assert {ord(c) for c in chars} <= set(cmap), script
        # Named first in the page's font lists, before the reader's own fonts.
        assert (
            f'font:14px/1.45 "{family}"' in page
            or f'"{family}",' in page.split("html,body{")[1][:200]
        )


def test_an_english_page_in_latin_letters_carries_no_font():
    from tests.conftest import SMALL

    page = export_bytes(
        load_dataset(SMALL).dataset, default_gazetteer(), ExportOptions(format="html")
    ).decode()
    assert "@font-face" not in page


@pytest.mark.chromium
@requires_chromium
@pytest.mark.parametrize("name", ["arabic", "cjk"])
def test_the_browser_draws_the_embedded_font_with_no_system_fonts_for_the_script(
    name, tmp_path, monkeypatch
):
    from tests.browser import dump_dom

    # Chromium sees DejaVu only, which has no CJK and no Noto Arabic: only the page's own
    # font can draw its CJK text, and a box would be drawn without it.
    dejavu = regular_file(LATIN).parent
    (tmp_path / "fonts.conf").write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig><dir>{dejavu}</dir><cachedir>{tmp_path}/cache</cachedir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "fonts.conf"))
    page = export_bytes(_dataset(name), default_gazetteer(), _options(name, "html")).decode()
    title = _dataset(name).text_in(CASES[name][0]).title
    family = "Coalition Atlas Arabic" if name == "arabic" else "Coalition Atlas CJK"
    probe = f"""<script>
window.addEventListener('load', async () => {{
  const text = {title!r};
  const loaded = await document.fonts.load('40px "{family}"', text);
  const draw = (font) => {{
    const c = document.createElement('canvas'); c.width = 600; c.height = 80;
    const g = c.getContext('2d'); g.font = font; g.fillText(text, 10, 60);
    return c.toDataURL();
  }};
  const out = document.createElement('pre');
  out.id = 'font-probe';
  out.textContent = JSON.stringify({{
    loaded: loaded.map(f => f.family + ':' + f.status),
    check: document.fonts.check('40px "{family}"', text),
    title: getComputedStyle(document.querySelector('#atlas-title h1')).fontFamily,
    differs: draw('40px "{family}", sans-serif') !== draw('40px sans-serif'),
  }});
  document.body.appendChild(out);
}});
</script></body>"""
    path = tmp_path / "page.html"
    path.write_text(page.replace("</body>", probe, 1), encoding="utf-8")
    dom = dump_dom(path)
    import json

    result = json.loads(re.search(r'<pre id="font-probe">(.*?)</pre>', dom, re.S)[1])
    assert result["loaded"] == [f"{family}:loaded"]
    assert result["check"] is True
    assert result["title"].startswith(f'"{family}"')
    # Drawn with the page's font, the title is not what the machine's fonts make of it
    # (boxes, here): the font carries the glyphs.
    assert result["differs"] is True


def test_a_missing_font_falls_back_to_the_system_and_says_so_once(tmp_path):
    script = f"""
import logging, sys
logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
import desktop.render.fonts as fonts
from desktop.render.fonts import ScriptFont
fonts.FONTS = (ScriptFont("No Such Font Sans", ("no-such-font.ttf",), "tests", "none",
                          "OFL-1.1", "/nonexistent"),)
fonts.FALLBACK_FAMILIES = ("No Such Font Sans",)
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
from desktop.io import default_gazetteer, load_dataset
from desktop.render.export import export_bytes
from desktop.render.options import ExportOptions
data = export_bytes(load_dataset({str(SCRIPTS / "cjk.yaml")!r}).dataset, default_gazetteer(),
                    ExportOptions(format="png", size=(600, 400)))
assert data.startswith(b"\\x89PNG")
print("exported")
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "exported" in result.stdout
    assert result.stderr.count("fonts not found: No Such Font Sans") == 1, result.stderr
