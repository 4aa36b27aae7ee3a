"""The window in the reader's language: View > Language switches names, dates and layout
at once, and the choice is kept for the next run.

The window shows the frozen test dataset (tests/data/small.yaml); names and dates expected
below are CLDR's (through Babel), not the dataset's.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QStyle, QWidget

from desktop.geo.language import LANGUAGES
from desktop.io.gazetteer import default_gazetteer
from desktop.ui import mainwindow
from desktop.ui.mainwindow import MainWindow, open_initial
from desktop.ui.nationstable import NAME
from desktop.ui.state import AtlasState
from desktop.ui.translation import system_language
from tests.conftest import SMALL


def choose(window, code: str) -> None:
    """Pick a language in View > Language, as a user does."""
    menu = window.language_menu
    assert menu in [a.menu() for a in window.view_menu.actions() if a.menu()]
    action = next(a for a in menu.actions() if a is window.act_language[code])
    action.trigger()


def table_cell(window, code: str, role=Qt.ItemDataRole.DisplayRole):
    model = window.nations.model
    return model.index(model.row_of(code), NAME).data(role)


def test_the_language_menu_names_each_language_in_its_own_words(window):
    texts = [a.text() for a in window.language_menu.actions()]
    assert texts == ["English", "Français", "Deutsch", "Українська", "Polski", "Español", "العربية"]
    assert window.act_language["en"].isChecked()


def test_choosing_french_names_germany_allemagne_everywhere_at_once(qtbot, window):
    assert table_cell(window, "DEU") == "Germany"
    choose(window, "fr")
    assert window.act_language["fr"].isChecked()
    assert window.state.language == "fr"
    # Nations table, its tooltip, and the map's hover text.
    assert table_cell(window, "DEU") == "Allemagne"
    assert table_cell(window, "DEU", Qt.ItemDataRole.ToolTipRole) == "Allemagne"
    assert window.map.tooltip_text("DEU").splitlines()[0] == "Allemagne"
    # The map's labels are drawn from the styled map of the day in French.
    window.act_labels.setChecked(True)
    window.map.set_labels(True)
    window.map.repaint()
    drawn = {label.code: label.text for label in window.map._placement.labels}
    assert drawn.get("DEU") == "Allemagne" or "Allemagne" in window.map.unplaced
    # Search lists the French name; the nation panel titles it so.
    window.search.update_matches("DEU")
    assert window.search.matches.item(0).text() == "Allemagne (DEU)"
    window.state.select("DEU")
    assert "<h2>Allemagne</h2>" in window.nation_panel.html()
    # Dates: the status bar's as-of, the timeline's date.
    assert window.as_of_label.text() == "Situation : 1 déc. 2025"
    assert window.timeline.date_label.text() == "1 déc. 2025"
    # Back to English, at once too.
    choose(window, "en")
    assert table_cell(window, "DEU") == "Germany"
    assert window.as_of_label.text() == "As of 1 Dec 2025"


def test_german_names_the_legend_and_changes_dates_in_german(window):
    choose(window, "de")
    assert table_cell(window, "FRA") == "Frankreich"
    assert window.timeline.date_label.text() == "1. Dez. 2025"
    ticks = [tick.label for tick in window.timeline.slider.axis() if tick.label]
    assert ticks and not any(label in ("Mar", "Oct", "Dec") for label in ticks)


def test_the_chosen_language_is_kept_for_the_next_run(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "kept.ini"), QSettings.Format.IniFormat)

    def start() -> MainWindow:
        window = MainWindow(AtlasState(default_gazetteer()), settings)
        qtbot.addWidget(window)
        window.restore_settings()
        open_initial(window, str(SMALL))
        return window

    first = start()
    assert first.state.language == "en"
    assert settings.value("language") is None  # following the system is not a choice
    choose(first, "uk")
    settings.sync()
    assert QSettings(settings.fileName(), QSettings.Format.IniFormat).value("language") == "uk"
    first.close()

    second = start()
    assert second.state.language == "uk"
    assert second.act_language["uk"].isChecked()
    assert table_cell(second, "DEU") == "Німеччина"
    second.set_language("en")


def test_without_a_setting_the_window_follows_the_systems_language(qtbot, settings, monkeypatch):
    monkeypatch.setattr(mainwindow, "system_language", lambda: system_language(QLocale("pl_PL")))
    window = MainWindow(AtlasState(default_gazetteer()), settings)
    qtbot.addWidget(window)
    window.restore_settings()
    open_initial(window, str(SMALL))
    assert window.state.language == "pl"
    assert table_cell(window, "DEU") == "Niemcy"
    window.set_language("en")


def test_a_system_language_the_app_does_not_speak_means_english():
    assert system_language(QLocale("de_AT")) == "de"
    assert system_language(QLocale("ar_EG")) == "ar"
    assert system_language(QLocale("it_IT")) == "en"
    assert system_language(QLocale("C")) == "en"


def test_a_saved_language_the_app_does_not_know_falls_back_to_the_systems(
    qtbot, settings, monkeypatch
):
    settings.setValue("language", "xx")
    monkeypatch.setattr(mainwindow, "system_language", lambda: "es")
    window = MainWindow(AtlasState(default_gazetteer()), settings)
    qtbot.addWidget(window)
    window.restore_settings()
    assert window.state.language == "es"
    window.set_language("en")


def test_arabic_lays_the_window_out_right_to_left_and_english_back(window):
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    choose(window, "ar")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.nations.view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert table_cell(window, "DEU") == "ألمانيا"
    choose(window, "fr")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_in_arabic_the_timeline_still_runs_left_to_right_under_its_handle(window):
    choose(window, "ar")
    slider = window.timeline.slider
    assert slider.layoutDirection() == Qt.LayoutDirection.LeftToRight
    # The handle sits at the day viewed (the last), on the axis's latest end.
    assert slider.value() == slider.maximum()
    assert slider.x_of(slider.maximum()) > slider.x_of(slider.minimum())
    handle = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, slider._option(), QStyle.SubControl.SC_SliderHandle, slider
    )
    assert abs(handle.center().x() - slider.x_of(slider.maximum())) < handle.width()


def test_the_window_legend_counts_the_same_in_every_language(window):
    def counts() -> dict:
        return {row.category_id: row.count for row in window.legend.rows}

    english = counts()
    assert english["participating"] == 12  # the frozen test dataset's, on its as-of date
    for code in ("fr", "de", "uk", "pl", "es", "ar"):
        choose(window, code)
        assert counts() == english, code


# -- the window's own words: Qt's translation system over the gettext catalogs -----------------
class PseudoWords:
    """A stand-in catalog that "translates" every message by bracketing it, so a test can
    see at a glance which of the window's texts went through the translation system."""

    lang = "fr"

    def lookup(self, message: str) -> str:
        return f"⟦{message}⟧"

    def lookup_plural(self, singular: str, plural: str, n: int) -> str:
        return f"⟦{singular if n == 1 else plural}⟧"


