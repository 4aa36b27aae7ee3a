"""Build the app's one gazetteer: ISO names (pycountry), boundary codes, reviewed aliases."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML

from desktop.model.countries import Country, Gazetteer
from desktop.paths import geodata_path, resource_path

_INVERTED = re.compile(r"^(?P<name>[^,]+), (?P<qualifier>.+)$")


def _uninvert(name: str) -> str | None:
    """ISO writes ``Korea, Republic of``; people write ``Republic of Korea``."""
    match = _INVERTED.match(name)
    if not match:
        return None
    qualifier = match["qualifier"]
    if qualifier.endswith((" of", " of the")) or qualifier in ("British", "U.S."):
        return f"{qualifier} {match['name']}"
    return None


def boundary_index(path: Path | None = None) -> list[dict]:
    """The boundaries' small index (iso3, name, label, area, bbox) without geometry libraries."""
    with open(path or geodata_path("countries-index.json"), encoding="utf-8") as handle:
        return json.load(handle)


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer every part of the app shares (built once per process)."""
    return build_gazetteer(boundary_index(), resource_path("countries", "aliases.yaml"))


def build_gazetteer(index: list[dict], aliases_file: Path) -> Gazetteer:
    """Combine pycountry's ISO 3166-1 names, the boundary index and the alias table."""
    import pycountry  # imported here: it loads its database lazily and costs ~80 ms

    table = YAML(typ="safe").load(aliases_file.read_text(encoding="utf-8")) or {}
    display: dict[str, str] = table.get("display", {})
    extra: dict[str, list[str]] = table.get("aliases", {})
    ambiguous: dict[str, list[str]] = table.get("ambiguous", {})

    on_map = {row["iso3"]: row["name"] for row in index}
    records: dict[str, dict] = {}
    for entry in pycountry.countries:
        names = [entry.name]
        for attribute in ("official_name", "common_name"):
            value = getattr(entry, attribute, None)
            if value:
                names.append(value)
        names += [n for n in (_uninvert(n) for n in list(names)) if n]
        records[entry.alpha_3] = {
            "alpha2": entry.alpha_2,
            "names": names,
            "preferred": getattr(entry, "common_name", None) or entry.name,
        }
    for code, name in on_map.items():
        record = records.setdefault(code, {"alpha2": None, "names": [], "preferred": name})
        record["names"].append(name)

    countries = []
    for code, record in records.items():
        name = display.get(code, record["preferred"])
        aliases = tuple(
            dict.fromkeys(n for n in (*record["names"], *extra.get(code, ())) if n != name)
        )
        countries.append(Country(code, name, record["alpha2"], aliases, code in on_map))
    return Gazetteer.from_countries(countries, ambiguous)
