"""The nations table as CSV: what a spreadsheet or a newsroom's data desk wants."""

from __future__ import annotations

import csv
import datetime as dt
import io

from desktop.model.asof import category_on, contributions_on
from desktop.model.countries import Gazetteer
from desktop.model.dataset import CONTRIBUTION_KINDS, Dataset

COLUMNS = (
    "iso3",
    "name",
    "category",
    "category_label",
    "role",
    "confidence",
    "contributions",
    "contribution_kinds",
    "summary",
    "sources",
    "source_urls",
)


def nations_csv(dataset: Dataset, gazetteer: Gazetteer, day: dt.date | None = None) -> str:
    """One row per listed nation as of ``day`` (default: the dataset's as-of date).

    UTF-8 text with a header row; ``contributions`` counts those known on the day,
    ``contribution_kinds`` lists their kinds, ``source_urls`` the nation's own sources
    separated by spaces.
    """
    day = day or dataset.as_of.start
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for nation in dataset.nations:
        category = dataset.category(category_on(nation, day))
        shown = contributions_on(nation, day)
        kinds = [k for k in CONTRIBUTION_KINDS if any(c.kind == k for c in shown)]
        urls = [dataset.sources[s].url for s in nation.sources if s in dataset.sources]
        writer.writerow(
            [
                nation.iso3,
                gazetteer.name(nation.iso3),
                category.id if category else "",
                category.label if category else "No stated position",
                (nation.role or "") if category else "",
                nation.confidence or "",
                len(shown),
                ";".join(kinds),
                nation.summary or "",
                len(nation.sources),
                " ".join(urls),
            ]
        )
    return buffer.getvalue()
