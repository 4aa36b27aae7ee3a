"""Sound nations, sources, organisations and events are read in one step; what that step
builds equals what reading them item by item builds, and anything unsound is still read
item by item, with each problem reported."""

from __future__ import annotations

import dataclasses
import io

import pytest
from _pytest.monkeypatch import MonkeyPatch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from desktop.io import schema
from desktop.io.dataset_file import parse_dataset
from desktop.io.errors import DatasetError
from desktop.io.yamlscan import Places
from desktop.model.dataset import Contribution, Event, Nation, Organisation, Source
from desktop.model.dates import PartialDate
from tests.benchmarks.bigdataset import big_dataset_text
from tests.conftest import REPO, THREE_COUNTRIES

DATASETS = sorted(
    p for folder in ("resources/datasets", "tests/data") for p in (REPO / folder).rglob("*.yaml")
)


def item_by_item(monkeypatch, text: str):
    with monkeypatch.context() as patch:
        patch.setattr(schema, "_READERS", {})
        return parse_dataset(text, "test.yaml").dataset


def test_every_dataset_in_the_repository_is_built_the_same_in_one_step(monkeypatch):
    read = set()
    for path in [*DATASETS, None]:
        text = big_dataset_text() if path is None else path.read_text("utf-8")
        try:
            whole = parse_dataset(text, "test.yaml").dataset
        except DatasetError:
            continue  # a dataset with problems: see the tests of problems below
        other = item_by_item(monkeypatch, text)
        for field in dataclasses.fields(whole):  # a Dataset is only equal to itself
            assert getattr(whole, field.name) == getattr(other, field.name), (path, field.name)
        for nation in whole.nations:
            read |= {"contributions"} if nation.contributions else set()
            read |= {"history"} if nation.history else set()
        read |= {name for name in ("sources", "organisations", "events") if getattr(whole, name)}
    # Each kind of entity was compared somewhere.
    assert read == {"contributions", "history", "sources", "organisations", "events"}


def test_every_entity_with_lists_of_entities_has_its_one_step_reader():
    # A reader missing (pydantic laying models out differently) would only be slower;
    # this says so.
    assert set(schema._READERS) == {Nation, Organisation, Event, Source}


NATION = {
    "iso3": "FRA",
    "category": "member",
    "sources": ["a"],
    "contributions": [{"kind": "troops", "text": "A brigade.", "date": "2025-03"}],
    "history": [{"date": "2024", "category": "member"}],
}


def test_a_sound_nation_is_the_model_object_with_its_contributions():
    nation = schema.read_whole(Nation, NATION)
    assert type(nation) is Nation
    assert nation.contributions == [
        Contribution(kind="troops", text="A brigade.", date=PartialDate(2025, 3))
    ]
    assert nation.history[0].date == PartialDate(2024)
    # Lists are the object's own, not the file's.
    assert nation.sources == ["a"] and nation.sources is not NATION["sources"]


@pytest.mark.parametrize(
    "broken",
    [
        {**NATION, "colour": "#fff"},
        {**NATION, "category": 3},
        {k: v for k, v in NATION.items() if k != "category"},
        {**NATION, "contributions": [{"kind": "troops", "text": "A brigade.", "when": "2025"}]},
        {**NATION, "history": [{"date": "not a date", "category": "member"}]},
        {**NATION, "contributions": "troops"},
    ],
)
def test_a_nation_with_any_problem_is_left_to_the_item_by_item_reader(broken):
    assert schema.read_whole(Nation, broken) is None


def test_a_source_is_given_its_key_as_id_and_may_not_give_one_itself():
    source = schema.read_whole(Source, {"url": "https://example.org/a"}, id="a")
    assert source == Source("a", "https://example.org/a")
    assert schema.read_whole(Source, {"id": "b", "url": "https://example.org/a"}, id="a") is None


