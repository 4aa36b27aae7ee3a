"""Locating problems: keeping only the nodes the problems name gives the same lines."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from desktop.io.dataset_file import _checking_yaml, _load, parse_dataset
from desktop.io.errors import DatasetError
from desktop.io.yamlscan import locate, positions
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
