"""Editable PowerPoint slides: read back with python-pptx, rendered by LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE
from PySide6.QtGui import QImage

from desktop.geo.styled import styled_map
from desktop.io import default_gazetteer, parse_dataset
from desktop.render.export import ExportOptions, export_bytes
from desktop.render.mapdraw import renderer_for
from desktop.render.options import ExportError

VOTE = """\
format: coalition-atlas/1
title: "A test vote: <Pacific & Europe>"
subtitle: Four positions
as_of: 2024-12-31
categories:
  - {id: yes, label: In favour, color: "#0072B2"}
  - {id: no, label: Against, color: "#D55E00"}
  - {id: abstain, label: Abstained, color: "#E69F00"}
  - {id: absent, label: Absent, color: "#009E73"}
sources:
  un: {title: "Record of the vote", publisher: UN Press, url: "https://press.un.org/en/x", date: 2024-12-20}
  local: {url: "https://news.example.org/report"}
nations:
  - {iso3: DEU, category: yes, role: Sponsor, sources: [un]}
  - {iso3: FRA, category: yes}
  - {iso3: POL, category: abstain, sources: [local]}
  - {iso3: RUS, category: no}
  - iso3: MLT
    category: absent
  - iso3: ESP
    category: yes
    history:
      - {date: 2024-03-01, category: abstain, sources: [local]}
      - {date: 2024-09-15, category: yes, sources: [un]}
