"""Decoding a sheet file into rows of cells: file checks, CSV encodings and delimiters, .xlsx
and .ods workbooks.

What arrives here is a path; what leaves is every row of the sheet as a list of cells
(row 1 first), or one ``DatasetError`` line saying why the file is not a readable sheet:
wrong type (an image, an old .xls, a zip that is not a workbook), too big, damaged,
not UTF-8/UTF-16 text, unbalanced CSV quotes, a missing worksheet. Nothing here knows
what a row means; see ``desktop.io.sheet`` for the format and its encoding rules.

Cells as people save them: a cell merged down over several rows of an .xlsx or .ods sheet
(one category for three countries) gives its value to every row it spans, in its first column;
a merge across columns stays one cell, as it looks. .xlsx is read with openpyxl, which
knows each date cell's number format (a ``mmm yyyy`` cell is a month); .ods (LibreOffice)
with python-calamine, whose date cells carry no format, so they are days.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import io
import re
import warnings as _warnings
import zipfile
import zlib
from pathlib import Path

from desktop.io.errors import DatasetError, LocatedProblem
from desktop.io.files import read_limited
from desktop.io.sheet.columns import HEADER_SEARCH, column_of
from desktop.model.dates import PartialDate
from desktop.model.message import N_, Label

MAX_SHEET_BYTES = 20 * 1024 * 1024
"""A coalition sheet is a few hundred rows; anything larger is refused before it is read."""

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""An .xlsx is a zip: its parts are checked before opening, so a zip bomb is refused."""

MAX_ROWS = 50_000

MAX_COLUMNS = 100
"""Columns read from an .xlsx row: a sheet of the import format uses about fifteen. Each row
is read by the cells it uses, so a cell in the last column (XFD) costs one cell, not 16,384."""

MAX_CELLS = 500_000
"""Cells (and shared strings) an .xlsx may hold, counted in its packed parts before reading."""

# A long text in one CSV cell (a summary pasted whole) is data, not an error; Python's
# default limit of 128 KiB would refuse it. Nothing longer than the file can exist.
csv.field_size_limit(MAX_SHEET_BYTES)

_MAGIC: tuple[tuple[bytes, Label], ...] = (
    (b"\x89PNG\r\n\x1a\n", Label(N_("a PNG image"))),
    (b"\xff\xd8\xff", Label(N_("a JPEG image"))),
    (b"GIF8", Label(N_("a GIF image"))),
    (b"%PDF", Label(N_("a PDF document"))),
    (b"PK\x03\x04", Label(N_("a zip archive (an .xlsx workbook? then name it .xlsx)"))),
    (b"\xd0\xcf\x11\xe0", Label(N_("an old-format .xls workbook or a password-protected file"))),
)

_CSV_SUFFIXES = (".csv", ".tsv")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")
_ODS_SUFFIXES = (".ods",)

Cell = str | int | float | bool | PartialDate | None
"""One cell as read: text (spaces trimmed), an Excel number or boolean, or a date cell."""


def read_rows(
    target: Path,
    name: str,
    sheet_name: str | None,
    notes: list[LocatedProblem],
    picked: list[str] | None = None,
) -> list[list[Cell]]:
    """Every row of the sheet at ``target``, row 1 first; refuses what is not a readable sheet.

    ``name`` is the file as messages name it; ``sheet_name`` picks a worksheet of an .xlsx
    (default: the first). A note for the user (a sheet name given for a CSV) is appended
    to ``notes``; the title of the worksheet read from a workbook, to ``picked``. Raises
    DatasetError (one line, with the row when there is one).
    """
    picked = picked if picked is not None else []
    suffix = target.suffix.lower()
    if suffix == ".xls":
        raise DatasetError.single(
            name, Label(N_("is an old-format .xls workbook; save it as .xlsx or as CSV UTF-8"))
        )
    if suffix not in _CSV_SUFFIXES + _XLSX_SUFFIXES + _ODS_SUFFIXES and not target.is_dir():
        raise DatasetError.single(
            name, Label(N_("is not a spreadsheet the app reads (use .csv, .xlsx or .ods)"))
        )
    data = read_limited(
        target,
        folder=N_("is a folder, not a spreadsheet"),
        too_big=N_("is {size} MiB; sheets are limited to {limit} MiB"),
        limit=MAX_SHEET_BYTES,
    )
    if not data:
        raise DatasetError.single(name, Label(N_("the file is empty")))
    if suffix in _XLSX_SUFFIXES:
        return _xlsx_rows(target, data, name, sheet_name, picked, notes)
    if suffix in _ODS_SUFFIXES:
        return _ods_rows(data, name, sheet_name, picked)
    if sheet_name is not None:
        notes.append(
            LocatedProblem(
                name,
                Label(N_("a CSV file has one sheet; {sheet} is ignored"), sheet=repr(sheet_name)),
            )
        )
    return _csv_rows(data, name)


