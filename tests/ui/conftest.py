"""A real main window on the frozen test dataset, offscreen, with its own settings file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QObject, QPointF, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop.io.gazetteer import default_gazetteer
from desktop.ui.mainwindow import MainWindow, open_initial
from desktop.ui.state import AtlasState
from tests.conftest import SMALL


@pytest.fixture(autouse=True)
def english_afterwards():
    """A test that switches the window's language leaves the application in English, left
    to right, as the next test expects it."""
    yield
    from desktop.ui.translation import apply_language

    if QApplication.instance() is not None:
        apply_language("en")


@pytest.fixture
def settings(tmp_path):
    """Settings in a temporary file, so tests never read or write the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings):
    """Build a window on a file the way the app does, shown at a fixed size.

    ``path=None`` opens the bundled dataset, as the app does when given no file.
    """

    def make(path=SMALL, size=(1400, 900)):
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


# -- reading and driving the window as a user sees it ------------------------------------------
def choose_file(path, tries: int = 250) -> None:
    """In the next file dialog (Open or Save), pick ``path`` and press its button."""

    def act(left: int) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            dialog.selectFile(str(path))
            dialog.accept()
        elif left:
            QTimer.singleShot(20, lambda: act(left - 1))

    QTimer.singleShot(0, lambda: act(tries))


def point_of(map_widget, code: str) -> QPointF | None:
    """Where a country's label point (or marker) is drawn in the map widget, if on the map."""
    projected = map_widget.renderer.projected
    i = projected.index(code)
    if i < 0 or map_widget.view is None:
        return None
    x, y = projected.anchors[i]
    sx, sy = map_widget.view.to_screen(x, y, float(map_widget.width()), float(map_widget.height()))
    return QPointF(float(sx), float(sy))


def compare_since(bar, day) -> None:
    """Turn the timeline's "Changes since" on at ``day`` (None: off) with its controls."""
    if day is not None:
        bar.compare_edit.setDate(QDate(day.year, day.month, day.day))
    if bar.compare_button.isChecked() != (day is not None):
        bar.compare_button.click()


def event_items(panel) -> list:
    """The events panel's event rows, in the order shown (up to the day, then later)."""
    tree = panel.tree
    roots = [tree.topLevelItem(i) for i in (1, 2) if tree.topLevelItem(i)]
    return [root.child(i) for root in roots for i in range(root.childCount())]


def row_texts(panel) -> list[str]:
    """The changes panel's rows as shown: ``Austria: Undecided → Participating``."""
    from desktop.ui.changes import NATION, SECOND_LINE_ROLE

    return [f"{item.text(NATION)}: {item.data(NATION, SECOND_LINE_ROLE)}" for item in panel.items()]


class Answerer(QObject):
    """Answers the questions a window asks (its modal question boxes) as a user would, by
    clicking a button: the next of ``window.answers``, or when none is left Discard where the
    box offers it (so unsaved changes are never saved, nor recovered, unasked: closing the
    window at the end of a test writes nothing), else the box's default (Yes for a question
    that names none, as a removal's confirmation). Each question's title goes to
    ``window.asked`` and its text to ``window.questions``. Lives as long as the window, so
    closing it is answered too."""

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
            button = (
                box.button(QMessageBox.StandardButton.Discard)
                or box.defaultButton()
                or box.button(QMessageBox.StandardButton.Yes)
            )
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
