"""The sovereignty table and the rules that turn map pieces into states."""

from __future__ import annotations

import json

import pycountry
import pytest

from desktop.io.errors import DatasetError
from desktop.io.sovereignty import default_sovereignty, load_sovereignty
from desktop.model.sovereignty import state_counts, unit_positions
from desktop.paths import geodata_path

# NATO's 32 members on 31 December 2024.
NATO_2024 = frozenset(
    """
    ALB BEL BGR CAN HRV CZE DNK EST FIN FRA DEU GRC HUN ISL ITA LVA LTU LUX MNE NLD MKD NOR
    POL PRT ROU SVK SVN ESP SWE TUR GBR USA
    """.split()  # noqa: SIM905 - a grid is easier to check than 32 quoted lines
)


@pytest.fixture(scope="module")
def table():
    return default_sovereignty()


def map_units() -> list[str]:
    with open(geodata_path("countries-index.json"), encoding="utf-8") as handle:
        return [row["iso3"] for row in json.load(handle)]


def test_every_map_unit_and_every_iso_code_has_a_row(table):
    units = map_units()
    assert len(units) >= 241
    assert sorted(set(units) - set(table.units)) == []
    iso = {c.alpha_3 for c in pycountry.countries}
    assert sorted(iso - set(table.units)) == []
    # No row for a code that is neither on the map nor in ISO 3166-1 (a typo would hide there).
    assert sorted(set(table.units) - iso - set(units)) == []


def test_every_row_has_a_published_source(table):
    for code, row in table.units.items():
        assert row.source.url.startswith("https://"), code
        assert row.source.title, code


def test_states_are_un_members_observers_and_the_partly_recognised_drawn(table):
    members = [c for c, r in table.units.items() if r.status == "member"]
    assert len(members) == 193
    assert {c for c, r in table.units.items() if r.status == "observer"} == {"PSE", "VAT"}
    assert {c for c, r in table.units.items() if r.status == "partly-recognised"} == {
        "TWN",
        "XKX",
    }
    assert len(table.states()) == 197
    for code in ("XKX", "TWN", "PSE"):
        assert table.sovereign_of(code) == code


@pytest.mark.parametrize(
    ("unit", "state"),
    [
        ("GRL", "DNK"),
        ("FRO", "DNK"),
        ("ALA", "FIN"),
        ("PRI", "USA"),
        ("GUM", "USA"),
        ("SOL", "SOM"),
        ("CYN", "CYP"),
        ("GUF", "FRA"),
        ("REU", "FRA"),
        ("SJM", "NOR"),
        ("HKG", "CHN"),
        ("GIB", "GBR"),
        ("IOA", "AUS"),
    ],
)
def test_territories_belong_to_their_state(table, unit, state):
    assert table.sovereign_of(unit) == state
    assert unit in table.territories_of(state)
    assert not table.is_counted_state(unit)


@pytest.mark.parametrize("unit", ["ESH", "KAS", "ATA"])
def test_disputed_units_and_antarctica_have_no_sovereign(table, unit):
    row = table.get(unit)
    assert row.sovereign is None and not row.has_sovereign
    assert row.note  # the panel says why
    assert not table.is_counted_state(unit)


def test_iso_3166_2_rows_agree_with_the_iso_subdivision_list(table):
    checked = 0
    for code, row in table.units.items():
        if row.source.key != "iso-3166-2":
            continue
        subdivision = pycountry.subdivisions.get(code=row.ref)
        assert subdivision is not None, (code, row.ref)
        state = pycountry.countries.get(alpha_2=subdivision.country_code)
        assert state.alpha_3 == row.sovereign, code
        checked += 1
    assert checked >= 15


def test_a_broken_table_names_file_and_line(tmp_path):
    path = tmp_path / "sovereignty.yaml"
    path.write_text(
        "sources:\n"
        '  s: {title: T, url: "https://example.org/"}\n'
        "units:\n"
        "  AAA: {status: member, source: s}\n"
        "  BBB: {status: territory, source: s}\n"
        "  CCC: {status: territory, sovereign: ZZZ, source: s}\n"
        "  DDD: {status: colony, source: s}\n",
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as caught:
        load_sovereignty(path)
    text = str(caught.value)
    assert f"{path}:5: BBB: a territory needs its sovereign" in text
    assert f"{path}:6: CCC: sovereign ZZZ is not a state" in text
    assert f"{path}:7: DDD: status 'colony'" in text


# -- positions and counts -------------------------------------------------------------------


def test_unlisted_greenland_takes_denmarks_position_and_listing_it_overrides(table):
    listed = dict.fromkeys(NATO_2024, "member")
    positions = unit_positions(listed, table, map_units())
    assert positions["GRL"].category == "member"
    assert positions["GRL"].via == "DNK"
    assert positions["SOL"].category is None and positions["SOL"].via == "SOM"

    listed["GRL"] = "partner"
    positions = unit_positions(listed, table, map_units())
    assert positions["GRL"].category == "partner"
    assert positions["GRL"].via is None


def test_somaliland_follows_somalia(table):
    positions = unit_positions({"SOM": "yes"}, table, map_units())
    assert positions["SOL"].category == "yes"
    assert positions["SOL"].via == "SOM"


def test_nato_reads_32_members_whether_or_not_greenland_is_listed(table):
    listed = dict.fromkeys(NATO_2024, "member")
    assert state_counts(listed, table, ["member"]) == {"member": 32, None: 197 - 32}
    listed["GRL"] = "member"
    assert state_counts(listed, table, ["member"]) == {"member": 32, None: 197 - 32}


def test_counts_equal_hand_counts_for_states_and_territories(table):
    # France yes; French Guiana no (differs: counts); Reunion yes (same as France: does not);
    # Greenland yes while Denmark is unlisted (differs from "no position": counts);
    # Western Sahara yes (no sovereign: never counted); Kosovo no (a state); Somalia undecided.
    listed = {
        "FRA": "yes",
        "GUF": "no",
        "REU": "yes",
        "GRL": "yes",
        "ESH": "yes",
        "XKX": "no",
        "SOM": "undecided",
        "DEU": None,  # listed, no position yet on this day
    }
    counts = state_counts(listed, table, ["yes", "no", "undecided"])
    assert counts == {"yes": 2, "no": 2, "undecided": 1, None: 197 - 3}
    positions = unit_positions(listed, table, map_units())
    assert [positions[c].counted for c in ("FRA", "GUF", "REU", "GRL", "ESH", "XKX")] == [
        True,
        True,
        False,
        True,
        False,
        True,
    ]
    assert positions["MTQ"].category == "yes" and positions["MTQ"].via == "FRA"
    assert positions["ESH"].category == "yes"
    assert positions["KAS"].category is None and positions["KAS"].via is None
