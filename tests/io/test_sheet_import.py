"""Spreadsheet import: messy sheets read right, bad rows named by row, nothing wrong slips in."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop.io import DatasetError, default_gazetteer, load_dataset
from desktop.io.save import save_dataset
from desktop.io.sheet import BadRows, NothingImported, accept_import, parse_sheet_date, read_sheet
from desktop.model import PartialDate
from desktop.model.dataset import (
    EXTRA_PALETTE,
)
from desktop.model.validate import validate

SHEETS = Path(__file__).resolve().parent.parent / "data" / "sheets"
MESSY = SHEETS / "messy.csv"

# What messy.csv must give. Written out by hand from the fixture, not computed.
PARTICIPATING = {
    "GBR", "FRA", "DEU", "CZE", "NLD", "POL", "ITA", "ESP", "CAN", "AUS", "NZL", "DNK",
    "SWE", "NOR", "FIN", "EST", "LVA", "LTU", "BEL", "LUX", "ROU", "HRV", "ISL",
}  # fmt: skip
UNDECIDED = {"TUR", "CIV", "JPN", "IRL", "PRT", "GRC", "BGR", "MDA", "GEO", "USA"}
OPPOSING = {"HUN", "SVK", "RUS"}
OBSERVER = {"KOR"}

# (row, column, a piece of the message): every bad row of messy.csv.
BAD_ROWS = [
    (8, 1, "'Deutschland' is not a country name or code the app knows"),
    (18, 1, "'Korea' could mean KOR (South Korea), PRK (North Korea)"),
    (19, 1, "'Atlantis' is not a country name or code the app knows"),
    (20, 9, "no such date: 2025-02-30"),
    (21, 7, "'javascript:alert(1)' is not an http(s) link"),
    (22, 6, "'cyber' is not a contribution kind"),
    (23, 2, "is 'Opposing' on this undated row but 'participating' at as-of"),
    (56, 6, "but the row has no contribution text"),
]


def located(problems) -> list[tuple[int | None, int | None]]:
    return [(p.line, p.column) for p in problems]


def check_messy(result) -> None:
    """Everything the messy fixture must import to, whatever file format carried it."""
    data = result.dataset
    by_category: dict[str, set[str]] = {}
    for nation in data.nations:
        by_category.setdefault(nation.category, set()).add(nation.iso3)
    assert by_category == {
        "participating": PARTICIPATING,
        "undecided": UNDECIDED,
        "opposing": OPPOSING,
        "observer": OBSERVER,
    }
    # Korea is ambiguous and Deutschland unknown: neither may turn into a country.
    assert "PRK" not in {n.iso3 for n in data.nations}
    # The sheet's own categories, in the order it first uses them; the default three keep
    # their colours, a new one takes the palette's first free colour.
    assert [(c.id, c.label, c.color) for c in data.categories] == [
        ("participating", "Participating", "#0072B2"),
        ("undecided", "Undecided", "#E69F00"),
        ("observer", "Observer", EXTRA_PALETTE[0]),
        ("opposing", "Opposing", "#D55E00"),
    ]

    assert located(result.problems) == [(row, column) for row, column, _ in BAD_ROWS]
    for problem, (_, _, words) in zip(result.problems, BAD_ROWS, strict=True):
        assert words in problem.message
    assert [(u.row, u.text, u.candidates, u.ambiguous) for u in result.unresolved] == [
        (8, "Deutschland", (), False),
        (18, "Korea", ("KOR", "PRK"), True),
        (19, "Atlantis", (), False),
    ]
    assert result.rows_read == 55  # 60 rows less the header and four blank ones
    assert [(w.line, w.column) for w in result.warnings] == [(1, 10)]
    assert "'Notes'" in result.warnings[0].message

    # UK and Britain are one nation, with both rows' contributions in row order, and the
    # role and summary of the first row; the conflicting row 23 added nothing.
    uk = data.nation("GBR")
    assert uk.role == "Co-lead"
    assert uk.summary == "The United Kingdom co-leads the coalition."
    assert [(c.kind, c.text, c.sources, c.date) for c in uk.contributions] == [
        ("troops", "Ground troops for a reassurance force", ["gov.uk-1"], PartialDate(2025, 3, 2)),
        ("air", "Typhoon jets for air policing", ["gov.uk-1"], PartialDate(2025, 3, 2)),
    ]
    assert [c.text for c in data.nation("FRA").contributions] == [
        "Troops after a ceasefire",
        "Rafale jets; tanker aircraft",  # a quoted semicolon is text, not a new cell
    ]
    # Türkiye, Turkey and Türkiye again: three rows, two sources from one host.
    turkey = data.nation("TUR")
    assert [(c.kind, c.sources, c.date) for c in turkey.contributions] == [
        ("naval", ["reuters.com-1"], PartialDate(2025, 4, 1)),
        ("naval", ["reuters.com-2"], PartialDate(2025, 4, 15)),  # "Navy", "2025/04/15"
        ("political", ["reuters.com-1"], PartialDate(2025, 5, 16)),  # "diplomatic"
    ]
    assert [c.kind for c in data.nation("CZE").contributions] == ["equipment", "training"]
    assert data.nation("NLD").contributions[0].date == PartialDate(2025, 3, 2)  # 2 March 2025
    assert data.nation("DEU").contributions[0].date == PartialDate(2025, 3)
    assert data.nation("ISL").contributions[0].date == PartialDate(2025)
    # Ivory Coast's second row ("ivory coast ") gave the summary, trimmed.
    assert data.nation("CIV").summary == "Côte d'Ivoire has not decided."
    # A source on a row without a contribution backs the nation itself.
    assert data.nation("KOR").sources == ["korea.kr-1"]
    assert data.nation("KOR").contributions == []
    # Good rows of a country with a bad row are kept; the bad row's content is not.
    assert [c.text for c in data.nation("POL").contributions] == ["Transit of supplies"]
    assert [c.text for c in data.nation("ITA").contributions] == [
        "Naval patrols in the Mediterranean"
    ]
    assert [c.text for c in data.nation("ESP").contributions] == ["Air defence training"]
    assert [(c.kind, c.text, c.date) for c in data.nation("CAN").contributions] == [
        ("training", "Training mission", PartialDate(2025, 3, 2)),
        ("funding", "Funding for drones", PartialDate(2025, 3, 2)),  # "money"
        ("other", "Surveillance flights", None),  # no kind given
    ]
    assert data.nation("NZL").contributions[0].kind == "intelligence"  # "Intel"
    assert data.nation("POL").contributions[0].kind == "logistics"  # "logistic"

    assert list(data.sources) == [
        "gov.uk-1", "elysee.fr-1", "bundesregierung.de-1", "reuters.com-1", "reuters.com-2",
        "vlada.cz-1", "korea.kr-1", "government.nl-1", "gov.pl-1", "governo.it-1",
        "lamoncloa.gob.es-1", "pm.gc.ca-1", "pm.gov.au-1", "mofa.go.jp-1", "beehive.govt.nz-1",
        "abouthungary.hu-1", "reuters.com-3", "stm.dk-1", "regjeringen.no-1", "valitsus.ee-1",
        "lrv.lt-1", "belgium.be-1", "whitehouse.gov-1",
    ]  # fmt: skip
    uk_source = data.sources["gov.uk-1"]
    assert uk_source.url == "https://www.gov.uk/government/news/pm-statement-2-march"
    assert uk_source.title == "PM statement on Ukraine"
    assert uk_source.date == PartialDate(2025, 3, 2)
    assert data.sources["reuters.com-1"].title == "Reuters: Türkiye offers naval help"
    assert data.sources["elysee.fr-1"].title == "Élysée statement"
    # The bad rows' URLs (javascript:, and those on rows with a bad date or kind) are absent.
    urls = {source.url for source in data.sources.values()}
    assert "https://www.governo.it/en/node/123" not in urls
    assert "https://www.lamoncloa.gob.es/a" not in urls

    assert data.title == "messy"
    assert data.as_of == PartialDate(2025, 5, 16)
    assert validate(data, default_gazetteer()) == []


def test_the_messy_csv_imports_its_good_rows_and_names_every_bad_one():
    check_messy(read_sheet(MESSY))


def test_the_imported_sheet_saves_and_loads_back_equal(tmp_path):
    data = read_sheet(MESSY).dataset
    target = tmp_path / "imported.yaml"
    save_dataset(data, target)
    assert load_dataset(target).dataset.content_equal(data)


def test_a_sheet_with_bad_rows_is_refused_unless_partial_import_is_asked_for():
    result = read_sheet(MESSY)
    with pytest.raises(BadRows) as caught:
        accept_import(result, str(MESSY))
    assert located(caught.value.problems) == [(row, column) for row, column, _ in BAD_ROWS]
    assert str(caught.value).splitlines()[0].startswith(f"{MESSY}:8:1: 'Deutschland'")

    partial = accept_import(result, str(MESSY), skip_bad_rows=True)
    assert len(partial.nations) == 37
    assert not result.ok


def test_a_sheet_without_any_good_row_imports_nothing(tmp_path):
    path = write(tmp_path, "country,category\nAtlantis,participating\nKorea,observer\n")
    result = read_sheet(path)
    assert located(result.problems) == [(2, 1), (3, 1)]
    with pytest.raises(NothingImported) as caught:
        accept_import(result, "none.csv", skip_bad_rows=True)
    assert str(caught.value) == "none.csv: no nation could be imported"


# -- the same data as .xlsx -------------------------------------------------------------------
def _excel_cell(text: str):
    """What a person typing the fixture's dates into Excel would get: real date cells."""
    for pattern, number_format in (
        ("%Y-%m-%d", "yyyy-mm-dd"),
        ("%Y/%m/%d", "yyyy/mm/dd"),
        ("%d %B %Y", "d mmmm yyyy"),
        ("%Y-%m", "mmm yyyy"),  # a month shown as a month, e.g. "Mar 2025"
    ):
        try:
            return dt.datetime.strptime(text, pattern), number_format
        except ValueError:
            continue
    if re.fullmatch(r"\d{4}", text):
        return int(text), None  # a year typed as a number
    return text, None  # 2025-02-30 is not a date; Excel keeps it as text