def _decode_csv(data: bytes, name: str) -> str:
    if not data.strip():
        raise DatasetError.single(name, Label(N_("the file is empty")))
    # A BOM names the encoding for certain; that is the only case other than UTF-8 read.
    for bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                raise DatasetError.single(name, Label(N_("is damaged UTF-16 text"))) from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DatasetError.single(name, Label(N_("is {what}, not CSV text"), what=what))
    if b"\x00" in data:
        raise DatasetError.single(name, Label(N_("is a binary file, not CSV text")))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DatasetError.single(
            name,
            Label(
                N_(
                    "is not UTF-8 text: byte {byte} on line {line} cannot be read "
                    '(in Excel, save as "CSV UTF-8")'
                ),
                byte=f"0x{data[error.start]:02x}",
                line=line,
            ),
            line,
        ) from None


def _csv_rows(data: bytes, name: str) -> list[list[Cell]]:
    text = _decode_csv(data, name)
    delimiter = None
    # Excel writes and honours a first line "sep=;"; it is not a row of the sheet.
    first, _, rest = text.partition("\n")
    directive = re.fullmatch(r"sep=(.)\s*", first.strip("\r"))
    if directive:
        delimiter, text = directive[1], rest
    delimiter = delimiter or _sniff_delimiter(text)
    rows: list[list[Cell]] = []
    # strict: an unclosed quote would otherwise swallow every later row into one cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for record in reader:
            rows.append([cell.replace("\r\n", "\n").strip() for cell in record])
            if len(rows) > MAX_ROWS:
                raise DatasetError.single(
                    name, Label(N_("has more than {limit} rows"), limit=f"{MAX_ROWS}")
                )
    except csv.Error as error:
        row = len(rows) + 1
        raise DatasetError.single(
            name,
            Label(
                N_("row {row} is not valid CSV ({reason}); check its quotes"),
                row=row,
                reason=str(error),
            ),
            row,
        ) from None
    return rows


def _sniff_delimiter(text: str) -> str:
    """The delimiter that makes the most known columns of a header: comma, semicolon or tab.

    Counting delimiters guesses wrong when text cells hold commas; a delimiter that yields
    recognised headers cannot be wrong in a way that matters.
    """
    head = [line for line in text.splitlines() if line.strip()][:HEADER_SEARCH]
    best, best_score = ",", (-1, -1)
    for delimiter in (",", ";", "\t"):
        score = (-1, -1)
        for record in csv.reader(head, delimiter=delimiter):
            known = {column_of(cell) for cell in record} - {None}
            score = max(score, (len(known), len(record)))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _count_tags(archive: zipfile.ZipFile, part: str, tags: tuple[bytes, ...], limit: int) -> int:
    """How many times the tags occur in a packed part, read in chunks; stops past ``limit``."""
    count = 0
    tail = b""
    longest = max(len(tag) for tag in tags)
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            window = tail + chunk
            # The tail is too short to hold a whole tag, so none is counted twice.
            count += sum(window.count(tag) for tag in tags)
            tail = window[-(longest - 1) :]
            if count > limit:
                break
    return count


