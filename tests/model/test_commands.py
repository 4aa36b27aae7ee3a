"""Edits are exact: undo restores the model, redo re-applies it, whatever the sequence.

On the frozen test dataset (tests/data/small.yaml), whose values the tests name.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.io import default_gazetteer, load_dataset, parse_dataset
from desktop.io.save import dataset_text
from desktop.model import commands as c
from desktop.model.asof import category_on
from desktop.model.dataset import Category, Contribution, Event, HistoryEntry, Source
from desktop.model.dates import PartialDate
from desktop.model.ids import category_id_for
from desktop.model.validate import validate
from tests.conftest import SMALL, THREE_COUNTRIES

D = PartialDate.parse


@pytest.fixture(scope="module")
def original():
    return load_dataset(SMALL).dataset


@pytest.fixture
def data(original):
    fresh = load_dataset(SMALL).dataset
    assert fresh.content_equal(original)
    return fresh


def apply(dataset, command):
    command.redo(dataset)
    return command


def test_set_category_adds_an_unlisted_country_and_undo_removes_it(data, original):
    command = apply(data, c.set_category(data, "CHE", "undecided", "Switzerland"))
    assert command.label == "Add Switzerland as Undecided"
    assert data.nation("CHE").category == "undecided"
    command.undo(data)
    assert data.content_equal(original)
    command.redo(data)
    assert data.nation("CHE").category == "undecided"


def test_a_copied_dataset_tells_its_edits_only_to_its_own_listeners(data):
    heard_by_original: list[tuple] = []
    heard_by_copy: list[tuple] = []
    data.changed.connect(heard_by_original.append)
    twin = copy.deepcopy(data)
    twin.changed.connect(heard_by_copy.append)
    c.set_category(twin, "CHE", "undecided", "Switzerland").redo(twin)
    assert heard_by_copy == [("nations",)]
    assert heard_by_original == []
    assert data.nation("CHE") is None


def test_changing_a_nation_with_history_keeps_its_past(data):
    assert category_on(data.nation("EST"), D("2025-04-01")) == "undecided"
    apply(data, c.set_category(data, "EST", "opposing", "Estonia"))
    estonia = data.nation("EST")
    assert estonia.category == "opposing"
    assert category_on(estonia, data.as_of) == "opposing"
    assert category_on(estonia, D("2025-04-01")) == "undecided"  # the past is unchanged
    assert category_on(estonia, D("2025-07-01")) == "participating"
    assert validate(data, default_gazetteer()) == []


def test_history_edits_keep_the_top_level_category_in_step(data):
    entry = HistoryEntry(D("2025-11-15"), "undecided", "Wavered", ["launch"])
    apply(data, c.add_history(data, "FRA", "France", entry))
    assert data.nation("FRA").category == "undecided"
    index = next(i for i, e in enumerate(data.nation("FRA").history) if e.note == "Wavered")
    apply(data, c.remove_history(data, "FRA", "France", index))
    assert data.nation("FRA").category == "participating"
    with pytest.raises(c.EditRefused, match="not listed"):
        c.add_history(data, "CHE", "Switzerland", entry)
    late = HistoryEntry(D("2030-01-01"), "opposing")
    apply(data, c.set_category(data, "CHE", "undecided", "Switzerland"))
    with pytest.raises(c.EditRefused, match="no stated position on the dataset's date"):
        c.add_history(data, "CHE", "Switzerland", late)  # its only entry would start after as_of
    apply(
        data, c.add_history(data, "CHE", "Switzerland", HistoryEntry(D("2025-01-01"), "undecided"))
    )
    apply(data, c.add_history(data, "CHE", "Switzerland", late))
    assert data.nation("CHE").category == "undecided"  # the as-of date is before 2030


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_a_contribution_without_text_is_refused(data, text):
    with pytest.raises(c.EditRefused, match="text is empty"):
        c.add_contribution(data, "FRA", "France", Contribution("troops", text))


def test_removing_a_cited_source_is_refused_and_an_uncited_one_goes(data):
    with pytest.raises(c.EditRefused, match="still cited by FRA"):
        c.remove_source(data, "launch")
    apply(data, c.put_source(data, Source("extra-1", "https://example.org/x", title="X")))
    apply(data, c.remove_source(data, "extra-1"))
    assert "extra-1" not in data.sources


def test_removing_a_category_moves_its_members_everywhere(data):
    kept = [cat for cat in data.categories if cat.id != "undecided"]
    with pytest.raises(c.EditRefused, match="move to"):
        c.set_categories(data, kept)
    apply(data, c.set_categories(data, kept, {"undecided": "opposing"}))
    assert {n.iso3 for n in data.nations if n.category == "opposing"} == {
        "BLR", "HUN", "MLT", "RUS", "TUR", "USA"
    }  # fmt: skip
    assert category_on(data.nation("EST"), D("2025-04-01")) == "opposing"
    assert all(h.category != "undecided" for n in data.nations for h in n.history)
    assert validate(data, default_gazetteer()) == []


def test_moving_the_as_of_date_rereads_history(data):
    with pytest.raises(c.EditRefused, match="ALB has no stated position"):
        c.set_properties(data, "T", None, D("2025-08-01"), None)  # ALB is listed from October
    day = D("2025-10-15")
    apply(data, c.set_properties(data, "T", None, day, None))
    for nation in data.nations:
        if nation.history:
            assert nation.category == category_on(nation, day)
    assert data.counts() == {"participating": 12, "opposing": 3, "undecided": 3}
    apply(data, c.set_properties(data, "T", None, D("2025-10-01"), None))
    assert data.nation("HUN").category == "opposing"  # since 1 September
    assert data.nation("ALB").category == "participating"
    assert validate(data, default_gazetteer()) == []
    with pytest.raises(c.EditRefused, match="history starts later"):
        c.set_properties(data, "T", None, D("2024-01-01"), None)


# -- random sequences -----------------------------------------------------------------------
def edit_for(data, draw):
    """One random edit the window could make, or None when the draw does not fit."""
    codes = [n.iso3 for n in data.nations]
    kind = draw(
        st.sampled_from(
            [
                "category",
                "add",
                "remove",
                "details",
                "contribution",
                "move",
                "drop",
                "source",
                "categories",
                "event",
                "history",
                "new-category",
                "new-source",
            ]
        )
    )
    code = draw(st.sampled_from(codes)) if codes else None
    cats = [cat.id for cat in data.categories]
    try:
        if kind == "category":
            target = draw(st.sampled_from(["CHE", "SRB", "MDA", *codes]))
            return c.set_category(data, target, draw(st.sampled_from(cats)), target)
        if kind == "add":
            return c.set_category(
                data, draw(st.sampled_from(["BRA", "IND", "ZAF"])), cats[0], "new"
            )
        if kind == "remove" and code:
            return c.remove_nation(data, code, code)
        if kind == "details" and code:
            return c.update_nation(
                data,
                code,
                code,
                role=draw(st.text(max_size=12)),
                summary=draw(st.text(max_size=30)),
                confidence=draw(st.sampled_from([None, "high", "low"])),
            )
        if kind == "contribution" and code:
            return c.add_contribution(
                data,
                code,
                code,
                Contribution(
                    draw(st.sampled_from(["troops", "air", "funding"])),
                    draw(st.text(min_size=1, max_size=20)) or "x",
                    [],
                    draw(st.sampled_from([None, D("2025-05"), D("2026")])),
                ),
            )
        if kind == "move" and code and len(data.nation(code).contributions) > 1:
            return c.move_contribution(data, code, code, 0, 1)
        if kind == "drop" and code and data.nation(code).contributions:
            return c.remove_contribution(data, code, code, 0)
        if kind == "source":
            return c.put_source(
                data,
                Source(
                    f"s{draw(st.integers(0, 5))}",
                    "https://example.org/" + draw(st.text("abc", max_size=5)),
                ),
            )
        if kind == "categories":
            colours = copy.deepcopy(data.categories)
            colours[0].color = draw(st.sampled_from(["#123456", "#abcdef", "#0072B2"]))
            colours.append(Category(f"extra{draw(st.integers(0, 3))}", "Extra", "#009E73")) if len(
                colours
            ) < 6 and not any(x.id.startswith("extra") for x in colours) else None
            return c.set_categories(data, colours)
        if kind == "event":
            return c.put_event(
                data, None, Event(D("2026-01-01"), "New meeting", participants=codes[:2])
            )
        if kind == "history" and code:
            return c.add_history(
                data,
                code,
                code,
                HistoryEntry(
                    D(draw(st.sampled_from(["2025-06-01", "2025-01", "2026-02-24"]))),
                    draw(st.sampled_from(cats)),
                ),
            )
        if kind == "new-category" and len(data.categories) < 6:
            # What Edit > Categories… does with a typed label, in any script.
            label = draw(st.sampled_from(LABELS)) + draw(st.text(max_size=6))
            if not label.strip():
                return None
            taken = {cat.id for cat in data.categories}
            added = Category(category_id_for(label, taken), label.strip(), "#56B4E9")
            return c.set_categories(data, [*copy.deepcopy(data.categories), added])
        if kind == "new-source":
            # What the source dialog does with a typed address, on any domain.
            url = f"https://{draw(st.sampled_from(HOSTS))}/{draw(st.text('abc', max_size=4))}"
            return c.put_source(data, Source(c.new_source_id(data, url), url))
    except c.EditRefused:
        return None
    return None


LABELS = ["Négociation", "Участь", "مشارك", "Ja / Nein", "Observer", "観察"]
HOSTS = ["bücher.example", "президент.рф", "www.gov.uk", "example.org", "xn--bcher-kva.example"]


def edits_undo_and_redo_exactly(data):
    # A small dataset: the edits are what is random, and saving it each time stays quick.
    dataset = parse_dataset(THREE_COUNTRIES, "three.yaml").dataset
    original = copy.deepcopy(dataset)
    applied, states = [], [copy.deepcopy(dataset)]
    for _ in range(data.draw(st.integers(1, 8))):
        command = edit_for(dataset, data.draw)
        if command is None:
            continue
        command.redo(dataset)
        applied.append(command)
        states.append(copy.deepcopy(dataset))
    for command, state in zip(reversed(applied), reversed(states[:-1]), strict=True):
        command.undo(dataset)
        assert dataset.content_equal(state)
    assert dataset.content_equal(original)
    for command, state in zip(applied, states[1:], strict=True):
        command.redo(dataset)
        assert dataset.content_equal(state)
    assert validate(dataset, default_gazetteer()) == []
    # Every edit the window accepts saves, and the saved text loads as the same data.
    text = dataset_text(dataset)
    assert parse_dataset(text, "round-trip.yaml").dataset.content_equal(dataset)


# A quick run in every suite; `make fuzz` (the ``fuzz`` marker) tries ten times as many.
test_any_sequence_of_edits_undoes_and_redoes_exactly = settings(max_examples=60, deadline=None)(
    given(data=st.data())(edits_undo_and_redo_exactly)
)
test_any_sequence_of_edits_undoes_and_redoes_exactly_long = pytest.mark.fuzz(
    settings(max_examples=600, deadline=None)(given(data=st.data())(edits_undo_and_redo_exactly))
)


def test_nation_lookups_follow_every_change_to_the_nations_list():
    from desktop.model.dataset import Dataset, Nation
    from desktop.model.dates import PartialDate

    dataset = Dataset(title="T", as_of=PartialDate.parse("2025-03-02"))
    dataset.nations = [Nation("FRA", "participating"), Nation("DEU", "participating")]
    assert dataset.nation("DEU").iso3 == "DEU" and dataset.nation("ITA") is None
    dataset.nations.remove(dataset.nation("FRA"))
    dataset.nations.append(Nation("ITA", "undecided"))  # same length as before
    assert dataset.nation("ITA").category == "undecided"
    assert dataset.nation("FRA") is None
    dataset.nations[0] = Nation("POL", "participating")
    assert dataset.nation("POL") is not None and dataset.nation("DEU") is None
    dataset.nations = [Nation("ESP", "opposing")]  # a whole new list, as undo sets it
    assert dataset.nation("ESP").category == "opposing" and dataset.nation("ITA") is None
    dataset.nation("ESP").iso3 = "PRT"  # a code changed in place is not found under the old
    assert dataset.nation("ESP") is None


def test_every_edit_is_named_by_a_message_the_catalogs_translate(data):
    """The model names edits in English with their message ids kept (no translation
    machinery here); the window translates them, so each must be in the catalogs."""
    from desktop.geo.language import LANGUAGES, words
    from desktop.model.dataset import Organisation

    source = Source("new-source", "https://example.org/report", title="A report")
    event = Event(D("2025-05-01"), "Summit")
    labels = [
        c.set_category(data, "CHE", "undecided", "Switzerland").label,
        c.set_category(data, "FRA", "opposing", "France").label,
        c.remove_nation(data, "FRA", "France").label,
        c.update_nation(data, "FRA", "France", role="Lead").label,
        c.update_nation(data, "FRA", "France", role="Lead", summary="Leads").label,
        c.add_contribution(data, "FRA", "France", Contribution("naval", "Ships")).label,
        c.move_contribution(data, "FRA", "France", 0, 1).label,
        c.add_history(data, "FRA", "France", HistoryEntry(D("2025-04"), "participating")).label,
        c.put_source(data, source).label,
        c.put_sources(data, [source]).label,
        c.put_sources(data, [source, Source("other", "https://example.org/2")]).label,
        c.set_categories(data, list(data.categories)).label,
        c.put_event(data, None, event).label,
        c.put_organisation(data, None, Organisation("OSCE")).label,
    ]
    assert [str(label) for label in labels] == [
        "Add Switzerland as Undecided",
        "Set France as Opposing",
        "Remove France",
        "Edit role of France",
        "Edit details of France",
        "Add contribution to France: Naval",
        "Move contribution of France",
        "Record France's change on 2025-04",
        "Add source A report",
        "Add 1 source",
        "Add 2 sources",
        "Edit categories",
        "Add event Summit",
        "Add organisation OSCE",
    ]
    assert labels[0].fields["name"].code == "CHE"  # a window names the country its way
    assert labels[7].fields["day"] == D("2025-04")  # and writes the date its way
    for lang in LANGUAGES:
        if lang == "en":
            continue
        say = words(lang)
        for label in labels:
            assert isinstance(label, c.Label)
            if label.plural is None:
                assert say.lookup(label.template), (lang, label.template)
            else:
                assert say.lookup_plural(label.template, label.plural, 5) != label.plural
    assert copy.deepcopy(labels[0]).fields == labels[0].fields
