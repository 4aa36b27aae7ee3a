"""The interactive HTML export: one self-contained page with a Leaflet map, built with folium.

The page must open anywhere, offline, years later, and be safe to pass around:

- Leaflet's JS and CSS are inlined from the installed ``django-js-lib-leaflet`` package;
  folium's CDN defaults (jQuery, Bootstrap, awesome-markers...) are switched off, so nothing
  is fetched unless the caller asks for a tile basemap.
- Every text from the dataset is HTML-escaped here, in Python, before it reaches the page;
  the script only ever inserts those prepared fragments, and the data block escapes ``<``,
  ``>`` and ``&`` so no text can close its ``<script>`` element.
- Boundaries come simplified as a coverage (neighbours keep one shared border, so no
  slivers open between them), quantised to 0.01 degree and delta-encoded by the geodata
  build: the page is about a third the size of ``GeoDataFrame.explore()`` for the same
  data, Leaflet included, and exporting it needs neither Qt nor pyproj.
- Element ids are fixed, so the same input gives the same bytes (exports can live in git).
- It is usable without a mouse or sight (WCAG 2.1 AA): the map is one Tab stop whose
  accessible name is the map in words (``geo.describe``); the arrow keys move to the nearest
  country in that direction, Enter opens its card and Esc closes it; the description and the
  nations table are also on the page, and the page can be zoomed.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from desktop.geo.describe import map_description
from desktop.geo.language import Words, day_text, is_rtl, words
from desktop.geo.projection import EUROPE
from desktop.geo.styled import StyledMap, styled_map
from desktop.geo.theme import LIGHT, Theme
from desktop.io.gazetteer import boundary_index, default_gazetteer
from desktop.model.asof import DateLike, contributions_on, visible_on
from desktop.model.countries import Gazetteer
from desktop.model.dataset import CONTRIBUTION_KIND_LABELS, Dataset, Nation, Source
from desktop.model.validate import is_web_url
from desktop.paths import geodata_path
from desktop.render.folium_import import Element, MacroElement, folium
from desktop.render.webfonts import web_fonts

OUTLINES_FILE = "countries-html.json"
"""Outlines simplified as a coverage (0.1 degree: about two pixels at zoom 5, Europe-wide)
and written in 1/100 degree steps (about 1 km: half a pixel at MAX_ZOOM) by the geodata
build; they keep the page at under a third of what ``explore()`` writes."""

MAX_ZOOM = 6
"""Beyond this the simplified boundaries would look coarse."""

MARKER_BELOW_PX = 12.0
"""A listed country whose largest part is smaller than this on screen is hard to see or hit
with a pointer: it gets a circle marker until the zoom makes it bigger (Cyprus at the world
view of a 1600-pixel-wide window is about 9 px across)."""

WORLD_BOUNDS = ((-50.0, -180.0), (76.0, 180.0))
"""The initial framing, (south, west), (north, east): the inhabited world; the polar
fringes are cut so a 16:9 screen shows the world a step larger."""


PAGE_LANGUAGE = "en"
"""The language of the page's own words (``<html lang>``): screen readers pick their voice
by it."""

VIEWPORT = "width=device-width, initial-scale=1"
"""Unlike folium's default, it lets the reader zoom the page (WCAG 1.4.4)."""

LINKS = {"light": "#0b5cad", "dark": "#8cc4ff"}
"""Link colours with a contrast of at least 4.5:1 on each theme's card."""

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")

_LEAFLET_PACKAGE = "js_lib_leaflet"


# -- boundaries, prepared once per process ----------------------------------------------------
@dataclass(frozen=True)
class _World:
    """Every country the page can show (all but Antarctica), ready to write."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    shapes: tuple[list, ...]
    """Per country: polygons, each a list of rings, each a flat list of integer deltas
    ``[x0, y0, dx1, dy1, ...]`` in 1/quantum degrees; empty when there is no outline (VAT)."""
    labels: tuple[tuple[float, float], ...]
    """(lat, lon) where a small-state marker goes."""
    hide_zoom: tuple[float, ...]
    """Zoom from which the country's largest part is MARKER_BELOW_PX wide or more."""
    quantum: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "_positions", {code: i for i, code in enumerate(self.codes)})

    def index(self, code: str) -> int:
        """Position of a code; -1 when the page cannot show it."""
        return self._positions.get(code, -1)


def _mercator_y(lat: float) -> float:
    lat = math.radians(min(max(lat, -85.0511), 85.0511))
    return math.log(math.tan(math.pi / 4 + lat / 2))


def _hide_zoom(main_box: Sequence[float] | None) -> float:
    """Zoom at which the largest part reaches MARKER_BELOW_PX in Web Mercator (99: never)."""
    if main_box is None:
        return 99.0
    # Kiribati's islands span a third of the Pacific, yet each is a speck: size by the largest.
    west, south, east, north = main_box
    width = (east - west) * 256 / 360
    height = (_mercator_y(north) - _mercator_y(south)) * 256 / (2 * math.pi)
    size = max(width, height)
    return round(math.log2(MARKER_BELOW_PX / size), 2) if size > 0 else 99.0


@cache
def _world() -> _World:
    """The page's outlines, simplified and encoded ahead of time by the geodata build
    (``countries-html.json``), with names and label points from the boundary index: no
    geometry is simplified or encoded here."""
    with open(geodata_path(OUTLINES_FILE), encoding="utf-8") as handle:
        outlines = json.load(handle)
    index = {row["iso3"]: row for row in boundary_index()}
    rows = outlines["countries"]
    return _World(
        codes=tuple(row["iso3"] for row in rows),
        names=tuple(index[row["iso3"]]["name"] for row in rows),
        shapes=tuple(row["shape"] for row in rows),
        labels=tuple(
            (round(index[row["iso3"]]["label"][1], 3), round(index[row["iso3"]]["label"][0], 3))
            for row in rows
        ),
        hide_zoom=tuple(_hide_zoom(row["main_bbox"]) for row in rows),
        quantum=int(outlines["quantum"]),
    )


