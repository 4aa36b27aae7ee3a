"""Three-way merge of text, line by line (the diff3 idea, on the standard library's difflib).

A save merges three versions of a dataset file: the user's own text (``ours``), ruamel's
rendering of it before the edits (``base``) and after them (``theirs``). Where base and
theirs agree, the user's lines stand; where only theirs changed, its lines are taken;
where both changed, the edit wins.
"""

from __future__ import annotations

from difflib import SequenceMatcher


def _matches(base: list[str], other: list[str]) -> list[tuple[int, int, int]]:
    """(base start, other start, length) of the runs the two share, in order."""
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [tuple(block) for block in matcher.get_matching_blocks() if block.size]


def _sync_regions(base: list[str], ours: list[str], theirs: list[str]):
    """Runs of base lines found unchanged in both others: (base, ours, theirs) starts and
    the run's length, ending with an empty run at the three ends."""
    a_runs, b_runs = _matches(base, ours), _matches(base, theirs)
    regions, i, j = [], 0, 0
    while i < len(a_runs) and j < len(b_runs):
        a_base, a_other, a_len = a_runs[i]
        b_base, b_other, b_len = b_runs[j]
        start = max(a_base, b_base)
        end = min(a_base + a_len, b_base + b_len)
        if start < end:
            regions.append((start, a_other + start - a_base, b_other + start - b_base, end - start))
        if a_base + a_len < b_base + b_len:
            i += 1
        else:
            j += 1
    regions.append((len(base), len(ours), len(theirs), 0))
    return regions


def merge_lines(ours: list[str], base: list[str], theirs: list[str]) -> list[str]:
    """The merged lines. Conflicts (both sides changed the same place) take ``theirs``."""
    merged: list[str] = []
    z = a = b = 0
    for z_start, a_start, b_start, length in _sync_regions(base, ours, theirs):
        base_part, ours_part, theirs_part = base[z:z_start], ours[a:a_start], theirs[b:b_start]
        if ours_part == base_part:
            merged.extend(theirs_part)  # only the edit touched it (or nothing did)
        elif theirs_part == base_part:
            merged.extend(ours_part)  # only the user's own layout differs here
        else:
            merged.extend(theirs_part)
        merged.extend(ours[a_start : a_start + length])
        z, a, b = z_start + length, a_start + length, b_start + length
    return merged
