"""The shape of a coalition-atlas/1 file: keys, types and which are required.

Derived from the format's one declaration, ``desktop.model.dataset.FILE_KEYS`` and the
dataclasses' fields: a key is required when its field has no default, and its type is the
field's. pydantic checks structure (every problem at once, with its path); meaning is
checked by ``desktop.model.validate`` once the objects exist. Keys holding other entities
are taken as plain lists or mappings here; the builder checks each item with its own model.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model
from pydantic_core import SchemaValidator
from pydantic_core import core_schema as cs

from desktop.model.dataset import (
    FILE_KEYS,
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


def _date(value: Any) -> PartialDate:
    try:
        if isinstance(value, str):
            return _date_of_text(value)
        return PartialDate.parse(value)
    except ValueError as error:
        # pydantic reports the error as the problem's message; its argument stays the
        # message it was (a Label the window translates).
        raise ValueError(*error.args) from None


@lru_cache(maxsize=4096)
def _date_of_text(text: str) -> PartialDate:
    # A big file repeats its dates thousands of times; a PartialDate cannot change.
    return PartialDate.parse(text)


Date = Annotated[PartialDate, BeforeValidator(_date)]
Text = Annotated[str, Field(strict=True)]
Number = Annotated[int, Field(strict=True)]
Ids = list[Text]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, strict=False)


Flag = Annotated[bool, Field(strict=True)]

_PLAIN: dict[Any, Any] = {
    str: Text,
    int: Number,
    bool: Flag,
    dict[str, str]: dict[Text, Text],
    PartialDate: Date,
    list[str]: Ids,
}


def _annotation(kind: type, key: str, hint: Any) -> tuple[Any, bool]:
    """The pydantic type of a key, and whether the field may be None."""
    if (kind, key) in NESTED:
        # A list of entities, a mapping of them by id, or a single one (a mapping too).
        container = list[Any] if typing.get_origin(hint) is list else dict[str, Any]
        return container, False
    args = typing.get_args(hint)
    optional = typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args
    base = next(a for a in args if a is not type(None)) if optional else hint
    return _PLAIN[base], optional


def _model(kind: type) -> type[BaseModel]:
    hints = typing.get_type_hints(kind)
    fields = {field.name: field for field in dataclasses.fields(kind)}
    spec: dict[str, Any] = {}
    for key in FILE_KEYS[kind]:
        if kind is Dataset and key == "format":
            spec[key] = (Text, ...)
            continue
        if kind is Dataset and key == "categories":
            # Left out, the default categories apply; given, they replace them.
            spec[key] = (list[Any] | None, None)
            continue
        field = fields[key]
        annotation, optional = _annotation(kind, key, hints[key])
        has_default = (
            field.default is not dataclasses.MISSING
            or field.default_factory is not dataclasses.MISSING
        )
        if not has_default:
            spec[key] = (annotation, ...)
        elif optional:
            spec[key] = (annotation | None, None)
        elif field.default is not dataclasses.MISSING:
            spec[key] = (annotation, field.default)
        elif typing.get_origin(annotation) is dict:
            spec[key] = (annotation, Field(default_factory=dict))
        else:
            spec[key] = (annotation, Field(default_factory=list))
    return create_model(f"{kind.__name__}In", __base__=_Strict, **spec)


DocumentIn = _model(Dataset)
CategoryIn = _model(Category)
UnlistedIn = _model(Unlisted)
TranslationIn = _model(Translation)
SourceIn = _model(Source)
NationIn = _model(Nation)
ContributionIn = _model(Contribution)
HistoryIn = _model(HistoryEntry)
OrganisationIn = _model(Organisation)
StatementIn = _model(Statement)
EventIn = _model(Event)

MODELS: dict[type, type[BaseModel]] = {
    Dataset: DocumentIn,
    Category: CategoryIn,
    Unlisted: UnlistedIn,
    Translation: TranslationIn,
    Source: SourceIn,
    Nation: NationIn,
    Contribution: ContributionIn,
    HistoryEntry: HistoryIn,
    Organisation: OrganisationIn,
    Statement: StatementIn,
    Event: EventIn,
}
"""Each entity's schema."""

KEYS: dict[type[BaseModel], list[str]] = {
    model: list(model.model_fields) for model in MODELS.values()
}
"""Each schema's keys, for "did you mean" hints."""


def required(kind: type) -> list[str]:
    """The keys an entity must have in a file."""
    return [key for key, info in MODELS[kind].model_fields.items() if info.is_required()]


def _field_schemas(model: type[BaseModel]) -> dict[str, Any] | None:
    """The core schema of each of ``model``'s fields (defaults included), or None when pydantic
    lays the model out otherwise than as a model over its fields."""
    outer = model.__pydantic_core_schema__
    inner = outer.get("schema", {}) if outer.get("type") == "model" else {}
    if inner.get("type") != "model-fields":
        return None
    return {name: field["schema"] for name, field in inner["fields"].items()}


def _entity_schema(
    kind: type, nested: dict[str, Any] | None = None, given: tuple[str, ...] = ()
) -> Any | None:
    """A core schema that checks a file's mapping as ``MODELS[kind]`` does and builds the
    ``kind`` object itself, with ``nested`` lists of entities checked and built within it,
    and the ``given`` fields (text the caller adds, such as a source's id) taken as given."""
    fields = _field_schemas(MODELS[kind])
    names = [field.name for field in dataclasses.fields(kind)]
    if fields is not None:
        fields.update({name: cs.str_schema() for name in given})
    if fields is None or sorted(fields) != sorted(names):
        return None
    for key, item in (nested or {}).items():
        fields[key] = cs.with_default_schema(cs.list_schema(item), default_factory=list)
    arguments = cs.dataclass_args_schema(
        kind.__name__,
        [cs.dataclass_field(name, field) for name, field in fields.items()],
        extra_behavior="forbid",
    )
    slots = "__slots__" in kind.__dict__
    return cs.dataclass_schema(kind, arguments, names, slots=slots)


def _entity_readers() -> dict[type, Any]:
    contribution = _entity_schema(Contribution)
    history = _entity_schema(HistoryEntry)
    statement = _entity_schema(Statement)
    schemas = {
        Nation: _entity_schema(Nation, {"contributions": contribution, "history": history})
        if contribution and history
        else None,
        Organisation: _entity_schema(Organisation, {"statements": statement})
        if statement
        else None,
        Event: _entity_schema(Event),
        Source: _entity_schema(Source, given=("id",)),
    }
    return {
        kind: SchemaValidator(made).validate_python
        for kind, made in schemas.items()
        if made is not None
    }


_READERS = _entity_readers()


def read_whole(kind: type, item: Any, **given: str) -> Any | None:
    """The ``kind`` object (a ``Nation``, ``Organisation``, ``Event`` or ``Source``) read
    from a file's mapping in one step, with its lists of entities, when the mapping and
    everything in it is sound; else None, and the caller reads it item by item to report
    each problem. A source is given its ``id``, the key it is filed under.

    The objects equal what reading ``item`` with ``MODELS`` item by item builds: the same
    field schemas check both. A big file's nations are read in a third of the time.
    """
    reader = _READERS.get(kind)
    if reader is None or type(item) is not dict:
        return None
    if given:
        if not given.keys().isdisjoint(item):
            return None  # a key the file may not give: the caller says so
        item = {**item, **given}
    try:
        return reader(item)
    except ValidationError:
        return None
