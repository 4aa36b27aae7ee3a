"""The window's shared state: the open dataset, the day viewed, selection, hover, highlight.

Every widget takes this object in its constructor and connects to its signals, so panels
never call each other: a click on the map selects through here, and the table, panel and
map each follow.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from desktop.geo.boundaries import ANTARCTICA, load_boundaries
from desktop.io.dataset_file import LoadedDataset
from desktop.model.asof import Change, Snapshot, category_counts, changes_between, snapshot
from desktop.model.countries import Gazetteer
from desktop.model.dataset import Dataset


class AtlasState(QObject):
    """What the window shows; widgets read it and change it only through its methods."""

    datasetReplaced = Signal()
    """A different dataset (or file) is open: every view rebuilds."""
    contentChanged = Signal()
    """The open dataset's content changed (an edit, undo or redo): views refresh."""
    dayChanged = Signal()
    selectionChanged = Signal(object)
    hoverChanged = Signal(object)
    highlightChanged = Signal()
    compareChanged = Signal()
    """"Changes since" was turned on, off, or given another start date."""

    def __init__(self, gazetteer: Gazetteer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gazetteer = gazetteer
        self.loaded: LoadedDataset | None = None
        self.day: dt.date | None = None
        self.selected: str | None = None
        self.hovered: str | None = None
        self.highlighted: frozenset[str] = frozenset()
        self.highlight_label: str | None = None
        self.compare_day: dt.date | None = None
        """Start of "changes since" (None: off); the end is ``day``."""
        self.undo_stack = QUndoStack(self)
        self._snapshot: Snapshot | None = None
        # Countries the map can draw, for "no stated position" counts and "all countries".
        self.map_codes: tuple[str, ...] = tuple(
            c for c in load_boundaries().codes if c != ANTARCTICA
        )

    # -- dataset -------------------------------------------------------------------------------
    @property
    def dataset(self) -> Dataset | None:
        """The open dataset, or None before anything is open."""
        return self.loaded.dataset if self.loaded else None

    def set_loaded(self, loaded: LoadedDataset) -> None:
        """Show another dataset: the day resets to its as-of date, selection is kept if listed."""
        if self.loaded is not None:
            self.loaded.dataset.changed.disconnect(self._on_model_changed)
        self.loaded = loaded
        loaded.dataset.changed.connect(self._on_model_changed)
        self.day = loaded.dataset.as_of.start
        self._snapshot = None
        self.undo_stack.clear()
        self.highlighted, self.highlight_label = frozenset(), None
        self.compare_day = None
        self.datasetReplaced.emit()
        if self.selected and not self._known(self.selected):
            self.select(None)

    def _on_model_changed(self, *_: object) -> None:
        self._snapshot = None
        self.contentChanged.emit()

    def _known(self, code: str) -> bool:
        return code in self.gazetteer

    # -- the day viewed ------------------------------------------------------------------------
    def set_day(self, day: dt.date) -> None:
        """View the dataset as it stood on ``day``."""
        if day != self.day:
            self.day = day
            self._snapshot = None
            self.dayChanged.emit()

    def set_compare_day(self, day: dt.date | None) -> None:
        """Mark what changed between ``day`` and the day viewed (None turns it off)."""
        if day != self.compare_day:
            self.compare_day = day
            self.compareChanged.emit()

    def changes(self) -> list[Change]:
        """Nations whose category differs between the compare day and the day viewed."""
        if self.compare_day is None or self.dataset is None:
            return []
        return changes_between(self.dataset, self.compare_day, self.day)

    def changed_codes(self) -> frozenset[str]:
        """The codes of ``changes()``: what the map outlines."""
        return frozenset(change.iso3 for change in self.changes())

    def snapshot(self) -> Snapshot:
        """Every listed nation's category on the day viewed (cached until something changes)."""
        if self._snapshot is None:
            assert self.dataset is not None
            self._snapshot = snapshot(self.dataset, self.day)
        return self._snapshot

    def category_of(self, code: str) -> str | None:
        """Category id of a country on the day viewed; None for no stated position."""
        return self.snapshot().category_of(code) if self.dataset else None

    def counts(self) -> dict[str | None, int]:
        """Countries per category id on the day viewed; None counts every other country."""
        if self.dataset is None:
            return {}
        return category_counts(self.dataset, self.snapshot(), self.map_codes)

    def members(self, category: str | None) -> frozenset[str]:
        """Countries in a category on the day viewed (None: every country without a position)."""
        snap = self.snapshot()
        if category is not None:
            return frozenset(code for code, cat in snap.categories.items() if cat == category)
        placed = {code for code, cat in snap.categories.items() if cat is not None}
        universe = set(self.map_codes) | set(snap.categories)
        return frozenset(universe - placed)

    # -- selection, hover, highlight ---------------------------------------------------------
    def select(self, code: str | None) -> None:
        """Select a country (None clears)."""
        if code != self.selected:
            self.selected = code
            self.selectionChanged.emit(code)

    def hover(self, code: str | None) -> None:
        """Mark the country under the pointer (None: nothing)."""
        if code != self.hovered:
            self.hovered = code
            self.hoverChanged.emit(code)

    def highlight(self, codes: frozenset[str], label: str | None = None) -> None:
        """Bring some countries forward and fade the rest (empty clears)."""
        codes = frozenset(codes)
        if codes != self.highlighted or label != self.highlight_label:
            self.highlighted, self.highlight_label = codes, (label if codes else None)
            self.highlightChanged.emit()
