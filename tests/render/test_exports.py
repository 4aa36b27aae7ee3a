"""Exports a user would put in slides, briefings and GIS: PNG, SVG, PDF, GeoJSON, CSV.

On the frozen test dataset (tests/data/small.yaml): 18 nations, 12 participating, 3 opposing
and 3 undecided on 1 Dec 2025; 9 sources.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop.cli import main
from desktop.io import default_gazetteer, load_dataset
from desktop.render import export as export_module
from desktop.render.export import Cancelled, ExportError, ExportOptions, export
from tests.conftest import SMALL
from tests.pixels import colour_counts

CATEGORY_COLOURS = ("#0072b2", "#d55e00", "#e69f00")


@pytest.fixture(scope="module")
def small():
    return load_dataset(SMALL).dataset


def colours(image: QImage, step: int = 3) -> Counter:
    return colour_counts(image, step)


def run_cli(*args, env=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "desktop", "export", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )


@pytest.mark.parametrize(
    ("preset", "size"), [("slide", (1920, 1080)), ("square", (1080, 1080)), ("4k", (3840, 2160))]
)
def test_png_has_the_asked_size_and_every_category_colour(qapp, tmp_path, small, preset, size):
    out = export(
        small,
        tmp_path / "map.png",
        ExportOptions(format="png", preset=preset),
        default_gazetteer(),
    )
    image = QImage(str(out))
    assert (image.width(), image.height()) == size
    found = colours(image, step=2 if preset != "4k" else 4)
    for colour in CATEGORY_COLOURS:
        assert found[colour] > 30, colour


def test_png_of_the_three_country_fixture_and_an_explicit_size(qapp, tmp_path, three_countries):
    data = load_dataset(three_countries).dataset
    out = export(
        data,
        tmp_path / "three.png",
        ExportOptions(format="png", size=(1600, 900), view="europe"),
        default_gazetteer(),
    )
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 900)
    found = colours(image)
    for colour in CATEGORY_COLOURS:
        assert found[colour] > 10, colour


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.findall(".//{http://www.w3.org/2000/svg}text")]


def test_svg_is_vector_with_countries_as_paths_and_text_as_text(qapp, tmp_path, small):
    out = export(small, tmp_path / "map.svg", ExportOptions(format="svg"), default_gazetteer())
    root = ET.parse(out).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    paths = root.findall(f".//{ns}path")
    texts = ["".join(t.itertext()) for t in root.findall(f".//{ns}text")]
    assert len(paths) >= 200
    assert "Small test coalition" in texts
    assert any("Participating" in t for t in texts)
    assert not root.findall(f".//{ns}image")


@pytest.mark.slow
def test_pdf_has_a_vector_map_page_and_pages_listing_every_source(qapp, tmp_path, small):
    from pypdf import PdfReader

    out = export(small, tmp_path / "map.pdf", ExportOptions(format="pdf"), default_gazetteer())
    reader = PdfReader(out)
    first = reader.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    resources = first.get("/Resources") or {}
    xobjects = resources.get("/XObject") or {}
    assert not [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
    assert b" re" in first.get_contents().get_data() or b" l" in first.get_contents().get_data()
    map_text = " ".join(first.extract_text().split())
    assert "Small test coalition" in map_text and "Participating" in map_text
    sources_text = " ".join("".join(page.extract_text() for page in reader.pages[1:]).split())
    assert sources_text.count("https://") + sources_text.count("http://") == 9
    # One numbered entry per source, its id in brackets (long URLs may wrap anywhere).
    assert sources_text.count("[") == 9
    assert " 9. " in f" {sources_text}" and " 10. " not in f" {sources_text}"
    assert "[hungary]" in sources_text and "Example Daily" in sources_text


NATO = Path(__file__).resolve().parent.parent / "data" / "nato-enlargement.yaml"


def link_targets(page) -> list[tuple[str, list[float]]]:
    """Every URI link annotation on a PDF page: its address and its rectangle."""
    found = []
    for annotation in page.get("/Annots") or []:
        annotation = annotation.get_object()
        action = annotation.get("/A") or {}
        if annotation.get("/Subtype") == "/Link" and action.get("/S") == "/URI":
            found.append((str(action["/URI"]), [float(v) for v in annotation["/Rect"]]))
    return found


def test_pdf_source_addresses_are_links_and_the_title_is_shown(qapp, tmp_path, write_yaml):
    from pypdf import PdfReader

    text = NATO.read_text(encoding="utf-8").replace(
        'title: "The North Atlantic Treaty"', 'title: "Treaty <text> & notes"'
    )
    data = load_dataset(write_yaml(text, "nato.yaml")).dataset
    options = ExportOptions(format="pdf", title="NATO at 75")
    out = export(data, tmp_path / "nato.pdf", options, default_gazetteer())
    reader = PdfReader(out)
    assert reader.metadata.title == "NATO at 75"
    # Viewers name the window after the title, not the file.
    assert reader.viewer_preferences.display_doctitle == True  # noqa: E712 (a PDF boolean)
    page = reader.pages[1]
    links = link_targets(page)
    assert sorted({uri for uri, _ in links}) == sorted(s.url for s in data.sources.values())
    assert "https://example.org/treaty?year=1949&lang=en" in {uri for uri, _ in links}
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    for _, (x1, y1, x2, y2) in links:
        # On the page, below the heading, as wide as an address.
        assert 0 < x1 < x2 < width and 0 < y1 < y2 < height * 0.9 and x2 - x1 > 50
    words = " ".join(page.extract_text().split())
    assert "Treaty <text> & notes" in words  # markup in a title is shown, not obeyed
    assert not link_targets(reader.pages[0])


def test_pdf_links_every_source_of_a_long_list(qapp, tmp_path, small):
    from pypdf import PdfReader

    out = export(small, tmp_path / "map.pdf", ExportOptions(format="pdf"), default_gazetteer())
    reader = PdfReader(out)
    linked = {uri for page in reader.pages[1:] for uri, _ in link_targets(page)}
    assert linked == {source.url for source in small.sources.values()}


def test_geojson_reads_back_with_geopandas_with_the_right_categories(qapp, tmp_path, small):
    geopandas = pytest.importorskip("geopandas")
    out = export(
        small, tmp_path / "map.geojson", ExportOptions(format="geojson"), default_gazetteer()
    )
    frame = geopandas.read_file(out)
    assert {"iso3", "name", "category", "category_label", "color", "role", "summary"} <= set(
        frame.columns
    )
    assert len(frame) >= 240 and frame.iso3.is_unique
    # Features are pieces of the map: territories show their state's position...
    guiana = frame[frame.iso3 == "GUF"].iloc[0]
    assert guiana.category == "participating" and guiana.follows == "FRA"  # with France
    # ...but only counted features add up to the legend's counts of states.
    counted = frame[frame.counted.astype(bool)]
    counts = counted.category.value_counts().to_dict()
    assert counts == {"participating": 12, "opposing": 3, "undecided": 3}
    ukraine = frame[frame.iso3 == "UKR"].iloc[0]
    assert ukraine.category == "participating" and ukraine.color == "#0072B2"
    assert ukraine.geometry.contains(geopandas.points_from_xy([34.10], [44.95])[0])  # Crimea
    assert frame[frame.iso3 == "CHN"].iloc[0].category_label == "No stated position"
    assert counted.category.isna().sum() == 197 - 18  # the legend's No stated position
    assert "ATA" not in set(frame.iso3)


def test_csv_is_the_nations_table_in_utf8_with_a_header(qapp, tmp_path, small):
    out = export(small, tmp_path / "nations.csv", ExportOptions(format="csv"), default_gazetteer())
    text = out.read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 18
    by_code = {row["iso3"]: row for row in rows}
    assert by_code["TUR"]["name"] == "Türkiye"
    assert by_code["TUR"]["category_label"] == "Undecided"
    assert by_code["FRA"]["category_label"] == "Participating"
    assert int(by_code["FRA"]["contributions"]) == 3


def test_as_of_exports_show_that_days_categories(qapp, tmp_path, small):
    out = export(
        small,
        tmp_path / "then.csv",
        ExportOptions(format="csv", day=__import__("datetime").date(2025, 3, 10)),
        default_gazetteer(),
    )
    rows = {
        row["iso3"]: row for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
    }
    assert rows["EST"]["category"] == "undecided"  # participating from 15 June
    assert rows["CAN"]["category"] == ""  # listed from 15 April only
    assert rows["ALB"]["category_label"] == "No stated position"  # listed from Oct 2025 only
    assert rows["GBR"]["category"] == "participating"


def test_highlight_theme_and_pattern_change_the_picture(qapp, small, tmp_path):
    gazetteer = default_gazetteer()
    # The callout names the country, its category and its role, in a box of its own.
    plain = export(small, tmp_path / "plain.svg", ExportOptions(format="svg"), gazetteer)
    callout = export(
        small, tmp_path / "callout.svg", ExportOptions(format="svg", highlight="UKR"), gazetteer
    )
    added = Counter(svg_texts(callout)) - Counter(svg_texts(plain))
    assert added == Counter(["Ukraine", "Participating", "Supported nation"])
    plain = export_module.render_image(small, gazetteer, ExportOptions())
    dark = export_module.render_image(small, gazetteer, ExportOptions(theme="dark"))
    assert dark.pixelColor(5, 5).lightnessF() < 0.2 and plain.pixelColor(5, 5).lightnessF() > 0.9
    hatched = export_module.render_image(
        small, gazetteer, ExportOptions(pattern=True, view="europe")
    )
    found = colours(hatched)
    assert found["#0072b2"] > 100 and len(found) > len(
        colours(export_module.render_image(small, gazetteer, ExportOptions(view="europe")))
    )


def test_a_failed_or_cancelled_export_leaves_no_file(qapp, tmp_path, small, monkeypatch):
    gazetteer = default_gazetteer()
    with pytest.raises(Cancelled):
        export(
            small,
            tmp_path / "x.png",
            ExportOptions(),
            gazetteer,
            progress=lambda f, what: f < 0.5,
        )

    def broken(*_):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(export_module, "png_bytes", broken)
    with pytest.raises(RuntimeError):
        export(small, tmp_path / "y.png", ExportOptions(), gazetteer)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{tmp}/map.txt"], "cannot tell the format from 'map.txt'"),
        (["-o", "{tmp}/map.png", "--format", "tiff"], "unknown format 'tiff'"),
        (["-o", "{tmp}/map.png", "--size", "12x9000000"], "size 12x9000000 is out of range"),
        (["-o", "{tmp}/map.png", "--size", "huge"], "size 'huge' is not WIDTHxHEIGHT"),
        (["-o", "{tmp}/map.png", "--view", "moon"], "unknown view 'moon'"),
        (["-o", "{tmp}/map.png", "--preset", "poster"], "unknown preset 'poster'"),
        (["-o", "{tmp}/no/such/folder/map.png"], "folder {tmp}/no/such/folder does not exist"),
        (["-o", "{tmp}/afile.txt/map.png"], "does not exist"),
        (["-o", "{tmp}/map.png", "--highlight", "Narnia"], "'Narnia' is not a country"),
        (["-o", "{tmp}/map.png", "--bogus"], "unrecognized arguments: --bogus"),
        (["-o", "{tmp}/map.html", "--tiles", "Foo"], "--tiles 'Foo': it is not a known basemap"),
        (["-o", "{tmp}/map.png", "--tiles", "OpenStreetMap"], "--tiles is for HTML exports"),
        (
            ["-o", "{tmp}/map.png", "--format", "svg"],
            "--format svg does not match the file name 'map.png'",
        ),
    ],
)
def test_wrong_options_and_paths_give_one_line_and_status_2(qapp, capsys, tmp_path, args, message):
    # In this process (the command's own start-up is tested below): a QGuiApplication made
    # by the command would stand in the way of later widget tests, so qapp comes first.
    (tmp_path / "afile.txt").write_text("x")
    status = main(["export", *(a.format(tmp=tmp_path) for a in args)])
    stderr = capsys.readouterr().err
    assert status == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("coalition-atlas export: ")
    assert message.format(tmp=tmp_path) in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile.txt"]


def test_an_invalid_dataset_prints_its_problems_and_exits_1(tmp_path, write_yaml):
    bad = write_yaml("format: coalition-atlas/1\ntitle: X\nas_of: 2025-13-01\n", "bad.yaml")
    result = run_cli(bad, "-o", tmp_path / "out.png")
    assert result.returncode == 1
    assert f"{bad}:3:8: as_of: no such date" in result.stderr
    assert not (tmp_path / "out.png").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("suffix", "sources"),
    [
        ("png", ("bundled", "three")),  # without a file: the bundled dataset
        ("svg", ("three",)),
        ("pdf", ("three",)),
        ("geojson", ("three",)),
        ("csv", ("three",)),
        ("html", ("three",)),
    ],
)
def test_every_format_from_the_command_line_with_no_display(
    tmp_path, three_countries, suffix, sources
):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    for name in sources:
        source = three_countries if name == "three" else None
        out = tmp_path / f"{name}.{suffix}"
        args = ([source] if source else []) + ["-o", out]
        result = run_cli(*args, env=env)
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 200
        assert (
            result.stdout.strip()
            == f"{out}: {'GeoJSON' if suffix == 'geojson' else suffix.upper()} written ({out.stat().st_size:,} bytes)"
        )


def test_export_help_documents_every_option_with_examples():
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "export", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    for option in (
        "--format",
        "--view",
        "--preset",
        "--size",
        "--title",
        "--subtitle",
        "--highlight",
        "--theme",
        "--pattern",
        "--tiles",
        "--as-of",
    ):
        assert option in result.stdout
    assert "examples:" in result.stdout and "coalition-atlas export -o" in result.stdout


def test_options_are_checked_before_any_work(qapp, small):
    with pytest.raises(ExportError, match="unknown theme"):
        ExportOptions(theme="sepia").checked()
    assert export_module.format_for(Path("x.HTM")) == "html"


@pytest.mark.slow
def test_options_a_format_cannot_use_are_named_not_silently_dropped(tmp_path):
    result = run_cli(
        "-o", tmp_path / "map.html", "--theme", "dark", "--highlight", "UKR", "--view", "europe"
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stderr.strip()
        == "coalition-atlas export: note: --highlight does not apply to HTML exports"
    )
    # The page opens on Europe's box (south-west, north-east).
    assert '"view":[[33.0,-28.0],[71.0,52.0]]' in (tmp_path / "map.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.slow
@pytest.mark.parametrize("view", ["world", "europe"])
def test_wide_borders_drawn_fast_look_like_the_true_stroke(qapp, monkeypatch, view):
    """A 4k map's 1.4 px borders, drawn as thin fast strokes, match the true stroke."""
    import numpy as np

    from desktop.render import mapdraw

    dataset = load_dataset(Path(__file__).parents[1] / "data" / "nato-enlargement.yaml").dataset
    options = ExportOptions(format="png", preset="4k", view=view).checked()

    def pixels() -> np.ndarray:
        image = export_module.render_image(dataset, default_gazetteer(), options)
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        data = np.frombuffer(image.constBits(), dtype=np.uint8)
        return data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4].copy()

    fast = pixels()
    monkeypatch.setattr(mapdraw, "WIDE_BORDERS_FAST", False)
    true = pixels()
    differ = np.abs(fast.astype(int) - true.astype(int)).reshape(fast.shape[0], -1, 4)
    share = (differ[..., :3].max(axis=2) > 8).mean()
    assert share <= 0.01, f"{share:.2%} of the pixels differ by more than 8 levels"
