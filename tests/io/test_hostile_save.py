"""Writes that cannot be redirected: planted links, links to the dataset, read-only files,
left-over temporary files, and recovery copies kept private."""

from __future__ import annotations

import os
import stat
import time

import pytest

from desktop.io import load_dataset, recovery
from desktop.io.save import ReadOnlyFile, remove_stale_temporaries, save_dataset, write_atomic
from tests.conftest import THREE_COUNTRIES

DAY = 24 * 3600


@pytest.fixture
def dataset_file(tmp_path):
    path = tmp_path / "three.yaml"
    path.write_text(THREE_COUNTRIES, encoding="utf-8")
    path.chmod(0o640)
    return path


def edited(path):
    loaded = load_dataset(path)
    loaded.dataset.nation("MLT").role = "Edited"
    return loaded


def test_a_planted_link_at_any_old_temporary_name_is_never_followed(tmp_path, dataset_file):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    victim.chmod(0o600)
    # The names a save used to write through: a predictable backup name, and the shape of
    # the data's own temporary name.
    for name in (".three.yaml.bak.tmp", "three.yaml.bak", ".three.yaml.tmp"):
        (tmp_path / name).symlink_to(victim)
    loaded = edited(dataset_file)
    save_dataset(loaded.dataset, dataset_file, loaded)

    assert victim.read_text(encoding="utf-8") == "precious"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o600
    # The backup replaced the planted link by a real file holding the old version.
    backup = tmp_path / "three.yaml.bak"
    assert not backup.is_symlink() and backup.read_text(encoding="utf-8") == THREE_COUNTRIES
    assert "role: Edited" in dataset_file.read_text(encoding="utf-8")
    assert stat.S_IMODE(dataset_file.stat().st_mode) == 0o640
    # Nothing of the save's own is left behind.
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {
        "three.yaml",
        "three.yaml.bak",
        "victim.txt",
        ".three.yaml.bak.tmp",
        ".three.yaml.tmp",
    }


def test_temporary_files_are_created_exclusively_with_unique_names(tmp_path, monkeypatch):
    opened = []
    real_open = os.open

    def spy(path, flags, *args, **kwargs):
        opened.append((str(path), flags))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    target = tmp_path / "out.yaml"
    write_atomic(target, "a: 1\n")
    write_atomic(target, "a: 2\n")
    temporaries = [(p, f) for p, f in opened if p.endswith(".tmp")]
    assert len(temporaries) >= 3  # two data files and one backup copy
    assert len({p for p, _ in temporaries}) == len(temporaries)
    for _, flags in temporaries:
        assert flags & os.O_CREAT and flags & os.O_EXCL


def test_saving_through_a_link_writes_the_file_it_points_to(tmp_path, dataset_file):
    link = tmp_path / "shortcut.yaml"
    link.symlink_to(dataset_file)
    loaded = load_dataset(link)
    loaded.dataset.nation("MLT").role = "Through the link"
    save_dataset(loaded.dataset, link, loaded)

    assert link.is_symlink() and link.resolve() == dataset_file
    assert "role: Through the link" in dataset_file.read_text(encoding="utf-8")
    assert (tmp_path / "three.yaml.bak").read_text(encoding="utf-8") == THREE_COUNTRIES
    assert not (tmp_path / "shortcut.yaml.bak").exists()


def test_a_read_only_file_is_refused_and_left_alone(tmp_path, dataset_file):
    dataset_file.chmod(0o444)
    loaded = edited(dataset_file)
    with pytest.raises(ReadOnlyFile):
        save_dataset(loaded.dataset, dataset_file, loaded)
    assert dataset_file.read_text(encoding="utf-8") == THREE_COUNTRIES
    assert stat.S_IMODE(dataset_file.stat().st_mode) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["three.yaml"]


def test_left_over_temporary_files_older_than_a_day_are_removed_at_the_next_save(
    tmp_path, dataset_file
):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    old = time.time() - 2 * DAY
    stale = tmp_path / ".three.yaml.atlas-abcd1234.tmp"
    legacy = tmp_path / ".three.yaml.x1y2z3w4.tmp"
    fresh = tmp_path / ".three.yaml.atlas-fresh123.tmp"
    theirs = tmp_path / ".notes.txt.abcd1234.tmp"
    for path in (stale, legacy, fresh, theirs):
        path.write_text("partial", encoding="utf-8")
    for path in (stale, legacy, theirs):
        os.utime(path, (old, old))
    planted = tmp_path / ".three.yaml.atlas-linklink.tmp"
    planted.symlink_to(victim)
    os.utime(planted, (old, old), follow_symlinks=False)

    loaded = edited(dataset_file)
    save_dataset(loaded.dataset, dataset_file, loaded)

    assert not stale.exists() and not legacy.exists()
    assert fresh.exists() and theirs.exists()
    assert planted.is_symlink() and victim.read_text(encoding="utf-8") == "precious"
    assert remove_stale_temporaries(tmp_path) == []


def test_recovery_copies_are_private_in_a_private_folder(tmp_path, dataset_file):
    folder = tmp_path / "recovery"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    loaded = edited(dataset_file)
    copy = recovery.write_copy(
        folder, "stem", recovery.recovery_text(loaded, _gazetteer()), original=dataset_file,
        title="Three",
    )  # fmt: skip
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in (copy, folder / "stem.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_dataset(copy).dataset.nation("MLT").role == "Edited"


def test_a_recovery_folder_that_is_a_link_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "recovery"
    link.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OSError):
        recovery.write_copy(link, "stem", "a: 1\n", original=None, title="x")
    assert list(elsewhere.iterdir()) == []


def test_copies_of_a_running_process_are_not_offered(tmp_path):
    folder = tmp_path / "recovery"
    recovery.write_copy(folder, "mine", "a: 1\n", original=None, title="Mine")
    assert recovery.pending(folder) == []  # this process is running
    # A process that has ended: its copy is offered.
    meta = folder / "mine.json"
    meta.write_text(meta.read_text().replace(f'"pid": {os.getpid()}', '"pid": 999999999'))
    assert [m["title"] for m in recovery.pending(folder)] == ["Mine"]


def _gazetteer():
    from desktop.io import default_gazetteer

    return default_gazetteer()