def write_messy_xlsx(path: Path, *, sheet_title: str = "Coalition") -> None:
    text = MESSY.read_text(encoding="utf-8-sig")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title
    book.create_sheet("Other").append(["nothing", "here"])
    for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=";"), 1):
        if not any(cell.strip() for cell in record):
            sheet.append([])  # a truly empty row: not written to the file at all
            continue
        values = [cell if cell else None for cell in record]
        if number > 1 and values[8]:
            values[8], number_format = _excel_cell(values[8])
        else:
            number_format = None
        sheet.append(values)
        if number_format:
            sheet.cell(number, 9).number_format = number_format
    book.save(path)


def test_the_same_data_as_xlsx_imports_to_the_same_result(tmp_path):
    path = tmp_path / "messy.xlsx"
    write_messy_xlsx(path)
    from_xlsx = read_sheet(path)
    # The date cells really are dates, so this checks the Excel reading, not CSV text again.
    sheet = openpyxl.load_workbook(path)["Coalition"]
    assert isinstance(sheet["I2"].value, dt.datetime)
    check_messy(from_xlsx)
    assert from_xlsx.dataset.content_equal(read_sheet(MESSY).dataset)


def test_a_named_sheet_is_read_and_a_missing_one_is_named(tmp_path):
    path = tmp_path / "book.xlsx"
    write_messy_xlsx(path, sheet_title="Data")
    book = openpyxl.load_workbook(path)
    book.move_sheet("Other", offset=-1)  # now the first sheet holds no data...
    book.active = 1  # ...while Excel would open on the data: the first sheet is still read
    book.save(path)
    assert len(read_sheet(path, sheet_name="Data").dataset.nations) == 37
    with pytest.raises(DatasetError) as caught:
        read_sheet(path, sheet_name="Summary")
    assert str(caught.value) == f"{path}: has no sheet 'Summary' (it has 'Other', 'Data')"
    with pytest.raises(DatasetError, match="no 'country' or 'category' column"):
        read_sheet(path)  # the first sheet, which is not a coalition sheet


