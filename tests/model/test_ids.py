"""One rule for ids made from labels and web addresses, and the edits that refuse bad ones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.model import commands as c
from desktop.model.dataset import Category, Dataset, Source
from desktop.model.dates import PartialDate
from desktop.model.ids import (
    category_id_for,
    host_slug,
    is_valid_id,
    slug,
    source_id_for,
)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Négociation", "negociation"),
        ("Négociation en cours", "negociation-en-cours"),
        ("Participating (troops)", "participating-troops"),
        ("Türkiye & Co.", "turkiye-co"),
        ("Участь", ""),
    ],
)
def test_slug_folds_labels_to_ascii(label, expected):
    assert slug(label) == expected


def test_category_ids_are_free_and_valid():
    assert category_id_for("Négociation", set()) == "negociation"
    assert category_id_for("Négociation", {"negociation"}) == "negociation-2"
    assert category_id_for("Участь", {"category"}) == "category-2"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.gov.uk/government/news", "gov.uk"),
        ("https://bücher.example/path", "xn--bcher-kva.example"),
        ("https://президент.рф/news", "xn--d1abbgf6aiiy.xn--p1ai"),
        ("https://EXAMPLE.org:8443/x", "example.org"),
        ("not a url", ""),
    ],
)
def test_hosts_become_ascii_ids(url, expected):
    assert host_slug(url) == expected


def test_source_ids_number_from_one():
    assert source_id_for("https://bücher.example/a", set()) == "xn--bcher-kva.example-1"
    assert source_id_for("https://gov.uk/a", {"gov.uk-1"}) == "gov.uk-2"
    assert source_id_for("mailto:someone", set()) == "source-1"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.sets(st.text(max_size=10), max_size=5))
def test_every_made_id_is_one_the_loader_accepts(label, taken):
    assert is_valid_id(category_id_for(label, taken))
    assert category_id_for(label, taken) not in taken
    assert is_valid_id(source_id_for("https://" + label + ".example/", taken))


def test_edits_refuse_ids_the_loader_would_refuse():
    data = Dataset(title="t", as_of=PartialDate(2025))
    with pytest.raises(c.EditRefused, match="cannot be a category id"):
        c.set_categories(data, [Category("négociation", "Négociation", "#0072B2")])
    with pytest.raises(c.EditRefused, match="cannot be a source id"):
        c.put_source(data, Source("bücher.example-1", "https://bücher.example/"))
