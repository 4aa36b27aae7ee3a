"""Reading dataset files: from bytes on disk to a checked ``Dataset``, or every problem at once.

The YAML is parsed with ruamel.yaml's round-trip loader so the document keeps comments, key
order and the line of every node: problems point at ``FILE:LINE:COLUMN`` and a later save
can change only what was edited.
"""

from __future__ import annotations

import dataclasses
import difflib
import gc
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver

from desktop.io import schema, yamlfast, yamlscan
from desktop.io.errors import DatasetError, LocatedProblem, candidates
from desktop.io.files import read_limited
from desktop.io.gazetteer import default_gazetteer
from desktop.model.countries import Gazetteer
from desktop.model.dataset import (
    DEFAULT_CATEGORIES,
    FILE_KEYS,
    FORMAT_NAME,
    FORMAT_VERSION,
    NESTED,
    Category,
    Contribution,
    Dataset,
    Event,
    HistoryEntry,
    Nation,
    Organisation,
    Source,
    Statement,
    Translation,
    Unlisted,
)
from desktop.model.dates import PartialDate
from desktop.model.message import N_, Label, Nn_
from desktop.model.problems import Problem
from desktop.model.validate import Hints, advise, validate

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Datasets are text written by people; anything larger is refused before it is read."""

_FORMAT = re.compile(rf"^{FORMAT_NAME}/(\d+)$")


class LoadedDataset:
    """A dataset with the text it came from, so it can be saved back faithfully.

    The round-trip document (comments, key order, positions) is parsed only when a save
    or a problem report needs it: that parse is several times slower than the checking
    parse, and most opened files are only looked at.
    """

    def __init__(
        self,
        dataset: Dataset,
        text: str,
        path: Path | None = None,
        document: CommentedMap | None = None,
    ) -> None:
        self.dataset = dataset
        self.text = text
        self.path = path
        self._document = document
        self._advice: list[Problem] = []
        self._advice_name = ""
        self._advice_tree: yamlscan.Node | None = None

    @property
    def warnings(self) -> list[LocatedProblem]:
        """What the file should fix though it loads (``model.validate.advise``), located.

        Each prints as ``FILE:LINE:COLUMN: warning: message``. A file read in one pass has
        them located as it is read; another needs a second pass over the text (keeping only
        the nodes the warnings name), made here, on first use.
        """
        if not self._advice:
            return []
        tree = self._advice_tree or yamlscan.positions(self.text, [p.path for p in self._advice])
        return [
            dataclasses.replace(
                _locate_problem(tree, self._advice_name, p, self.text), warning=True
            )
            for p in self._advice
        ]

    @property
    def document(self) -> CommentedMap:
        """The round-trip YAML tree of ``text`` (parsed on first use)."""
        if self._document is None:
            self._document = make_yaml().load(self.text)
        return self._document

    @document.setter
    def document(self, value: CommentedMap) -> None:
        self._document = value

    @property
    def name(self) -> str:
        """The file name to show (or ``untitled``)."""
        return self.path.name if self.path else "untitled"


class DateText(str):
    """A date exactly as the file wrote it (``2025-03-02``), kept as text.

    ruamel would turn it into a ``datetime.date`` and fail the whole file on ``2025-02-30``;
    as text, the schema reports the bad date at its own line and a save writes it back as
    it was.
    """


class _Constructor(RoundTripConstructor):
    def construct_yaml_timestamp(self, node, values=None):
        return DateText(node.value)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


class _SafeConstructor(SafeConstructor):
    def construct_yaml_timestamp(self, node, values=None):
        return DateText(node.value)


_SafeConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _SafeConstructor.construct_yaml_timestamp
)


class _Representer(RoundTripRepresenter):
    def ignore_aliases(self, data) -> bool:
        # A dataset is written out in full: an edit that puts one date object in two places
        # must not turn into &id001 / *id001, which nobody editing the file expects.
        return True


def _represent_partial_date(representer: RoundTripRepresenter, value: PartialDate):
    # At the precision it was given: 2025-03-02 plain, "2025-03" and "2025" quoted, as the
    # format guide advises (a bare 2025 would read as a number).
    if value.precision == "day":
        return representer.represent_scalar("tag:yaml.org,2002:timestamp", str(value))
    return representer.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


_Representer.add_representer(
    DateText, lambda r, value: r.represent_scalar("tag:yaml.org,2002:timestamp", str(value))
)
_Representer.add_representer(PartialDate, _represent_partial_date)


def make_yaml() -> YAML:
    """The round-trip YAML reader/writer every dataset read and save uses."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a dataset file's text, refusing what cannot be a dataset with one clear line.

    Raises DatasetError for a missing file, a directory, an empty, oversized, binary or
    non-UTF-8 file. The size is checked before anything is read.
    """
    data = read_limited(
        path,
        folder=N_("is a folder, not a dataset file"),
        too_big=N_("is {size} MiB; datasets are limited to {limit} MiB"),
        limit=MAX_FILE_BYTES,
    )
    return decode(data, str(path))


def decode(data: bytes, name: str) -> str:
    """UTF-8 text from bytes, or a DatasetError saying why it is not a dataset."""
    if not data.strip():
        raise DatasetError.single(name, Label(N_("the file is empty")))
    if b"\x00" in data:
        raise DatasetError.single(name, Label(N_("is a binary file, not a YAML dataset")))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DatasetError.single(
            name,
            Label(
                N_("is not UTF-8 text (byte {byte} cannot be decoded)"),
                byte=f"0x{data[error.start]:02x}",
            ),
            line,
        ) from None
    return text


def load_dataset(path: str | os.PathLike[str], gazetteer: Gazetteer | None = None) -> LoadedDataset:
    """Read, parse and check a dataset file. Raises DatasetError listing every problem."""
    text = read_text(path)
    loaded = parse_dataset(text, str(path), gazetteer)
    loaded.path = Path(path)
    return loaded


def parse_dataset(
    text: str, name: str = "<text>", gazetteer: Gazetteer | None = None
) -> LoadedDataset:
    """Parse and check dataset text; ``name`` is what problems are reported against."""
    # A big file makes a few hundred thousand objects here, kept until its problems are
    # located, and none of them in cycles: the collector's passes over them would cost a
    # fifth of the load. It runs again once they are gone.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse_dataset(text, name, gazetteer)
    finally:
        if collecting:
            gc.enable()


def _parse_dataset(text: str, name: str, gazetteer: Gazetteer | None) -> LoadedDataset:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise DatasetError.single(
            name, Label(N_("is larger than {limit} MiB"), limit=MAX_FILE_BYTES // 1048576)
        )
    if not text.strip():
        raise DatasetError.single(name, Label(N_("the file is empty")))
    # One pass over the C parser's events builds the document, checks its bounds and keeps
    # where each node starts. A file it leaves to the full reader has its bounds checked
    # first (depth, size and alias expansion, on the event stream, so a hostile file is
    # refused before it is built), and only a file with problems pays for a second pass
    # that knows where each node is.
    # A big file is read by rapidyaml when nothing it leaves out can matter (yamlfast).
    checking = _checking_yaml()
    places: yamlscan.Places | yamlfast.Places | None
    fast = yamlfast.load(text, yamlscan.plain_typing(checking))
    if fast is not None:
        document, places = fast
    else:
        places = yamlscan.Places()
        document = yamlscan.plain_load(text, checking, places)
    if document is None:
        places = None
        yamlscan.check_bounds(text, name, MAX_FILE_BYTES)
        document = _load(_checking_yaml(), text, name)

    def nodes_at(problems: list[Problem]) -> yamlscan.Node | None:
        paths = [p.path for p in problems]
        tree = places.tree(paths) if places else None
        return tree or yamlscan.positions(text, paths)

    gazetteer = gazetteer or default_gazetteer()
    builder = _Builder(document, gazetteer)
    dataset = builder.build()
    if builder.problems:
        listed = builder.problems
        if places is not None and len(listed) > MAX_PROBLEMS:
            # Only the first are listed, and a text gives its nodes in the document's order:
            # only those are located, so thousands of problems deep in a big file need no
            # second pass over all of it.
            listed = sorted(listed, key=_text_order(document))[:MAX_PROBLEMS]
        tree = nodes_at(listed)
        located = sorted(
            (_locate_problem(tree, name, p, text) for p in listed),
            key=lambda p: (p.line or 0, p.column or 0),
        )
        total = len(builder.problems)
        raise DatasetError(capped(located, name, total), total)
    loaded = LoadedDataset(dataset, text)
    loaded._advice = [builder.in_document(p) for p in advise(dataset, gazetteer)]
    loaded._advice_name = name
    if loaded._advice and places:
        # Located now, while the places are at hand: later it would take another pass.
        loaded._advice_tree = nodes_at(loaded._advice)
    return loaded


MAX_PROBLEMS = 200
"""Problems listed for one file; the rest are counted in a last line."""


def capped(
    problems: list[LocatedProblem], name: str, total: int | None = None
) -> list[LocatedProblem]:
    """The first ``MAX_PROBLEMS`` problems, then one line saying how many more there are
    (of ``total``, when only the first were given)."""
    total = len(problems) if total is None else total
    if total <= MAX_PROBLEMS:
        return problems
    more = total - MAX_PROBLEMS
    message = Label(*Nn_("and {n:,} more problem", "and {n:,} more problems"), n=more)
    return [*problems[:MAX_PROBLEMS], LocatedProblem(name, message)]


def _text_order(document: dict) -> Callable[[Problem], tuple]:
    """A sort key putting problems in the order of their places in the text, from the
    document alone: a YAML text gives its nodes in the document's order (a mapping's keys
    as written, each key before its value). A problem whose path leaves the document is
    placed at the nearest node on it, as ``yamlscan.locate`` places it."""
    key_orders: dict[int, dict[Any, int]] = {}

    def order(problem: Problem) -> tuple:
        node: Any = document
        steps: list[tuple[int, int]] = []
        for depth, part in enumerate(problem.path):
            if type(node) is dict:
                ranks = key_orders.get(id(node))
                if ranks is None:
                    ranks = key_orders[id(node)] = {key: i for i, key in enumerate(node)}
                place = ranks.get(part)
            elif type(node) is list and type(part) is int and 0 <= part < len(node):
                place = part
            else:
                place = None
            if place is None:
                break
            # A key comes before its value, and the value before what is inside it.
            at_key = problem.at_key and depth == len(problem.path) - 1
            steps.append((place, 0 if at_key else 1))
            node = node[part]
        return tuple(steps)

    return order


class _Resolver(VersionedResolver):
    @property
    def processing_version(self) -> Any:
        # ruamel looks the YAML version up again for every value, through attribute errors,
        # which takes a third of a big file's load; it cannot change within a document.
        version = self.__dict__.get("_version")
        if version is None:
            version = self.__dict__["_version"] = VersionedResolver.processing_version.fget(self)
        return version


def _checking_yaml() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _SafeConstructor
    yaml.Resolver = _Resolver
    return yaml


def _plain_load(text: str) -> dict | None:
    """The document of ``text`` read in one pass (``yamlscan.plain_load``) with the checking
    loader's typing, or None when the full reader must read it."""
    return yamlscan.plain_load(text, _checking_yaml())


