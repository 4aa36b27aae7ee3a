"""Editing in the window: every edit undoable, saving safe, nothing lost.

The window edits a copy of the frozen test dataset (tests/data/small.yaml): 12 participating,
3 opposing, 3 undecided at its date, 1 Dec 2025.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop.io import load_dataset
from desktop.model import PartialDate
from tests.conftest import REPO, SMALL
from tests.io.test_sheet_import import OBSERVER, OPPOSING, PARTICIPATING, UNDECIDED
from tests.ui.conftest import choose_file, event_items, point_of

Button = QMessageBox.StandardButton


@pytest.fixture
def editable(make_window, small_copy, answering):
    """A window on a copy of the test dataset, answering questions as told (with no answer
    queued, Discard where a box offers it: closing at the end of a test saves nothing)."""
    window = make_window(small_copy)
    answering(window)
    return window


def in_dialog(qtbot, fill):
    """Run ``fill(dialog)`` on the next modal dialog, then accept it."""

    def act():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, act)
            return
        fill(dialog)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click() if hasattr(
            dialog, "buttons"
        ) else dialog.accept()

    QTimer.singleShot(20, act)


def undo_text(window) -> str:
    return window.state.undo_stack.undoText()


def test_right_click_adds_an_unlisted_country_and_undo_redo_follow(qtbot, editable):
    window = editable
    assert window.legend.row("participating").count == 12
    menu = window.edits.map_menu("CHE", QPoint(10, 10))
    add_as = next(a for a in menu.actions() if a.menu() is not None).menu()
    assert [a.text() for a in add_as.actions()] == ["Participating", "Opposing", "Undecided"]
    add_as.actions()[0].trigger()
    menu.close()
    assert window.state.dataset.nation("CHE").category == "participating"
    assert window.legend.row("participating").count == 13
    assert "CHE" in window.nations.visible_order()
    assert window.isWindowModified()
    assert undo_text(window) == "Add Switzerland as Participating"
    qtbot.keyClick(window.map, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.state.dataset.nation("CHE") is None
    assert window.legend.row("participating").count == 12
    assert not window.isWindowModified()
    qtbot.keyClick(
        window.map,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.state.dataset.nation("CHE").category == "participating"


def test_paint_mode_sets_categories_by_clicking_and_escape_stops(qtbot, editable):
    window = editable
    window.act_europe.trigger()  # Germany large enough that its outline is far from its centre
    window.edits.set_paint("opposing")
    germany = point_of(window.map, "DEU")
    qtbot.mouseClick(window.map, Qt.MouseButton.LeftButton, pos=germany.toPoint())
    assert window.state.dataset.nation("DEU").category == "opposing"
    window.state.hover(None)  # the pointer's glow tints the pixel
    window.map.repaint()
    image = window.map.grab().toImage()
    ratio = image.devicePixelRatio()
    assert (
        image.pixelColor(round(germany.x() * ratio), round(germany.y() * ratio)).name() == "#d55e00"
    )
    qtbot.keyClick(window.map, Qt.Key.Key_Escape)
    assert window.edits.editor.paint_category is None
    qtbot.mouseClick(
        window.map, Qt.MouseButton.LeftButton, pos=point_of(window.map, "FRA").toPoint()
    )
    assert window.state.dataset.nation("FRA").category == "participating"  # a plain click again


def test_panel_links_move_and_remove_contributions_undoably(qtbot, editable):
    window = editable
    window.state.select("FRA")
    texts = [c.text for c in window.state.dataset.nation("FRA").contributions]
    assert texts == [
        "Troops for a reassurance force after a ceasefire.",
        "Air policing.",
        "Mine clearance ships.",
    ]
    html = window.nation_panel.browser.toHtml()
    assert "atlas:edit-contribution/0" in html and "atlas:remove-nation" in html
    window.nation_panel.browser.anchorClicked.emit(QUrl("atlas:down-contribution/0"))
    moved = [c.text for c in window.state.dataset.nation("FRA").contributions]
    assert moved == [texts[1], texts[0], texts[2]]
    assert undo_text(window) == "Move contribution of France"
    window.nation_panel.browser.anchorClicked.emit(QUrl("atlas:remove-contribution/0"))
    assert [c.text for c in window.state.dataset.nation("FRA").contributions] == [
        texts[0],
        texts[2],
    ]
    window.state.undo_stack.undo()
    window.state.undo_stack.undo()
    assert [c.text for c in window.state.dataset.nation("FRA").contributions] == texts


def test_add_a_contribution_with_a_new_source_in_one_undo_step(qtbot, editable):
    window = editable
    window.state.select("NLD")

    def fill(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData("naval"))
        dialog.text.setPlainText("Coast guard vessel offered.")
        dialog.date.setText("2025-11")
        from desktop.model.dataset import Source

        source = Source("example-org-1", "https://example.org/vessel", "A vessel is offered")
        dialog.sources.new_sources[source.id] = source
        dialog.sources._add_item(source, True)

    in_dialog(qtbot, fill)
    window.edits.contribution(None)
    nation = window.state.dataset.nation("NLD")
    assert nation.contributions[-1].text == "Coast guard vessel offered."
    assert str(nation.contributions[-1].date) == "2025-11"
    assert nation.contributions[-1].sources == ["example-org-1"]
    assert "example-org-1" in window.state.dataset.sources
    assert "Coast guard vessel offered." in window.nation_panel.browser.toPlainText()
    window.state.undo_stack.undo()
    assert "example-org-1" not in window.state.dataset.sources
    assert window.state.dataset.nation("NLD").contributions == []


def test_edit_nation_details_from_the_dialog(qtbot, editable):
    window = editable
    window.state.select("MLT")

    def fill(dialog):
        dialog.role.setText("Neutral (edited)")
        dialog.confidence.setCurrentIndex(dialog.confidence.findData("low"))

    in_dialog(qtbot, fill)
    window.edits.edit_selected()
    nation = window.state.dataset.nation("MLT")
    assert nation.role == "Neutral (edited)" and nation.confidence == "low"
    assert undo_text(window) == "Edit details of Malta"


def test_categories_dialog_recolours_and_removes_with_reassignment(qtbot, editable):
    window = editable

    def fill(dialog):
        dialog.list.setCurrentRow(0)
        dialog.set_colour(0, "#009E73")
        dialog.list.setCurrentRow(2)
        dialog.remove(target="opposing")
        dialog.add("Observer")

    in_dialog(qtbot, fill)
    window.edits.categories_dialog()
    dataset = window.state.dataset
    assert [c.id for c in dataset.categories] == ["participating", "opposing", "observer"]
    assert dataset.category("participating").color == "#009E73"
    assert dataset.nation("USA").category == "opposing"
    assert window.legend.row("opposing").count == 6  # BLR HUN RUS + MLT TUR USA
    assert window.legend.row("observer").count == 0
    window.map.repaint()
    window.state.undo_stack.undo()
    assert [c.id for c in window.state.dataset.categories] == [
        "participating",
        "opposing",
        "undecided",
    ]
    assert window.state.dataset.nation("USA").category == "undecided"


def test_categories_dialog_renames_recolours_and_hides_the_unlisted_class(qtbot, editable):
    window = editable

    def fill(dialog):
        dialog.unlisted_label.selectAll()
        qtbot.keyClicks(dialog.unlisted_label, "Not in the coalition")
        dialog.set_unlisted_colour("#dddddd")
        dialog.unlisted_legend.setChecked(False)

    in_dialog(qtbot, fill)
    window.edits.categories_dialog()
    unlisted = window.state.dataset.unlisted
    assert (unlisted.label, unlisted.color, unlisted.legend) == (
        "Not in the coalition",
        "#DDDDDD",
        False,
    )
    assert undo_text(window) == "Edit categories"
    window.state.undo_stack.undo()
    assert window.state.dataset.unlisted.label == "No stated position"
    assert window.state.dataset.unlisted.legend


def test_save_keeps_comments_and_clears_the_modified_mark(qtbot, editable, small_copy):
    window = editable
    window.edits.editor.update_nation("MLT", role="Neutral observer")
    assert window.isWindowModified()
    qtbot.keyClick(window.map, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    text = small_copy.read_text(encoding="utf-8")
    assert (small_copy.parent / "small.yaml.bak").read_bytes() == SMALL.read_bytes()
    original, saved = SMALL.read_text(encoding="utf-8").splitlines(), text.splitlines()
    # One line changed; every comment and the layout are kept.
    assert [line for line in saved if line not in original] == ["    role: Neutral observer"]
    assert [line for line in original if line not in saved] == ["    role: Neutral"]
    assert len(saved) == len(original)
    assert load_dataset(small_copy).dataset.nation("MLT").role == "Neutral observer"


def test_a_save_that_would_not_load_is_refused_with_reasons(qtbot, editable, small_copy):
    window = editable
    # No edit the window offers can do this; a broken file must still never be written.
    window.state.dataset.nations[0].category = "ghost"
    window.state.undo_stack.resetClean()
    assert not window.save()
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert [box.windowTitle() for box in boxes] == ["Not saved"]
    assert "category 'ghost' is not defined" in boxes[0].detailedText()
    assert small_copy.read_bytes() == SMALL.read_bytes()


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(qtbot, editable):
    window = editable
    window.edits.editor.update_nation("MLT", role="Changed")
    window.answers = [Button.Cancel]
    assert not window.close()
    assert window.isVisible() and window.asked == ["Unsaved changes"]
    window.answers = [Button.Discard]
    assert window.close()


def test_the_stand_in_user_discards_unsaved_changes_when_not_told(qtbot, editable, small_copy):
    window = editable
    window.edits.editor.update_nation("MLT", role="Changed")
    assert window.close()
    assert window.asked == ["Unsaved changes"]
    assert small_copy.read_bytes() == SMALL.read_bytes()
    assert not (small_copy.parent / "small.yaml.bak").exists()


def test_opening_another_file_with_unsaved_changes_asks_first(qtbot, editable, three_countries):
    window = editable
    window.edits.editor.set_category("CHE", "undecided")
    window.answers = [Button.Cancel]
    assert not window.open_path(three_countries)
    assert window.state.dataset.nation("CHE") is not None
    window.answers = [Button.Discard]
    assert window.open_path(three_countries)
    assert window.state.dataset.title == "Three-country test"


def test_new_dataset_from_the_template_and_save_as(qtbot, editable, tmp_path):
    window = editable
    assert window.document.new()
    assert window.state.dataset.title == "Untitled coalition"
    assert window.windowTitle().startswith("Untitled coalition — untitled")
    window.edits.editor.set_category("FRA", "participating")
    target = tmp_path / "mine.yaml"
    choose_file(target)
    assert window.document.save_as()
    again = load_dataset(target).dataset
    assert [n.iso3 for n in again.nations] == ["FRA"]
    assert "# A new Coalition Atlas dataset." in target.read_text(encoding="utf-8")


def test_a_change_made_by_another_program_is_offered_for_reload(qtbot, editable, small_copy):
    window = editable
    text = small_copy.read_text(encoding="utf-8")
    small_copy.write_text(
        text.replace("title: Small test coalition", "title: Changed elsewhere"),
        encoding="utf-8",
    )
    window.answers = [Button.Yes]
    qtbot.waitUntil(lambda: "File changed on disk" in window.asked, timeout=5000)
    qtbot.waitUntil(lambda: window.state.dataset.title == "Changed elsewhere", timeout=5000)


def test_saving_over_a_file_changed_elsewhere_asks_first(qtbot, editable, small_copy):
    window = editable
    window.document.watcher.removePaths(window.document.watcher.files())  # only the save guard
    window.edits.editor.update_nation("MLT", role="Mine")
    small_copy.write_text(small_copy.read_text(encoding="utf-8") + "\n# theirs\n", encoding="utf-8")
    window.answers = [Button.Cancel]
    assert not window.save()
    assert small_copy.read_text(encoding="utf-8").endswith("# theirs\n")
    window.answers = [Button.Save]
    assert window.save()
    assert "role: Mine" in small_copy.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_recovery_copy_is_offered_after_a_crash(
    qtbot, make_window, small_copy, recovery_folder, answering
):
    # A real process makes an edit, writes its recovery copy, and dies without cleaning up.
    script = textwrap.dedent(
        f"""
        import os, sys
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        app = QApplication(["x", "-platform", "offscreen"])
        from desktop.io.gazetteer import default_gazetteer
        from desktop.ui.mainwindow import MainWindow, open_initial
        from desktop.ui.state import AtlasState
        window = MainWindow(AtlasState(default_gazetteer()), QSettings({str(small_copy.parent / "s.ini")!r}, QSettings.Format.IniFormat))
        open_initial(window, {str(small_copy)!r})
        window.edits.editor.set_category("CHE", "opposing")
        window.document.write_recovery()
        os._exit(9)
        """
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")  # the test's own XDG_DATA_HOME
    crashed = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, timeout=120)
    assert crashed.returncode == 9
    assert small_copy.read_bytes() == SMALL.read_bytes()  # nothing was saved

    window = make_window(small_copy)
    answering(window)
    window.answers = [Button.Yes, Button.Save]
    assert window.document.offer_recovery()
    assert window.asked[0] == "Recover unsaved changes?"
    assert "Small test coalition" in window.questions[0]
    assert window.state.dataset.nation("CHE").category == "opposing"
    assert window.isWindowModified()
    assert window.state.loaded.path == small_copy
    assert window.save()
    assert load_dataset(small_copy).dataset.nation("CHE").category == "opposing"
    assert window.document.pending_recoveries() == []


def test_recovery_copies_are_written_while_modified_and_removed_when_saved(
    qtbot, editable, recovery_folder
):
    window = editable
    assert window.document.write_recovery() is None  # nothing to recover yet
    window.edits.editor.set_category("CHE", "undecided")
    written = window.document.write_recovery()
    assert written is not None and written.exists()
    assert load_dataset(written).dataset.nation("CHE").category == "undecided"
    assert window.document.recovery_timer.interval() == 60_000
    window.save()
    assert not written.exists()


def test_import_merges_a_sheet_as_one_undo_step(qtbot, editable):
    window = editable
    sheet = REPO / "tests" / "data" / "sheets" / "messy.csv"
    before = {n.iso3 for n in window.state.dataset.nations}
    assert len(before) == 18
    choose_file(sheet)
    window.answers = [Button.Yes, Button.Yes]  # import the good rows; merge them
    assert window.document.import_sheet()
    assert window.asked == ["Rows with problems", "Import"]
    after = {n.iso3 for n in window.state.dataset.nations}
    assert after == before | PARTICIPATING | UNDECIDED | OPPOSING | OBSERVER
    assert undo_text(window) == "Import messy.csv"
    window.state.undo_stack.undo()
    assert {n.iso3 for n in window.state.dataset.nations} == before


def test_import_with_bad_rows_is_refused_unless_asked(qtbot, editable):
    window = editable
    sheet = REPO / "tests" / "data" / "sheets" / "messy.csv"
    window.answers = [Button.Cancel]
    choose_file(sheet)
    assert not window.document.import_sheet()
    assert window.asked == ["Rows with problems"]
    assert window.state.undo_stack.count() == 0


def test_events_and_organisations_are_edited_from_their_panel(qtbot, editable):
    window = editable
    dataset = window.state.dataset
    first = event_items(window.events)[0]
    index = first.data(0, Qt.ItemDataRole.UserRole + 1)
    assert dataset.events[index].title == "Launch summit"
    menu = window.edits.events_menu("event", index, QPoint(5, 5))
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Edit event…",
        "Remove event",
        "Add e&vent…",
    ]
    menu.close()

    def fill(dialog):
        dialog.title_.setText("Renamed meeting")
        dialog.participants.setText("GBR, Türkiye, Holland")

    in_dialog(qtbot, fill)
    window.edits.edit_event(index)
    assert dataset.events[index].title == "Renamed meeting"
    assert window.state.dataset.events[index].participants == ["GBR", "TUR", "NLD"]
    assert any(item.text(1).startswith("Renamed meeting") for item in event_items(window.events))
    count = len(window.state.dataset.events)
    window.edits.remove_event(index)
    assert len(window.state.dataset.events) == count - 1
    window.state.undo_stack.undo()
    window.state.undo_stack.undo()
    assert window.state.dataset.events[index].title == "Launch summit"
    assert window.state.dataset.events[index].participants == [
        "GBR", "FRA", "DEU", "POL", "NLD", "UKR"
    ]  # fmt: skip

    def fill_org(dialog):
        dialog.name.setText("OSCE")
        dialog.role.setText("Observer")

    in_dialog(qtbot, fill_org)
    window.edits.edit_organisation(None)
    assert window.state.dataset.organisations[-1].name == "OSCE"
    assert undo_text(window) == "Add organisation OSCE"


def test_recording_a_dated_change_keeps_the_past(qtbot, editable):
    window = editable
    window.state.select("USA")
    assert window.state.dataset.nation("USA").category == "undecided"

    def fill(dialog):
        dialog.date.setText("2025-11-20")
        dialog.category.setCurrentIndex(dialog.category.findData("participating"))
        dialog.note.setText("Joined (test)")

    in_dialog(qtbot, fill)
    window.nation_panel.browser.anchorClicked.emit(QUrl("atlas:add-history"))
    usa = window.state.dataset.nation("USA")
    assert usa.category == "participating"
    from desktop.model.asof import category_on
    from desktop.model.dates import PartialDate

    assert category_on(usa, PartialDate.parse("2025-11-19")) == "undecided"
    assert window.legend.row("participating").count == 13
    assert "Joined (test)" in window.nation_panel.browser.toPlainText()


def test_the_nation_panel_sets_a_category_in_one_click(qtbot, editable):
    window = editable
    window.state.select("MLT")
    html = window.nation_panel.browser.toHtml()
    opposing = [c.id for c in window.state.dataset.categories].index("opposing")
    assert f"atlas:set-category/{opposing}" in html
    window.nation_panel.browser.anchorClicked.emit(QUrl(f"atlas:set-category/{opposing}"))
    assert window.state.dataset.nation("MLT").category == "opposing"
    assert undo_text(window) == "Set Malta as Opposing"
    assert window.legend.row("opposing").count == 4


def test_events_after_the_day_viewed_are_set_apart_but_reachable(qtbot, editable):
    window = editable
    import datetime as dt

    window.state.set_day(dt.date(2025, 6, 15))
    tree = window.events.tree
    held, later = tree.topLevelItem(1), tree.topLevelItem(2)
    # Three events to 15 June 2025 (10 Mar, 15 Apr, 15 Jun), three after it.
    assert held.childCount() == 3 and held.text(1) == "Events to 15 Jun 2025 (3)"
    assert later.childCount() == 3 and not later.isExpanded()
    window.events.tree.setCurrentItem(later.child(0))  # a later event is one click away
    assert window.state.day == dt.date(2025, 7, 10)
    window.state.set_day(dt.date(2025, 12, 1))
    assert later.isHidden() and held.childCount() == 6


def save_as_next(path, tries: int = 250) -> None:
    """In the next Save dialog (not an Open one), pick ``path`` and press its button."""
    from PySide6.QtWidgets import QFileDialog

    def act(left: int) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog) and dialog.acceptMode() == QFileDialog.AcceptSave:
            dialog.selectFile(str(path))
            dialog.accept()
        elif left:
            QTimer.singleShot(20, lambda: act(left - 1))

    QTimer.singleShot(0, lambda: act(tries))


def test_import_shows_the_warnings_and_the_as_of_date_before_anything_changes(
    qtbot, editable, tmp_path
):
    window = editable
    sheet = tmp_path / "pact.csv"
    sheet.write_text(
        "Country,Category,Date\n"
        '"Korea, Rep.",Member,2024\nFrance,Member,2024\nEL,Members,2024-05\n'
        "West Bank and Gaza,Observer,2025\n",
        encoding="utf-8",
    )
    nations = len(window.state.dataset.nations)
    choose_file(sheet)
    window.answers = [Button.Cancel]
    assert not window.document.import_sheet()
    assert window.asked == ["Import"]
    question = window.questions[0]
    assert f"as of its date {window.state.dataset.as_of}" in question
    assert "make a new dataset file of them, as of 2025, the sheet's latest date" in question
    assert "Warnings (1):" in question
    assert "pact.csv:4:2: 'Members' becomes a new category; did you mean 'Member'?" in question
    assert len(window.state.dataset.nations) == nations
    assert window.state.undo_stack.count() == 0

    # Merged: one undo step, and the nations are there with their history.
    choose_file(sheet)
    window.answers = [Button.Yes]
    assert window.document.import_sheet()
    korea = window.state.dataset.nation("KOR")
    assert korea is not None and [str(h.date) for h in korea.history] == ["2024"]
    assert window.state.dataset.nation("PSE") is not None
    assert undo_text(window) == "Import pact.csv"
    window.state.undo_stack.undo()
    assert window.state.dataset.nation("KOR") is None


def test_import_as_a_new_dataset_has_the_sheets_own_categories(qtbot, editable, tmp_path):
    window = editable
    sheet = REPO / "tests" / "data" / "sheets" / "trade-pact.csv"
    target = tmp_path / "pact.yaml"
    choose_file(sheet)
    window.answers = [Button.No]  # not into the open dataset: a new file
    QTimer.singleShot(300, lambda: save_as_next(target))
    assert window.document.import_sheet()
    saved = window.state.loaded.path
    assert saved.parent == tmp_path and saved.suffix == ".yaml"
    dataset = window.state.dataset
    assert [c.label for c in dataset.categories] == ["Observer", "Member", "Candidate", "Declined"]
    assert dataset.as_of == load_dataset(saved).dataset.as_of == PartialDate(2021, 6, 30)
    # The legend shows the sheet's four categories and no empty default one.
    legend = [
        (row.category_id, window.legend.counts().get(row.category_id)) for row in window.legend.rows
    ]
    assert ("participating", 0) not in legend
    assert [code for code, _ in legend if code is not None] == [
        "observer", "member", "candidate", "declined",
    ]  # fmt: skip


def edit_menu_items(window) -> tuple[str, str]:
    """The Edit menu's Undo and Redo items as the user sees them when it opens."""
    window.edit_menu.aboutToShow.emit()
    shown = window.edit_menu.actions()
    assert window.edits.undo in shown and window.edits.redo in shown
    return window.edits.undo.text(), window.edits.redo.text()


