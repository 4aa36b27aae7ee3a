"""Big files read through rapidyaml (desktop.io.yamlfast) give what the one-pass reader
gives: the same document, the same problems and warnings at the same lines. What the fast
reader cannot vouch for is left to the one-pass reader, without a word on stderr."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import threading
import time

import pytest

from desktop.io import yamlfast, yamlscan
from desktop.io.dataset_file import _checking_yaml, parse_dataset
from desktop.io.errors import DatasetError
from tests.benchmarks.bigdataset import big_dataset_text
from tests.conftest import REPO

TYPING = yamlscan.plain_typing(_checking_yaml())
DATASETS = sorted(
    p for folder in ("resources/datasets", "tests/data") for p in (REPO / folder).rglob("*.yaml")
)


@pytest.fixture
def every_size(monkeypatch):
    """The fast reader tried on files of any size, so that small texts test it."""
    monkeypatch.setattr(yamlfast, "FAST_FROM", 0)


def fast(text: str):
    return yamlfast.load(text, TYPING)


def same_document(one, other) -> bool:
    """Equal, keys in the same order; a date may be text of its own type on one side."""
    if isinstance(one, str) and isinstance(other, str):
        return str(one) == str(other)
    if type(one) is not type(other):
        return False
    if type(one) is dict:
        return list(map(str, one)) == list(map(str, other)) and all(
            same_document(a, b) for a, b in zip(one.values(), other.values(), strict=True)
        )
    if type(one) is list:
        return len(one) == len(other) and all(
            same_document(a, b) for a, b in zip(one, other, strict=True)
        )
    return one == other or (one != one and other != other)  # NaN


def outcome(text: str, monkeypatch, fast_from: int):
    """What a user is told of ``text``: the dataset and its warnings, or its problems."""
    with monkeypatch.context() as patch:
        patch.setattr(yamlfast, "FAST_FROM", fast_from)
        try:
            loaded = parse_dataset(text, "f.yaml")
        except DatasetError as error:
            return ("problems", [(p.line, p.column, str(p.message)) for p in error.problems])
        dataset = loaded.dataset
        fields = [getattr(dataset, f.name) for f in dataclasses.fields(dataset)]
        warnings = [(w.line, w.column, str(w.message)) for w in loaded.warnings]
        return ("dataset", fields, warnings)


def assert_told_alike(text: str, monkeypatch) -> None:
    assert outcome(text, monkeypatch, 0) == outcome(text, monkeypatch, 10**12)


def paths(document, prefix=()):
    yield prefix
    if type(document) is dict:
        for key, value in document.items():
            yield from paths(value, (*prefix, key))
    elif type(document) is list:
        for place, value in enumerate(document):
            yield from paths(value, (*prefix, place))


def assert_places_alike(text: str, places, document) -> int:
    """Each node's place, where the fast reader knows it, is where libyaml puts it; the
    number of places it knew."""
    known = 0
    everywhere = yamlscan.positions(text)
    for path in paths(document):
        for at_key in (False, True) if path else (False,):
            tree = places.tree([path])
            if tree is None:
                continue
            known += 1
            expected = yamlscan.locate(everywhere, path, at_key)
            assert yamlscan.locate(tree, path, at_key) == expected, (path, at_key)
    return known


def test_the_big_dataset_is_read_fast_and_told_alike(monkeypatch):
    text = big_dataset_text()
    assert len(text) >= yamlfast.FAST_FROM
    read = fast(text)
    assert read is not None
    document, _ = read
    assert same_document(document, yamlscan.plain_load(text, _checking_yaml()))
    told = outcome(text, monkeypatch, yamlfast.FAST_FROM)
    assert told == outcome(text, monkeypatch, 10**12)
    assert told[0] == "dataset" and told[2]


def test_a_big_file_s_warnings_are_placed_without_reading_it_again(monkeypatch):
    # Its warnings (nations drawn as part of another) are placed from where rapidyaml's
    # values point: a second pass over the text would cost what the fast read saves.
    def second_pass(*args, **kwargs):
        raise AssertionError("the text was read again to place the warnings")

    monkeypatch.setattr(yamlscan, "positions", second_pass)
    loaded = parse_dataset(big_dataset_text(), "big.yaml")
    assert loaded.warnings and all(w.line for w in loaded.warnings)


def test_problems_deep_in_a_big_file_are_told_alike(monkeypatch):
    text = big_dataset_text()
    # A bad date in a nation's history, an unknown source at the end, a nation without
    # a category: each at its own line, as the one-pass reader places them.
    text = text.replace("date: 2023-02-21", "date: 2023-02-31", 1)
    last = text.rindex("sources: [src-")
    text = text[:last] + "sources: [src-nowhere, " + text[last + len("sources: [") :]
    text = text.replace("    category: undecided\n", "    categoryx: undecided\n", 1)
    assert fast(text) is not None
    told = outcome(text, monkeypatch, yamlfast.FAST_FROM)
    assert told[0] == "problems" and len(told[1]) >= 3
    assert told == outcome(text, monkeypatch, 10**12)


@pytest.mark.parametrize("path", DATASETS, ids=lambda p: p.name)
def test_every_dataset_in_the_repository_is_told_alike(path, monkeypatch, every_size):
    text = path.read_text("utf-8")
    read = fast(text)
    if read is not None:
        document, places = read
        assert same_document(document, yamlscan.plain_load(text, _checking_yaml()))
        assert_places_alike(text, places, document)
    assert_told_alike(text, monkeypatch)


# Files the fast reader reads, each with what the one-pass reader makes of it.
ACCEPTED = {
    "quoted numbers stay text": 'a: "2025"\nb: \'1\'\nc: "1.5"\nd: "-0"\n',
    "quoted true, false and null stay text": "a: 'true'\nb: \"false\"\nc: 'null'\n",
    "plain numbers, booleans and nothing": "a: 1\nb: -2.5\nc: 1e3\nd: true\ne: null\nf:\n",
    "dates plain and quoted": "a: 2025-03-02\nb: '2025-03-02'\n2025-03-03: x\n",
    "escapes": "a: \"q \\\" \\\\x \\/ \\n \\u00e9 \\N \\_ \\L \\P\"\nb: 'it''s'\n",
    "unicode before a value": "اسم: مرحبا\nclé: «été»\n名前: [東京, 大阪]\nemoji: 😀 x\n",
    "block scalars": "a: |\n  one\n  two\nb: >-\n  folded\n  text\nc: |+\n  kept\n\nd: x\n",
    "multi-line plain and quoted": "a: first\n  second\nb: 'one\n  two'\nc: \"x\n\n  y\"\n",
    "flow collections": "a: [x, 'y', \"z\", [1, 2], {k: v}]\nb: {p: [], q: {}}\nc: ['[', ']']\n",
    "comments everywhere": "# top\na: 1 # after\n# between\nb:\n  # inside\n  - x # item\n  -\n    y\n",
    "compact and indentless lists": "a:\n- - x\n  - y\n- k: v\n  l: w\nb:\n  - - - deep\n",
    "keys of all kinds": "'q k': 1\n\"d k\": 2\nk-1: 3\na.b: 4\nwith#hash: 5\n'x: y': 6\n",
    "a URL and a colour": 'url: https://e.org/a#b?c=1:2\ncolor: "#0072B2"\n',
    "Windows line ends": "a: 1\r\nb: |\r\n  x\r\n  y\r\nc: 'p\r\n  q'\r\nd: [e, f]\r\n",
    "list items in a block of text": "a: |\n  * one\n  * two\n  & three\nb: x\n",
    "indicators inside values": "a: Trinidad & Tobago\nb: Pourquoi ?\nc: Bravo !\nd: a > b | c\n",
}

# Files left to the one-pass reader (or the full one), and why.
REFUSED = {
    "an anchor and an alias": "a: &x 1\nb: *x\n",
    "a tag": "a: !!str 5\n",
    "a non-specific tag": "a: ! 2025-02-30\n",
    "a question mark starting a key in brackets": "a: {?url: x}\n",
    "an escaped line break before a blank line": 'a: "x \\\n\n  y"\n',
    "an indentation indicator": "a: |2\n    \nb: 1\n",
    "a directive": "%YAML 1.1\n---\na: yes\n",
    "a document marker": "---\na: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "an explicit key": "? a\n: 1\n",
    "a tab": "a:\t1\n",
    "a lone carriage return": "a: x\ry\n",
    "a next-line character": "a: x\x85y\n",
    "no line break at the end": "a: |\n  x",
    "a plain ~": "a: ~\n",
    "a plain hexadecimal number": "a: 0x1F\n",
    "a plain number with a leading zero": "a: 012\n",
    "a plain number with underscores": "a: 1_000\n",
    "a plain infinity": "a: .inf\n",
    "a plain not-a-number": "a: nan\n",
    "a plain True": "a: True\n",
    "a plain Null": "a: Null\n",
    "a plain number with a plus": "a: +12\n",
    "a plain 0e0, which rapidyaml writes as text": "a: 0e0\n",
    "a number as a key": "1.5: x\n",
    "true as a key": "true: x\n",
    "a list as a key": "[a, b]: x\n",
    "a mapping as a key": "{a: b}: x\n",
    "a merge key": "a: {x: 1}\nb:\n  <<: {y: 2}\n",
    "a duplicate key": "a: 1\na: 2\n",
    "a list at the root": "- a\n- b\n",
    "not YAML": "a: [b\n",
    # libyaml reads it; rapidyaml wants the closing bracket indented, as YAML says.
    "a bracket closed at the margin": "a: [\n  m,\n  n\n]\n",
    # What rapidyaml reads otherwise than libyaml, without an error.
    "a comment in brackets over lines": "k: {x: a # c\n  }\n",
    "blank lines in brackets": "k: [a, b\n\n\n  ]\n",
    "brackets over lines behind a quoted bracket": "k: ']'\nm: [a, b\n\n\n  ]\n",
    "a comment after a block header": "k: | # a-b\n  x\nz: y\n",
    "an escaped space alone on a line": 'k: "a\n  \\ \n  b"\n',
    "a bad indentation": "a:\n  b: 1\n c: 2\n",
    "nesting too deep": "a: " + "[" * 70 + "]" * 70 + "\n",
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_what_the_fast_reader_reads_is_what_the_one_pass_reader_reads(name, every_size):
    text = ACCEPTED[name]
    read = fast(text)
    assert read is not None
    document, places = read
    assert same_document(document, yamlscan.plain_load(text, _checking_yaml()))
    assert assert_places_alike(text, places, document) > 0


@pytest.mark.parametrize("name", REFUSED)
def test_what_the_fast_reader_cannot_vouch_for_is_left_to_the_others(
    name, every_size, monkeypatch, capfd
):
    text = REFUSED[name]
    assert fast(text) is None
    assert_told_alike(text, monkeypatch)
    # rapidyaml prints its own errors: none may reach the user.
    assert capfd.readouterr().err == ""


def test_the_places_of_plain_values_keys_and_lists_are_known(every_size):
    # The places problems most often point at are known without a second pass.
    text = (
        "nations:\n  - iso3: FRA\n    category: participating\n    sources: [s1, s2]\n"
        "    note: 'Said so'\n  -\n    iso3: DEU\n"
    )
    document, places = fast(text)
    for path in (
        ("nations",),
        ("nations", 0),
        ("nations", 0, "iso3"),
        ("nations", 0, "sources"),
        ("nations", 0, "sources", 1),
        ("nations", 0, "note"),
        ("nations", 1, "iso3"),
    ):
        assert places.tree([path]) is not None, path
    assert_places_alike(text, places, document)


def test_unknown_places_are_left_to_a_second_pass(every_size):
    # An empty value and a block scalar: their places are not where a value points.
    text = "a:\nb: |\n  x\n"
    _, places = fast(text)
    assert places.tree([("a",)]) is None
    assert places.tree([("b",)]) is None


def test_rapidyaml_writes_the_json_forms_the_fast_reader_relies_on():
    import ryml

    text = (
        b"plain: [0, -0, 12, 1.5, 1.0e+3, -1.5E-2, 1e3, true, false, null, ]\n"
        b"quoted: ['0', \"12\", '1.5', 'true', \"false\", 'null', '']\n"
        b"odd: [~, 0x1F, 012, 1_000, .inf, nan, True, Null, 2025-03-02, 0e0]\n"
    )
    tree = ryml.parse_in_arena(text)
    document = json.loads(ryml.emit_json_malloc(tree, tree.root_id()))
    # Plain numbers and true, false and null written bare; quoted ones as text.
    assert document["plain"] == [0, 0, 12, 1.5, 1000.0, -0.015, 1000.0, True, False, None]
    assert document["quoted"] == ["0", "12", "1.5", "true", "false", "null", ""]
    # What ruamel types but JSON cannot say is text, which the fast reader refuses.
    assert all(type(value) is str for value in document["odd"])


def test_rapidyaml_writes_every_plain_number_of_the_bare_form_bare():
    # The fast reader takes JSON text of this form for a quoted value: rapidyaml must write
    # each plain one as a number.
    import ryml

    rng = random.Random(7)
    numbers = {"0", "-0", "0.0", "-0.0", "0.5", "10.25", "2025", "-7"}
    for _ in range(500):
        whole = str(rng.randint(0, 10 ** rng.randint(1, 22)))
        fraction = f".{rng.randint(0, 10**6):0{rng.randint(1, 7)}d}" if rng.random() < 0.5 else ""
        numbers.add(("-" if rng.random() < 0.3 else "") + whole + fraction)
    numbers = sorted(n for n in numbers if yamlfast._BARE_NUMBER.fullmatch(n))
    text = "".join(f"k{i}: {n}\n" for i, n in enumerate(numbers)).encode()
    tree = ryml.parse_in_arena(text)
    written = json.loads(
        ryml.emit_json_malloc(tree, tree.root_id()),
        parse_int=lambda w: ("bare", w),
        parse_float=lambda w: ("bare", w),
    )
    assert [written[f"k{i}"] for i in range(len(numbers))] == [("bare", n) for n in numbers]


def random_yaml(rng: random.Random, indent: int = 0, depth: int = 0) -> str:
    """A random block mapping of the forms hand-written datasets use."""
    scalars = [
        "plain",
        "two words",
        "a#b",
        "'single'",
        "'it''s'",
        '"dq \\" q"',
        '"\\u00e9 \\n"',
        "https://e.org/a#b?c=1",
        "1",
        "-3",
        "1.5",
        "true",
        "null",
        "2025-03-02",
        "'2025-03-02'",
        '"2025"',
        "Ελλάδα",
        "مرحبا بالعالم",
        "日本語",
        "[a, 'b']",
        "{k: v}",
        "[]",
        "",
    ]
    keys = ["k", "key two", "'quoted'", '"dq"', "k-1", "ключ", "キー", "2025-03-02", "a.b"]
    lines = []
    for key in rng.sample(keys, rng.randint(1, 4)):
        pad = " " * indent
        roll = rng.random()
        if depth < 3 and roll < 0.25:
            lines.append(f"{pad}{key}:\n{random_yaml(rng, indent + 2, depth + 1)}")
        elif depth < 3 and roll < 0.45:
            items = []
            for _ in range(rng.randint(1, 3)):
                if rng.random() < 0.4:
                    inner = random_yaml(rng, indent + 4, depth + 1).lstrip(" ")
                    items.append(f"{pad}  - {inner}")
                else:
                    items.append(f"{pad}  - {rng.choice(scalars)}")
            lines.append(f"{pad}{key}:\n" + "\n".join(items))
        elif roll < 0.5:
            lines.append(f"{pad}{key}: |\n{pad}  line one\n{pad}  line two")
        elif roll < 0.55:
            lines.append(f"{pad}{key}: first\n{pad}  second")
        else:
            comment = rng.choice(["", "", "  # note"])
            lines.append(f"{pad}{key}: {rng.choice(scalars)}{comment}")
    return "\n".join(lines)


def test_random_files_are_read_alike(every_size):
    rng = random.Random(20261129)
    read = 0
    for _ in range(250):
        text = random_yaml(rng) + "\n"
        reference = yamlscan.plain_load(text, _checking_yaml())
        result = fast(text)
        if result is None:
            continue
        read += 1
        assert reference is not None, text
        document, places = result
        assert same_document(document, reference), text
        assert_places_alike(text, places, document)
    assert read > 150


def test_deep_brackets_are_left_to_the_one_pass_reader_at_once(every_size, monkeypatch):
    # libyaml takes minutes over 100,000 brackets inside each other; the one-pass reader
    # refuses them at the 65th.
    text = "format: coalition-atlas/1\nnotes: " + "[" * 100_000 + "]" * 100_000 + "\n"
    started = time.process_time()
    assert fast(text) is None
    assert time.process_time() - started < 2
    told = outcome(text, monkeypatch, 0)
    assert told[0] == "problems" and "nested more than 64 deep" in told[1][0][2]


def test_too_many_values_are_refused_before_rapidyaml_builds_them(every_size, monkeypatch):
    import ryml

    def build(*args):
        raise AssertionError("rapidyaml built a file with too many values")

    monkeypatch.setattr(ryml, "parse_in_place", build)
    text = "format: coalition-atlas/1\nextra: [" + "1," * 160_000 + "1]\n"
    assert fast(text) is None
    told = outcome(text, monkeypatch, 0)
    assert told[0] == "problems" and "150,000" in told[1][0][2]


def test_reads_at_once_in_several_threads_leave_stderr_as_it_was(every_size, capfd):
    # Each read silences standard error while rapidyaml parses (it prints its errors);
    # reads in other threads must not leave it silenced.
    text = "a: [\n  m,\n  n\n]\n" * 1 + "b: 1\n"

    def read_often():
        for _ in range(30):
            assert fast(text) is None

    threads = [threading.Thread(target=read_often) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    os.write(2, b"still heard\n")
    err = capfd.readouterr().err
    assert err == "still heard\n"