@cache
def _leaflet() -> tuple[str, str]:
    """Leaflet's JS and CSS from the installed package (never copied into the repository)."""
    # One segment at a time: joinpath with several arguments fails on Python 3.11 for a
    # package collected as data only (the frozen app).
    folder = resources.files(_LEAFLET_PACKAGE) / "static" / _LEAFLET_PACKAGE
    js = folder.joinpath("leaflet.js").read_text(encoding="utf-8")
    css = folder.joinpath("leaflet.css").read_text(encoding="utf-8")
    # The source map is not shipped in the page; a dangling reference would only make
    # developer tools look for a file beside the export.
    js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
    if re.search(r"</script|<!--", js, re.IGNORECASE) or re.search(r"</style", css, re.IGNORECASE):
        raise RuntimeError("the installed Leaflet cannot be inlined in a page safely")
    return js, css


# -- text ---------------------------------------------------------------------------------------
def _e(text: object) -> str:
    """Escape for HTML text and attribute values."""
    return html.escape(str(text), quote=True)


def _color(value: str | None, fallback: str) -> str:
    return value if value and _COLOR.match(value) else fallback


def _script_json(value: object) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, no ``<!--``."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _swatch(color: str) -> str:
    return f'<i class="atlas-swatch" style="background:{_e(color)}"></i>'


def _source_item(source: Source, say: Words | None = None) -> str:
    """One entry of a source list: a link only for http(s) URLs, opened in a new tab; its
    date and the words the app adds in ``say``'s language (default English)."""
    say = say or words()
    if is_web_url(source.url):
        title = _e(source.display_title())
        title = f'<a href="{_e(source.url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
        details = [source.display_publisher()]
    else:
        # The loader refuses such URLs; a dataset built in code may not have been checked.
        # Its "host" would be the whole URL, so it is not shown even as text.
        title = _e(source.title or say.gettext("Source without a web address"))
        details = [source.publisher] if source.publisher else []
    if source.date is not None:
        details.append(day_text(source.date, say.lang))
    if not details:
        return f"<li>{title}</li>"
    return f'<li>{title}<span class="atlas-muted"> — {_e(" · ".join(details))}</span></li>'


def _nation_panel(
    dataset: Dataset,
    nation: Nation,
    name: str,
    label: str,
    color: str,
    day: DateLike,
    steps: Sequence[_dt.date] = (),
    say: Words | None = None,
) -> str:
    """The click panel of a listed nation: every dataset text escaped, the app's words in
    ``say``'s language (default English).

    With the timeline's ``steps`` (days, in order) the panel holds every contribution known
    by the last step, each dated one marked with the first step that shows it
    (``data-step``) and hidden while ``day`` comes before it."""
    say = say or words()
    out = [
        f"<h2>{_e(name)}</h2>",
        f'<p class="atlas-cat">{_swatch(color)}{_e(label)}</p>',
    ]
    if nation.role:
        role = say.gettext("Role")
        out.append(f'<p><span class="atlas-key">{_e(role)}</span> {_e(nation.role)}</p>')
    if nation.summary:
        out.append(f"<p>{_e(nation.summary)}</p>")
    if nation.confidence:
        confidence = say.gettext(nation.confidence)
        confidence = say.gettext("Confidence: {level}", level=confidence)
        out.append(f'<p class="atlas-muted">{_e(confidence)}</p>')

    order: list[str] = []

    def cite(ids: list[str]) -> list[int]:
        numbers = []
        for source_id in ids:
            if source_id not in dataset.sources:
                continue
            if source_id not in order:
                order.append(source_id)
            numbers.append(order.index(source_id) + 1)
        return numbers

    cite(nation.sources)
    contributions = contributions_on(nation, steps[-1] if steps else day)
    if contributions:
        heading = say.gettext("Contributions")
        out.append(f'<h3>{_e(heading)}</h3><ul class="atlas-contribs">')
        for contribution in contributions:
            kind = say.gettext(CONTRIBUTION_KIND_LABELS.get(contribution.kind, contribution.kind))
            head = f'<span class="atlas-kind">{_e(kind)}</span>'
            if contribution.date is not None:
                when = day_text(contribution.date, say.lang)
                head += f' <span class="atlas-muted">{_e(when)}</span>'
            text = _e(contribution.text)
            refs = cite(contribution.sources)
            if refs:
                text += f' <sup class="atlas-muted">[{", ".join(map(str, refs))}]</sup>'
            extra = ""
            if contribution.note:
                extra = f'<div class="atlas-muted">{_e(contribution.note)}</div>'
            mark = ""
            if steps and contribution.date is not None:
                first = next(i for i, d in enumerate(steps) if visible_on(contribution.date, d))
                mark = f' data-step="{first}"' + (
                    "" if visible_on(contribution.date, day) else " hidden"
                )
            out.append(f"<li{mark}>{head}<div>{text}</div>{extra}</li>")
        out.append("</ul>")
    if order:
        heading = say.gettext("Sources")
        out.append(f'<h3>{_e(heading)}</h3><ol class="atlas-sources">')
        out.extend(_source_item(dataset.sources[source_id], say) for source_id in order)
        out.append("</ol>")
    return "".join(out)


