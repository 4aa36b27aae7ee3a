"""Hostile and unlucky sheets: each imports or is refused within seconds, in one line."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from desktop.io import DatasetError
from desktop.io.sheet import read_sheet
from desktop.io.sheet.decode import MAX_CELLS, MAX_COLUMNS, MAX_ROWS
from tests import hostile
from tests.conftest import REPO


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def refusal(path) -> str:
    with pytest.raises(DatasetError) as caught:
        read_sheet(str(path))
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def test_a_cell_in_the_last_column_of_every_row_costs_one_cell(tmp_path):
    # Each row used to expand to 16,384 cells: 60 s and 733 MB for this 50 KB file.
    path = write(tmp_path, "wide.xlsx", hostile.xlsx_last_column(10_000))
    started = time.process_time()
    result = read_sheet(str(path))
    assert time.process_time() - started < 3  # a grid of 164 million cells takes longer
    assert result.dataset.nations == []
    assert any(
        f"10,000 cell(s) past column {MAX_COLUMNS} were not read" in str(note)
        for note in result.warnings
    ), [str(n) for n in result.warnings]


def test_millions_of_shared_strings_are_refused_before_they_are_read(tmp_path):
    path = write(tmp_path, "strings.xlsx", hostile.xlsx_shared_strings(2 * MAX_CELLS))
    started = time.process_time()
    assert refusal(path) == (
        f"{path}: holds more than {MAX_CELLS:,} shared texts; it is not a coalition sheet"
    )
    assert time.process_time() - started < 5


def test_a_sheet_of_a_million_rows_is_refused_before_it_is_read(tmp_path):
    path = write(tmp_path, "long.xlsx", hostile.xlsx_many_rows(200_000))
    started = time.process_time()
    assert refusal(path) == f"{path}: has more than {MAX_ROWS:,} rows"
    assert time.process_time() - started < 5


def test_one_new_source_address_per_row_imports_in_linear_time(tmp_path):
    path = write(tmp_path, "sources.csv", hostile.csv_source_per_row(10_000))
    started = time.process_time()
    result = read_sheet(str(path))
    assert time.process_time() - started < 10  # was 31 s and more
    assert len(result.dataset.sources) == 10_000
    assert {"example.org-1", "example.org-10000"} <= set(result.dataset.sources)


def test_a_csv_cell_longer_than_128_kib_is_read(tmp_path):
    path = write(tmp_path, "long-cell.csv", hostile.csv_huge_cell(200_000))
    result = read_sheet(str(path))
    assert result.dataset.nation("FRA").summary == "y" * 200_000


def test_the_command_line_imports_a_long_cell_without_a_traceback(tmp_path):
    path = write(tmp_path, "long-cell.csv", hostile.csv_huge_cell(200_000))
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "import", str(path), "-o", str(tmp_path / "o.yaml")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("rows", "columns", "why"),
    [
        (2_000, 16_000, f"has values past column {MAX_COLUMNS}; the import reads no further"),
        (200_000, 2, f"has more than {MAX_ROWS:,} rows"),
        (40_000, 20, f"has more than {MAX_CELLS:,} cells"),
    ],
)
def test_an_ods_value_repeated_into_millions_of_cells_is_refused_before_reading(
    tmp_path, rows, columns, why
):
    # 800 bytes that python-calamine would read as a grid: 3 GB and 15 s for the first.
    path = write(tmp_path, "repeated.ods", hostile.ods_repeated_value(rows, columns))
    started = time.process_time()
    assert refusal(path) == f"{path}: {why}"
    assert time.process_time() - started < 2


def test_an_ods_with_a_few_repeated_values_still_reads(tmp_path):
    path = write(tmp_path, "few.ods", hostile.ods_repeated_value(3, 2))
    result = read_sheet(str(path))
    assert [str(p).split(": ", 1)[1] for p in result.problems][:1] == [
        "'1' is not a country name or code the app knows"
    ]
