"""The bundled news dataset itself: what resources/datasets/README.md says it holds.

The only tests that pin the bundled dataset's figures: updating the news data means
updating these and the README's description together. Every other test of behaviour uses
tests/data/small.yaml.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from desktop.io import default_gazetteer, load_dataset
from desktop.model.validate import validate
from tests.conftest import BUNDLED, REPO

PARTICIPATING = 35
OPPOSING = {"BLR", "HUN", "PRK", "RUS", "SVK"}
UNDECIDED = {"MKD", "MLT", "USA"}


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(BUNDLED).dataset


def test_it_validates_with_its_counts():
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "validate", str(BUNDLED)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        f"{BUNDLED}: OK: 43 nations (participating {PARTICIPATING}, opposing 5, undecided 3), "
    )


def test_it_holds_the_nations_its_description_names(bundled):
    assert validate(bundled, default_gazetteer()) == []
    by_category: dict[str, set[str]] = {}
    for nation in bundled.nations:
        by_category.setdefault(nation.category, set()).add(nation.iso3)
    assert (
        len(by_category["participating"]) == PARTICIPATING and "UKR" in by_category["participating"]
    )
    assert by_category["opposing"] == OPPOSING
    assert by_category["undecided"] == UNDECIDED


def test_the_format_guide_describes_it(bundled):
    guide = (REPO / "resources" / "datasets" / "README.md").read_text(encoding="utf-8")
    described = guide[guide.index("## The bundled dataset") :]
    total = len(bundled.nations)
    assert f"It covers {total} countries" in described
    members = PARTICIPATING - 1  # Ukraine is counted apart
    assert f"the {members} countries reported as participants" in described
    assert re.search(r"Russia, Hungary, Slovakia, Belarus and North Korea \(opposing\)", described)
    assert "the United States, Malta and North Macedonia (undecided)" in described
    assert bundled.title == "Coalition of the willing (Ukraine)"
    assert str(bundled.as_of) == "2026-02-24"
