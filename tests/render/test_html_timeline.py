"""The interactive HTML's date slider: per-day data from the map of each day, read in Chromium."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from desktop.geo.styled import styled_map
from desktop.io import default_gazetteer, load_dataset
from desktop.render.export import ExportOptions, export
from desktop.render.htmlmap import html_map
from tests.browser import dump_dom, requires_chromium

NATO = Path(__file__).resolve().parent.parent / "data" / "nato-enlargement.yaml"
JOINED = "#56B4E9"


@pytest.fixture(scope="module")
def nato():
    return load_dataset(str(NATO)).dataset


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="atlas-data">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def counts(dom: str) -> list[int]:
    return [int(n) for n in re.findall(r'<span class="atlas-count">(\d+)</span>', dom)]


def test_every_step_carries_the_categories_and_counts_of_that_days_map(nato):
    gazetteer = default_gazetteer()
    timeline = page_data(html_map(nato, gazetteer=gazetteer))["timeline"]
    # Every dated entry is a step; the page opens on the dataset's date, the last one.
    assert timeline["days"][0] == "1949-04-04" and timeline["days"][-1] == "2024-03-07"
    assert timeline["open"] == len(timeline["days"]) - 1
    codes = timeline["codes"]
    ids = [c.id for c in nato.categories]
    for day, cats, numbers in zip(
        timeline["days"], timeline["cats"], timeline["counts"], strict=True
    ):
        styled = styled_map(nato, gazetteer, dt.date.fromisoformat(day))
        assert numbers == [row.count for row in styled.legend]
        assert cats == [
            ids.index(styled.category_of(code)) if styled.category_of(code) else -1
            for code in codes
        ]


def test_a_dataset_without_dates_or_the_option_off_has_no_slider(nato, write_yaml):
    undated = load_dataset(
        str(
            write_yaml("""
            format: coalition-atlas/1
            title: A vote
            as_of: 2025-03-01
            categories:
              - {id: yes, label: Yes, color: "#0072B2"}
            nations:
              - {iso3: FRA, category: yes}
            """)
        )
    ).dataset
    for page in (html_map(undated), html_map(nato, timeline=False)):
        assert "timeline" not in page_data(page)
        assert 'id="atlas-slider"' not in page


def test_the_slider_costs_little(nato):
    with_slider, without = html_map(nato), html_map(nato, timeline=False)
    assert len(with_slider) <= 1.3 * len(without)


def test_later_contributions_are_in_the_panel_but_hidden_until_their_step(write_yaml):
    dataset = load_dataset(
        str(
            write_yaml("""
            format: coalition-atlas/1
            title: Pledges
            as_of: 2025-03-01
            categories:
              - {id: yes, label: Yes, color: "#0072B2"}
            nations:
              - iso3: FRA
                category: yes
                history: [{date: 2025-01-01, category: yes}]
                contributions:
                  - {kind: troops, text: Early pledge, date: 2025-01-10}
                  - {kind: troops, text: Late pledge, date: 2025-06-01}
            """)
        )
    ).dataset
    page = html_map(dataset)
    panel = page_data(page)["panels"]["FRA"]
    days = page_data(page)["timeline"]["days"]
    assert days == ["2025-01-01", "2025-01-10", "2025-03-01", "2025-06-01"]
    assert re.search(r'<li data-step="1">.*?Early pledge', panel)
    assert re.search(r'<li data-step="3" hidden>.*?Late pledge', panel)


@pytest.mark.slow
@pytest.mark.chromium
@requires_chromium
def test_chromium_opens_the_day_in_the_address_with_its_counts_and_colours(nato, tmp_path):
    gazetteer = default_gazetteer()
    target = export(nato, tmp_path / "nato.html", ExportOptions(format="html"), gazetteer)
    steps = page_data(target.read_text(encoding="utf-8"))["timeline"]["days"]
    for address, day, caption in [
        ("date=1999-03-12", dt.date(1999, 3, 12), "12 Mar 1999"),
        # Between two steps: the day asked for, with the positions of the step before it.
        ("date=2001-06-01", dt.date(2001, 6, 1), "1 Jun 2001"),
        ("date=1990-01-01", dt.date(1990, 1, 1), "1 Jan 1990"),
        (None, dt.date(2024, 3, 7), "7 Mar 2024"),
    ]:
        dom = dump_dom(target, fragment=address)
        expected = [row.count for row in styled_map(nato, gazetteer, day).legend]
        assert counts(dom) == expected, address
        assert f'<strong class="atlas-asof">{caption}</strong>' in dom
        assert f'<span id="atlas-day">{caption}</span>' in dom
        # The table view and the map in words follow the date too.
        position = re.search(r'<tr data-code="POL">.*?<td class="atlas-pos">([^<]*)</td>', dom)
        assert position.group(1) == styled_map(nato, gazetteer, day).label_of(
            styled_map(nato, gazetteer, day).category_of("POL")
        ), address
        assert f'<span class="atlas-table-day">{caption}</span>' in dom
        description = re.search(r'<p id="atlas-description-text">([^<]*)</p>', dom).group(1)
        step_day = max(dt.date.fromisoformat(d) for d in steps if dt.date.fromisoformat(d) <= day)
        assert f"NATO enlargement, as of {styled_map(nato, gazetteer, step_day).day_text}." in dom
        joined = styled_map(nato, gazetteer, day).counts()["joined"]
        assert f"Joined later: {joined}" in description, description
        poland = re.search(r'<path class="c-POL [^>]*fill="(#[0-9A-Fa-f]{6})"', dom)
        assert (poland.group(1).upper() == JOINED) == (day >= dt.date(1999, 3, 12)), address
