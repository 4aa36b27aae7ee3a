"""Search (Ctrl+F): part of a name, an alias or a code offers matching countries, by their
names in the window's language and in English."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from desktop.geo.language import search_index
from desktop.model.countries import NameIndex
from desktop.ui.state import AtlasState
from desktop.ui.translation import N_, Texts

CODE_ROLE = Qt.ItemDataRole.UserRole


class SearchBox(QLineEdit):
    """A search field whose pop-up lists the gazetteer's best matches as one types."""

    chosen = Signal(str)
    """A country code the user picked."""
    dismissed = Signal()
    """Escape: the search was cleared (the window hands the keys back to the map)."""

    def __init__(self, state: AtlasState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._index: tuple[tuple[str, frozenset[str]], NameIndex] | None = None
        self.texts = Texts()
        self.texts.bind(self.setPlaceholderText, N_("Search countries (Ctrl+F)"))
        self.setClearButtonEnabled(True)
        self.texts.bind(self.setAccessibleName, N_("Search countries"))
        state.languageChanged.connect(self.texts.retranslate)
        self.setMinimumWidth(220)
        self.matches = QStandardItemModel(self)
        self.completer_ = QCompleter(self.matches, self)
        # The gazetteer already ranked and filtered: the pop-up shows its list as is.
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setMaxVisibleItems(12)
        self.setCompleter(self.completer_)
        self.completer_.activated[QModelIndex].connect(self._activated)
        self.textEdited.connect(self.update_matches)
        self.returnPressed.connect(self._return)
        state.languageChanged.connect(self._language_changed)

    def pool(self) -> set[str]:
        """Countries one can find: everything on the map plus every listed nation."""
        dataset = self.state.dataset
        return set(self.state.map_codes) | ({n.iso3 for n in dataset.nations} if dataset else set())

    def _language_changed(self) -> None:
        # An open pop-up is refilled with the names in the new language.
        if self.matches.rowCount():
            self.update_matches(self.text())

    def index(self) -> NameIndex:
        """The names searched: the pool's, in the window's language and in English (rebuilt
        only when the language or the pool changes)."""
        key = (self.state.language, frozenset(self.pool()))
        if self._index is None or self._index[0] != key:
            self._index = (key, search_index(self.state.gazetteer, *key))
        return self._index[1]

    def update_matches(self, text: str) -> list[str]:
        """Refill the pop-up for ``text``; returns the codes offered, best first."""
        found = self.index().search(text, limit=12)
        self.matches.clear()
        for match in found:
            item = QStandardItem(f"{match.name} ({match.code})")
            item.setData(match.code, CODE_ROLE)
            self.matches.appendRow(item)
        if found:
            self.completer_.complete()
        return [match.code for match in found]

    def _activated(self, index: QModelIndex) -> None:
        code = index.data(CODE_ROLE)
        if code:
            self.chosen.emit(code)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            self.clear_search()
            event.accept()
            return
        super().keyPressEvent(event)

    def clear_search(self) -> None:
        """Empty the field and close its pop-up."""
        self.completer_.popup().hide()
        self.clear()
        self.matches.clear()
        self.dismissed.emit()

    def _return(self) -> None:
        # Enter on an entry of the pop-up (moved to with the arrow keys, which also writes
        # it into the field) takes that entry; Enter on typed text takes the best match.
        shown = self.text()
        rows = (self.matches.item(row) for row in range(self.matches.rowCount()))
        code = next((item.data(CODE_ROLE) for item in rows if item.text() == shown), None)
        if code is None:
            codes = self.update_matches(self.text())
            code = codes[0] if codes else None
        if code:
            # Hidden first, so the completer does not also take the entry it had current.
            self.completer_.popup().hide()
            self.chosen.emit(code)
