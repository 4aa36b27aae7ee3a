"""The map themes as Qt colours. The colours themselves live in ``desktop.geo.theme``."""

from __future__ import annotations

from PySide6.QtGui import QColor

from desktop.geo.theme import DARK, LIGHT, THEMES, Theme

__all__ = ["DARK", "LIGHT", "THEMES", "Theme", "qcolor", "theme_for_window"]


def qcolor(theme: Theme, name: str) -> QColor:
    """A theme colour (``"ocean"``, ``"land"``...) as a QColor."""
    return QColor(getattr(theme, name))


def theme_for_window(window_color: QColor) -> Theme:
    """The theme that matches a palette's window colour (dark palettes get the dark map)."""
    return DARK if window_color.lightnessF() < 0.5 else LIGHT
