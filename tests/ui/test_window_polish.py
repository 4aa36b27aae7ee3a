"""Small things a new user notices: a fresh frame for another dataset, search that shows where
a country is, Escape that clears."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt

from tests.ui.conftest import compare_since, point_of
from tests.ui.test_window import type_text

NATO = Path(__file__).resolve().parent.parent / "data" / "nato-enlargement.yaml"


def in_view(window, code: str) -> bool:
    point = point_of(window.map, code)
    return (
        point is not None
        and 0 < point.x() < window.map.width()
        and (0 < point.y() < window.map.height())
    )


def seen(window) -> set[str]:
    """Countries with land somewhere on a grid over the map: what the eye finds there."""
    width, height = window.map.width(), window.map.height()
    return {
        window.map.country_at(QPointF(width * (i + 0.5) / 48, height * (j + 0.5) / 32))
        for i in range(48)
        for j in range(32)
    } - {None}


def around(window) -> set[str]:
    """What one sees on the map: land on the grid, and small states' markers in view."""
    window.map.repaint()  # small states get their markers
    markers = {m.code for m in window.map._markers if in_view(window, m.code)}
    return seen(window) | markers


def test_opening_another_dataset_frames_it_afresh_but_reload_keeps_the_view(
    qtbot, window, tmp_path
):
    home = window.map.view
    window.go_to("JPN")
    assert window.map.view != home and not in_view(window, "USA")
    assert window.open_path(NATO)
    assert window.map.view == home and window.map.fitted == "home"
    assert in_view(window, "USA") and in_view(window, "TUR")

    window.act_europe.trigger()
    qtbot.keyClick(window.map, Qt.Key.Key_Plus)
    qtbot.keyClick(window.map, Qt.Key.Key_Plus)
    zoomed = window.map.view
    window.reload()  # the same file again: one keeps looking where one was
    assert window.map.view == zoomed
    copy = tmp_path / "copy.yaml"
    copy.write_text(NATO.read_text(encoding="utf-8"), encoding="utf-8")
    assert window.open_path(copy)
    assert window.map.view == window.map.home_view() and window.map.preset == "europe"


@pytest.mark.parametrize(
    ("preset", "code", "neighbours"),
    [
        ("europe", "LUX", ("BEL", "DEU", "FRA", "NLD")),
        ("world", "LUX", ("BEL", "DEU", "FRA")),
        ("europe", "MLT", ("ITA", "TUN")),
        ("europe", "BEL", ("NLD", "DEU", "FRA", "GBR")),
        ("world", "SGP", ("MYS", "IDN")),
        ("world", "NRU", ("MHL", "SLB")),  # islands far apart: their nearest neighbours
    ],
)
def test_search_frames_a_small_country_with_its_neighbours(qtbot, window, preset, code, neighbours):
    window.map.set_preset(preset)
    home = window.map.view
    window.go_to(code)
    assert window.state.selected == code
    assert window.map.view.scale > home.scale * 1.5  # it zoomed in
    assert in_view(window, code)
    found = around(window)
    assert set(neighbours) <= found, found
    assert len(found) >= len(neighbours) + 1
    # The country is near the middle, where the eye goes.
    point = point_of(window.map, code)
    assert abs(point.x() - window.map.width() / 2) < window.map.width() * 0.2
    # And it stays framed so when the window changes size.
    window.resize(window.width() - 200, window.height() - 100)
    qtbot.waitUntil(lambda: set(neighbours) <= around(window))
    assert in_view(window, code)


def test_escape_clears_the_search_and_hands_the_keys_back_to_the_map(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(window.search, "lux")
    popup = window.search.completer_.popup()
    qtbot.waitUntil(popup.isVisible)
    # One press, with the pop-up open: the text, the matches and the pop-up all go.
    qtbot.keyClick(popup if popup.isVisible() else window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert not popup.isVisible()
    assert window.search.matches.rowCount() == 0
    assert window.map.hasFocus()
    # Escape on an empty field does no harm, and a new search works.
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    type_text(window.search, "Malta")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.state.selected == "MLT"


def test_a_click_after_search_still_selects_what_is_under_the_pointer(qtbot, window):
    window.go_to("LUX")
    point = point_of(window.map, "DEU")
    qtbot.mouseClick(window.map, Qt.MouseButton.LeftButton, pos=QPointF(point).toPoint())
    assert window.state.selected == "DEU"


def mid_word_breaks(document) -> list[str]:
    """Words a laid-out rich-text document breaks across two lines."""
    broken = []
    block = document.begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        for i in range(layout.lineCount() - 1):
            line = layout.lineAt(i)
            end = line.textStart() + line.textLength()
            # A line ending inside a word: letters or digits on both sides of the break.
            if 0 < end < len(text) and text[end - 1].isalnum() and not text[end].isspace():
                start = text.rfind(" ", 0, end) + 1
                stop = text.find(" ", end)
                broken.append(text[start : stop if stop >= 0 else None])
        block = block.next()
    return broken


def test_the_history_list_breaks_lines_between_words_in_a_narrow_dock(make_window, qtbot):
    import datetime as dt

    window = make_window(NATO)
    window.state.set_day(dt.date(2023, 1, 1))
    window.state.select("SWE")
    panel = window.nation_panel
    window.resizeDocks([window.docks["nation"]], [240], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: panel.browser.viewport().width() < 260)
    document = panel.browser.document()
    document.setTextWidth(panel.browser.viewport().width())
    text = document.toPlainText()
    assert "18\u00a0May\u00a02022" in text or "18 May 2022" in text
    assert "(later)" in text  # Sweden's accession came after the day viewed
    assert mid_word_breaks(document) == []
    # At any width down to a narrow phone-like column, only whole words move down a line.
    for width in (320, 200, 170):
        document.setTextWidth(width)
        assert mid_word_breaks(document) == [], width


def test_the_changes_list_shows_every_date_and_word_whole_in_a_narrow_dock(window, qtbot):
    import datetime as dt

    # Since the day before the test dataset's first entries: the ten nations with a history.
    compare_since(window.timeline, dt.date(2025, 3, 1))
    panel = window.changes
    window.resizeDocks([window.docks["changes"]], [280], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: panel.tree.viewport().width() < 300)
    tree, delegate = panel.tree, panel.delegate
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 10)
    tree.doItemsLayout()
    viewport = tree.viewport().width()
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.initFrom(tree)
    for item in panel.items():
        for column in (0, 1):
            index = tree.indexFromItem(item, column)
            rect = tree.visualRect(index)
            # Each column holds its longest word; the row holds every wrapped line.
            assert rect.width() >= delegate.longest_word(option, index), item.text(0)
            assert rect.height() >= delegate.sizeHint(option, index).height() - 1
        date = tree.visualRect(tree.indexFromItem(item, 1))
        assert date.right() <= viewport, item.text(1)  # the date is not cut at the edge