def _load(yaml: YAML, text: str, name: str) -> Any:
    try:
        document = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        colour = _unquoted_colour(text, line)
        if colour is not None:
            line, column, value = colour
            raise DatasetError.single(
                name,
                Label(
                    N_(
                        'YAML syntax error: write the colour in quotes, "{value}": unquoted, '
                        "# starts a comment"
                    ),
                    value=value,
                ),
                line,
                column,
            ) from None
        raise yamlscan.syntax_error(error, text, name) from None
    except YAMLError as error:
        raise yamlscan.syntax_error(error, text, name) from None
    except RecursionError:
        raise DatasetError.single(
            name, Label(N_("lists and mappings are nested too deeply")), 1, 1
        ) from None
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        # Malformed YAML can trip the parser in ways it does not wrap in its own errors.
        raise DatasetError.single(
            name, Label(N_("not valid YAML: {reason}"), reason=str(error))
        ) from None
    if document is None:
        raise DatasetError.single(name, Label(N_("the file holds no YAML document")))
    if not isinstance(document, dict):
        raise DatasetError.single(
            name, Label(N_("a dataset must be a mapping of keys (format:, title:, ...)")), 1, 1
        )
    return document


_UNQUOTED_COLOUR = re.compile(r"(?:^|[{,\s])colou?r:\s*(#[0-9A-Fa-f]{3,6})\b")


