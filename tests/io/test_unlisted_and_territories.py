"""The dataset's own name for unlisted countries, and codes the map has no shape for."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop.io import DatasetError, default_gazetteer, load_dataset
from desktop.io.save import save_dataset
from desktop.model.commands import set_categories
from desktop.model.dataset import NO_POSITION_LABEL, Unlisted

HEAD = """\
format: coalition-atlas/1
title: Overseas vote
as_of: 2025-06-01
categories:
  - {id: "yes", label: "Yes", color: "#0072B2"}
  - {id: "no", label: "No", color: "#D55E00"}
"""
SOURCES = """\
sources:
  s1: {url: "https://example.org/vote", title: Example}
"""


def nations(*rows: tuple[str, str]) -> str:
    return "nations:\n" + "".join(
        f"  - {{iso3: {code}, category: {cat}, sources: [s1]}}\n" for code, cat in rows
    )


def test_unlisted_reads_saves_and_reads_back(write_yaml, tmp_path):
    path = write_yaml(
        HEAD
        + 'unlisted: {label: Not a member, color: "#DDDDDD", legend: false}\n'
        + SOURCES
        + nations(("FRA", "yes"))
    )
    dataset = load_dataset(path).dataset
    assert dataset.unlisted == Unlisted("Not a member", "#DDDDDD", False)

    out = tmp_path / "out.yaml"
    save_dataset(dataset, out, gazetteer=default_gazetteer())
    assert load_dataset(out).dataset.unlisted == Unlisted("Not a member", "#DDDDDD", False)

    dataset.unlisted = Unlisted()
    save_dataset(dataset, out, gazetteer=default_gazetteer())
    assert "unlisted" not in out.read_text(encoding="utf-8")
    assert load_dataset(out).dataset.unlisted.label == NO_POSITION_LABEL


def test_a_file_without_unlisted_keeps_the_default(write_yaml):
    dataset = load_dataset(write_yaml(HEAD + SOURCES + nations(("FRA", "yes")))).dataset
    assert dataset.unlisted == Unlisted(NO_POSITION_LABEL, None, True)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('unlisted: {label: "", color: "#DDDDDD"}', "label of unlisted countries is empty"),
        ('unlisted: {color: "grey"}', "'grey' is not a colour"),
        ("unlisted: {legend: maybe}", "should be"),
        ("unlisted: {lable: Not a member}", "did you mean 'label'"),
        ('unlisted: {label: "Yes"}', "already a category's label"),
    ],
)
def test_a_bad_unlisted_entry_is_reported_at_its_line(write_yaml, line, message):
    path = write_yaml(HEAD + line + "\n" + SOURCES + nations(("FRA", "yes")))
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    text = str(caught.value)
    assert message in text
    assert f"{path}:7:" in text


def test_renaming_the_unlisted_class_is_one_undoable_edit(write_yaml):
    dataset = load_dataset(write_yaml(HEAD + SOURCES + nations(("FRA", "yes")))).dataset
    edit = set_categories(dataset, dataset.categories, unlisted=Unlisted("Did not vote"))
    edit.redo(dataset)
    assert dataset.unlisted.label == "Did not vote"
    edit.undo(dataset)
    assert dataset.unlisted.label == NO_POSITION_LABEL


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_validate_counts_states_and_warns_about_codes_without_a_shape(write_yaml):
    # France yes, French Guiana no (apart from France: counts), Reunion yes (with France: does
    # not), the United Kingdom yes, Gibraltar no (no shape; apart from the UK: counts), Western
    # Sahara no (no sovereign: never counts).
    path = write_yaml(
        HEAD
        + SOURCES
        + nations(
            ("FRA", "yes"),
            ("GUF", "no"),
            ("REU", "yes"),
            ("GBR", "yes"),
            ("GIB", "no"),
            ("ESH", "no"),
        )
    )
    result = run_cli("validate", path)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip() == f"{path}: OK: 6 nations (yes 2, no 2), 0 contributions, 1 source"
    )
    # At the line and column of Gibraltar's entry (the 5th nation, after 9 lines of header).
    assert result.stderr.strip() == (
        f"{path}:14:12: warning: GIB (Gibraltar) has no shape on this map: it is drawn as part "
        "of United Kingdom"
    )


def test_import_warns_about_codes_without_a_shape(tmp_path):
    sheet = tmp_path / "vote.csv"
    sheet.write_text("country,position\nFrance,yes\nGibraltar,no\n", encoding="utf-8")
    out = tmp_path / "vote.yaml"
    result = run_cli("import", sheet, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "GIB (Gibraltar) has no shape on this map: it is drawn as part of United Kingdom" in (
        result.stderr
    )
