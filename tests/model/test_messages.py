"""The model's messages a user may read (a file's problems, a date's, a refused edit's
reason) keep their English text and carry their message id and fields, and every message
id is translated in every catalog, so the window can say each one in its language."""

from __future__ import annotations

import copy
import pickle

import pytest

from desktop.geo.language import LANGUAGES, words
from desktop.io import default_gazetteer, load_dataset
from desktop.model import commands as c
from desktop.model.dataset import Category, Contribution, Event, HistoryEntry, Organisation
from desktop.model.dates import PartialDate
from desktop.model.message import CountryName, Label, Listing
from desktop.model.validate import advise, url_problem, validate
from tests.conftest import SMALL

D = PartialDate.parse


def parts(message):
    """The Labels of a message: itself and those in its fields and Listings, depth first."""
    if isinstance(message, Listing):
        for item in message.items:
            yield from parts(item)
    elif isinstance(message, Label):
        yield message
        for value in message.fields.values():
            yield from parts(value)


def assert_translated(messages) -> None:
    for lang in LANGUAGES:
        if lang == "en":
            continue
        say = words(lang)
        for message in messages:
            assert isinstance(message, Label), message
            for label in parts(message):
                if label.plural is None:
                    # "{code}: {kind}" reads the same in most languages (French spaces it).
                    same = label.template == "{code}: {kind}" and lang != "fr"
                    assert say.lookup(label.template) or same, (lang, label.template)
                else:
                    assert say.lookup_plural(label.template, label.plural, 5), (lang, label)


def refusal(build) -> Label:
    with pytest.raises(c.EditRefused) as caught:
        build()
    (reason,) = caught.value.args
    assert isinstance(reason, Label)
    return reason


@pytest.fixture
def data():
    return load_dataset(SMALL).dataset


def test_every_problem_of_a_broken_dataset_is_a_translated_label(data):
    data.title = " "
    data.categories.append(Category("bad id", "", "red"))
    data.categories.append(Category("participating", "Again", "#000000"))
    data.unlisted.label = "Participating"
    data.unlisted.color = "blue"
    data.sources["s p"] = copy.deepcopy(data.sources["launch"])
    data.sources["s p"].url = "https://good.example@evil.example/x"
    france = data.nation("FRA")
    france.category = "participatin"
    france.confidence = "certain"
    france.sources.append("lunch")
    france.contributions.append(Contribution("troop", " "))
    france.contributions.append(Contribution("wishes", "Hopes"))
    data.nations.append(copy.deepcopy(data.nation("GBR")))
    data.nation("ALB").iso3 = "ALX"
    data.nation("CAN").category = "opposing"
    data.nation("BLR").category = "participating"
    data.nation("BLR").history[0].category = "nowhere"
    data.organisations.append(Organisation(" ", sources=["gone"]))
    data.events.append(Event(D("2025-05"), " ", participant_count=-1))
    problems = validate(data, default_gazetteer())
    texts = [str(p.message) for p in problems]
    # The English text as before (files, logs and the command line read it).
    for expected in (
        "the title is empty",
        "category id 'bad id' is not an id: use ASCII letters, digits, '_', '.' and '-',"
        " starting with a letter or digit",
        "category 'bad id' has an empty label",
        "'red' is not a colour (use #RRGGBB)",
        "category 'participating' is defined twice",
        "'Participating' is already a category's label: a legend would show it twice",
        "'blue' is not a colour (use #RRGGBB)",
        "source 's p': 'https://good.example@evil.example/x' has a user name before '@':"
        " browsers go to 'evil.example', not to the host it seems to name; write the"
        " address without it",
        "category 'participatin' is not defined (did you mean 'participating'?)",
        "confidence 'certain' must be one of high, medium, low",
        "source 'lunch' is not defined under sources (did you mean 'launch'?)",
        "the contribution's text is empty",
        "source 'gone' is not defined under sources",
        "the organisation's name is empty",
        "the event's title is empty",
        "participant_count cannot be negative",
        "GBR is listed more than once",
    ):
        assert expected in texts, expected
    assert any(t.startswith("contribution kind 'troop' is not one of troops, air,") for t in texts)
    assert any(t.startswith("unknown country code 'ALX' (closest: ALA ") for t in texts)
    assert any(t.startswith("CAN: category is 'opposing' but its history gives") for t in texts)
    assert_translated([p.message for p in problems])


def test_warnings_name_countries_and_dates_for_the_window(data):
    data.nation("MLT").sources.clear()
    data.nation("MLT").contributions.clear()
    data.nation("MLT").history.clear()
    data.nation("BLR").history.append(HistoryEntry(D("2025-01"), "opposing"))
    data.nations.append(copy.deepcopy(data.nation("MLT")))
    data.nations[-1].iso3 = "GIB"
    data.nations[-1].sources = ["launch"]
    notes = [p.message for p in advise(data, default_gazetteer())]
    texts = [str(n) for n in notes]
    assert "MLT has no source: add one under sources, to it or to a contribution" in texts
    order = next(n for n in notes if n.startswith("BLR: history entry 2025-01 is listed after"))
    assert order.fields["day"] == D("2025-01")  # written by the window in its language
    shape = next(n for n in notes if n.startswith("GIB (Gibraltar) has no shape on this map"))
    assert {v.code for v in shape.fields.values() if isinstance(v, CountryName)} >= {"GIB"}
    assert_translated(notes)


