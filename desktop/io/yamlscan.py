"""A cheap first pass over YAML text: bounds checked before the document is built, and the
line and column of every node for problem reports.

Both walk the event stream of the C-backed parser, which is iterative: a file of 40,000
nested brackets costs nothing here, while building it as a document would overflow the
stack. The bounds keep the later, costlier steps (building, checking, exporting) in
proportion to the file's size.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tag import Tag

from desktop.io.errors import DatasetError
from desktop.model.message import N_, Label

try:
    # ruamel's compiled parser (libyaml, from ruamel.yaml.clib), asked for its events one
    # by one; without it, ruamel's own parser through ``YAML.parse``.
    from _ruamel_yaml import CParser
except ImportError:
    CParser = None

MAX_DEPTH = 64
"""Lists and mappings inside each other; a dataset needs six."""

MAX_NODES = 150_000
"""Values, lists and mappings in one file: a world-wide coalition with rich claims holds a
tenth of this, and the checks stay within seconds."""


def _events(text: str) -> Iterator[Any]:
    """The parser's events for ``text``, asked of the C parser directly as ``plain_load``
    asks them: ``YAML.parse`` checks for each event before getting it, which took a fifth
    of the time of locating a big file's problems."""
    if CParser is None:
        yield from YAML(typ="safe", pure=False).parse(text)
        return
    parser = CParser(text.encode("utf-8"))
    try:
        while True:
            event = parser.get_event()
            yield event
            if type(event) is StreamEndEvent:
                return
    finally:
        parser.dispose()


