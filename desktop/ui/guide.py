"""Help > User guide: the guide that ships with the app (resources/guide/), read offline.

The guide is plain HTML that QTextBrowser renders; its link to the dataset format opens the
bundled resources/datasets/README.md in the same window (QTextBrowser reads Markdown by its
suffix). Web links open in the system browser, and only http(s) ones.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QIcon, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.paths import resource_path
from desktop.ui.about import app_icon
from desktop.ui.richtext import open_web_link
from desktop.ui.translation import N_, Texts


def guide_index() -> Path:
    """The guide's first page."""
    return resource_path("guide", "index.html")


class GuideWindow(QDialog):
    """A window of its own (not modal) showing the user guide, with back, contents and find."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A window of its own beside the map, with minimise and maximise, not a modal dialog.
        self.setWindowFlag(Qt.WindowType.Window)
        self.texts = Texts()
        """Its words, set again by the main window when the language changes."""
        self.texts.bind(self.setWindowTitle, N_("Coalition Atlas user guide"))
        self.setWindowIcon(app_icon())

        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.follow)
        self.texts.bind(self.browser.setAccessibleName, N_("User guide"))

        self.back = self._button(N_("Back"), "go-previous", self.browser.backward)
        self.forward = self._button(N_("Forward"), "go-next", self.browser.forward)
        self.contents = self._button(N_("Contents"), "go-home", self.home)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.browser.forwardAvailable.connect(self.forward.setEnabled)
        self.back.setEnabled(False)
        self.forward.setEnabled(False)
        self.find = QLineEdit(self)
        self.texts.bind(self.find.setPlaceholderText, N_("Find in the guide (Ctrl+F)"))
        self.find.setClearButtonEnabled(True)
        self.find.returnPressed.connect(self.find_next)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_find)

        bar = QHBoxLayout()
        for button in (self.back, self.forward, self.contents):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.find)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        self.resize(820, 760)
        self.home()

    def _button(self, text: str, icon: str, slot) -> QToolButton:
        button = QToolButton(self)
        self.texts.bind(button.setText, text)
        self.texts.bind(button.setToolTip, text)
        # Themed icons where the desktop has them; the text label otherwise.
        themed = QIcon.fromTheme(icon)
        if not themed.isNull():
            button.setIcon(themed)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.clicked.connect(slot)
        return button

    def home(self) -> None:
        """Show the guide's contents, at the top."""
        self.browser.setSource(QUrl.fromLocalFile(str(guide_index())))

    def follow(self, url: QUrl) -> None:
        """A clicked link: web links go to the system browser, the guide's own stay here."""
        if url.scheme() in ("http", "https"):
            open_web_link(url)
            return
        target = self.browser.source().resolved(url)
        if target.isLocalFile() and Path(target.toLocalFile()).is_file():
            kind = (
                QTextDocument.ResourceType.MarkdownResource
                if target.toLocalFile().lower().endswith(".md")
                else QTextDocument.ResourceType.HtmlResource
            )
            self.browser.setSource(target, kind)

    def _focus_find(self) -> None:
        self.find.setFocus()
        self.find.selectAll()

    def find_next(self) -> bool:
        """Select the next match of the find field's text, wrapping round at the end."""
        text = self.find.text()
        if not text:
            return False
        if self.browser.find(text):
            return True
        cursor = self.browser.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        self.browser.setTextCursor(cursor)
        return self.browser.find(text)
