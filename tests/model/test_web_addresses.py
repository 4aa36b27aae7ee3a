"""Web addresses: a plain address is accepted at once, and that quick answer is always the
answer of the full check."""

from __future__ import annotations

import importlib
import itertools
import random
import re

import pytest

from desktop.model.validate import url_problem

checks = importlib.import_module("desktop.model.validate")

TRICKY = [
    "https://example.org",
    "https://example.org/",
    "http://example.org/a/b?c=d#e",
    "https://example.org/@evil.example",
    "https://good.example@evil.example/",
    "https://good.example%2F@evil.example/",
    "https://evil.example\\@good.example/",
    "https://good.example:port/",
    "https://good.example:443/",
    "https://good.example:99999/",
    "https://good.exa\tmple/",
    "https://good.example/ path",
    " https://example.org ",
    "HTTPS://example.org",
    "ftp://example.org",
    "https://",
    "https:///path",
    "https://[::1]/",
    "https://[bad/",
    "https://xn--bcher-kva.example/",
    "https://bücher.example/",
    "https://.",
    "https://-",
    "https://a..b/",
    "https://example.org/\x7f",
    "https://example.org/\u00e9",
    "https://example.org?q=1",
    "https://example.org#top",
    "",
]


def full_check(monkeypatch, text: str):
    with monkeypatch.context() as patch:
        patch.setattr(checks, "_PLAIN_ADDRESS", re.compile(r"(?!)"))
        return url_problem(text)


@pytest.mark.parametrize("text", TRICKY)
def test_the_quick_answer_is_the_full_checks_answer(text, monkeypatch):
    quick, full = url_problem(text), full_check(monkeypatch, text)
    assert (quick is None) == (full is None)
    assert str(quick) == str(full)


def test_random_addresses_get_the_full_checks_answer(monkeypatch):
    pieces = ["https://", "http://", "a", "Z", "0", ".", "-", "/", "?", "#", "@", ":", "\\"]
    pieces += ["%2F", " ", "\t", "[", "]", "~", "é", "80", "example.org"]
    chooser = random.Random(7)
    accepted = 0
    for _ in range(4000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 9)))
        quick, full = url_problem(text), full_check(monkeypatch, text)
        assert str(quick) == str(full), text
        accepted += quick is None
    assert accepted > 100  # the corpus reaches the quick path often


def test_refused_addresses_say_why():
    assert "backslash" in str(url_problem("https://evil.example\\@good.example/"))
    assert "evil.example" in str(url_problem("https://good.example@evil.example/"))
    assert url_problem("https://example.org/r/0001") is None
    assert all(
        url_problem(f"{scheme}example.org{tail}") is None
        for scheme, tail in itertools.product(("http://", "https://"), ("", "/", "/a?b#c"))
    )
