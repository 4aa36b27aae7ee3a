"""Writing datasets: into the user's own file without disturbing what was not edited, atomically.

A save updates the round-trip YAML tree the file was read into: values that did not
change keep their quoting, folding and comments; changed values keep their style where
they had one; new items follow the file's conventions. The text is then checked by
reading it back, written to a new temporary file beside the target (created exclusively
under a unique name, so a planted link or file is never written through), flushed to disk
and renamed over it, after the previous version is kept as ``FILE.bak``. A link is saved
through to the file it names; a read-only file is refused.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
)

from desktop.io.dataset_file import LoadedDataset, make_yaml, parse_dataset
from desktop.io.errors import DatasetError, LocatedProblem
from desktop.io.gazetteer import default_gazetteer
from desktop.io.merge import merge_lines
from desktop.model.countries import Gazetteer
from desktop.model.dataset import (
    DEFAULT_CATEGORIES,
    FILE_KEYS,
    NESTED,
    Dataset,
    Nation,
    Organisation,
    Translation,
    Unlisted,
    file_values,
)
from desktop.model.dates import PartialDate
from desktop.model.message import N_, Label, Listing
from desktop.model.validate import validate

LONG_TEXT = 80
"""Text longer than this is written folded over several lines, as people write it."""


# -- values -----------------------------------------------------------------------------------
YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029", "\r")
"""Characters YAML reads as line breaks besides ``\n``."""


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, PartialDate):
        try:
            return PartialDate.parse(old) == new and str(old) == str(new)
        except ValueError:
            return False
    if isinstance(new, list):
        return isinstance(old, list) and [str(x) for x in old] == [str(x) for x in new]
    return type(old) is not bool and old == new


# What YAML lets stand unescaped (YAML 1.2, 5.1); anything else needs a double-quoted escape.
_NEEDS_ESCAPE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _styled(old: Any, new: Any, flow: bool = False) -> Any:
    """``new`` in the style ``old`` was written in (folded, literal, quoted), if any.

    New text inside a flow mapping (``{url: ...}``) is double-quoted: ruamel would write a
    URL there plain, and ``{url: https://x}`` does not read back. Text with characters only
    an escape can carry (control characters) is double-quoted whatever its old style.
    """
    if isinstance(new, str) and (
        _NEEDS_ESCAPE.search(new) or any(mark in new for mark in YAML_ONLY_BREAKS)
    ):
        # Plain, single-quoted and block text fold line breaks other than \n into spaces or
        # newlines: only double quotes keep them (as \N, \L, \P, \r escapes).
        return DoubleQuotedScalarString(new)
    if isinstance(new, str) and isinstance(old, ScalarString):
        return type(old)(new)
    if isinstance(new, str) and flow:
        return DoubleQuotedScalarString(new)
    if isinstance(new, str) and len(new) > LONG_TEXT and "\n" not in new:
        return FoldedScalarString(new)
    if isinstance(new, str) and "\n" in new:
        return LiteralScalarString(new)
    return new


def _set(node: CommentedMap, key: str, value: Any, *, after: Iterable[str] = ()) -> None:
    """Set, keep or drop ``node[key]`` so it says ``value``; None removes the key."""
    if value is None or value == []:
        if key in node:
            del node[key]
        return
    if key in node:
        if _same(node[key], value):
            return
        old = node[key]
        if isinstance(value, list) and isinstance(old, CommentedSeq):
            old[:] = list(value)
            return
        node[key] = _styled(old, value, node.fa.flow_style())
        return
    _insert(node, key, _new_value(value, node.fa.flow_style()), after)


def _insert(node: CommentedMap, key: str, value: Any, after: Iterable[str]) -> None:
    """Insert after the last present key that comes before ``key`` in the format's order."""
    position = 0
    for i, existing in enumerate(node):
        if existing in after:
            position = i + 1
    node.insert(position, key, value)


def _new_value(value: Any, flow: bool = False) -> Any:
    if isinstance(value, list):
        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        return seq
    return _styled(None, value, flow)


def _ordered(fields: list[tuple[str, Any]], node: CommentedMap) -> None:
    keys = [k for k, _ in fields]
    for i, (key, value) in enumerate(fields):
        _set(node, key, value, after=keys[:i])


# -- sections ---------------------------------------------------------------------------------
def _fields(item: object) -> list[tuple[str, Any]]:
    """An entity's plain keys and values in the order the format declares (``FILE_KEYS``)."""
    out = []
    for key, value in file_values(item):
        if key == "color" and isinstance(value, str):
            value = DoubleQuotedScalarString(value)  # unquoted, "#" would start a comment
        elif isinstance(value, list):
            value = list(value)
        out.append((key, value))
    return out


def _plain_keys(kind: type) -> list[str]:
    return [key for key in FILE_KEYS[kind] if (kind, key) not in NESTED]


def _sync_list(
    seq: CommentedSeq, items: list, fields, *, flow: bool = False, nested=None
) -> CommentedSeq:
    """Update ``seq`` item by item; append and drop at the end. Comments stay in place."""
    for i, item in enumerate(items):
        if i < len(seq) and isinstance(seq[i], CommentedMap):
            node = seq[i]
        else:
            node = CommentedMap()
            if flow:
                node.fa.set_flow_style()
            if i < len(seq):
                seq[i] = node
            else:
                seq.append(node)
        _ordered(fields(item), node)
        if nested:
            nested(node, item)
    del seq[len(items) :]
    return seq


def _child_seq(node: CommentedMap, key: str, after: list[str]) -> CommentedSeq:
    seq = node.get(key)
    if not isinstance(seq, CommentedSeq):
        seq = CommentedSeq()
        if key in node:
            node[key] = seq
        else:
            _insert(node, key, seq, after)
    return seq


FLOW_LISTS = frozenset({(Nation, "history"), (Organisation, "statements"), (Dataset, "categories")})
"""Lists whose items are written one to a line (``{date: ..., category: ...}``)."""


def _sync_children(node: CommentedMap, item: object) -> None:
    """Write the nested lists of an entity (a nation's contributions and history, an
    organisation's statements) after its plain keys; an empty list's key goes."""
    kind = type(item)
    keys = _plain_keys(kind)
    for key in FILE_KEYS[kind]:
        if (kind, key) not in NESTED:
            continue
        items = getattr(item, key)
        if items:
            seq = _child_seq(node, key, keys)
            _sync_list(seq, items, _fields, flow=(kind, key) in FLOW_LISTS)
        elif key in node:
            del node[key]
        keys.append(key)


def _sync_nation(node: CommentedMap, nation: Nation, code_text: str) -> None:
    # A name the user wrote for the country stays, if it still resolves.
    _ordered([(k, code_text if k == "iso3" else v) for k, v in _fields(nation)], node)
    _sync_children(node, nation)


def _sync_unlisted(document: CommentedMap, unlisted: Unlisted, after: list[str]) -> None:
    """Write ``unlisted: {label, color, legend}`` with only what differs from the default;
    no key at all for the default class."""
    if unlisted.is_default():
        if "unlisted" in document:
            del document["unlisted"]
        return
    default = Unlisted()
    fields = [
        (key, None if value == getattr(default, key) else value) for key, value in _fields(unlisted)
    ]
    node = document.get("unlisted")
    if not isinstance(node, CommentedMap):
        node = CommentedMap()
        node.fa.set_flow_style()
        if "unlisted" in document:
            document["unlisted"] = node
        else:
            _insert(document, "unlisted", node, after)
    _ordered(fields, node)


def update_document(document: CommentedMap, dataset: Dataset, gazetteer: Gazetteer) -> CommentedMap:
    """Make ``document`` say what ``dataset`` says, changing as little as possible."""
    keys = FILE_KEYS[Dataset]
    top = list(keys[: keys.index("sources") + 1])
    _ordered([(k, v) for k, v in _fields(dataset)], document)

    is_default = [(c.id, c.label, c.color) for c in dataset.categories] == [
        (c.id, c.label, c.color) for c in DEFAULT_CATEGORIES
    ]
    if "categories" in document or not is_default:
        seq = _child_seq(document, "categories", top[: top.index("categories")])
        _sync_list(seq, dataset.categories, _fields, flow=True)
    _sync_unlisted(document, dataset.unlisted, top[: top.index("unlisted")])

    sources = document.get("sources")
    if dataset.sources or isinstance(sources, CommentedMap):
        if not isinstance(sources, CommentedMap):
            sources = CommentedMap()
            if "sources" in document:
                document["sources"] = sources
            else:
                _insert(document, "sources", sources, top[: top.index("sources")])
        for key in [k for k in sources if k not in dataset.sources]:
            del sources[key]
        for key, source in dataset.sources.items():
            node = sources.get(key)
            if not isinstance(node, CommentedMap):
                node = CommentedMap()
                node.fa.set_flow_style()
                sources[key] = node
            _ordered(_fields(source), node)

    # Nations are matched by country, so reordering or removing one keeps the others'
    # comments and formatting with them.
    old_nations = (
        document.get("nations")
        if isinstance(document.get("nations"), CommentedSeq)
        else CommentedSeq()
    )
    by_code: dict[str, CommentedMap] = {}
    for node in old_nations:
        if isinstance(node, CommentedMap) and isinstance(node.get("iso3"), str):
            result = gazetteer.resolve(node["iso3"])
            if result.ok:
                by_code.setdefault(result.code, node)
    nations = _child_seq(document, "nations", top)
    new_nodes = []
    for nation in dataset.nations:
        node = by_code.pop(nation.iso3, None)
        if node is None:
            node = CommentedMap()
            code_text = nation.iso3
        else:
            code_text = node["iso3"]  # keep a name the user wrote, if it still resolves
        _sync_nation(node, nation, code_text)
        new_nodes.append(node)
    if [id(n) for n in nations] != [id(n) for n in new_nodes]:
        _reorder(nations, new_nodes)

    after = [*top, "nations"]
    for key, nested in (("organisations", _sync_children), ("events", None)):
        items = getattr(dataset, key)
        if items:
            _sync_list(_child_seq(document, key, after), items, _fields, nested=nested)
        elif key in document:
            del document[key]
        after.append(key)
    _sync_translations(document, dataset.translations, after)
    return document


def _sync_translations(
    document: CommentedMap, translations: dict[str, Translation], after: list[str]
) -> None:
    """Write ``translations: {lang: {title, ..., categories: {id: label}}}``; no key when
    there are none. A language's node keeps its comments while it stays."""
    if not translations:
        if "translations" in document:
            del document["translations"]
        return
    node = document.get("translations")
    if not isinstance(node, CommentedMap):
        node = CommentedMap()
        if "translations" in document:
            document["translations"] = node
        else:
            _insert(document, "translations", node, after)
    for lang in [k for k in node if k not in translations]:
        del node[lang]
    for lang, translation in translations.items():
        child = node.get(lang)
        if not isinstance(child, CommentedMap):
            child = CommentedMap()
            node[lang] = child
        # An empty mapping says nothing: its key goes, like an empty list's.
        _ordered([(k, v if v != {} else None) for k, v in _fields(translation)], child)


def _reorder(seq: CommentedSeq, nodes: list) -> None:
    """Put ``nodes`` in ``seq`` in order, carrying each item's trailing comment with it."""
    comments = {id(node): seq.ca.items.get(i) for i, node in enumerate(seq)}
    seq[:] = nodes
    seq.ca.items.clear()
    for i, node in enumerate(nodes):
        comment = comments.get(id(node))
        if comment:
            seq.ca.items[i] = comment


def new_document(dataset: Dataset, gazetteer: Gazetteer) -> CommentedMap:
    """A fresh document for a dataset that has no file yet."""
    document = CommentedMap()
    return update_document(document, dataset, gazetteer)


def dump(document: CommentedMap) -> str:
    """The YAML text of a document."""
    buffer = io.StringIO()
    make_yaml().dump(document, buffer)
    return buffer.getvalue()


def dataset_text(
    dataset: Dataset, loaded: LoadedDataset | None = None, gazetteer: Gazetteer | None = None
) -> str:
    """The file text for ``dataset``: the loaded file's text, updated, or a new document.

    Raises DatasetError (with no lines: these are edits, not a file) when the dataset would
    not load again.
    """
    gazetteer = gazetteer or default_gazetteer()
    name = loaded.name if loaded else "untitled"
    problems = validate(dataset, gazetteer)
    if problems:
        # The path in the document, then the model's message (a Label the window translates).
        raise DatasetError(
            [LocatedProblem(name, Listing([p.where(), p.message], ": ")) for p in problems]
        )
    if loaded is None:
        return _checked(dump(new_document(dataset, gazetteer)), dataset, name, gazetteer)
    # ruamel re-emits a whole document in its own layout. To leave untouched parts exactly
    # as the user wrote them, merge three ways: the user's text, ruamel's rendering of it
    # before the edits (the common base) and after them. Only the edits differ between the
    # last two, so only they reach the file; where an edit touches a line the user
    # formatted differently, the re-emitted form wins.
    document = make_yaml().load(loaded.text)
    before = dump(document)
    after = dump(update_document(document, dataset, gazetteer))
    merged = _merge(loaded.text, before, after)
    try:
        return _checked(merged, dataset, name, gazetteer)
    except DatasetError:
        return _checked(after, dataset, name, gazetteer)


def _merge(text: str, before: str, after: str) -> str:
    ours, base, theirs = (t.splitlines(keepends=True) for t in (text, before, after))
    return "".join(merge_lines(ours, base, theirs))


def _checked(text: str, dataset: Dataset, name: str, gazetteer: Gazetteer) -> str:
    """Prove the text reads back as this very dataset before anything touches the disk."""
    again = parse_dataset(text, name, gazetteer).dataset
    if not again.content_equal(dataset):
        raise DatasetError.single(
            name,
            Label(N_("the saved text would not read back as the same data; nothing was written")),
        )
    return text


class ReadOnlyFile(PermissionError):
    """The target exists but is read-only: a save must not quietly replace it."""


TEMPORARY_MARK = ".atlas-"
"""Part of every temporary name this app writes, so left-overs can be told from others' files."""

STALE_AFTER_SECONDS = 24 * 3600
"""A temporary file of ours this old belongs to a save that was interrupted, not one running."""

_OUR_TEMPORARY = re.compile(r"^\..+\.atlas-[A-Za-z0-9_]{8}\.tmp$")
# Names written before temporary names carried the mark: only beside datasets.
_OLD_TEMPORARY = re.compile(r"^\..+\.ya?ml\.(?:[A-Za-z0-9_]{8}|bak)\.tmp$")


def write_atomic(
    path: str | os.PathLike[str], text: str, *, backup: bool = True, mode: int | None = None
) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one, never half.

    The text goes to a new temporary file in the same folder (created exclusively under a
    unique name, never through a link), is flushed to disk, and is renamed over the target;
    the previous version is first copied to ``FILE.bak``. When ``path`` is a symbolic link,
    the file it points to is written and the link stays. Raises ``ReadOnlyFile`` when the
    target is read-only (nothing is written) and OSError when the disk refuses. ``mode``
    sets the new file's permissions (default: the old file's, or the usual ones).
    """
    write_bytes_atomic(path, text.encode("utf-8"), backup=backup, mode=mode)


def write_bytes_atomic(
    path: str | os.PathLike[str], data: bytes, *, backup: bool = False, mode: int | None = None
) -> None:
    """``write_atomic`` for bytes: exports use it so no half-written file is ever left."""
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        # The reason is a Label, so the window says it in its language.
        raise IsADirectoryError(errno.EISDIR, Label(N_("not a regular file")), str(target))
    if existing is not None and _read_only(target, existing):
        raise ReadOnlyFile(errno.EACCES, Label(N_("the file is read-only")), str(target))
    remove_stale_temporaries(folder)
    temporary = _write_temporary(folder, target.name, data)
    try:
        if existing is not None:
            if backup:
                _keep_backup(folder, target)
            os.chmod(temporary, stat.S_IMODE(existing.st_mode) if mode is None else mode)
        else:
            if mode is None:
                # A temporary file is private; a new file gets the usual permissions.
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)


def _read_only(target: Path, info: os.stat_result) -> bool:
    # The rename would replace a read-only file without a word (it needs only the folder's
    # permission), so ask what the file itself allows. The owner's write bit decides for
    # the owner and for root, whom os.access lets write anything.
    geteuid = getattr(os, "geteuid", None)
    if geteuid is not None and geteuid() in (0, info.st_uid):
        return not info.st_mode & stat.S_IWUSR
    return not os.access(target, os.W_OK)


def _write_temporary(folder: Path, name: str, data: bytes) -> Path:
    """A new private file holding ``data``, on disk: O_EXCL, so no link or file is reused."""
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}{TEMPORARY_MARK}", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return Path(temporary)


def _keep_backup(folder: Path, target: Path) -> None:
    """Copy the current file to ``FILE.bak`` the same careful way: a link there is replaced."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(target, flags)
    with os.fdopen(fd, "rb") as handle:
        old = handle.read()
        old_mode = stat.S_IMODE(os.fstat(handle.fileno()).st_mode)
    copy = _write_temporary(folder, target.name, old)
    try:
        os.chmod(copy, old_mode)
        os.replace(copy, target.with_name(target.name + ".bak"))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(copy)
        raise


