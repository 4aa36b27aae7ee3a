"""The window's search in the chosen language: the pop-up shows each country by its name in
that language, and English names and codes still find it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.ui.nationstable import NAME
from tests.ui.test_window import type_text


def offered(search) -> list[tuple[str, str]]:
    """What the pop-up lists: (text shown, code), best first."""
    return [
        (search.matches.item(r).text(), search.matches.item(r).data(Qt.ItemDataRole.UserRole))
        for r in range(search.matches.rowCount())
    ]


def find(qtbot, window, language: str, typed: str) -> list[tuple[str, str]]:
    """Choose the language in View > Language, then type into the search field (Ctrl+F)."""
    window.act_language[language].trigger()
    assert window.state.language == language
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    type_text(window.search, typed)
    return offered(window.search)


@pytest.mark.parametrize(
    ("language", "typed", "shown"),
    [
        ("fr", "Allem", "Allemagne (DEU)"),
        ("fr", "Germ", "Allemagne (DEU)"),
        ("uk", "Німеч", "Німеччина (DEU)"),
        ("uk", "germany", "Німеччина (DEU)"),
        ("ar", "ألما", "ألمانيا (DEU)"),
        ("pl", "niemcy", "Niemcy (DEU)"),
    ],
)
def test_search_offers_germany_by_its_name_in_the_language_and_enter_selects_it(
    qtbot, window, language, typed, shown
):
    found = find(qtbot, window, language, typed)
    assert found[0] == (shown, "DEU")
    assert window.search.completer_.popup().isVisible()
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.state.selected == "DEU"
    assert not window.search.completer_.popup().isVisible()


def test_changing_the_language_refills_the_open_pop_up(qtbot, window):
    assert find(qtbot, window, "en", "Germ")[0] == ("Germany (DEU)", "DEU")
    window.act_language["fr"].trigger()
    assert offered(window.search)[0] == ("Allemagne (DEU)", "DEU")
    window.act_language["en"].trigger()
    assert offered(window.search)[0] == ("Germany (DEU)", "DEU")


def test_the_arrow_keys_and_enter_pick_an_entry_of_the_pop_up(qtbot, window):
    found = find(qtbot, window, "fr", "Ro")
    assert [code for _, code in found][:2] == ["ROU", "GBR"]  # Roumanie, Royaume-Uni
    popup = window.search.completer_.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    assert window.search.text() == "Royaume-Uni (GBR)"
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert window.state.selected == "GBR"
    assert not popup.isVisible()


def table_names(table) -> list[str]:
    return [table.proxy.index(row, NAME).data() for row in range(table.proxy.rowCount())]


def test_the_nations_table_filters_by_the_language_s_names_and_english_ones(qtbot, window):
    table = window.nations
    window.act_language["uk"].trigger()
    for typed in ("Німеч", "НІМЕЧЧИНА", "germ", "deu"):
        table.filter.setText(typed)
        assert table_names(table) == ["Німеччина"], typed
    table.filter.setText("Польщ")
    assert table_names(table) == ["Польща"]
    table.filter.setText("")
    assert len(table_names(table)) == 18


@pytest.mark.parametrize(
    ("language", "first", "last"),
    [
        # The small test dataset's 18 nations, in each language's alphabetical order.
        ("uk", ["Албанія", "Бельгія", "Білорусь", "Велика Британія"], ["Україна", "Франція"]),
        ("pl", ["Albania", "Belgia", "Białoruś", "Cypr"], ["Węgry", "Wielka Brytania"]),
        ("fr", ["Albanie", "Allemagne", "Belgique", "Biélorussie"], ["Turquie", "Ukraine"]),
    ],
)
def test_the_nations_table_sorts_names_in_the_language_s_order(window, language, first, last):
    window.act_language[language].trigger()
    names = table_names(window.nations)
    assert len(names) == 18
    assert names[: len(first)] == first and names[-len(last) :] == last, names