def _check_unpacked_size(parts: list[zipfile.ZipInfo], name: str) -> None:
    # The archive's own sizes, read before anything is inflated: a zip bomb is refused
    # without unpacking it, whichever spreadsheet format it claims to be.
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise DatasetError.single(
            name,
            Label(
                N_("unpacks to more than {limit} MiB; it is not a sheet"),
                limit=MAX_UNPACKED_BYTES // 1048576,
            ),
        )


def _check_shared_strings(archive: zipfile.ZipFile, name: str) -> None:
    # openpyxl reads every shared string before the first cell: count them first.
    tags = (b"<si>", b"<si ", b":si>", b":si ")
    for part in archive.namelist():
        if (
            part.lower().endswith("sharedstrings.xml")
            and _count_tags(archive, part, tags, MAX_CELLS) > MAX_CELLS
        ):
            raise DatasetError.single(
                name,
                Label(
                    N_("holds more than {limit} shared texts; it is not a coalition sheet"),
                    limit=f"{MAX_CELLS:,}",
                ),
            )


def _check_sheet_size(archive: zipfile.ZipFile, part: str, name: str) -> None:
    rows = _count_tags(archive, part, (b"<row ", b"<row>", b":row ", b":row>"), MAX_ROWS + 1)
    if rows > MAX_ROWS + 1:
        raise DatasetError.single(
            name, Label(N_("has more than {limit} rows"), limit=f"{MAX_ROWS:,}")
        )
    cells = _count_tags(archive, part, (b"<c ", b"<c>", b":c ", b":c>"), MAX_CELLS)
    if cells > MAX_CELLS:
        raise DatasetError.single(
            name, Label(N_("has more than {limit} cells"), limit=f"{MAX_CELLS:,}")
        )


def _used_rows(book, sheet, name: str, notes: list[LocatedProblem]) -> list[list[Cell]]:
    """The sheet's rows as lists of cells up to each row's last used cell (``MAX_COLUMNS`` at
    most), row 1 first.

    openpyxl's own row reader pads every row to the widest row's width; this reads the
    cells its worksheet parser finds, as its read-only worksheet does, without the padding.
    """
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser

    rows: list[list[Cell]] = []
    beyond = 0
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            if number > MAX_ROWS + 1:
                raise DatasetError.single(
                    name, Label(N_("has more than {limit} rows"), limit=f"{MAX_ROWS:,}")
                )
            while len(rows) < number - 1:
                rows.append([])
            row: list[Cell] = []
            for cell in cells:
                column = cell["column"]
                if column > MAX_COLUMNS:
                    beyond += 1
                    continue
                row.extend([None] * (column - 1 - len(row)))
                row.append(_cell_value(ReadOnlyCell(sheet, **cell)))
            rows.append(row)
    if len(rows) > MAX_ROWS:
        raise DatasetError.single(
            name, Label(N_("has more than {limit} rows"), limit=f"{MAX_ROWS:,}")
        )
    if beyond:
        notes.append(
            LocatedProblem(
                name,
                Label(
                    N_(
                        "{count} cell(s) past column {column} were not read; the import "
                        "format's columns come first"
                    ),
                    count=f"{beyond:,}",
                    column=MAX_COLUMNS,
                ),
            )
        )
    return rows