def remove_stale_temporaries(folder: str | os.PathLike[str], now: float | None = None) -> list[str]:
    """Remove this app's temporary files older than a day from ``folder``; return their names.

    Only regular files whose names this app writes are removed (a link is never followed:
    ``unlink`` removes a name, not what it points to, and links are skipped anyway).
    Failures are ignored: cleaning up must never stop a save.
    """
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (_OUR_TEMPORARY.match(entry.name) or _OLD_TEMPORARY.match(entry.name)):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < STALE_AFTER_SECONDS:
                continue
            os.unlink(entry.path)
            removed.append(entry.name)
        except OSError:
            continue
    return removed


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk (POSIX); Windows has
    # no folder handles to sync and does not need it.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def save_dataset(
    dataset: Dataset,
    path: str | os.PathLike[str],
    loaded: LoadedDataset | None = None,
    gazetteer: Gazetteer | None = None,
) -> LoadedDataset:
    """Check and write ``dataset`` to ``path`` atomically, keeping ``FILE.bak``.

    With ``loaded``, the file's comments, key order and untouched formatting are kept.
    Returns the saved state, ready for the next save. Raises DatasetError when the dataset
    is not valid (nothing is written) and OSError when the disk refuses.
    """
    text = dataset_text(dataset, loaded, gazetteer)
    write_atomic(path, text)
    return LoadedDataset(dataset, text, Path(path))
