"""The one-pass reader gives the full reader's document, or steps aside for it."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from desktop.io.dataset_file import _checking_yaml, _load, _plain_load, parse_dataset
from desktop.io.errors import DatasetError
from desktop.io.yamlscan import MAX_DEPTH, MAX_NODES
from tests.conftest import REPO


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (DateText is not str, 1 is not 1.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict):
        return (
            list(map(type, a)) == list(map(type, b))
            and list(a) == list(b)
            and all(same(a[k], b[k]) for k in a)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def full(text: str):
    return _load(_checking_yaml(), text, "test.yaml")


DATASETS = sorted(p for folder in ("resources", "tests") for p in (REPO / folder).rglob("*.y*ml"))


@pytest.mark.parametrize("path", DATASETS, ids=lambda p: str(Path(p).relative_to(REPO)))
def test_every_dataset_in_the_repository_reads_the_same(path):
    text = path.read_text(encoding="utf-8")
    plain = _plain_load(text)
    if plain is None:
        return  # the full reader's own business
    assert same(plain, full(text))


PLAIN_VALUES = [
    "0",
    "00",
    "-1",
    "+1",
    "0o7",
    "0O7",
    "0x1f",
    "0X1F",
    "-0x1F",
    "0b1",
    "1_000",
    "_1",
    "1_",
    "1.",
    "-1.5",
    "+.5",
    ".5e3",
    "1e3",
    "1E3",
    "1e+3",
    "1.5E-3",
    ".inf",
    "-.Inf",
    "+.INF",
    ".nan",
    ".NAN",
    "inf",
    "nan",
    "true",
    "True",
    "TRUE",
    "tRue",
    "false",
    "yes",
    "on",
    "off",
    "y",
    "n",
    "null",
    "Null",
    "NULL",
    "~",
    "12:30:45",
    "1:2",
    "2025-03-02",
    "2025-3-02",
    "2025-03",
    "2025",
    "2001-12-14t21:59:43.10-05:00",
    "2025-03-02T10:00:00Z",
    "0.0.1",
    "1,000",
    "$1",
    "1e",
    "e3",
    "0x",
    "0o",
    "012",
    "09",
    "-.5",
    "+0",
    "-0.0",
    "1e400",
    "-1e400",
    "2e-400",
    "123456789012345678901234567890",
    "3.14159265358979323846264",
    "@x",
    "a#x",
]


@pytest.mark.parametrize("value", PLAIN_VALUES)
def test_plain_values_are_typed_as_the_full_reader_types_them(value):
    for text in (f"a: {value}\n", f"a:\n  - {value}\n", f"a: {{b: {value}}}\n", f"{value}: x\n"):
        try:
            expected = full(text)
        except DatasetError:
            assert _plain_load(text) is None
            continue
        plain = _plain_load(text)
        assert plain is not None, text
        assert same(plain, expected), text


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases (bounds count them in full)
        "a: !!str 1\n",  # tags
        "a: !custom x\n",
        "base: {c: 1}\nd:\n  <<: {c: 2}\n",  # merge keys
        "a: =\n",
        "a: 1\na: 2\n",  # a duplicate key
        "? [1, 2]\n: x\n",  # a complex key
        "a: 1\n---\nb: 2\n",  # two documents
        "- a\n- b\n",  # not a mapping
        "",
        "# only a comment\n",
        "a: [1, 2\n",  # a syntax error
        "a:\n\t- 1\n",
        "a: b\x07c\n",  # a character YAML does not allow
        "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
        "a: [" + ", ".join(["1"] * (MAX_NODES + 1)) + "]\n",
    ],
)
def test_what_the_one_pass_reader_leaves_to_the_full_reader(text):
    assert _plain_load(text) is None


def test_what_the_full_reader_refuses_is_still_refused_with_its_line():
    with pytest.raises(DatasetError) as caught:
        parse_dataset("format: coalition-atlas/1\nt: 1\nt: 2\n", "dup.yaml")
    assert caught.value.problems[0].line == 3
    deep = "format: coalition-atlas/1\nx: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    with pytest.raises(DatasetError) as caught:
        parse_dataset(deep, "deep.yaml")
    assert "nested more than" in str(caught.value) and caught.value.problems[0].line == 2
