"""Saving keeps what the user wrote, refuses what would not load, and is atomic."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from desktop.io import DatasetError, load_dataset
from desktop.io.save import save_dataset
from desktop.model import Contribution, Nation, PartialDate
from tests.conftest import BUNDLED

COMMENTED = """\
# My coalition file: keep this header.
format: coalition-atlas/1
title: Test coalition   # the title comment
as_of: 2025-06-01
sources:
  s1: {url: "https://example.org/one", date: 2025-03-02}
  s2: {url: 'https://example.org/two'}
nations:
  # France first, always.
  - iso3: France   # written as a name on purpose
    category: participating
    sources: [
        s1, s2
      ]
    contributions:
      - {kind: troops, text: "Troops.", sources: [s1], date: "2025-03"}
  - iso3: MLT
    category: undecided
    summary: >-
      A folded summary that the user wrapped by hand
      over two lines.
"""


@pytest.fixture
def commented(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


def test_saving_without_edits_writes_the_same_bytes(commented):
    loaded = load_dataset(commented)
    save_dataset(loaded.dataset, commented, loaded)
    assert commented.read_text(encoding="utf-8") == COMMENTED
    assert (commented.parent / "mine.yaml.bak").read_text(encoding="utf-8") == COMMENTED


def test_the_bundled_dataset_round_trips_byte_for_byte(tmp_path):
    target = tmp_path / "copy.yaml"
    target.write_bytes(BUNDLED.read_bytes())
    loaded = load_dataset(target)
    save_dataset(loaded.dataset, target, loaded)
    assert target.read_bytes() == BUNDLED.read_bytes()


def test_an_edit_changes_only_its_own_lines(commented):
    loaded = load_dataset(commented)
    data = loaded.dataset
    data.nations[1].role = "Neutral observer"
    data.nations[0].contributions.append(
        Contribution("air", "Air policing.", ["s2"], PartialDate(2025, 5, 1))
    )
    saved = save_dataset(data, commented, loaded)
    text = commented.read_text(encoding="utf-8")
    before, after = COMMENTED.splitlines(), text.splitlines()
    added = [line for line in after if line not in before]
    removed = [line for line in before if line not in after]
    assert removed == []
    assert any("role: Neutral observer" in line for line in added)
    assert any("Air policing." in line for line in added)
    assert len(added) <= 8, added
    assert "# the title comment" in text and "# France first, always." in text
    assert "iso3: France   # written as a name on purpose" in text
    again = load_dataset(commented).dataset
    assert again.content_equal(data)
    assert saved.text == text


def test_reordering_and_removing_nations_keeps_the_others_comments(commented):
    loaded = load_dataset(commented)
    data = loaded.dataset
    data.nations.reverse()
    data.nations.append(Nation("CHE", "undecided", summary="Switzerland, added."))
    save_dataset(data, commented, loaded)
    again = load_dataset(commented).dataset
    assert [n.iso3 for n in again.nations] == ["MLT", "FRA", "CHE"]
    text = commented.read_text(encoding="utf-8")
    assert "# written as a name on purpose" in text
    assert "# My coalition file: keep this header." in text


def test_an_invalid_dataset_is_refused_and_nothing_is_written(commented):
    loaded = load_dataset(commented)
    loaded.dataset.nations[0].category = "no-such-category"
    with pytest.raises(DatasetError) as caught:
        save_dataset(loaded.dataset, commented, loaded)
    assert "category 'no-such-category' is not defined" in str(caught.value)
    assert commented.read_text(encoding="utf-8") == COMMENTED
    assert not (commented.parent / "mine.yaml.bak").exists()
    assert [p.name for p in commented.parent.iterdir()] == ["mine.yaml"]


def test_a_new_dataset_gets_a_complete_readable_file(tmp_path, three_countries):
    data = load_dataset(three_countries).dataset
    target = tmp_path / "new.yaml"
    save_dataset(data, target)
    assert load_dataset(target).dataset.content_equal(data)
    assert target.read_text(encoding="utf-8").startswith("format: coalition-atlas/1\n")


KILLER = textwrap.dedent(
    """
    import sys
    from desktop.io import load_dataset
    from desktop.io.save import write_atomic
    target, texts = sys.argv[1], [open(p, encoding="utf-8").read() for p in sys.argv[2:]]
    print("ready", flush=True)
    i = 0
    while True:
        write_atomic(target, texts[i % 2])
        i += 1
    """
)


@pytest.mark.slow
def test_a_process_killed_during_saves_leaves_the_old_or_the_new_file(tmp_path):
    # The bundled file, for its size: a kill has time to land in the middle of a write.
    old = BUNDLED.read_text(encoding="utf-8")
    new = old.replace("\ntitle: ", "\ntitle: Edited ", 1)
    assert new != old
    (tmp_path / "a.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(new, encoding="utf-8")
    target = tmp_path / "target.yaml"
    target.write_text(old, encoding="utf-8")
    for delay in (0.05, 0.11, 0.23, 0.37, 0.5, 0.71):
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                KILLER,
                str(target),
                str(tmp_path / "a.yaml"),
                str(tmp_path / "b.yaml"),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout.readline().strip() == "ready"
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert target.read_text(encoding="utf-8") in (old, new)
        load_dataset(target)  # and it is a valid dataset


def test_a_new_file_has_no_yaml_anchors_and_quotes_partial_dates(tmp_path):
    from desktop.model import Dataset, Nation

    month = PartialDate(2025, 3)
    data = Dataset(title="Shared dates", as_of=month)
    data.nations = [
        Nation("FRA", "participating", contributions=[Contribution("troops", "A.", date=month)]),
        Nation("DEU", "participating", contributions=[Contribution("funding", "B.", date=month)]),
    ]
    target = tmp_path / "shared.yaml"
    save_dataset(data, target)
    text = target.read_text(encoding="utf-8")
    assert "&" not in text and "*id" not in text
    assert 'as_of: "2025-03"' in text and text.count('date: "2025-03"') == 2
    assert load_dataset(target).dataset.content_equal(data)
