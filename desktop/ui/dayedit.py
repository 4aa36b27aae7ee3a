"""A day field that takes dates as people type them, with a calendar to pick from.

Qt's QDateEdit edits one section at a time, so typing "1 Jan 2022" over its text changed
only the year. This field reads the whole text when editing ends (Enter, or leaving the
field) and keeps the precision typed: "May 2025" is a month, shown and used as such.
Month names are read in English and in the window's language, as CLDR spells them
("1 janvier 2022", "styczeń 2022"; ``desktop.geo.language.day_from_text``), and the
field shows its date as the window's language writes it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QWidget, QWidgetAction

from desktop.geo.language import DEFAULT_LANGUAGE, day_from_text, day_text
from desktop.model.dates import PartialDate
from desktop.ui.translation import current_language, message_text, tr

EXAMPLE = PartialDate(2026, 2, 24)
"""The date the placeholders show, at each precision, as the window's language writes it."""


def examples(lang: str) -> dict[str, str]:
    """The placeholder's dates in ``lang``: a day, a month, a year."""
    return {
        "day": day_text(EXAMPLE, lang),
        "month": day_text(PartialDate(EXAMPLE.year, EXAMPLE.month), lang),
        "year": day_text(PartialDate(EXAMPLE.year), lang),
    }


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _step(value: PartialDate, by: int) -> PartialDate:
    """The next (or previous) day, month or year, at the value's own precision."""
    if value.precision == "day":
        return PartialDate.from_date(value.start + dt.timedelta(days=by))
    if value.precision == "month":
        months = value.year * 12 + value.month - 1 + by
        return PartialDate(months // 12, months % 12 + 1)
    return PartialDate(value.year + by)


class DayEdit(QLineEdit):
    """One date, typed or picked: its ``value()`` is a PartialDate within a range.

    It speaks QDateEdit's language where the app used one (``date``, ``setDate``,
    ``setDateRange``, ``dateChanged``), the day being the value's first day."""

    dateChanged = Signal(QDate)
    """The value changed; the first day it covers."""
    valueChanged = Signal(object)
    """The value changed, as a PartialDate (its precision kept)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = PartialDate.from_date(dt.date.today())
        self._low: dt.date | None = None
        self._high: dt.date | None = None
        self.problem: str | None = None
        """Why the text typed was not taken (None: it was)."""
        self._hint = ""
        self._lang = current_language()
        self.setClearButtonEnabled(False)
        self.calendar_action = QAction(self._calendar_icon(), "", self)
        self.retranslate()
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.editingFinished.connect(self.commit)
        self.setText(self._shown(self._value))

    def retranslate(self) -> None:
        """The field's words and date in the window's language (a date being typed stays
        as typed)."""
        before, self._lang = self._lang, current_language()
        if self.text() == day_text(self._value, before):
            self.setText(self._shown(self._value))
        self.setPlaceholderText(tr("{day}, {month} or {year}", **examples(self._lang)))
        self.calendar_action.setText(tr("Pick a day from a calendar"))
        self._fit_width()

    def _fit_width(self) -> None:
        # Room for a long day as the language writes it ("30 вер. 2026 р.").
        longest = self._shown(PartialDate(2026, 9, 30))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(longest) + 48)

    def _shown(self, value: PartialDate) -> str:
        """A date as the field shows it: in the window's language, at its precision."""
        return day_text(value, self._lang)

    def _read(self, text: str) -> PartialDate:
        return day_from_text(text, self._lang)

    # -- QDateEdit's interface ----------------------------------------------------------------
    def date(self) -> QDate:
        """The first day of the value (text still being typed counts once it reads)."""
        return _qdate(self.value().start)

    def setDate(self, date: QDate) -> None:
        """Show a whole day."""
        self.setValue(PartialDate(date.year(), date.month(), date.day()))

    def setDateRange(self, low: QDate, high: QDate) -> None:
        """Days outside ``low`` to ``high`` are refused with a message."""
        self._low = dt.date(low.year(), low.month(), low.day())
        self._high = dt.date(high.year(), high.month(), high.day())
        if not self._in_range(self._value):
            self.setValue(PartialDate.from_date(min(max(self._value.start, self._low), self._high)))

    def minimumDate(self) -> QDate:
        """The first day accepted."""
        return _qdate(self._low) if self._low else QDate(1, 1, 1)

    def maximumDate(self) -> QDate:
        """The last day accepted."""
        return _qdate(self._high) if self._high else QDate(9999, 12, 31)

    # -- the value ------------------------------------------------------------------------------
    def value(self) -> PartialDate:
        """The date shown: the text as typed when it reads as a date in range, else the last
        one taken."""
        try:
            typed = self._read(self.text())
        except ValueError:
            return self._value
        return typed if self._in_range(typed) else self._value

    def setValue(self, value: PartialDate | dt.date) -> None:
        """Show ``value`` (a date is a whole day); emits the change signals when it differs."""
        if not isinstance(value, PartialDate):
            value = PartialDate.from_date(value)
        self._show_problem(None)
        self.setText(self._shown(value))
        if value != self._value:
            self._value = value
            self.dateChanged.emit(_qdate(value.start))
            self.valueChanged.emit(value)

    def _in_range(self, value: PartialDate) -> bool:
        # A month or year is in range when any of its days is.
        last = _step(value, 1).start - dt.timedelta(days=1)
        return (self._low is None or last >= self._low) and (
            self._high is None or value.start <= self._high
        )

    def commit(self) -> bool:
        """Take the text typed; False (with the reason shown) when it is not a date in range."""
        try:
            typed = self._read(self.text())
        except ValueError as error:
            self._show_problem(message_text(error))
            return False
        if not self._in_range(typed):
            first = self._shown(PartialDate.from_date(self._low)) if self._low else "…"
            last = self._shown(PartialDate.from_date(self._high)) if self._high else "…"
            self._show_problem(
                tr(
                    "{day} is outside {first} to {last}",
                    day=self._shown(typed),
                    first=first,
                    last=last,
                )
            )
            return False
        self.setValue(typed)
        return True

    def _show_problem(self, problem: str | None) -> None:
        # The problem stands in for the field's own tooltip while it lasts.
        if problem and self.problem is None:
            self._hint = self.toolTip()
        if problem:
            self.setToolTip(problem)
        elif self.problem is not None:
            self.setToolTip(self._hint)
        self.problem = problem
        if problem:
            palette = QPalette()
            palette.setColor(QPalette.ColorRole.Base, QColor("#fbe3e4"))
            palette.setColor(QPalette.ColorRole.Text, QColor("#1d2329"))
            self.setPalette(palette)
        else:
            # An empty palette sets no colour: the field follows the window's palette again,
            # a dark or high-contrast one included.
            self.setPalette(QPalette())

    # -- keys and the calendar ----------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            # A day (or month, or year) later or earlier, as a spin box would.
            moved = _step(self.value(), 1 if key == Qt.Key.Key_Up else -1)
            if self._in_range(moved):
                self.setValue(moved)
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self.text() != self._shown(self._value):
            self.setValue(self._value)  # back to the date last taken
            event.accept()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> QMenu:
        """Open a calendar under the field; a click there picks that day."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar = QCalendarWidget(menu)
        english = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
        calendar.setLocale(english if self._lang == DEFAULT_LANGUAGE else QLocale(self._lang))
        calendar.setGridVisible(True)
        if self._low and self._high:
            calendar.setDateRange(_qdate(self._low), _qdate(self._high))
        calendar.setSelectedDate(_qdate(self.value().start))

        def picked(date: QDate) -> None:
            self.setDate(date)
            menu.close()

        calendar.clicked.connect(picked)
        calendar.activated.connect(picked)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)
        self.calendar = calendar
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.setFocus()
        return menu

    def _calendar_icon(self) -> QIcon:
        # A small page of a calendar, drawn in the text colour so it shows on any palette.
        colour = self.palette().color(QPalette.ColorRole.Text)
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(round(16 * ratio), round(16 * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setPen(colour)
        painter.drawRect(2, 3, 11, 10)
        painter.fillRect(2, 3, 12, 3, colour)
        for x in (5, 8, 11):
            for y in (8, 11):
                painter.drawPoint(QPointF(x, y))
        painter.end()
        return QIcon(pixmap)
