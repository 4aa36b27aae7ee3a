"""The timeline as a user meets it: the slider drives every view, play, events and "changes since".

The window is built as the app builds it; the timeline bar and the Changes panel are added the
way ``add_timeline`` below does, which mirrors the wiring in MainWindow. The window shows the
frozen test dataset (tests/data/small.yaml); expected days and counts are read off that file.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDockWidget, QToolBar, QToolButton

from desktop.model.asof import category_on, dated_span, snapshot
from desktop.model.dataset import NO_POSITION_LABEL
from desktop.ui.changes import NATION, SECOND_LINE_ROLE, WHEN, ChangesPanel
from desktop.ui.nationstable import CATEGORY
from desktop.ui.timeline import TimelineBar, show_date
from tests.ui.conftest import compare_since, event_items, point_of, row_texts

PARTICIPATING, UNDECIDED = "#0072b2", "#e69f00"
LAUNCH = dt.date(2025, 3, 10)  # the test coalition's launch summit, its first dated entry
AS_OF = dt.date(2025, 12, 1)
EVENT_DAYS = [
    LAUNCH,
    dt.date(2025, 4, 15),
    dt.date(2025, 6, 15),
    dt.date(2025, 7, 10),
    dt.date(2025, 10, 1),  # "2025-10": a month takes effect on its first day
    dt.date(2025, 11, 20),
]


def add_timeline(window) -> tuple[TimelineBar, ChangesPanel]:
    """Put the bar in a bottom toolbar and the Changes panel in a dock, as MainWindow will.

    Once MainWindow builds them itself, its own are used (a second bar would make the
    timeline's shortcuts ambiguous).
    """
    if isinstance(getattr(window, "timeline", None), TimelineBar):
        return window.timeline, window.changes
    bar = TimelineBar(window.state)
    toolbar = QToolBar("Timeline", window)
    toolbar.setObjectName("toolbar-timeline")
    toolbar.setMovable(False)
    toolbar.addWidget(bar)
    window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, toolbar)
    panel = ChangesPanel(window.state)
    dock = QDockWidget("Changes", window)
    dock.setObjectName("dock-changes")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.tabifyDockWidget(window.docks["nations"], dock)
    window.docks["nations"].raise_()

    def compare_changed():
        if window.state.compare_day is not None:
            dock.show()
            dock.raise_()

    window.state.compareChanged.connect(compare_changed)
    return bar, panel


@pytest.fixture
def timeline(window, qtbot):
    bar, panel = add_timeline(window)
    qtbot.waitExposed(bar)
    return window, bar, panel


def value_of(bar: TimelineBar, day: dt.date) -> int:
    return (day - bar.start).days


def map_pixel(window, code: str) -> str:
    window.map.repaint()
    image = window.map.grab().toImage()
    point = point_of(window.map, code)
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio)).name()


def table_category(window, code: str) -> str:
    table = window.nations
    row = table.visible_order().index(code)
    return table.proxy.index(row, CATEGORY).data()


def model_counts(window, day: dt.date) -> dict:
    # Counted by hand from the positions on that day: listed nations per category (the
    # bundled dataset lists states only), and every other of the 197 states under None.
    categories = snapshot(window.state.dataset, day).categories
    counts = {c.id: 0 for c in window.state.dataset.categories}
    for category in categories.values():
        if category in counts:
            counts[category] += 1
    counts[None] = 197 - sum(counts.values())
    return counts


def test_the_slider_spans_the_dated_entries_one_step_a_day_with_a_tick_per_event(timeline):
    window, bar, _ = timeline
    dataset = window.state.dataset
    first, last = dated_span(dataset)
    assert (bar.start, bar.end) == (first, last) == (LAUNCH, AS_OF)
    assert bar.slider.minimum() == 0 and bar.slider.maximum() == (AS_OF - LAUNCH).days == 266
    assert bar.slider.singleStep() == 1
    assert bar.slider.value() == value_of(bar, AS_OF)
    assert bar.date_label.text() == "1 Dec 2025"
    # One tick per event day, each where the slider puts that day.
    days = {value_of(bar, day) for day in EVENT_DAYS}
    assert set(bar.slider.events) == days
    assert sum(len(e) for e in bar.slider.events.values()) == len(dataset.events) == 6
    image = bar.slider.grab().toImage()
    ratio = image.devicePixelRatio()
    # Every event is reached on the dataset's date: each tick is drawn in the accent colour,
    # and the day after the first event (no event) is not.
    accent = bar.slider.palette().color(QPalette.ColorRole.Highlight).name()
    assert image.pixelColor(round(bar.slider.x_of(5) * ratio), 3).name() != accent
    for value in days:
        x = round(bar.slider.x_of(value) * ratio)
        assert image.pixelColor(x, 3).name() == accent, value


def test_moving_the_slider_recolours_the_map_and_updates_legend_and_table(qtbot, timeline):
    window, bar, _ = timeline
    window.act_europe.trigger()  # Estonia is a few pixels wide on the world map
    assert map_pixel(window, "EST") == PARTICIPATING
    assert table_category(window, "EST") == "Participating"

    bar.slider.setValue(value_of(bar, dt.date(2025, 4, 1)))
    assert window.state.day == dt.date(2025, 4, 1)
    assert bar.date_label.text() == "1 Apr 2025"
    assert map_pixel(window, "EST") == UNDECIDED
    assert table_category(window, "EST") == "Undecided"
    # EST HUN MLT USA TUR; Canada joins on 15 April.
    assert window.legend.row("undecided").count == 5
    assert table_category(window, "CAN") == NO_POSITION_LABEL

    bar.slider.setValue(value_of(bar, LAUNCH))
    then = {"participating": 9, "opposing": 1, "undecided": 5}
    for category_id, count in then.items():
        assert window.legend.row(category_id).count == count, category_id
    assert window.legend.row(None).count == model_counts(window, LAUNCH)[None]
    # Countries without a first dated statement have no position yet.
    assert table_category(window, "ALB") == NO_POSITION_LABEL

    # The keyboard moves it too: a day, a week, the ends.
    bar.slider.setFocus()
    qtbot.keyClick(bar.slider, Qt.Key.Key_Right)
    assert window.state.day == LAUNCH + dt.timedelta(days=1)
    qtbot.keyClick(bar.slider, Qt.Key.Key_PageUp)
    assert window.state.day == LAUNCH + dt.timedelta(days=8)
    qtbot.keyClick(bar.slider, Qt.Key.Key_PageDown)
    assert window.state.day == LAUNCH + dt.timedelta(days=1)
    qtbot.keyClick(bar.slider, Qt.Key.Key_End)
    assert window.state.day == bar.end == AS_OF
    for category_id, count in {"participating": 12, "opposing": 3, "undecided": 3}.items():
        assert window.legend.row(category_id).count == count, category_id
    assert map_pixel(window, "EST") == PARTICIPATING


def test_dragging_the_handle_ends_on_the_day_released(qtbot, timeline):
    window, bar, _ = timeline
    slider = bar.slider
    start = QPoint(round(slider.x_of(slider.value())), slider.height() // 2)
    target = QPoint(round(slider.x_of(value_of(bar, dt.date(2025, 6, 1)))), start.y())
    qtbot.mousePress(slider, Qt.MouseButton.LeftButton, pos=start)
    for fraction in (0.25, 0.5, 0.75, 1.0):
        x = round(start.x() + (target.x() - start.x()) * fraction)
        qtbot.mouseMove(slider, QPoint(x, start.y()))
    qtbot.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=target)
    assert abs(slider.value() - value_of(bar, dt.date(2025, 6, 1))) <= 2
    assert window.state.day == bar.day_of(slider.value())
    assert bar.date_label.text() == show_date(window.state.day)


def test_a_click_on_an_event_tick_jumps_to_that_event(qtbot, timeline):
    window, bar, _ = timeline
    x = round(bar.slider.x_of(value_of(bar, dt.date(2025, 7, 10))))
    qtbot.mouseClick(bar.slider, Qt.MouseButton.LeftButton, pos=QPoint(x + 2, 3))
    assert window.state.day == dt.date(2025, 7, 10)
    assert bar.caption.toolTip() == "Videoconference of leaders"


def test_play_steps_from_event_to_event_and_stops_at_the_last(qtbot, timeline):
    window, bar, _ = timeline
    event_days = EVENT_DAYS
    bar.play_interval = 20
    window.state.set_day(bar.start)
    seen: list[dt.date] = []
    window.state.dayChanged.connect(lambda: seen.append(window.state.day))
    bar.act_play.trigger()
    assert bar.playing and bar.act_play.isChecked()
    qtbot.waitUntil(lambda: not bar.playing, timeout=10_000)
    assert seen == event_days[1:]  # it starts on the first event's day
    assert window.state.day == event_days[-1]
    assert not bar.act_play.isChecked()
    assert bar.date_label.text() == "20 Nov 2025"

    # From the end, play starts over; pressing again pauses where it is.
    seen.clear()
    bar.play_interval = 10_000
    bar.act_play.trigger()
    assert seen == [event_days[0]] and bar.playing
    bar.act_play.trigger()
    assert not bar.playing and window.state.day == event_days[0]


def test_previous_next_and_latest(qtbot, timeline):
    window, bar, _ = timeline
    window.state.set_day(dt.date(2025, 5, 1))
    next_button = next(
        b for b in bar.findChildren(QToolButton) if b.defaultAction() is bar.act_next
    )
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert window.state.day == dt.date(2025, 6, 15)
    bar.act_previous.trigger()
    assert window.state.day == dt.date(2025, 4, 15)
    assert bar.act_latest.isEnabled()
    bar.act_latest.trigger()
    assert window.state.day == AS_OF
    assert not bar.act_latest.isEnabled() and not bar.act_next.isEnabled()

    # The same from the keyboard, wherever the focus is in the window.
    window.map.setFocus()
    qtbot.keyClick(window.map, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.state.day == dt.date(2025, 11, 20)
    qtbot.keyClick(window.map, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.state.day == dt.date(2025, 10, 1)
    qtbot.keyClick(window.map, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.state.day == dt.date(2025, 11, 20)
    qtbot.keyClick(window.map, Qt.Key.Key_End, Qt.KeyboardModifier.AltModifier)
    assert window.state.day == AS_OF


def expected_changes(dataset, start: dt.date, end: dt.date) -> dict[str, tuple]:
    """From the model's resolution rules, nation by nation (not through changes_between)."""
    found = {}
    for nation in dataset.nations:
        before, after = category_on(nation, start), category_on(nation, end)
        if before != after:
            found[nation.iso3] = (before, after)
    return found


def test_changes_since_lists_exactly_the_nations_that_changed(qtbot, timeline):
    window, bar, panel = timeline
    state, dataset = window.state, window.state.dataset
    assert "Turn on" in panel.summary.text() and not panel.items()

    bar.compare_edit.setDate(QDate(2025, 3, 10))
    qtbot.mouseClick(bar.compare_button, Qt.MouseButton.LeftButton)
    assert state.compare_day == LAUNCH and state.day == AS_OF

    expected = expected_changes(dataset, LAUNCH, AS_OF)
    assert set(expected) == {"ALB", "BLR", "CAN", "EST", "HUN"}
    listed = {item.data(NATION, Qt.ItemDataRole.UserRole): item for item in panel.items()}
    assert set(listed) == set(expected) == state.changed_codes()
    assert panel.summary.text() == "5 nations changed between 10 Mar 2025 and 1 Dec 2025."
    assert sorted(row_texts(panel)) == [
        "Albania: No stated position → Participating",
        "Belarus: No stated position → Opposing",
        "Canada: No stated position → Participating",
        "Estonia: Undecided → Participating",
        "Hungary: Undecided → Opposing",
    ]
    for code, item in listed.items():
        entry = dataset.nation(code).history[-1]
        source = dataset.sources[entry.sources[0]]
        assert item.text(WHEN) == entry.date.display(), code
        assert item.data(WHEN, SECOND_LINE_ROLE).startswith(source.display_publisher()), code

    # A row selects its nation and shows the change's linked source.
    item = listed["HUN"]
    qtbot.waitUntil(panel.tree.isVisible)  # turning it on brought the Changes panel forward
    panel.tree.scrollToItem(item)
    rect = panel.tree.visualItemRect(item)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert state.selected == "HUN"
    assert "https://daily.example.org/2025/09/01/hungary" in panel.details.toHtml()

    # Moving the day narrows the comparison; the list follows.
    bar.slider.setValue(value_of(bar, dt.date(2025, 7, 1)))
    expected = expected_changes(dataset, LAUNCH, dt.date(2025, 7, 1))
    assert set(expected) == {"BLR", "CAN", "EST"}  # Hungary turns in September
    assert {i.data(NATION, Qt.ItemDataRole.UserRole) for i in panel.items()} == set(expected)

    qtbot.mouseClick(bar.compare_button, Qt.MouseButton.LeftButton)
    assert state.compare_day is None and not panel.items()
    assert "Turn on" in panel.summary.text()
    assert not bar.act_compare.isChecked()
    # The menu's action is the same switch.
    bar.act_compare.trigger()
    assert state.compare_day == LAUNCH and bar.compare_button.isChecked()
    assert len(panel.items()) == 3


def test_nothing_changed_says_so(timeline):
    window, bar, panel = timeline
    compare_since(bar, AS_OF)
    assert window.state.compare_day == AS_OF
    assert not panel.items()
    assert panel.summary.text() == "No nation changed position between 1 Dec 2025 and 1 Dec 2025."


def test_the_legend_shows_gains_and_losses_that_add_up(timeline):
    window, bar, _ = timeline
    legend = window.legend
    assert all(row.delta is None for row in legend.rows)
    compare_since(bar, LAUNCH)
    # 9 -> 12 participating (CAN EST ALB), 1 -> 3 opposing (HUN BLR), 5 -> 3 undecided,
    # and three fewer map units without a position (CAN ALB BLR).
    deltas = {row.category_id: row.delta for row in legend.rows}
    assert deltas == {"participating": 3, "opposing": 2, "undecided": -2, None: -3}
    counts = {row.category_id: row.count for row in legend.rows}
    assert {k: v for k, v in counts.items() if k} == {
        "participating": 12,
        "opposing": 3,
        "undecided": 3,
    }
    assert counts[None] == model_counts(window, AS_OF)[None]
    assert legend.row("participating").accessibleName() == (
        "Participating: 12, +3 since 10 Mar 2025"
    )
    assert legend.row("undecided").accessibleName() == "Undecided: 3, \u22122 since 10 Mar 2025"
    assert legend.row(None).accessibleName() == (
        f"No stated position: {counts[None]}, \u22123 since 10 Mar 2025"
    )

    compare_since(bar, None)
    assert all(row.delta is None for row in legend.rows)
    assert legend.row("participating").accessibleName() == "Participating: 12"


def test_clicking_an_event_moves_the_slider_and_highlights_its_participants(qtbot, timeline):
    window, bar, _ = timeline
    events = window.events
    window.docks["events"].raise_()
    dataset = window.state.dataset
    item = next(i for i in event_items(events) if i.text(1).startswith("Launch summit"))
    event = dataset.events[item.data(0, Qt.ItemDataRole.UserRole + 1)]
    events.tree.scrollToItem(item)
    rect = events.tree.visualItemRect(item)
    qtbot.mouseClick(events.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.state.day == event.date.start == LAUNCH
    assert bar.slider.value() == value_of(bar, LAUNCH)
    assert bar.date_label.text() == "10 Mar 2025"
    assert window.state.highlighted == frozenset({"DEU", "FRA", "GBR", "NLD", "POL", "UKR"})
    # The tree keeps its current row and details although the day changed.
    assert events.tree.currentItem() is not None
    assert events.tree.currentItem().text(1) == item.text(1)
    assert event.title in events.details.toPlainText()

    # Moving away and clicking the same event again comes back to it.
    bar.act_latest.trigger()
    item = events.tree.currentItem()
    qtbot.mouseClick(
        events.tree.viewport(),
        Qt.MouseButton.LeftButton,
        pos=events.tree.visualItemRect(item).center(),
    )
    assert window.state.day == LAUNCH


def test_an_event_with_a_partial_date_moves_to_its_first_day(make_window, qtbot, write_yaml):
    path = write_yaml(
        """
        format: coalition-atlas/1
        title: Partial
        as_of: 2025-06-01
        sources:
          s1: {url: "https://example.org/one"}
        nations:
          - {iso3: FRA, category: participating, sources: [s1]}
        events:
          - {date: "2025-04", title: April meeting, participants: [FRA], sources: [s1]}
        """
    )
    window = make_window(path)
    bar, _ = add_timeline(window)
    item = event_items(window.events)[0]
    window.events.tree.setCurrentItem(item)
    assert window.state.day == dt.date(2025, 4, 1)
    assert bar.slider.value() == value_of(bar, dt.date(2025, 4, 1))
    assert window.state.highlighted == frozenset({"FRA"})


def test_datasets_with_one_or_no_dated_entries_do_not_break_the_bar(
    make_window, qtbot, three_countries, write_yaml
):
    window = make_window(three_countries)
    bar, panel = add_timeline(window)
    first, last = dated_span(window.state.dataset)
    assert (first, last) == (dt.date(2025, 3, 2), dt.date(2025, 6, 1))
    assert bar.slider.isEnabled() and bar.slider.maximum() == (last - first).days
    assert set(bar.slider.events) == {0}
    bar.slider.setValue(0)
    assert window.state.day == first

    undated = write_yaml(
        """
        format: coalition-atlas/1
        title: Undated
        as_of: 2025-06-01
        sources:
          s1: {url: "https://example.org/one"}
        nations:
          - {iso3: FRA, category: participating, sources: [s1]}
          - {iso3: RUS, category: opposing, sources: [s1]}
        """,
        "undated.yaml",
    )
    assert window.open_path(undated)
    assert (bar.start, bar.end) == (dt.date(2025, 6, 1), dt.date(2025, 6, 1))
    assert bar.slider.maximum() == 0 and not bar.slider.isEnabled()
    assert not bar.act_play.isEnabled() and not bar.compare_button.isEnabled()
    assert not bar.act_next.isEnabled() and not bar.act_previous.isEnabled()
    assert bar.date_label.text() == "1 Jun 2025"
    bar.act_play.trigger()
    assert not bar.playing
    assert "Turn on" in panel.summary.text()
    bar.grab()  # paints without error

    assert window.open_path(three_countries)
    assert bar.slider.isEnabled() and bar.act_play.isEnabled()


def test_a_past_day_shows_no_role_for_nations_without_a_position_then(qtbot, window):
    import datetime as dt

    window.state.set_day(dt.date(2025, 3, 10))
    table = window.nations
    row = table.visible_order().index("ALB")  # listed from October 2025
    assert table.proxy.index(row, 1).data() == "No stated position"
    assert table.proxy.index(row, 2).data() == ""
    window.state.select("FRA")
    text = window.nation_panel.browser.toPlainText()
    assert "Viewing 10 Mar 2025" in text and "as of the dataset's date, 1 Dec 2025" in text
