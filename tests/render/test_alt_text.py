"""The map in words: alt text beside every export, an SVG's <title>/<desc>, a PDF's title,
language and subject, and colour-vision warnings at export time."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from html import unescape

import pytest
from pypdf import PdfReader

from desktop.geo.describe import map_description
from desktop.geo.styled import styled_map
from desktop.io import default_gazetteer, parse_dataset
from desktop.render.export import ExportOptions, export_bytes

VOTE = """\
format: coalition-atlas/1
title: "Vote on <resolution> & more"
as_of: 2024-12-31
categories:
  - {id: yes, label: In favour, color: "#2ca02c"}
  - {id: no, label: Against, color: "#d62728"}
nations:
  - {iso3: DEU, category: yes}
  - {iso3: FRA, category: yes}
  - {iso3: RUS, category: no}
  - {iso3: BLR, category: no}
"""

EXPECTED = (
    "Map: Vote on <resolution> & more, as of 31 Dec 2024. In favour: 2 (France and Germany). "
    "Against: 2 (Belarus and Russia). No stated position: {rest}."
)


def expected(dataset) -> str:
    styled = styled_map(dataset, default_gazetteer())
    return EXPECTED.format(rest=styled.unlisted.count)


def test_the_description_names_title_date_counts_and_small_categories():
    dataset = parse_dataset(VOTE, "vote.yaml").dataset
    styled = styled_map(dataset, default_gazetteer())
    assert map_description(styled, dataset.title) == expected(dataset)


def test_svg_and_pdf_carry_the_description(qapp):
    dataset = parse_dataset(VOTE, "vote.yaml").dataset
    gazetteer = default_gazetteer()
    svg = export_bytes(dataset, gazetteer, ExportOptions(format="svg")).decode()
    assert unescape(re.search(r"<title>(.*?)</title>", svg).group(1)) == dataset.title
    assert unescape(re.search(r"<desc>(.*?)</desc>", svg, re.S).group(1)) == expected(dataset)
    reader = PdfReader(io.BytesIO(export_bytes(dataset, gazetteer, ExportOptions(format="pdf"))))
    assert reader.metadata.title == dataset.title
    assert reader.metadata.subject == expected(dataset)
    assert reader.trailer["/Root"]["/Lang"] == "en"


def run(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True, cwd=cwd
    )


@pytest.mark.slow
def test_alt_text_is_written_beside_the_output_or_printed(tmp_path):
    (tmp_path / "vote.yaml").write_text(VOTE, encoding="utf-8")
    dataset = parse_dataset(VOTE, "vote.yaml").dataset
    done = run("export", "vote.yaml", "-o", "vote.png", "--alt-text", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "vote.png").is_file()
    assert (tmp_path / "vote.png.txt").read_text(encoding="utf-8") == expected(dataset) + "\n"
    printed = run("export", "vote.yaml", "-o", "vote.csv", "--alt-text", "-", cwd=tmp_path)
    assert expected(dataset) in printed.stdout.splitlines()
    assert not (tmp_path / "vote.csv.txt").exists()


@pytest.mark.slow
def test_export_warns_about_categories_colour_blind_readers_cannot_tell_apart(tmp_path):
    (tmp_path / "vote.yaml").write_text(VOTE, encoding="utf-8")
    done = run("export", "vote.yaml", "-o", "vote.png", cwd=tmp_path)
    assert done.returncode == 0
    warning = [line for line in done.stderr.splitlines() if "warning:" in line]
    assert len(warning) == 1
    assert "'In favour' and 'Against'" in warning[0] and "deuteranopia" in warning[0]
    assert "--pattern" in warning[0]
    # Hatched categories can be told apart by pattern; a table has no colours to confuse.
    for extra in (["--pattern"], ["-o", "vote.csv"]):
        args = ["export", "vote.yaml", "-o", "vote.png", *extra]
        assert "warning:" not in run(*args, cwd=tmp_path).stderr
