"""The shape of a coalition-atlas/1 file: keys, types and which are required.

pydantic checks structure (every problem at once, with its path); meaning is checked by
``desktop.model.validate`` once the objects exist.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from desktop.model.dates import PartialDate


def _date(value: Any) -> PartialDate:
    try:
        return PartialDate.parse(value)
    except ValueError as error:
        # pydantic reports ValueError text as the problem's message.
        raise ValueError(str(error)) from None


Date = Annotated[PartialDate, BeforeValidator(_date)]
Text = Annotated[str, Field(strict=True)]
Ids = Annotated[list[Annotated[str, Field(strict=True)]], Field(default_factory=list)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, strict=False)


class CategoryIn(_Strict):
    id: Text
    label: Text
    color: Text


class SourceIn(_Strict):
    url: Text
    title: Text | None = None
    publisher: Text | None = None
    date: Date | None = None


class ContributionIn(_Strict):
    kind: Text
    text: Text
    sources: Ids
    date: Date | None = None
    confidence: Text | None = None
    note: Text | None = None


class HistoryIn(_Strict):
    date: Date
    category: Text
    note: Text | None = None
    sources: Ids


class NationIn(_Strict):
    iso3: Text
    category: Text
    role: Text | None = None
    summary: Text | None = None
    confidence: Text | None = None
    sources: Ids
    contributions: list[Any] = Field(default_factory=list)
    history: list[Any] = Field(default_factory=list)


class StatementIn(_Strict):
    text: Text
    date: Date | None = None
    sources: Ids


class OrganisationIn(_Strict):
    name: Text
    role: Text | None = None
    summary: Text | None = None
    sources: Ids
    statements: list[Any] = Field(default_factory=list)


class EventIn(_Strict):
    date: Date
    title: Text
    place: Text | None = None
    summary: Text | None = None
    participants: Ids
    participant_count: Annotated[int, Field(strict=True)] | None = None
    note: Text | None = None
    sources: Ids


class DocumentIn(_Strict):
    format: Text
    title: Text
    subtitle: Text | None = None
    as_of: Date
    notes: Text | None = None
    categories: list[Any] | None = None
    sources: dict[str, Any] = Field(default_factory=dict)
    nations: list[Any] = Field(default_factory=list)
    organisations: list[Any] = Field(default_factory=list)
    events: list[Any] = Field(default_factory=list)


KEYS: dict[type[BaseModel], list[str]] = {
    model: list(model.model_fields)
    for model in (
        CategoryIn,
        SourceIn,
        ContributionIn,
        HistoryIn,
        NationIn,
        StatementIn,
        OrganisationIn,
        EventIn,
        DocumentIn,
    )
}
