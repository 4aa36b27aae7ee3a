"""The timeline: a slider over the dataset's dated span, its events, playback and "changes since".

The slider moves one day per step from the first to the last dated entry; each event is a
tick drawn on it. Moving it sets the state's day, so the map, legend, table and panels
follow. The "Changes since" control turns on the state's comparison with another day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QDate, QEvent, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop.geo.language import DEFAULT_LANGUAGE
from desktop.geo.styled import day_text
from desktop.model.asof import dated_span
from desktop.model.dataset import Event
from desktop.model.dates import PartialDate
from desktop.ui.dayedit import DayEdit
from desktop.ui.richtext import plain_tip
from desktop.ui.state import AtlasState
from desktop.ui.translation import N_, Texts, ntr, tr

PLAY_INTERVAL_MS = 1200
"""How long playback rests on each event: long enough to read the map and the caption."""
DRAG_THROTTLE_MS = 40
"""While the handle is dragged, the day is applied at most this often: each new day costs
the views a few tens of milliseconds, and the date label follows the handle in between."""
MONTHS = tuple(PartialDate(2000, m).display().split()[0] for m in range(1, 13))
"""Month names as the app writes dates (``Mar``), whatever the system locale."""
TICK_HIT_PX = 5
"""How close (in pixels) the pointer must be to an event tick for its tooltip or snap."""
AXIS_STEPS: tuple[tuple[str, int], ...] = (
    ("day", 1), ("day", 2), ("day", 5), ("day", 10),
    ("month", 1), ("month", 3), ("month", 6),
    ("year", 1), ("year", 2), ("year", 5), ("year", 10), ("year", 20), ("year", 50),
    ("year", 100),
)  # fmt: skip
"""Axis tick steps from finest to coarsest: the axis takes the finest whose labels fit."""
_STEP_DAYS = {"day": 1.0, "month": 30.44, "year": 365.25}
LABEL_GAP_PX = 8
"""Room left between two axis labels."""
MINOR_TICK_PX = 5
"""Unlabelled ticks between the labelled ones are drawn when at least this far apart."""


@dataclass(frozen=True)
class AxisTick:
    """A tick under the slider: its day, and its label (None: a minor tick)."""

    day: dt.date
    label: str | None


def _step_ticks(start: dt.date, end: dt.date, unit: str, n: int) -> list[dt.date]:
    """Days from ``start`` to ``end`` on which a step of ``n`` ``unit``s falls: every n-th
    day of a month (from the 1st), the first day of every n-th month, of every n-th year."""
    days: list[dt.date] = []
    if unit == "year":
        year = -(-start.year // n) * n
        while (day := dt.date(year, 1, 1)) <= end:
            if day >= start:
                days.append(day)
            year += n
        if start.month == start.day == 1 and start.year % n == 0 and start not in days:
            days.insert(0, start)
        return days
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        if unit == "month":
            if (month.month - 1) % n == 0 and month >= start:
                days.append(month)
        else:
            following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
            for d in range(1, 32, n):
                day = month + dt.timedelta(days=d - 1)
                # A step cut short by the month's end is dropped when it would crowd the 1st.
                if day >= following or (following - day).days < max(n / 2, 1):
                    break
                if start <= day <= end:
                    days.append(day)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return days


@cache
def month_names(lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """The twelve short month names as ``lang`` writes them in dates (``Mar``, ``mars``)."""
    if lang == DEFAULT_LANGUAGE:
        return MONTHS
    from babel.dates import get_month_names

    names = get_month_names("abbreviated", context="format", locale=lang)
    return tuple(names[m] for m in range(1, 13))


def _tick_label(day: dt.date, unit: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A tick's label: the day of the month, the month, or the year where one begins."""
    if day.month == day.day == 1:
        return str(day.year)
    if unit == "day" and day.day != 1:
        return str(day.day)
    return month_names(lang)[day.month - 1]