# -- page ----------------------------------------------------------------------------------------
_STYLE = """
html,body{font:14px/1.45 @bodyfonts@;color:@text@;background:@background@}
#map_atlas{position:absolute;top:0;left:0;right:0;bottom:30px;width:auto;height:auto}
#map_atlas:focus{outline:none}
#map_atlas:focus-visible{outline:3px solid @focus@;outline-offset:-3px}
.leaflet-container{background:@ocean@;font:inherit}
.atlas-card{position:absolute;z-index:1000;color:@text@;background:@card@;border-radius:6px;box-shadow:0 1px 5px rgba(0,0,0,.25);padding:10px 14px;box-sizing:border-box}
#atlas-title{top:12px;left:12px;max-width:min(460px,calc(100% - 24px));max-height:calc(100% - 220px);overflow:auto}
#atlas-title h1{font-size:20px;line-height:1.25;margin:0}
#atlas-title p{margin:2px 0 0}
.atlas-muted{color:@muted@}
.atlas-hint{font-size:12px}
#atlas-description{margin:6px 0 0}
#atlas-description summary{cursor:pointer;font-weight:600}
#atlas-description p{margin:4px 0 0;max-width:44em}
.atlas-button{font:inherit;font-weight:600;color:@text@;background:@background@;border:1px solid @muted@;border-radius:4px;padding:3px 10px;margin:8px 0 0;cursor:pointer}
.atlas-button:focus-visible,#atlas-close:focus-visible,#atlas-description summary:focus-visible,#atlas-panel:focus-visible,#atlas-table:focus-visible{outline:3px solid @focus@;outline-offset:1px}
#atlas-legend{left:12px;bottom:44px;min-width:200px;max-width:min(360px,calc(100% - 24px))}
#atlas-legend h2{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:@muted@;margin:0 0 6px}
#atlas-legend ul{list-style:none;margin:0;padding:0}
#atlas-legend li{display:flex;align-items:center;gap:8px;margin:3px 0}
#atlas-legend .atlas-count{margin-left:auto;padding-left:16px;font-variant-numeric:tabular-nums;font-weight:600}
.atlas-swatch{display:inline-block;flex:none;width:14px;height:14px;border-radius:3px;border:1px solid @rule@;vertical-align:-2px;margin-right:6px}
#atlas-legend .atlas-swatch{margin-right:0}
#atlas-credits{position:absolute;left:0;right:0;bottom:0;height:30px;line-height:30px;padding:0 12px;font-size:12px;color:@muted@;background:@background@;border-top:1px solid @rule@;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#atlas-panel{top:12px;right:12px;width:380px;max-width:calc(100% - 24px);max-height:calc(100% - 130px);overflow:auto;padding:12px 16px 14px}
#atlas-panel[hidden],#atlas-table[hidden]{display:none}
#atlas-close{position:sticky;top:0;float:right;border:0;background:none;font-size:22px;line-height:1;cursor:pointer;color:@muted@;padding:0 0 0 8px}
#atlas-panel h2{font-size:19px;margin:0 0 4px}
#atlas-panel h3{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:@muted@;margin:14px 0 4px}
#atlas-panel p{margin:6px 0}
#atlas-panel ul,#atlas-panel ol{margin:0;padding-left:20px}
#atlas-panel li{margin:5px 0}
.atlas-contribs{list-style:none;padding-left:0!important}
.atlas-kind{font-weight:600}
.atlas-key{font-weight:600;margin-right:4px}
.atlas-cat{font-weight:600}
.atlas-sources{font-size:13px}
.atlas-card a{color:@link@}
.atlas-unlisted b{display:block;font-size:19px;margin-bottom:4px}
#atlas-table{z-index:1100;top:0;left:0;right:0;bottom:30px;border-radius:0;overflow:auto;padding:16px 20px;background:@background@}
#atlas-table h2{font-size:19px;margin:0 0 8px}
#atlas-table table{border-collapse:collapse;margin-top:10px}
#atlas-table caption{text-align:left;color:@muted@;padding-bottom:4px}
#atlas-table th,#atlas-table td{text-align:left;vertical-align:top;padding:4px 16px 4px 0;border-bottom:1px solid @rule@}
#atlas-timeline{left:50%;transform:translateX(-50%);bottom:44px;display:flex;align-items:center;gap:10px;width:min(480px,calc(100% - 560px));min-width:260px;padding:8px 12px}
#atlas-slider{flex:1;min-width:60px;margin:0}
#atlas-play{flex:none;width:32px;height:28px;border:1px solid @rule@;border-radius:4px;background:@background@;cursor:pointer;font-size:13px;color:@text@}
#atlas-day{flex:none;min-width:7em;font-weight:600;white-space:nowrap;font-variant-numeric:tabular-nums}
.leaflet-tooltip{font:13px/1.35 @tipfonts@}
"""


BODY_FONTS = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial'
"""The page's text: the reader's own interface font first."""
TOOLTIP_FONTS = 'system-ui,-apple-system,"Segoe UI",Roboto,Arial'


def _font_list(own: str, embedded: Sequence[str]) -> str:
    """A CSS font list: the page's embedded fonts (each limited to the non-Latin characters
    it carries), the reader's own fonts, then the generic family."""
    return ",".join([*(f'"{family}"' for family in embedded), own, "sans-serif"])


def _style(theme: Theme, embedded: Sequence[str] = ()) -> str:
    """The page's CSS in the map's theme: card text keeps 4.5:1 on the card in both.
    ``embedded`` names the families of the fonts the page carries (``webfonts``)."""
    red, green, blue = (int(theme.background[i : i + 2], 16) for i in (1, 3, 5))
    values = {
        "text": theme.text,
        "ocean": theme.ocean,
        "muted": theme.muted,
        "background": theme.background,
        "card": f"rgba({red},{green},{blue},.95)",
        "rule": "rgba(0,0,0,.25)" if theme.key == "light" else "rgba(255,255,255,.3)",
        "link": LINKS.get(theme.key, LINKS["light"]),
        "focus": theme.selection,
        "bodyfonts": _font_list(BODY_FONTS, embedded),
        "tipfonts": _font_list(TOOLTIP_FONTS, embedded),
    }
    style = _STYLE
    for key, value in values.items():
        style = style.replace(f"@{key}@", value)
    return style