"""

COLOURS = {"yes": "0072B2", "no": "D55E00", "abstain": "E69F00", "absent": "009E73"}


@pytest.fixture(scope="module")
def vote():
    return parse_dataset(VOTE, "vote.yaml").dataset


def deck(dataset, **options) -> Presentation:
    data = export_bytes(
        dataset, default_gazetteer(), ExportOptions(format="pptx", view="europe", **options)
    )
    return Presentation(io.BytesIO(data))


def shapes_by_name(slide) -> dict:
    return {shape.name: shape for shape in slide.shapes}


def test_every_drawn_country_is_a_named_shape_in_its_category_colour(qapp, vote):
    presentation = deck(vote)
    assert len(presentation.slides) == 1
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    shapes = shapes_by_name(presentation.slides[0])
    styled = styled_map(vote, default_gazetteer())
    for code, name in (("DEU", "Germany"), ("FRA", "France"), ("POL", "Poland"), ("RUS", "Russia")):
        shape = shapes[f"{code} {name}"]
        assert shape.shape_type == MSO_SHAPE_TYPE.FREEFORM
        assert str(shape.fill.fore_color.rgb) == COLOURS[styled.category_of(code)]
    # Unlisted countries are shapes too, in the land colour, so the map is whole.
    assert str(shapes["ITA Italy"].fill.fore_color.rgb) == styled.theme.land.lstrip("#").upper()
    # One shape per country: no country drawn twice.
    countries = [n for n in shapes if len(n) > 4 and n[:3].isupper() and n[3] == " "]
    assert len(countries) == len(set(countries))
    # Malta is too small to see on a Europe slide: a circle stands in for it.
    malta = shapes["MLT Malta"]
    assert malta.auto_shape_type == MSO_SHAPE.OVAL
    assert str(malta.fill.fore_color.rgb) == COLOURS["absent"]


def test_title_date_legend_credit_and_notes_are_text(qapp, vote):
    slide = deck(vote).slides[0]
    shapes = shapes_by_name(slide)
    assert shapes["Title"].text_frame.text == "A test vote: <Pacific & Europe>"
    assert shapes["Subtitle"].text_frame.text == "Four positions"
    assert shapes["As of"].text_frame.text == "As of 31 Dec 2024"
    legend = {
        shapes[f"Legend label {key}"].text_frame.text: int(shapes[f"Legend count {key}"].text)
        for key in ("yes", "no", "abstain", "absent", "unlisted")
    }
    styled = styled_map(vote, default_gazetteer())
    assert legend == {row.label: row.count for row in styled.legend}
    assert legend["In favour"] == 3 and legend["Against"] == 1
    assert str(shapes["Legend swatch yes"].fill.fore_color.rgb) == "0072B2"
    assert shapes["Credit"].text_frame.text == styled.credit
    notes = slide.notes_slide.notes_text_frame.text
    assert "https://press.un.org/en/x" in notes and "https://news.example.org/report" in notes
    assert "Record of the vote — UN Press — 20 Dec 2024" in notes


def test_options_follow_the_png_export(qapp, vote):
    shapes = shapes_by_name(deck(vote, theme="dark", labels=True, highlight="POL").slides[0])
    assert str(shapes["Title"].text_frame.paragraphs[0].runs[0].font.color.rgb) == "E8EDF2"
    assert shapes["Label DEU"].text_frame.text == "Germany"
    assert "Poland" in shapes["Callout POL"].text_frame.text
    assert "Abstained" in shapes["Callout POL"].text_frame.text
    hatched = shapes_by_name(deck(vote, pattern=True).slides[0])["DEU Germany"]
    assert hatched.fill.pattern is not None


def test_a_slide_per_date_shows_each_change(qapp, vote):
    presentation = deck(vote, slide_per_date=True)
    assert len(presentation.slides) == 2
    first, second = (shapes_by_name(slide) for slide in presentation.slides)
    assert first["As of"].text_frame.text == "As of 1 Mar 2024"
    assert str(first["ESP Spain"].fill.fore_color.rgb) == COLOURS["abstain"]
    assert second["As of"].text_frame.text == "As of 15 Sep 2024"
    assert str(second["ESP Spain"].fill.fore_color.rgb) == COLOURS["yes"]
    # Only PowerPoint has slides.
    with pytest.raises(ExportError, match="PowerPoint"):
        ExportOptions(format="png", slide_per_date=True).checked()


def test_a_world_slide_stays_small(qapp, vote):
    data = export_bytes(
        vote, default_gazetteer(), ExportOptions(format="pptx", view="world", labels=True)
    )
    assert len(data) < 5 * 1024 * 1024
    shapes = shapes_by_name(Presentation(io.BytesIO(data)).slides[0])
    drawn = renderer_for("world").projected
    on_map = sum(1 for i, code in enumerate(drawn.codes) if drawn.drawn[i] and code != "ATA")
    countries = [n for n in shapes if len(n) > 4 and n[:3].isupper() and n[3] == " "]
    # Every country with an outline at this scale is there (a few specks vanish).
    assert len(countries) >= on_map - 15


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="needs LibreOffice Impress (scripts/system-deps.sh test installs libreoffice-impress)",
)
def test_libreoffice_opens_the_slide_with_its_title_and_every_colour(qapp, vote, tmp_path):
    from pypdf import PdfReader

    path = tmp_path / "vote.pptx"
    path.write_bytes(
        export_bytes(vote, default_gazetteer(), ExportOptions(format="pptx", view="europe"))
    )
    profile = tmp_path / "profile"
    for fmt in ("pdf", "png"):
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", fmt, "--outdir", str(tmp_path), str(path)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    text = PdfReader(tmp_path / "vote.pdf").pages[0].extract_text()
    assert "A test vote: <Pacific & Europe>" in text
    assert "As of 31 Dec 2024" in text
    image = QImage(str(tmp_path / "vote.png"))
    assert not image.isNull()
    seen: Counter = Counter()
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            seen[image.pixelColor(x, y).name()[1:].upper()] += 1
    for category, colour in COLOURS.items():
        assert seen[colour] > 0, category


def test_slide_labels_are_placed_as_the_images_place_them(qapp):
    """A NATO slide of Europe names every listed nation in the frame, Russia included, with
    leader lines for the small ones, and no name under the legend."""
    from tests.conftest import REPO

    dataset = parse_dataset((REPO / "tests/data/nato-europe.yaml").read_text(), "nato.yaml").dataset
    shapes = shapes_by_name(deck(dataset, labels=True).slides[0])
    labels = {name[6:] for name in shapes if name.startswith("Label ") and " " not in name[6:]}
    assert {"RUS", "DEU", "FRA", "LUX", "MNE", "MKD", "SVN"} <= labels
    assert any(name.startswith("Label line ") for name in shapes)
    legend = shapes["Legend"]
    for code in labels:
        box = shapes[f"Label {code}"]
        inside_legend = (
            legend.left <= box.left < legend.left + legend.width
            and legend.top <= box.top < legend.top + legend.height
        )
        assert not inside_legend, code
