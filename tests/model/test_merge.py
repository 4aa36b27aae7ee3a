"""Merging an imported sheet's nations into an open dataset: added, updated, nothing clobbered."""

from __future__ import annotations

import copy
from pathlib import Path

from desktop.io import default_gazetteer, load_dataset
from desktop.io.save import save_dataset
from desktop.io.sheet import read_sheet
from desktop.model import PartialDate
from desktop.model.dataset import (
    DEFAULT_CATEGORIES,
    Category,
    Dataset,
    Nation,
    Source,
)
from desktop.model.merge import merge_into
from desktop.model.validate import validate


def write(tmp_path: Path, text: str, name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- merging an import ----------------------------------------------------------------------------------
def test_merge_into_adds_and_updates_without_touching_the_base(three_countries, tmp_path):
    base = load_dataset(three_countries).dataset
    before = copy.deepcopy(base)
    sheet = write(
        tmp_path,
        "country,category,role,summary,contribution,contribution_kind,source_url,source_title,date\n"
        # The same contribution France already has, from the same report: nothing new.
        "France,Participating,,,Troops after a ceasefire.,troops,https://example.org/one,,2025-03-02\n"
        "France,,,,Naval escort,naval,https://example.org/one,,2025-05-01\n"
        "Malta,participating,Host,Malta now hosts talks.,,,https://news.example.com/new,New report,2025-05-02\n"
        "Russia,Undecided,,,,,,,\n"
        "Poland,Observer,,,,,https://example.org/one,,\n",
        name="update.csv",
    )
    imported = read_sheet(sheet, base=base)
    assert imported.ok
    merged = merge_into(base, imported.dataset)

    assert base.content_equal(before)  # the base object is untouched
    assert merged is not base and merged.nations is not base.nations
    assert merged.nation("FRA") is not base.nation("FRA")

    assert [n.iso3 for n in merged.nations] == ["FRA", "MLT", "RUS", "POL"]
    france = merged.nation("FRA")
    assert [(c.text, c.sources) for c in france.contributions] == [
        ("Troops after a ceasefire.", ["s1"]),
        ("Air policing.", ["s2"]),
        ("Naval escort", ["s1"]),  # the known URL keeps its id: no duplicate source
    ]
    malta = merged.nation("MLT")
    assert (malta.category, malta.role, malta.summary) == (
        "participating",
        "Host",
        "Malta now hosts talks.",
    )
    assert malta.sources == ["s2", "news.example.com-1"]
    assert merged.sources["news.example.com-1"].title == "New report"
    assert len(merged.sources) == 3

    # Russia has history; its new category is recorded there, so the file still loads.
    russia = merged.nation("RUS")
    assert russia.category == "undecided"
    assert russia.history[-1].category == "undecided"
    assert russia.history[-1].date == merged.as_of == base.as_of

    assert [c.id for c in merged.categories] == [
        "participating",
        "opposing",
        "undecided",
        "observer",
    ]
    assert merged.nation("POL").category == "observer"
    existing = {c.color for c in DEFAULT_CATEGORIES}
    assert merged.category("observer").color not in existing
    assert validate(merged, default_gazetteer()) == []
    target = tmp_path / "merged.yaml"
    save_dataset(merged, target)
    assert load_dataset(target).dataset.content_equal(merged)


def test_merge_into_recolours_and_renames_what_would_clash(tmp_path):
    # The base already uses the colour the import gives its new category and the id it
    # would give its one source; the sheet was read without knowing that.
    base = Dataset(
        title="Base",
        as_of=PartialDate(2025, 6, 1),
        categories=[
            Category("participating", "Participating", "#0072B2"),
            Category("support", "Support", "#D55E00"),
        ],
        sources={"example.org-1": Source("example.org-1", "https://example.org/old")},
        nations=[Nation("FRA", "support", sources=["example.org-1"])],
    )
    sheet = write(
        tmp_path,
        "country,category,source_url\n"
        "DEU,Observer,https://example.org/new\n"
        "ITA,support,\n"
        "ESP,PARTICIPATING,\n",
    )
    imported = read_sheet(sheet).dataset
    # As read, unaware: blue is Participating's (the sheet uses it), vermilion comes next.
    assert imported.category("observer").color == "#D55E00"
    merged = merge_into(base, imported)

    colours = [c.color.casefold() for c in merged.categories]
    assert len(colours) == len(set(colours))
    assert merged.category("observer").color == "#E69F00"
    # "support" was new to the sheet but is the base's own category: matched, not added.
    assert [c.id for c in merged.categories] == ["participating", "support", "observer"]
    assert merged.nation("ITA").category == "support"
    assert merged.nation("ESP").category == "participating"
    # The import's "example.org-1" named another URL: renamed, and its use with it.
    assert merged.sources["example.org-1"].url == "https://example.org/old"
    assert merged.sources["example.org-2"].url == "https://example.org/new"
    assert merged.nation("DEU").sources == ["example.org-2"]
    assert validate(merged, default_gazetteer()) == []
    assert len(base.categories) == 2 and len(base.nations) == 1