class _Raw(Element):
    """Text that goes into the page exactly as given.

    branca compiles what a ``MacroElement`` renders as a new Jinja template, so dataset text
    passed that way would be evaluated (``{{ ... }}`` runs at export time) and Leaflet's
    150 KB would be parsed again on every export. Our blocks bypass that.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Raw"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _Atlas(MacroElement):
    """Inline Leaflet, the page furniture (title, legend, credits, panel) and the layer script.

    ``furniture`` arrives escaped; ``data`` is JSON already made safe for ``<script>``.
    Added as the map's child, it renders after the map, so its script finds the map.
    """

    def __init__(self, furniture: str, data: str, map_name: str, style: str) -> None:
        super().__init__()
        self._name = "Atlas"
        self.furniture = furniture
        self.style = style
        self.data = data
        self.js = _SCRIPT.replace("__MAP__", map_name)

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        leaflet_js, leaflet_css = _leaflet()
        style = self.style
        head = (
            f"<style>{leaflet_css}</style>\n<script>{leaflet_js}</script>\n<style>{style}</style>"
        )
        body = (
            f"{self.furniture}\n"
            f'<script type="application/json" id="atlas-data">{self.data}</script>'
        )
        figure.header.add_child(_Raw(head), name="atlas_head")
        figure.html.add_child(_Raw(body), name="atlas_body")
        figure.script.add_child(_Raw(self.js), name="atlas_script")


# Kept small and plain on purpose: it inserts only fragments Python escaped.
_SCRIPT = """
(function () {
  var map = __MAP__;
  var D = JSON.parse(document.getElementById("atlas-data").textContent);
  var panel = document.getElementById("atlas-panel");
  var body = document.getElementById("atlas-panel-body");
  var box = map.getContainer();
  var selected = null, markers = [], shapes = {}, dots = {}, active = null, ring = [];
  var T = D.timeline, at = -1, openCode = null;
  function fill(c) { return c < 0 ? D.land : D.colors[c]; }
  function base(c) {
    return {color: D.border, weight: 0.6, opacity: 1, fillColor: fill(c),
            fillOpacity: c < 0 ? D.landOpacity : D.fillOpacity};
  }
  // A map centred across 180° draws each island group on the side of its centre.
  function wrap(lng) {
    return Math.round((D.lon0 - lng) / 360) * 360;
  }
  function rings(polygon) {
    var shift = null;
    return polygon.map(function (r) {
      var x = 0, y = 0, out = [];
      for (var i = 0; i < r.length; i += 2) {
        x += r[i]; y += r[i + 1]; out.push([y / D.q, x / D.q]);
      }
      if (shift === null) { shift = wrap(out[0][1]); }
      if (shift) { out.forEach(function (p) { p[1] += shift; }); }
      return out;
    });
  }
  function deselect() {
    if (selected) { selected.setStyle(selected.atlasStyle); selected = null; }
  }
  function open(code, layer) {
    deselect();
    body.innerHTML = D.panels[code] ||
      '<div class="atlas-unlisted">' + D.tips[code] + "</div>" + D.unlisted;
    openCode = code;
    if (T) { panelStep(); }
    panel.hidden = false;
    panel.scrollTop = 0;
    if (layer.setStyle && !layer.atlasMarker) {
      selected = layer;
      layer.setStyle({color: D.selection, weight: 2.2});
      layer.bringToFront();
    }
  }
  // Each country is named for assistive technology ("France: Participating"); the map
  // itself is the one Tab stop and points at the country in focus (aria-activedescendant).
  function name(layer, code, id) {
    var element = layer.getElement();
    if (!element) { return; }
    element.id = id;
    element.setAttribute("role", "img");
    element.setAttribute("aria-label", D.names[code]);
  }
  function wire(layer, code) {
    layer.bindTooltip(D.tips[code], {sticky: true, direction: "top", offset: [0, -6]});
    layer.on("click", function () { focusOn(code, false); open(code, layer); });
    layer.on("mouseover", function () {
      if (layer !== selected) { layer.setStyle({weight: layer.atlasMarker ? 2.5 : 1.6}); }
    });
    layer.on("mouseout", function () {
      if (layer !== selected) { layer.setStyle(layer.atlasStyle); }
    });
  }
  map.setMinZoom(1);
  map.setMaxZoom(D.maxZoom);
  map.fitBounds(D.view, {animate: false});
  map.createPane("atlasFocus").style.zIndex = 650;
  map.getPane("atlasFocus").style.pointerEvents = "none";
  D.countries.forEach(function (c) {
    var layer = L.polygon(c[2].map(rings), base(c[1]));
    layer.options.className = "c-" + c[0];
    layer.atlasStyle = base(c[1]);
    wire(layer, c[0]);
    layer.addTo(map);
    name(layer, c[0], "atlas-c-" + c[0]);
    shapes[c[0]] = layer;
  });
  D.markers.forEach(function (m) {
    var style = {radius: 5, color: D.border, weight: 1.5, opacity: 1,
                 fillColor: fill(m[3]), fillOpacity: 1, className: "atlas-marker m-" + m[0]};
    var marker = L.circleMarker([m[1], m[2] + wrap(m[2])], style);
    marker.atlasStyle = {weight: 1.5};
    marker.atlasMarker = true;
    marker.atlasHide = m[4];
    marker.atlasCode = m[0];
    wire(marker, m[0]);
    markers.push(marker);
    dots[m[0]] = marker;
  });
  // The element that stands for a country now: its marker while shown, else its outline.
  function shown(code) {
    var dot = dots[code];
    return dot && map.hasLayer(dot) ? dot : shapes[code];
  }
  function where(code) {
    var p = D.points[code];
    return L.latLng(p[0], p[1] + wrap(p[1]));
  }
  function drawRing() {
    ring.forEach(function (layer) { layer.remove(); });
    ring = [];
    if (active === null || document.activeElement !== box) { return; }
    var layer = shown(active);
    [[D.focusHalo, 7], [D.focus, 3.5]].forEach(function (s) {
      var style = {pane: "atlasFocus", interactive: false, fill: false, color: s[0],
                   weight: s[1], opacity: 1, className: "atlas-focus-ring"};
      ring.push(layer.atlasMarker
        ? L.circleMarker(layer.getLatLng(), L.extend(style, {radius: 9})).addTo(map)
        : L.polygon(layer.getLatLngs(), style).addTo(map));
    });
  }
  function focusOn(code, reveal) {
    active = code;
    var layer = shown(code);
    if (reveal && !map.getBounds().contains(where(code))) {
      map.panTo(where(code), {animate: false});
    }
    if (layer && layer.getElement()) {
      box.setAttribute("aria-activedescendant", layer.getElement().id);
    }
    drawRing();
  }
  // A marker stands in for a country only while the country is too small to see or click.
  function showMarkers() {
    var zoom = map.getZoom();
    markers.forEach(function (m) {
      if (zoom < m.atlasHide) {
        m.addTo(map);
        name(m, m.atlasCode, "atlas-m-" + m.atlasCode);
      } else { m.remove(); }
    });
    if (active !== null) { focusOn(active, false); }
  }
  map.on("zoomend", showMarkers);
  showMarkers();
  // A country too small to see (an unlisted microstate, which gets no marker) is skipped.
  function visible(code) {
    return !(code in D.small) || map.getZoom() >= D.small[code];
  }
  // The nearest country whose label point lies within 45 degrees of the arrow's direction
  // (failing that, within 72 degrees), on screen; a point off the arrow's line counts as
  // further away, so the arrow goes "straight" rather than to a closer neighbour aside.
  function step(dx, dy) {
    var from = map.latLngToContainerPoint(where(active));
    var best = null, bestScore = Infinity;
    [1, 3].some(function (spread) {
      Object.keys(D.points).forEach(function (code) {
        if (code === active || !visible(code)) { return; }
        var p = map.latLngToContainerPoint(where(code));
        var along = (p.x - from.x) * dx + (p.y - from.y) * dy;
        var across = Math.abs((p.x - from.x) * dy - (p.y - from.y) * dx);
        if (along <= 0 || across > along * spread) { return; }
        var score = Math.sqrt(along * along + across * across) + across;
        if (score < bestScore) { bestScore = score; best = code; }
      });
      return best !== null;
    });
    return best;
  }
  // Where the keyboard starts: the listed nation nearest the middle of the view.
  function central() {
    var middle = map.getSize().divideBy(2), best = null, bestDistance = Infinity;
    Object.keys(D.points).forEach(function (code) {
      var d = map.latLngToContainerPoint(where(code)).distanceTo(middle);
      if (D.panels[code] && d < bestDistance) { bestDistance = d; best = code; }
    });
    return best === null ? Object.keys(D.points)[0] : best;
  }
  var ARROWS = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1]};
  box.setAttribute("role", "application");
  box.setAttribute("aria-roledescription", "map");
  box.setAttribute("aria-label", D.description);
  box.tabIndex = 0;
  box.addEventListener("focus", function () {
    if (active === null) { focusOn(central(), false); } else { drawRing(); }
  });
  box.addEventListener("blur", drawRing);
  box.addEventListener("keydown", function (e) {
    if (e.target !== box || e.altKey || e.ctrlKey || e.metaKey) { return; }
    var arrow = ARROWS[e.key];
    if (arrow) {
      var next = active === null ? central() : step(arrow[0], arrow[1]);
      if (next !== null) { focusOn(next, true); }
      // The arrows move between countries here, not the map (Leaflet would pan it).
      e.preventDefault();
      e.stopPropagation();
    } else if (e.key === "Enter" && active !== null) {
      open(active, shown(active));
      panel.focus();
      e.preventDefault();
    }
  });
  function close() {
    var inside = panel.contains(document.activeElement);
    panel.hidden = true;
    openCode = null;
    deselect();
    if (inside) { box.focus(); }
  }
  document.getElementById("atlas-close").addEventListener("click", close);
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") { return; }
    if (!table.hidden) { tableView(false); } else if (!panel.hidden) { close(); }
  });
  var table = document.getElementById("atlas-table");
  var toTable = document.getElementById("atlas-to-table");
  function tableView(on) {
    table.hidden = !on;
    toTable.setAttribute("aria-expanded", on ? "true" : "false");
    (on ? table : toTable).focus();
  }
  toTable.addEventListener("click", function () { tableView(table.hidden); });
  document.getElementById("atlas-to-map").addEventListener("click", function () {
    tableView(false);
  });
  // The date slider: each step's categories and counts come from the exported map of
  // that day (T.cats, T.counts); the page only shows them.
  function panelStep() {
    var k = T.codes.indexOf(openCode);
    if (k < 0) { return; }
    var c = T.cats[at][k], line = body.querySelector(".atlas-cat");
    if (line) {
      line.innerHTML = '<i class="atlas-swatch" style="background:' + fill(c) + '"></i>' +
        (c < 0 ? T.none : T.labels[c]);
    }
    body.querySelectorAll("[data-step]").forEach(function (item) {
      item.hidden = +item.getAttribute("data-step") > at;
    });
  }
  if (T) {
    var slider = document.getElementById("atlas-slider");
    var play = document.getElementById("atlas-play");
    var shownDay = document.getElementById("atlas-day");
    var asOf = document.querySelector(".atlas-asof");
    var counts = document.querySelectorAll("#atlas-legend .atlas-count");
    var rows = Array.prototype.slice.call(document.querySelectorAll("#atlas-table tr[data-code]"))
      .filter(function (row) { return T.codes.indexOf(row.getAttribute("data-code")) >= 0; });
    var described = document.getElementById("atlas-description-text");
    var credit = document.getElementById("atlas-credits");
    var tableDay = document.querySelector(".atlas-table-day");
    var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                  "Nov", "Dec"];
    var timer = null;
    var show = function (i, words) {
      at = i;
      T.codes.forEach(function (code, k) {
        var c = T.cats[i][k], layer = shapes[code], marker = dots[code];
        var tip = T.names[code] + "<br>" + (c < 0 ? T.none : T.labels[c]);
        var spoken = T.spoken[k] + ": " + (c < 0 ? T.noneWords : T.words[c]);
        if (layer) {
          layer.atlasStyle = base(c);
          layer.setStyle(layer.atlasStyle);
          if (layer === selected) { layer.setStyle({color: D.selection, weight: 2.2}); }
          layer.setTooltipContent(tip);
        }
        if (marker) { marker.setStyle({fillColor: fill(c)}); marker.setTooltipContent(tip); }
        [layer, marker].forEach(function (l) {
          if (l && l.getElement()) { l.getElement().setAttribute("aria-label", spoken); }
        });
        D.names[code] = spoken;
      });
      T.counts[i].forEach(function (n, k) { counts[k].textContent = n; });
      rows.forEach(function (row) {
        var c = T.cats[i][T.codes.indexOf(row.getAttribute("data-code"))];
        row.querySelector(".atlas-pos").textContent = c < 0 ? T.noneWords : T.words[c];
      });
      described.textContent = T.descriptions[i];
      credit.textContent = T.credits[i];
      credit.title = T.credits[i];
      box.setAttribute("aria-label", T.descriptions[i]);
      words = words || T.captions[i];
      tableDay.textContent = words;
      asOf.textContent = words;
      shownDay.textContent = words;
      slider.value = i;
      slider.setAttribute("aria-valuetext", words);
      if (openCode) { panelStep(); }
    };
    var remember = function () {
      history.replaceState(null, "", "#date=" + T.days[at]);
    };
    var stop = function () {
      if (timer) { clearInterval(timer); timer = null; }
      play.textContent = "\u25b6";
      play.setAttribute("aria-label", T.play);
    };
    // #date=YYYY-MM-DD opens the page on that day: the last step on or before it.
    var fromHash = function () {
      var m = /^#date=([0-9]{4}-[0-9]{2}-[0-9]{2})$/.exec(location.hash);
      if (!m) { return false; }
      var i = 0;
      T.days.forEach(function (d, k) { if (d <= m[1]) { i = k; } });
      var p = m[1].split("-");
      var exact = T.days[i] === m[1] || m[1] < T.days[0];
      show(i, exact ? null : +p[2] + " " + MONTHS[+p[1] - 1] + " " + p[0]);
      return true;
    };
    slider.addEventListener("input", function () { stop(); show(+slider.value); remember(); });
    play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      if (at >= T.days.length - 1) { show(0); }
      play.textContent = "\u275a\u275a";
      play.setAttribute("aria-label", T.pause);
      timer = setInterval(function () {
        if (at >= T.days.length - 1) { stop(); return; }
        show(at + 1);
        remember();
      }, 700);
    });
    window.addEventListener("hashchange", fromHash);
    if (!fromHash()) { show(T.open); }
  }
})();
"""


def _nations_table(dataset: Dataset, styled: StyledMap) -> str:
    """The listed nations as an HTML table (name, position, role), as the map shows them on
    its day, alphabetically; every dataset text escaped."""
    rows = []
    nations = [n for n in dataset.nations if styled.unit(n.iso3) is not None]
    for nation in sorted(nations, key=lambda n: styled.name_of(n.iso3).casefold()):
        category = styled.category_of(nation.iso3)
        role = (nation.role or "") if category else ""
        rows.append(
            f'<tr data-code="{_e(nation.iso3)}"><th scope="row">{_e(styled.name_of(nation.iso3))}</th>'
            f'<td class="atlas-pos">{_e(styled.label_of(category))}</td><td>{_e(role)}</td></tr>'
        )
    say = words(styled.lang)
    # The translated words are escaped, then the day goes in, in the span the slider updates.
    span = f'<span class="atlas-table-day">{_e(styled.day_text)}</span>'
    caption = _e(say.gettext("Listed nations, positions as of {day}")).format(day=span)
    nation, position, role = say.gettext("Nation"), say.gettext("Position"), say.gettext("Role")
    return (
        f"<table><caption>{caption}</caption>"
        f'<thead><tr><th scope="col">{_e(nation)}</th><th scope="col">{_e(position)}</th>'
        f'<th scope="col">{_e(role)}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _furniture(
    title: str,
    subtitle: str | None,
    styled: StyledMap,
    description: str,
    table: str,
    timeline: dict | None = None,
) -> str:
    """Title block (with the map in words and the table toggle), legend, credit line, the
    (empty) panel, the (hidden) table view and the date slider when there is a
    ``timeline``, as escaped HTML."""
    title_block = [f"<h1>{_e(title)}</h1>"]
    if subtitle:
        title_block.append(f'<p class="atlas-muted">{_e(subtitle)}</p>')
    say = words(styled.lang)
    day = '<strong class="atlas-asof">' + _e(styled.day_text) + "</strong>"
    title_block.append("<p>" + _e(say.gettext("Positions as of {day}")).format(day=day) + "</p>")
    hint = say.gettext(
        "Click a country for details; with the keyboard, "
        "Tab to the map, move with the arrow keys and press Enter."
    )
    title_block.append(f'<p class="atlas-muted atlas-hint">{_e(hint)}</p>')
    summary = say.gettext("Map description")
    title_block.append(
        f'<details id="atlas-description"><summary>{_e(summary)}</summary>'
        f'<p id="atlas-description-text">{_e(description)}</p></details>'
    )
    to_table = say.gettext("Table view")
    title_block.append(
        '<button id="atlas-to-table" class="atlas-button" type="button" '
        f'aria-expanded="false" aria-controls="atlas-table">{_e(to_table)}</button>'
    )
    rows = []
    for row in styled.shown_legend:
        key = row.category
        mark = f'data-category="{_e(key)}"' if key is not None else 'class="atlas-none"'
        rows.append(
            f"<li {mark}>{_swatch(_color(row.color, styled.theme.land))}"
            f'<span class="atlas-label">{_e(row.label)}</span>'
            f'<span class="atlas-count">{row.count}</span></li>'
        )
    notes = "".join(f'<p class="atlas-muted">{_e(note)}</p>' for note in styled.undrawn_notes())
    leaflet = say.gettext("Map: Leaflet.")
    legend = say.gettext("Legend")
    close = say.gettext("Close")
    details = say.gettext("Country details")
    table_title = say.gettext("Nations table")
    to_map = say.gettext("Back to the map")
    credits = f"{styled.credit} {leaflet}"
    return (
        f'<div id="atlas-title" class="atlas-card">{"".join(title_block)}</div>'
        f'<div id="atlas-legend" class="atlas-card"><h2>{_e(legend)}</h2><ul>{"".join(rows)}</ul>{notes}</div>'
        f'<div id="atlas-credits" title="{_e(credits)}">{_e(credits)}</div>'
        '<div id="atlas-panel" class="atlas-card" hidden role="region" '
        f'aria-label="{_e(details)}" aria-live="polite" tabindex="-1">'
        f'<button id="atlas-close" type="button" aria-label="{_e(close)}">×</button>'
        '<div id="atlas-panel-body"></div></div>'
        '<section id="atlas-table" class="atlas-card" hidden tabindex="-1" '
        f'aria-labelledby="atlas-table-title"><h2 id="atlas-table-title">{_e(table_title)}</h2>'
        f'<button id="atlas-to-map" class="atlas-button" type="button">{_e(to_map)}</button>'
        f"{table}</section>" + (_slider(styled, timeline) if timeline else "")
    )


def _slider(styled: StyledMap, timeline: dict) -> str:
    """The date slider's card: play button, slider over the steps, the day shown."""
    last = len(timeline["days"]) - 1
    say = words(styled.lang)
    group, shown = say.gettext("Timeline"), say.gettext("Date shown")
    return (
        f'<div id="atlas-timeline" class="atlas-card" role="group" aria-label="{_e(group)}">'
        f'<button id="atlas-play" type="button" aria-label="{_e(timeline["play"])}">\u25b6</button>'
        f'<input id="atlas-slider" type="range" min="0" max="{last}" step="1" '
        f'value="{timeline["open"]}" aria-label="{_e(shown)}" '
        f'aria-valuetext="{_e(styled.day_text)}">'
        f'<span id="atlas-day">{_e(styled.day_text)}</span></div>'
    )