def axis_ticks(
    start: dt.date,
    end: dt.date,
    width_px: float,
    text_width: Callable[[str], float],
    lang: str = DEFAULT_LANGUAGE,
) -> list[AxisTick]:
    """Ticks for an axis from ``start`` to ``end`` drawn ``width_px`` wide: labelled at the
    finest step (days, months, years or decades) whose labels fit without touching, minor
    ticks at the next finer step where they stay apart. The first label carries its year
    (``Mar 2025``, ``2 Mar 2025``) when it does not already name one, so the year shows
    whatever the span. ``text_width`` measures a label in pixels; ``lang`` writes the
    months and dates (``desktop.geo.language``)."""
    span = (end - start).days
    if span <= 0 or width_px <= 0:
        return []
    per_day = width_px / span
    chosen = len(AXIS_STEPS) - 1
    widest_month = max(text_width(name) for name in month_names(lang))
    for i, (unit, n) in enumerate(AXIS_STEPS):
        widest = max(
            text_width("2026"),
            widest_month if unit != "year" else 0.0,
            text_width("30") if unit == "day" else 0.0,
        )
        if _STEP_DAYS[unit] * n * per_day >= widest + LABEL_GAP_PX:
            chosen = i
            break
    unit, n = AXIS_STEPS[chosen]
    major = _step_ticks(start, end, unit, n)
    ticks = [AxisTick(day, _tick_label(day, unit, lang)) for day in major]
    if not ticks:
        # Not one step inside the span: its start names the year.
        ticks = [AxisTick(start, day_text(start, lang))]
    first = ticks[0].day
    if not (first.month == first.day == 1):
        precise = PartialDate(first.year, first.month, first.day if unit == "day" else None)
        if unit == "day" and first.day == 1:
            precise = PartialDate(first.year, first.month)
        ticks[0] = AxisTick(first, day_text(precise, lang))
    if chosen > 0:
        minor_unit, minor_n = AXIS_STEPS[chosen - 1]
        if _STEP_DAYS[minor_unit] * minor_n * per_day >= MINOR_TICK_PX:
            labelled = {t.day for t in ticks}
            ticks += [
                AxisTick(day, None)
                for day in _step_ticks(start, end, minor_unit, minor_n)
                if day not in labelled
            ]
    return sorted(ticks, key=lambda t: t.day)


