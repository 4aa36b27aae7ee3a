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
    # Closed now: an open problems dialog would keep later tests' mouse moves from the map.
    window.problems_dialog.close()
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
    shown = window.problems_dialog.text.toPlainText()
    window.problems_dialog.close()
    assert shown == f"{bad}:3:11: subtitle should be text, not a number"


def test_a_sheets_warnings_and_refusals_read_in_french_at_their_row_and_column(
    qtbot, window, tmp_path
):
    from desktop.io.errors import DatasetError
    from desktop.io.sheet import read_sheet
    from desktop.io.sheet.columns import FIELDS
    from desktop.ui.translation import located_text

    sheet = tmp_path / "engagements.csv"
    sheet.write_text(
        "country,category,budget\nFrance,participating,12\nAtlantis,participating,3\n",
        encoding="utf-8",
    )
    result = read_sheet(sheet)
    apply_language("fr")
    window.state.set_language("fr")
    assert [located_text(w, window.state) for w in result.warnings] == [
        f"{sheet}:1:3: la colonne 'budget' n’est pas lue par l’importation, "
        f"elle est donc ignorée (colonnes lues : {', '.join(FIELDS)})"
    ]
    assert located_text(result.problems[0], window.state) == (
        f"{sheet}:3:1: 'Atlantis' n’est pas un nom ou un code de pays connu de l’application"
    )
    sheet.write_bytes(b"%PDF-1.7\n")
    try:
        read_sheet(sheet)
    except DatasetError as error:
        refusal = located_text(error.problems[0], window.state)
    assert refusal == f"{sheet}: est un document PDF, pas du texte CSV"


def test_a_warning_says_so_in_french_before_its_translated_message(window):
    from desktop.io.errors import LocatedProblem
    from desktop.model.message import N_, Label
    from desktop.ui.translation import located_text

    apply_language("fr")
    warning = LocatedProblem(
        "x.yaml", Label(N_("{where}: {message}"), where="title", message="?"), 2, 8, True
    )
    assert located_text(warning) == "x.yaml:2:8: avertissement : title : ?"


def test_a_french_export_dialog_says_in_french_why_mp4_needs_ffmpeg_and_a_size_is_refused(
    qtbot, window, settings, tmp_path, monkeypatch
):
    from desktop.ui.exportdialog import CUSTOM, ExportDialog

    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", str(tmp_path / "no-such-ffmpeg"))
    apply_language("fr")
    window.state.set_language("fr")
    dialog = ExportDialog(window.state, window.map, settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.preset.setCurrentIndex(dialog.preset.findData(CUSTOM))
    dialog.width_box.setValue(481)
    dialog.height_box.setValue(270)
    dialog.format.setCurrentIndex(dialog.format.findData("mp4"))
    dialog.update_preview()
    note = dialog.caption.text()
    assert "Les vidéos MP4 et WebM demandent le programme FFmpeg, et " in note
    assert "IMAGEIO_FFMPEG_EXE désigne " in note
    assert "Pour faire des vidéos, installez FFmpeg (Windows : winget install ffmpeg" in note
    assert "MP4 and WebM" not in note
    dialog.path.setText(str(tmp_path / "histoire.mp4"))
    assert dialog.problem() == (
        "Taille 481x270 : une vidéo demande une largeur et une hauteur paires."
    )


def test_a_yaml_slip_is_named_in_the_windows_language_at_its_line(qtbot, window, write_yaml):
    bad = write_yaml(
        "format: coalition-atlas/1\ntitle: Essai\ntitle: Encore\nas_of: 2025\n", "double.yaml"
    )
    apply_language("de")
    window.state.set_language("de")
    assert not window.open_path(bad)
    shown = window.problems_dialog.text.toPlainText()
    window.problems_dialog.close()
    assert shown == (
        f"{bad}:3:1: YAML-Syntaxfehler: doppelter Schlüssel „title“ mit dem Wert „Encore“ "
        "(ursprünglicher Wert: „Essai“)"
    )


def test_an_arabic_window_keeps_each_problems_place_in_one_piece_before_its_message(
    qtbot, window, write_yaml
):
    bad = write_yaml(
        "format: coalition-atlas/1\ntitle: T\nsubtitle: 12\nas_of: 2025-12-01\n", "bad.yaml"
    )
    apply_language("ar")
    window.state.set_language("ar")
    assert not window.open_path(bad)
    dialog = window.problems_dialog
    (line,) = dialog.text.toPlainText().splitlines()
    # The place, left to right, isolated; then the message, which reads right to left.
    assert line.startswith(f"\u2066{bad}:3:11:\u2069 ")
    message = line.split("\u2069 ", 1)[1]
    assert message and not message.isascii()
    # Seen as a reader sees it: the line starts at the right, with the place.
    dialog.resize(900, 200)
    dialog.show()
    qtbot.waitExposed(dialog)
    image = dialog.text.viewport().grab().toImage()
    dialog.close()
    ink = [
        x
        for x in range(image.width())
        for y in range(0, min(image.height(), 40))
        if image.pixelColor(x, y).lightness() < 100
    ]
    assert ink and max(ink) > image.width() * 0.8  # text reaches the right-hand side
    apply_language("en")
    window.state.set_language("en")
