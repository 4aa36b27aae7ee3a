import datetime as dt

from desktop.model import Dataset, HistoryEntry, Nation, PartialDate
from desktop.model.asof import (
    category_on,
    changes_between,
    contributions_on,
    dated_span,
    snapshot,
    visible_on,
)
from desktop.model.dataset import Contribution

D = PartialDate.parse


def nation(history, category="participating"):
    return Nation("AUT", category, history=[HistoryEntry(D(d), c) for d, c in history])


def test_latest_entry_on_or_before_the_day_wins():
    n = nation([("2025-03-02", "undecided"), ("2025-05-10", "participating")])
    assert category_on(n, dt.date(2025, 3, 1)) is None  # before the first entry
    assert category_on(n, dt.date(2025, 3, 2)) == "undecided"  # on the day
    assert category_on(n, dt.date(2025, 5, 9)) == "undecided"
    assert category_on(n, dt.date(2025, 5, 10)) == "participating"
    assert category_on(n, dt.date(2030, 1, 1)) == "participating"


def test_same_date_tie_goes_to_the_later_entry_in_the_file():
    n = nation([("2025-03-02", "undecided"), ("2025-03-02", "opposing")])
    assert category_on(n, dt.date(2025, 3, 2)) == "opposing"
    n = nation([("2025-03-02", "opposing"), ("2025-03-02", "undecided")])
    assert category_on(n, dt.date(2025, 3, 2)) == "undecided"


def test_file_order_matters_only_for_ties():
    n = nation([("2025-05-10", "participating"), ("2025-03-02", "undecided")])
    assert category_on(n, dt.date(2025, 4, 1)) == "undecided"
    assert category_on(n, dt.date(2025, 6, 1)) == "participating"


def test_partial_dates_take_effect_on_their_first_day():
    n = nation([("2025-04", "undecided"), ("2026", "participating")])
    assert category_on(n, dt.date(2025, 3, 31)) is None
    assert category_on(n, dt.date(2025, 4, 1)) == "undecided"
    assert category_on(n, dt.date(2025, 12, 31)) == "undecided"
    assert category_on(n, dt.date(2026, 1, 1)) == "participating"


def test_nation_without_history_holds_its_category_at_every_date():
    n = Nation("FRA", "participating")
    assert category_on(n, dt.date(1900, 1, 1)) == "participating"


def test_undated_contributions_always_show_dated_ones_from_their_day():
    n = Nation(
        "FRA",
        "participating",
        contributions=[
            Contribution("troops", "later", date=D("2025-09-04")),
            Contribution("political", "undated"),
            Contribution("air", "month", date=D("2025-03")),
        ],
    )
    assert [c.text for c in contributions_on(n, dt.date(2025, 3, 1))] == ["undated", "month"]
    assert [c.text for c in contributions_on(n, dt.date(2025, 2, 28))] == ["undated"]
    assert len(contributions_on(n, dt.date(2025, 9, 4))) == 3
    assert visible_on(None, dt.date(1, 1, 1))


def test_snapshot_counts_and_changes_between_two_days():
    data = Dataset(title="t", as_of=D("2026-01-01"))
    data.nations = [
        nation([("2025-03-02", "undecided"), ("2025-05-10", "participating")]),
        Nation("FRA", "participating"),
        Nation("RUS", "opposing", history=[HistoryEntry(D("2025-03-06"), "opposing")]),
    ]
    early = snapshot(data, dt.date(2025, 3, 3))
    assert early.categories == {"AUT": "undecided", "FRA": "participating", "RUS": None}
    late = snapshot(data)
    assert late.categories == {"AUT": "participating", "FRA": "participating", "RUS": "opposing"}
    changes = changes_between(data, dt.date(2025, 3, 3), dt.date(2025, 6, 1))
    assert [(c.iso3, c.before, c.after) for c in changes] == [
        ("AUT", "undecided", "participating"),
        ("RUS", None, "opposing"),
    ]
    assert changes[0].entry.date == D("2025-05-10")
    assert dated_span(data) == (dt.date(2025, 3, 2), dt.date(2026, 1, 1))
