"""Locating problems: keeping only the nodes the problems name gives the same lines."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from desktop.io.dataset_file import _checking_yaml, _load, parse_dataset
from desktop.io.errors import DatasetError
from desktop.io.yamlscan import Places, locate, plain_load, positions
from tests.conftest import REPO

DATASETS = sorted(p for folder in ("resources", "tests") for p in (REPO / folder).rglob("*.y*ml"))


def every_path(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from every_path(child, (*path, key))
        yield (*path, "no-such-key")
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from every_path(child, (*path, i))
        yield (*path, len(value) + 3)


def paths_of(text: str) -> list[tuple]:
    try:
        document = _load(_checking_yaml(), text, "x.yaml")
    except DatasetError:
        return []
    return list(every_path(document))


@pytest.mark.parametrize("path", DATASETS, ids=lambda p: str(Path(p).relative_to(REPO)))
def test_only_the_wanted_nodes_locate_as_all_nodes_do(path):
    text = path.read_text(encoding="utf-8")
    paths = paths_of(text)
    if not paths:
        return
    whole = positions(text)
    rng = random.Random(str(path))
    for _ in range(20):
        wanted = rng.sample(paths, min(len(paths), rng.choice((1, 2, 5))))
        some = positions(text, wanted)
        for p in wanted:
            for at_key in (False, True):
                assert locate(some, p, at_key) == locate(whole, p, at_key), (p, at_key)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x {b: [1, 2, {c: 3}]}\nd: *x\ne:\n  - 1\n  - f: 2\n",
        "? [1, 2]\n: x\ny: {z: 1}\n",
        "- a\n- [b, c]\n- {d: e}\n",
        "a: [1, 2\n",  # a syntax error part-way
    ],
)
def test_aliases_complex_keys_and_broken_files_locate_the_same(text):
    whole = positions(text)
    for wanted in ([("d", "b", 2, "c")], [("y", "z")], [(1, 1)], [(2, "d")], [("e", 1, "f")], [()]):
        some = positions(text, wanted)
        for p in wanted:
            assert locate(some, p) == locate(whole, p)
            assert locate(some, p, at_key=True) == locate(whole, p, at_key=True)


def test_a_problem_deep_in_a_big_file_is_reported_at_its_line():
    sources = "".join(f"  s{i}:\n    url: https://example.org/{i}\n" for i in range(500))
    text = "format: coalition-atlas/1\ntitle: T\nas_of: 2025-01-01\nsources:\n" + sources
    text += "nations:\n  - iso3: FRA\n    category: participating\n    sources: [s1]\n"
    text += "  - iso3: ITA\n    category: nowhere\n    sources: [s2]\n"
    with pytest.raises(DatasetError) as caught:
        parse_dataset(text, "big.yaml")
    (problem,) = caught.value.problems
    assert problem.line == text.count("\n") - 1 and "nowhere" in problem.message


@pytest.mark.parametrize("path", DATASETS, ids=lambda p: str(Path(p).relative_to(REPO)))
def test_places_kept_while_reading_locate_as_a_second_pass_does(path):
    text = path.read_text(encoding="utf-8")
    places = Places()
    if plain_load(text, _checking_yaml(), places) is None:
        return  # read by the full reader, located by a second pass
    paths = paths_of(text)
    rng = random.Random(str(path) + "places")
    for _ in range(40):
        wanted = rng.sample(paths, min(len(paths), rng.choice((1, 2, 5))))
        kept = places.tree(wanted)
        if any(len(p) > Places.DEPTH for p in wanted):
            assert kept is None  # left to a second pass
            continue
        again = positions(text, wanted)
        for p in wanted:
            for at_key in (False, True):
                assert locate(kept, p, at_key) == locate(again, p, at_key), (p, at_key)


@pytest.mark.parametrize(
    "text",
    [
        # Keys typed as other values than text are found by the text they were written as.
        "1.5: x\n2025-03-02:\n  - y\ntrue: {z: 1}\n0x10: h\n'1': [q]\nkey: 1\n",
        '\ufeffa: 1\r\nb:\r\n  - {c: 2, d: [3, 4]}\r\ne: "\u2028"\n',
        "a: >-\n  folded\n  text\nb:\n  - |\n    literal\n  - x\nc: {}\nd: []\n",
    ],
)
def test_places_locate_keys_and_values_as_a_second_pass_does(text):
    places = Places()
    assert plain_load(text, _checking_yaml(), places) is not None
    paths = paths_of(text)
    kept = places.tree(paths)
    again = positions(text, paths)
    for p in paths:
        for at_key in (False, True):
            assert locate(kept, p, at_key) == locate(again, p, at_key), (p, at_key)


def test_warnings_are_located_alike_whichever_reader_read_the_file():
    text = (REPO / "tests" / "data" / "small.yaml").read_text(encoding="utf-8")
    # A nation with no source is a warning; an anchor sends the file to the full reader.
    plain = text.replace("\nnations:\n", "\nnations:\n  - iso3: PRT\n    category: undecided\n", 1)
    anchored = plain.replace("title: Small test coalition", "title: &t Small test coalition", 1)
    assert plain_load(plain, _checking_yaml()) is not None
    assert plain_load(anchored, _checking_yaml()) is None
    first = parse_dataset(plain, "a.yaml").warnings
    second = parse_dataset(anchored, "a.yaml").warnings
    assert first and [str(w) for w in first] == [str(w) for w in second]
    assert any("PRT" in str(w) or "Portugal" in str(w) for w in first)


def test_problems_deeper_than_the_kept_places_are_located_by_a_second_pass():
    # A contribution's date is five steps from the root; a nation's source four.
    text = (
        "format: coalition-atlas/1\ntitle: T\nas_of: 2025-01-01\n"
        "sources:\n  s1: {url: 'https://example.org/1'}\n"
        "nations:\n  - iso3: FRA\n    category: participating\n    sources: [s1, s9]\n"
        "    contributions:\n      - kind: troops\n        text: A brigade.\n"
        "        date: 2025-13-01\n"
    )
    with pytest.raises(DatasetError) as caught:
        parse_dataset(text, "deep.yaml")
    found = sorted((p.line, p.column) for p in caught.value.problems)
    assert found == [(9, 19), (13, 15)]


def test_a_file_with_more_problems_than_are_listed_lists_the_first_in_the_text(monkeypatch):
    from desktop.io import dataset_file

    rng = random.Random(11)
    sources = "".join(
        f"  s{i}: {{url: '{rng.choice(['https://example.org/', 'ftp://x'])}{i}'}}\n"
        for i in range(60)
    )
    nations = ""
    for n, code in enumerate(["FRA", "DEU", "ITA", "ESP", "POL", "NLD", "BEL", "SWE"] * 8):
        nations += f"  - iso3: {rng.choice([code, 'XXX'])}\n    category: member\n"
        if rng.random() < 0.5:
            nations += f"    colour: x{n}\n"  # an unknown key, at the key
        nations += "    contributions:\n"
        for _ in range(6):
            date = rng.choice(["2025-03-02", "2025-13-01"])
            source = rng.choice(["s1", "s99"])
            nations += f"      - {{kind: troops, text: T, date: {date}, sources: [{source}]}}\n"
        nations += (
            f"    history:\n      - {{date: 2024, category: {rng.choice(['member', 'no'])}}}\n"
        )
    text = (
        "format: coalition-atlas/1\ntitle: T\nas_of: 2025-06-01\n"
        "categories:\n  - {id: member, label: Member, color: '#123456'}\n"
        f"sources:\n{sources}nations:\n{nations}"
    )

    def listed() -> list[str]:
        with pytest.raises(DatasetError) as caught:
            parse_dataset(text, "many.yaml")
        return [str(p) for p in caught.value.problems]

    shown = listed()
    # Located in full, every problem, then the first ones taken.
    monkeypatch.setattr(dataset_file, "MAX_PROBLEMS", 10**6)
    every = listed()
    assert len(every) > 300
    assert shown[:-1] == every[:200]
    assert shown[-1] == f"many.yaml: and {len(every) - 200:,} more problems"
