"""Sound nations, sources, organisations and events are read in one step; what that step
builds equals what reading them item by item builds, and anything unsound is still read
item by item, with each problem reported."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.io import schema
from desktop.io.dataset_file import parse_dataset
from desktop.io.errors import DatasetError
from desktop.model.dataset import Contribution, Event, Nation, Organisation, Source
from desktop.model.dates import PartialDate
from tests.benchmarks.bigdataset import big_dataset_text
from tests.conftest import REPO

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
