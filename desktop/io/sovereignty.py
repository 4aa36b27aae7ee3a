"""Read the reviewed sovereignty table, ``resources/countries/sovereignty.yaml``."""

from __future__ import annotations

import contextlib
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from desktop.io.errors import DatasetError, LocatedProblem
from desktop.io.yamlscan import plain_load
from desktop.model.asof import snapshot
from desktop.model.countries import Gazetteer
from desktop.model.dataset import Dataset
from desktop.model.sovereignty import (
    STATE_STATUSES,
    STATUSES,
    SovereigntySource,
    SovereigntyTable,
    UnitSovereignty,
    state_counts,
    unshaped_warnings,
)
from desktop.paths import resource_path

SOVEREIGNTY_FILE = ("countries", "sovereignty.yaml")


@cache
def default_sovereignty() -> SovereigntyTable:
    """The app's sovereignty table, read once per process."""
    return load_sovereignty(resource_path(*SOVEREIGNTY_FILE))


def load_sovereignty(path: Path) -> SovereigntyTable:
    """Read a sovereignty table: ``sources`` (key: title, url) and ``units`` (code: row).

    A row has ``status`` (one of ``desktop.model.sovereignty.STATUSES``), ``source`` (a key of
    ``sources``), ``sovereign`` (the state's code: required for a territory, forbidden
    otherwise), and optionally ``name``, ``ref`` and ``note``. Raises ``DatasetError`` listing
    every problem as ``FILE:LINE: message``.
    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
        # The fast C loader first: the app reads this table at every start. Only a table
        # with problems is read again, slowly, to put line numbers on them.
        safe = YAML(typ="safe")
        table, problems = _build(plain_load(text, safe) or safe.load(text), name)
        if problems:
            _, problems = _build(YAML(typ="rt").load(text), name)
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError.single(name, f"cannot read the sovereignty table: {exc}") from exc
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DatasetError.single(name, f"not valid YAML: {exc}", line) from exc
    if problems:
        raise DatasetError(problems)
    return table


def _build(document, name: str) -> tuple[SovereigntyTable, list[LocatedProblem]]:
    problems: list[LocatedProblem] = []

    def report(parent, key, message: str) -> None:
        line = None
        with contextlib.suppress(AttributeError, KeyError, TypeError):
            line = parent.lc.key(key)[0] + 1
        problems.append(LocatedProblem(name, message, line))

    if not isinstance(document, dict) or not isinstance(document.get("units"), dict):
        problems.append(LocatedProblem(name, "expected a mapping with 'sources' and 'units'"))
        return SovereigntyTable({}), problems
    sources: dict[str, SovereigntySource] = {}
    for key, raw in (document.get("sources") or {}).items():
        if not isinstance(raw, dict) or not raw.get("url") or not raw.get("title"):
            report(document["sources"], key, f"source {key!r} needs a title and a url")
            continue
        sources[key] = SovereigntySource(str(key), str(raw["title"]), str(raw["url"]))

    units = document["units"]
    rows: dict[str, UnitSovereignty] = {}
    for code, raw in units.items():
        if not isinstance(raw, dict):
            report(units, code, f"{code}: expected a mapping")
            continue
        status = raw.get("status")
        sovereign = raw.get("sovereign")
        source = sources.get(raw.get("source"))
        if status not in STATUSES:
            report(units, code, f"{code}: status {status!r} is not one of {', '.join(STATUSES)}")
            continue
        if source is None:
            report(units, code, f"{code}: source {raw.get('source')!r} is not in 'sources'")
            continue
        if status == "territory" and not sovereign:
            report(units, code, f"{code}: a territory needs its sovereign")
            continue
        if status != "territory" and sovereign:
            report(units, code, f"{code}: only a territory has a sovereign other than itself")
            continue
        owner = code if status in STATE_STATUSES else sovereign
        rows[str(code)] = UnitSovereignty(
            code=str(code),
            name=str(raw.get("name") or code),
            status=status,
            sovereign=str(owner) if owner else None,
            source=source,
            ref=str(raw["ref"]) if raw.get("ref") else None,
            note=str(raw["note"]) if raw.get("note") else None,
        )
    for code, row in rows.items():
        if row.is_territory:
            state = rows.get(row.sovereign)
            if state is None or not state.is_state:
                report(
                    units, code, f"{code}: sovereign {row.sovereign} is not a state of the table"
                )
    return SovereigntyTable(rows), problems


def shape_warnings(
    dataset: Dataset, gazetteer: Gazetteer | None = None, table: SovereigntyTable | None = None
) -> list[str]:
    """Warnings for the dataset's nations that have no shape on the map (Gibraltar...),
    for a dataset that has no file lines to point at (a sheet's import).

    Each says how the map shows the code instead; see
    ``desktop.model.sovereignty.unshaped_warnings``. Defaults: the app's gazetteer and table.
    A loaded file gets the same warnings located, from ``model.validate.advise``.
    """
    if gazetteer is None:
        from desktop.io.gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    table = table or gazetteer.sovereignty or default_sovereignty()

    def on_map(code: str) -> bool:
        country = gazetteer.get(code)
        return country is not None and country.on_map

    return unshaped_warnings((n.iso3 for n in dataset.nations), table, on_map, gazetteer.name)


def state_totals(dataset: Dataset, table: SovereigntyTable | None = None) -> dict[str | None, int]:
    """Sovereign states per category id at the dataset's as-of date, None for the rest.

    The counts ``validate`` prints; see ``desktop.model.sovereignty.state_counts``.
    """
    categories = snapshot(dataset).categories
    return state_counts(
        categories, table or default_sovereignty(), [c.id for c in dataset.categories]
    )
