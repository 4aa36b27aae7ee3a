"""Date fields read what a person types: "1 Jan 2022", "January 2022", "2022-01-01"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from desktop.model.dates import PartialDate
from desktop.ui.dayedit import DayEdit
from desktop.ui.editforms import DateField
from desktop.ui.translation import apply_language

NATO = Path(__file__).resolve().parent.parent / "data" / "nato-enlargement.yaml"


def type_into(qtbot, field, text: str) -> None:
    """Select what the field shows and type over it, then press Enter, as a person would."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def enter(qtbot, field, text: str) -> None:
    """Type text of any script over the field (as an input method gives it: QTest's key
    clicks know ASCII only), then press Enter."""
    field.setFocus()
    field.selectAll()
    field.insert(text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_changes_since_takes_a_typed_day_or_month(qtbot, make_window):
    window = make_window(NATO)
    bar = window.timeline
    bar.compare_button.setChecked(True)
    field = bar.compare_edit
    type_into(qtbot, field, "1 Jan 2022")
    assert window.state.compare_day == dt.date(2022, 1, 1)
    assert field.text() == "1 Jan 2022"
    type_into(qtbot, field, "January 1999")
    assert window.state.compare_day == dt.date(1999, 1, 1)
    assert field.text() == "Jan 1999" and field.value() == PartialDate(1999, 1)
    # Sweden, Finland, and the seven states of 2004 changed since then.
    assert {"SWE", "FIN", "EST"} <= window.state.changed_codes()


def test_a_day_field_refuses_what_is_not_a_date_in_range_and_says_why(qtbot, make_window):
    window = make_window(NATO)
    field = window.timeline.compare_edit
    window.timeline.compare_button.setChecked(True)
    before = window.state.compare_day
    type_into(qtbot, field, "30 Feb 2022")
    assert window.state.compare_day == before
    assert "no such date" in field.problem and "no such date" in field.toolTip()
    type_into(qtbot, field, "1 Jan 1900")  # before the dataset's first entry
    assert window.state.compare_day == before and "outside" in field.problem
    type_into(qtbot, field, "4 April 1949")
    assert window.state.compare_day == dt.date(1949, 4, 4) and field.problem is None
    assert field.toolTip() == "Compare the date viewed with this date"
    qtbot.keyClick(field, Qt.Key.Key_Up)  # a day later, as a spin box steps
    assert window.state.compare_day == dt.date(1949, 4, 5)


def test_the_calendar_picks_a_day(qtbot):
    field = DayEdit()
    qtbot.addWidget(field)
    field.setDateRange(QDate(2025, 1, 1), QDate(2025, 12, 31))
    field.setDate(QDate(2025, 3, 2))
    with qtbot.waitSignal(field.dateChanged):
        menu = field.show_calendar()
        field.calendar.clicked.emit(QDate(2025, 6, 15))
    assert field.text() == "15 Jun 2025" and not menu.isVisible()
    QApplication.processEvents()


def test_the_export_dialog_takes_a_typed_month(qtbot, window, settings):
    from desktop.ui.exportdialog import ExportDialog

    dialog = ExportDialog(window.state, window.map, settings, window)
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog.day, "May 2025")
    assert dialog.day.value() == PartialDate(2025, 5)
    assert dialog.day.date().toPython() == dt.date(2025, 5, 1)


def test_edit_dialogs_read_month_names_too(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    field.setText("3 March 2025")
    assert field.value() == PartialDate(2025, 3, 3)
    field.setText("March 2025")
    assert field.value() == PartialDate(2025, 3)
    field.setText("Someday")
    assert "not a date" in field.problem()


@pytest.mark.parametrize(
    ("lang", "day", "month", "shown_day", "shown_month"),
    [
        ("fr", "1 janvier 2022", "févr. 2022", "1 janv. 2022", "févr. 2022"),
        ("de", "1. Januar 2022", "februar 2022", "1. Jan. 2022", "Feb. 2022"),
        ("uk", "1 січня 2022", "лютий 2022", "1 січ. 2022\u202fр.", "лют. 2022\u202fр."),
        ("pl", "1 stycznia 2022", "luty 2022", "1 sty 2022", "lut 2022"),
    ],
)
def test_a_day_field_reads_and_shows_the_windows_language(
    qtbot, make_window, lang, day, month, shown_day, shown_month
):
    window = make_window(NATO)
    window.set_language(lang)
    bar = window.timeline
    bar.compare_button.setChecked(True)
    field = bar.compare_edit
    enter(qtbot, field, day)
    assert field.problem is None
    assert window.state.compare_day == dt.date(2022, 1, 1)
    assert field.text() == shown_day
    enter(qtbot, field, month)
    assert field.problem is None
    assert field.value() == PartialDate(2022, 2) and field.text() == shown_month
    assert window.state.compare_day == dt.date(2022, 2, 1)
    assert shown_month.split()[0] in field.placeholderText()  # its examples in the language too
    # Back in English, the same date in English words.
    window.set_language("en")
    assert field.text() == "Feb 2022"
    type_into(qtbot, field, "1 Jan 2022")
    assert window.state.compare_day == dt.date(2022, 1, 1)


def test_edit_dialogs_read_the_windows_month_names(qtbot):
    apply_language("fr")
    field = DateField()
    qtbot.addWidget(field)
    field.setText("3 mars 2025")
    assert field.value() == PartialDate(2025, 3, 3)
    field.setText("Mars 2025")
    assert field.value() == PartialDate(2025, 3)
    field.setText("3 March 2025")  # English still reads
    assert field.value() == PartialDate(2025, 3, 3)
    assert "févr. 2026" in field.placeholderText()
