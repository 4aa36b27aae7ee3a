"""The window without a mouse and in the dark: arrow keys walk the map, Enter opens the
Nation panel, every control has an accessible name, and View > Theme switches the palette
(the map follows it, in the exports' colours)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from desktop.render.theme import DARK, LIGHT
from tests.ui.conftest import point_of


@pytest.fixture
def system_palette_after():
    yield
    # The palette is the application's: later tests must see the system's again.
    from desktop.ui.appearance import apply_appearance

    apply_appearance("system")


def press(qtbot, window, key) -> str | None:
    qtbot.keyClick(window.map, key)
    return window.state.selected


def test_arrow_keys_move_the_selection_to_the_neighbour_that_way(qtbot, window):
    window.map.setFocus()
    window.state.select("FRA")
    # Each step lands on a country lying that way on the screen.
    for key, axis, sign in (
        (Qt.Key.Key_Right, 0, 1),
        (Qt.Key.Key_Left, 0, -1),
        (Qt.Key.Key_Up, 1, -1),
        (Qt.Key.Key_Down, 1, 1),
    ):
        window.state.select("DEU")
        before = point_of(window.map, "DEU")
        after = press(qtbot, window, key)
        assert after not in (None, "DEU")
        moved = point_of(window.map, after) - before
        along = (moved.x(), moved.y())[axis] * sign
        across = abs((moved.y(), moved.x())[axis])
        assert along > 0 and across <= along * 3, (key, after)
    # Neighbours as a reader would name them; small states through their markers.
    expected = {
        ("USA", Qt.Key.Key_Up): "CAN",
        ("CAN", Qt.Key.Key_Down): "USA",
        ("FRA", Qt.Key.Key_Up): "BEL",
        ("FRA", Qt.Key.Key_Down): "ESP",
        ("FRA", Qt.Key.Key_Right): "CHE",
        ("ESP", Qt.Key.Key_Left): "PRT",
        ("DEU", Qt.Key.Key_Left): "NLD",
        ("POL", Qt.Key.Key_Right): "LTU",
        ("BEL", Qt.Key.Key_Right): "LUX",
        ("TUN", Qt.Key.Key_Right): "MLT",
    }
    for (start, key), neighbour in expected.items():
        window.state.select(start)
        assert press(qtbot, window, key) == neighbour, (start, key)
    # Nothing further north of Canada: the selection stays.
    window.state.select("CAN")
    assert press(qtbot, window, Qt.Key.Key_Up) == "CAN"


def test_arrows_from_no_selection_start_at_a_listed_nation(qtbot, window):
    window.state.select(None)
    window.map.setFocus()
    code = press(qtbot, window, Qt.Key.Key_Right)
    assert code in {nation.iso3 for nation in window.state.dataset.nations}


def test_enter_opens_the_nation_panel_with_the_focus_in_it(qtbot, window):
    window.docks["nation"].hide()
    window.map.setFocus()
    window.state.select("FRA")
    window.docks["nation"].hide()
    qtbot.keyClick(window.map, Qt.Key.Key_Return)
    assert window.docks["nation"].isVisible()
    assert "France" in window.nation_panel.browser.toPlainText()
    assert window.nation_panel.browser.hasFocus() or (
        QApplication.focusWidget() is window.nation_panel.browser
    )


def controls(window) -> list[QWidget]:
    """Every widget a keyboard user can reach, or a button they can press."""
    found = []
    for widget in window.findChildren(QWidget):
        # Hidden ones too: a tabbed dock or an overflowing toolbar shows them later.
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus or isinstance(widget, QAbstractButton):
            found.append(widget)
    return found


def test_every_control_has_an_accessible_name(window):
    reached = controls(window)
    assert len(reached) >= 10
    unnamed = []
    for widget in reached:
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface is not None, widget
        if not interface.text(QAccessible.Text.Name).strip():
            unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert unnamed == []


def test_view_menu_dark_theme_darkens_window_and_map_in_the_exports_colours(
    qtbot, window, settings, system_palette_after
):
    assert window.map.theme == LIGHT
    window.act_appearance["dark"].trigger()
    assert QApplication.palette().window().color().name() == DARK.background
    qtbot.waitUntil(lambda: window.map.theme == DARK)  # palette changes arrive as events
    image = window.map.grab().toImage()
    # The ocean at the map's bottom-left corner, as the dark exports paint it.
    corner = image.pixelColor(4, image.height() - 4).name()
    assert corner in (DARK.ocean, DARK.background)
    assert settings.value("appearance") == "dark"
    # Fields that colour themselves (the date fields) follow the palette too.
    field = window.timeline.compare_edit
    assert field.palette().base().color() == QApplication.palette().base().color()
    window.act_appearance["system"].trigger()
    qtbot.waitUntil(lambda: window.map.theme == LIGHT)
    assert settings.value("appearance") == "system"


def test_the_dark_theme_is_kept_for_the_next_run(
    qtbot, make_window, settings, system_palette_after
):
    settings.setValue("appearance", "dark")
    window = make_window()
    assert window.act_appearance["dark"].isChecked()
    qtbot.waitUntil(lambda: window.map.theme == DARK)


@pytest.mark.parametrize(
    ("window_colour", "text_colour", "expected"),
    [
        ("#202124", "#e8eaed", DARK),  # a desktop's dark scheme
        ("#000000", "#ffffff", DARK),  # a high-contrast scheme, white on black
        ("#ffffff", "#000000", LIGHT),  # a high-contrast scheme, black on white
    ],
)
def test_following_the_system_the_map_takes_the_systems_dark_or_light_palette(
    qtbot, window, system_palette_after, window_colour, text_colour, expected
):
    from PySide6.QtGui import QColor, QPalette

    assert window.act_appearance["system"].isChecked()
    # What Qt does when the desktop's colour scheme changes: a new application palette.
    palette = QPalette(QColor(window_colour), QColor(window_colour))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text_colour))
    palette.setColor(QPalette.ColorRole.Text, QColor(text_colour))
    palette.setColor(QPalette.ColorRole.Base, QColor(window_colour))
    QApplication.setPalette(palette)
    # Palette changes arrive as events; the window's own widgets take the system's colours
    # (the app does not repaint them), and the map its theme from them.
    qtbot.waitUntil(lambda: window.palette().window().color().name() == window_colour)
    qtbot.waitUntil(lambda: window.map.theme == expected)
    assert window.legend.palette().windowText().color().name() == text_colour
