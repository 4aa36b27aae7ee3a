"""The dataset as plain Python objects: no Qt, no geometry library, quick to import."""

from desktop.model.asof import Snapshot, category_on, changes_between, snapshot
from desktop.model.countries import Country, Gazetteer, Resolution, normalise
from desktop.model.dataset import (
    CONTRIBUTION_KINDS,
    DEFAULT_CATEGORIES,
    NO_POSITION_LABEL,
    Category,
    Contribution,
    Dataset,
    Event,
    HistoryEntry,
    Nation,
    Organisation,
    Source,
    Statement,
    Unlisted,
)
from desktop.model.dates import PartialDate
from desktop.model.problems import Problem
from desktop.model.validate import validate

__all__ = [
    "CONTRIBUTION_KINDS",
    "DEFAULT_CATEGORIES",
    "NO_POSITION_LABEL",
    "Category",
    "Contribution",
    "Country",
    "Dataset",
    "Event",
    "Gazetteer",
    "HistoryEntry",
    "Nation",
    "Organisation",
    "PartialDate",
    "Problem",
    "Resolution",
    "Snapshot",
    "Source",
    "Statement",
    "Unlisted",
    "category_on",
    "changes_between",
    "normalise",
    "snapshot",
    "validate",
]
