"""The main window as a user meets it: clicks, keys, search, legend, files, images.

The window shows the frozen test dataset (tests/data/small.yaml); the counts below are
hand-counted from that file.
"""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, QPointF, Qt, QUrl, Slot
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QDropEvent,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QPalette,
)
from PySide6.QtWidgets import QApplication

from desktop.geo.framing import fitted_view
from desktop.io import load_dataset
from desktop.model.asof import contributions_on
from tests.conftest import BUNDLED, REPO
from tests.pixels import colour_counts
from tests.ui.conftest import point_of

PARTICIPATING, OPPOSING, UNDECIDED = "#0072b2", "#d55e00", "#e69f00"


def pixel(window, point: QPointF) -> QColor:
    image = window.map.grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio))


def type_text(widget, text: str) -> None:
    """Type as a keyboard does, one key event per character (QTest refuses non-ASCII keys)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def click_map(qtbot, window, point: QPointF) -> None:
    qtbot.mouseClick(window.map, Qt.MouseButton.LeftButton, pos=point.toPoint())


def colours(image: QImage) -> Counter:
    return colour_counts(image, 2)


def test_clicking_the_pixel_of_france_selects_france_and_shows_its_contributions(qtbot, window):
    france = point_of(window.map, "FRA")
    assert pixel(window, france).name() == PARTICIPATING  # France is drawn there, participating
    click_map(qtbot, window, france)
    assert window.state.selected == "FRA"
    html = window.nation_panel.browser.toPlainText()
    nation = window.state.dataset.nation("FRA")
    assert "France" in html and "Co-lead" in html
    shown = contributions_on(nation, window.state.day)
    assert [c.kind for c in shown] == ["troops", "air", "naval"]
    for contribution in shown:
        assert contribution.text in html
    assert "Contributions" in html and "History" in html


def test_clicking_the_ocean_clears_and_escape_clears(qtbot, window):
    click_map(qtbot, window, point_of(window.map, "FRA"))
    qtbot.keyClick(window.map, Qt.Key.Key_Escape)
    assert window.state.selected is None
    click_map(qtbot, window, point_of(window.map, "FRA"))
    atlantic = window.map.view.to_screen(
        *window.map.renderer.projected.projection.forward(-35, 30),
        window.map.width(),
        window.map.height(),
    )
    click_map(qtbot, window, QPointF(float(atlantic[0]), float(atlantic[1])))
    assert window.state.selected is None


def test_a_table_row_selects_on_the_map_and_the_map_selects_the_row(qtbot, window):
    table = window.nations
    row = table.visible_order().index("DEU")
    rect = table.view.visualRect(table.proxy.index(row, 0))
    qtbot.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.state.selected == "DEU"
    assert "Germany" in window.nation_panel.browser.toPlainText()

    click_map(qtbot, window, point_of(window.map, "POL"))
    assert window.state.selected == "POL"
    current = table.view.currentIndex()
    assert current.isValid() and table.visible_order()[current.row()] == "POL"
    assert table.view.selectionModel().isRowSelected(current.row())


def test_tab_and_arrows_in_the_table_walk_through_the_nations(qtbot, window):
    order = window.nations.visible_order()
    window.state.select(order[0])
    window.nations.view.setFocus()
    qtbot.keyClick(window.nations.view, Qt.Key.Key_Tab)
    assert window.state.selected == order[1]
    qtbot.keyClick(window.nations.view, Qt.Key.Key_Down)
    assert window.state.selected == order[2]


def test_legend_counts_equal_the_dataset_counts(window):
    dataset = window.state.dataset
    expected = dataset.counts()
    assert expected == {"participating": 12, "opposing": 3, "undecided": 3}
    for category_id, count in expected.items():
        row = window.legend.row(category_id)
        assert row.count == count
        assert row.accessibleName() == f"{dataset.category(category_id).label}: {count}"
    # Counts count states: the 197 (UN members and observers, Kosovo, Taiwan) less the 18
    # listed, all states; French Guiana, coloured with France, does not count apart.
    assert window.legend.row(None).count == 197 - 18
    assert window.state.styled().category_of("GUF") == "participating"


def faded(colour: QColor, toward: QColor) -> tuple[int, int, int]:
    """A colour 65 % of the way to the ocean's: how the map fades what is not highlighted."""
    return tuple(
        round(a + (b - a) * 0.65)
        for a, b in zip(colour.getRgb()[:3], toward.getRgb()[:3], strict=True)
    )