def menu_texts(menu) -> list[tuple[str, str]]:
    """(text, tooltip) of every action under a menu, submenus included (built as shown)."""
    menu.aboutToShow.emit()
    found = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        found.append((action.text(), action.toolTip()))
        if action.menu() is not None:
            found += menu_texts(action.menu())
    return found


def test_every_word_of_the_windows_menus_docks_and_fields_is_translated(monkeypatch, window):
    from desktop.ui import translation

    monkeypatch.setattr(translation, "words", lambda lang: PseudoWords())
    choose(window, "fr")
    own_words = set(LANGUAGE_NAMES) | {"No recent files"}
    recent = window.recent_menu
    texts = []
    for top in window.menuBar().actions():
        texts.append(top.text())
        for text, tip in menu_texts(top.menu()):
            texts.append(text)
            if tip and tip != text.replace("&", ""):
                texts.append(tip)
    recent.aboutToShow.emit()
    untranslated = [
        t
        for t in texts
        if t
        and "⟦" not in t
        and t not in own_words
        and t not in {text for a in recent.actions() for text in (a.text(), a.toolTip())}
        and t not in {c.label for c in window.state.dataset.categories}
    ]
    assert untranslated == []
    for dock in window.docks.values():
        assert dock.windowTitle().startswith("⟦"), dock.windowTitle()
    for field in (window.nations.filter, window.search):
        assert field.placeholderText().startswith("⟦")
        assert field.accessibleName().startswith("⟦")
    assert window.nations.all_countries.text() == "⟦All countries⟧"
    header = window.nations.view.model().headerData(0, Qt.Orientation.Horizontal)
    assert header == "⟦Nation⟧"
    assert window.timeline.compare_button.text() == "⟦Changes since⟧"
    assert window.timeline.act_play.text() == "⟦Play events⟧"
    assert window.legend.note.text().endswith("⟦Click a category to highlight its members.⟧")
    assert window.legend.row("participating").toolTip().startswith("⟦")
    assert "⟦Click a country on the map" in window.nation_panel.html()
    assert window.changes.summary_text().startswith("⟦")
    # Every tooltip, accessible name and description, placeholder and label of the window's
    # own widgets; dataset text, names and dates, and Qt's own controls (their words are
    # Qt's translations) aside.
    data = {window.state.day_text(), window.state.styled().as_of}
    data |= {row.label for row in window.state.styled().legend}
    texts = set()
    for widget in window.findChildren(QWidget):
        if widget.objectName().startswith(("qt_", "Scroll")):
            continue
        shown = [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLineEdit):
            shown.append(widget.placeholderText())
        if isinstance(widget, (QAbstractButton, QLabel)):
            shown.append(widget.text())
        texts |= {text for text in shown if text and text not in data}
    assert [text for text in texts if "⟦" not in text] == []
    # Back to English: every word as it was.
    monkeypatch.undo()
    choose(window, "en")
    assert window.file_menu.title() == "&File"
    assert window.docks["legend"].windowTitle() == "Legend"
    assert window.nations.filter.placeholderText() == "Filter by name, code or role"


