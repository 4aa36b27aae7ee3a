"""The window's shared state: the open dataset, the day viewed, selection, hover, highlight.

Every widget takes this object in its constructor and connects to its signals, so panels
never call each other: a click on the map selects through here, and the table, panel and
map each follow.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from desktop.geo.language import DEFAULT_LANGUAGE, check_language, country_name
from desktop.geo.styled import StyledMap, day_text, styled_map
from desktop.io.dataset_file import LoadedDataset
from desktop.model.asof import Change, changes_between
from desktop.model.countries import Gazetteer
from desktop.model.dataset import Dataset
from desktop.model.dates import PartialDate
from desktop.render.theme import LIGHT, Theme


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
    themeChanged = Signal()
    """The map's colour theme changed (the window's palette went dark or light)."""
    languageChanged = Signal()
    """The window's language changed: names, dates and words are shown anew."""

    def __init__(self, gazetteer: Gazetteer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gazetteer = gazetteer
        self.loaded: LoadedDataset | None = None
        self.day: dt.date | None = None
        """The day viewed: positions are those of this day."""
        self.viewed: PartialDate | None = None
        """The day viewed as it was chosen: a month or a year when one was (a dataset dated
        ``2025-05``, an event of May 2025), captioned so ("May 2025"); starts on ``day``."""
        self.selected: str | None = None
        self.hovered: str | None = None
        self.highlighted: frozenset[str] = frozenset()
        self.highlight_label: str | None = None
        self.compare_day: dt.date | None = None
        """Start of "changes since" (None: off); the end is ``day``."""
        self.undo_stack = QUndoStack(self)
        self.theme: Theme = LIGHT
        self.language: str = DEFAULT_LANGUAGE
        """The language of the names, dates and words shown (``desktop.geo.language``)."""
        self._styled: StyledMap | None = None

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
        self.viewed = loaded.dataset.as_of
        self.day = self.viewed.start
        self._styled = None
        self.undo_stack.clear()
        self.highlighted, self.highlight_label = frozenset(), None
        self.compare_day = None
        self.datasetReplaced.emit()
        if self.selected and not self._known(self.selected):
            self.select(None)

    def _on_model_changed(self, *_: object) -> None:
        self._styled = None
        self.contentChanged.emit()

    def _known(self, code: str) -> bool:
        return code in self.gazetteer

    # -- the day viewed ------------------------------------------------------------------------
    def set_day(self, day: dt.date | PartialDate) -> None:
        """View the dataset as it stood on ``day``: a date, or a PartialDate whose month or
        year the captions then name (positions are those of its first day)."""
        viewed = day if isinstance(day, PartialDate) else PartialDate.from_date(day)
        if viewed != self.viewed:
            self.viewed, self.day = viewed, viewed.start
            self._styled = None
            self.dayChanged.emit()

    def day_text(self) -> str:
        """The day viewed as captions write it in the window's language: ``2 Mar 2025``,
        ``May 2025`` or ``2025`` (``2 mars 2025`` in French)."""
        return day_text(self.viewed, self.language) if self.viewed else ""

    def date_text(self, day: dt.date | PartialDate) -> str:
        """Any day in the window's language, at its precision (``mai 2025``)."""
        return day_text(day, self.language)

    def name(self, code: str) -> str:
        """A country's name in the window's language: CLDR's, or the UN's where the
        reviewed overrides say so; the gazetteer's English name in English."""
        country = self.gazetteer.get(code)
        english = self.gazetteer.name(code)
        return country_name(code, country.alpha2 if country else None, self.language, english)

    def set_language(self, lang: str) -> None:
        """Show names, dates and words in another language (ValueError for an unknown one)."""
        lang = check_language(lang)
        if lang != self.language:
            self.language = lang
            self._styled = None
            self.languageChanged.emit()

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

    def set_theme(self, theme: Theme) -> None:
        """Colour the map of the day in another theme."""
        if theme != self.theme:
            self.theme = theme
            self._styled = None
            self.themeChanged.emit()

    def styled(self) -> StyledMap:
        """The map of the day viewed: categories, colours, legend and counts of every map
        unit (cached until the dataset, the day, the theme or the language changes)."""
        if self.dataset is None:
            return StyledMap.empty(self.theme)
        if self._styled is None:
            self._styled = self.styled_on(self.viewed)
        return self._styled

    def styled_on(self, day: dt.date | PartialDate) -> StyledMap:
        """The map of another day, in the window's theme and language (not cached)."""
        assert self.dataset is not None
        return styled_map(self.dataset, self.gazetteer, day, theme=self.theme, lang=self.language)

    @property
    def map_codes(self) -> tuple[str, ...]:
        """Every unit the map counts (listed nations it cannot draw included)."""
        return tuple(unit.code for unit in self.styled().units)

    def category_of(self, code: str) -> str | None:
        """Category id of a country on the day viewed; None for no stated position."""
        return self.styled().category_of(code)

    def counts(self) -> dict[str | None, int]:
        """The legend's counts on the day viewed; None counts the unlisted class."""
        return self.styled().counts() if self.dataset else {}

    def members(self, category: str | None) -> frozenset[str]:
        """Countries in a category on the day viewed (None: every country without a position)."""
        return self.styled().members(category)

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
