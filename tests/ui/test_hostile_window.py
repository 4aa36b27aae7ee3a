"""The window against unlucky and hostile files: read-only datasets, failing or shared
recovery copies, and dataset text that tries to be markup."""

from __future__ import annotations

import stat

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop.io import load_dataset, recovery
from desktop.ui.nationstable import ROLE
from tests.conftest import THREE_COUNTRIES

Button = QMessageBox.StandardButton
LINK_TITLE = '<a href="file:///etc/passwd">Click me</a> <b>bold</b>'


@pytest.fixture
def three(tmp_path):
    path = tmp_path / "three.yaml"
    path.write_text(THREE_COUNTRIES, encoding="utf-8")
    return path


def discard_on_close(*windows):
    """Teardown closes the windows: their unsaved test edits are discarded, not saved."""
    for window in windows:
        window.answers[:] = [Button.Discard]


def test_a_read_only_file_is_refused_with_an_offer_to_save_elsewhere(
    make_window, three, tmp_path, monkeypatch, answering
):
    window = make_window(three)
    answering(window)
    three.chmod(0o444)
    window.edits.editor.update_nation("MLT", role="Mine")
    elsewhere = tmp_path / "copy.yaml"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(elsewhere), ""))
    )
    window.answers = [Button.Save]
    assert window.document.save()
    assert window.asked == ["File is read-only"]
    assert "three.yaml is read-only" in window.questions[0]
    assert three.read_text(encoding="utf-8") == THREE_COUNTRIES
    assert load_dataset(elsewhere).dataset.nation("MLT").role == "Mine"
    assert window.state.loaded.path == elsewhere

    # Declining leaves everything as it was, still unsaved.
    other = make_window(three)
    answering(other)
    other.edits.editor.update_nation("MLT", role="Other")
    other.answers = [Button.Cancel]
    assert not other.document.save()
    assert other.isWindowModified()
    assert three.read_text(encoding="utf-8") == THREE_COUNTRIES
    discard_on_close(other)


def test_two_windows_on_one_file_keep_their_own_recovery_copies(
    make_window, three, recovery_folder, answering
):
    first, second = make_window(three), make_window(three)
    answering(first)
    answering(second)
    first.edits.editor.update_nation("MLT", role="First")
    second.edits.editor.update_nation("MLT", role="Second")
    copy_one = first.document.write_recovery()
    copy_two = second.document.write_recovery()
    assert copy_one != copy_two
    for window in (first, second):  # no "changed by another program" question here
        window.document.watcher.removePaths(window.document.watcher.files())
    assert first.document.save()
    assert not copy_one.exists()
    assert copy_two.exists()
    assert load_dataset(copy_two).dataset.nation("MLT").role == "Second"
    assert stat.S_IMODE(recovery_folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(copy_two.stat().st_mode) == 0o600
    discard_on_close(second)


def test_a_failing_recovery_write_is_shown_once_and_retried(
    make_window, three, tmp_path, monkeypatch, answering
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    window = make_window(three)
    answering(window)
    window.edits.editor.update_nation("MLT", role="Unsaved")

    window.document.recovery_timer.timeout.emit()  # what the minute timer does
    notice = window.document.recovery_notice
    assert notice.isVisible() and notice.windowTitle() == "Crash protection is off"
    assert notice.textFormat() == Qt.TextFormat.PlainText
    assert "Crash protection is off" in window.statusBar().currentMessage()
    assert window.protection_label.isVisible()  # stays while copies fail
    assert window.document.recovery_timer.interval() < 60_000
    notice.close()

    window.document.recovery_timer.timeout.emit()
    assert window.document.recovery_notice is notice  # one notice, not one a minute
    assert "retrying" in window.statusBar().currentMessage()

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    fixed = tmp_path / "data" / "Coalition Atlas" / "recovery"
    window.document.recovery_timer.timeout.emit()
    assert "back on" in window.statusBar().currentMessage()
    assert not window.protection_label.isVisible()
    assert window.document.recovery_timer.interval() == 60_000
    assert [p.suffix for p in sorted(fixed.iterdir())] == [".json", ".yaml"]
    discard_on_close(window)


def test_the_recovery_prompt_shows_a_title_as_plain_text(make_window, recovery_folder):
    recovery.write_copy(
        recovery_folder, "crashed", THREE_COUNTRIES, original=None, title=LINK_TITLE
    )
    meta = recovery_folder / "crashed.json"
    meta.write_text(meta.read_text().replace('"pid": ', '"pid": 999999999, "old": '))
    window = make_window()
    seen = {}

    def inspect():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, inspect)
            return
        seen["format"] = box.textFormat()
        seen["text"] = box.text()
        box.button(Button.Cancel).click()

    QTimer.singleShot(20, inspect)
    assert not window.document.offer_recovery()
    assert seen["format"] == Qt.TextFormat.PlainText
    assert LINK_TITLE in seen["text"]


def shown_as_written(tip: str, written: str) -> bool:
    """What a tooltip shows: Qt renders it as rich text when it looks like markup."""
    if not QtGui.Qt.mightBeRichText(tip):
        return tip == written
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText() == written


def test_tooltips_and_captions_show_dataset_text_as_written(make_window, tmp_path, answering):
    markup = '<a href="file:///etc/passwd">pwn</a> & <b>bold</b>'
    text = THREE_COUNTRIES.replace("role: Co-lead", f"role: '{markup}'")
    text = text.replace("title: London summit", f"title: '{markup}'")
    text = text.replace("organisations:", "")  # none in the fixture; add one
    text += f"organisations:\n  - {{name: Org, role: '{markup}'}}\n"
    path = tmp_path / "markup.yaml"
    path.write_text(text, encoding="utf-8")
    window = make_window(path)
    answering(window)

    model = window.nations.model
    row = model.row_of("FRA")
    tip = model.data(model.index(row, ROLE), Qt.ItemDataRole.ToolTipRole)
    assert shown_as_written(tip, markup)

    tips = []
    for i in range(window.events.tree.topLevelItemCount()):
        group = window.events.tree.topLevelItem(i)
        tips += [group.child(j).toolTip(1) for j in range(group.childCount())]
    assert any(shown_as_written(tip, markup) for tip in tips)
    assert any(shown_as_written(tip, f"{markup} (London)") for tip in tips)
    for tip in tips:
        assert "<a href" not in tip

    assert window.timeline.caption.textFormat() == Qt.TextFormat.PlainText


def test_saving_runs_off_the_gui_thread_and_closing_waits_for_it(
    make_window, three, answering, monkeypatch, qtbot
):
    import threading

    from desktop.io import save as save_module

    window = make_window(three)
    answering(window)
    window.edits.editor.update_nation("MLT", role="Slow save")
    writers = []
    real_write = save_module.write_atomic

    def slow_write(path, text, **kwargs):
        writers.append(threading.current_thread() is threading.main_thread())
        threading.Event().wait(1.0)  # a big file on a slow disk
        real_write(path, text, **kwargs)

    monkeypatch.setattr(save_module, "write_atomic", slow_write)
    painted = []
    QTimer.singleShot(200, lambda: painted.append(window.isVisible()))
    QTimer.singleShot(300, window.close)  # the user quits while the file is written
    assert window.document.save()
    assert writers == [False]  # written by a worker thread
    assert painted == [True]  # the window went on handling events meanwhile
    assert load_dataset(three).dataset.nation("MLT").role == "Slow save"
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)  # closed once written
