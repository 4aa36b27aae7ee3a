"""The window's language: which one to start in, and switching the application to it.

The language is one of ``desktop.geo.language.LANGUAGES``. Without a saved choice the window
follows the system's: the first of the user's interface languages that the app speaks,
else English. Arabic lays the whole application out right to left.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QGuiApplication

from desktop.geo.language import DEFAULT_LANGUAGE, LANGUAGES, check_language, is_rtl

SETTINGS_KEY = "language"
"""Where the chosen language is kept in the window's settings."""


def system_language(locale: QLocale | None = None) -> str:
    """The first of the locale's interface languages the app speaks (default: the system
    locale's, which follows LANGUAGE, LC_ALL, LC_MESSAGES and LANG), else English."""
    locale = locale if locale is not None else QLocale.system()
    for name in locale.uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def apply_language(lang: str) -> str:
    """Switch the application to ``lang`` (checked): its layout direction now; returns the code."""
    lang = check_language(lang)
    direction = Qt.LayoutDirection.RightToLeft if is_rtl(lang) else Qt.LayoutDirection.LeftToRight
    QGuiApplication.setLayoutDirection(direction)
    return lang