def media_pixmap(name: str, colour: QColor, ratio: float = 1.0, size: int = 16) -> QPixmap:
    """A flat media-control glyph: ``previous``, ``play``, ``pause`` or ``next``."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    top, bottom, middle = 3.0, size - 3.0, size / 2
    if name == "play":
        painter.drawPolygon([QPointF(4, top), QPointF(size - 3, middle), QPointF(4, bottom)])
    elif name == "pause":
        painter.drawRect(QRectF(4, top, 3, bottom - top))
        painter.drawRect(QRectF(size - 7, top, 3, bottom - top))
    elif name == "previous":
        painter.drawRect(QRectF(3, top, 2, bottom - top))
        painter.drawPolygon([QPointF(size - 3, top), QPointF(6, middle), QPointF(size - 3, bottom)])
    elif name == "next":
        painter.drawRect(QRectF(size - 5, top, 2, bottom - top))
        painter.drawPolygon([QPointF(3, top), QPointF(size - 6, middle), QPointF(3, bottom)])
    painter.end()
    return pixmap


def show_date(day: dt.date, lang: str = DEFAULT_LANGUAGE) -> str:
    """A day as the app writes it everywhere: ``24 Feb 2026`` (``24 févr. 2026``)."""
    return day_text(day, lang)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class TimelineSlider(QSlider):
    """A day slider that draws a tick for each event and shades the "changes since" range.

    Qt's own ticks are evenly spaced, so the event ticks are painted here; a click on the
    groove jumps to that day (snapping to a nearby event) instead of paging.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.start: dt.date | None = None
        self.events: dict[int, list[Event]] = {}
        """Events by slider value (days from ``start``)."""
        self.compare_value: int | None = None
        self.drawn_labels: list[tuple[str, QRectF]] = []
        """The axis labels the last paint showed, with where (what a reader sees)."""
        self.setMouseTracking(True)
        self.setMinimumWidth(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.lang = DEFAULT_LANGUAGE
        """The language of the axis's months and dates and of the event tooltips."""
        # Time runs left to right on this axis in every language, as on a chart's axis:
        # a right-to-left window would mirror the handle but not the painted ticks.
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        # Event ticks above the groove; the date axis below it.
        return QSize(hint.width(), max(hint.height(), 18) + 2 * self._band())

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.sizeHint().height())

    def _band(self) -> int:
        return QFontMetrics(self._small_font()).height() + 2

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.8, 6.5))
        return font

    def set_events(self, start: dt.date | None, events: list[Event]) -> None:
        """The span's first day and the events to mark (outside the range: not drawn)."""
        self.start = start
        self.events = {}
        for event in events if start else []:
            self.events.setdefault((event.date.start - start).days, []).append(event)
        self.update()

    def set_compare_value(self, value: int | None) -> None:
        """Shade from this value to the handle (None: no shading)."""
        self.compare_value = value
        self.update()

    def _option(self) -> QStyleOptionSlider:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        return option

    def x_of(self, value: int) -> float:
        """Widget x of a slider value: where the handle's centre would be."""
        option = self._option()
        style = self.style()
        groove = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self
        )
        handle = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self
        )
        span = max(groove.width() - handle.width(), 1)
        offset = QStyle.sliderPositionFromValue(self.minimum(), self.maximum(), value, span)
        return groove.x() + handle.width() / 2 + offset

    def value_at(self, x: float) -> int:
        """The slider value nearest a widget x."""
        low, high = self.minimum(), self.maximum()
        if high <= low:
            return low
        left, right = self.x_of(low), self.x_of(high)
        fraction = min(max((x - left) / max(right - left, 1.0), 0.0), 1.0)
        return low + round(fraction * (high - low))

    def event_near(self, x: float) -> int | None:
        """The value of the event tick nearest ``x``, if within a few pixels."""
        best, best_distance = None, TICK_HIT_PX + 1.0
        for value in self.events:
            distance = abs(self.x_of(value) - x)
            if distance < best_distance:
                best, best_distance = value, distance
        return best

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        palette = self.palette()
        enabled = self.isEnabled()
        centre = self.height() / 2
        top, bottom = centre - 7, centre + 7
        accent = QColor(palette.color(QPalette.ColorRole.Highlight))
        text = QColor(palette.color(QPalette.ColorRole.WindowText))
        muted = QColor(text)
        muted.setAlphaF(0.45)
        if self.compare_value is not None and enabled:
            # The "changes since" span, over the event ticks it takes in.
            band = QColor(accent)
            band.setAlphaF(0.18)
            x1, x2 = sorted((self.x_of(self.compare_value), self.x_of(self.value())))
            painter.fillRect(QRectF(x1, 0, max(x2 - x1, 1.0), top), band)
        self._paint_axis(painter, bottom, muted if enabled else QColor(muted.darker(110)))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        past = QColor(accent if enabled else muted)
        future = QColor(text)
        future.setAlphaF(0.3)
        for value in self.events:
            if not self.minimum() <= value <= self.maximum():
                continue
            x = round(self.x_of(value))
            # Events already reached in the accent colour, those still to come faint.
            painter.setPen(QPen(past if value <= self.value() else future, 2))
            painter.drawLine(QPointF(x, 1), QPointF(x, top))
        if self.compare_value is not None and enabled:
            # Dashed like the map's outline of what changed since this day.
            x = round(self.x_of(self.compare_value))
            pen = QPen(accent.darker(140), 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        painter.end()

    def axis(self) -> list[AxisTick]:
        """The ticks under the groove for the slider's span at its current width."""
        if self.start is None or self.maximum() <= self.minimum():
            return []
        end = self.start + dt.timedelta(days=self.maximum())
        metrics = QFontMetrics(self._small_font())
        width = self.x_of(self.maximum()) - self.x_of(self.minimum())
        return axis_ticks(self.start, end, width, metrics.horizontalAdvance, self.lang)

    def _paint_axis(self, painter: QPainter, top: float, colour: QColor) -> None:
        """Ticks below the groove, labelled where there is room."""
        font = self._small_font()
        metrics = QFontMetrics(font)
        painter.setFont(font)
        painter.setPen(QPen(colour, 1))
        free_from = -1e9
        self.drawn_labels = []
        for tick in self.axis():
            x = round(self.x_of((tick.day - self.start).days))
            painter.drawLine(QPointF(x, top), QPointF(x, top + (3 if tick.label else 1.5)))
            if tick.label is None:
                continue
            width = metrics.horizontalAdvance(tick.label)
            left = x + 2
            if left + width >= self.width():
                left = x - 2 - width  # at the right end: the label before its tick
            if left > free_from:
                painter.drawText(QPointF(left, top + 1 + metrics.ascent()), tick.label)
                self.drawn_labels.append(
                    (tick.label, QRectF(left, top + 1, width, metrics.height()))
                )
                free_from = left + width + 6

    def mousePressEvent(self, event) -> None:
        option = self._option()
        hit = self.style().hitTestComplexControl(
            QStyle.ComplexControl.CC_Slider, option, event.position().toPoint(), self
        )
        if (
            event.button() == Qt.MouseButton.LeftButton
            and hit != QStyle.SubControl.SC_SliderHandle
            and self.isEnabled()
        ):
            # Jump to the day clicked (an event's day when the click is on its tick).
            x = event.position().x()
            near = self.event_near(x)
            self.setValue(near if near is not None else self.value_at(x))
            event.accept()
            return
        super().mousePressEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            near = self.event_near(event.pos().x())
            if near is not None:
                lines = [f"{day_text(e.date, self.lang)}: {e.title}" for e in self.events[near]]
                QToolTip.showText(event.globalPos(), "\n".join(lines), self)
                return True
        return super().event(event)


class TimelineBar(QWidget):
    """Previous/play/next/latest, the date viewed, the day slider and "changes since"."""

    def __init__(self, state: AtlasState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.start: dt.date | None = None
        self.end: dt.date | None = None
        self.event_days: list[dt.date] = []
        self.event_dates: dict[dt.date, PartialDate] = {}
        """Distinct event days in order: what previous/next/play step through."""
        self.play_interval = PLAY_INTERVAL_MS
        self._syncing = False
        self._pending: dt.date | None = None
        self.texts = Texts()
        """The bar's words, set again when the language changes."""
        self.texts.bind(self.setAccessibleName, N_("Timeline"))

        self.act_previous = self._action(
            N_("Previous event"), "previous", QKeySequence("Alt+Left"), self.previous_event
        )
        self.act_play = QAction(self)
        self.act_play.setIcon(self._icon("play"))
        self.act_play.setShortcut(QKeySequence("Alt+P"))
        self.act_play.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.act_play.triggered.connect(self.set_playing)
        self.act_play.setCheckable(True)
        self._name_play()
        self.act_next = self._action(
            N_("Next event"), "next", QKeySequence("Alt+Right"), self.next_event
        )
        self.act_latest = self._action(
            N_("Latest"),
            None,
            QKeySequence("Alt+End"),
            self.latest,
            N_("Back to the dataset's as-of date"),
        )

        self.date_label = QLabel(self)
        font = QFont(self.date_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.date_label.setFont(font)
        self.texts.bind(self.date_label.setAccessibleName, N_("Date viewed"))
        self.caption = QLabel(self)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)  # event titles are dataset text
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        small = QFont(self.caption.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.caption.setFont(small)
        self.texts.bind(self.caption.setAccessibleName, N_("Event on the date viewed"))
        # The date over the event's title, as wide as the widest date can be, so the slider
        # does not shift as the date changes.
        heading = self.heading = QWidget(self)
        self._fit_heading()
        stack = QVBoxLayout(heading)
        stack.setContentsMargins(4, 0, 4, 0)
        stack.setSpacing(0)
        stack.addWidget(self.date_label)
        stack.addWidget(self.caption)

        self.slider = TimelineSlider(self)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(7)
        self.texts.bind(self.slider.setAccessibleName, N_("Date viewed"))
        self.texts.bind(
            self.slider.setToolTip, N_("Drag, or use the arrow keys (a day), Page Up/Down (a week)")
        )
        self.slider.valueChanged.connect(self._slider_moved)
        self.slider.sliderReleased.connect(self._flush)
        self.slider.sliderPressed.connect(lambda: self.set_playing(False))
        self._throttle = QTimer(self, singleShot=True, interval=DRAG_THROTTLE_MS)
        self._throttle.timeout.connect(self._flush)
        self.play_timer = QTimer(self)
        self.play_timer.timeout.connect(self._play_step)

        self.compare_button = QCheckBox(self)
        self.texts.bind(self.compare_button.setText, N_("Changes since"))
        compare_tip = N_(
            "Mark every nation whose category differs between this date and the date viewed"
        )
        self.texts.bind(self.compare_button.setToolTip, compare_tip)
        self.compare_button.toggled.connect(self._compare_toggled)
        # The same switch for a menu; kept in step with the check box both ways.
        self.act_compare = QAction(self)
        self.texts.bind(self.act_compare.setText, N_("Show &changes since…"))
        self.act_compare.setCheckable(True)
        self.texts.bind(self.act_compare.setStatusTip, compare_tip)
        self.act_compare.toggled.connect(self.compare_button.setChecked)
        self.compare_button.toggled.connect(self.act_compare.setChecked)
        # Typed as one writes a date ("1 Jan 2022", "January 2022"), or picked.
        self.compare_edit = DayEdit(self)
        self.texts.bind(self.compare_edit.setAccessibleName, N_("Changes since date"))
        self.texts.bind(self.compare_edit.setToolTip, N_("Compare the date viewed with this date"))
        self.compare_edit.dateChanged.connect(self._compare_date_edited)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 6, 0)
        layout.setSpacing(2)
        for action in (self.act_previous, self.act_play, self.act_next):
            layout.addWidget(self._button(action))
        layout.addWidget(heading)
        layout.addWidget(self.slider, 1)
        layout.addSpacing(6)
        latest = self._button(self.act_latest)
        latest.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout.addWidget(latest)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.VLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addSpacing(4)
        layout.addWidget(line)
        layout.addSpacing(4)
        layout.addWidget(self.compare_button)
        layout.addWidget(self.compare_edit)

        state.datasetReplaced.connect(self._dataset_replaced)
        state.contentChanged.connect(self.reload)
        state.dayChanged.connect(self._day_changed)
        state.compareChanged.connect(self._compare_changed)
        state.languageChanged.connect(self._language_changed)
        self.reload(reset_compare=True)

    # -- construction -------------------------------------------------------------------------
    def _action(self, text, icon_name, shortcut, slot, tip: str | None = None) -> QAction:
        """An action of the bar's; ``text`` and ``tip`` are English messages."""
        action = QAction(self)
        self.texts.bind(action.setText, text)
        if icon_name:
            action.setIcon(self._icon(icon_name))
        action.setShortcut(shortcut)
        # The bar lives in a toolbar: its keys work anywhere in the window.
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        label = tip or text
        keys = shortcut.toString(QKeySequence.SequenceFormat.NativeText)
        self.texts.bind(action.setToolTip, lambda: f"{tr(label)} ({keys})")
        self.texts.bind(action.setStatusTip, label)
        action.triggered.connect(slot)
        return action

    def _fit_heading(self) -> None:
        # As wide as the longest date of the language, so the slider does not shift as the
        # date changes.
        metrics = self.date_label.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(show_date(dt.date(2026, month, 28), self.state.language))
            for month in range(1, 13)
        )
        self._caption_width = max(widest + 4, 180)
        self.heading.setFixedWidth(self._caption_width + 8)

    def _icon(self, name: str) -> QIcon:
        # Drawn in the palette's text colour: the style's media icons are dark on any
        # palette, so they vanish on a dark one.
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        disabled = QColor(colour)
        disabled.setAlphaF(0.35)
        icon = QIcon()
        for mode, pen in ((QIcon.Mode.Normal, colour), (QIcon.Mode.Disabled, disabled)):
            icon.addPixmap(media_pixmap(name, pen, self.devicePixelRatioF()), mode)
        return icon

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.act_previous.setIcon(self._icon("previous"))
            self.act_next.setIcon(self._icon("next"))
            self.act_play.setIcon(self._icon("pause" if self.playing else "play"))
        super().changeEvent(event)

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return button

    def actions_for_menu(self) -> list[QAction]:
        """Previous event, play, next event, latest and "changes since": for a Timeline menu."""
        return [self.act_previous, self.act_play, self.act_next, self.act_latest, self.act_compare]

    # -- following the state ------------------------------------------------------------------
    def _dataset_replaced(self) -> None:
        self.set_playing(False)
        self.reload(reset_compare=True)

    def reload(self, *_: object, reset_compare: bool = False) -> None:
        """Take the open dataset's span and events (a new file, or an edit).

        ``reset_compare`` puts the "changes since" date back to its default (a new file).
        """
        dataset = self.state.dataset
        span = dated_span(dataset) if dataset else None
        if span is None:
            self.start = self.end = None
            self.event_days = []
            self.event_dates = {}
        else:
            self.start, self.end = span
            self.event_days = sorted({event.date.start for event in dataset.events})
            # Each event day as its events date it; "2025-05" and "2025-05-01" start on the
            # same day, and the more precise one names it.
            self.event_dates = {}
            for event in sorted(dataset.events, key=lambda e: e.date):
                self.event_dates[event.date.start] = event.date
        self._syncing = True
        try:
            last = (self.end - self.start).days if span else 0
            self.slider.setRange(0, last)
            self.slider.set_events(self.start, dataset.events if span else [])
            if span:
                self.compare_edit.setDateRange(_qdate(self.start), _qdate(self.end))
        finally:
            self._syncing = False
        # A single day (or nothing) has nothing to move through.
        ranged = span is not None and last > 0
        self.slider.setEnabled(ranged)
        self.compare_button.setEnabled(ranged)
        self.act_compare.setEnabled(ranged)
        self.compare_edit.setEnabled(ranged)
        if not ranged:
            self.set_playing(False)
        if reset_compare and self.state.compare_day is None:
            self._set_compare_default()
        self._compare_changed()
        self._day_changed()

    def _set_compare_default(self) -> None:
        if self.start is None:
            return
        default = self.event_days[0] if self.event_days else self.start
        self._syncing = True
        try:
            self.compare_edit.setDate(_qdate(default))
        finally:
            self._syncing = False

    def _language_changed(self) -> None:
        self.texts.retranslate()
        self.compare_edit.retranslate()
        self._name_play()
        self._fit_heading()
        self.slider.lang = self.state.language
        self.slider.update()
        self._day_changed()

    def _day_changed(self) -> None:
        day = self.state.day
        if day is None or self.start is None:
            self.date_label.setText(self.state.date_text(day) if day else "")
            self.caption.clear()
            self._update_buttons()
            return
        self._syncing = True
        try:
            if not self.slider.isSliderDown():
                self.slider.setValue((day - self.start).days)
        finally:
            self._syncing = False
        self._show_day(day)
        self._update_buttons()

    def _show_day(self, day: dt.date) -> None:
        # The day viewed as it was chosen ("May 2025"); a day the handle passes, in full.
        text = self.state.day_text() if day == self.state.day else self.state.date_text(day)
        self.date_label.setText(text)
        self.slider.setAccessibleDescription(text)
        dataset = self.state.dataset
        events = dataset.events if dataset else []
        caption = "; ".join(e.title for e in events if e.date.start == day)
        if not caption and events:
            # Between events: how far through them, so the line never jumps or goes blank.
            held = sum(1 for e in events if e.date.start <= day)
            caption = ntr(
                "{held} of {n} event so far", "{held} of {n} events so far", len(events), held=held
            )
        metrics = self.caption.fontMetrics()
        self.caption.setText(
            metrics.elidedText(caption, Qt.TextElideMode.ElideRight, self._caption_width)
        )
        self.caption.setToolTip(plain_tip(caption))

    def _update_buttons(self) -> None:
        day = self.state.day
        dataset = self.state.dataset
        self.act_previous.setEnabled(self.previous_day() is not None)
        self.act_next.setEnabled(self.next_day() is not None)
        self.act_play.setEnabled(len(self.event_days) > 0 and self.slider.isEnabled())
        self.act_latest.setEnabled(dataset is not None and day != dataset.as_of.start)

    def _compare_changed(self) -> None:
        compare = self.state.compare_day
        self._syncing = True
        try:
            self.compare_button.setChecked(compare is not None)
            # The field keeps the precision typed ("Jan 1999") while it means that day.
            if compare is not None and _pydate(self.compare_edit.date()) != compare:
                self.compare_edit.setDate(_qdate(compare))
        finally:
            self._syncing = False
        self.slider.set_compare_value(
            (compare - self.start).days if compare is not None and self.start else None
        )

    # -- moving -------------------------------------------------------------------------------
    def day_of(self, value: int) -> dt.date | None:
        """The day a slider value stands for."""
        return self.start + dt.timedelta(days=value) if self.start else None

    def _slider_moved(self, value: int) -> None:
        if self._syncing or self.start is None:
            return
        day = self.day_of(value)
        self._show_day(day)
        if self.slider.isSliderDown():
            # Dragging: the label follows at once, the views at most every few frames.
            self._pending = day
            if not self._throttle.isActive():
                self._throttle.start()
            return
        self._pending = None
        self.state.set_day(day)

    def _flush(self) -> None:
        self._throttle.stop()
        if self._pending is not None:
            day, self._pending = self._pending, None
            self.state.set_day(day)

    def previous_day(self) -> dt.date | None:
        """The last event day before the day viewed."""
        day = self.state.day
        earlier = [d for d in self.event_days if day is not None and d < day]
        return earlier[-1] if earlier else None

    def next_day(self) -> dt.date | None:
        """The first event day after the day viewed."""
        day = self.state.day
        later = [d for d in self.event_days if day is not None and d > day]
        return later[0] if later else None

    def _go_to_event_day(self, day: dt.date) -> None:
        self.state.set_day(self.event_dates.get(day, day))

    def previous_event(self) -> None:
        """Go to the previous event's day."""
        day = self.previous_day()
        if day is not None:
            self._go_to_event_day(day)

    def next_event(self) -> None:
        """Go to the next event's day."""
        day = self.next_day()
        if day is not None:
            self._go_to_event_day(day)

    def latest(self) -> None:
        """Back to the dataset's as-of date."""
        if self.state.dataset is not None:
            self.state.set_day(self.state.dataset.as_of)

    # -- playback -----------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        """Whether playback is stepping through the events."""
        return self.play_timer.isActive()

    def set_playing(self, on: bool) -> None:
        """Start or pause stepping from event to event."""
        on = bool(on) and bool(self.event_days) and self.slider.isEnabled()
        if on and not self.playing:
            if self.next_day() is None:
                # At (or past) the last event: play from the first one again.
                self._go_to_event_day(self.event_days[0])
            else:
                self._play_step()
            if self.next_day() is not None:
                self.play_timer.start(self.play_interval)
            else:
                on = False
        elif not on:
            self.play_timer.stop()
        self.act_play.blockSignals(True)
        self.act_play.setChecked(on)
        self.act_play.blockSignals(False)
        self._name_play()

    def _name_play(self) -> None:
        on = self.act_play.isChecked()
        self.act_play.setText(tr("Pause") if on else tr("Play events"))
        self.act_play.setStatusTip(self.act_play.text())
        self.act_play.setIcon(self._icon("pause" if on else "play"))
        shortcut = self.act_play.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.act_play.setToolTip(f"{self.act_play.text()} ({shortcut})")

    def _play_step(self) -> None:
        day = self.next_day()
        if day is None:
            self.set_playing(False)
            return
        self._go_to_event_day(day)
        if self.next_day() is None:
            self.set_playing(False)

    # -- "changes since" ----------------------------------------------------------------------
    def _compare_toggled(self, on: bool) -> None:
        if self._syncing:
            return
        self.state.set_compare_day(_pydate(self.compare_edit.date()) if on else None)

    def _compare_date_edited(self, date: QDate) -> None:
        if self._syncing or not self.compare_button.isChecked():
            return
        self.state.set_compare_day(_pydate(date))