def test_rows_past_a_wrong_dimension_tag_are_still_read(tmp_path):
    # Tools other than Excel write <dimension> wrong; read-only openpyxl would stop there.
    path = tmp_path / "short.xlsx"
    book = openpyxl.Workbook()
    for row in (["Country", "Category"], ["FRA", "participating"], ["DEU", "participating"]):
        book.active.append(row)
    book.save(path)
    patched = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', data)
                assert count == 1
            target.writestr(item, data)
    path.write_bytes(patched.getvalue())
    assert [n.iso3 for n in read_sheet(path).dataset.nations] == ["FRA", "DEU"]


# -- forgiving reading ------------------------------------------------------------------------
def _zip_of(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


def write(tmp_path: Path, text: str, name: str = "sheet.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_header_synonyms_and_tab_delimiters_are_understood(tmp_path):
    path = write(
        tmp_path,
        "ISO3\tposition\tType\tPledge\tLink\tTitle\tStatement date\tDescription\n"
        "gbr\tParticipating\tTroop\tA brigade\thttps://example.org/a\tReport A\t2025-03\tLead.\n",
    )
    result = read_sheet(path)
    assert result.warnings == []
    nation = result.dataset.nations[0]
    assert (nation.iso3, nation.category, nation.summary) == ("GBR", "participating", "Lead.")
    assert [(c.kind, c.text) for c in nation.contributions] == [("troops", "A brigade")]
    assert result.dataset.sources["example.org-1"].title == "Report A"


def test_comma_delimited_cells_may_hold_semicolons_and_quoted_commas(tmp_path):
    path = write(
        tmp_path,
        "country,category,contribution\n"
        'FRA,participating,"Jets, tankers; and ships"\n'
        "DEU,participating,Funding; more funding\n",
    )
    data = read_sheet(path).dataset
    assert [c.text for n in data.nations for c in n.contributions] == [
        "Jets, tankers; and ships",
        "Funding; more funding",
    ]


def test_row_numbers_are_spreadsheet_rows_even_with_multi_line_cells_and_a_title_line(tmp_path):
    path = write(
        tmp_path,
        "Coalition data, as of March\n"
        "\n"
        "country,category,summary\n"
        'FRA,participating,"Two\nlines"\n'
        "Korea,opposing,\n",
    )
    result = read_sheet(path)
    # Row 4 spans two lines of text but is one spreadsheet row: Korea is row 5.
    assert located(result.problems) == [(5, 1)]
    assert result.dataset.nations[0].summary == "Two\nlines"
    assert [(w.line, w.message) for w in result.warnings] == [
        (1, "row 1 above the header is ignored")
    ]


def test_several_country_columns_must_agree(tmp_path):
    path = write(
        tmp_path,
        "Country name,ISO3,category\nKorea,KOR,participating\nFrance,DEU,participating\n",
    )
    result = read_sheet(path)
    # The code settles the ambiguous name; a name and a code naming two countries do not.
    assert [n.iso3 for n in result.dataset.nations] == ["KOR"]
    assert located(result.problems) == [(3, 2)]
    assert "disagree" in result.problems[0].message


def test_a_country_without_any_category_is_a_problem_on_each_of_its_rows(tmp_path):
    path = write(tmp_path, "country,category,contribution\nFRA,,Jets\nFRA,,Ships\nDEU,x,\n")
    result = read_sheet(path)
    assert located(result.problems) == [(2, 2), (3, 2)]
    assert [n.iso3 for n in result.dataset.nations] == ["DEU"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-02", PartialDate(2025, 3, 2)),
        ("2025-03", PartialDate(2025, 3)),
        ("2025", PartialDate(2025)),
        ("2025/03/02", PartialDate(2025, 3, 2)),
        ("2025.3.2", PartialDate(2025, 3, 2)),
        ("2025-03-02 14:30:00", PartialDate(2025, 3, 2)),
        ("2 March 2025", PartialDate(2025, 3, 2)),
        ("March 2, 2025", PartialDate(2025, 3, 2)),
        ("Sept 2025", PartialDate(2025, 9)),
        (2025.0, PartialDate(2025)),
        (PartialDate(2025, 3), PartialDate(2025, 3)),
    ],
)
def test_unambiguous_date_forms_are_read(text, expected):
    assert parse_sheet_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("03/02/2025", "'03/02/2025' is ambiguous day/month order: write 2025-02-03 or 2025-03-02"),
        ("25/12/2025", "write 2025-12-25"),
        ("2025-02-30", "no such date: 2025-02-30"),
        ("31 June 2025", "no such date: 31 June 2025"),
        ("yesterday", "not a date: 'yesterday'"),
    ],
)
def test_ambiguous_or_impossible_dates_are_refused(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_sheet_date(text)


def test_a_utf16_file_with_a_bom_is_read(tmp_path):
    # Excel's "Unicode Text" export: UTF-16 with a BOM, tab-delimited.
    path = write(tmp_path, "\ufeffcountry\tcategory\nTürkiye\tundecided\n", encoding="utf-16-le")
    assert [n.iso3 for n in read_sheet(path).dataset.nations] == ["TUR"]


# -- files that are not sheets ----------------------------------------------------------------
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "no such file"),
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\r\n  \n", "the file is empty"),
        ("empty.xlsx", b"", "the file is empty"),
        ("image.csv", PNG, "is a PNG image, not CSV text"),
        (
            "text.xlsx",
            b"country,category\nFRA,participating\n",
            "is not an .xlsx workbook (it is text: if it is CSV, name it .csv)",
        ),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 64, "is a damaged .xlsx workbook"),
        (
            "nocountry.csv",
            b"Land;Stance\nFrance;participating\n",
            "no 'country' column: the header row reads 'Land', 'Stance'",
        ),
        (
            "notes.numbers",
            b"whatever",
            "is not a spreadsheet the app reads (use .csv, .xlsx or .ods)",
        ),
        ("notes.ods", b"whatever", "is not an .ods spreadsheet (not a zip archive)"),
        ("fake.ods", _zip_of("content.xml"), "is a zip archive but not an .ods spreadsheet"),
        ("legacy.xls", b"\xd0\xcf\x11\xe0", "is an old-format .xls workbook"),
        (
            "latin1.csv",
            "country,category\nFRA,participating\nTürkiye,undecided\n".encode("cp1252"),
            "is not UTF-8 text: byte 0xfc on line 3 cannot be read",
        ),
        ("unclosed.csv", b'country,category\nFRA,"participating\n', "row 2 is not valid CSV"),
    ],
)
def test_unreadable_files_raise_one_clear_line(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DatasetError) as caught:
        read_sheet(path)
    error = caught.value
    assert len(error.problems) == 1
    assert "\n" not in str(error)
    assert str(error).startswith(f"{path}:")
    assert message in error.problems[0].message
    # No chained exception: the command line shows this line, not a traceback.
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