def timeline_days(dataset: Dataset, day: _dt.date) -> list[_dt.date]:
    """The date slider's steps: every day a dated entry (history, contribution, event)
    starts, and ``day``; empty when no nation's position changes over time."""
    from desktop.model.asof import change_days

    if not change_days(dataset):
        return []
    days = {day, *change_days(dataset), *(event.date.start for event in dataset.events)}
    for nation in dataset.nations:
        days.update(c.date.start for c in nation.contributions if c.date is not None)
    return sorted(days)


def _timeline(
    dataset: Dataset,
    gazetteer: Gazetteer,
    styled: StyledMap,
    steps: list[_dt.date],
    codes,
    title: str,
) -> dict:
    """Per step, from the map of that day: each listed nation's category index (-1: none),
    the legend's counts and the caption; names and labels escaped once."""
    category_index = {c.id: i for i, c in enumerate(dataset.categories)}
    cats, counts, captions, descriptions, credits = [], [], [], [], []
    for day in steps:
        of_day = (
            styled
            if day == styled.day
            else styled_map(dataset, gazetteer, day, theme=styled.theme, lang=styled.lang)
        )
        cats.append([category_index.get(of_day.category_of(code) or "", -1) for code in codes])
        counts.append([row.count for row in of_day.legend])
        captions.append(styled.day_text if day == styled.day else of_day.day_text)
        descriptions.append(map_description(of_day, title))
        credits.append(f"{of_day.credit} {words(of_day.lang).gettext('Map: Leaflet.')}")
    return {
        "days": [day.isoformat() for day in steps],
        "captions": captions,
        "codes": list(codes),
        "cats": cats,
        "counts": counts,
        "descriptions": descriptions,
        "credits": credits,
        "names": {code: f"<b>{_e(styled.name_of(code))}</b>" for code in codes},
        "labels": [_e(styled.label_of(c.id)) for c in dataset.categories],
        "none": _e(styled.unlisted.label),
        # Plain text for the accessible names, which the script sets as attributes.
        "spoken": [styled.name_of(code) for code in codes],
        "words": [styled.label_of(c.id) for c in dataset.categories],
        "noneWords": styled.unlisted.label,
        "open": steps.index(styled.day),
        # The play button's accessible name, as the script switches it.
        "play": words(styled.lang).gettext("Play"),
        "pause": words(styled.lang).gettext("Pause"),
    }


