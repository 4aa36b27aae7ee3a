"""Fitting a map to the listed nations: the projection, its centre and the frame.

Each case is a coalition from tests/data/fit; what is checked is what a reader of the map
would notice: every nation's main part, and its parts within 1,500 km, inside the frame;
the nations filling it; nations across 180° drawn together; no blank band at the edge.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import shapely

from desktop.geo.boundaries import load_boundaries
from desktop.geo.framing import fit_for, fitted_view
from desktop.geo.parts import core_parts
from desktop.geo.projected import projected_map
from desktop.geo.projection import PROJECTIONS, projection_for

DATA = Path(__file__).parent.parent / "data" / "fit"
FRAME = (1864.0, 880.0)
"""The map area of a composed 1920x1080 slide."""


def codes_of(name: str) -> list[str]:
    return re.findall(r"iso3: (\w+)", (DATA / f"{name}.yaml").read_text(encoding="utf-8"))


CASES = {
    "north america": codes_of("north-america"),
    "europe, north america and central asia": codes_of("nato-central-asia"),
    "the OSCE, round the pole": codes_of("osce"),
    "pacific islands across 180°": ["FJI", "TON", "WSM", "TUV", "KIR", "VUT", "SLB"],
    "pacific islands forum": codes_of("pacific"),
    "fiji alone": codes_of("fiji"),
    "southern africa": codes_of("southern-africa"),
    "southeast asia": codes_of("southeast-asia"),
}


@pytest.mark.parametrize("case", CASES)
def test_fit_shows_every_main_part_and_near_part_and_fills_the_frame(case):
    codes = CASES[case]
    width, height = FRAME
    view = fitted_view(codes, width, height)
    projected = projected_map(view.projection)
    x0, y0, x1, y1 = view.extent(width, height)
    tolerance = (x1 - x0) * 1e-6
    boxes = []
    for code in codes:
        parts = core_parts(code)
        if not parts:
            continue  # no outline at this scale (the Vatican): a marker stands for it
        core = projected.core(code)
        # Every part kept, none lost to the cut at the new antimeridian or the far side.
        assert core.area == pytest.approx(
            sum(shapely.area(_project_each(projected, parts))), rel=0.02
        ), code
        bx0, by0, bx1, by1 = core.bounds
        assert bx0 >= x0 - tolerance and bx1 <= x1 + tolerance, (code, "off the frame's side")
        assert by0 >= y0 - tolerance and by1 <= y1 + tolerance, (code, "off the frame's top")
        boxes.append(core.bounds)
    boxes = np.array(boxes)
    spans = (
        (boxes[:, 2].max() - boxes[:, 0].min()) / (x1 - x0),
        (boxes[:, 3].max() - boxes[:, 1].min()) / (y1 - y0),
    )
    assert max(spans) >= 0.6, spans


def _project_each(projected, parts):
    from desktop.geo.projected import _project

    return _project(projected.projection, np.array(parts, dtype=object))


def test_a_part_counts_when_within_1500_km_of_the_main_part():
    france = shapely.MultiPolygon(list(core_parts("FRA")))
    assert france.intersects(shapely.Point(9.1, 42.1))  # Corsica
    assert not france.intersects(shapely.Point(55.5, -21.1))  # Réunion
    assert not france.intersects(shapely.Point(-53.0, 4.0))  # French Guiana
    usa = shapely.MultiPolygon(list(core_parts("USA")))
    assert usa.intersects(shapely.Point(-150.0, 64.0))  # Alaska's mainland
    assert not usa.intersects(shapely.Point(-155.5, 19.6))  # Hawaii
    # Every island of Fiji, on both sides of 180°.
    fiji = load_boundaries().geometry("FJI")
    assert len(core_parts("FJI")) == len(shapely.get_parts(fiji))


def test_nations_across_180_are_drawn_together_centred_near_it():
    placed = fit_for(CASES["pacific islands across 180°"])
    assert placed.key not in PROJECTIONS
    assert abs(placed.lon0) > 160
    # A box across 180°, as Leaflet needs: one edge beyond ±180.
    assert placed.west < -180 < placed.east or placed.west < 180 < placed.east
    view = fitted_view(["FJI"], *FRAME)
    fiji = projected_map(view.projection).core("FJI")
    # Fiji's islands either side of 180° lie side by side: the archipelago is about
    # 600 km across, not a world apart.
    x0, y0, x1, y1 = fiji.bounds
    assert x1 - x0 < 1_000_000 and y1 - y0 < 1_200_000
    # The islands cut at 180° in the boundaries are one again: Taveuni and Vanua Levu do
    # not show a border along the meridian.
    assert len(shapely.get_parts(fiji)) < len(shapely.get_parts(load_boundaries().geometry("FJI")))


def test_russia_and_the_aleutians_survive_a_pacific_centre():
    projected = projected_map(fit_for(["RUS", "USA"]).key)
    assert projected.projection.centre is not None
    for code in ("RUS", "USA", "KIR", "FJI"):
        i = projected.index(code)
        drawn = projected.geometries[i]
        assert shapely.is_valid(drawn), code
        # Equal-area in every fitted projection: the areas on the map are the areas on
        # the ground, so nothing was dropped or doubled by cutting at the new seam.
        assert drawn.area / 1e6 == pytest.approx(projected.areas_km2[i], rel=0.02), code


def test_the_far_side_of_an_azimuthal_fit_does_not_wrap_over_the_map():
    projected = projected_map(fit_for(["FJI"]).key)  # Fiji's antipode is in Mali
    areas = shapely.area(projected.geometries) / 1e6
    drawn = np.isfinite(areas) & (areas > 0)
    # No country grows: the one that held the antipode is cut, not spread round the disk.
    assert (areas[drawn] <= projected.areas_km2[drawn] * 1.02 + 1).all()
    mali = projected.geometries[projected.index("MLI")]
    assert mali.area / 1e6 < projected.areas_km2[projected.index("MLI")]


def test_wide_or_regional_nations_pick_their_projection():
    assert fit_for(CASES["north america"]).key.startswith("fit-laea")
    assert fit_for(CASES["southern africa"]).key.startswith("fit-laea")
    # From Alaska to Kazakhstan: the world map, centred on Greenwich as usual.
    assert fit_for(CASES["europe, north america and central asia"]).key == "world"
    # Europe's nations alone need no more than an azimuthal map of Europe.
    europe = fit_for(["FRA", "DEU", "POL", "ITA", "ESP", "GBR"])
    assert europe.key.startswith("fit-laea") and -10 < europe.lon0 < 20


def test_a_fitted_key_rebuilds_its_projection_and_a_bad_one_is_refused():
    key = fit_for(["FJI"]).key
    assert projection_for(key).key == key
    for bad in ("fit-laea_500_0", "fit-merc_0_0", "nowhere", "fit-laea_1_95"):
        with pytest.raises(KeyError):
            projected_map(bad)


def test_a_wide_fit_leaves_no_blank_band_where_the_map_could_fill_it():
    width, height = FRAME
    for case in ("europe, north america and central asia", "the OSCE, round the pole"):
        view = fitted_view(CASES[case], width, height)
        outline = projected_map(view.projection).outline
        assert outline is not None
        _, y0, _, y1 = view.extent(width, height)
        _, gy0, _, gy1 = outline.bounds
        # Beyond the pole the globe ends; inside the frame the bands above and below it
        # together stay under 5 % of its height unless the whole globe is shorter.
        blank = max(0.0, y1 - gy1) + max(0.0, gy0 - y0)
        assert blank <= 0.05 * (y1 - y0) or (gy1 - gy0) < 0.95 * (y1 - y0), case
