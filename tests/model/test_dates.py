import datetime as dt

import pytest

from desktop.model.dates import PartialDate


@pytest.mark.parametrize(
    ("value", "text", "precision", "start"),
    [
        ("2025-03-02", "2025-03-02", "day", dt.date(2025, 3, 2)),
        ("2025-03", "2025-03", "month", dt.date(2025, 3, 1)),
        (2025, "2025", "year", dt.date(2025, 1, 1)),
        ("2025", "2025", "year", dt.date(2025, 1, 1)),
        (dt.date(2026, 2, 24), "2026-02-24", "day", dt.date(2026, 2, 24)),
    ],
)
def test_partial_dates_keep_their_precision_and_start_on_their_first_day(
    value, text, precision, start
):
    date = PartialDate.parse(value)
    assert str(date) == text
    assert date.precision == precision
    assert date.start == start


@pytest.mark.parametrize(
    "bad", ["2025-02-30", "2025-13", "25-03-02", "March 2025", "", True, 3.5, None]
)
def test_bad_dates_are_refused_with_a_message(bad):
    with pytest.raises(ValueError, match="date"):
        PartialDate.parse(bad)


def test_display_follows_precision():
    assert PartialDate.parse("2025-03-02").display() == "2 Mar 2025"
    assert PartialDate.parse("2025-03").display() == "Mar 2025"
    assert PartialDate.parse(2025).display() == "2025"


def test_ordering_puts_the_coarser_date_first_on_the_same_first_day():
    dates = [PartialDate.parse(x) for x in ["2025-03-01", "2025-03", "2025", "2024-12-31"]]
    assert [str(d) for d in sorted(dates)] == ["2024-12-31", "2025", "2025-03", "2025-03-01"]


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        ("1 Jan 2022", "2022-01-01"),
        ("January 2022", "2022-01"),
        ("jan 2022", "2022-01"),
        ("Sept 2025", "2025-09"),
        ("3 March 2025", "2025-03-03"),
        ("March 3, 2025", "2025-03-03"),
        ("1st January 2022", "2022-01-01"),
        ("03/05/2025", "2025-05-03"),  # day first, as the app writes dates
        ("  24  Feb 2026 ", "2026-02-24"),
        ("2025-05-03", "2025-05-03"),  # ISO stays year-month-day
        ("2025-05", "2025-05"),
        ("2025", "2025"),
    ],
)
def test_typed_dates_are_read_at_the_precision_typed(typed, text):
    assert str(PartialDate.from_text(typed)) == text


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Jan", "no year"),
        ("22", "no year"),
        ("30 Feb 2022", "no such date"),
        ("2025-02-30", "no such date"),
        ("sometime soon", "not a date"),
        ("1 Jan 2022 10:30", "time of day"),
        ("", "no date"),
    ],
)
def test_typed_text_that_is_not_a_date_says_why(typed, message):
    with pytest.raises(ValueError, match=message):
        PartialDate.from_text(typed)