def _xlsx_rows(
    target: Path,
    data: bytes,
    name: str,
    sheet_name: str | None,
    picked: list[str],
    notes: list[LocatedProblem],
) -> list[list[Cell]]:
    if not data.startswith(b"PK\x03\x04"):
        for magic, what in _MAGIC:
            if data.startswith(magic):
                raise DatasetError.single(
                    name, Label(N_("is {what}, not an .xlsx workbook"), what=what)
                )
        looks_text = b"\x00" not in data[:4096]
        message = (
            N_("is not an .xlsx workbook (it is text: if it is CSV, name it .csv)")
            if looks_text
            else N_("is not an .xlsx workbook")
        )
        raise DatasetError.single(name, Label(message))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DatasetError.single(
            name, Label(N_("is a damaged .xlsx workbook (not a readable zip)"))
        ) from None
    if not any(part.filename == "xl/workbook.xml" for part in parts):
        raise DatasetError.single(name, Label(N_("is a zip archive but not an .xlsx workbook")))
    _check_unpacked_size(parts, name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_shared_strings(archive, name)
            # openpyxl reads every worksheet to its end when it has no <dimension> tag, even
            # in read-only mode, so each is counted before the workbook is opened.
            for part in archive.namelist():
                if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                    _check_sheet_size(archive, part, name)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        raise DatasetError.single(
            name, Label(N_("is a damaged .xlsx workbook (not a readable zip)"))
        ) from None

    import openpyxl  # imported here: ~100 ms, and only an import needs it

    with _warnings.catch_warnings():
        # openpyxl warns about styles and extensions it drops; none of that is data.
        _warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises a dozen types for damaged parts
            raise DatasetError.single(
                name,
                Label(N_("is a damaged .xlsx workbook ({reason})"), reason=_reason(error)),
            ) from None
        try:
            sheet = _pick_sheet(book, name, sheet_name)
            picked.append(sheet.title)
            # The file's <dimension> tag is not trusted (other tools write it wrong): rows
            # and cells are read as they are, after counting them in the packed parts.
            rows = _used_rows(book, sheet, name, notes)
        except DatasetError:
            raise
        except Exception as error:  # damaged sheet XML surfaces only while reading it
            raise DatasetError.single(
                name,
                Label(N_("is a damaged .xlsx workbook ({reason})"), reason=_reason(error)),
            ) from None
        finally:
            book.close()
    return fill_merged_down(rows, _xlsx_merges(data, sheet._worksheet_path))


def _pick_sheet(book, name: str, sheet_name: str | None):
    sheets = book.worksheets
    if not sheets:
        raise DatasetError.single(name, Label(N_("the workbook has no worksheet")))
    if sheet_name is None:
        return sheets[0]
    for sheet in sheets:
        if sheet.title == sheet_name:
            return sheet
    for sheet in sheets:
        if sheet.title.strip().casefold() == sheet_name.strip().casefold():
            return sheet
    titles = ", ".join(repr(sheet.title) for sheet in sheets)
    raise DatasetError.single(
        name,
        Label(N_("has no sheet {sheet} (it has {sheets})"), sheet=repr(sheet_name), sheets=titles),
    )


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text and text[0] else type(error).__name__


def _cell_value(cell) -> Cell:
    value = getattr(cell, "value", None)
    if isinstance(value, _dt.datetime | _dt.date):
        return _excel_date(value, getattr(cell, "number_format", None))
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, _dt.time | _dt.timedelta):
        return str(value)
    return value


def _excel_date(value: _dt.date, number_format: str | None) -> PartialDate:
    """A date cell at the precision it shows: ``mmm yyyy`` is a month, ``yyyy`` a year."""
    # Quoted text, [colour]/[$-locale] blocks and escaped characters are not date parts.
    shown = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", (number_format or "").casefold())
    if "d" in shown or not any(part in shown for part in "my"):
        return PartialDate(value.year, value.month, value.day)
    if "m" in shown:
        return PartialDate(value.year, value.month)
    return PartialDate(value.year)


Merge = tuple[tuple[int, int], tuple[int, int]]
"""A merged range: (first row, first column), (last row, last column), 0-based."""


def fill_merged_down(rows: list[list[Cell]], merges: list[Merge]) -> list[list[Cell]]:
    """``rows`` with each merge that spans rows giving its value to every row it spans.

    Only the merge's first column is filled: a category merged over B3:B5 is the category
    of rows 3, 4 and 5; a title merged across A1:F1 stays one cell in A1.
    """
    for (top, left), (bottom, _right) in merges:
        if bottom <= top or top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for index in range(top + 1, min(bottom, len(rows) - 1) + 1):
            row = rows[index]
            if len(row) <= left:
                row.extend([None] * (left + 1 - len(row)))
            if row[left] in (None, ""):
                row[left] = value
    return rows


_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3}[0-9]{1,7}):([A-Z]{1,3}[0-9]{1,7})\""
)