def test_edit_undo_names_the_edit_in_the_windows_language(qtbot, editable):
    window = editable
    window.set_language("fr")
    window.state.select("MLT")
    opposing = [c.id for c in window.state.dataset.categories].index("opposing")
    window.nation_panel.browser.anchorClicked.emit(QUrl(f"atlas:set-category/{opposing}"))
    undo, _redo = edit_menu_items(window)
    assert "Placer Malte dans la catégorie Opposing" in undo
    assert "Malta" not in undo and "Set" not in undo

    window.state.select("USA")

    def fill(dialog):
        dialog.date.setText("2025-11-20")
        dialog.category.setCurrentIndex(dialog.category.findData("participating"))

    in_dialog(qtbot, fill)
    window.nation_panel.browser.anchorClicked.emit(QUrl("atlas:add-history"))
    undo, _redo = edit_menu_items(window)
    assert "Enregistrer un changement : États-Unis, 20 nov. 2025" in undo  # a French date
    window.edits.undo.trigger()
    undo, redo = edit_menu_items(window)
    assert "Enregistrer un changement : États-Unis, 20 nov. 2025" in redo
    assert "Placer Malte dans la catégorie Opposing" in undo

    # Another language names the edits already made in its words.
    window.set_language("de")
    undo, redo = edit_menu_items(window)
    assert "Malta der Kategorie Opposing zuordnen" in undo
    assert "Änderung von Vereinigte Staaten festhalten (20. Nov. 2025)" in redo
    window.set_language("en")
    assert edit_menu_items(window) == (
        "&Undo Set Malta as Opposing",
        "&Redo Record United States's change on 20 Nov 2025",
    )
