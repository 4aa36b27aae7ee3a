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
        "\ufeffa: 1\nb: [x, y]\n",  # a byte order mark
        "a: \ufeffx\n",
        "a: é\nb: 😀 x\nc: 'ü'\n",  # beyond ASCII, as UTF-8 the parser reads
        "a: 1\r\nb:\r\n  - 2\r\n",  # Windows line ends
        "a: 1\rb: 2\r",
        "a: 1\u2028b: 2\n",  # Unicode line and paragraph separators, NEL
        'a: "x\u2029y"\nb: 1\x85c: 2\n',
        "a: >-\n  folded\n  text\n\n  kept\nb: |\n  literal\n   text\n",
        "a: 'it''s'\nb: \"\\u00e9\\t\\x41\"\nc: plain\n  continued\n",
        "1.5: x\n2025-03-02: y\ntrue: z\n~: n\n0x10: h\n'1': q\n",  # keys that are not text
        "a: {b: [1, {c: d}], e: []}\nf: {}\n",
    ],
)
def test_what_the_one_pass_reader_reads_it_reads_as_the_full_reader(text):
    plain = _plain_load(text)
    assert plain is not None, text
    assert same(plain, full(text)), text


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


def test_without_the_compiled_parser_the_document_and_its_places_are_the_same(monkeypatch):
    from desktop.io import yamlscan

    text = (REPO / "tests" / "data" / "small.yaml").read_text(encoding="utf-8")
    compiled = yamlscan.Places()
    document = yamlscan.plain_load(text, _checking_yaml(), compiled)
    monkeypatch.setattr(yamlscan, "CParser", None)
    fallback = yamlscan.Places()
    assert same(yamlscan.plain_load(text, _checking_yaml(), fallback), document)
    assert [(m.line, m.column) for m in fallback.marks] == [
        (m.line, m.column) for m in compiled.marks
    ]
    assert fallback.keys == compiled.keys and len(fallback.sizes) == len(compiled.sizes)
