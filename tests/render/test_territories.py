"""Territories follow their state, and counts count states, in every output a user sees.

The dataset is tests/data/overseas-vote.yaml: states and territories voting apart, with its
counts worked out by hand in its header, and a renamed, recoloured unlisted class.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import subprocess
import sys
from html import unescape

import numpy as np
import pytest
from PySide6.QtGui import QImage

from desktop.geo.styled import styled_map
from desktop.io import default_gazetteer, load_dataset
from desktop.model.dataset import Nation, Unlisted
from desktop.render.export import ExportOptions, export_bytes
from tests.conftest import REPO

OVERSEAS = REPO / "tests" / "data" / "overseas-vote.yaml"
YES, NO, UNLISTED = "#0072b2", "#d55e00", "#bbbbbb"

# Counted by hand: see the header of tests/data/overseas-vote.yaml.
HAND_COUNTS = {"Yes": 3, "No": 2, "Abstain": 2, "Did not vote": 192}


@pytest.fixture
def overseas():
    return load_dataset(OVERSEAS).dataset


def png(dataset, size=(1600, 900)) -> np.ndarray:
    """A PNG export's pixels as an array of ``0xRRGGBB`` integers, rows first."""
    data = export_bytes(dataset, default_gazetteer(), ExportOptions(format="png", size=size))
    image = QImage()
    assert image.loadFromData(data, "PNG")
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    # Read the buffer at once: millions of pixelColor() calls are slow, and wear on
    # PySide's reference counts.
    rows = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.height() * image.width())
    return rows.reshape(image.height(), image.width()) & 0xFFFFFF


def rgb(name: str) -> int:
    return int(name.removeprefix("#"), 16)


def changed_pixels(before: np.ndarray, after: np.ndarray, old: str, new: str) -> np.ndarray:
    """(x, y) of the pixels that are ``old`` in ``before`` and ``new`` in ``after``."""
    ys, xs = np.nonzero((before == rgb(old)) & (after == rgb(new)))
    return np.column_stack([xs, ys])


# -- the map of the day --------------------------------------------------------------------------
def test_greenland_follows_denmark_and_listing_it_overrides(overseas):
    gazetteer = default_gazetteer()
    styled = styled_map(overseas, gazetteer)
    greenland = styled.unit("GRL")
    assert (greenland.category, greenland.via, greenland.listed) == ("yes", "DNK", False)
    assert greenland.fill == styled.fill_of("DNK")
    assert styled.relation("GRL") == "Part of Denmark"

    apart = copy.deepcopy(overseas)
    apart.nations.append(Nation("GRL", "no"))
    styled = styled_map(apart, gazetteer)
    greenland = styled.unit("GRL")
    assert (greenland.category, greenland.via, greenland.counted) == ("no", None, True)
    assert styled.relation("GRL") == "Part of Denmark, with a position of its own"
    assert styled.counts()["no"] == 3


def test_somaliland_and_northern_cyprus_follow_their_state(overseas):
    styled = styled_map(overseas, default_gazetteer())
    assert styled.category_of("SOL") == "abstain" and styled.unit("SOL").via == "SOM"
    assert styled.relation("SOL") == "Part of Somalia"
    # Cyprus is not listed: Northern Cyprus has no position either, and neither counts apart.
    assert styled.category_of("CYN") is None and not styled.unit("CYN").counted


def test_western_sahara_is_drawn_as_listed_but_never_counted(overseas):
    styled = styled_map(overseas, default_gazetteer())
    sahara = styled.unit("ESH")
    assert sahara.category == "yes" and not sahara.counted
    assert styled.relation("ESH").startswith("Disputed: drawn apart and never counted.")
    # Antarctica is left off the map unless listed; listed, it is drawn but never counted.
    assert styled.unit("ATA") is None
    listed = copy.deepcopy(overseas)
    listed.nations.append(Nation("ATA", "yes"))
    styled = styled_map(listed, default_gazetteer())
    assert styled.unit("ATA").category == "yes" and not styled.unit("ATA").counted
    assert styled.relation("ATA").startswith("No sovereign state: drawn apart")
    assert styled.counts()["yes"] == 3


