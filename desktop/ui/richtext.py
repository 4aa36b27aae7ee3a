"""Rich text shared by the panels: category chips, linked sources, and a text browser
whose links open safely (http(s) in the system browser, the app's own ``atlas:`` links
reported, anything else refused)."""

from __future__ import annotations

from html import escape

from PySide6 import QtGui
from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.geo.language import DEFAULT_LANGUAGE
from desktop.geo.styled import day_text
from desktop.model.colourvision import THRESHOLD, Clash
from desktop.model.dataset import Dataset
from desktop.model.validate import is_web_url
from desktop.ui.translation import N_, tr


def open_web_link(url: QUrl) -> bool:
    """Open an http(s) link in the system browser; refuse every other scheme."""
    if not is_web_url(url.toString()):
        return False
    QDesktopServices.openUrl(url)
    return True


def plain_tip(text: str) -> str:
    """Tooltip text that Qt shows exactly as written.

    Qt renders a tooltip as rich text when it merely looks like markup, so dataset text
    such as ``<a href="file:...">`` would become a live link; escaped inside a paragraph
    that keeps line breaks, it reads as typed.
    """
    if not text or not QtGui.Qt.mightBeRichText(text):
        return text  # Qt shows it as plain text already
    return f'<p style="white-space:pre-wrap">{escape(text, quote=False)}</p>'


def readable_on(color: str) -> str:
    """Black or white, whichever reads better on ``color``."""
    c = QColor(color)
    luminance = 0.2126 * c.redF() ** 2.2 + 0.7152 * c.greenF() ** 2.2 + 0.0722 * c.blueF() ** 2.2
    return "#000000" if luminance > 0.22 else "#ffffff"


def chip(label: str, color: str | None) -> str:
    """A coloured category label, kept on one line (its words joined by no-break spaces)."""
    text = escape(label).replace(" ", "&nbsp;")
    if not color:
        return f'<span style="border:1px solid gray">&nbsp;{text}&nbsp;</span>'
    return (
        f'<span style="background-color:{escape(color)}; color:{readable_on(color)}">'
        f"&nbsp;{text}&nbsp;</span>"
    )


def source_links(dataset: Dataset, ids: list[str], muted: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Linked source titles with publisher and date, e.g. ``[Kyiv Independent, 2 Mar 2025]``;
    the date written the way ``lang`` writes it."""
    parts = []
    for source_id in ids:
        source = dataset.sources.get(source_id)
        if source is None:
            continue
        details = (
            [source.publisher]
            if source.publisher and source.publisher != source.display_title()
            else []
        )
        if source.date:
            details.append(day_text(source.date, lang))
        suffix = (
            f' <span style="color:{muted}">({escape(", ".join(details))})</span>' if details else ""
        )
        title = escape(source.display_title())
        link = (
            f'<a href="{escape(source.url, quote=True)}">{title}</a>'
            if is_web_url(source.url)
            else title
        )
        parts.append(link + suffix)
    return "; ".join(parts)


class SourceBrowser(QTextBrowser):
    """A read-only rich-text view whose links cannot run or open anything unsafe."""

    internal = Signal(QUrl)
    """An ``atlas:`` link (an edit link of the app's own) was clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._clicked)
        self.opened: list[str] = []
        """Links handed to the system browser."""

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == "atlas":
            self.internal.emit(url)
        elif open_web_link(url):
            self.opened.append(url.toString())


_DEFICIENCIES = (N_("protanopia"), N_("deuteranopia"), N_("tritanopia"))
"""The names ``desktop.model.colourvision`` gives the deficiencies, marked for the catalogs."""


def clash_warning(clash: Clash) -> str:
    """One line warning of two categories that readers with a colour vision deficiency
    would confuse, with the way out, in the window's language."""
    return tr(
        "Warning: {first} and {second} are hard to tell apart with {deficiency} (colour "
        "difference {difference}, under {threshold}): choose another colour for one of them, "
        "or hatch the categories (--pattern, or “Hatch the categories” in the Export dialog)",
        first=repr(clash.first),
        second=repr(clash.second),
        deficiency=tr(clash.deficiency),
        difference=f"{clash.difference:.1f}",
        threshold=f"{THRESHOLD:g}",
    )