def _fix_ids(root: Element) -> None:
    """Replace folium's random element ids with sequential ones, in tree order."""
    counter = 0

    def walk(element: Element) -> None:
        nonlocal counter
        if element._id != "atlas":
            element._id = f"{counter}"
            counter += 1
        for child in element._children.values():
            walk(child)

    walk(root)


def html_map(
    dataset: Dataset,
    *,
    day: DateLike | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    tiles: str | None = None,
    gazetteer: Gazetteer | None = None,
    view: str = "world",
    styled: StyledMap | None = None,
    timeline: bool = True,
) -> str:
    """The whole HTML document: a self-contained interactive map of the dataset on one day.

    day: ``datetime.date`` or ``PartialDate`` (default ``dataset.as_of``); title/subtitle
    override the dataset's. tiles: a folium tile name (``"OpenStreetMap"``,
    ``"OpenTopoMap"``) for an online basemap; by default there is none and the page needs
    no network at all. view: what the page frames when it opens (``world``, ``europe``,
    or ``fit``, the listed nations). styled: the map of the day to show (default: built
    for ``day`` in the light theme); categories, colours, counts and credit come from it.
    timeline: when a nation's position changes over time, a date slider with a play button
    over every dated entry; the map, tooltips, panels and legend counts follow it, each
    step's categories and counts taken from the map of that day, and ``#date=YYYY-MM-DD``
    in the address opens the page on that day.
    """
    if isinstance(day, _dt.datetime):
        day = day.date()
    gazetteer = gazetteer or default_gazetteer()
    if styled is None:
        styled = styled_map(dataset, gazetteer, day, theme=LIGHT)
    day = styled.day
    theme = styled.theme
    world = _world()
    colours = {row.category: _color(row.color, theme.land) for row in styled.legend}
    labels = {row.category: row.label for row in styled.legend}
    category_index = {c.id: i for i, c in enumerate(dataset.categories)}

    def category_of(code: str) -> int:
        return category_index.get(styled.category_of(code) or "", -1)

    def tip(code: str) -> str:
        unit = styled.unit(code)
        name = unit.name if unit else code
        text = f"<b>{_e(name)}</b><br>{_e(labels[unit.category if unit else None])}"
        relation = styled.relation(code)
        return text + (f'<br><span class="atlas-muted">{_e(relation)}</span>' if relation else "")

    def spoken(code: str) -> str:
        """The accessible name, plain text (the script sets it as an attribute, never as
        markup): ``"France: Participating"``."""
        unit = styled.unit(code)
        return f"{unit.name if unit else code}: {labels[unit.category if unit else None]}"

    listed = [nation for nation in dataset.nations if world.index(nation.iso3) >= 0]
    listed_codes = {nation.iso3 for nation in listed}
    countries, tips, names, points, small = [], {}, {}, {}, {}
    for i, code in enumerate(world.codes):
        if not world.shapes[i] and code not in listed_codes:
            continue
        tips[code] = tip(code)
        names[code] = spoken(code)
        points[code] = list(world.labels[i])
        if code not in listed_codes and world.hide_zoom[i] > 1:
            small[code] = world.hide_zoom[i]
        if world.shapes[i]:
            countries.append([code, category_of(code), world.shapes[i]])
    markers = []
    for nation in listed:
        i = world.index(nation.iso3)
        lat, lon = world.labels[i]
        markers.append([nation.iso3, lat, lon, category_of(nation.iso3), world.hide_zoom[i]])
    steps = timeline_days(dataset, day) if timeline else []
    panels = {}
    for nation in listed:
        unit = styled.unit(nation.iso3)
        panels[nation.iso3] = _nation_panel(
            dataset,
            nation,
            unit.name,
            labels[unit.category],
            colours[unit.category],
            day,
            steps,
            words(styled.lang),
        )

    bounds, lon0 = _opening_bounds(view, dataset)
    data = {
        "q": world.quantum,
        "maxZoom": MAX_ZOOM,
        "view": [list(corner) for corner in bounds],
        "lon0": lon0,
        "colors": [colours[category.id] for category in dataset.categories],
        "land": colours[
            None
        ],  # the unlisted class: the theme's land unless the dataset names a colour
        "border": theme.border,
        "selection": theme.selection,
        "focus": theme.selection,
        "focusHalo": theme.selection_halo,
        "fillOpacity": 0.75 if tiles else 1,
        "landOpacity": 0.35 if tiles else 1,
        "countries": countries,
        "markers": markers,
        "tips": tips,
        "names": names,
        "points": points,
        "small": small,
        "panels": panels,
        "unlisted": '<p class="atlas-muted">'
        + _e(words(styled.lang).gettext("Not listed in this dataset."))
        + "</p>",
    }

    own = dataset.text_in(styled.lang)
    page_title = own.title if title is None else title
    page_subtitle = own.subtitle if subtitle is None else subtitle
    fmap = folium.Map(
        location=None,
        tiles=None,
        zoom_start=2,
        zoom_control="bottomright",
        zoom_snap=0.25,
        zoom_delta=0.5,
        max_bounds=True,
        min_lat=-80,
        max_lat=88,
        min_lon=lon0 - 240,
        max_lon=lon0 + 240,
        world_copy_jump=False,
        attribution_control=bool(tiles),
    )
    # folium's defaults pull jQuery, Bootstrap and more from CDNs; the page needs none of them.
    fmap.default_js = []
    fmap.default_css = []
    fmap._id = "atlas"
    if tiles:
        # Tiles are drawn no further than the boundaries stay sharp.
        folium.TileLayer(tiles, max_zoom=MAX_ZOOM).add_to(fmap)
    if steps:
        data["timeline"] = _timeline(
            dataset,
            gazetteer,
            styled,
            steps,
            # The table lists nations the map cannot draw too: every listed nation follows.
            [n.iso3 for n in dataset.nations if styled.unit(n.iso3) is not None],
            page_title,
        )
    description = map_description(styled, page_title)
    data["description"] = description
    furniture = _furniture(
        page_title,
        page_subtitle,
        styled,
        description,
        _nations_table(dataset, styled),
        data.get("timeline"),
    )
    data_json = _script_json(data)
    # Greek, Cyrillic, Arabic or CJK text brings a font of its own for those characters:
    # the page has no boxes for missing glyphs offline, whatever fonts the reader has.
    carried = web_fonts(f"{page_title}\n{furniture}\n{data_json}")
    style = "".join(font.rule for font in carried) + _style(theme, [f.family for f in carried])
    _Atlas(furniture, data_json, fmap.get_name(), style).add_to(fmap)
    figure = fmap.get_root()
    figure.title = _e(page_title)
    _fix_ids(figure)
    # The page's language lets a screen reader pick its voice; Arabic reads right to left.
    return _accessible_head(figure.render(), styled.lang)


