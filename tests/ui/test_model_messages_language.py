"""What the model says reaches the window in the window's language: a file's problems keep
their place as the file gives it (FILE:LINE:COLUMN) and say the rest in French, a refused
edit says why in French, and a date field says what is wrong with a date in French."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.io.errors import LocatedProblem
from desktop.model.message import N_, Label
from desktop.ui.editforms import DateField
from desktop.ui.editsources import SourceDialog, SourcesDialog
from desktop.ui.translation import located_text
from tests.conftest import SMALL
from tests.ui.test_editing import editable  # noqa: F401 -- the fixture
from tests.ui.test_window_language import choose

FILE = """
format: coalition-atlas/1
title: Essai
as_of: 2025-06-01
categories:
  - {id: member, label: Member, color: "#0072B2"}
sources:
  s1: {url: "https://example.org/one"}
nations:
  - {iso3: FRA, category: membre, sources: [s1]}
  - {iso3: DEU, category: member, sources: [s2]}
"""


def place(text: str, line: int, value: str) -> str:
    """``:LINE:COLUMN`` of ``value`` on a 1-based line of ``text`` as written to disk."""
    written = text.lstrip("\n").splitlines()[line - 1]
    return f":{line}:{written.index(value) + 1}"


def test_a_files_problems_are_listed_in_french_with_their_file_and_line(window, write_yaml):
    choose(window, "fr")
    bad = write_yaml(FILE, "essai.yaml")
    assert not window.open_path(bad)
    lines = window.problems_dialog.text.toPlainText().splitlines()
    assert lines == [
        f"{bad}{place(FILE, 9, 'membre')}: la catégorie 'membre' n’est pas définie"
        " (vouliez-vous dire 'member' ?)",
        f"{bad}{place(FILE, 10, 's2')}: la source 's2' n’est pas définie sous sources",
    ]
    window.problems_dialog.close()

    # The same file in an English window reads as it always has.
    choose(window, "en")
    assert not window.open_path(bad)
    lines = window.problems_dialog.text.toPlainText().splitlines()
    assert lines[0].endswith(": category 'membre' is not defined (did you mean 'member'?)")
    assert lines[1].endswith(": source 's2' is not defined under sources")


def test_a_refused_edit_says_why_in_french_naming_dates_and_kinds_in_french(qtbot, editable):  # noqa: F811
    choose(editable, "fr")
    dialog = SourcesDialog(editable.edits.editor, editable)
    qtbot.addWidget(dialog)
    rows = range(dialog.table.rowCount())
    row = next(
        r for r in rows if dialog.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == "launch"
    )
    cited = dialog.table.item(row, 3).toolTip()
    assert "FRA : Troupes" in cited
    assert "FRA : historique, 10 mars 2025" in cited

    dialog.table.selectRow(row)
    dialog.remove_selected()
    said = editable.statusBar().currentMessage()
    assert said.startswith(
        "Aucune modification : la source 'launch' est encore citée par FRA, FRA : Troupes, "
        "FRA : historique, 10 mars 2025, "
    )
    assert said.endswith("…")
    assert "launch" in editable.state.dataset.sources


def test_a_date_field_says_what_is_wrong_in_french(qtbot, window):
    choose(window, "fr")
    field = DateField()
    qtbot.addWidget(field)
    field.setText("demain")
    assert field.problem() == (
        "pas une date : 'demain' (essayez 24 févr. 2026, févr. 2026, 2026-02-24 ou 2026)"
    )
    field.setText("mars")
    assert field.problem() == "pas d’année dans 'mars' (écrivez-la en entier : 24 févr. 2026)"


def test_the_source_dialog_says_what_is_wrong_with_an_address_in_french(qtbot, window):
    choose(window, "fr")
    dialog = SourceDialog(None, set(), window)
    qtbot.addWidget(dialog)
    dialog.url.setText("example.org/report")
    assert dialog.problem() == "L’URL doit commencer par http:// ou https://"
    dialog.url.setText("https://news.example@evil.example/report")
    assert dialog.problem() == (
        "L’URL contient un nom d’utilisateur avant « @ » : les navigateurs vont vers"
        " 'evil.example', pas vers l’hôte qu’elle semble nommer ; écrivez l’adresse sans lui"
    )
    dialog.url.setText("https://example.org/report")
    assert dialog.problem() is None


def test_a_warning_keeps_its_place_and_says_warning_in_french(window):
    choose(window, "fr")
    note = LocatedProblem("essai.yaml", Label(N_("the event's title is empty")), 7, 5, warning=True)
    assert located_text(note) == "essai.yaml:7:5: avertissement : le titre de l’événement est vide"
    choose(window, "en")
    assert located_text(note) == str(note) == "essai.yaml:7:5: warning: the event's title is empty"


def test_a_refused_save_says_why_in_french(qtbot, editable, small_copy):  # noqa: F811
    choose(editable, "fr")
    editable.state.dataset.nations[0].category = "ghost"
    editable.state.undo_stack.resetClean()
    assert not editable.save()
    (box,) = [box for box in editable.findChildren(QMessageBox) if box.isVisible()]
    assert box.windowTitle() == "Non enregistré"
    assert box.informativeText() == (
        f"{small_copy.name}: nations[0].category: la catégorie 'ghost' n’est pas définie"
    )
    assert small_copy.read_bytes() == SMALL.read_bytes()
