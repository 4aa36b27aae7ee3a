"""The nations table as CSV: what a spreadsheet or a newsroom's data desk wants."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping

from desktop.model.asof import contributions_on
from desktop.model.dataset import CONTRIBUTION_KINDS, Dataset

COLUMNS = (
    "iso3",
    "name",
    "category",
    "category_label",
    "part_of",
    "counted",
    "role",
    "confidence",
    "contributions",
    "contribution_kinds",
    "summary",
    "sources",
    "source_urls",
)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is read by spreadsheets as a formula (CSV injection)."""


def neutralised(value: object) -> object:
    """``value`` as a CSV cell no spreadsheet runs as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    apostrophe, as OWASP recommends against CSV injection: the cell shows as text (with
    the apostrophe) instead of running. Numbers are written as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def nations_csv(
    dataset: Dataset,
    day: dt.date,
    names: Mapping[str, str],
    categories: Mapping[str, str | None],
    labels: Mapping[str | None, str],
    part_of: Mapping[str, str] | None = None,
    counted: Mapping[str, bool] | None = None,
) -> str:
    """One row per listed nation as of ``day``.

    ``names``, ``categories`` and ``labels`` come from the map of the day (code to display
    name, code to category id or None, category id or None to the legend's label), so the
    table says what the map shows; so do ``part_of`` (a territory's state) and ``counted``
    (whether the row adds one to its category's count in the legend: summing the rows where
    it is ``yes`` by category gives the legend's counts of listed states). UTF-8 text with a
    header row; ``contributions`` counts those known on the day, ``contribution_kinds``
    lists their kinds, ``source_urls`` the nation's own sources separated by spaces.
    """
    part_of = part_of or {}
    counted = counted or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for nation in dataset.nations:
        category = categories.get(nation.iso3)
        shown = contributions_on(nation, day)
        kinds = [k for k in CONTRIBUTION_KINDS if any(c.kind == k for c in shown)]
        urls = [dataset.sources[s].url for s in nation.sources if s in dataset.sources]
        row = [
            nation.iso3,
            names.get(nation.iso3, nation.iso3),
            category or "",
            labels.get(category, ""),
            part_of.get(nation.iso3, ""),
            "yes" if counted.get(nation.iso3, True) else "no",
            (nation.role or "") if category else "",
            nation.confidence or "",
            len(shown),
            ";".join(kinds),
            nation.summary or "",
            len(nation.sources),
            " ".join(urls),
        ]
        writer.writerow([neutralised(cell) for cell in row])
    return buffer.getvalue()