def close_to(colour: QColor, rgb: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 2 for a, b in zip(colour.getRgb()[:3], rgb, strict=True))


def test_clicking_a_legend_category_highlights_its_members(qtbot, window):
    theme = window.map.theme
    land, ocean = QColor(theme.land), QColor(theme.ocean)
    assert close_to(pixel(window, point_of(window.map, "CHN")), land.getRgb()[:3])
    assert pixel(window, point_of(window.map, "FRA")).name() == PARTICIPATING
    qtbot.mouseClick(window.legend.row("opposing"), Qt.MouseButton.LeftButton)
    assert window.state.highlighted == frozenset({"BLR", "HUN", "RUS"})
    window.map.repaint()
    # Non-members fade toward the ocean, listed or not; members keep their colour.
    assert close_to(pixel(window, point_of(window.map, "CHN")), faded(land, ocean))
    assert close_to(pixel(window, point_of(window.map, "FRA")), faded(QColor(PARTICIPATING), ocean))
    assert pixel(window, point_of(window.map, "RUS")).name() == OPPOSING
    assert pixel(window, point_of(window.map, "HUN")).name() == OPPOSING
    qtbot.mouseClick(window.legend.row("opposing"), Qt.MouseButton.LeftButton)
    assert window.state.highlighted == frozenset()


def test_the_malta_marker_is_drawn_and_clickable(qtbot, window):
    markers = {m.code: m for m in window.map._markers}
    assert {"MLT", "LUX", "CYP"} <= set(markers)
    malta = markers["MLT"]
    assert pixel(window, QPointF(malta.x, malta.y)).name() == UNDECIDED  # undecided
    click_map(qtbot, window, QPointF(malta.x + 1, malta.y - 1))
    assert window.state.selected == "MLT"
    assert "Malta" in window.nation_panel.browser.toPlainText()


def test_hover_shows_the_country_in_a_tooltip_and_the_status_bar(qtbot, window):
    point = point_of(window.map, "UKR").toPoint()
    qtbot.mouseMove(window.map, point)
    qtbot.waitUntil(lambda: window.state.hovered == "UKR")
    assert window.map.tooltip_text("UKR").splitlines()[:2] == ["Ukraine", "Participating"]
    assert "Supported nation" in window.map.tooltip_text("UKR")
    assert "Ukraine" in window.statusBar().currentMessage()


@pytest.mark.parametrize(
    ("typed", "expected"), [("Türk", "TUR"), ("tur", "TUR"), ("holland", "NLD")]
)
def test_search_finds_by_part_of_name_alias_or_code_and_frames_the_country(
    qtbot, window, typed, expected
):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    type_text(window.search, typed)
    offered = [
        window.search.matches.item(r).data(Qt.ItemDataRole.UserRole)
        for r in range(window.search.matches.rowCount())
    ]
    assert expected in offered[:3]
    qtbot.keyClick(window.search, Qt.Key.Key_Return) if offered[0] == expected else window.go_to(
        expected
    )
    assert window.state.selected == expected
    point = point_of(window.map, expected)
    assert 0 < point.x() < window.map.width() and 0 < point.y() < window.map.height()
    assert window.map.view.scale > window.map.home_view().scale * 2  # it zoomed in


