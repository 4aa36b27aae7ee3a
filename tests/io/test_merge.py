"""The three-way merge behind saving: the user's layout stays, the edits arrive."""

from desktop.io.merge import merge_lines

BASE = ["a\n", "b\n", "c\n", "d\n", "e\n"]


def test_unchanged_everywhere_gives_the_users_text():
    ours = ["a\n", "b  # note\n", "c\n", "d\n", "e\n"]
    assert merge_lines(ours, BASE, BASE) == ours


def test_an_edit_arrives_and_the_users_layout_elsewhere_stays():
    ours = ["a  # keep me\n", "b\n", "c\n", "d\n", "e\n"]
    theirs = ["a\n", "b\n", "C!\n", "d\n", "e\n"]
    assert merge_lines(ours, BASE, theirs) == ["a  # keep me\n", "b\n", "C!\n", "d\n", "e\n"]


def test_insertions_and_deletions_at_both_ends():
    theirs = ["new first\n", "b\n", "c\n", "d\n", "e\n", "new last\n"]
    assert merge_lines(BASE, BASE, theirs) == theirs


def test_where_both_changed_the_edit_wins():
    ours = ["a\n", "b (user)\n", "c\n", "d\n", "e\n"]
    theirs = ["a\n", "b (edit)\n", "c\n", "d\n", "e\n"]
    assert merge_lines(ours, BASE, theirs) == theirs


def test_empty_texts():
    assert merge_lines([], [], []) == []
    assert merge_lines([], [], ["x\n"]) == ["x\n"]
