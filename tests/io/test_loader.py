"""The loader reports every problem at once, each at its line and column."""

import re

import pytest

from desktop.io import DatasetError, load_dataset, parse_dataset
from desktop.model import PartialDate

HEAD = """\
format: coalition-atlas/1
title: T
as_of: 2026-02-24
sources:
  a: {url: "https://example.org/a"}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        parse_dataset(text, "f.yaml")
    return [str(p) for p in caught.value.problems]


def one(text: str) -> str:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_the_three_country_fixture_loads(three_countries):
    loaded = load_dataset(three_countries)
    data = loaded.dataset
    assert [n.iso3 for n in data.nations] == ["FRA", "MLT", "RUS"]
    assert data.counts() == {"participating": 1, "opposing": 1, "undecided": 1}
    assert data.nations[0].contributions[1].date == PartialDate(2025, 4)
    assert data.sources["s2"].display_title() == "news.example.com"
    assert data.events[0].participants == ["FRA"]
    assert [c.id for c in data.categories] == ["participating", "opposing", "undecided"]


def test_a_country_name_is_accepted_in_place_of_the_code():
    data = parse_dataset(HEAD + "nations:\n  - {iso3: Türkiye, category: participating}\n").dataset
    assert data.nations[0].iso3 == "TUR"


def test_unknown_iso_code_names_the_closest_matches():
    msg = one(HEAD + "nations:\n  - {iso3: GBX, category: participating}\n")
    assert msg.startswith("f.yaml:7:12: unknown country code 'GBX'")
    assert "GBR (United Kingdom)" in msg


def test_ambiguous_and_unresolvable_names():
    found = problems(
        HEAD
        + "nations:\n  - {iso3: Korea, category: opposing}\n  - {iso3: Atlantis, category: opposing}\n"
    )
    assert found[0].startswith(
        "f.yaml:7:12: 'Korea' could mean KOR (South Korea), PRK (North Korea)"
    )
    assert found[1].startswith("f.yaml:8:12: 'Atlantis' is not a country name or code")


def test_duplicate_nation_points_at_the_second_one():
    msg = one(
        HEAD + "nations:\n  - {iso3: GBR, category: opposing}\n  - {iso3: UK, category: opposing}\n"
    )
    assert msg == "f.yaml:8:12: GBR is listed more than once"


def test_undefined_category_and_source_ids_suggest_the_nearest():
    found = problems(
        HEAD
        + "nations:\n"
        + "  - iso3: FRA\n"
        + "    category: participatin\n"
        + "    sources: [a, b]\n"
    )
    assert found == [
        "f.yaml:8:15: category 'participatin' is not defined (did you mean 'participating'?)",
        "f.yaml:9:18: source 'b' is not defined under sources",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("as_of: 2025-02-30", "f.yaml:3:8: as_of: no such date: 2025-02-30"),
        ("as_of: March 2025", "f.yaml:3:8: as_of: not a date: 'March 2025'"),
    ],
)
def test_bad_dates(line, expected):
    text = HEAD.replace("as_of: 2026-02-24", line)
    assert one(text).startswith(expected)


def test_bad_colour_and_non_http_url():
    text = HEAD.replace('"https://example.org/a"', '"javascript:alert(1)"') + (
        "categories:\n  - {id: yes-ish, label: Yes, color: blue}\n"
    )
    found = problems(text)
    assert "f.yaml:5:12: source 'a': 'javascript:alert(1)' is not an http(s) URL" in found
    assert any(re.match(r"f\.yaml:7:\d+: 'blue' is not a colour", p) for p in found), found


def test_unknown_key_says_did_you_mean():
    found = problems(HEAD + "categories:\n  - {id: a, label: A, colour: '#ffffff'}\n")
    assert "f.yaml:7:23: unknown key 'colour' in categories[0] (did you mean 'color'?)" in found
    assert "f.yaml:7:5: categories[0] is missing the required key 'color'" in found


def test_wrong_types_say_what_was_expected():
    found = problems(HEAD + "nations: {GBR: participating}\n")
    assert "f.yaml:6:10: nations should be a list, not a mapping" in found


def test_newer_format_is_refused_plainly():
    msg = one(HEAD.replace("coalition-atlas/1", "coalition-atlas/2") + "nations: 7\n")
    assert msg.startswith(
        "f.yaml:1:9: written by a newer Coalition Atlas (format coalition-atlas/2)"
    )


def test_missing_format_and_foreign_format():
    assert any("missing 'format: coalition-atlas/1'" in p for p in problems(HEAD.split("\n", 1)[1]))
    assert "is not a Coalition Atlas format" in one(HEAD.replace("coalition-atlas/1", "geojson"))


def test_history_must_agree_with_the_category_at_as_of():
    msg = one(
        HEAD
        + "nations:\n"
        + "  - iso3: AUT\n"
        + "    category: participating\n"
        + "    history:\n"
        + "      - {date: 2025-03-02, category: undecided, sources: [a]}\n"
    )
    assert msg == (
        "f.yaml:8:15: AUT: category is 'participating' but its history gives 'undecided' "
        "at as_of 2026-02-24"
    )


def test_every_problem_is_reported_in_one_pass():
    text = (
        HEAD
        + "nations:\n"
        + "  - iso3: FRA\n"
        + "    category: participating\n"
        + "    contributions:\n"
        + "      - {kind: tropps, text: x, sources: [zz], date: 2025-02-30}\n"
        + "  - {iso3: GBX, category: nope}\n"
        + "events:\n"
        + "  - {date: 2025-13-01, title: E, participants: [FRA, ZZZ]}\n"
    )
    found = problems(text)
    assert len(found) == 7, found
    lines = [int(p.split(":")[1]) for p in found]
    assert lines == sorted(lines)


def test_yaml_syntax_error_has_a_line():
    msg = one(HEAD + "nations: [\n  - {iso3: FRA\n")
    assert re.match(r"f\.yaml:\d+:\d+: YAML syntax error", msg), msg


def test_duplicate_keys_are_a_located_error():
    msg = one(HEAD + "title: again\n")
    assert re.match(r"f\.yaml:\d+:\d+: YAML syntax error", msg), msg


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "42\n"])
def test_a_document_that_is_not_a_mapping(text):
    assert "must be a mapping" in one(text)


def test_an_unquoted_colour_is_explained_at_its_own_line():
    flow = HEAD + "categories:\n  - {id: a, label: A, color: #1b9e77}\n"
    assert one(flow).startswith(
        'f.yaml:7:30: YAML syntax error: write the colour in quotes, "#1b9e77"'
    )
    block = HEAD + "categories:\n  - id: a\n    label: A\n    color: #1b9e77\nnations: []\n"
    assert (
        one(block)
        == 'f.yaml:9:12: write the colour in quotes, "#1b9e77": unquoted, # starts a comment'
    )