LANGUAGE_NAMES = ("English", "Français", "Deutsch", "Українська", "Polski", "Español", "العربية")


def test_the_windows_words_come_from_the_same_catalogs_as_the_exports(window):
    from desktop.geo.language import words

    choose(window, "fr")
    # A word the catalogs already translate: the contribution kinds in the Nation panel.
    window.state.select("FRA")
    assert "Troupes" in window.nation_panel.html()
    # Qt's own calls reach the same catalog, whatever their context.
    assert window.tr("Troops") == "Troupes"
    assert QCoreApplication.translate("AnyContext", "Troops") == "Troupes"
    # Every bound text is its catalog's translation, or the English where there is none yet.
    expected = words("fr").lookup("&File") or "&File"
    assert window.file_menu.title() == expected


def test_counted_messages_follow_each_languages_plural_rules(window):
    from desktop.ui.translation import ntr

    choose(window, "uk")
    assert ntr("{n} source", "{n} sources", 2) == "2 джерела"
    assert ntr("{n} source", "{n} sources", 5) == "5 джерел"
    choose(window, "ar")
    assert ntr("{n} source", "{n} sources", 2) == "مصدران"
    choose(window, "en")
    assert ntr("{n} source", "{n} sources", 1) == "1 source"
    assert ntr("{n} source", "{n} sources", 3) == "3 sources"


def test_qts_own_buttons_speak_the_language_too(window):
    from PySide6.QtWidgets import QDialogButtonBox

    choose(window, "de")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Abbrechen"
    choose(window, "en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


def test_every_message_the_window_asks_for_is_in_the_catalogs_template():
    """tr, ntr and N_ with a literal message anywhere in the window's code: each is found by
    scripts/messages.py, so the completeness test sees it (a call the extractor cannot
    read, such as tr inside an f-string, would fail here)."""
    import ast
    import importlib.util

    from desktop.paths import data_root

    spec = importlib.util.spec_from_file_location(
        "atlas_messages", data_root() / "scripts" / "messages.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    ids = script.message_ids()
    asked = []
    for path in sorted((data_root() / "desktop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            if name in ("tr", "N_"):
                asked.append((path.name, node.lineno, first.value))
            elif name == "ntr" and isinstance(node.args[1], ast.Constant):
                asked.append((path.name, node.lineno, (first.value, node.args[1].value)))
    assert len(asked) > 400
    assert [a for a in asked if a[2] not in ids] == []


def access_keys(menu) -> list[str]:
    """The letter after ``&`` in each item of ``menu`` (what Alt and that letter picks)."""
    keys = []
    for action in menu.actions():
        found = re.search(r"&(\w)", action.text().replace("&&", ""))
        if found:
            keys.append(found[1].casefold())
    return keys


def every_menu(window):
    yield window.menuBar()
    waiting = [a.menu() for a in window.menuBar().actions() if a.menu()]
    while waiting:
        menu = waiting.pop()
        yield menu
        waiting += [a.menu() for a in menu.actions() if a.menu()]


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_in_every_language_each_menu_gives_each_item_its_own_access_key(window, code):
    choose(window, code)
    for menu in every_menu(window):
        keys = access_keys(menu)
        assert len(keys) == len(set(keys)), (code, menu.title(), keys)