def _unquoted_colour(text: str, error_line: int | None) -> tuple[int, int, str] | None:
    """The line, column and value of an unquoted ``color: #...`` at or just before an error.

    The commonest slip in hand-written datasets: YAML reads the colour as a comment, and
    the parser then complains a line or two later about something else.
    """
    if error_line is None:
        return None
    lines = text.splitlines()
    for number in range(error_line, max(error_line - 3, 0), -1):
        if number - 1 >= len(lines):
            continue
        match = _UNQUOTED_COLOUR.search(lines[number - 1])
        if match:
            return number, match.start(1) + 1, match.group(1)
    return None


def _locate_problem(
    tree: yamlscan.Node | None, name: str, problem: Problem, text: str
) -> LocatedProblem:
    line, column = yamlscan.locate(tree, problem.path, problem.at_key)
    if (
        problem.path
        and problem.path[-1] in ("color", "colour")
        and problem.message.endswith("not nothing")
    ):
        # Block style: `color: #1b9e77` reads as an empty value followed by a comment.
        key_line, _ = yamlscan.locate(tree, problem.path, at_key=True)
        colour = _unquoted_colour(text, key_line)
        if colour is not None and colour[0] == key_line:
            line, column, value = colour
            message = Label(
                N_('write the colour in quotes, "{value}": unquoted, # starts a comment'),
                value=value,
            )
            return LocatedProblem(name, message, line, column)
    return LocatedProblem(name, problem.message, line, column)