def test_an_invalid_file_leaves_the_previous_dataset_displayed(qtbot, window, write_yaml):
    bad = write_yaml(
        "format: coalition-atlas/1\ntitle: Broken\nas_of: 2025-02-30\nnations: [{iso3: GBX, category: x}]\n",
        "bad.yaml",
    )
    before_title = window.windowTitle()
    assert not window.open_path(bad)
    assert window.state.dataset.title == "Small test coalition"
    assert window.windowTitle() == before_title
    dialog = window.problems_dialog
    assert dialog.isVisible()
    lines = dialog.text.toPlainText().splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert lines[0].startswith(f"{bad}:3:8: as_of: no such date")
    dialog.close()

    # Dropping the same file on the window: the same dialog, the same map.
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bad))])
    drop = QDropEvent(
        QPointF(100, 100),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    assert window.problems_dialog.isVisible()
    assert window.state.dataset.title == "Small test coalition"


def test_an_invalid_file_on_the_command_line_shows_the_bundled_dataset_and_the_problems(
    make_window, write_yaml
):
    bad = write_yaml("format: coalition-atlas/9\ntitle: Future\nas_of: 2030\n", "future.yaml")
    window = make_window(bad)
    assert window.state.dataset.title == load_dataset(BUNDLED).dataset.title
    assert "written by a newer Coalition Atlas" in window.problems_dialog.text.toPlainText()


def test_opening_a_valid_file_replaces_the_map_and_title(qtbot, window, three_countries):
    assert window.open_path(three_countries)
    assert window.windowTitle() == "Three-country test — three.yaml[*]"
    assert window.legend.row("participating").count == 1
    assert str(three_countries.resolve()) == window.recent_files()[0]


def test_copy_map_puts_an_image_with_its_legend_on_the_clipboard(window):
    window.copy_map()
    image = QGuiApplication.clipboard().image()
    assert not image.isNull()
    assert image.width() >= window.map.width() and image.height() > window.map.height()
    found = colours(image)
    for colour in (PARTICIPATING, OPPOSING, UNDECIDED):
        assert found[colour] > 20, colour


def test_a_screenshot_of_the_window_shows_every_category_colour_and_is_not_blank(window):
    found = colours(window.grab().toImage())
    for colour in (PARTICIPATING, OPPOSING, UNDECIDED):
        assert found[colour] > 50, colour
    assert len(found) > 50  # text, borders, land: not a blank or single-colour frame


def test_view_presets_zoom_pan_and_home(qtbot, window):
    map_ = window.map
    world = map_.view
    window.act_europe.trigger()
    assert map_.preset == "europe" and map_.view.projection == "europe"
    window.act_world.trigger()
    assert map_.view == world
    qtbot.keyClick(map_, Qt.Key.Key_Plus)
    assert map_.view.scale == pytest.approx(world.scale * 1.25)
    qtbot.keyClick(map_, Qt.Key.Key_Minus)
    assert map_.view.scale == pytest.approx(world.scale)
    start = QPoint(300, 300)
    qtbot.mousePress(map_, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(map_, QPoint(340, 320))
    qtbot.mouseMove(map_, QPoint(400, 350))
    qtbot.mouseRelease(map_, Qt.MouseButton.LeftButton, pos=QPoint(400, 350))
    assert map_.view.cx < world.cx and map_.view.cy > world.cy  # dragged right and down
    assert window.state.selected is None  # a drag is not a click
    qtbot.keyClick(map_, Qt.Key.Key_Home)
    assert map_.view == world
    window.act_fit.trigger()
    assert map_.fitted and map_.view.scale >= world.scale


def test_docks_close_and_come_back_from_the_view_menu(qtbot, window):
    dock = window.docks["legend"]
    dock.close()
    assert not dock.isVisible()
    toggle = dock.toggleViewAction()
    assert toggle in window.panels_menu.actions()
    toggle.trigger()
    assert dock.isVisible()


def test_geometry_docks_and_view_persist_between_runs(qtbot, make_window):
    first = make_window()
    first.act_europe.trigger()
    first.map.zoom_in()
    first.docks["events"].close()
    view = first.map.view
    first.close()
    second = make_window()
    qtbot.waitUntil(lambda: second.map.preset == "europe")
    assert second.map.view.cx == pytest.approx(view.cx) and second.map.view.scale == pytest.approx(
        view.scale
    )
    assert not second.docks["events"].isVisible()


def test_labels_can_be_shown(window):
    def text_pixels_around(code: str) -> int:
        """Pixels in the theme's text colour within 40 px of the country's label anchor."""
        image = window.map.grab().toImage()
        ratio = image.devicePixelRatio()
        centre = point_of(window.map, code)
        text = QColor(window.map.theme.text).name()
        return sum(
            image.pixelColor(round(x * ratio), round(y * ratio)).name() == text
            for x in range(round(centre.x()) - 40, round(centre.x()) + 40)
            for y in range(round(centre.y()) - 10, round(centre.y()) + 10)
        )

    assert not window.map.labels
    assert text_pixels_around("USA") == 0
    window.act_labels.trigger()
    window.map.repaint()
    # A listed nation's name is written on it; an unlisted one's is not.
    assert window.map.labels
    assert text_pixels_around("USA") > 20
    assert text_pixels_around("BRA") == 0


class LinkRecorder(QObject):
    """Stands in for the system browser: records what would have been opened."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_source_links_open_in_the_system_browser_and_only_http(qtbot, window):
    recorder = LinkRecorder()
    for scheme in ("http", "https", "javascript", "file"):
        QDesktopServices.setUrlHandler(scheme, recorder, "open")
    try:
        window.state.select("GBR")
        html = window.nation_panel.browser.toHtml()
        source = window.state.dataset.sources[window.state.dataset.nation("GBR").sources[0]]
        assert source.url in html
        window.nation_panel.browser.anchorClicked.emit(QUrl(source.url))
        window.nation_panel.browser.anchorClicked.emit(QUrl("javascript:alert(1)"))
        window.nation_panel.browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
        assert recorder.urls == [source.url]
    finally:
        for scheme in ("http", "https", "javascript", "file"):
            QDesktopServices.unsetUrlHandler(scheme)


def test_a_dark_palette_gives_a_dark_legible_map(qtbot, window):
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#171717"),
        (QPalette.ColorRole.Text, "#e8eaed"),
    ):
        palette.setColor(role, QColor(colour))
    QApplication.setPalette(palette)
    try:
        qtbot.waitUntil(lambda: window.map.theme.key == "dark")
        window.map.repaint()
        found = colours(window.map.grab().toImage())
        assert found[PARTICIPATING] > 50
        ocean = QColor(window.map.theme.ocean)
        assert ocean.lightnessF() < 0.25
        text = window.legend.row("participating").palette().color(QPalette.ColorRole.WindowText)
        assert abs(text.lightnessF() - QColor("#202124").lightnessF()) > 0.5
    finally:
        QApplication.setPalette(QApplication.style().standardPalette())


def test_copy_map_of_a_zoomed_europe_view_shows_that_view(qtbot, window):
    window.act_europe.trigger()
    window.map.frame_country("DEU")
    image = window.copy_map()
    found = colours(image)
    # Germany and its participating neighbours fill the map: not an empty ocean.
    assert found[PARTICIPATING] > 0.2 * sum(found.values())


def test_a_preset_view_refits_when_the_window_is_resized_but_a_chosen_view_keeps_its_centre(
    qtbot, window
):
    map_ = window.map

    def fits_home() -> bool:
        home = map_.home_view()
        return (
            map_.view.projection == home.projection and abs(map_.view.scale / home.scale - 1) < 1e-9
        )

    for size in ((1000, 700), (1600, 1000)):
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: window.width() == s[0])
        assert fits_home()
    map_.zoom_in()
    chosen = map_.view
    window.resize(1200, 800)
    qtbot.waitUntil(lambda: window.width() == 1200)
    assert not fits_home()
    assert (map_.view.cx, map_.view.cy) == (chosen.cx, chosen.cy)


def test_fit_in_the_window_picks_the_projection_of_the_exports_and_shows_every_island(
    qtbot, make_window
):

    window = make_window(REPO / "tests" / "data" / "fit" / "pacific.yaml")
    map_ = window.map
    window.act_europe.trigger()
    window.act_fit.trigger()
    view = map_.view
    assert view.projection.startswith("fit-")  # not Europe's, not the world's
    assert view == fitted_view([n.iso3 for n in window.state.dataset.nations], *map_._size())
    x0, y0, x1, y1 = view.extent(*map_._size())
    for nation in window.state.dataset.nations:
        core = map_.renderer.projected.core(nation.iso3)
        if core.is_empty:
            continue
        bx0, by0, bx1, by1 = core.bounds
        assert x0 <= bx0 and bx1 <= x1 and y0 <= by0 and by1 <= y1, nation.iso3
    # Fiji is drawn where the view puts it, in the nations' colour.
    fiji = point_of(map_, "FJI")
    assert pixel(window, fiji).name() == "#2f855a"
    # A resize fits again; Home goes back to the same fit; World leaves it.
    window.resize(1100, 800)
    qtbot.wait(50)
    assert map_.view.projection == view.projection
    window.act_world.trigger()
    assert map_.view.projection == "world"


def test_labels_in_the_window_stay_on_top_and_the_status_bar_names_those_without_room(
    qtbot, make_window
):
    window = make_window(REPO / "tests" / "data" / "nato-europe.yaml", size=(900, 620))
    map_ = window.map
    window.act_europe.trigger()
    window.act_labels.trigger()
    map_.render_cache()
    placed = {label.code for label in map_.placed_labels().labels}
    assert "RUS" in placed and "POL" in placed, (map_.labels, map_.size(), map_.unplaced)
    # Small as the window is, some Balkan names find no room: the status bar says which.
    status = window.unplaced_label
    assert map_.unplaced
    assert status.isVisible() and map_.unplaced[0] in status.text()
    # Every country named: more names, and more without room, all told.
    window.act_label_all.trigger()
    map_.render_cache()
    assert len(map_.placed_labels().labels) > len(placed)
    window.act_label_all.trigger()
    window.act_labels.trigger()
    map_.render_cache()
    assert map_.placed_labels().labels == [] and not status.isVisible()
    # Right-click > Always label: that nation is named with labels off.
    menu = window.edits.map_menu("LUX", map_.mapToGlobal(QPoint(10, 10)))
    always = next(a for a in menu.actions() if a.text().startswith("Always &label"))
    always.trigger()
    menu.close()
    map_.render_cache()
    assert [label.code for label in map_.placed_labels().labels] == ["LUX"]
    # The names are drawn over the selection outline, not under it.
    window.state.select("LUX")
    map_.render_cache()
    label = map_.placed_labels().labels[0]
    image = map_.grab().toImage()
    left, top, right, bottom = (round(v) for v in label.box)
    halo = QColor(map_.theme.label_halo)
    ratio = image.devicePixelRatio()
    inked = [
        image.pixelColor(round(x * ratio), round(y * ratio))
        for x in range(left, right)
        for y in range(top, bottom)
    ]
    assert sum(c.lightness() < 60 for c in inked) > 10  # the letters show
    assert any(c == halo for c in inked)  # over their halo, not under the outline


def test_sorting_the_nations_table_follows_the_day_and_edits(qtbot, window):
    import datetime as dt

    table = window.nations
    proxy = table.proxy
    names = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]

    def order(column: int, descending: bool = False) -> list[str]:
        table.view.sortByColumn(
            column,
            Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder,
        )
        return table.visible_order()

    collator = proxy._collator(window.state.language)

    def in_order(texts: list[str]) -> bool:
        return all(collator.compare(a, b) <= 0 for a, b in itertools.pairwise(texts))

    by_name = order(0)
    assert sorted(window.state.name(c) for c in by_name) == sorted(names)
    assert in_order([window.state.name(c) for c in by_name])
    by_category = order(1)
    labels = [window.state.styled().label_of(window.state.category_of(c)) for c in by_category]
    assert in_order(labels)
    assert labels[0] == "Opposing" and "RUS" in by_category[:3]
    # On the launch day Canada had no stated position yet: the sort follows the day.
    window.state.set_day(dt.date(2025, 3, 10))
    on_launch = order(1)
    assert set(on_launch[:3]) == {"CAN", "ALB", "BLR"}
    assert {proxy.index(r, 1).data() for r in range(3)} == {"No stated position"}
    window.state.set_day(dt.date(2025, 12, 1))
    # An edit re-sorts too: Malta turns opposing and sorts with the opposing nations.
    order(1)
    window.edits.editor.set_category("MLT", "opposing")
    after = table.visible_order()
    opposing = [c for c in after if window.state.category_of(c) == "opposing"]
    assert "MLT" in opposing and after[: len(opposing)] == opposing
    window.state.undo_stack.undo()
    assert window.state.category_of("MLT") == "undecided"
    undone = table.visible_order()
    assert "MLT" not in undone[: len(opposing) - 1]