def _line_of(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    line = before.count("\n") + 1
    return line, position - (before.rfind("\n") + 1) + 1


def syntax_error(error: YAMLError, text: str, name: str) -> DatasetError:
    """One located problem for a YAML error the parser raised (with its line when known)."""
    if isinstance(error, ReaderError):
        line, column = _line_of(text, error.position)
        character = (
            f"U+{error.character:04X}" if isinstance(error.character, int) else "a character"
        )
        message = Label(
            N_("{character} is not allowed in a dataset ({reason})"),
            character=character,
            reason=error.reason,
        )
        return DatasetError.single(name, message, line, column)
    if isinstance(error, MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "not valid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        message = Label(N_("YAML syntax error: {what}"), what=_parser_words(str(what)))
        return DatasetError.single(name, message, line, column)
    return DatasetError.single(name, Label(N_("not valid YAML: {reason}"), reason=str(error)))


# What YAML parsers say most often about hand-written files, as the app's own messages (the
# same English), so that a window can say them in its language.
_PARSER_WORDS = {
    text: Label(text)
    for text in (
        N_("mapping values are not allowed in this context"),
        N_("mapping values are not allowed here"),
        N_("found a tab character that violates indentation"),
        N_("found character that cannot start any token"),
        N_("found unexpected end of stream"),
        N_("did not find expected key"),
        N_("did not find expected ',' or ']'"),
        N_("did not find expected ',' or '}'"),
        N_("did not find expected '-' indicator"),
        N_("could not find expected ':'"),
        N_("found undefined alias"),
        N_("found unknown escape character"),
        N_("not valid YAML"),
    )
}
_DUPLICATE_KEY = re.compile(
    r'found duplicate key "(.*)" with value "(.*)" \(original value: "(.*)"\)'
)


def _parser_words(text: str) -> str:
    """The parser's message: one of the app's messages when it is a common one, else as the
    parser gives it."""
    known = _PARSER_WORDS.get(text)
    if known is not None:
        return known
    duplicate = _DUPLICATE_KEY.fullmatch(text)
    if duplicate:
        return Label(
            N_('found duplicate key "{key}" with value "{value}" (original value: "{original}")'),
            key=duplicate[1],
            value=duplicate[2],
            original=duplicate[3],
        )
    return text


def check_bounds(text: str, name: str, max_chars: int) -> None:
    """Refuse text whose document would be too deep or hold too many values, counting each
    alias as the whole node it repeats, or be longer than ``max_chars`` with its aliases
    expanded. Raises DatasetError with the line where a bound is passed; YAML syntax
    errors are left to the loader that follows.
    """
    depth = 0
    # Expanded [characters, values] of each open collection (and the document, first);
    # each anchored node's once it is complete.
    sizes: list[list[int]] = [[0, 0]]
    anchors: list[str | None] = []
    anchored: dict[str, tuple[int, int]] = {}
    total_chars = total_values = 0
    try:
        for event in _events(text):
            kind = type(event)
            if kind is ScalarEvent:
                size = (len(event.value) + 1, 1)
                if event.anchor is not None:
                    anchored[event.anchor] = size
                sizes[-1][0] += size[0]
                sizes[-1][1] += 1
                total_chars += size[0]
                total_values += 1
            elif issubclass(kind, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    _refuse(
                        name,
                        event,
                        Label(
                            N_("lists and mappings are nested more than {depth} deep"),
                            depth=MAX_DEPTH,
                        ),
                    )
                sizes.append([1, 1])
                anchors.append(event.anchor)
                total_chars += 1
                total_values += 1
            elif issubclass(kind, CollectionEndEvent):
                depth -= 1
                chars, values = sizes.pop()
                anchor = anchors.pop()
                if anchor is not None:
                    anchored[anchor] = (chars, values)
                sizes[-1][0] += chars
                sizes[-1][1] += values
            elif kind is AliasEvent:
                chars, values = anchored.get(event.anchor, (0, 1))
                sizes[-1][0] += chars
                sizes[-1][1] += values
                total_chars += chars
                total_values += values
                if total_chars > max_chars:
                    _refuse(
                        name,
                        event,
                        Label(
                            N_(
                                "with its aliases (*{anchor}) repeated in full, the file would "
                                "be larger than {limit} MiB"
                            ),
                            anchor=event.anchor,
                            limit=max_chars // 1048576,
                        ),
                    )
            else:
                continue
            if total_values > MAX_NODES:
                _refuse(
                    name,
                    event,
                    Label(
                        N_(
                            "holds more than {count} values (aliases counted in full); "
                            "split the file"
                        ),
                        count=f"{MAX_NODES:,}",
                    ),
                )
    except YAMLError:
        return


_STR_TAG = "tag:yaml.org,2002:str"
_REFUSED_TAGS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


class Places:
    """Where the nodes of a document read by ``plain_load`` start, down to ``DEPTH`` steps
    from its root, so that most problems are located without reading the text again
    (``tree``).

    ``marks[i]`` is the parser's start mark of the i-th of those nodes in the order the
    text gives them (a mapping's keys before their values); ``keys`` holds, by that index,
    the text of each key that was read as something other than text (``1.5``,
    ``2025-03-02``); ``sizes`` is the number of those nodes in each list or mapping (by
    ``id``), itself and its keys included. Only the marks are kept, not the parser's
    events: keeping each event (and its end mark) cost a big file's read a fifth more.
    """

    DEPTH = 4
    """Steps from the root to the deepest node kept: a nation's sources and participants,
    say, not the keys of its contributions. Keeping every node cost a big file's read a
    tenth more; the rare problem deeper down is located by a second pass."""

    __slots__ = ("document", "keys", "marks", "sizes")

    def __init__(self) -> None:
        self.marks: list[Any] = []
        self.keys: dict[int, str] = {}
        self.sizes: dict[int, int] = {}
        self.document: Any = None

    def tree(self, wanted: Iterable[tuple]) -> Node | None:
        """The nodes on the ``wanted`` paths, as ``positions(text, wanted)`` gives them, or
        None when a path is longer than ``DEPTH`` steps (``positions`` then finds them)."""
        wanted = [tuple(p) for p in wanted]
        if self.document is None or not self.marks or any(len(p) > self.DEPTH for p in wanted):
            return None
        mark = self.marks[0]
        root = Node(mark.line + 1, mark.column + 1)
        self._follow(root, self.document, 0, [p for p in wanted if p])
        return root

    def _follow(self, node: Node, value: Any, index: int, wanted: list[tuple]) -> None:
        if not wanted:
            return
        marks, keys, sizes = self.marks, self.keys, self.sizes
        mapping = type(value) is dict
        grouped = _by_first(wanted, mapping)
        if not grouped:
            return
        at = index + 1
        if mapping:
            for typed_key, child in value.items():
                key = keys.get(at, typed_key)
                found = grouped.get(key)
                if found is not None:
                    key_mark, mark = marks[at], marks[at + 1]
                    kept = Node(mark.line + 1, mark.column + 1)
                    node.keys.setdefault(key, (key_mark.line + 1, key_mark.column + 1, kept))
                    self._follow(kept, child, at + 1, [p for p in found if p])
                at += 1 + (sizes.get(id(child), 1) if type(child) in (dict, list) else 1)
        else:
            for place, child in enumerate(value):
                found = grouped.get(place)
                if found is not None:
                    mark = marks[at]
                    kept = Node(mark.line + 1, mark.column + 1)
                    while len(node.items) < place:
                        node.items.append(node)
                    node.items.append(kept)
                    self._follow(kept, child, at, [p for p in found if p])
                at += sizes.get(id(child), 1) if type(child) in (dict, list) else 1


def plain_load(text: str, yaml: YAML, places: Places | None = None) -> dict | None:
    """The document of ``text`` in one pass over the C parser's events, or None when the
    text needs the full reader: anything but one mapping of plain keys, lists and values
    (an anchor, alias, tag, merge key, duplicate or complex key, or a second document), a
    bound above passed, or any YAML error. The full reader then checks and reads it, with
    its own messages.

    Plain values are typed by ``yaml``'s own resolver and constructor (a safe loader's: the
    dataset loader's keeps ``2025-03-02`` as text); each distinct value is resolved once.
    Building the document this way, with the bounds checked on the way, takes a fraction of
    the time of a bounds pass and ruamel's node-by-node construction.
    """
    if yaml.resolver.yaml_path_resolvers:
        return None  # tags given by place in the document: only the full reader knows them
    typing = plain_typing(yaml)
    typed: dict[str, Any] = {}
    # The open list or mapping (None outside the document's root), whether it is a list,
    # the key read for its next value (_NO_KEY before one), how many places were kept when
    # it started, and whether the places of its nodes are kept; ``outer`` keeps the same
    # for each list or mapping around it. Held in locals rather than looked up at the top
    # of a stack: this runs for each of a big file's hundred thousand values.
    parent: Any = None
    in_list = False
    key: Any = _NO_KEY
    start = 0
    outer: list[tuple[Any, bool, Any, int, bool]] = []
    depth = 0
    kept_depth = Places.DEPTH
    root = None
    nodes = 0
    documents = 0
    record = places is not None
    kept = record
    if record:
        marks = places.marks
        note = marks.append
        key_texts = places.keys
        sizes = places.sizes
    # The document's lists and mappings cannot form cycles: the collector's passes over
    # them, while a big file is built, would only cost time (a third of the build's).
    collecting = gc.isenabled()
    gc.disable()
    parser = None
    # Names the loop below looks up for each event, held as locals (a hundredth of a big
    # file's read).
    scalar, mapping_start, mapping_end = ScalarEvent, MappingStartEvent, MappingEndEvent
    sequence_start, sequence_end = SequenceStartEvent, SequenceEndEvent
    no_key, max_nodes = _NO_KEY, MAX_NODES
    try:
        if CParser is not None:
            # Asked directly rather than through ``yaml.parse``, whose generator checks for
            # each event before getting it; given the text as UTF-8 bytes, which it reads
            # faster than text it encodes itself. Both save a big file a few hundredths.
            parser = CParser(text.encode("utf-8"))
            next_event = parser.get_event
        else:
            next_event = yaml.parse(text).__next__
        while True:
            event = next_event()
            kind = type(event)
            if kind is scalar:
                # ``ctag``, not ``tag``: the property makes a string of the tag each time.
                if event.anchor is not None or event.ctag is not None:
                    return None
                value = event.value
                if event.implicit[0]:
                    try:
                        value = typed[value]
                    except KeyError:
                        value = typed[value] = typing(value)
                        if value is _REFUSED:
                            return None
                nodes += 1
                if kept:
                    note(event.start_mark)
                if in_list:
                    parent.append(value)
                elif key is not no_key:
                    parent[key] = value
                    key = no_key
                elif parent is None or value in parent:
                    return None  # a document of one value, or a duplicate key
                else:
                    key = value
                    if kept and type(value) is not str:
                        key_texts[len(marks) - 1] = event.value
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or event.ctag is not None:
                    return None
                value = {} if kind is mapping_start else []
                nodes += 1
                if kept:
                    note(event.start_mark)
                if in_list:
                    parent.append(value)
                elif key is not no_key:
                    parent[key] = value
                    key = no_key
                elif parent is None and root is None:
                    root = value
                else:
                    return None  # a list or mapping as a key: the full reader says so
                if depth >= MAX_DEPTH:
                    return None
                outer.append((parent, in_list, key, start, kept))
                depth += 1
                parent, in_list, key = value, kind is sequence_start, no_key
                kept = record and depth <= kept_depth
                start = len(marks) if kept else 0
            elif kind is mapping_end or kind is sequence_end:
                if kept:
                    sizes[id(parent)] = len(marks) - start + 1
                parent, in_list, key, start, kept = outer.pop()
                depth -= 1
                continue
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return None
                continue
            elif kind is AliasEvent:
                return None
            elif kind is StreamEndEvent:
                break
            else:
                continue
            if nodes > max_nodes:
                return None
    except (YAMLError, ValueError, TypeError, AttributeError, KeyError, RecursionError):
        return None
    finally:
        if parser is not None:
            parser.dispose()
        if collecting:
            gc.enable()
    if type(root) is not dict:
        return None
    if record:
        places.document = root
    return root


_NO_KEY = object()


def plain_typing(yaml: YAML) -> Callable[[str], Any]:
    """The typed value of a plain scalar's text, as ``yaml``'s resolver and constructor
    type it, or ``_REFUSED`` for a merge key or value indicator."""
    resolver = yaml.resolver
    constructor = yaml.constructor
    construct = constructor.construct_object
    # Each tag's constructor, as ``construct_object`` finds it; called directly, without
    # the bookkeeping for nodes that hold other nodes, which a plain value never does.
    makers = constructor.yaml_constructors
    # The resolver's own table for the YAML version it reads (first character: the tags
    # to try, in order, with their patterns), walked as its ``resolve`` walks it, but
    # without looking the version and each lazily compiled pattern up again for every
    # value: that was two thirds of typing a big file's thousands of distinct dates.
    table = resolver.versioned_resolver
    tried: dict[str, list[tuple[str, Callable[[str], Any]]]] = {}
    # One Tag of each kind: a Tag compares and hashes by its text, which each new Tag
    # decodes from its URI afresh, character by character.
    tags: dict[str, Tag] = {}

    def tag_of(text: str) -> str:
        first = text[:1]
        candidates = tried.get(first)
        if candidates is None:
            listed = [*table.get(first, ()), *table.get(None, ())]
            candidates = tried[first] = [(str(tag), pattern.match) for tag, pattern in listed]
        for tag, match in candidates:
            if match(text):
                return tag
        return _STR_TAG

    def typed(text: str) -> Any:
        name = tag_of(text)
        if name == _STR_TAG:
            return text
        if name in _REFUSED_TAGS:
            return _REFUSED
        tag = tags.get(name)
        if tag is None:
            tag = tags[name] = Tag(suffix=name)
        node = ScalarNode(tag, text)
        make = makers.get(name)
        return make(constructor, node) if make is not None else construct(node, deep=True)

    return typed


_REFUSED = object()


def _refuse(name: str, event: Any, message: Label) -> None:
    mark = event.start_mark
    raise DatasetError.single(name, message, mark.line + 1, mark.column + 1)


class Node:
    """Where a node starts, and where its keys, values and items start (1-based)."""

    __slots__ = ("column", "items", "keys", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.keys: dict[str, tuple[int, int, Node]] = {}
        self.items: list[Node] = []


def positions(text: str, wanted: Iterable[tuple] | None = None) -> Node | None:
    """Line and column of every node of the (first) document, or None when it is not YAML.

    With ``wanted`` (paths as ``locate`` takes them), only the nodes on those paths are
    kept: ``locate`` answers the same for them, and a big file with a few problems is
    located without a node object for each of its values.
    """
    # One pass, no recursion; written for speed: this runs on every node of a file that
    # has problems. Each open collection has its node, or None when no wanted path goes
    # through it (its values are then only counted), and the wanted paths' remainders.
    everything = wanted is None
    if not everything:
        wanted = [tuple(p) for p in wanted]
    # Wanted paths whose last node is not found yet: once none is left the pass stops, so a
    # problem near the top of a big file is located without reading the rest.
    unfound = None if everything else sum(1 for p in wanted if len(p))
    collections: list[Node | None] = []
    remaining: list[dict[Any, list[tuple]]] = []
    is_mapping: list[bool] = []
    pending_key: list[tuple[str, int, int] | None] = []
    counts: list[int] = []
    anchors: dict[str, Node] = {}
    root: Node | None = None
    try:
        for event in _events(text):
            kind = type(event)
            if kind is ScalarEvent or kind is AliasEvent or issubclass(kind, CollectionStartEvent):
                opens = kind is not ScalarEvent and kind is not AliasEvent
                if not collections:
                    follow = None if everything else [p for p in wanted if p]
                    keep, place, ends = True, None, 0
                elif collections[-1] is None:
                    follow, keep, place, ends = None, False, None, 0
                elif is_mapping[-1] and pending_key[-1] is None:
                    # A key: its place is kept with its value's node.
                    mark = event.start_mark
                    value = event.value if kind is ScalarEvent else ""
                    pending_key[-1] = (value, mark.line + 1, mark.column + 1)
                    if opens:
                        collections.append(None)
                        remaining.append({})
                        is_mapping.append(kind is MappingStartEvent)
                        pending_key.append(None)
                        counts.append(0)
                    continue
                else:
                    if is_mapping[-1]:
                        place = pending_key[-1][0]
                    else:
                        place = counts[-1]
                        counts[-1] += 1
                    if everything:
                        follow, keep, ends = None, True, 0
                    else:
                        found = remaining[-1].get(place)
                        keep = found is not None
                        follow = [p for p in found if p] if found else None
                        ends = len(found) - len(follow) if found else 0
                node = None
                if keep:
                    mark = event.start_mark
                    if kind is AliasEvent:
                        if not everything:
                            # A wanted path through an alias: its nodes are the anchor's.
                            return positions(text)
                        node = anchors.get(event.anchor) or Node(mark.line + 1, mark.column + 1)
                    else:
                        node = Node(mark.line + 1, mark.column + 1)
                        if event.anchor is not None and everything:
                            anchors[event.anchor] = node
                    if not collections:
                        root = root or node
                    elif not is_mapping[-1]:
                        parent = collections[-1]
                        if everything:
                            parent.items.append(node)
                        else:
                            # Only the wanted items are kept: the others' places are
                            # filled (with the list itself) so indices stay right.
                            while len(parent.items) < place:
                                parent.items.append(parent)
                            parent.items.append(node)
                    else:
                        key, key_line, key_column = pending_key[-1]
                        if key in collections[-1].keys:
                            ends = 0  # a repeated key: its first place is the one kept
                        collections[-1].keys.setdefault(key, (key_line, key_column, node))
                    if ends:
                        unfound -= ends
                        if unfound <= 0:
                            break
                if collections and is_mapping[-1]:
                    pending_key[-1] = None
                if opens:
                    collections.append(node if (everything or follow) else None)
                    remaining.append(_by_first(follow, kind is MappingStartEvent))
                    is_mapping.append(kind is MappingStartEvent)
                    pending_key.append(None)
                    counts.append(0)
            elif issubclass(kind, CollectionEndEvent):
                collections.pop()
                remaining.pop()
                is_mapping.pop()
                pending_key.pop()
                counts.pop()
                if not collections and root is not None:
                    break
    except YAMLError:
        pass
    return root


def _by_first(paths: list[tuple] | None, mapping: bool) -> dict[Any, list[tuple]]:
    """Paths grouped by the key (its text) or index they take first, each without it."""
    grouped: dict[Any, list[tuple]] = {}
    for path in paths or ():
        first = path[0]
        if mapping:
            first = key_text(first)
            if first is None:
                continue
        elif not isinstance(first, int) or isinstance(first, bool):
            continue
        grouped.setdefault(first, []).append(path[1:])
    return grouped


def locate(root: Node | None, path: tuple, at_key: bool = False) -> tuple[int | None, int | None]:
    """1-based line and column of the node at ``path``; the nearest parent's when it is missing."""
    if root is None:
        return None, None
    node = root
    line, column = 1, 1
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        key = key_text(part)
        if key is not None and key in node.keys:
            key_line, key_column, child = node.keys[key]
            line, column = (
                (key_line, key_column) if (last and at_key) else (child.line, child.column)
            )
            node = child
        elif isinstance(part, int) and not isinstance(part, bool) and 0 <= part < len(node.items):
            node = node.items[part]
            line, column = node.line, node.column
        else:
            line, column = node.line, node.column
            break
    return line, column


def key_text(part: Any) -> str | None:
    if isinstance(part, str):
        return part
    if isinstance(part, bool):
        return "true" if part else "false"
    if isinstance(part, int | float):
        return str(part)
    return None
