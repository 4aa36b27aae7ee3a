"""Build the app's one gazetteer from named sources.

* ISO 3166-1 names (pycountry: short, official and common names) and ISO 3166-3 former
  names of countries that were renamed (Burma, Zaire, Dahomey, Upper Volta...);
* UN names (M49, UNTERM short and formal) and CLDR English names, from
  ``resources/countries/registry-names.json``, which ``build_names.py`` derives from the
  registry packages hdx-python-country and Babel;
* the names and codes the boundaries carry;
* ``resources/countries/aliases.yaml``: reviewed display names, aliases, other codes (EU,
  Kosovo), the abbreviations of the World Bank's naming style, and names that must be asked.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML

from desktop.io.yamlscan import plain_load
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
    """The gazetteer every part of the app shares (built once per process), with the
    sovereignty table, so that whoever names countries also knows whose they are."""
    from desktop.io.sovereignty import default_sovereignty

    gazetteer = build_gazetteer(boundary_index(), resource_path("countries", "aliases.yaml"))
    gazetteer.sovereignty = default_sovereignty()
    return gazetteer


def _former_names(pycountry) -> dict[str, list[str]]:
    """Alpha-2 -> former names of renamed countries, from ISO 3166-3 (pycountry).

    ISO 3166-3 writes a withdrawn entry's successor as the last two letters of its alpha-4
    code (``BUMM``: Burma became MM). A country that was only renamed keeps its numeric code
    (Burma and Myanmar are both 104); a merged or divided one does not (the German
    Democratic Republic, 278, is not Germany, 276), and is left out: a sheet about 1985
    naming it does not mean today's Germany.
    """
    numeric = {c.alpha_2: c.numeric for c in pycountry.countries}
    former: dict[str, list[str]] = {}
    for entry in pycountry.historic_countries:
        successor = entry.alpha_4[2:]
        if numeric.get(successor) != getattr(entry, "numeric", None):
            continue
        name = entry.name
        names = [name]
        # "Zaire, Republic of": the name alone, and the name the way it reads.
        head, _, qualifier = name.partition(", ")
        if qualifier:
            names += [head, _uninvert(name) or f"{qualifier} {head}"]
        former.setdefault(successor, []).extend(names)
    return former


def build_gazetteer(
    index: list[dict], aliases_file: Path, names_file: Path | None = None
) -> Gazetteer:
    """Combine ISO names (pycountry), UN and CLDR names, the boundary index and the aliases.

    ``names_file`` is the derived ``registry-names.json`` (default: beside ``aliases_file``).
    """
    import pycountry  # imported here: it loads its database lazily and costs ~80 ms

    yaml = YAML(typ="safe")
    text = aliases_file.read_text(encoding="utf-8")
    table = plain_load(text, yaml) or yaml.load(text) or {}
    display: dict[str, str] = table.get("display", {})
    extra: dict[str, list[str]] = table.get("aliases", {})
    ambiguous: dict[str, list[str]] = table.get("ambiguous", {})
    codes: dict[str, str] = table.get("codes", {})
    abbreviations: dict[str, str] = table.get("abbreviations", {})
    names_file = names_file or aliases_file.with_name("registry-names.json")
    registry = json.loads(names_file.read_text(encoding="utf-8"))
    former = _former_names(pycountry)

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
    # Two-letter codes in the codes table (Kosovo's XK) act as alpha-2 codes for CLDR too.
    alpha3_of = {r["alpha2"]: c for c, r in records.items() if r["alpha2"]}
    alpha3_of.update({k: v for k, v in codes.items() if len(k) == 2})
    for code, names in registry.get("un", {}).items():
        if code in records:
            records[code]["names"] += names
    for alpha2, name in registry.get("cldr", {}).items():
        if alpha2 in alpha3_of and alpha3_of[alpha2] in records:
            records[alpha3_of[alpha2]]["names"].append(name)
    for alpha2, names in former.items():
        if alpha2 in alpha3_of:
            records[alpha3_of[alpha2]]["names"] += names

    countries = []
    for code, record in records.items():
        name = display.get(code, record["preferred"])
        aliases = tuple(
            dict.fromkeys(n for n in (*record["names"], *extra.get(code, ())) if n != name)
        )
        countries.append(Country(code, name, record["alpha2"], aliases, code in on_map))
    return Gazetteer.from_countries(countries, ambiguous, codes, abbreviations)
