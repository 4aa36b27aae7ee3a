"""Big dataset files read at C speed: rapidyaml builds the document, libyaml vouches for it.

``yamlscan.plain_load`` reads a file in one pass over the events of ruamel's libyaml
parser, but each of a big file's hundred thousand events is a Python object made with its
two marks: that is most of what reading it costs. rapidyaml (MIT) parses the same text in a
twentieth of the time and hands the document over as JSON, which ``json`` reads in C.

JSON keeps less than YAML: not whether a value was quoted, nor where it stood. So the
document is only taken from rapidyaml when nothing it loses can matter, and each value is
typed as ruamel's resolver types it:

- libyaml itself parses the text (counting its events in C, without making them) and must
  find it sound, with as many events as the document read from the JSON has nodes: a file
  libyaml refuses, or reads in another shape, goes to the one-pass reader and its messages;
- a number is typed from its text as written, by ruamel's own resolver, and a JSON text
  that rapidyaml would have written bare had it been plain (``"2025"``, ``'true'``) was
  quoted, so it stays text;
- other text that ruamel would type as something else when plain (``~``, ``0x1F``, a
  number as a key) sends the file to the one-pass reader, as JSON cannot say whether it
  was plain; a date is left as text, which a dataset reads as it reads a plain date;
- what only the full reader handles (anchors, aliases, tags, directives, several
  documents, complex keys), what the two parsers read apart (tabs, line breaks other
  than ``\\n`` and ``\\r\\n``, a file without a final line break), brackets nested
  deeper than a file may nest them and more values than it may hold send the file to the
  one-pass reader before rapidyaml parses it;
- the nodes' places come from where rapidyaml's values point into the text, and a place
  that cannot be known that way (an empty value, a block scalar) is found by
  ``yamlscan.positions`` as before.

Small files gain nothing from this (loading rapidyaml takes about 4 ms, what it saves on
a file of 100 KB), so it is used from ``FAST_FROM`` characters on.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import itertools
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from desktop.io import yamlscan

FAST_FROM = 256 * 1024
"""Characters from which a file is read this way: below it, importing rapidyaml (a few
milliseconds) costs about what it saves."""

# Characters that send a file to the one-pass reader wherever they stand: tabs (which
# rapidyaml and libyaml do not always read alike), and line breaks other than \n and \r\n
# (libyaml also breaks lines at a lone \r, NEL, LS and PS, which would shift every place
# after them).
_AWKWARD = "\t\r\x85\u2028\u2029\ufeff"
# The last character before a node, on its line and past its spaces: a node property
# (&anchor, *alias, !tag), an explicit key (? key) or a block scalar's header (|2, >-1)
# stands there, where inside a value (R&D, "Pourquoi ?", a > b) it follows other text.
_NODE_START = frozenset(":-[{,?\n")
# What cannot start an anchor's or alias's name (nor end the text before one).
_NOT_A_NAME = frozenset(("", " ", "\n", ",", "[", "]", "{", "}"))
# A flow list or mapping followed by ": ", which makes it a key.
_FLOW_KEY = re.compile(r"[\]}]:(?:\s|$)", re.MULTILINE)
# The first characters of the texts ruamel's resolver may read as something other than
# text when written plain: numbers, dates, ~ and null, true and false, << and =.
_MAYBE_TYPED = frozenset("-+.0123456789~<=NnTtFf")
# A number that rapidyaml writes bare when it is a plain YAML value, so JSON text of this
# form was quoted in the YAML. (Not every JSON number: it writes a plain 0e0 as text.)
_BARE_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
# A date, in the form ruamel's resolver always reads as one: text either way for a dataset.
_DAY = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")


_missing: list[ImportError] = []


class _Refused(Exception):
    """A value rapidyaml's JSON cannot give as ruamel would: the file is read as before."""


