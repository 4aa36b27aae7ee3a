"""packaging/dist_check.py: its own checks catch what they claim to, and the smoke test."""

from __future__ import annotations

import subprocess
import sys
import zlib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QRawFont

from desktop.geo.language import LANGUAGES
from desktop.ui.about import BUNDLED_DISTRIBUTIONS
from tests.conftest import REPO
from tests.packaging.conftest import load

check = load("dist_check")
BUNDLE = REPO / "dist" / "coalition-atlas"


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def title_image(draw) -> QImage:
    image = QImage(600, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setPen(QColor("#1d2329"))
    draw(painter)
    painter.end()
    return image


@pytest.mark.parametrize("size", [16, 128])
def test_read_png_decodes_the_icons(size):
    width, height, channels, rows = check.read_png(
        (REPO / "resources" / "icons" / f"coalition-atlas-{size}.png").read_bytes()
    )
    assert (width, height, len(rows), len(rows[0])) == (size, size, size, size * channels)


def test_read_png_rejects_damaged_files():
    good = (REPO / "resources" / "icons" / "coalition-atlas-64.png").read_bytes()
    with pytest.raises(check.PngError):
        check.read_png(good[: len(good) // 2])
    flipped = bytearray(good)
    flipped[60] ^= 0xFF  # inside a chunk: its CRC no longer matches
    with pytest.raises(check.PngError):
        check.read_png(bytes(flipped))
    with pytest.raises((check.PngError, zlib.error)):
        check.read_png(b"not a png")


def test_text_check_accepts_real_text(qtbot):
    def draw(painter):
        font = QFont()
        font.setPixelSize(26)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(
            QRect(4, 4, 590, 50), Qt.AlignmentFlag.AlignLeft, "Coalition of the willing (Ukraine)"
        )

    if not QRawFont.fromFont(QFont()).isValid():
        pytest.skip("no font installed here")
    _w, h, channels, rows = check.read_png(png_bytes(title_image(draw)))
    assert check.text_problem(rows, channels, 0, h) is None


def test_text_check_catches_empty_boxes_and_blank_bands(qtbot):
    def boxes(painter):
        # What Qt draws for each character when it has no font at all.
        for x in range(8, 560, 16):
            painter.drawRect(x, 10, 11, 24)

    _w, h, channels, rows = check.read_png(png_bytes(title_image(boxes)))
    assert "empty boxes" in check.text_problem(rows, channels, 0, h)
    _w, h, channels, rows = check.read_png(png_bytes(title_image(lambda painter: None)))
    assert "no text" in check.text_problem(rows, channels, 0, h)


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ('<script src="https://unpkg.com/leaflet.js"></script>', "fetches <script"),
        ('<link rel="stylesheet" href="//cdn.example/x.css">', "fetches <link"),
        ("<style>@import 'https://fonts.example/f.css';</style>", "stylesheet fetches"),
        ('<div style="background:url(https://tiles.example/1.png)"></div>', "fetches <div style>"),
        ("<p>no map</p>", "no inline Leaflet"),
    ],
)
def test_html_check_catches_what_needs_the_network(html, problem):
    problems = check.check_html(html)
    assert any(problem in p for p in problems), problems


def test_html_check_accepts_a_self_contained_page_with_links():
    page = (
        "<html><head><style>.a{color:red}</style><script>/* Leaflet 1.9.4 */ L.map('m')</script>"
        '</head><body><a href="https://example.org/source">a source</a>'
        '<img src="data:image/png;base64,AAAA"></body></html>'
    )
    assert check.check_html(page) == []


def test_minimal_xlsx_is_a_workbook_openpyxl_reads(tmp_path):
    import openpyxl

    path = tmp_path / "sheet.xlsx"
    path.write_bytes(check.minimal_xlsx(check.SHEET_ROWS))
    sheet = openpyxl.load_workbook(path).active
    assert [[c.value or "" for c in row] for row in sheet.iter_rows()] == check.SHEET_ROWS


def test_python_dirs_never_hide_the_bundle_or_usr(tmp_path):
    hidden = check.python_dirs([REPO / "dist", tmp_path])
    assert Path("/usr") not in hidden and Path("/") not in hidden
    for path in hidden:
        assert path not in (REPO / "dist").resolve().parents
        assert not any(parent in hidden for parent in path.parents)


def test_missing_bundle_fails_with_a_hint(tmp_path, capsys):
    assert check.main([str(tmp_path / "nothing"), "--startup-runs", "0"]) == 1
    assert "make dist" in capsys.readouterr().err


needs_bundle = pytest.mark.skipif(
    not (BUNDLE / check.executable_in(BUNDLE).name).is_file(),
    reason="no packaged app in dist/coalition-atlas: run 'make dist' first",
)


@needs_bundle
def test_the_bundle_carries_the_metadata_about_reads_and_not_what_it_leaves_out():
    internal = BUNDLE / "_internal"
    found = {
        canonicalize_name(d.metadata["Name"]) for d in metadata.distributions(path=[str(internal)])
    }
    assert {canonicalize_name(name) for name in BUNDLED_DISTRIBUTIONS} <= found
    # The licence texts the About dialog shows are readable through the metadata's RECORD.
    (shapely,) = [
        d for d in metadata.distributions(path=[str(internal)]) if d.metadata["Name"] == "shapely"
    ]
    (geos,) = [f for f in shapely.files if f.name == "LICENSE_GEOS"]
    assert "LESSER GENERAL PUBLIC" in geos.read_text(encoding="utf-8").upper()
    for left_out in ("pandas", "pyogrio", "pycountry/locales", "numpy/random"):
        assert not (internal / left_out).exists(), left_out
    # fontTools (the HTML export's fonts) as Python only: its compiled speed-ups stay out.
    assert not list(internal.glob("fontTools/**/*.so"))
    # No FFmpeg program: MP4 and WebM use the user's own.
    assert not [p for p in internal.rglob("*ffmpeg*") if p.is_file() and "binaries" in p.parts]
    # Qt's base catalogs and Babel's data for the app's languages only.
    translations = {p.name for p in (internal / "PySide6" / "Qt" / "translations").iterdir()}
    assert {f"qtbase_{lang}.qm" for lang in LANGUAGES if lang != "en"} <= translations
    assert "designer_fr.qm" not in translations and "qtbase_ja.qm" not in translations
    locales = {p.stem for p in (internal / "babel" / "locale-data").glob("*.dat")}
    assert {"root", *LANGUAGES, "fr_FR", "en_GB", "ar_EG"} <= locales
    assert "ja" not in locales and len(locales) < 300


@pytest.mark.slow
@needs_bundle
def test_the_packaged_app_passes_its_smoke_check():
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "packaging" / "dist_check.py"),
            str(BUNDLE),
            "--startup-runs",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all checks passed" in result.stdout
