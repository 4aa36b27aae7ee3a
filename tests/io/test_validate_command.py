"""`coalition-atlas validate`: counts on success; one clear line for files that are not datasets."""

import subprocess
import sys
import time

import pytest

from tests.conftest import SMALL


def run(*args, timeout=30):
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "validate", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return result, time.perf_counter() - started


def test_valid_files_print_ok_with_their_counts(three_countries):
    result, _ = run(three_countries)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"{three_countries}: OK: 3 nations (participating 1, opposing 1, undecided 1), "
        "2 contributions, 2 sources"
    )


def test_the_test_dataset_validates_with_its_hand_counted_figures():
    result, _ = run(SMALL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"{SMALL}: OK: 18 nations (participating 12, opposing 3, undecided 3), "
        "7 contributions, 9 sources"
    )


def test_invalid_file_prints_each_problem_and_exits_1(write_yaml, three_countries):
    bad = write_yaml(
        "format: coalition-atlas/1\ntitle: X\nas_of: 2025-13-01\nnations: [{iso3: GBX, category: x}]\n"
    )
    result, _ = run(three_countries, bad)
    assert result.returncode == 1
    assert f"{three_countries}: OK" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == f"{bad}: INVALID: 3 problems"
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert "Traceback" not in result.stderr


def test_a_file_with_more_problems_than_are_listed_counts_them_all(write_yaml):
    nations = "".join(f"  - {{iso3: FRA, category: nowhere{i}}}\n" for i in range(250))
    bad = write_yaml(f"format: coalition-atlas/1\ntitle: X\nas_of: 2025-01-01\nnations:\n{nations}")
    result, _ = run(bad)
    lines = result.stderr.strip().splitlines()
    # 250 unknown categories and 249 nations listed twice; 200 of them listed.
    assert lines[-2] == f"{bad}: and 299 more problems"
    assert lines[-1] == f"{bad}: INVALID: 499 problems"
    assert len(lines) == 202


def make_files(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "empty.yaml").write_bytes(b"")
    (tmp_path / "binary.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (tmp_path / "latin1.yaml").write_bytes(
        "format: coalition-atlas/1\ntitle: Caf\xe9\n".encode("latin-1")
    )
    with open(tmp_path / "huge.yaml", "wb") as handle:
        handle.write(b"format: coalition-atlas/1\n")
        handle.truncate(50 * 1024 * 1024)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.yaml", "no such file"),
        ("folder.yaml", "is a folder, not a dataset file"),
        ("empty.yaml", "the file is empty"),
        ("binary.yaml", "is a binary file, not a YAML dataset"),
        ("latin1.yaml", "is not UTF-8 text (byte 0xe9 cannot be decoded)"),
        ("huge.yaml", "is 50.0 MiB; datasets are limited to 10 MiB"),
    ],
)
def test_files_that_are_not_datasets_give_one_clear_line_quickly(tmp_path, name, message):
    make_files(tmp_path)
    result, seconds = run(tmp_path / name)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert lines[0].startswith(str(tmp_path / name))
    assert "Traceback" not in result.stderr
    assert seconds < 10


def test_warnings_name_file_line_and_column_and_still_exit_0(write_yaml):
    path = write_yaml(
        """
        format: coalition-atlas/1
        title: Pacific pact
        as_of: 2025-06-01
        categories:
          - {id: member, label: Member, color: "#0072B2"}
        sources:
          pif: {url: "https://example.org/communique", title: Communiqué}
        nations:
          - iso3: FJI
            category: member
            sources: [pif]
          - iso3: TON
            category: member
          - iso3: WSM
            category: member
            history:
              - {date: 2025-05-01, category: member, sources: [pif]}
              - {date: "2025-03", category: member}
        """
    )
    result, _ = run(path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{path}: OK: 3 nations")
    assert result.stderr.splitlines() == [
        f"{path}:12:11: warning: TON has no source: add one under sources, to it or to a"
        " contribution",
        f"{path}:18:16: warning: WSM: history entry 2025-03 is listed after 2025-05-01; the"
        " app goes by the dates, so list them in date order",
    ]


def test_a_nation_cited_only_by_its_contribution_or_history_has_no_warning(write_yaml):
    path = write_yaml(
        """
        format: coalition-atlas/1
        title: Pacific pact
        as_of: 2025-06-01
        categories:
          - {id: member, label: Member, color: "#0072B2"}
        sources:
          pif: {url: "https://example.org/communique", title: Communiqué}
        nations:
          - iso3: FJI
            category: member
            contributions:
              - {kind: naval, text: Patrol boat, sources: [pif]}
          - iso3: WSM
            category: member
            history:
              - {date: "2025", category: member}
              - {date: 2025-05-01, category: member, sources: [pif]}
        """
    )
    result, _ = run(path)
    assert result.returncode == 0
    assert result.stderr == ""
