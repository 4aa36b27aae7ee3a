"""Colour-vision checks of the categories: pairs that look alike are named, with the way out."""

from __future__ import annotations

from desktop.model.colourvision import THRESHOLD, clashes
from desktop.model.dataset import DEFAULT_CATEGORIES, EXTRA_PALETTE


def test_the_default_palette_is_told_apart_under_every_deficiency():
    classes = [(c.label, c.color) for c in DEFAULT_CATEGORIES] + [("None", "#ebeae6")]
    assert clashes(classes) == []


def test_okabe_itos_orange_and_reddish_purple_look_alike_to_tritanopes():
    # Okabe & Ito's palette is built for red-green deficiencies; its orange (the default
    # "Undecided") and reddish purple (the second colour new categories get) come close
    # for the rarer tritanopia, and the check says so.
    classes = [(c.label, c.color) for c in DEFAULT_CATEGORIES]
    found = clashes([*classes, ("Fourth", EXTRA_PALETTE[0]), ("Fifth", EXTRA_PALETTE[1])])
    assert [(c.first, c.second, c.deficiency) for c in found] == [
        ("Undecided", "Fifth", "tritanopia")
    ]


def test_red_and_green_clash_for_deuteranopes_and_the_message_offers_hatching():
    found = clashes([("Yes", "#2ca02c"), ("No", "#d62728"), ("Other", "#ffdd00")])
    assert [(c.first, c.second) for c in found] == [("Yes", "No")]
    clash = found[0]
    assert clash.deficiency == "deuteranopia"
    assert clash.difference < THRESHOLD
    assert "'Yes' and 'No'" in clash.message() and "--pattern" in clash.message()


def test_purple_and_blue_clash_for_deuteranopes():
    found = clashes([("A", "#6a3d9a"), ("B", "#1f78b4")])
    assert [(c.first, c.second, c.deficiency) for c in found] == [("A", "B", "deuteranopia")]


def test_unreadable_colours_are_left_to_validation():
    assert clashes([("A", "not a colour"), ("B", "#000000")]) == []