def load(text: str, typing: Callable[[str], Any]) -> tuple[dict, Places] | None:
    """The document of ``text`` (a mapping at its root) and where its nodes are, or None
    when the one-pass reader (``yamlscan.plain_load``) must read it.

    ``typing`` is ``yamlscan.plain_typing`` of the loader's YAML. The document is what
    ``plain_load`` gives for the same text (same keys in the same order, same values),
    except that a date is text (``str``) whether the file quoted it or not, where
    ``typing`` may make it a text of its own type: a dataset reads both alike. None for a
    text under ``FAST_FROM`` characters, without rapidyaml, or with anything the one-pass
    reader must judge (see the module's notes); never an error.
    """
    if len(text) < FAST_FROM:
        return None
    if "\r" in text:
        # Windows line ends: libyaml counts \r\n as one line break and reads it as \n in
        # values, so the text without the \r has the same lines, columns and values.
        text = text.replace("\r\n", "\n")
    if _needs_full_reader(text):
        return None
    try:
        import ryml
        from _ruamel_yaml import CParser
    except ImportError as error:
        # A dependency of the app: without it (a build that left it out) files read right,
        # only slower, which the log says once.
        if not _missing:
            import logging

            _missing.append(error)
            logging.getLogger(__name__).warning(
                "big files are read without rapidyaml, more slowly: %s", error
            )
        return None
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which no file holds: the others judge it
        return None
    depth, over_lines = _flow_depth(data)
    if depth > yamlscan.MAX_DEPTH or over_lines:
        # libyaml's time grows with the square of the depth of brackets (minutes for a
        # file of 100,000 of them), where the one-pass reader stops at the first too deep.
        # And rapidyaml reads a list or mapping in brackets over several lines apart from
        # libyaml: a comment or blank lines in it become part of a value.
        return None
    parser = CParser(data)
    try:
        events = parser.raw_parse()
    except Exception:
        # Whatever libyaml finds wrong, the full reader finds too and words it.
        return None
    finally:
        parser.dispose()
    if (events - 4) // 2 > yamlscan.MAX_NODES:
        # More values than a file may hold (each takes one or two events): the one-pass
        # reader refuses it as soon as it counts them, before anything is built.
        return None
    # rapidyaml's values point into this buffer, which must live as long as its tree.
    buffer = bytearray(data)
    try:
        # Room for its nodes made first: growing the tree as it parses took four fifths
        # of its time. A key and its value are one node, so there are fewer than events.
        tree = ryml.Tree()
        tree.reserve(events // 2 + events // 8)
        with _stderr_silenced():
            ryml.parse_in_place(buffer, tree)
            root = tree.root_id()
            if not tree.is_map(root):
                return None
            emitted = ryml.emit_json_malloc(tree, root)
    except Exception:
        # rapidyaml refusing what libyaml read (it is stricter about the indentation of a
        # list or mapping in brackets over several lines): the one-pass reader reads it.
        return None

    import json  # only here: most files never come this way, and every start would pay

    def refuse(written: str) -> Any:
        raise _Refused(written)

    try:
        # A number in the JSON was a plain value in the YAML: typed from its own text.
        document = json.loads(emitted, parse_int=typing, parse_float=typing, parse_constant=refuse)
        if type(document) is not dict or _walk(document, typing) != events:
            return None
    except (_Refused, ValueError, RecursionError):
        return None
    return document, Places(tree, buffer, data, ryml.NONE)


_FLOW_DEPTH = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1, ord("\n"): 0}
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(_FLOW_DEPTH)))
_LINE_END = {byte: byte == ord("\n") for byte in _FLOW_DEPTH}


def _flow_depth(data: bytes) -> tuple[int, bool]:
    """How deep brackets ([ and {) go inside each other in ``data``, and whether a line may
    end inside brackets: counting those in quoted values too, a line ending with brackets
    still open, or a bracket closed that was not open, says so. Linear, in C: 4 ms for a
    1.5 MB file."""
    brackets = data.translate(None, _NOT_BRACKETS)
    depths = list(itertools.accumulate(map(_FLOW_DEPTH.__getitem__, brackets)))
    line_ends = map(_LINE_END.__getitem__, brackets)
    unsure = any(itertools.compress(depths, line_ends)) or min(depths, default=0) < 0
    return max(depths, default=0), unsure


# Standard error is the process's, not a thread's: two reads silencing it at once would
# each put back what the other had silenced, and it would stay silent.
_SILENCING = threading.Lock()


