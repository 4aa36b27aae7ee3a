import numpy as np
import pytest
import shapely

from desktop.geo import EUROPE, WORLD, fit, projected_map
from desktop.geo.projection import View

PARIS = (2.35, 48.85)
SIMFEROPOL = (34.10, 44.95)
MOSCOW = (37.62, 55.75)
VALLETTA = (14.51, 35.90)


@pytest.fixture(scope="module", params=["world", "europe"])
def projected(request):
    return projected_map(request.param)


def code_at(projected, lon, lat):
    x, y = projected.projection.forward(lon, lat)
    i = projected.country_at(float(x), float(y))
    return projected.codes[i] if i >= 0 else None


def test_hit_testing_finds_the_country_under_a_point(projected):
    assert code_at(projected, *PARIS) == "FRA"
    assert code_at(projected, *SIMFEROPOL) == "UKR"
    assert code_at(projected, *MOSCOW) == "RUS"
    assert code_at(projected, -30.0, 45.0) is None  # the Atlantic


def test_lesotho_is_found_inside_south_africa():
    assert code_at(projected_map("world"), 28.2, -29.6) == "LSO"


def test_microstates_are_small_at_world_scale_and_not_when_zoomed_in():
    world = projected_map("world")
    scale = 1920 / (world.full_extent()[2] - world.full_extent()[0])
    small = {world.codes[i] for i in world.small_at(scale)}
    assert {"MLT", "LUX", "SGP", "LIE", "BHR", "VAT", "KNA", "BRB"} <= small
    assert not {"FRA", "UKR", "DEU", "GBR"} & small
    close_up = {world.codes[i] for i in world.small_at(scale * 60)}
    assert "LUX" not in close_up and "MLT" not in close_up and "VAT" in close_up


def test_antarctica_is_left_out_of_world_views():
    world = projected_map("world")
    i = world.index("ATA")
    assert not world.drawn[i]
    assert i not in set(world.small_at(1e-9))
    assert world.full_extent()[1] > WORLD.forward(0, -61)[1]


def test_europe_preset_shows_turkiye_the_caucasus_and_the_north_atlantic():
    europe = projected_map("europe")
    minx, miny, maxx, maxy = europe.home_extent()
    for code in ("TUR", "GEO", "ARM", "AZE", "ISL", "PRT", "CYP", "NOR", "UKR"):
        x, y = europe.anchors[europe.index(code)]
        assert minx <= x <= maxx and miny <= y <= maxy, code
    atlantic_x, atlantic_y = EUROPE.forward(-25.0, 50.0)
    assert minx <= atlantic_x <= maxx and miny <= atlantic_y <= maxy


def test_framing_a_country_uses_its_main_part():
    world = projected_map("world")
    west, _, east, _ = world.extent_of(["FRA"])
    guiana_x, _ = WORLD.forward(-53.0, 4.0)
    assert west > guiana_x  # French Guiana does not stretch the frame across the Atlantic
    assert east - west < 2_000_000
    assert world.extent_of(["ZZZ"]) is None


def test_view_round_trips_and_zoom_keeps_the_anchor_in_place():
    view = View("world", 1000.0, -2000.0, 1e-4)
    px, py = view.to_screen(1500.0, -2500.0, 800, 600)
    assert np.allclose(view.to_map(px, py, 800, 600), (1500.0, -2500.0))
    zoomed = view.zoomed(2.5, (100.0, 50.0), 800, 600)
    assert np.allclose(zoomed.to_map(100.0, 50.0, 800, 600), view.to_map(100.0, 50.0, 800, 600))
    assert zoomed.scale == pytest.approx(2.5e-4)
    panned = view.panned(10, -20)
    assert np.allclose(panned.to_screen(1500.0, -2500.0, 800, 600), (px + 10, py - 20))


def test_fit_shows_the_whole_extent():
    extent = (-100.0, -50.0, 300.0, 150.0)
    view = fit("world", extent, 800, 400, margin=0)
    left, top = view.to_screen(extent[0], extent[3], 800, 400)
    right, bottom = view.to_screen(extent[2], extent[1], 800, 400)
    assert left >= -1e-6 and right <= 800 + 1e-6 and top >= -1e-6 and bottom <= 400 + 1e-6
    assert (right - left) == pytest.approx(800) or (bottom - top) == pytest.approx(400)


def test_a_sliver_too_thin_to_see_is_small_even_when_it_is_long():
    world = projected_map("world")
    slide = fit("world", world.home_extent(), 1864, 880, margin=0.02)
    i = world.index("CYP")
    assert world.sizes[i] * slide.scale > 7  # its long side alone would pass
    assert i in set(world.small_at(slide.scale))


def test_context_extent_takes_in_the_nearest_neighbours_and_never_less_than_the_minimum():
    world = projected_map("world")
    for code in ("LUX", "MLT", "NRU", "FRA", "RUS"):
        minx, miny, maxx, maxy = world.context_extent(code)
        box = shapely.box(minx, miny, maxx, maxy)
        main = world.geometries[world.index(code)]
        assert maxx - minx >= 1_000_000 and maxy - miny >= 1_000_000
        # The country's largest part is inside, with room around it.
        parts = shapely.get_parts(main)
        assert box.contains(parts[np.argmax(shapely.area(parts))])
        others = [i for i in world.visible(tuple(box.bounds)) if world.codes[i] != code]
        touched = {world.codes[i] for i in others if box.intersects(world.geometries[i])}
        assert len(touched) >= 2, code
    nauru = shapely.box(*world.context_extent("NRU"))
    assert nauru.intersects(world.geometries[world.index("MHL")])
    assert world.context_extent("ATA") is None  # not drawn in this projection