def test_events_and_organisations_are_read_in_one_step_too():
    event = schema.read_whole(Event, {"date": "2025-03-02", "title": "Summit"})
    assert event == Event(date=PartialDate(2025, 3, 2), title="Summit")
    organisation = schema.read_whole(
        Organisation, {"name": "EU", "statements": [{"text": "Support.", "date": "2025"}]}
    )
    assert organisation.statements[0].date == PartialDate(2025)


BROKEN = """\
format: coalition-atlas/1
title: Test
as_of: 2025-03-02
categories:
  - {id: member, label: Member, color: "#1f77b4"}
sources:
  a: {url: "https://example.org/a"}
nations:
  - iso3: FRA
    category: member
    sources: [a]
  - iso3: DEU
    category: member
    contributions:
      - {kind: troops, text: A brigade., date: 2025-13}
      - {kind: troops, text: Ships., sources: [nowhere]}
  - iso3: POL
    category: member
    history:
      - {date: 2024, category: member, colour: red}
"""


def test_problems_inside_a_nation_are_each_reported_at_their_own_line():
    with pytest.raises(DatasetError) as raised:
        parse_dataset(BROKEN, "broken.yaml")
    lines = {(p.line, str(p.message).split(":")[0]) for p in raised.value.problems}
    # The bad date and the undefined source next to it are both reported, and the unknown
    # key in Poland's history.
    assert {line for line, _ in lines} == {15, 16, 20}


# -- the quick ways and the item-by-item ways answer alike, whatever the file holds -------

ODD_TEXTS = [
    "s1", "s2", "s9", "FRA", "France", "Korea", "troops", "participating", "nowhere",
    "2025-03-02", "2025-13", "2025", "https://example.org/x", "", "high", "#fff",
]  # fmt: skip
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 2030),
    st.sampled_from(ODD_TEXTS),
    st.lists(st.sampled_from(["s1", "s2", "s9", "FRA", "XXX"]), max_size=3),
    st.dictionaries(st.sampled_from(["kind", "text", "date", "x"]), st.just("troops"), max_size=2),
)
ENTRIES = [
    ("nations", 0),
    ("nations", 1),
    ("nations", 0, "contributions", 0),
    ("nations", 0, "contributions", 1),
    ("nations", 2, "history", 0),
    ("sources", "s1"),
    ("sources", "s2"),
    ("events", 0),
]
KEYS_TO_SET = [
    "iso3", "category", "sources", "kind", "text", "date", "url", "title", "participants",
    "summary", "confidence", "note", "contributions", "history", "id", "colour",
]  # fmt: skip


def located(text: str):
    """What loading ``text`` says: its problems as the user reads them, or its dataset's
    fields and its warnings."""
    try:
        loaded = parse_dataset(text, "x.yaml")
    except DatasetError as error:
        return ("problems", [str(problem) for problem in error.problems])
    dataset = loaded.dataset
    fields = [getattr(dataset, field.name) for field in dataclasses.fields(dataset)]
    return ("dataset", fields, [str(warning) for warning in loaded.warnings])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_change_to_a_file_loads_alike_in_one_step_and_item_by_item(data):
    document = YAML(typ="safe").load(THREE_COUNTRIES)
    for _ in range(data.draw(st.integers(1, 4))):
        entry = document
        for step in data.draw(st.sampled_from(ENTRIES)):
            try:
                entry = entry[step]
            except (KeyError, IndexError, TypeError):
                entry = None  # an earlier change replaced what led here
                break
        key = data.draw(st.sampled_from(KEYS_TO_SET))
        if not isinstance(entry, dict):
            continue
        if data.draw(st.booleans()) and key in entry:
            del entry[key]
        elif key == "iso3":
            entry[key] = data.draw(st.sampled_from(["France", "fra", "Korea", "XXX", 3]))
        else:
            entry[key] = data.draw(ODD_VALUES)
    buffer = io.StringIO()
    YAML(typ="safe").dump(document, buffer)
    text = buffer.getvalue()
    quick = located(text)
    with MonkeyPatch.context() as patch:
        # Item by item, with every node's place kept while reading.
        patch.setattr(schema, "_READERS", {})
        patch.setattr(Places, "DEPTH", 99)
        assert located(text) == quick
