"""Small hostile files: each is refused or reported quickly, in one message with its line,
never with a crash, a stall or a flood."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time

import pytest

from desktop.io import DatasetError, default_gazetteer, parse_dataset
from desktop.io.dataset_file import MAX_PROBLEMS
from desktop.io.yamlscan import MAX_DEPTH
from desktop.render.export import ExportOptions, export_bytes
from tests import hostile
from tests.conftest import REPO, THREE_COUNTRIES


def problems_of(text: str) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        parse_dataset(text, "h.yaml")
    return [str(p) for p in caught.value.problems]


def test_deep_brackets_are_refused_at_their_line_without_a_crash(tmp_path):
    # 80 KB of brackets used to overflow the stack and kill the process: run it in one.
    path = tmp_path / "deep.yaml"
    path.write_text(hostile.deep_nesting(40_000), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "validate", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert f"deep.yaml:4:{7 + MAX_DEPTH}: lists and mappings are nested more than 64 deep" in (
        done.stdout + done.stderr
    )
    assert "Traceback" not in done.stderr


def test_deep_block_nesting_is_refused_too():
    found = problems_of(hostile.deep_block_nesting(1_000))
    assert len(found) == 1 and "nested more than 64 deep" in found[0]
    assert found[0].startswith(f"h.yaml:{4 + MAX_DEPTH}:")


def test_a_text_repeated_through_aliases_is_refused_before_it_is_expanded():
    started = time.process_time()
    found = problems_of(hostile.alias_bomb(500_000, 2_000))
    assert time.process_time() - started < 10
    assert found == [
        "h.yaml:28:30: with its aliases (*long) repeated in full, the file would be larger "
        "than 10 MiB"
    ]


def test_nested_aliases_count_every_value_they_repeat():
    laughs = hostile.HEAD + "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for previous, name in zip("abcdefg", "bcdefgh", strict=True):
        laughs += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
    found = problems_of(laughs)
    assert len(found) == 1 and "holds more than 150,000 values" in found[0]
    assert found[0].startswith("h.yaml:9:")


def test_a_few_aliases_still_load():
    text = THREE_COUNTRIES.replace("summary: France leads.", "summary: &said France leads.")
    text = text.replace("summary: Russia rejects the plan.", "summary: *said")
    assert parse_dataset(text, "h.yaml").dataset.nation("RUS").summary == "France leads."


@pytest.mark.slow
def test_thousands_of_undefined_sources_are_listed_capped_with_cheap_hints():
    started = time.process_time()
    found = problems_of(hostile.undefined_sources(3_000))
    elapsed = time.process_time() - started
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1] == f"h.yaml: and {3_000 - MAX_PROBLEMS:,} more problems"
    assert found[0] == (
        "h.yaml:3009:43: source 'ref-00000x' is not defined under sources "
        "(did you mean 'src-00000'?)"
    )
    assert "did you mean" not in found[100]  # hints for the first ones only
    assert elapsed < 10, elapsed  # processor time; was 279 s


@pytest.mark.slow
def test_twenty_thousand_unknown_countries_are_reported_in_seconds():
    started = time.process_time()
    found = problems_of(hostile.unknown_countries(20_000))
    elapsed = time.process_time() - started
    assert found[0] == "h.yaml:5:12: 'Nowhereland 0' is not a country name or code the app knows"
    assert found[-1] == f"h.yaml: and {20_000 - MAX_PROBLEMS:,} more problems"
    assert elapsed < 10, elapsed  # processor time; was 35 s and more


def test_a_control_character_is_reported_at_its_line_and_column():
    assert problems_of(hostile.control_character()) == [
        "h.yaml:3:12: U+0001 is not allowed in a dataset (control characters are not allowed)"
    ]


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://evil.example\\@good.example/", "has a backslash"),
        ("https://evil.example\\.good.example/", "has a backslash"),
        ("https://good.example@evil.example/", "browsers go to 'evil.example'"),
        ("https://good.example%2F@evil.example/", "browsers go to 'evil.example'"),
        ("https://good.exa\tmple/", "control character"),
        ("https://good.example:port/", "is not a valid web address"),
    ],
)
def test_an_address_whose_host_a_browser_reads_differently_is_refused(url, why):
    text = THREE_COUNTRIES.replace('"https://example.org/one"', f'"{url}"'.replace("\\", "\\\\"))
    text = text.replace("\t", "\\t")
    found = problems_of(text)
    assert len(found) == 1
    assert found[0].startswith("h.yaml:6:")
    assert why in found[0]


def test_csv_cells_that_would_run_as_formulas_are_neutralised(write_yaml):
    text = THREE_COUNTRIES.replace("role: Co-lead", 'role: "=HYPERLINK(\\"http://x\\",\\"y\\")"')
    text = text.replace("summary: France leads.", 'summary: "+1+cmd|calc!A0"')
    text = text.replace("summary: Malta is neutral.", 'summary: "@SUM(1,2)"')
    text = text.replace("summary: Russia rejects the plan.", 'summary: "\\t-2+3"')
    dataset = parse_dataset(text, "f.yaml").dataset
    data = export_bytes(dataset, default_gazetteer(), ExportOptions(format="csv"))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert rows[0]["role"] == '\'=HYPERLINK("http://x","y")'
    assert rows[0]["summary"] == "'+1+cmd|calc!A0"
    assert rows[1]["summary"] == "'@SUM(1,2)"
    assert rows[2]["summary"] == "'\t-2+3"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert rows[0]["contributions"] == "2"  # numbers stay numbers
