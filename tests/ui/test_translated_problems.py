"""A file's problems in the window's language: the place in the file as the file gives it,
the message translated from the app's catalogs."""

from __future__ import annotations

from desktop.ui.translation import apply_language


def test_a_french_window_lists_a_bad_files_problems_in_french_with_file_and_line(
    qtbot, window, write_yaml
):
    bad = write_yaml(
        "format: coalition-atlas/1\n"
        "title: Essai\nsubtitle: 12\n"
        "as_of: 2025-12-01\n"
        "nations:\n"
        "  - {iso3: GBX, category: participating}\n"
        "  - {iso3: FRA, category: participating, rol: Lead}\n",
        "mauvais.yaml",
    )
    apply_language("fr")
    window.state.set_language("fr")
    assert not window.open_path(bad)
    lines = window.problems_dialog.text.toPlainText().splitlines()
    assert lines == [
        f"{bad}:3:11: subtitle devrait être du texte, mais c’est un nombre",
        f"{bad}:6:12: code de pays inconnu 'GBX' (le plus proche : GBR (Royaume-Uni))",
        f"{bad}:7:42: clé inconnue 'rol' dans nations[1] (vouliez-vous dire 'role' ?)",
    ]


def test_an_english_window_lists_the_same_problems_as_the_command_line(qtbot, window, write_yaml):
    bad = write_yaml(
        "format: coalition-atlas/1\ntitle: T\nsubtitle: 12\nas_of: 2025-12-01\n", "bad.yaml"
    )
    assert not window.open_path(bad)
    assert window.problems_dialog.text.toPlainText() == (
        f"{bad}:3:11: subtitle should be text, not a number"
    )
