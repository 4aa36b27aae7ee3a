"""The window's colour theme: the system's palette (dark, light or high contrast, as the
desktop says), or the app's own light or dark one, which match the exported maps.

The map follows whatever palette the window ends up with (``render.theme.theme_for_window``),
so a dark window always draws the dark map, in the exports' dark colours.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.geo.language import N_
from desktop.render.theme import DARK, LIGHT, Theme

APPEARANCES = ("system", "light", "dark")
"""View > Theme choices, as kept in the settings."""

LABELS = {"system": N_("Follow the &system"), "light": N_("&Light"), "dark": N_("&Dark")}
"""Menu texts (English messages: translated where shown)."""

LINKS = {"light": "#0b5cad", "dark": "#8cc4ff"}
"""Link colours with at least 4.5:1 contrast on the theme's window and base colours."""

_system: QPalette | None = None


def _blend(a: str, b: str, amount: float) -> QColor:
    ca, cb = QColor(a), QColor(b)
    return QColor.fromRgbF(
        ca.redF() + (cb.redF() - ca.redF()) * amount,
        ca.greenF() + (cb.greenF() - ca.greenF()) * amount,
        ca.blueF() + (cb.blueF() - ca.blueF()) * amount,
    )


def palette_for(theme: Theme) -> QPalette:
    """A complete widget palette in a map theme's colours (text on window and base at
    well over 4.5:1; disabled text in the theme's muted colour)."""
    palette = QPalette()
    dark = theme.key == "dark"
    window = QColor(theme.background)
    base = QColor(theme.ocean) if dark else QColor("#ffffff")
    text = QColor(theme.text)
    button = _blend(theme.background, theme.text, 0.12)
    roles = QPalette.ColorRole
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, roles.Window, window)
        palette.setColor(group, roles.WindowText, text)
        palette.setColor(group, roles.Base, base)
        palette.setColor(group, roles.AlternateBase, _blend(base.name(), theme.text, 0.05))
        palette.setColor(group, roles.Text, text)
        palette.setColor(group, roles.Button, button)
        palette.setColor(group, roles.ButtonText, text)
        palette.setColor(group, roles.BrightText, QColor("#ffffff"))
        palette.setColor(group, roles.ToolTipBase, base)
        palette.setColor(group, roles.ToolTipText, text)
        palette.setColor(group, roles.PlaceholderText, QColor(theme.muted))
        palette.setColor(group, roles.Highlight, QColor("#2f6fb3" if dark else "#1f5fa8"))
        palette.setColor(group, roles.HighlightedText, QColor("#ffffff"))
        palette.setColor(group, roles.Link, QColor(LINKS[theme.key]))
        palette.setColor(group, roles.LinkVisited, QColor(LINKS[theme.key]))
        palette.setColor(group, roles.Light, _blend(theme.background, theme.text, 0.25))
        palette.setColor(group, roles.Midlight, _blend(theme.background, theme.text, 0.18))
        palette.setColor(group, roles.Mid, _blend(theme.background, theme.text, 0.35))
        palette.setColor(group, roles.Dark, _blend(theme.background, "#000000", 0.4))
        palette.setColor(group, roles.Shadow, QColor("#000000"))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor(theme.muted))
    for role in (roles.Window, roles.Base, roles.Button):
        palette.setColor(disabled, role, palette.color(QPalette.ColorGroup.Active, role))
    return palette


def apply_appearance(key: str) -> str:
    """Give the application the palette ``key`` names (``system``, ``light``, ``dark``;
    anything else counts as ``system``) and return the key applied. The system's own
    palette is remembered the first time, so "system" can always go back to it."""
    global _system
    app = QApplication.instance()
    if _system is None:
        _system = QPalette(app.palette())
    key = key if key in APPEARANCES else "system"
    if key == "system":
        app.setPalette(_system)
    else:
        app.setPalette(palette_for(DARK if key == "dark" else LIGHT))
    return key
