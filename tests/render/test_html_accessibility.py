"""The HTML export for readers without a mouse or without sight (WCAG 2.1 AA).

axe-core (npm, installed into .cache/js by ``scripts/test-js-deps.sh``, run by ``make test``)
checks the page in headless Chromium; the keyboard tests press keys in the same browser.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import os
import re
from functools import cache
from pathlib import Path

import pytest

from desktop.geo.describe import map_description
from desktop.geo.styled import styled_map
from desktop.geo.theme import DARK, LIGHT, THEMES
from desktop.io import default_gazetteer, load_dataset
from desktop.render.dataexport import data_bytes
from desktop.render.htmlmap import html_map
from desktop.render.options import ExportOptions
from tests.browser import dump_dom, requires_chromium
from tests.conftest import BUNDLED, REPO, SMALL

AXE = Path(os.environ.get("AXE_CORE_JS", REPO / ".cache/js/node_modules/axe-core/axe.min.js"))

requires_axe = pytest.mark.skipif(
    not AXE.is_file(),
    reason="needs axe-core from npm (scripts/test-js-deps.sh, run by make test; or AXE_CORE_JS)",
)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def dataset(name: str):
    return load_dataset({"bundled": BUNDLED, "small": SMALL}[name]).dataset


@cache
def page(name: str, theme: str) -> str:
    options = ExportOptions(format="html", theme=theme).checked()
    return data_bytes(dataset(name), default_gazetteer(), options).decode("utf-8")


def page_data(text: str) -> dict:
    match = re.search(r'<script type="application/json" id="atlas-data">(.*?)</script>', text, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


def run_in_page(text: str, script: str, tmp_path: Path, *, axe: bool = False) -> str:
    """The DOM after ``script`` ran at the end of the exported page (and axe, if asked)."""
    extra = f"<script>{AXE.read_text(encoding='utf-8')}</script>" if axe else ""
    target = tmp_path / "page.html"
    target.write_text(text.replace("</html>", f"{extra}<script>{script}</script></html>"))
    return dump_dom(target, budget_ms=20000, timeout=180)


def result(dom: str, element_id: str):
    match = re.search(rf'<pre id="{element_id}">(.*?)</pre>', dom, re.S)
    assert match, f"the page script did not finish ({element_id} missing)"
    return json.loads(html.unescape(match.group(1)))


# -- the page as written ------------------------------------------------------------------------
def test_language_and_a_viewport_that_allows_zoom():
    text = page("small", "light")
    assert re.search(r'<html lang="en">', text)
    viewports = re.findall(r'<meta name="viewport" content="([^"]*)"', text)
    assert viewports == ["width=device-width, initial-scale=1"]
    assert "user-scalable" not in text and "maximum-scale" not in text


def test_description_is_shown_under_a_disclosure_and_names_the_map():
    small = dataset("small")
    text = page("small", "light")
    expected = map_description(styled_map(small, default_gazetteer(), None), small.title)
    assert expected.startswith("Map: Small test coalition, as of 1 Dec 2025.")
    assert "Opposing: 3 (" in expected  # the small categories name their members
    details = re.search(r'<details id="atlas-description">(.*?)</details>', text, re.S)
    assert details, "no Map description disclosure"
    assert "<summary>Map description</summary>" in details.group(1)
    assert f'<p id="atlas-description-text">{expected}</p>' in details.group(1)
    assert page_data(text)["description"] == expected


def test_every_country_has_a_spoken_name_and_position():
    data = page_data(page("small", "light"))
    assert data["names"]["FRA"] == "France: Participating"
    assert data["names"]["RUS"] == "Russia: Opposing"
    assert data["names"]["BRA"] == "Brazil: No stated position"
    assert set(data["names"]) == set(data["tips"]) == set(data["points"])


def test_table_view_lists_the_nations_with_their_positions():
    text = page("small", "light")
    assert re.search(
        r'<button id="atlas-to-table"[^>]*aria-expanded="false"[^>]*>Table view<', text
    )
    table = re.search(r'<section id="atlas-table"[^>]*hidden.*?</section>', text, re.S)
    assert table, "no hidden table view"
    rows = re.findall(
        r'<tr data-code="[A-Z]{3}"><th scope="row">(.*?)</th><td class="atlas-pos">(.*?)</td>',
        table.group(0),
    )
    assert len(rows) == len(dataset("small").nations)
    assert ("France", "Participating") in rows
    assert [name for name, _ in rows] == sorted((n for n, _ in rows), key=str.casefold)


def test_dark_theme_reaches_the_page():
    light, dark = page("small", "light"), page("small", "dark")
    assert page_data(dark)["land"] == DARK.land and page_data(light)["land"] == LIGHT.land
    assert f"background:{DARK.background}" in dark and DARK.background not in light
    assert ExportOptions(format="html", theme="dark").ignored() == []


def test_dataset_text_in_names_and_table_is_escaped():
    small = dataset("small")
    nation = small.nations[0]
    hostile = dataclasses.replace(
        small,
        title="<img src=x onerror=alert(1)>",
        nations=[dataclasses.replace(nation, role="<b>role</b>")],
    )
    text = html_map(hostile)
    assert "<img src=x" not in text and "<b>role</b>" not in text
    assert "&lt;b&gt;role&lt;/b&gt;" in text
    assert "Map: &lt;img src=x onerror=alert(1)&gt;" in text


# -- in Chromium --------------------------------------------------------------------------------
AXE_RUN = """
(async function () {
  var out = {};
  var options = {runOnly: {type: "tag", values: __TAGS__}};
  function report(r) {
    return r.violations.map(function (v) {
      return {id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map(function (n) {
        return n.target.join(" ") + ": " + n.failureSummary; })};
    });
  }
  out.closed = report(await axe.run(document, options));
  document.getElementById("atlas-description").open = true;
  var box = document.getElementById("map_atlas");
  box.focus();
  box.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
  out.card = report(await axe.run(document, options));
  document.getElementById("atlas-to-table").click();
  out.table = report(await axe.run(document, options));
  var pre = document.createElement("pre");
  pre.id = "axe-result";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
""".replace("__TAGS__", json.dumps(WCAG_TAGS))


@pytest.mark.chromium
@requires_chromium
@requires_axe
@pytest.mark.parametrize("theme", sorted(THEMES))
@pytest.mark.parametrize("name", ["bundled", "small"])
def test_axe_finds_no_wcag_violation(name, theme, tmp_path):
    dom = run_in_page(page(name, theme), AXE_RUN, tmp_path, axe=True)
    found = result(dom, "axe-result")
    assert found == {"closed": [], "card": [], "table": []}


KEYS = """
(function () {
  var box = document.getElementById("map_atlas");
  var panel = document.getElementById("atlas-panel");
  function press(key, target) {
    (target || document.activeElement).dispatchEvent(
      new KeyboardEvent("keydown", {key: key, bubbles: true, cancelable: true}));
  }
  function state() {
    var id = box.getAttribute("aria-activedescendant");
    var el = id && document.getElementById(id);
    return {id: id, name: el ? el.getAttribute("aria-label") : null,
            focused: document.activeElement === box,
            rings: document.querySelectorAll(".atlas-focus-ring").length,
            card: panel.hidden ? null : document.getElementById("atlas-panel-body").textContent};
  }
  var log = {tabbable: Array.prototype.filter.call(
      box.querySelectorAll("[tabindex]"), function (e) { return e.tabIndex >= 0; }).length,
    boxTab: box.tabIndex, role: box.getAttribute("role"), label: box.getAttribute("aria-label")};
  box.focus();
  log.start = state();
  var seen = [];
  ["ArrowLeft", "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].forEach(function (k) {
    press(k); seen.push(state());
  });
  log.moves = seen;
  press("Enter");
  log.entered = state();
  log.panelFocused = document.activeElement === panel;
  press("Escape");
  log.escaped = state();
  var pre = document.createElement("pre");
  pre.id = "keys";
  pre.textContent = JSON.stringify(log);
  document.body.appendChild(pre);
})();
"""


@pytest.mark.chromium
@requires_chromium
def test_keyboard_moves_between_countries_and_opens_the_card(tmp_path):
    text = page("small", "light")
    data = page_data(text)
    log = result(run_in_page(text, KEYS, tmp_path), "keys")
    # One Tab stop: the map; countries are reached with the arrows, not with Tab.
    assert log["boxTab"] == 0 and log["tabbable"] == 0
    assert log["role"] == "application" and log["label"] == data["description"]
    start = log["start"]
    assert start["focused"] and start["rings"] == 2
    assert start["name"] == data["names"][start["id"][-3:]]
    ids = [start["id"]] + [move["id"] for move in log["moves"]]
    assert all(move["rings"] == 2 and move["name"] for move in log["moves"])
    assert len(set(ids)) >= 3, ids  # the arrows moved the focus
    assert ids[2] != ids[1]
    entered = log["entered"]
    code = entered["id"][-3:]
    assert entered["card"] and data["names"][code].split(":")[0] in entered["card"]
    assert log["panelFocused"]
    assert log["escaped"]["card"] is None and log["escaped"]["focused"]


ARROWS_FROM = """
(function () {
  var box = document.getElementById("map_atlas");
  var out = {};
  box.focus();
  __PAIRS__.forEach(function (pair) {
    var from = pair[0], key = pair[1];
    var el = document.getElementById("atlas-m-" + from) || document.getElementById("atlas-c-" + from);
    var r = el.getBoundingClientRect();
    el.dispatchEvent(new MouseEvent("click", {bubbles: true,
      clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}));
    box.dispatchEvent(new KeyboardEvent("keydown", {key: key, bubbles: true, cancelable: true}));
    out[from + " " + key] = box.getAttribute("aria-activedescendant");
  });
  var pre = document.createElement("pre");
  pre.id = "arrows";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
"""


@pytest.mark.chromium
@requires_chromium
def test_arrows_go_to_the_nearest_country_that_way_markers_included(tmp_path):
    expected = {
        ("USA", "ArrowUp"): "atlas-c-CAN",
        ("USA", "ArrowDown"): "atlas-c-MEX",
        ("FRA", "ArrowUp"): "atlas-c-BEL",
        ("FRA", "ArrowRight"): "atlas-c-CHE",
        # Not Andorra: an unlisted microstate has no marker at this zoom, so it is no step.
        ("FRA", "ArrowDown"): "atlas-c-ESP",
        ("BEL", "ArrowUp"): "atlas-c-NLD",
        ("BEL", "ArrowRight"): "atlas-c-DEU",
        # Small states are reached through their markers while those are shown.
        ("BEL", "ArrowDown"): "atlas-m-LUX",
        ("TUN", "ArrowRight"): "atlas-m-MLT",
    }
    pairs = [list(pair) for pair in expected]
    text = page("small", "light")
    out = result(
        run_in_page(text, ARROWS_FROM.replace("__PAIRS__", json.dumps(pairs)), tmp_path), "arrows"
    )
    assert {tuple(key.split()): value for key, value in out.items()} == expected


@pytest.mark.chromium
@requires_chromium
@requires_axe
def test_axe_harness_sees_what_the_export_used_to_get_wrong(tmp_path, monkeypatch):
    # Zero violations above mean something only if the harness reports them: folium's head
    # as it was (no language, zoom blocked) must be caught.
    from desktop.render import htmlmap

    monkeypatch.setattr(htmlmap, "_accessible_head", lambda text, lang="en": text)
    text = html_map(dataset("small"))
    found = result(run_in_page(text, AXE_RUN, tmp_path, axe=True), "axe-result")
    assert {v["id"] for v in found["closed"]} == {"html-has-lang", "meta-viewport"}


SLIDE_TO_FIRST = """
(function () {
  var slider = document.getElementById("atlas-slider");
  slider.value = 0;
  slider.dispatchEvent(new Event("input", {bubbles: true}));
  var row = document.querySelector('#atlas-table tr[data-code="DEU"] .atlas-pos');
  var pre = document.createElement("pre");
  pre.id = "slid";
  pre.textContent = JSON.stringify({
    label: document.getElementById("map_atlas").getAttribute("aria-label"),
    shown: document.getElementById("atlas-description-text").textContent,
    germany: row.textContent,
    caption: document.querySelector("#atlas-table caption").textContent});
  document.body.appendChild(pre);
})();
"""


@pytest.mark.chromium
@requires_chromium
def test_the_date_slider_keeps_the_description_and_the_table_in_step(tmp_path):
    nato = load_dataset(REPO / "tests/data/nato-enlargement.yaml").dataset
    text = html_map(nato)
    first = page_data(text)["timeline"]["descriptions"][0]
    assert first.startswith("Map: NATO enlargement, as of 4 Apr 1949. Founding member: 12")
    assert first == map_description(
        styled_map(nato, default_gazetteer(), dt.date(1949, 4, 4)), nato.title
    )
    # Germany joined in 1955: on the page as exported (2024) it has joined.
    assert re.search(r'<tr data-code="DEU">.*?<td class="atlas-pos">Joined later</td>', text)
    out = result(run_in_page(text, SLIDE_TO_FIRST, tmp_path), "slid")
    assert out["label"] == out["shown"] == first
    assert out["germany"] == "No stated position"  # no entry before 1955
    assert out["caption"] == "Listed nations, positions as of 4 Apr 1949"