def _accessible_head(page: str, lang: str = PAGE_LANGUAGE) -> str:
    """The page with its language (and, for Arabic, its direction) declared and a viewport
    that lets the reader zoom: folium's template has neither (its viewport forbids zooming)."""
    direction = ' dir="rtl"' if is_rtl(lang) else ""
    page, langs = re.subn(r"<html>", f'<html lang="{lang}"{direction}>', page, count=1)
    page, viewports = re.subn(
        r'<meta name="viewport" content="[^"]*"\s*/?>',
        f'<meta name="viewport" content="{VIEWPORT}">',
        page,
        count=1,
    )
    if not langs or not viewports:
        raise RuntimeError("the installed folium writes a page head this export does not know")
    return page


def _opening_bounds(view: str, dataset: Dataset) -> tuple[tuple[tuple[float, float], ...], float]:
    """(south, west), (north, east) of the opening view, and the longitude the page is
    centred on. Fitted, the bounds are those of the image exports' fit (``geo.framing``):
    across 180° their east is over 180, so Leaflet frames the Pacific, not the world."""
    if view == "europe":
        west, south, east, north = EUROPE.home
        return ((south, west), (north, east)), 0.0
    if view == "fit":
        # Imported here: fitting projects the boundaries, which the other views never need.
        from desktop.geo.framing import fit_for

        placed = fit_for(nation.iso3 for nation in dataset.nations)
        if placed is not None:
            lon0 = round(placed.lon0, 2) if placed.key != "world" else 0.0
            return ((placed.south, placed.west), (placed.north, placed.east)), lon0
    return WORLD_BOUNDS, 0.0
