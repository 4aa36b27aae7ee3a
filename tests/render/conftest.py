"""Render tests run where the window's tests may run next, in the same process."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def widgets_application(qapp):
    """The process's Qt application is one that can show widgets.

    An export run in the process (``coalition-atlas export`` through ``cli.main``) makes a
    bare QGuiApplication when none exists, as the command does; a window test given that
    process afterwards would abort building its first widget.
    """
    return qapp
