"""The timeline's date axis reads at any span: days, months, years or decades, a year always
in sight; hovering an event tick names the event."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from desktop.ui.timeline import MONTHS, axis_ticks

NATO = Path(__file__).resolve().parent.parent / "data" / "nato-enlargement.yaml"
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


def width_of(text: str) -> float:
    return 7.0 * len(text)


def labels(ticks) -> list[str]:
    return [t.label for t in ticks if t.label]


@pytest.mark.parametrize(
    ("start", "end", "width", "kind"),
    [
        (dt.date(1949, 4, 4), dt.date(2024, 3, 7), 700, "years"),
        (dt.date(1900, 1, 1), dt.date(2024, 3, 7), 400, "years"),
        (dt.date(2025, 3, 2), dt.date(2026, 2, 24), 800, "months"),
        (dt.date(2025, 3, 2), dt.date(2025, 3, 30), 800, "days"),
        (dt.date(2025, 12, 20), dt.date(2026, 1, 12), 600, "days"),
    ],
)
def test_axis_labels_fit_step_with_the_span_and_always_show_a_year(start, end, width, kind):
    ticks = axis_ticks(start, end, width, width_of)
    shown = labels(ticks)
    assert len(shown) >= 3
    assert any(YEAR.search(label) for label in shown)
    assert YEAR.search(shown[0])  # the first label says which year the axis starts in
    days = [t.day for t in ticks if t.label]
    assert all(start <= d <= end for d in days) and days == sorted(days)
    # Neighbouring labels never touch: each fits before the next tick.
    per_day = width / (end - start).days
    for (a, text), b in zip(zip(days, shown, strict=True), days[1:], strict=False):
        if text == shown[0]:
            continue  # the first label is longer; drawing skips what it would cover
        assert (b - a).days * per_day >= width_of(text), (a, b)
    if kind == "years":
        assert all(re.fullmatch(r"\d{4}", label) for label in shown)
        assert all(d.month == d.day == 1 for d in days)
    elif kind == "months":
        assert shown[0] == "Apr 2025" and "2026" in shown
        assert set(shown[1:]) - {"2026"} <= set(MONTHS)
    else:
        assert any(label.isdigit() and int(label) <= 31 for label in shown)


def test_a_decade_span_labels_years_with_minor_ticks_between():
    ticks = axis_ticks(dt.date(1949, 4, 4), dt.date(2024, 3, 7), 700, width_of)
    shown = [t for t in ticks if t.label]
    steps = {b.day.year - a.day.year for a, b in itertools.pairwise(shown)}
    assert len(steps) == 1 and steps.pop() in (5, 10)
    assert sum(1 for t in ticks if t.label is None) >= len(shown)
    assert not any(label in MONTHS for label in labels(ticks))


def test_a_narrow_axis_steps_coarser_than_a_wide_one():
    start, end = dt.date(1949, 4, 4), dt.date(2024, 3, 7)
    narrow = labels(axis_ticks(start, end, 300, width_of))
    wide = labels(axis_ticks(start, end, 2400, width_of))
    assert len(narrow) < len(wide)
    one_day = labels(axis_ticks(dt.date(2025, 5, 5), dt.date(2025, 5, 6), 300, width_of))
    assert one_day[0] == "5 May 2025"


@pytest.fixture
def nato_bar(make_window, qtbot):
    window = make_window(NATO, size=(1400, 900))
    bar = window.timeline
    qtbot.waitExposed(bar)
    bar.slider.repaint()
    return window, bar


def test_the_window_axis_over_75_years_shows_years_and_no_month_names(nato_bar):
    _, bar = nato_bar
    slider = bar.slider
    drawn = [text for text, _ in slider.drawn_labels]
    assert len(drawn) >= 5
    assert all(re.fullmatch(r"\d{4}", text) for text in drawn), drawn
    assert {"1950", "2000"} <= set(drawn) or {"1960", "2000"} <= set(drawn)
    boxes = [box for _, box in slider.drawn_labels]
    assert all(box.left() >= 0 and box.right() <= slider.width() for box in boxes)
    assert not any(a.intersects(b) for a, b in itertools.pairwise(boxes))
    # The labels are really painted: ink under each, in the label's box.
    image = slider.grab().toImage()
    ratio = image.devicePixelRatio()
    background = image.pixelColor(1, image.height() - 1)
    for _, box in slider.drawn_labels:
        inked = sum(
            image.pixelColor(round(x * ratio), round(y * ratio)) != background
            for x in range(int(box.left()), int(box.right()))
            for y in range(int(box.top()), int(box.bottom()))
        )
        assert inked > 10


def test_a_year_across_new_year_shows_months_and_both_years(make_window, write_yaml):
    # The bundled dataset's span: 2 March 2025 to 24 February 2026.
    path = write_yaml(
        """
        format: coalition-atlas/1
        title: One year
        as_of: 2026-02-24
        nations:
          - iso3: FRA
            category: participating
            history: [{date: 2025-03-02, category: participating}]
        events:
          - {date: 2025-03-02, title: First meeting}
          - {date: 2026-02-24, title: Anniversary meeting}
        """
    )
    slider = make_window(path).timeline.slider
    slider.grab()
    drawn = [text for text, _ in slider.drawn_labels]
    assert drawn == [
        "Apr 2025",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "2026",
        "Feb",
    ]


def test_a_span_within_one_year_names_its_year_once_with_the_first_month(window):
    slider = window.timeline.slider  # the test dataset: 10 Mar to 1 Dec 2025
    slider.grab()
    drawn = [text for text, _ in slider.drawn_labels]
    assert drawn == ["Apr 2025", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def test_hovering_an_event_tick_shows_its_date_and_title(nato_bar, qtbot):
    _, bar = nato_bar
    slider = bar.slider
    value = (dt.date(1982, 5, 30) - bar.start).days
    x = round(slider.x_of(value))
    help_event = QHelpEvent(QEvent.Type.ToolTip, QPoint(x, 4), slider.mapToGlobal(QPoint(x, 4)))
    QApplication.sendEvent(slider, help_event)
    assert QToolTip.text() == "30 May 1982: Spain joins"
    QToolTip.hideText()
    # Away from any tick, the slider's own hint.
    far = round(slider.x_of((dt.date(1970, 1, 1) - bar.start).days))
    QApplication.sendEvent(
        slider,
        QHelpEvent(QEvent.Type.ToolTip, QPoint(far, 4), slider.mapToGlobal(QPoint(far, 4))),
    )
    assert "Spain" not in QToolTip.text()
