"""A real main window on the bundled dataset, offscreen, with its own settings file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.io.gazetteer import default_gazetteer
from desktop.ui.mainwindow import MainWindow, open_initial
from desktop.ui.state import AtlasState


@pytest.fixture
def settings(tmp_path):
    """Settings in a temporary file, so tests never read or write the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings):
    """Build a window (optionally on a file) the way the app does, shown at a fixed size."""

    def make(path=None, size=(1400, 900)):
        state = AtlasState(default_gazetteer())
        window = MainWindow(state, settings)
        qtbot.addWidget(window)
        window.restore_settings()
        open_initial(window, str(path) if path else None)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        window.map.repaint()
        return window

    return make


@pytest.fixture
def window(make_window):
    return make_window()


class Answerer(QObject):
    """Answers the questions a window asks (its modal question boxes) as a user would, by
    clicking a button: the next of ``window.answers``, or when none is left the box's
    default (Yes for a question that names none, as a removal's confirmation). Each question's title goes to ``window.asked`` and its text to
    ``window.questions``. Lives as long as the window, so closing it is answered too."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        window.answers, window.asked, window.questions = [], [], []
        self.timer = QTimer(self, interval=10)
        self.timer.timeout.connect(self.answer)
        self.timer.start()

    def answer(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.icon() != QMessageBox.Icon.Question:
            return
        owner = box.parentWidget()
        while owner is not None and owner is not self.window:
            owner = owner.parentWidget()
        if owner is None or not box.isVisible():
            return
        self.window.asked.append(box.windowTitle())
        self.window.questions.append(box.text())
        if self.window.answers:
            button = box.button(self.window.answers.pop(0))
        else:
            button = box.defaultButton() or box.button(QMessageBox.StandardButton.Yes)
        if button is None:
            # Not a button the box offers: close it rather than hang; the test's own
            # assertions then fail on what did not happen.
            self.window.asked.append("(no such button)")
            box.reject()
            return
        button.click()


@pytest.fixture
def answering():
    """``answering(window)``: answer that window's questions (see ``Answerer``)."""
    return Answerer