# What a value should be and what it is, as fields of "{where} should be {kind}, not
# {given}": each a message of its own, so the window names it in its language.
_TYPE_WORDS = {
    "string_type": Label(N_("text")),
    "list_type": Label(N_("a list")),
    "dict_type": Label(N_("a mapping of keys")),
    "model_type": Label(N_("a mapping of keys")),
    "model_attributes_type": Label(N_("a mapping of keys")),
    "int_type": Label(N_("a whole number")),
    "int_parsing": Label(N_("a whole number")),
}

# pydantic's own texts for the other errors its checks can raise here, as the app's
# messages (same English), chosen by the error's type so that they can be translated.
_PYDANTIC = {
    "bool_type": N_("{where}: Input should be a valid boolean"),
    "bool_parsing": N_("{where}: Input should be a valid boolean, unable to interpret input"),
}


def _type_name(value: Any) -> str:
    if value is None:
        return Label(N_("nothing"))
    if isinstance(value, bool):
        return Label(N_("true/false"))
    if isinstance(value, int | float):
        return Label(N_("a number"))
    if isinstance(value, str):
        return Label(N_("text"))
    if isinstance(value, list):
        return Label(N_("a list"))
    if isinstance(value, dict):
        return Label(N_("a mapping"))
    return type(value).__name__


