"""File > Export… as a user meets it: the dialog, its preview, the file, Ctrl+E, cancel, errors.

The window shows the frozen test dataset (tests/data/small.yaml): 18 nations, 9 participating
on 10 Mar 2025 and 12 on its date, 1 Dec 2025.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QRectF, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence, QPainter
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from desktop.render import export as export_module
from desktop.render.compose import compose
from desktop.render.export import FORMATS, PRESETS, ExportOptions, composition
from desktop.ui.exportdialog import CUSTOM, ExportController, ExportDialog
from desktop.ui.exportrun import run_export
from tests.pixels import colour_counts

PARTICIPATING = "#0072b2"
EARLY = dt.date(2025, 3, 10)
LATEST = dt.date(2025, 12, 1)


def colours(image: QImage, step: int = 2) -> Counter:
    return colour_counts(image, step)


@pytest.fixture
def controller(window, settings):
    """The window's export controller, with Ctrl+E; wired here as the window wires it when
    the window does not (yet) have one."""
    exports = getattr(window, "exports", None)
    if exports is None:
        exports = ExportController(window, window.state, window.map, settings)
        repeat = QAction("Repeat last export", window)
        repeat.setShortcut(QKeySequence("Ctrl+E"))
        repeat.triggered.connect(exports.repeat_last)
        window.addAction(repeat)
    assert isinstance(exports, ExportController)
    yield exports
    if exports.dialog is not None:
        exports.dialog.reject()


@pytest.fixture
def folder(tmp_path) -> Path:
    """An empty folder for the exported files."""
    path = tmp_path / "exports"
    path.mkdir()
    return path


@pytest.fixture
def dialog(qtbot, window, settings):
    dialog = ExportDialog(window.state, window.map, settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(combo, value) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def set_day(dialog: ExportDialog, day: dt.date) -> None:
    dialog.day.setDate(QDate(day.year, day.month, day.day))


def message_boxes(window) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]


@contextmanager
def no_blocking_boxes(window):
    """Fail, rather than hang, if a message box runs its own event loop inside the block."""
    inside, blocked = [True], []

    def check() -> None:
        if inside[0]:
            for box in message_boxes(window):
                blocked.append(box.text())
                box.done(0)

    timer = QTimer(interval=50)
    timer.timeout.connect(check)
    timer.start()
    try:
        yield
    finally:
        inside[0] = False
        timer.stop()
    assert not blocked, f"a message box blocked the caller: {blocked}"


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def categories(path: Path) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return {row["iso3"]: row["category"] for row in rows}


def participating_rows(path: Path) -> int:
    return sum(category == "participating" for category in categories(path).values())


# -- the dialog -------------------------------------------------------------------------------
def test_the_dialog_offers_every_format_and_preset(dialog):
    formats = [dialog.format.itemData(i) for i in range(dialog.format.count())]
    assert formats == list(FORMATS)
    presets = [dialog.preset.itemData(i) for i in range(dialog.preset.count())]
    assert presets == [*PRESETS, CUSTOM]
    views = [dialog.view.itemData(i) for i in range(dialog.view.count())]
    assert views == ["current", "world", "europe", "fit"]

    assert not dialog.width_box.isEnabled()
    choose(dialog.preset, CUSTOM)
    assert dialog.width_box.isEnabled() and dialog.height_box.isEnabled()
    dialog.width_box.setValue(1234)
    dialog.height_box.setValue(567)
    assert dialog.options().pixel_size() == (1234, 567)
    choose(dialog.preset, "square")
    assert dialog.options().pixel_size() == (1080, 1080)
    assert (dialog.width_box.value(), dialog.height_box.value()) == (1080, 1080)

    for table in ("geojson", "csv"):
        choose(dialog.format, table)
        assert not dialog.preset.isEnabled() and not dialog.view.isEnabled()
        assert not dialog.theme.isEnabled() and dialog.day.isEnabled()
    choose(dialog.format, "html")
    assert dialog.tiles.isEnabled() and not dialog.preset.isEnabled()
    assert (
        dialog.theme.isEnabled() and not dialog.highlight.isEnabled()
    )  # the page has a dark theme
    choose(dialog.format, "png")
    assert dialog.preset.isEnabled() and not dialog.tiles.isEnabled()


def test_title_and_subtitle_start_as_the_datasets_and_the_highlight_as_none(window, dialog):
    dataset = window.state.dataset
    assert dialog.title.text() == dataset.title
    assert dialog.subtitle.text() == (dataset.subtitle or "")
    options = dialog.options()
    assert options.title is None and options.subtitle is None  # they follow the dataset
    assert options.highlight is None
    listed = {dialog.highlight.itemData(i) for i in range(1, dialog.highlight.count())}
    assert listed == {n.iso3 for n in dataset.nations}
    dialog.subtitle.clear()
    assert dialog.options().subtitle == ""  # an empty subtitle is a choice, not the default


def test_choosing_a_format_changes_the_extension_and_the_preview(qtbot, tmp_path, dialog):
    dialog.path.setText(str(tmp_path / "atlas.png"))
    dialog.update_preview()
    png_preview = dialog.preview.image
    assert png_preview is not None
    assert png_preview.width() / png_preview.height() == pytest.approx(1920 / 1080, rel=0.02)

    choose(dialog.format, "pdf")
    assert dialog.path.text() == str(tmp_path / "atlas.pdf")
    dialog.update_preview()
    assert dialog.options().preset == "a4"  # a PDF's page, until a size is chosen
    pdf_preview = dialog.preview.image
    ratio = pdf_preview.width() / pdf_preview.height()
    assert ratio == pytest.approx(1754 / 1240, rel=0.02)

    choose(dialog.format, "csv")
    assert dialog.path.text() == str(tmp_path / "atlas.csv")
    dialog.update_preview()
    assert dialog.preview.image is None
    assert "one row per listed nation (18 rows)" in dialog.preview.text

    choose(dialog.format, "html")
    assert dialog.path.text().endswith("atlas.html")
    dialog.update_preview()
    assert dialog.preview.image is not None
    assert "works offline" in dialog.caption.text()

    # Typing another known extension switches the format and keeps what was typed.
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(tmp_path / "table.json"))
    assert dialog.current_format() == "geojson"
    assert dialog.path.text() == str(tmp_path / "table.json")
    qtbot.keyClicks(dialog.path, "x")  # .jsonx: no known format, nothing changes
    assert dialog.current_format() == "geojson"


def test_the_preview_is_a_map_in_the_participating_colour_and_follows_edits(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.preview.image is not None)
    found = colours(dialog.preview.image, step=1)
    assert found[PARTICIPATING] > 100
    assert len(found) > 20  # land, ocean, text, legend: not a blank page
    before = dialog.preview.image
    choose(dialog.theme, "dark")
    # Debounced: the preview is redrawn a moment after the edit, not at once.
    assert dialog.preview.image is before
    qtbot.waitUntil(lambda: dialog.preview.image is not before, timeout=2000)
    # The page's main colour (its background and ocean) turns from light to dark.
    ((light, _),) = colours(before).most_common(1)
    ((dark, _),) = colours(dialog.preview.image).most_common(1)
    assert QColor(light).lightnessF() > 0.8 and QColor(dark).lightnessF() < 0.25


# -- exporting ----------------------------------------------------------------------------------
def test_exporting_png_from_the_dialog_writes_the_presets_size(qtbot, window, controller, folder):
    dialog = controller.export_dialog()
    assert dialog.isVisible()
    choose(dialog.format, "png")
    choose(dialog.preset, "square")
    dialog.path.setText(str(folder / "square.png"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    out = folder / "square.png"
    assert out.exists()
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1080, 1080)
    assert colours(image, 3)[PARTICIPATING] > 100
    assert files_in(folder) == ["square.png"]  # no temporary file left
    assert controller.last.path == out
    assert "square.png" in window.statusBar().currentMessage()

    # The next dialog starts from the same options and file.
    again = controller.export_dialog()
    assert again.current_format() == "png" and again.preset.currentData() == "square"
    assert again.path.text() == str(out)
    again.reject()


def test_options_and_folder_are_remembered_between_runs(qtbot, window, settings, tmp_path):
    first = ExportDialog(window.state, window.map, settings, window)
    qtbot.addWidget(first)
    choose(first.format, "svg")
    choose(first.view, "europe")
    choose(first.theme, "dark")
    first.labels.setChecked(True)
    first.path.setText(str(tmp_path / "slides" / "x.svg"))
    (tmp_path / "slides").mkdir()
    first.accept()
    second = ExportDialog(window.state, window.map, settings, window)
    qtbot.addWidget(second)
    assert second.current_format() == "svg"
    assert second.view.currentData() == "europe" and second.theme.currentData() == "dark"
    assert second.labels.isChecked()
    assert Path(second.path.text()).parent == tmp_path / "slides"
    assert Path(second.path.text()).suffix == ".svg"


def test_current_view_frames_what_the_window_shows(window, tmp_path):
    window.act_europe.trigger()
    assert window.map.frame_country("DEU")
    state = window.state
    framed = window.map.current_view()
    assert run_export(window, state, tmp_path / "current.png", ExportOptions(), framed)
    assert run_export(window, state, tmp_path / "world.png", ExportOptions(view="world"))
    current, world = QImage(str(tmp_path / "current.png")), QImage(str(tmp_path / "world.png"))
    # Germany, the window's centre, is the map's centre: drawn in Europe's projection.
    centre = current.pixelColor(current.width() // 2, current.height() // 2 + 20).name()
    assert centre == PARTICIPATING
    assert colours(current, 4)[PARTICIPATING] > 4 * colours(world, 4)[PARTICIPATING]

    # The view is the window's, scaled to the page's map area.
    page = QImage(1920, 1080, QImage.Format.Format_RGB32)
    painter = QPainter(page)
    view = compose(
        painter,
        QRectF(0, 0, 1920, 1080),
        composition(state.dataset, state.gazetteer, ExportOptions()),
        framed,
    )
    painter.end()
    assert view.projection == "europe"
    assert (view.cx, view.cy) == (window.map.view.cx, window.map.view.cy)
    assert view.scale > window.map.view.scale  # the page's map is bigger than the window's


def test_the_dialogs_current_view_is_what_ok_exports(qtbot, window, controller, tmp_path):
    window.act_europe.trigger()
    window.map.zoom_in()
    dialog = controller.export_dialog()
    choose(dialog.view, "current")
    dialog.path.setText(str(tmp_path / "current.png"))
    dialog.accept()
    ours = QImage(str(tmp_path / "current.png"))
    assert run_export(
        window, window.state, tmp_path / "same.png", ExportOptions(), window.map.current_view()
    )
    assert ours == QImage(str(tmp_path / "same.png"))


def test_the_as_of_date_changes_the_caption_and_the_counts(window, dialog, tmp_path):
    span = (dialog.day.minimumDate().toPython(), dialog.day.maximumDate().toPython())
    assert span == (EARLY, LATEST)  # the first and last dated entries
    assert dialog.day.date().toPython() == window.state.day == LATEST

    set_day(dialog, EARLY)
    early = dialog.options()
    assert early.day == EARLY
    set_day(dialog, LATEST)
    late = dialog.options()

    def participating(options: ExportOptions) -> int:
        comp = composition(window.state.dataset, window.state.gazetteer, options)
        return comp.styled.counts()["participating"]

    assert (participating(early), participating(late)) == (9, 12)

    # Through the export: the SVG keeps its text, so its caption and legend can be read.
    choose(dialog.format, "svg")
    set_day(dialog, EARLY)
    assert run_export(window, window.state, tmp_path / "early.svg", dialog.options())
    svg = (tmp_path / "early.svg").read_text(encoding="utf-8")
    assert "As of 10 Mar 2025" in svg and "As of 1 Dec 2025" not in svg
    assert ">9<" in svg and ">12<" not in svg


def test_the_dialog_date_starts_at_the_day_the_window_shows(qtbot, window, settings):
    window.state.set_day(dt.date(2025, 6, 1))
    dialog = ExportDialog(window.state, window.map, settings, window)
    qtbot.addWidget(dialog)
    assert dialog.day.date().toPython() == dt.date(2025, 6, 1)
    assert dialog.job().follow_day


# -- Ctrl+E -------------------------------------------------------------------------------------
def press_ctrl_e(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_e_with_no_export_yet_opens_the_dialog(qtbot, window, controller):
    assert controller.last is None
    press_ctrl_e(qtbot, window)
    assert controller.dialog is not None and controller.dialog.isVisible()
    controller.dialog.reject()
    assert controller.dialog is None


def test_ctrl_e_repeats_the_last_export_on_the_day_shown_now(qtbot, window, controller, folder):
    out = folder / "nations.csv"
    dialog = controller.export_dialog()
    dialog.path.setText(str(out))
    assert dialog.current_format() == "csv"  # the extension chose it
    dialog.accept()
    assert participating_rows(out) == 12
    assert (categories(out)["EST"], categories(out)["CAN"]) == ("participating", "participating")

    window.state.set_day(EARLY)  # the window now shows an earlier day
    press_ctrl_e(qtbot, window)
    assert controller.dialog is None  # no dialog: the same file, again
    assert participating_rows(out) == 9
    assert (categories(out)["EST"], categories(out)["CAN"]) == ("undecided", "")  # not yet
    assert files_in(folder) == ["nations.csv"]


def test_ctrl_e_keeps_a_date_chosen_in_the_dialog(qtbot, window, controller, tmp_path):
    out = tmp_path / "then.csv"
    dialog = controller.export_dialog()
    dialog.path.setText(str(out))
    set_day(dialog, EARLY)
    dialog.accept()
    assert participating_rows(out) == 9
    window.state.set_day(dt.date(2025, 9, 1))
    out.unlink()
    press_ctrl_e(qtbot, window)
    assert participating_rows(out) == 9


def test_ctrl_e_exports_the_data_as_edited_now(qtbot, window, controller, tmp_path):
    out = tmp_path / "map.svg"
    dialog = controller.export_dialog()
    dialog.path.setText(str(out))
    dialog.accept()
    assert "Small test coalition" in out.read_text(encoding="utf-8")
    window.state.dataset.title = "Renamed coalition"  # an edit of the open dataset
    press_ctrl_e(qtbot, window)
    assert "Renamed coalition" in out.read_text(encoding="utf-8")


# -- cancelling and failing ---------------------------------------------------------------------
def test_clicking_cancel_in_the_progress_dialog_writes_nothing(qtbot, window, folder, monkeypatch):
    out = folder / "big.png"
    out.write_bytes(b"previous")
    shown, running, clicked = [], [True], threading.Event()

    def click_cancel() -> None:
        dialogs = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
        if not dialogs:
            if running[0]:
                QTimer.singleShot(20, click_cancel)
            return
        shown.append(dialogs[0].labelText())
        qtbot.mouseClick(dialogs[0].findChild(QPushButton), Qt.MouseButton.LeftButton)
        clicked.set()

    # However fast the machine, the export is still encoding when the dialog comes up: its
    # thread waits in the encoder until the user has clicked Cancel.
    encode = export_module.png_bytes

    def slow_encode(image):
        clicked.wait(10)
        return encode(image)

    monkeypatch.setattr(export_module, "png_bytes", slow_encode)
    QTimer.singleShot(0, click_cancel)
    try:
        assert not run_export(window, window.state, out, ExportOptions(preset="4k"))
    finally:
        running[0] = False
    assert shown and shown[0].startswith("Exporting big.png")
    # Nothing written, no temporary file left, the file that was there left as it was.
    assert files_in(folder) == ["big.png"] and out.read_bytes() == b"previous"
    assert "cancelled" in window.statusBar().currentMessage()
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]


def test_a_path_in_a_missing_folder_stays_in_the_dialog_with_a_reason(window, controller, folder):
    dialog = controller.export_dialog()
    dialog.path.setText(str(folder / "missing" / "map.png"))
    dialog.accept()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "does not exist" in dialog.error.text()
    assert files_in(folder) == []
    choose(dialog.format, "png")
    dialog.path.setText(str(folder / "map.txt"))  # no format has this extension
    assert dialog.current_format() == "png"
    dialog.accept()
    assert dialog.isVisible() and "extension" in dialog.error.text()
    assert ".png" in dialog.error.text()
    assert files_in(folder) == []
    dialog.path.setText(str(folder / "map.png"))
    dialog.accept()
    assert not dialog.isVisible() and files_in(folder) == ["map.png"]


def test_an_unwritable_path_shows_a_message_and_writes_nothing(qtbot, window, controller, folder):
    gone = folder / "gone"
    gone.mkdir()
    dialog = controller.export_dialog()
    dialog.path.setText(str(gone / "map.png"))
    dialog.accept()
    assert (gone / "map.png").exists()
    (gone / "map.png").unlink()
    gone.rmdir()  # the folder went away before Ctrl+E

    with no_blocking_boxes(window):
        assert not controller.repeat_last()
    boxes = message_boxes(window)
    assert len(boxes) == 1 and "does not exist" in boxes[0].text()
    assert boxes[0].windowModality() != Qt.WindowModality.NonModal
    boxes[0].accept()
    assert files_in(folder) == []


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_a_disk_error_shows_its_reason(window):
    with no_blocking_boxes(window):
        assert not run_export(window, window.state, "/proc/atlas.png", ExportOptions())
    boxes = message_boxes(window)
    assert len(boxes) == 1
    assert boxes[0].text().startswith("Cannot write /proc/atlas.png:")
    boxes[0].accept()


def test_the_export_reads_a_copy_of_the_dataset(window, tmp_path):
    # The worker draws a deep copy: the window's dataset (and its listeners) stay its own.
    dataset = window.state.dataset
    edited = []

    def edit_meanwhile() -> None:
        edited.append(dataset.title)
        dataset.title = "Edited during the export"

    # Runs from the export's own event loop, once the export has started.
    QTimer.singleShot(0, edit_meanwhile)
    try:
        assert run_export(window, window.state, tmp_path / "a.svg", ExportOptions(format="svg"))
    finally:
        dataset.title = "Small test coalition"
    assert edited == ["Small test coalition"]
    text = (tmp_path / "a.svg").read_text(encoding="utf-8")
    assert "Small test coalition" in text and "Edited during" not in text


def test_the_dialog_exports_an_animated_timeline_of_the_steps_chosen(
    qtbot, window, controller, folder
):
    from PIL import Image

    from desktop.model.asof import timeline_days

    dialog = controller.export_dialog()
    assert not dialog.step.isEnabled()
    choose(dialog.format, "gif")
    assert dialog.step.isEnabled() and dialog.preset.isEnabled() and not dialog.tiles.isEnabled()
    choose(dialog.step, "month")
    choose(dialog.preset, CUSTOM)
    dialog.width_box.setValue(480)
    dialog.height_box.setValue(270)
    months = timeline_days(window.state.dataset, "month", dialog.options().day)
    dialog.update_preview()
    assert f"480 × 270: {len(months)} frames, each month" in dialog.caption.text()
    assert dialog.path.text().endswith(".gif")
    dialog.path.setText(str(folder / "story.gif"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    animation = Image.open(folder / "story.gif")
    assert animation.size == (480, 270) and animation.n_frames == len(months)
    assert files_in(folder) == ["story.gif"]


def test_the_html_date_slider_is_on_by_default_and_can_be_turned_off(
    qtbot, window, controller, folder
):
    dialog = controller.export_dialog()
    choose(dialog.format, "html")
    assert dialog.timeline.isEnabled() and dialog.timeline.isChecked()
    dialog.timeline.setChecked(False)
    dialog.path.setText(str(folder / "plain.html"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert 'id="atlas-slider"' not in (folder / "plain.html").read_text(encoding="utf-8")
    again = controller.export_dialog()
    assert not again.timeline.isChecked()
    again.timeline.setChecked(True)
    again.path.setText(str(folder / "slider.html"))
    again.buttons.button(again.buttons.StandardButton.Ok).click()
    assert 'id="atlas-slider"' in (folder / "slider.html").read_text(encoding="utf-8")


def test_without_ffmpeg_the_dialog_says_how_to_get_it_and_gif_still_exports(
    qtbot, window, controller, folder, monkeypatch
):
    from PIL import Image

    # Names no program: what the packaged app on a machine without FFmpeg meets.
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", str(folder / "no-such-ffmpeg"))
    dialog = controller.export_dialog()
    choose(dialog.preset, CUSTOM)
    dialog.width_box.setValue(480)
    dialog.height_box.setValue(270)
    for fmt in ("mp4", "webm"):
        choose(dialog.format, fmt)
        dialog.update_preview()
        note = dialog.caption.text()
        assert "MP4 and WebM videos need the FFmpeg program" in note
        assert "install ffmpeg" in note and "GIF and WebP animations need no FFmpeg" in note
        dialog.path.setText(str(folder / f"story.{fmt}"))
        with no_blocking_boxes(window):
            dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        assert dialog.isVisible() and dialog.error.isVisible()
        told = dialog.error.text()
        assert told.startswith("No FFmpeg for MP4 and WebM: see the note under the preview")
        assert "GIF or WebP" in told
        assert files_in(folder) == []
    choose(dialog.format, "gif")
    dialog.update_preview()
    assert "FFmpeg" not in dialog.caption.text()
    assert dialog.path.text().endswith("story.gif")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert Image.open(folder / "story.gif").size == (480, 270)


# -- the export's language ----------------------------------------------------------------------
def names(path: Path) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return {row["iso3"]: row["name"] for row in rows}


def test_a_french_window_exports_in_french_unless_the_dialog_says_english(
    qtbot, window, controller, folder
):
    window.set_language("fr")
    dialog = controller.export_dialog()
    labels = [dialog.language.itemText(i) for i in range(dialog.language.count())]
    assert labels == [
        "English",
        "Français",
        "Deutsch",
        "Українська",
        "Polski",
        "Español",
        "العربية",
    ]
    assert dialog.current_language() == "fr"  # the window's language
    dialog.path.setText(str(folder / "nations.csv"))
    dialog.update_preview()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert names(folder / "nations.csv")["DEU"] == "Allemagne"
    assert controller.last.options.lang == "fr"

    dialog = controller.export_dialog()
    assert dialog.current_language() == "fr"
    choose(dialog.language, "en")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert names(folder / "nations.csv")["DEU"] == "Germany"
    assert controller.last.options.lang == "en"


def test_the_dialogs_language_draws_the_png_and_its_preview(qtbot, window, controller, folder):
    window.set_language("fr")
    images = {}
    previews = {}
    for lang in ("fr", "en"):
        dialog = controller.export_dialog()
        choose(dialog.format, "png")
        choose(dialog.preset, "square")
        choose(dialog.language, lang)
        dialog.update_preview()
        previews[lang] = dialog.preview.image.copy()
        dialog.path.setText(str(folder / f"{lang}.png"))
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        assert not dialog.isVisible()
        images[lang] = QImage(str(folder / f"{lang}.png"))
    # The same map, its title, legend, dates and credit written in another language.
    assert images["fr"].size() == images["en"].size()
    assert colours(images["fr"], 3)[PARTICIPATING] == colours(images["en"], 3)[PARTICIPATING]
    assert images["fr"] != images["en"]
    assert previews["fr"] != previews["en"]
    expected = QImage(images["fr"].size(), QImage.Format.Format_RGB32)
    fr_options = replace(controller.last.options, lang="fr")
    out = folder / "direct.png"
    export_module.export(window.state.dataset, out, fr_options, window.state.gazetteer)
    expected.load(str(out))
    assert expected == images["fr"]  # what the command line writes with --lang fr


def test_an_untouched_title_follows_the_datasets_translation_in_the_chosen_language(
    window, controller
):
    from desktop.model.dataset import Translation

    dataset = window.state.dataset
    dataset.translations = {"fr": Translation(title="Coalition des volontaires")}
    window.set_language("fr")
    dialog = controller.export_dialog()
    assert dialog.title.text() == "Coalition des volontaires"
    assert dialog.options().title is None  # the dataset's own, as the file would have it
    choose(dialog.language, "en")
    assert dialog.title.text() == dataset.title and dialog.options().title is None
    dialog.title.setText("My own title")
    choose(dialog.language, "fr")
    assert dialog.title.text() == "My own title"  # typed: kept in any language
    assert dialog.options().title == "My own title"