def _xlsx_merges(data: bytes, part: str) -> list[Merge]:
    """The merged ranges of the worksheet stored in ``part`` (its ``<mergeCell ref=...>``
    elements; openpyxl's read-only mode, which keeps memory flat on big sheets, does not
    report them).

    The part is scanned in chunks for the tags alone: reading the sheet's cells into a
    grid to learn its merges would cost the whole grid (gigabytes for a cell in column XFD).
    Merges beyond ``MAX_CELLS`` rows spanned in all are ignored.
    """
    from openpyxl.utils.cell import range_boundaries

    merges: list[Merge] = []
    spanned = 0
    tail = b""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(part) as stream:
            while chunk := stream.read(1 << 20):
                window = tail + chunk
                end = 0
                for match in _MERGE.finditer(window):
                    end = match.end()
                    first, last = match[1].decode(), match[2].decode()
                    left, top, right, bottom = range_boundaries(f"{first}:{last}")
                    spanned += bottom - top + 1
                    if spanned > MAX_CELLS:
                        return merges
                    merges.append(((top - 1, left - 1), (bottom - 1, right - 1)))
                # Keep an unfinished tag for the next chunk, never a counted one.
                tail = window[max(end, len(window) - 200) :]
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return []  # merges are a convenience: a sheet openpyxl read is still read
    return merges


_ODS_TAG = re.compile(
    rb"<(/?)(?:\w+:)?(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>"
)
_ROWS_REPEATED = re.compile(rb"number-rows-repeated=\"(\d+)\"")
_COLUMNS_REPEATED = re.compile(rb"number-columns-repeated=\"(\d+)\"")


