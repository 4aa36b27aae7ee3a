"""Whatever a file holds, the loader answers with its one documented error, never a crash.

Two generators: structured documents built from the format's own keys with values of every
YAML type, and byte-level mutations of a real dataset file. The suite tries 100 documents of
each; `make fuzz` (the ``fuzz`` marker) tries 4000 of each.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from desktop.io import DatasetError, parse_dataset
from desktop.io.dataset_file import decode
from tests.conftest import THREE_COUNTRIES

KEYS = [
    "format", "title", "subtitle", "as_of", "notes", "categories", "sources", "nations",
    "organisations", "events", "iso3", "category", "role", "summary", "confidence",
    "contributions", "history", "kind", "text", "date", "url", "publisher", "id", "label",
    "color", "participants", "participant_count", "note", "statements", "name", "place",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "coalition-atlas/1", "coalition-atlas/2", "2025-03-02", "2025-02-30", "2025-03",
            "GBR", "Korea", "Türkiye", "participating", "troops", "https://example.org",
            "javascript:alert(1)", "#0072B2", "<img src=x onerror=alert(1)>", "high", "\x00",
        ]
    ),
)  # fmt: skip

values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children, max_size=5
        ),
    ),
    max_leaves=25,
)

documents = st.dictionaries(st.sampled_from(KEYS), values, max_size=8).map(
    lambda d: {"format": "coalition-atlas/1", "title": "Fuzz", "as_of": "2025-01-01", **d}
)


def dump(document) -> str:
    buffer = io.StringIO()
    yaml = YAML(typ="safe")
    yaml.allow_unicode = True
    yaml.dump(document, buffer)
    return buffer.getvalue()


def only_documented_errors(text: str) -> None:
    try:
        parse_dataset(text, "fuzz.yaml")
    except DatasetError as error:
        assert error.problems
        for problem in error.problems:
            assert str(problem).startswith("fuzz.yaml")


def budget(examples: int):
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


QUICK, LONG = budget(100), budget(4000)


def structured_document(document):
    only_documented_errors(dump(document))


def mutated_real_file(data):
    raw = bytearray(THREE_COUNTRIES.encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 6))):
        where = data.draw(st.integers(0, len(raw)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = data.draw(
            st.binary(min_size=1, max_size=4)
            | st.sampled_from(
                [
                    b":",
                    b"- ",
                    b"{",
                    b"]",
                    b"\n  ",
                    b"&a",
                    b"*a",
                    b"!!python/object",
                    b"\t",
                    b"'",
                    b'"',
                ]
            )
        )
        if action == "insert":
            raw[where:where] = chunk
        elif action == "delete":
            del raw[where : where + len(chunk)]
        else:
            raw[where : where + len(chunk)] = chunk
    try:
        text = decode(bytes(raw), "fuzz.yaml")
    except DatasetError:
        return
    only_documented_errors(text)


test_structured_documents = QUICK(given(documents)(structured_document))
test_mutated_real_files = QUICK(given(st.data())(mutated_real_file))
test_structured_documents_long = pytest.mark.fuzz(LONG(given(documents)(structured_document)))
test_mutated_real_files_long = pytest.mark.fuzz(LONG(given(st.data())(mutated_real_file)))