def test_counts_equal_hand_counts_in_every_output(qapp, overseas):
    gazetteer = default_gazetteer()
    styled = styled_map(overseas, gazetteer)
    assert {row.label: row.count for row in styled.legend} == HAND_COUNTS

    svg = export_bytes(overseas, gazetteer, ExportOptions(format="svg")).decode()
    texts = [unescape(t) for t in re.findall(r">([^<>]+)</text>", svg)]
    for label, count in HAND_COUNTS.items():
        at = texts.index(label)
        assert str(count) in texts[at : at + 3], label
    assert "Not drawn: Gibraltar (Yes)" in texts

    page = export_bytes(overseas, gazetteer, ExportOptions(format="html")).decode()
    rows = re.findall(
        r'<span class="atlas-label">([^<]*)</span><span class="atlas-count">(\d+)</span>', page
    )
    assert {unescape(label): int(count) for label, count in rows} == HAND_COUNTS
    assert "Not drawn: Gibraltar (Yes)" in page

    geojson = json.loads(export_bytes(overseas, gazetteer, ExportOptions(format="geojson")))
    assert {row["label"]: row["count"] for row in geojson["legend"]} == HAND_COUNTS
    summed: dict[str, int] = {}
    for feature in geojson["features"]:
        properties = feature["properties"]
        if properties["counted"]:
            summed[properties["category_label"]] = summed.get(properties["category_label"], 0) + 1
    assert summed == HAND_COUNTS
    greenland = next(f for f in geojson["features"] if f["properties"]["iso3"] == "GRL")
    assert (
        greenland["properties"]["follows"] == "DNK" and greenland["properties"]["part_of"] == "DNK"
    )

    table = export_bytes(overseas, gazetteer, ExportOptions(format="csv")).decode()
    rows = list(csv.DictReader(io.StringIO(table)))
    counted = [row["category_label"] for row in rows if row["counted"] == "yes"]
    assert {label: counted.count(label) for label in set(counted)} == {
        "Yes": 3,
        "No": 2,
        "Abstain": 2,
    }
    by_code = {row["iso3"]: row for row in rows}
    assert by_code["REU"]["part_of"] == "FRA" and by_code["REU"]["counted"] == "no"
    assert by_code["ESH"]["counted"] == "no"

    result = subprocess.run(
        [sys.executable, "-m", "desktop", "validate", str(OVERSEAS)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "9 nations (yes 3, no 2, abstain 2)" in result.stdout
    assert "GIB (Gibraltar) has no shape on this map" in result.stderr


# -- pixels of exported images -------------------------------------------------------------------
def test_french_guiana_listed_apart_is_drawn_in_its_own_colour(qapp, overseas):
    apart = png(overseas)
    # The same vote without French Guiana's own entry: it follows France.
    following = copy.deepcopy(overseas)
    following.nations = [n for n in following.nations if n.iso3 != "GUF"]
    with_france = png(following)

    moved = changed_pixels(with_france, apart, YES, NO)
    assert len(moved) > 40
    xs, ys = moved[:, 0], moved[:, 1]
    # Only in north-eastern South America, where French Guiana is on a world map.
    assert xs.min() > 0.30 * 1600 and xs.max() < 0.42 * 1600, (xs.min(), xs.max())
    assert ys.min() > 0.45 * 900 and ys.max() < 0.60 * 900, (ys.min(), ys.max())


def test_greenland_is_drawn_in_denmarks_colour_when_denmark_is_listed(qapp, overseas):
    image = png(overseas)
    without_denmark = copy.deepcopy(overseas)
    without_denmark.nations = [n for n in without_denmark.nations if n.iso3 != "DNK"]
    plain = png(without_denmark)
    coloured = changed_pixels(plain, image, UNLISTED, YES)
    # Greenland is large on a world map: thousands of pixels, in the north of the frame.
    assert len(coloured) > 2000
    assert coloured[:, 1].mean() < 0.30 * 900


def test_the_unlisted_class_is_renamed_recoloured_or_hidden_in_images_and_html(qapp, overseas):
    gazetteer = default_gazetteer()
    image = png(overseas)
    # The dataset's unlisted colour fills the land of unlisted states (Brazil, China...).
    assert (image == rgb(UNLISTED)).sum() > 100_000
    # The image's legend text, drawn by the same composition as the PNG, names the class.
    svg = export_bytes(overseas, gazetteer, ExportOptions(format="svg")).decode()
    texts = [unescape(t) for t in re.findall(r">([^<>]+)</text>", svg)]
    assert "Did not vote" in texts and "No stated position" not in svg
    # Renaming the class changes the PNG's legend and nothing else.
    renamed = copy.deepcopy(overseas)
    renamed.unlisted = Unlisted("Absent from the vote, every one", "#BBBBBB")
    other = png(renamed)
    ys, xs = np.nonzero(image != other)
    assert len(xs) > 50
    assert xs.max() < 0.3 * 1600 and ys.min() > 0.7 * 900  # the legend, bottom left

    page = export_bytes(overseas, gazetteer, ExportOptions(format="html")).decode()
    assert '<span class="atlas-label">Did not vote</span>' in page
    assert '"land": "#BBBBBB"' in page or '"land":"#BBBBBB"' in page

    hidden = copy.deepcopy(overseas)
    hidden.unlisted = Unlisted("Did not vote", "#BBBBBB", legend=False)
    page = export_bytes(hidden, gazetteer, ExportOptions(format="html")).decode()
    assert "Did not vote</span>" not in page and 'class="atlas-none"' not in page
    svg = export_bytes(hidden, gazetteer, ExportOptions(format="svg")).decode()
    texts = [unescape(t) for t in re.findall(r">([^<>]+)</text>", svg)]
    assert "Did not vote" not in texts and "192" not in texts  # no legend row
    # Hidden from the legend, still counted in the data a GIS user gets.
    geojson = json.loads(export_bytes(hidden, gazetteer, ExportOptions(format="geojson")))
    assert {row["label"]: row["count"] for row in geojson["legend"]}["Did not vote"] == 192