def test_date_errors_are_translated_labels_quoting_what_was_typed():
    errors = []
    read, parse = PartialDate.from_text, PartialDate.parse
    for how, bad in (
        (read, "tomorrow"),
        (read, "March"),
        (read, "3 May 2025 10:30"),
        (read, ""),
        (read, "2025-02-30"),
        (parse, "2025-2"),
        (parse, True),
    ):
        with pytest.raises(ValueError) as caught:
            how(bad)
        errors.append(caught.value.args[0])
    assert [str(e) for e in errors] == [
        "not a date: 'tomorrow' (try 24 Feb 2026, Feb 2026, 2026-02-24 or 2026)",
        "no year in 'March' (write it whole: 24 Feb 2026)",
        "a time of day is not a date: '3 May 2025 10:30'",
        "no date given",
        "no such date: 2025-02-30",
        "not a date: '2025-2' (use YYYY-MM-DD, YYYY-MM or YYYY)",
        "not a date: True",
    ]
    with pytest.raises(ValueError) as caught:
        PartialDate.from_text("Mar", typed="mars")
    assert str(caught.value) == "no year in 'mars' (write it whole: 24 Feb 2026)"
    assert_translated(errors)


def test_refused_edits_say_why_in_translated_labels(data):
    reasons = [
        refusal(lambda: c.remove_nation(data, "ZZZ", "Nowhere")),
        refusal(lambda: c.set_category(data, "FRA", "nowhere", "France")),
        refusal(lambda: c.update_nation(data, "BLR", "Belarus", category="participating")),
        refusal(lambda: c.add_contribution(data, "FRA", "France", Contribution("air", " "))),
        refusal(lambda: c.move_contribution(data, "FRA", "France", 0, 5)),
        refusal(lambda: c.remove_source(data, "launch")),
        refusal(lambda: c.set_categories(data, [])),
        refusal(lambda: c.set_categories(data, [Category("a b", "A", "#000000")])),
        refusal(lambda: c.set_properties(data, " ", None, data.as_of, None)),
        refusal(lambda: c.set_properties(data, "T", None, D("2020"), None)),
        refusal(
            lambda: c.replace_history(
                data, "CAN", "Canada", 0, HistoryEntry(D("2026-01"), "participating")
            )
        ),
    ]
    texts = [str(r) for r in reasons]
    assert texts[0] == "ZZZ is not listed in this dataset"
    assert texts[1] == "category 'nowhere' is not defined"
    assert texts[2] == ("Belarus has a dated history: record the change as a history entry instead")
    assert reasons[2].fields["name"].code == "BLR"  # the window names it its way
    assert texts[5].startswith("source 'launch' is still cited by FRA, FRA: Troops, FRA: history")
    assert texts[5].endswith("…")
    assert texts[6] == "a dataset needs at least one category"
    assert texts[8] == "the title cannot be empty"
    assert texts[9].endswith("has no stated position on 2020: its history starts later")
    assert texts[10] == (
        "Canada would have no stated position on the dataset's date (2025-12-01):"
        " add an entry on or before it"
    )
    assert reasons[10].fields["day"] == D("2025-12-01")
    assert_translated(reasons)


def test_a_message_keeps_its_id_and_fields_through_copies_and_pickles():
    message = Label(
        "source {id} is still cited by {users}",
        id="'x'",
        users=Listing(
            [
                CountryName("France", "FRA"),
                Label("{code}: history {day}", code="FRA", day=D("2025")),
            ]
        ),
    )
    for copied in (copy.deepcopy(message), pickle.loads(pickle.dumps(message))):
        assert (
            str(copied) == str(message) == "source 'x' is still cited by France, FRA: history 2025"
        )
        assert copied.template == message.template
        assert copied.fields["users"].items[0].code == "FRA"
        assert copied.fields["users"].items[1].fields["day"] == D("2025")
    assert url_problem("https://example.org") is None


def test_a_field_ending_a_sentence_with_its_own_full_stop_ends_it_once():
    from desktop.model.message import fill

    # Ukrainian and French abbreviated dates end in a full stop ("1 січ. 2026 р.").
    assert fill("as of {day}. {n} sources.", day="1 січ. 2026 р.", n=3) == (
        "as of 1 січ. 2026 р. 3 sources."
    )
    assert fill("as of {day}.", day="2 March 2025") == "as of 2 March 2025."
    assert fill("{what}... and more", what="etc.") == "etc.... and more"
    assert fill("{a:>3}|{b!r}", a="x", b="y") == "  x|'y'"
    with pytest.raises(KeyError):
        fill("{missing}", present=1)


def test_no_credit_line_ends_a_sentence_twice():
    from desktop.geo.styled import credit_line

    dataset = load_dataset(SMALL).dataset
    for lang in LANGUAGES:
        line = credit_line(dataset, dataset.as_of, lang)
        assert ".." not in line.replace("...", ""), (lang, line)