@contextlib.contextmanager
def _stderr_silenced() -> Iterator[None]:
    """The process's standard error sent nowhere for a moment (a few milliseconds).

    rapidyaml prints each parse error to it before raising the error; the file then goes to
    the one-pass reader, which gives the problem in the app's words, so the print would only
    be noise on the command line.
    """
    with _SILENCING:
        if sys.stderr is not None:
            sys.stderr.flush()
        try:
            saved = os.dup(2)
        except OSError:  # no standard error (a windowed app on Windows): nothing to silence
            yield
            return
        try:
            with open(os.devnull, "wb") as sink:
                os.dup2(sink.fileno(), 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _needs_full_reader(text: str) -> bool:
    """Whether ``text`` holds what only the full reader handles, or what rapidyaml and
    libyaml might read apart: see ``_AWKWARD`` and ``_node_start``, directives and document
    markers (``%YAML``, ``---``, ``...``), a list or mapping as a key, an escaped line
    break, and no line break at the end."""
    if any(character in text for character in _AWKWARD):
        return True
    if not text.endswith("\n"):
        # A block scalar (|, >) that ends the file without a line break: rapidyaml gives it
        # one, libyaml does not.
        return True
    if text.startswith(("%", "---", "...")) or "\n%" in text or "\n---" in text:
        return True
    if "\n..." in text:
        return True
    if "\\\n" in text or "\\ " in text:
        # A line break or a space escaped in double quotes: rapidyaml drops the blank
        # lines after the one, and the other when it is all that is on a line.
        return True
    if ("]:" in text or "}:" in text) and _FLOW_KEY.search(text):
        return True  # a list or mapping as a key, which rapidyaml cannot hold
    return any(_node_start(text, indicator) for indicator in "&*!?|>")


def _node_start(text: str, indicator: str) -> bool:
    """Whether ``indicator`` starts a node somewhere in ``text`` as a node property (``&``,
    ``*``, ``!``), an explicit key (``?``) or a block scalar with an indentation indicator
    (``|2``, ``>-1``), rather than standing inside a value (``R&D``, ``Pourquoi ?``).

    Looked for character by character: a pattern would read the whole text even when the
    character is rare, which took a big file's read a third of the time it saves.
    """
    at = text.find(indicator)
    while at != -1:
        before = at - 1
        while before >= 0 and text[before] == " ":
            before -= 1
        if before < 0 or text[before] in _NODE_START:
            after = text[at + 1 : at + 3]
            if indicator in "!?":
                return True
            if indicator in "&*":
                # An anchor's name follows at once: a list item "* point" is text.
                if after[:1] not in _NOT_A_NAME:
                    return True
            else:
                # rapidyaml takes an indentation digit, and a - or + in a comment after the
                # header, otherwise than libyaml: a block scalar with either is left to it.
                end = text.find("\n", at)
                header = text[at + 1 : end if end != -1 else len(text)]
                if header.lstrip("+-")[:1].isdigit() or "#" in header:
                    return True
        at = text.find(indicator, at + 1)
    return False


def _walk(document: dict, typing: Callable[[str], Any]) -> int:
    """libyaml's event count for ``document``: the stream's and the document's start and
    end, each list's and mapping's, and one for each key and value.

    Raises _Refused for a text in it that may not be what ruamel reads, past
    ``yamlscan.MAX_DEPTH`` lists and mappings inside each other or past
    ``yamlscan.MAX_NODES`` values (as the one-pass reader would refuse it).
    """
    collections = keys = values = 0
    stack: list[tuple[Any, int]] = [(document, 1)]
    max_depth, maybe_typed = yamlscan.MAX_DEPTH, _MAYBE_TYPED
    all_keys: set[str] = set()
    texts: list[str] = []
    note = texts.append
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise _Refused("deep")
        collections += 1
        if type(node) is dict:
            keys += len(node)
            all_keys.update(node)
            inside = node.values()
        else:
            inside = node
        values += len(node)
        for value in inside:
            kind = type(value)
            if kind is str:
                if value[:1] in maybe_typed:
                    note(value)
            elif kind is dict or kind is list:
                stack.append((value, depth + 1))
    # The root, then each key and value (a list or mapping among them), as plain_load counts.
    if 1 + keys + values > yamlscan.MAX_NODES:
        raise _Refused("large")
    _check_texts(all_keys, set(texts), typing)
    # Each list and mapping but the root is also one of the values.
    return 4 + 2 * collections + keys + values - (collections - 1)


def _check_texts(keys: set[str], values: set[str], typing: Callable[[str], Any]) -> None:
    """Raise _Refused when a text in rapidyaml's JSON may not be what ruamel reads.

    A JSON text (a key, or a value in quotes) is text in the YAML too, unless the YAML
    wrote it plain and ruamel's resolver types it (``~``, ``0x1F``, ``1_000``). A date is
    let through: as text or as a date, a dataset reads it alike. A value written as a JSON
    number or ``true``, ``false`` or ``null`` was quoted (rapidyaml writes those plain
    ones bare). A key may have been plain or quoted, which JSON does not say.
    """
    for written in values:
        if _DAY.fullmatch(written) or _BARE_NUMBER.fullmatch(written):
            continue
        if written not in ("true", "false", "null") and not _stays_text(written, typing):
            raise _Refused(written)
    for written in keys:
        if written[:1] in _MAYBE_TYPED and not _stays_text(written, typing):
            raise _Refused(written)


def _stays_text(written: str, typing: Callable[[str], Any]) -> bool:
    value = typing(written)
    return value is written or (isinstance(value, str) and value == written)


@functools.cache
def _buffer_api() -> tuple[Any, Any, Any]:
    """The C API's Py_buffer (as PyObject_GetBuffer fills it; only ``buf`` is read), with
    PyObject_GetBuffer and PyBuffer_Release. Made on first use: ctypes is loaded only when
    a big file's places are wanted, not at every start."""
    import ctypes

    class Buffer(ctypes.Structure):
        _fields_ = (
            ("buf", ctypes.c_void_p),
            ("obj", ctypes.c_void_p),
            ("len", ctypes.c_ssize_t),
            ("itemsize", ctypes.c_ssize_t),
            ("readonly", ctypes.c_int),
            ("ndim", ctypes.c_int),
            ("format", ctypes.c_char_p),
            ("shape", ctypes.c_void_p),
            ("strides", ctypes.c_void_p),
            ("suboffsets", ctypes.c_void_p),
            ("internal", ctypes.c_void_p),
        )

    get_buffer = ctypes.pythonapi.PyObject_GetBuffer
    get_buffer.argtypes = (ctypes.py_object, ctypes.POINTER(Buffer), ctypes.c_int)
    release_buffer = ctypes.pythonapi.PyBuffer_Release
    release_buffer.argtypes = (ctypes.POINTER(Buffer),)
    release_buffer.restype = None
    return Buffer, get_buffer, release_buffer


def _address(view: Any) -> int:
    """Where the memory a buffer object shows starts."""
    buffer_type, get_buffer, release_buffer = _buffer_api()
    buffer = buffer_type()
    if get_buffer(view, buffer, 0) != 0:
        raise ValueError("no buffer")
    try:
        return buffer.buf or 0
    finally:
        release_buffer(buffer)


class Places:
    """Where the nodes of a document read by ``load`` start, as ``yamlscan.Places`` gives
    them (``tree``), from where rapidyaml's keys and values point into the text.

    A value's place is its first character (a quoted one's opening quote); a block mapping's
    is its first key's, a block list's its first dash, a flow list's or mapping's its
    bracket. What is not known this way (an empty value, a block scalar, a value rapidyaml
    had to copy out of the text) makes ``tree`` answer None, and ``yamlscan.positions``
    finds it instead.
    """

    __slots__ = ("_base", "_buffer", "_counted", "_data", "_lines", "_none", "_tree")

    def __init__(self, tree: Any, buffer: bytearray, data: bytes, none: int) -> None:
        # ``none``: rapidyaml's id for no node.
        self._none = none
        self._tree = tree
        self._buffer = buffer
        self._data = data
        self._base = _address(buffer)
        self._lines: list[int] | None = None
        self._counted = 0

    def tree(self, wanted: Iterable[tuple]) -> yamlscan.Node | None:
        """The nodes on the ``wanted`` paths, as ``yamlscan.positions(text, wanted)`` gives
        them, or None when a place on them is not known here."""
        tree = self._tree
        root_id = tree.root_id()
        start = self._value_place(root_id)
        if start is None:
            return None
        root = yamlscan.Node(*self._line_column(start))
        for path in wanted:
            node, ryml_node = root, root_id
            for part in path:
                if tree.is_map(ryml_node):
                    key = yamlscan.key_text(part)
                    if key is None:
                        break
                    child = tree.find_child(ryml_node, key.encode("utf-8"))
                    if child == self._none:
                        break
                    known = node.keys.get(key)
                    if known is None:
                        key_place = self._key_place(child)
                        place = self._value_place(child)
                        if key_place is None or place is None:
                            return None
                        known = (
                            *self._line_column(key_place),
                            yamlscan.Node(*self._line_column(place)),
                        )
                        node.keys[key] = known
                    node, ryml_node = known[2], child
                elif tree.is_seq(ryml_node):
                    if not isinstance(part, int) or isinstance(part, bool) or part < 0:
                        break
                    if part >= tree.num_children(ryml_node):
                        break
                    child = tree.child(ryml_node, part)
                    if part < len(node.items) and node.items[part] is not node:
                        node, ryml_node = node.items[part], child
                        continue
                    place = self._value_place(child)
                    if place is None:
                        return None
                    kept = yamlscan.Node(*self._line_column(place))
                    while len(node.items) <= part:
                        node.items.append(node)
                    node.items[part] = kept
                    node, ryml_node = kept, child
                else:
                    break
        return root

    def _offset(self, view: Any) -> int | None:
        # Where a key or value rapidyaml gives starts in the text, or None when it lies
        # outside it (rapidyaml copied it elsewhere to unescape it).
        if len(view) == 0:
            return None
        at = _address(view) - self._base
        return at if 0 <= at < len(self._buffer) else None

    def _scalar_place(self, view: Any, plain: bool, quoted: bool) -> int | None:
        # A plain key's or value's place is its first character, a quoted one's its quote;
        # a block scalar's (its | or >) is not known from its text.
        at = self._offset(view)
        if at is None or not (plain or quoted):
            return None
        return at if plain else _opening_quote(self._data, at)

    def _key_place(self, node: int) -> int | None:
        tree = self._tree
        quoted = tree.is_key_squo(node) or tree.is_key_dquo(node)
        return self._scalar_place(tree.key(node), tree.is_key_plain(node), quoted)

    def _value_place(self, node: int) -> int | None:
        tree, data = self._tree, self._data
        if tree.is_container(node):
            first = tree.first_child(node)
            if first == self._none:
                return None
            inner = self._key_place(first) if tree.is_map(node) else self._value_place(first)
            if inner is None:
                return None
            if tree.is_flow(node):
                return _before(data, inner, b"{" if tree.is_map(node) else b"[", b" \n")
            if tree.is_map(node):
                return inner
            return _before(data, inner, b"-", b" ")
        if tree.val_is_null(node):
            return None
        quoted = tree.is_val_squo(node) or tree.is_val_dquo(node)
        return self._scalar_place(tree.val(node), tree.is_val_plain(node), quoted)

    def _line_column(self, at: int) -> tuple[int, int]:
        # 1-based line and column (in characters, as libyaml counts them) of a byte offset.
        # A few places are counted directly; past that, an index of line ends pays off.
        data = self._data
        if self._lines is None and self._counted < 64:
            self._counted += 1
            line = data.count(b"\n", 0, at)
            start = data.rfind(b"\n", 0, at) + 1
        else:
            if self._lines is None:
                self._lines = [match.start() for match in re.finditer(b"\n", data)]
            line = bisect.bisect_left(self._lines, at)
            start = self._lines[line - 1] + 1 if line else 0
        return line + 1, len(data[start:at].decode("utf-8", "replace")) + 1


def _opening_quote(data: bytes, at: int) -> int | None:
    # A quoted value's text starts right after its quote, which is its place.
    return at - 1 if at > 0 and data[at - 1 : at] in (b"'", b'"') else None


def _before(data: bytes, at: int, mark: bytes, gaps: bytes) -> int | None:
    # The bracket or dash that opens a list or mapping: the first character before its
    # first entry's place that is not a gap. Anything else (a comment) and it is unknown.
    at -= 1
    while at >= 0 and data[at] in gaps:
        at -= 1
    return at if at >= 0 and data[at] == mark[0] else None
