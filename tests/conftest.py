"""Shared test set-up: Qt runs offscreen; helpers to write dataset files."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

# Before any Qt import: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The window starts in the system's language when no setting says otherwise: tests see
# an English one, whatever the machine's, so they read the window's English words.
os.environ["LANGUAGE"] = "en"

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "resources" / "datasets" / "coalition-of-the-willing.yaml"
# The frozen test dataset: tests of behaviour count on its values (hand-counted in its
# header), so updating the bundled news dataset breaks only the tests about that dataset.
SMALL = REPO / "tests" / "data" / "small.yaml"


@pytest.fixture(autouse=True)
def recovery_folder(tmp_path_factory, monkeypatch):
    """Recovery copies go to a folder of the test's own, never the user's: the test gets a
    data folder of its own, as a user's $XDG_DATA_HOME, and this is the app's folder in it."""
    data_home = tmp_path_factory.mktemp("data-home")
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    return data_home / "Coalition Atlas" / "recovery"


@pytest.fixture
def small_copy(tmp_path) -> Path:
    """A copy of the frozen test dataset that a test may edit and save."""
    target = tmp_path / "small.yaml"
    target.write_bytes(SMALL.read_bytes())
    return target


@pytest.fixture
def write_yaml(tmp_path):
    """Write dedented YAML text to a file in tmp_path and return its path."""

    def write(text: str, name: str = "dataset.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


THREE_COUNTRIES = """\
format: coalition-atlas/1
title: Three-country test
subtitle: A small fixture
as_of: 2025-06-01
sources:
  s1: {title: "Report one", publisher: "Example News", url: "https://example.org/one", date: 2025-03-02}
  s2: {url: "https://news.example.com/two", date: "2025-04"}
nations:
  - iso3: FRA
    category: participating
    role: Co-lead
    summary: France leads.
    confidence: high
    sources: [s1]
    contributions:
      - {kind: troops, text: "Troops after a ceasefire.", sources: [s1], date: 2025-03-02}
      - {kind: air, text: "Air policing.", sources: [s2], date: "2025-04"}
  - iso3: MLT
    category: undecided
    summary: Malta is neutral.
    sources: [s2]
  - iso3: RUS
    category: opposing
    summary: Russia rejects the plan.
    sources: [s1]
    history:
      - {date: 2025-03-02, category: opposing, sources: [s1]}
events:
  - {date: 2025-03-02, title: London summit, place: London, participants: [FRA], sources: [s1]}
"""


@pytest.fixture
def three_countries(write_yaml) -> Path:
    """A valid three-country dataset file (France, Malta, Russia)."""
    return write_yaml(THREE_COUNTRIES, "three.yaml")
