"""Search (Ctrl+F): part of a name, an alias or a code offers matching countries."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from desktop.ui.state import AtlasState

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
        self.setPlaceholderText("Search countries (Ctrl+F)")
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Search countries")
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

    def pool(self) -> set[str]:
        """Countries one can find: everything on the map plus every listed nation."""
        dataset = self.state.dataset
        return set(self.state.map_codes) | ({n.iso3 for n in dataset.nations} if dataset else set())

    def update_matches(self, text: str) -> list[str]:
        """Refill the pop-up for ``text``; returns the codes offered, best first."""
        found = self.state.gazetteer.search(text, limit=12, codes=self.pool())
        self.matches.clear()
        for country in found:
            item = QStandardItem(f"{self.state.name(country.code)} ({country.code})")
            item.setData(country.code, CODE_ROLE)
            self.matches.appendRow(item)
        if found:
            self.completer_.complete()
        return [c.code for c in found]

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
        # Enter without picking from the pop-up takes the best match.
        codes = self.update_matches(self.text())
        if codes:
            self.completer_.popup().hide()
            self.chosen.emit(codes[0])