class _Builder:
    """Turns the parsed document into model objects, collecting every problem on the way."""

    def __init__(self, document: dict, gazetteer: Gazetteer) -> None:
        self.document = document
        self.gazetteer = gazetteer
        self.problems: list[Problem] = []
        self.hints = Hints()
        # Model problems speak of positions in the model's lists; items that failed to parse
        # were skipped, so these map back to the document's own indices.
        self._nation_paths: dict[int, int] = {}
        self._organisation_paths: dict[int, int] = {}
        self._event_paths: dict[int, int] = {}

    def report(self, path: tuple, message: Label, at_key: bool = False) -> None:
        self.problems.append(Problem(tuple(path), message, at_key))

    def check(self, model: type[BaseModel], value: Any, path: tuple) -> BaseModel | None:
        """Validate one node against its schema; report each error at its own line."""
        if not isinstance(value, dict):
            self.report(
                path,
                Label(
                    N_("{where} should be {kind}, not {given}"),
                    where=_label(path),
                    kind=_TYPE_WORDS["dict_type"],
                    given=_type_name(value),
                ),
            )
            return None
        try:
            return model.model_validate(value if type(value) is dict else dict(value))
        except ValidationError as error:
            errors = error.errors()
        for item in errors:
            self._report_pydantic(model, path, item)
        # Read the item again without its broken keys, so the rest of it is still checked
        # (a bad date must not hide an undefined source next to it). An item whose required
        # key is broken stays unread.
        broken = {item["loc"][0] for item in errors if item["loc"]}
        retry = {k: v for k, v in value.items() if k not in broken}
        retry.update({k: v for k, v in _FILLERS.get(model, {}).items() if k in broken})
        try:
            return model.model_validate(retry)
        except ValidationError:
            return None

    def _report_pydantic(self, model: type[BaseModel], path: tuple, item: dict) -> None:
        loc = tuple(item["loc"])
        full = (*path, *loc)
        kind = item["type"]
        key = loc[-1] if loc else ""
        if kind == "extra_forbidden":
            options = schema.KEYS.get(model, []) if len(loc) == 1 else []
            match = (
                difflib.get_close_matches(str(key), options, n=1, cutoff=0.6)
                if options and self.hints.spend()
                else []
            )
            where = _label(path)
            if match:
                message = Label(
                    N_("unknown key {key} in {where} (did you mean {match}?)"),
                    key=repr(key),
                    where=where,
                    match=repr(match[0]),
                )
            elif options:
                message = Label(
                    N_("unknown key {key} in {where} (expected one of: {options})"),
                    key=repr(key),
                    where=where,
                    options=", ".join(options),
                )
            else:
                message = Label(N_("unknown key {key} in {where}"), key=repr(key), where=where)
            self.report(full, message, at_key=True)
        elif kind == "missing":
            self.report(
                path,
                Label(
                    N_("{where} is missing the required key {key}"),
                    where=_label(path),
                    key=repr(key),
                ),
            )
        elif kind in _TYPE_WORDS:
            self.report(
                full,
                Label(
                    N_("{where} should be {kind}, not {given}"),
                    where=_label(full),
                    kind=_TYPE_WORDS[kind],
                    given=_type_name(item.get("input")),
                ),
            )
        elif kind == "value_error":
            # The validator's own message (a date's, say), kept as the message it raised.
            error = item.get("ctx", {}).get("error")
            reason = error.args[0] if error is not None and error.args else item["msg"]
            if not isinstance(reason, Label):
                reason = str(error) if error is not None else item["msg"]
            self.report(full, Label(N_("{where}: {message}"), where=_label(full), message=reason))
        elif kind in _PYDANTIC:
            self.report(full, Label(_PYDANTIC[kind], where=_label(full)))
        else:
            self.report(
                full, Label(N_("{where}: {message}"), where=_label(full), message=item["msg"])
            )

    # -- building --------------------------------------------------------------------------
    def build(self) -> Dataset:
        doc = self.document
        if not self._check_format(doc.get("format")):
            return Dataset(title="", as_of=PartialDate(1970))
        top = self.check(schema.DocumentIn, {k: v for k, v in doc.items()}, ())
        if top is None:
            # Keep going with what can be read, so one run reports as much as possible.
            top = schema.DocumentIn.model_construct(
                format=doc.get("format"),
                title=doc.get("title") if isinstance(doc.get("title"), str) else "",
                as_of=PartialDate(1970),
                categories=doc.get("categories")
                if isinstance(doc.get("categories"), list)
                else None,
                sources=doc.get("sources") if isinstance(doc.get("sources"), dict) else {},
                nations=doc.get("nations") if isinstance(doc.get("nations"), list) else [],
                organisations=doc.get("organisations")
                if isinstance(doc.get("organisations"), list)
                else [],
                events=doc.get("events") if isinstance(doc.get("events"), list) else [],
                subtitle=None,
                notes=None,
                language=None,
                translations={},
            )
        dataset = Dataset(
            title=top.title if isinstance(top.title, str) else "",
            as_of=top.as_of if isinstance(top.as_of, PartialDate) else PartialDate(1970),
            subtitle=top.subtitle,
            notes=top.notes,
            language=top.language if isinstance(top.language, str) else None,
            format_version=FORMAT_VERSION,
        )
        dataset.categories = self._categories(top.categories)
        dataset.unlisted = self._unlisted(doc.get("unlisted"))
        dataset.sources = self._sources(top.sources or {})
        dataset.nations = self._nations(top.nations or [])
        dataset.organisations = self._organisations(top.organisations or [])
        dataset.events = self._events(top.events or [])
        dataset.translations = self._translations(top.translations or {})
        # Codes were checked while resolving; the model checks meaning.
        for problem in validate(dataset, gazetteer=None):
            self._report_model(problem)
        return dataset

    def _check_format(self, value: Any) -> bool:
        if value is None:
            if "format" not in self.document:
                self.report(
                    (),
                    Label(
                        N_("missing 'format: {format}' line: is this a Coalition Atlas dataset?"),
                        format=f"{FORMAT_NAME}/{FORMAT_VERSION}",
                    ),
                )
            return True
        match = _FORMAT.match(str(value).strip()) if isinstance(value, str) else None
        if not match:
            self.report(
                ("format",),
                Label(
                    N_("format {value} is not a Coalition Atlas format (expected {format})"),
                    value=repr(value),
                    format=f"{FORMAT_NAME}/{FORMAT_VERSION}",
                ),
            )
            return True
        version = int(match.group(1))
        if version > FORMAT_VERSION:
            self.report(
                ("format",),
                Label(
                    N_(
                        "written by a newer Coalition Atlas (format {newer}); "
                        "this version reads {format}: please update the app"
                    ),
                    newer=f"{FORMAT_NAME}/{version}",
                    format=f"{FORMAT_NAME}/{FORMAT_VERSION}",
                ),
            )
            return False
        if version < 1:
            self.report(
                ("format",),
                Label(N_("format {value} is not a Coalition Atlas format"), value=repr(value)),
            )
        return True

    def _categories(self, raw: list | None) -> list[Category]:
        if raw is None:
            return [Category(c.id, c.label, c.color) for c in DEFAULT_CATEGORIES]
        out = []
        for i, item in enumerate(raw):
            parsed = self.check(schema.CategoryIn, item, ("categories", i))
            if parsed:
                out.append(_make(Category, parsed))
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                # Still defined, so nations using it need no second complaint.
                out.append(Category(item["id"], item["id"], "#808080"))
        return out

    def _unlisted(self, raw: Any) -> Unlisted:
        if raw is None:
            return Unlisted()
        parsed = self.check(schema.UnlistedIn, raw, ("unlisted",))
        return _make(Unlisted, parsed) if parsed is not None else Unlisted()

    def _translations(self, raw: dict) -> dict[str, Translation]:
        out = {}
        for key, item in raw.items():
            if not isinstance(key, str):
                self.report(
                    ("translations", key),
                    Label(N_("language code {key} should be text"), key=repr(key)),
                    at_key=True,
                )
                continue
            parsed = self.check(schema.TranslationIn, item, ("translations", key))
            if parsed is not None:
                out[key] = _make(Translation, parsed)
        return out

    def _sources(self, raw: dict) -> dict[str, Source]:
        out = {}
        for key, item in raw.items():
            if not isinstance(key, str):
                self.report(
                    ("sources", key),
                    Label(N_("source id {key} should be text"), key=repr(key)),
                    at_key=True,
                )
                continue
            source = schema.read_whole(Source, item, id=key)
            if source is not None:
                out[key] = source
                continue
            parsed = self.check(schema.SourceIn, item, ("sources", key))
            # A broken source is still "defined": references to it need no second complaint.
            out[key] = (
                _make(Source, parsed, id=key) if parsed else Source(key, "https://invalid.invalid")
            )
        return out

    def _resolve(self, path: tuple, text: str) -> str | None:
        result = self.gazetteer.resolve(text, suggest=self.hints.left > 0)
        if not result.ok and not result.ambiguous:
            self.hints.spend()
        if result.ok:
            return result.code
        named = candidates(self.gazetteer, result.candidates)
        if result.ambiguous:
            message = N_("{text} could mean {named}: write the ISO code")
        elif len(text.strip()) == 3 and text.strip().isalpha():
            message = (
                N_("unknown country code {text} (closest: {named})")
                if named
                else N_("unknown country code {text}")
            )
        else:
            message = (
                N_("{text} is not a country name or code the app knows (closest: {named})")
                if named
                else N_("{text} is not a country name or code the app knows")
            )
        self.report(path, Label(message, text=repr(text), named=named))
        return None

    def _nations(self, raw: list) -> list[Nation]:
        out = []
        for i, item in enumerate(raw):
            base = ("nations", i)
            nation = schema.read_whole(Nation, item)
            if nation is not None:
                # An unresolved name stays as written, as below.
                nation.iso3 = self._resolve((*base, "iso3"), nation.iso3) or nation.iso3
                out.append(nation)
                self._nation_paths[len(out) - 1] = i
                continue
            parsed = self.check(schema.NationIn, item, base)
            if parsed is None:
                continue
            code = self._resolve((*base, "iso3"), parsed.iso3)
            contributions = []
            for j, entry in enumerate(parsed.contributions):
                c = self.check(schema.ContributionIn, entry, (*base, "contributions", j))
                if c:
                    contributions.append(_make(Contribution, c))
            history = []
            for j, entry in enumerate(parsed.history):
                h = self.check(schema.HistoryIn, entry, (*base, "history", j))
                if h:
                    history.append(_make(HistoryEntry, h))
            out.append(
                _make(
                    Nation,
                    parsed,
                    # An unresolved name stays as written: the rest of the nation is still
                    # checked, and the file is refused anyway.
                    iso3=code or parsed.iso3,
                    contributions=contributions,
                    history=history,
                )
            )
            self._nation_paths[len(out) - 1] = i
        return out

    def _organisations(self, raw: list) -> list[Organisation]:
        out = []
        for i, item in enumerate(raw):
            organisation = schema.read_whole(Organisation, item)
            if organisation is not None:
                out.append(organisation)
                self._organisation_paths[len(out) - 1] = i
                continue
            parsed = self.check(schema.OrganisationIn, item, ("organisations", i))
            if parsed is None:
                continue
            statements = []
            for j, entry in enumerate(parsed.statements):
                s = self.check(schema.StatementIn, entry, ("organisations", i, "statements", j))
                if s:
                    statements.append(_make(Statement, s))
            out.append(_make(Organisation, parsed, statements=statements))
            self._organisation_paths[len(out) - 1] = i
        return out

    def _events(self, raw: list) -> list[Event]:
        out = []
        for i, item in enumerate(raw):
            event = schema.read_whole(Event, item)
            parsed = event or self.check(schema.EventIn, item, ("events", i))
            if parsed is None:
                continue
            participants = []
            for j, text in enumerate(parsed.participants):
                code = self._resolve(("events", i, "participants", j), text)
                if code:
                    participants.append(code)
            if event is not None:
                event.participants = participants
            else:
                event = _make(Event, parsed, participants=participants)
            out.append(event)
            self._event_paths[len(out) - 1] = i
        return out

    def _report_model(self, problem: Problem) -> None:
        located = self.in_document(problem)
        self.report(located.path, located.message, located.at_key)

    def in_document(self, problem: Problem) -> Problem:
        """``problem`` addressed in the file (a nation's index in the list as written)."""
        path = list(problem.path)
        if len(path) >= 2 and isinstance(path[1], int):
            table = {
                "nations": self._nation_paths,
                "organisations": self._organisation_paths,
                "events": self._event_paths,
            }.get(path[0])
            if table is not None:
                path[1] = table.get(path[1], path[1])
        return Problem(tuple(path), problem.message, problem.at_key)


def _make(kind: type, parsed: BaseModel, **given: Any):
    """A model object from its checked schema: every plain key of the format's declaration
    (``FILE_KEYS``) read from ``parsed``, the rest (ids, resolved codes, nested entities)
    given."""
    fields = parsed.__dict__  # where pydantic keeps a model's checked values
    values = {}
    for key in _PLAIN_KEYS[kind]:
        if key not in given:
            value = fields[key]
            values[key] = list(value) if isinstance(value, list) else value
    return kind(**values, **given)


_PLAIN_KEYS: dict[type, tuple[str, ...]] = {
    kind: tuple(key for key in keys if (kind, key) not in NESTED)
    for kind, keys in FILE_KEYS.items()
}


# Stand-ins for a broken required key whose value no other check looks at, so the rest of
# the item (an event's participants and sources) is still checked.
_FILLERS: dict[type[BaseModel], dict[str, Any]] = {schema.EventIn: {"date": "1970"}}


def _label(path: tuple) -> str:
    """How to name a place in the document in a message: ``nations[3].contributions[0]``."""
    return Problem(path, "").where() if path else Label(N_("the document"))
