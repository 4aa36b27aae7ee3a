"""Recovery copies: unsaved changes kept on disk while a window runs, offered after a crash.

Each window writes its own copy (``STEM.yaml``) and a note of what it is (``STEM.json``:
the original file, the title, when, and the process that wrote it) into a private folder
(0700) as private files (0600), through the same atomic write as a save. A copy is offered
at the next start only when the process that wrote it is no longer running.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import stat
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from desktop.io.dataset_file import LoadedDataset, make_yaml
from desktop.io.save import dump, update_document, write_atomic
from desktop.model.countries import Gazetteer
from desktop.model.message import N_, Label

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def default_folder() -> Path:
    """Where recovery copies live: the user's data folder for the app (on Linux under
    ``$XDG_DATA_HOME``, by default ``~/.local/share``)."""
    from platformdirs import user_data_path

    return user_data_path("Coalition Atlas", appauthor=False) / "recovery"


def new_stem() -> str:
    """A name no other window, process or earlier run uses: the process id and a random part."""
    return f"{os.getpid()}-{secrets.token_hex(6)}"


def recovery_text(loaded: LoadedDataset, gazetteer: Gazetteer) -> str:
    """The text of a recovery copy of ``loaded.dataset``, starting from its file's own text.

    Not validated: even a dataset that would not load is worth keeping, and the copy keeps
    the file's comments. Raises whatever ruamel raises for text it cannot re-read (callers
    treat that as a failed write).
    """
    document = make_yaml().load(loaded.text) or CommentedMap()
    if not isinstance(document, CommentedMap):
        document = CommentedMap()
    return dump(update_document(document, loaded.dataset, gazetteer))


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (0700) or make an existing one of ours private; refuse a link.

    Raises OSError when it cannot be made, is not a folder, or is a symbolic link.
    """
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    info = os.lstat(folder)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(
            Label(N_("{folder} is not a folder of its own"), folder=str(folder))
        )
    if stat.S_IMODE(info.st_mode) != PRIVATE_FOLDER:
        os.chmod(folder, PRIVATE_FOLDER)
    return folder


def write_copy(folder: Path, stem: str, text: str, *, original: Path | None, title: str) -> Path:
    """Write a recovery copy and its note; return the copy's path. Raises OSError."""
    private_folder(folder)
    copy = folder / f"{stem}.yaml"
    write_atomic(copy, text, backup=False, mode=PRIVATE_FILE)
    meta = {
        "path": str(original.resolve()) if original else None,
        "title": title,
        "written": dt.datetime.now().isoformat(timespec="seconds"),
        "pid": os.getpid(),
    }
    write_atomic(
        folder / f"{stem}.json", json.dumps(meta, indent=1), backup=False, mode=PRIVATE_FILE
    )
    return copy


def remove_copy(folder: Path, stem: str) -> None:
    """Forget a recovery copy (saved, discarded or closed cleanly); no error if it is gone."""
    for suffix in (".yaml", ".json"):
        with contextlib.suppress(OSError):
            (folder / f"{stem}{suffix}").unlink()


def _running(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0 or os.name != "posix":
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pending(folder: Path) -> list[dict]:
    """Copies left by runs that ended without cleaning up, newest first.

    Each is the note's keys plus ``copy`` and ``meta`` (their paths). Copies of a process
    still running (this one, or another window of the app) are not offered.
    """
    found = []
    if not folder.is_dir():
        return found
    for meta_path in folder.glob("*.json"):
        copy_path = meta_path.with_suffix(".yaml")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(meta, dict) or _running(meta.get("pid")):
            continue
        if copy_path.is_file() and not copy_path.is_symlink():
            found.append({**meta, "copy": str(copy_path), "meta": str(meta_path)})
    return sorted(found, key=lambda m: str(m.get("written", "")), reverse=True)