def test_the_header_problem_points_at_its_row(tmp_path):
    path = write(tmp_path, "\n\ncountry,stance_typo\nFRA,participating\n")
    with pytest.raises(DatasetError) as caught:
        read_sheet(path)
    assert located(caught.value.problems) == [(3, None)]
    assert "no 'category' column" in str(caught.value)


# -- the command line ---------------------------------------------------------------------------
def test_the_command_line_refuses_bad_rows_and_writes_the_good_ones_when_asked(tmp_path, capsys):
    from desktop.cli import EXIT_INVALID, EXIT_OK, main

    out = tmp_path / "messy.yaml"
    assert main(["import", str(MESSY), "-o", str(out)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert f"{MESSY}:8:1: 'Deutschland' is not a country name" in err
    assert f"{MESSY}: {len(BAD_ROWS)} row problems; nothing was written" in err
    assert not out.exists()

    assert main(["import", str(MESSY), "-o", str(out), "--skip-bad-rows"]) == EXIT_OK
    captured = capsys.readouterr()
    assert f"{MESSY}: skipped the rows above ({len(BAD_ROWS)})" in captured.err
    assert captured.out.startswith(f"{out}: OK: 37 nations from ")
    imported = {n.iso3 for n in load_dataset(out).dataset.nations}
    assert imported == {n.iso3 for n in read_sheet(MESSY).dataset.nations}


def test_the_command_line_writes_nothing_for_a_sheet_without_a_good_row(tmp_path, capsys):
    from desktop.cli import EXIT_INVALID, main

    sheet = write(tmp_path, "country,category\nAtlantis,participating\n")
    out = tmp_path / "none.yaml"
    assert main(["import", str(sheet), "-o", str(out), "--skip-bad-rows"]) == EXIT_INVALID
    assert capsys.readouterr().err.endswith(
        f"{sheet}: no nation could be imported; nothing was written\n"
    )
    assert not out.exists()


def test_ids_made_from_labels_and_addresses_are_ones_the_loader_accepts(tmp_path):
    path = write(
        tmp_path,
        "country,category,source_url\n"
        "FRA,Négociation,https://bücher.example/a\n"
        "DEU,Переговоры,https://www.gov.uk/b\n",
    )
    data = read_sheet(path).dataset
    assert sorted(data.sources) == ["gov.uk-1", "xn--bcher-kva.example-1"]
    assert [c.id for c in data.categories][-2:] == ["negociation", "category"]
    assert validate(data, default_gazetteer()) == []
    target = tmp_path / "ids.yaml"
    save_dataset(data, target)
    assert load_dataset(target).dataset.content_equal(data)


# -- a sheet's own categories and history --------------------------------------------------------
TRADE_PACT = SHEETS / "trade-pact.csv"  # World Bank names, four categories, dated rows


def test_a_sheet_gets_exactly_its_own_categories_in_order_with_safe_colours():
    data = read_sheet(TRADE_PACT).dataset
    # No "Participating 0" in the legend: the default three are not the sheet's.
    assert [(c.label, c.color) for c in data.categories] == [
        ("Observer", "#0072B2"),
        ("Member", "#D55E00"),
        ("Candidate", "#E69F00"),
        ("Declined", "#009E73"),
    ]
    assert {n.iso3 for n in data.nations} == {
        "KOR", "EGY", "COD", "GMB", "HKG", "PSE", "XKX", "NLD", "GRC",
    }  # fmt: skip


def test_dated_rows_are_a_nations_history_at_the_precision_written():
    result = read_sheet(TRADE_PACT)
    assert result.ok, result.problems
    assert result.as_of_from == "sheet"
    data = result.dataset
    assert data.as_of == PartialDate(2021, 6, 30)
    korea = data.nation("KOR")
    assert [(str(h.date), h.category) for h in korea.history] == [
        ("2010", "observer"),
        ("2015-05", "member"),
    ]
    assert korea.category == "member"
    assert korea.history[0].sources == ["example.org-1"]
    assert str(korea.contributions[0].date) == "2015-05"
    egypt = data.nation("EGY")
    assert [(str(h.date), h.category) for h in egypt.history] == [
        ("2019-03-14", "candidate"),
        ("2021-06-30", "member"),
    ]
    assert egypt.category == "member"
    assert validate(data, default_gazetteer()) == []


def test_the_as_of_date_chooses_each_nations_category_from_its_history():
    result = read_sheet(TRADE_PACT, as_of=PartialDate(2019, 4))
    assert result.ok and result.as_of_from == "given"
    data = result.dataset
    assert data.as_of == PartialDate(2019, 4)
    assert data.nation("EGY").category == "candidate"
    assert data.nation("KOR").category == "member"
    # Later entries stay in the history for the timeline.
    assert [str(h.date) for h in data.nation("EGY").history] == ["2019-03-14", "2021-06-30"]


def test_a_nation_with_no_category_yet_at_as_of_is_one_problem_on_its_first_row():
    result = read_sheet(TRADE_PACT, as_of=PartialDate(2012))
    assert (4, 2) in located(result.problems)
    message = next(p.message for p in result.problems if p.line == 4)
    assert message.startswith("EGY (Egypt) has no category yet at as-of 2012")
    assert "2019-03-14" in message
    data = accept_import(result, "trade-pact.csv", skip_bad_rows=True)
    assert {n.iso3 for n in data.nations} == {"KOR", "NLD", "GRC"}
    assert data.nation("KOR").category == "observer"


def test_undated_rows_that_disagree_and_same_day_rows_that_differ_are_problems(tmp_path):
    path = write(
        tmp_path,
        "country,category,date\n"
        "FRA,Member,\n"
        "FRA,Observer,\n"
        "DEU,Member,2020-01-01\n"
        "DEU,Observer,2020-01-01\n"
        "ITA,Member,2020\n"
        "ITA,Member,\n",
    )
    result = read_sheet(path)
    assert located(result.problems) == [(3, 2), (5, 2)]
    assert "neither row has a date" in result.problems[0].message
    assert "on the same date 2020-01-01" in result.problems[1].message


def test_only_a_value_used_once_close_to_another_is_called_a_typo(tmp_path):
    path = write(
        tmp_path,
        "country,category\n"
        "FRA,Member\nDEU,Member\nITA,Members\n"
        "ESP,Partner\nPRT,Partner\nPOL,Partners\nNLD,Partners\n",
    )
    result = read_sheet(path)
    typos = [w for w in result.warnings if "did you mean" in w.message]
    assert [(w.line, w.message) for w in typos] == [
        (4, "'Members' becomes a new category; did you mean 'Member'?"),
    ]
    assert [c.label for c in result.dataset.categories] == [
        "Member", "Members", "Partner", "Partners",
    ]  # fmt: skip


def test_importing_into_an_open_dataset_keeps_its_categories(three_countries):
    base = load_dataset(three_countries).dataset
    result = read_sheet(TRADE_PACT, base=base)
    merged = accept_import(result, "trade-pact.csv", into=base)
    labels = [c.label for c in merged.categories]
    assert labels[: len(base.categories)] == [c.label for c in base.categories]
    assert labels[len(base.categories) :] == ["Observer", "Member", "Candidate", "Declined"]
    assert merged.as_of == base.as_of
    assert validate(merged, default_gazetteer()) == []


def test_the_command_line_says_which_as_of_it_chose_and_takes_another(tmp_path, capsys):
    from desktop.cli import EXIT_OK, EXIT_USAGE, main

    out = tmp_path / "pact.yaml"
    assert main(["import", str(TRADE_PACT), "-o", str(out)]) == EXIT_OK
    assert capsys.readouterr().out == (
        f"{out}: OK: 9 nations from 11 rows, as of 2021-06-30, the sheet's latest date "
        "(choose another with --as-of)\n"
    )
    loaded = load_dataset(out).dataset
    assert [str(h.date) for h in loaded.nation("KOR").history] == ["2010", "2015-05"]

    assert main(["import", str(TRADE_PACT), "-o", str(out), "--force", "--as-of", "2019-04"]) == 0
    assert capsys.readouterr().out.endswith("from 11 rows, as of 2019-04\n")
    assert load_dataset(out).dataset.nation("EGY").category == "candidate"

    assert main(["import", str(TRADE_PACT), "-o", str(out), "--force", "--as-of", "2019-13"]) == (
        EXIT_USAGE
    )
    assert "--as-of: " in capsys.readouterr().err


# -- spreadsheet files as people save them ------------------------------------------------------
def test_a_category_merged_down_over_rows_is_every_rows_category(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Votes"
    sheet.append(["Pacific pact: members and observers"])
    sheet.merge_cells("A1:E1")  # a title across the table
    sheet.append(["Country", "Category", "Contribution", "Source URL", "Date"])
    sheet.append(["Fiji", "Member", "Patrol boat", "https://example.org/a", "2020"])
    sheet.append(["Tonga", None, "Funding", "https://example.org/a", "2020"])
    sheet.append(["Samoa", None, None, "https://example.org/a", "2020"])
    sheet.merge_cells("B3:B5")  # one category for three countries
    sheet.append(["Palau", "Observer", None, None, None])
    path = tmp_path / "pact.xlsx"
    book.save(path)

    result = read_sheet(path)
    assert result.ok, result.problems
    assert {n.iso3: n.category for n in result.dataset.nations} == {
        "FJI": "member",
        "TON": "member",
        "WSM": "member",
        "PLW": "observer",
    }
    # The merged title is not a row of the table; it is said to be ignored, by sheet.
    assert [str(w) for w in result.warnings] == [
        f"{path}[Votes]:1: row 1 above the header is ignored"
    ]


def test_an_ods_sheet_imports_like_the_same_csv(tmp_path):
    from tests.io.odsfile import write_ods

    rows = [
        ["Regional pact"],
        [],
        ["Country", "Category", "Contribution", "Contribution kind", "Source URL", "Date"],
        ["Korea, Rep.", "Observer", None, None, "https://example.org/pact/2010", 2010],
        ["Korea, Rep.", "Member", "Hosts the secretariat", "political",
         "https://example.org/pact/2015", "2015-05"],
        ["Egypt, Arab Rep.", "Candidate", None, None, "https://example.org/pact/2019",
         dt.date(2019, 3, 14)],
    ]  # fmt: skip
    ods = read_sheet(write_ods(tmp_path / "pact.ods", {"Pact": rows, "Notes": [["x"]]}))
    text = "\n".join(
        ",".join(
            f'"{c}"' if isinstance(c, str) and "," in c else ("" if c is None else str(c))
            for c in row
        )
        for row in rows
    )
    csv_result = read_sheet(write(tmp_path, text + "\n", "pact.csv"))
    assert ods.ok and csv_result.ok
    assert ods.dataset.content_equal(csv_result.dataset)
    assert [str(h.date) for h in ods.dataset.nation("KOR").history] == ["2010", "2015-05"]
    assert str(ods.dataset.nation("EGY").history[0].date) == "2019-03-14"


def test_a_workbooks_problems_name_the_sheet_row_and_column(tmp_path, capsys):
    from desktop.cli import EXIT_INVALID, main
    from tests.io.odsfile import write_ods

    path = write_ods(
        tmp_path / "votes.ods",
        {
            "Summary": [["nothing", "here"]],
            "2025": [["Country", "Category"], ["France", "Yes"], ["Atlantis", "No"]],
        },
    )
    out = tmp_path / "votes.yaml"
    assert main(["import", str(path), "--sheet-name", "2025", "-o", str(out)]) == EXIT_INVALID
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}[2025]:3:1: 'Atlantis' is not a country name")
    assert err[-1] == f"{path}: 1 row problem; nothing was written " + (
        "(fix the rows, or add --skip-bad-rows to import the others)"
    )
    assert not out.exists()


def test_the_example_sheet_imports_cleanly_and_the_guide_explains_every_column():
    from desktop.io.sheet.columns import FIELDS
    from desktop.paths import resource_path

    example = resource_path("datasets", "example-sheet.csv")
    result = read_sheet(example)
    assert result.ok and result.warnings == []
    data = result.dataset
    assert [c.id for c in data.categories] == ["participating", "undecided", "opposing"]
    assert [(str(h.date), h.category) for h in data.nation("AUT").history] == [
        ("2025-03-27", "undecided"),
        ("2026-01-05", "participating"),
    ]
    assert validate(data, default_gazetteer()) == []
    guide = resource_path("guide", "index.html").read_text(encoding="utf-8")
    section = guide[guide.index('name="import"') : guide.index('name="format"')]
    for field in FIELDS:
        assert f"<code>{field}</code>" in section, field
    assert "example-sheet.csv" in section


def test_a_category_merged_down_in_an_ods_sheet_is_every_rows_category(tmp_path):
    from tests.io.odsfile import Covered, Span, write_ods

    path = write_ods(
        tmp_path / "pact.ods",
        {
            "Notes": [["nothing"]],
            "Pact": [
                ["Pacific pact"],
                ["Country", "Category", "Date"],
                ["Fiji", Span("Member", 3), 2020],
                ["Tonga", Covered, 2020],
                ["Samoa", Covered, 2021],
                ["Palau", "Observer", 2021],
            ],
        },
    )
    result = read_sheet(path, sheet_name="Pact")
    assert result.ok, result.problems
    assert {n.iso3: n.category for n in result.dataset.nations} == {
        "FJI": "member",
        "TON": "member",
        "WSM": "member",
        "PLW": "observer",
    }
