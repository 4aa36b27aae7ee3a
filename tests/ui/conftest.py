"""A real main window on the bundled dataset, offscreen, with its own settings file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

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
