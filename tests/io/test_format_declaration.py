"""The file format is declared once: the loader's schema, the saver and the format guide
agree on every key of every entity."""

from __future__ import annotations

import re

import pytest
from ruamel.yaml import YAML

from desktop.io import parse_dataset, schema
from desktop.io.save import dataset_text
from desktop.model.dataset import (
    FILE_KEYS,
    Category,
    Contribution,
    Dataset,
    Event,
    HistoryEntry,
    Nation,
    Organisation,
    Source,
    Statement,
    Translation,
    Unlisted,
)
from desktop.model.dates import PartialDate
from tests.conftest import REPO

GUIDE = REPO / "resources" / "datasets" / "README.md"

# The guide's sections, and the first column of the key table that describes each entity.
GUIDE_TABLES = {
    Dataset: ("Top level", "key"),
    Category: ("Categories", "key"),
    Unlisted: ("Countries not listed", "key"),
    Source: ("Sources", "key"),
    Nation: ("Nations", "key"),
    Contribution: ("Contributions", "key"),
    HistoryEntry: ("History", "key"),
    Organisation: ("Organisations", "key"),
    Statement: ("Organisations", "statement key"),
    Event: ("Events", "key"),
    Translation: ("Translations", "key"),
}


def guide_tables() -> dict[tuple[str, str], dict[str, bool]]:
    """(section, first header) to {key: required} for every key table of the guide."""
    tables: dict[tuple[str, str], dict[str, bool]] = {}
    section, header = "", None
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#{2,3} (.+)$", line)
        if heading:
            section, header = heading.group(1).strip(), None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if "|" in line else []
        if not cells:
            header = None
        elif header is None and len(cells) >= 3 and cells[2] == "required":
            header = cells[0]
            tables[(section, header)] = {}
        elif header is not None and cells[0].startswith("`"):
            tables[(section, header)][cells[0].strip("`")] = cells[2] == "yes"
    return tables


@pytest.mark.parametrize("kind", list(FILE_KEYS), ids=lambda kind: kind.__name__)
def test_the_loaders_schema_is_the_declaration(kind):
    assert list(schema.MODELS[kind].model_fields) == list(FILE_KEYS[kind])


@pytest.mark.parametrize("kind", list(FILE_KEYS), ids=lambda kind: kind.__name__)
def test_the_guide_documents_every_key_and_whether_it_is_required(kind):
    table = guide_tables()[GUIDE_TABLES[kind]]
    assert set(table) == set(FILE_KEYS[kind])
    assert sorted(key for key, needed in table.items() if needed) == sorted(schema.required(kind))


def everything() -> Dataset:
    """A dataset with every key of every entity set."""
    day = PartialDate(2025, 3, 2)
    data = Dataset(
        title="Every key",
        as_of=day,
        subtitle="All of them",
        notes="Nothing left out.",
        categories=[Category("yes", "Yes", "#0072B2"), Category("no", "No", "#D55E00")],
        unlisted=Unlisted("Silent", "#DDDDDD", legend=False),
        language="en",
        translations={
            "fr": Translation("Toutes les clés", "Toutes", "Rien d'omis.", {"yes": "Oui"}, "Muet")
        },
    )
    data.sources = {
        "s1": Source("s1", "https://example.org/a", "A report", "Example News", day),
    }
    data.nations = [
        Nation(
            "FRA",
            "yes",
            role="Lead",
            summary="Says yes.",
            confidence="high",
            sources=["s1"],
            contributions=[Contribution("troops", "Some.", ["s1"], day, "medium", "A caveat.")],
            history=[HistoryEntry(day, "yes", "Joined.", ["s1"])],
        )
    ]
    data.organisations = [
        Organisation("EU", "Backer", "Backs it.", ["s1"], [Statement("Said so.", day, ["s1"])])
    ]
    data.events = [Event(day, "Summit", "London", "Met.", ["FRA"], 16, "Partial.", ["s1"])]
    return data


def test_the_saver_writes_every_declared_key_in_the_declared_order():
    dataset = everything()
    text = dataset_text(dataset)
    document = YAML(typ="safe").load(text)

    def keys(node) -> list[str]:
        return list(node)

    assert keys(document) == list(FILE_KEYS[Dataset])
    assert keys(document["categories"][0]) == list(FILE_KEYS[Category])
    assert keys(document["unlisted"]) == list(FILE_KEYS[Unlisted])
    assert keys(document["sources"]["s1"]) == list(FILE_KEYS[Source])
    nation = document["nations"][0]
    assert keys(nation) == list(FILE_KEYS[Nation])
    assert keys(nation["contributions"][0]) == list(FILE_KEYS[Contribution])
    assert keys(nation["history"][0]) == list(FILE_KEYS[HistoryEntry])
    organisation = document["organisations"][0]
    assert keys(organisation) == list(FILE_KEYS[Organisation])
    assert keys(organisation["statements"][0]) == list(FILE_KEYS[Statement])
    assert keys(document["events"][0]) == list(FILE_KEYS[Event])
    assert keys(document["translations"]["fr"]) == list(FILE_KEYS[Translation])
    # And the loader reads every one of them back.
    assert parse_dataset(text, "every-key.yaml").dataset.content_equal(dataset)


def test_text_with_control_characters_saves_escaped_and_loads_back():
    dataset = everything()
    dataset.nations[0].summary = "Bell \x07 and escape \x1b\non two lines"
    text = dataset_text(dataset)
    assert "\x1b" not in text and "\\e" in text
    assert parse_dataset(text, "escaped.yaml").dataset.nations[0].summary == (
        "Bell \x07 and escape \x1b\non two lines"
    )