def _check_ods_size(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse an .ods whose cells with values, repeats counted, pass the sheet limits.

    python-calamine reads a sheet as a grid from its first to its last value: one cell
    repeated 16,000 columns across 2,000 rows (800 bytes of XML) would be 32 million cells.
    Repeated empty cells and rows, which LibreOffice writes to the sheet's edge, cost nothing.
    """
    row = column = repeat = 0
    cells = 0
    tail = b""
    with archive.open("content.xml") as stream:
        while chunk := stream.read(1 << 20):
            window = tail + chunk
            end = 0
            for match in _ODS_TAG.finditer(window):
                end = match.end()
                closing, tag, attributes = match[1], match[2], match[3]
                if tag == b"table" and not closing:
                    row = 0
                elif tag == b"table-row" and not closing:
                    found = _ROWS_REPEATED.search(attributes)
                    repeat = int(found[1]) if found else 1
                    column = 0
                elif tag == b"table-row":
                    row += repeat
                elif not closing:
                    found = _COLUMNS_REPEATED.search(attributes)
                    width = int(found[1]) if found else 1
                    column += width
                    if b"value-type" not in attributes:
                        continue
                    cells += width * repeat
                    if column > MAX_COLUMNS:
                        raise DatasetError.single(
                            name,
                            Label(
                                N_("has values past column {column}; the import reads no further"),
                                column=MAX_COLUMNS,
                            ),
                        )
                    if row + repeat > MAX_ROWS + 1:
                        raise DatasetError.single(
                            name, Label(N_("has more than {limit} rows"), limit=f"{MAX_ROWS:,}")
                        )
                    if cells > MAX_CELLS:
                        raise DatasetError.single(
                            name, Label(N_("has more than {limit} cells"), limit=f"{MAX_CELLS:,}")
                        )
            tail = window[max(end, len(window) - 4096) :]


def _ods_rows(
    data: bytes, name: str, sheet_name: str | None, picked: list[str]
) -> list[list[Cell]]:
    """Every row of an OpenDocument spreadsheet (LibreOffice's .ods), via python-calamine."""
    if not data.startswith(b"PK\x03\x04"):
        raise DatasetError.single(name, Label(N_("is not an .ods spreadsheet (not a zip archive)")))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            kind = archive.read("mimetype").strip() if "mimetype" in archive.namelist() else b""
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DatasetError.single(
            name, Label(N_("is a damaged .ods spreadsheet (not a readable zip)"))
        ) from None
    if kind != b"application/vnd.oasis.opendocument.spreadsheet":
        raise DatasetError.single(name, Label(N_("is a zip archive but not an .ods spreadsheet")))
    _check_unpacked_size(parts, name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_ods_size(archive, name)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        raise DatasetError.single(
            name, Label(N_("is a damaged .ods spreadsheet (no readable content)"))
        ) from None

    from python_calamine import CalamineWorkbook

    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
            titles = list(book.sheet_names)
            if not titles:
                raise DatasetError.single(name, Label(N_("the workbook has no worksheet")))
            title = _pick_title(titles, name, sheet_name)
            picked.append(title)
            sheet = book.get_sheet_by_name(title)
            rows: list[list[Cell]] = []
            for cells in sheet.iter_rows():
                rows.append([_calamine_value(cell) for cell in cells])
                if len(rows) > MAX_ROWS:
                    raise DatasetError.single(
                        name, Label(N_("has more than {limit} rows"), limit=f"{MAX_ROWS}")
                    )
            start = sheet.start
    except DatasetError:
        raise
    except Exception as error:  # calamine raises its own types for damaged parts
        raise DatasetError.single(
            name,
            Label(N_("is a damaged .ods spreadsheet ({reason})"), reason=_reason(error)),
        ) from None
    # calamine starts at the first used cell; row and column numbers are the sheet's own.
    top, left = start or (0, 0)
    rows = [[] for _ in range(top)] + [[None] * left + row for row in rows]
    return fill_merged_down(rows, _ods_merges(data, title))


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merges(data: bytes, title: str) -> list[Merge]:
    """The cells of sheet ``title`` that span rows (calamine reports no merges for .ods).

    Read from ``content.xml``: a cell's ``number-rows-spanned``, at the position its row and
    the repeats before it give (``number-rows-repeated``, ``number-columns-repeated``).
    """
    import xml.etree.ElementTree as ET

    t = _ODS_TABLE
    merges: list[Merge] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as content:
            inside, row, column = False, -1, 0
            for event, element in ET.iterparse(content, events=("start", "end")):
                tag = element.tag
                if tag == f"{t}table":
                    if event == "start":
                        inside, row = element.get(f"{t}name") == title, -1
                    elif inside:
                        break
                    continue
                if not inside:
                    if event == "end":
                        element.clear()
                    continue
                if tag == f"{t}table-row" and event == "start":
                    row, column = row + 1, 0
                elif tag == f"{t}table-row":
                    # A repeated row is blank (or a copy): it shifts the rows after it.
                    row += int(element.get(f"{t}number-rows-repeated", "1")) - 1
                    element.clear()
                elif tag in (f"{t}table-cell", f"{t}covered-table-cell") and event == "start":
                    spanned = int(element.get(f"{t}number-rows-spanned", "1"))
                    if spanned > 1:
                        wide = int(element.get(f"{t}number-columns-spanned", "1"))
                        merges.append(((row, column), (row + spanned - 1, column + wide - 1)))
                    column += int(element.get(f"{t}number-columns-repeated", "1"))
    except (KeyError, ValueError, zipfile.BadZipFile, ET.ParseError):
        return merges  # merges are a convenience: the cells calamine read stand
    return merges


def _pick_title(titles: list[str], name: str, sheet_name: str | None) -> str:
    if sheet_name is None:
        return titles[0]
    for title in titles:
        if title == sheet_name:
            return title
    for title in titles:
        if title.strip().casefold() == sheet_name.strip().casefold():
            return title
    shown = ", ".join(repr(title) for title in titles)
    raise DatasetError.single(
        name,
        Label(N_("has no sheet {sheet} (it has {sheets})"), sheet=repr(sheet_name), sheets=shown),
    )


def _calamine_value(value: object) -> Cell:
    if isinstance(value, _dt.datetime | _dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip() or None
    if isinstance(value, _dt.time | _dt.timedelta):
        return str(value)
    return value
