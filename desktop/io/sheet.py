"""Spreadsheet import: nations, contributions and sources from a ``.csv`` or ``.xlsx`` sheet.

One row says where one country stands, and optionally one thing it contributes and the
report that says so. Rows naming the same country merge into one nation.

Columns (the header row, found among the first ten non-blank rows)
-------------------------------------------------------------------
Headers are compared without case, accents, punctuation or text in parentheses, so
``Source URL``, ``source_url`` and ``SOURCE-URL (https)`` are one column. Each column has
a few synonyms, kept deliberately small so a sheet's own columns are not captured by
accident:

=====================  ===================================================================
column                 also accepted
=====================  ===================================================================
``country`` (needed)   country name, nation, country code, iso, iso2, iso3, iso code
``category`` (needed)  stance, position
``role``               --
``summary``            description
``contribution``       pledge
``contribution_kind``  kind, type, contribution type
``source_url``         url, source, link
``source_title``       title
``date``               date of statement, statement date
=====================  ===================================================================

Several country columns (``Country name`` and ``ISO3``) are all read and must agree; a
later duplicate of any other column is ignored with a warning, as is every column the
import does not read.

Cells
-----
- ``country``: a name, ISO2 or ISO3 code, resolved by the app's one gazetteer (the same
  resolver the dataset loader and search use). Ambiguous (``Korea``) and unknown names are
  problems listing the candidates.
- ``category``: matched to the target dataset's categories by id or label, without case
  (``Participating`` is ``participating``). Other text creates a category: id = slug of
  the text, label = the text, colour = the first colour of ``EXTRA_PALETTE`` not used yet.
  Rows repeating a country may leave it blank; a *different* category is a problem on the
  later row, naming the earlier one; a country no row gives a category is a problem on
  each of its rows.
- ``role`` and ``summary``: the first row of the country that gives them wins; a later
  different value is a warning.
- ``contribution_kind``: one of ``CONTRIBUTION_KINDS``, without case, singular or plural
  (``troop``, ``Troops``, ``logistic``), or one of these synonyms: air force, aircraft ->
  air; navy, maritime -> naval; intel -> intelligence; finance, financial, money ->
  funding; weapons, arms -> equipment; diplomatic -> political. A contribution without a
  kind is ``other`` (the kind that exists for it); a kind without contribution text is a
  problem, since there is nothing to show.
- ``source_url``: http(s) only. Each distinct URL (as written, spaces trimmed) becomes one
  source with a readable id from its host and a counter (``gov.uk-1``), or the target
  dataset's id when it already cites that URL. It backs the row's contribution, or the
  nation itself on a row without one.
- ``date``: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; also year-first ``2025/03/02``,
  ``2025.03.02``, a trailing time (``2025-03-02 14:00``), English month names
  (``2 March 2025``, ``March 2, 2025``, ``Mar 2025``) and real Excel date cells (at the
  precision their number format shows: a ``mmm yyyy`` cell is a month). ``03/02/2025`` is
  refused: day-first and month-first cannot be told apart.

Files
-----
CSV is UTF-8 with or without BOM, or UTF-16 with a BOM (Excel's "Unicode Text"); the
delimiter (comma, semicolon, tab) is the one that makes the header readable, or Excel's
``sep=`` first line. Other encodings are refused rather than guessed: Excel's "CSV" on
Windows writes the machine's code page (cp1252, cp1250, cp1251...), and reading cp1250
Czech text as cp1252 would import wrong letters without any error. Blank rows and
surrounding spaces are ignored. Row numbers are the spreadsheet's own (header = row 1).

Every bad row is listed with its row and column; ``SheetImport.dataset`` holds only the
good rows, so a caller can refuse (``import_sheet``, the default) or import the rest when
the user asks. A bad row contributes nothing, so importing the rest never imports half a
row; only its category still counts as its country's (the cell itself was sound). Files
that cannot be read at all raise ``DatasetError`` with one line.
"""

from __future__ import annotations

import codecs
import copy
import csv
import dataclasses
import datetime as _dt
import difflib
import io
import re
import unicodedata
import warnings as _warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from desktop.io.errors import DatasetError, LocatedProblem
from desktop.io.files import read_limited
from desktop.io.gazetteer import default_gazetteer
from desktop.model.asof import category_on
from desktop.model.countries import Gazetteer, Resolution
from desktop.model.dataset import (
    CONTRIBUTION_KINDS,
    DEFAULT_CATEGORIES,
    EXTRA_PALETTE,
    MAX_CATEGORIES,
    Category,
    Contribution,
    Dataset,
    HistoryEntry,
    Nation,
    Source,
)
from desktop.model.dates import PartialDate
from desktop.model.validate import is_web_url, validate

MAX_SHEET_BYTES = 20 * 1024 * 1024
"""A coalition sheet is a few hundred rows; anything larger is refused before it is read."""

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""An .xlsx is a zip: its parts are checked before opening, so a zip bomb is refused."""

MAX_ROWS = 50_000

_HEADER_SEARCH = 10
"""Non-blank rows searched for the header, so a title line above it does not defeat import."""

FIELDS: tuple[str, ...] = (
    "country",
    "category",
    "role",
    "summary",
    "contribution",
    "contribution_kind",
    "source_url",
    "source_title",
    "date",
)

HEADER_SYNONYMS: dict[str, str] = {
    "country name": "country",
    "nation": "country",
    "country code": "country",
    "iso": "country",
    "iso2": "country",
    "iso 2": "country",
    "iso3": "country",
    "iso 3": "country",
    "iso code": "country",
    "stance": "category",
    "position": "category",
    "description": "summary",
    "pledge": "contribution",
    "kind": "contribution_kind",
    "type": "contribution_kind",
    "contribution type": "contribution_kind",
    "url": "source_url",
    "source": "source_url",
    "link": "source_url",
    "title": "source_title",
    "date of statement": "date",
    "statement date": "date",
}
"""Folded header text -> column, besides each column's own name (see the module docstring)."""

KIND_SYNONYMS: dict[str, str] = {
    "air force": "air",
    "aircraft": "air",
    "navy": "naval",
    "maritime": "naval",
    "intel": "intelligence",
    "finance": "funding",
    "financial": "funding",
    "money": "funding",
    "weapons": "equipment",
    "arms": "equipment",
    "diplomatic": "political",
}
"""Folded kind text -> contribution kind; plural and singular forms are folded first."""

DEFAULT_KIND = "other"

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (an .xlsx workbook? then name it .xlsx)"),
    (b"\xd0\xcf\x11\xe0", "an old-format .xls workbook or a password-protected file"),
)

_CSV_SUFFIXES = (".csv", ".tsv")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")


# -- public API -------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnresolvedCountry:
    """A row whose country text named no country, or several: for a "which one?" prompt."""

    row: int
    column: int
    text: str
    candidates: tuple[str, ...]
    """ISO3 codes it may mean (ambiguous) or the closest matches (unknown)."""
    ambiguous: bool


@dataclass
class SheetImport:
    """What a sheet holds: the good rows as a dataset, and every row that is not good."""

    dataset: Dataset
    """Nations, sources and categories from the good rows (title from the file name,
    ``as_of`` the latest date in the sheet, or today when it has none)."""
    problems: list[LocatedProblem]
    """Rows that could not be imported, at their row (and column); empty when all is well."""
    warnings: list[LocatedProblem]
    """Things ignored on purpose: unread columns, later differing summaries, ..."""
    rows_read: int
    """Non-blank rows below the header."""
    unresolved: list[UnresolvedCountry] = field(default_factory=list)
    """The rows among ``problems`` whose country did not resolve, with the candidates."""

    @property
    def ok(self) -> bool:
        """True when every row could be imported."""
        return not self.problems


def read_sheet(
    path: str | Path,
    *,
    sheet_name: str | None = None,
    gazetteer: Gazetteer | None = None,
    base: Dataset | None = None,
) -> SheetImport:
    """Read a ``.csv`` or ``.xlsx`` sheet into a dataset of its good rows, listing the bad ones.

    ``sheet_name`` picks a worksheet of an .xlsx (default: the first). ``base``: the dataset
    the import will be merged into; its categories are reused and its sources' ids kept for
    URLs it already cites. ``base`` is not modified. Raises DatasetError (one line) when the
    file cannot be read as a sheet at all.
    """
    name = str(path)
    target = Path(path)
    notes: list[LocatedProblem] = []
    rows = _read_rows(target, name, sheet_name, notes)
    reader = _SheetReader(
        name, gazetteer or default_gazetteer(), base, _title_of(target), rows, notes
    )
    return reader.run()


def import_sheet(
    path: str | Path,
    base: Dataset | None = None,
    *,
    allow_partial: bool = False,
    sheet_name: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> SheetImport:
    """``read_sheet`` that refuses a sheet with bad rows unless ``allow_partial`` is given.

    Raises DatasetError listing every bad row, so nothing is imported half-way by default;
    with ``allow_partial`` the good rows come back and ``problems`` says what was left out.
    """
    result = read_sheet(path, sheet_name=sheet_name, gazetteer=gazetteer, base=base)
    if result.problems and not allow_partial:
        raise DatasetError(result.problems)
    return result


def merge_into(base: Dataset, imported: Dataset) -> Dataset:
    """A new Dataset: ``base`` with the imported nations added or updated.

    A listed nation gets the imported category, and the role, summary and confidence the
    import gives; its sources and contributions are appended, skipping ones it already has
    (same kind, text and date: the sources are added to the one it has). Imported sources
    citing a URL ``base`` already cites use its id; others keep their id unless ``base``
    uses it for another URL. Categories the imported nations use are matched by id, then by
    label; others are appended with a colour no category of ``base`` has. ``as_of`` stays
    ``base``'s.

    A nation with history whose new category contradicts it at ``as_of`` gets a history
    entry at ``as_of``, so the result still validates. ``base`` itself is not modified (the
    window swaps the result in as one undo step); nothing is validated here.
    """
    merged = _copy_dataset(base)

    used = {n.category for n in imported.nations}
    used |= {h.category for n in imported.nations for h in n.history}
    category_ids: dict[str, str] = {}
    for category in imported.categories:
        if category.id not in used:
            continue
        same = merged.category(category.id) or next(
            (c for c in merged.categories if _label_key(c.label) == _label_key(category.label)),
            None,
        )
        if same is not None:
            category_ids[category.id] = same.id
            continue
        taken = {c.color.casefold() for c in merged.categories}
        colour = category.color if category.color.casefold() not in taken else None
        new_id = _free_id(category.id, {c.id for c in merged.categories})
        merged.categories.append(Category(new_id, category.label, colour or _next_colour(taken)))
        category_ids[category.id] = new_id

    by_url = {source.url: key for key, source in merged.sources.items()}
    source_ids: dict[str, str] = {}
    for key, source in imported.sources.items():
        if source.url in by_url:
            known = merged.sources[by_url[source.url]]
            # Fill what the file lacks; what it already says is the user's, not replaced.
            known.title = known.title or source.title
            known.publisher = known.publisher or source.publisher
            known.date = known.date or source.date
            source_ids[key] = known.id
            continue
        new_id = key if key not in merged.sources else _renumbered(key, set(merged.sources))
        merged.sources[new_id] = Source(
            new_id, source.url, source.title, source.publisher, source.date
        )
        by_url[source.url] = new_id
        source_ids[key] = new_id

    for nation in imported.nations:
        incoming = _remapped(nation, category_ids, source_ids)
        existing = merged.nation(incoming.iso3)
        if existing is None:
            merged.nations.append(incoming)
            continue
        existing.category = incoming.category
        for attribute in ("role", "summary", "confidence"):
            value = getattr(incoming, attribute)
            if value is not None:
                setattr(existing, attribute, value)
        _extend_unique(existing.sources, incoming.sources)
        for contribution in incoming.contributions:
            twin = _twin(existing.contributions, contribution)
            if twin is None:
                existing.contributions.append(contribution)
            else:
                _extend_unique(twin.sources, contribution.sources)
        for entry in incoming.history:
            if entry not in existing.history:
                existing.history.append(entry)
        if existing.history and category_on(existing, merged.as_of) != existing.category:
            existing.history.append(
                HistoryEntry(merged.as_of, existing.category, note="Set by a spreadsheet import")
            )
    return merged


# -- reading files ----------------------------------------------------------------------------
Cell = str | int | float | bool | PartialDate | None


def _read_rows(
    target: Path, name: str, sheet_name: str | None, notes: list[LocatedProblem]
) -> list[list[Cell]]:
    """Every row of the sheet, row 1 first; refuses what is not a readable sheet."""
    suffix = target.suffix.lower()
    if suffix == ".xls":
        raise DatasetError.single(
            name, "is an old-format .xls workbook; save it as .xlsx or as CSV UTF-8"
        )
    if suffix not in _CSV_SUFFIXES + _XLSX_SUFFIXES and not target.is_dir():
        raise DatasetError.single(name, "is not a spreadsheet the app reads (use .csv or .xlsx)")
    data = read_limited(target, noun="a spreadsheet", plural="sheets", limit=MAX_SHEET_BYTES)
    if not data:
        raise DatasetError.single(name, "the file is empty")
    if suffix in _XLSX_SUFFIXES:
        return _xlsx_rows(target, data, name, sheet_name)
    if sheet_name is not None:
        notes.append(LocatedProblem(name, f"a CSV file has one sheet; {sheet_name!r} is ignored"))
    return _csv_rows(data, name)


def _decode_csv(data: bytes, name: str) -> str:
    if not data.strip():
        raise DatasetError.single(name, "the file is empty")
    # A BOM names the encoding for certain; that is the only case other than UTF-8 read.
    for bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                raise DatasetError.single(name, "is damaged UTF-16 text") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DatasetError.single(name, f"is {what}, not CSV text")
    if b"\x00" in data:
        raise DatasetError.single(name, "is a binary file, not CSV text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DatasetError.single(
            name,
            f"is not UTF-8 text: byte 0x{data[error.start]:02x} on line {line} cannot be read "
            '(in Excel, save as "CSV UTF-8")',
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
                raise DatasetError.single(name, f"has more than {MAX_ROWS} rows")
    except csv.Error as error:
        row = len(rows) + 1
        raise DatasetError.single(
            name, f"row {row} is not valid CSV ({error}); check its quotes", row
        ) from None
    return rows


def _sniff_delimiter(text: str) -> str:
    """The delimiter that makes the most known columns of a header: comma, semicolon or tab.

    Counting delimiters guesses wrong when text cells hold commas; a delimiter that yields
    recognised headers cannot be wrong in a way that matters.
    """
    head = [line for line in text.splitlines() if line.strip()][:_HEADER_SEARCH]
    best, best_score = ",", (-1, -1)
    for delimiter in (",", ";", "\t"):
        score = (-1, -1)
        for record in csv.reader(head, delimiter=delimiter):
            known = {_column_of(cell) for cell in record} - {None}
            score = max(score, (len(known), len(record)))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _xlsx_rows(target: Path, data: bytes, name: str, sheet_name: str | None) -> list[list[Cell]]:
    if not data.startswith(b"PK\x03\x04"):
        for magic, what in _MAGIC:
            if data.startswith(magic):
                raise DatasetError.single(name, f"is {what}, not an .xlsx workbook")
        looks_text = b"\x00" not in data[:4096]
        hint = " (it is text: if it is CSV, name it .csv)" if looks_text else ""
        raise DatasetError.single(name, f"is not an .xlsx workbook{hint}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DatasetError.single(
            name, "is a damaged .xlsx workbook (not a readable zip)"
        ) from None
    if not any(part.filename == "xl/workbook.xml" for part in parts):
        raise DatasetError.single(name, "is a zip archive but not an .xlsx workbook")
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise DatasetError.single(
            name, f"unpacks to more than {MAX_UNPACKED_BYTES // 1048576} MiB; it is not a sheet"
        )

    import openpyxl  # imported here: ~100 ms, and only an import needs it

    with _warnings.catch_warnings():
        # openpyxl warns about styles and extensions it drops; none of that is data.
        _warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises a dozen types for damaged parts
            raise DatasetError.single(
                name, f"is a damaged .xlsx workbook ({_reason(error)})"
            ) from None
        try:
            sheet = _pick_sheet(book, name, sheet_name)
            # Read-only mode trusts the file's <dimension> tag, which other tools write
            # wrong; rows past it would be dropped without a word.
            sheet.reset_dimensions()
            rows: list[list[Cell]] = []
            for cells in sheet.iter_rows(min_row=1, min_col=1):
                rows.append([_cell_value(cell) for cell in cells])
                if len(rows) > MAX_ROWS:
                    raise DatasetError.single(name, f"has more than {MAX_ROWS} rows")
        except DatasetError:
            raise
        except Exception as error:  # damaged sheet XML surfaces only while reading it
            raise DatasetError.single(
                name, f"is a damaged .xlsx workbook ({_reason(error)})"
            ) from None
        finally:
            book.close()
    return rows


def _pick_sheet(book, name: str, sheet_name: str | None):
    sheets = book.worksheets
    if not sheets:
        raise DatasetError.single(name, "the workbook has no worksheet")
    if sheet_name is None:
        return sheets[0]
    for sheet in sheets:
        if sheet.title == sheet_name:
            return sheet
    for sheet in sheets:
        if sheet.title.strip().casefold() == sheet_name.strip().casefold():
            return sheet
    titles = ", ".join(repr(sheet.title) for sheet in sheets)
    raise DatasetError.single(name, f"has no sheet {sheet_name!r} (it has {titles})")


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


# -- cell text --------------------------------------------------------------------------------
def _fold(text: str) -> str:
    """Header text for comparison: no case, accents, parentheses or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"\([^)]*\)", " ", plain)
    return re.sub(r"[^0-9a-z]+", " ", plain).strip()


def _column_of(header: str) -> str | None:
    key = _fold(header)
    if key.replace(" ", "_") in FIELDS:
        return key.replace(" ", "_")
    return HEADER_SYNONYMS.get(key)


def _slug(text: str) -> str:
    """An id from text: ASCII letters, digits and '-' (what dataset ids allow)."""
    return re.sub(r"[^0-9a-z]+", "-", _fold(text)).strip("-")


def _label_key(text: str) -> str:
    """Category text for comparison: case and spacing ignored, any script kept."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _kind(text: str) -> str | None:
    key = " ".join(text.casefold().replace("_", " ").replace("-", " ").split())
    forms = [key, f"{key}s"]
    if key.endswith("s"):
        forms.append(key[:-1])
    for form in forms:
        if form in CONTRIBUTION_KINDS:
            return form
    for form in forms:
        if form in KIND_SYNONYMS:
            return KIND_SYNONYMS[form]
    return None


# Spelled out, not strftime("%B"): Qt sets the C locale from the user's on start-up, and the
# sheet's English month names must not turn into the user's language.
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_NAMES = {
    **{name: number for number, name in enumerate(_MONTHS, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTHS, start=1)},
    "sept": 9,
}
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?$")
_WITH_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_sheet_date(value: Cell) -> PartialDate:
    """A date cell as a PartialDate; raises ValueError with a message fit to show a user.

    Accepts what ``PartialDate.parse`` does plus the unambiguous forms the module docstring
    lists. Day-first or month-first numbers (``03/02/2025``) are refused, naming both readings.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, str):
        return PartialDate.parse(value)
    text = " ".join(value.split())
    try:
        return PartialDate.parse(text)
    except ValueError as error:
        refusal = error
    try:
        match = _YEAR_FIRST.match(text)
        if match:
            year, month, day = (int(g) if g else None for g in match.groups())
            return PartialDate(year, month, day)
        match = _WITH_TIME.match(text)
        if match:
            return PartialDate.parse(match[1])
        folded = text.casefold()
        match = _DAY_MONTH_YEAR.match(folded)
        if match and match[2] in _MONTH_NAMES:
            return PartialDate(int(match[3]), _MONTH_NAMES[match[2]], int(match[1]))
        match = _MONTH_DAY_YEAR.match(folded)
        if match and match[1] in _MONTH_NAMES:
            return PartialDate(int(match[3]), _MONTH_NAMES[match[1]], int(match[2]))
        match = _MONTH_YEAR.match(folded)
        if match and match[1] in _MONTH_NAMES:
            return PartialDate(int(match[2]), _MONTH_NAMES[match[1]])
    except ValueError:
        raise ValueError(f"no such date: {text}") from None
    match = _NUMERIC.match(text)
    if match:
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        readings = [
            f"{year:04d}-{m:02d}-{d:02d}"
            for d, m in ((first, second), (second, first))
            if 1 <= m <= 12 and 1 <= d <= 31
        ]
        options = " or ".join(dict.fromkeys(readings)) or "YYYY-MM-DD"
        raise ValueError(f"{text!r} is ambiguous day/month order: write {options}")
    raise refusal


# -- turning rows into a dataset --------------------------------------------------------------
@dataclass
class _Row:
    """One sheet row, read and checked on its own."""

    number: int
    problems: list[LocatedProblem] = field(default_factory=list)
    iso3: str | None = None
    category: str | None = None
    """The category cell as written, or None when it is blank."""
    category_column: int | None = None
    role: str | None = None
    summary: str | None = None
    contribution: str | None = None
    kind: str | None = None
    url: str | None = None
    source_title: str | None = None
    date: PartialDate | None = None


class _SheetReader:
    def __init__(
        self,
        name: str,
        gazetteer: Gazetteer,
        base: Dataset | None,
        title: str,
        rows: list[list[Cell]],
        notes: list[LocatedProblem],
    ) -> None:
        self.name = name
        self.gazetteer = gazetteer
        self.base = base
        self.title = title
        self.rows = rows
        self.warnings = list(notes)
        self.unresolved: list[UnresolvedCountry] = []
        self.columns: dict[str, list[int]] = {}
        self.headers: dict[int, str] = {}
        self.headerless_noted: set[int] = set()
        self.first_category: dict[str, _Row] = {}
        self.created: dict[str, str] = {}  # new category key -> its id
        self.category_keys: dict[str | None, str] = {}  # category text -> category_key()
        # A sheet repeats its countries; an unknown name costs a fuzzy search each time.
        self.resolved: dict[str, Resolution] = {}
        self.existing_categories = list(base.categories if base else DEFAULT_CATEGORIES)

    def problem(self, row: _Row, message: str, column: int | None) -> None:
        row.problems.append(LocatedProblem(self.name, message, row.number, column))

    def warn(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.warnings.append(LocatedProblem(self.name, message, line, column))

    # -- header ----------------------------------------------------------------------------
    def find_header(self) -> int:
        """Index of the header row in ``rows``; its columns go to ``columns``/``headers``."""
        filled = [i for i, row in enumerate(self.rows) if any(_text(c) for c in row)]
        if not filled:
            raise DatasetError.single(self.name, "the sheet has no rows")
        for index in filled[:_HEADER_SEARCH]:
            found = {_column_of(_text(cell)) for cell in self.rows[index]}
            if {"country", "category"} <= found:
                break
        else:
            index = filled[0]
            found = {_column_of(_text(cell)) for cell in self.rows[index]}
            missing = [f for f in ("country", "category") if f not in found]
            shown = ", ".join(repr(_text(c)) for c in self.rows[index] if _text(c))
            raise DatasetError.single(
                self.name,
                f"no {' or '.join(repr(f) for f in missing)} column: the header row "
                f"reads {shown[:200]}",
                index + 1,
            )
        above = [i + 1 for i in filled if i < index]
        if len(above) == 1:
            self.warn(f"row {above[0]} above the header is ignored", above[0])
        elif above:
            self.warn(f"rows {above[0]}-{above[-1]} above the header are ignored", above[0])
        for column, cell in enumerate(self.rows[index], start=1):
            header = _text(cell)
            if not header:
                continue
            self.headers[column] = header
            key = _column_of(header)
            if key is None:
                self.warn(
                    f"column {header!r} is not one the import reads, so it is ignored "
                    f"(columns read: {', '.join(FIELDS)})",
                    index + 1,
                    column,
                )
            elif key in self.columns and key != "country":
                first = self.headers[self.columns[key][0]]
                self.warn(
                    f"column {header!r} means {key} like column {first!r}; only the first is read",
                    index + 1,
                    column,
                )
            else:
                self.columns.setdefault(key, []).append(column)
        return index

    # -- rows ------------------------------------------------------------------------------
    def cell(self, cells: list[Cell], key: str) -> tuple[Cell, int | None]:
        columns = self.columns.get(key)
        if not columns:
            return None, None
        column = columns[0]
        return (cells[column - 1] if column <= len(cells) else None), column

    def text(self, cells: list[Cell], key: str) -> tuple[str | None, int | None]:
        value, column = self.cell(cells, key)
        if isinstance(value, PartialDate):
            return str(value), column
        return _text(value) or None, column

    def read_row(self, number: int, cells: list[Cell]) -> _Row:
        row = _Row(number)
        self.read_country(row, cells)

        row.category, row.category_column = self.text(cells, "category")

        row.role = self.text(cells, "role")[0]
        row.summary = self.text(cells, "summary")[0]
        row.contribution = self.text(cells, "contribution")[0]

        text, column = self.text(cells, "contribution_kind")
        if text is not None:
            row.kind = _kind(text)
            if row.kind is None:
                self.problem(
                    row,
                    f"{self.headers[column]!r}: {text!r} is not a contribution kind "
                    f"(use one of {', '.join(CONTRIBUTION_KINDS)})",
                    column,
                )
            elif row.contribution is None:
                self.problem(
                    row,
                    f"{self.headers[column]!r} is {text!r} but the row has no contribution text",
                    column,
                )
        elif row.contribution is not None:
            row.kind = DEFAULT_KIND

        url, column = self.text(cells, "source_url")
        if url is not None:
            if is_web_url(url):
                row.url = url
            else:
                self.problem(
                    row,
                    f"{self.headers[column]!r}: {url[:200]!r} is not an http(s) link",
                    column,
                )
        row.source_title, column = self.text(cells, "source_title")
        if row.source_title is not None and url is None:
            self.warn(
                f"{self.headers[column]!r} is given without a source URL, so it is ignored",
                number,
                column,
            )
            row.source_title = None

        value, column = self.cell(cells, "date")
        if _text(value):
            try:
                row.date = parse_sheet_date(value)
            except ValueError as error:
                self.problem(row, f"{self.headers[column]!r}: {error}", column)
        return row

    def read_country(self, row: _Row, cells: list[Cell]) -> None:
        """Resolve every country column of the row; they must agree on one code."""
        found: list[tuple[str, int, str]] = []  # (code, column, text)
        failed = []
        for column in self.columns["country"]:
            text = _text(cells[column - 1]) if column <= len(cells) else ""
            if not text:
                continue
            result = self.resolved.get(text)
            if result is None:
                result = self.resolved[text] = self.gazetteer.resolve(text)
            if result.ok:
                found.append((result.code, column, text))
            else:
                failed.append((result, column, text))
        codes = {code for code, _, _ in found}
        if len(codes) > 1:
            named = " but ".join(f"{text!r} is {code}" for code, _, text in found)
            # Point at the first cell that contradicts the first one given.
            column = next(column for code, column, _ in found if code != found[0][0])
            self.problem(row, f"the country columns disagree: {named}", column)
            return
        if codes:
            row.iso3 = codes.pop()
            # Another column said something the gazetteer does not know; the code decides,
            # but say so, as it is a name the alias table may be missing.
            for result, column, text in failed:
                if not result.ambiguous or row.iso3 not in result.candidates:
                    self.warn(
                        f"{text!r} is not a country name the app knows; {row.iso3} from "
                        f"column {self.headers[found[0][1]]!r} is used",
                        row.number,
                        column,
                    )
            return
        if not failed:
            self.problem(row, "the row has no country", self.columns["country"][0])
            return
        result, column, text = failed[0]
        named = ", ".join(f"{c} ({self.gazetteer.name(c)})" for c in result.candidates)
        if result.ambiguous:
            message = f"{text!r} could mean {named}: write the name or ISO code of the one meant"
        else:
            hint = f" (closest: {named})" if named else ""
            message = f"{text!r} is not a country name or code the app knows{hint}"
        self.problem(row, message, column)
        self.unresolved.append(
            UnresolvedCountry(row.number, column, text, result.candidates, result.ambiguous)
        )

    # -- whole sheet -----------------------------------------------------------------------
    def run(self) -> SheetImport:
        header = self.find_header()
        rows: list[_Row] = []
        for index in range(header + 1, len(self.rows)):
            cells = self.rows[index]
            if not any(_text(cell) for cell in cells):
                continue
            rows.append(self.read_row(index + 1, cells))
            self.note_headerless_cells(index + 1, cells)
        self.check_categories(rows)
        if not rows:
            self.warn("the sheet has no rows below the header", header + 1)
        dataset = self.build([row for row in rows if not row.problems])
        problems = [problem for row in rows for problem in row.problems]
        # The rows were checked one by one; this is the safety net that nothing invalid
        # slipped through, reported rather than raised so the caller still gets the rest.
        for problem in validate(dataset, self.gazetteer):
            problems.append(LocatedProblem(self.name, f"{problem.where()}: {problem.message}"))
        return SheetImport(dataset, problems, self.warnings, len(rows), self.unresolved)

    def note_headerless_cells(self, number: int, cells: list[Cell]) -> None:
        for column, cell in enumerate(cells, start=1):
            if column not in self.headers and _text(cell) and column not in self.headerless_noted:
                self.headerless_noted.add(column)
                self.warn(
                    f"column {column} has no header, so its values are ignored",
                    number,
                    column,
                )

    def check_categories(self, rows: list[_Row]) -> None:
        """One category per country: later rows may repeat it or leave it blank."""
        first: dict[str, _Row] = {}
        for row in rows:
            if row.iso3 is None or row.category is None:
                continue
            earlier = first.setdefault(row.iso3, row)
            if self.category_key(earlier.category) != self.category_key(row.category):
                self.problem(
                    row,
                    f"{row.iso3} ({self.gazetteer.name(row.iso3)}) is {row.category!r} "
                    f"here but {earlier.category!r} on row {earlier.number}; "
                    "a country has one category",
                    row.category_column,
                )
        for row in rows:
            if row.iso3 is not None and row.iso3 not in first:
                self.problem(
                    row,
                    f"no row gives a category for {row.iso3} ({self.gazetteer.name(row.iso3)})",
                    self.columns["category"][0],
                )
        self.first_category = first

    def category_key(self, text: str | None) -> str:
        """What a category text means: an existing category's id, or ``+`` and its own key.

        ``+`` cannot start an id, so a new category's key never passes for an existing one.
        """
        if text in self.category_keys:
            return self.category_keys[text]
        label, slug = _label_key(text or ""), _slug(text or "")
        key = "+" + (slug or label)
        for category in self.existing_categories:
            if label == _label_key(category.label) or (slug and slug == _slug(category.id)):
                key = category.id
                break
        self.category_keys[text] = key
        return key

    def build(self, good: list[_Row]) -> Dataset:
        categories = [Category(c.id, c.label, c.color) for c in self.existing_categories]
        base_sources = self.base.sources if self.base else {}
        base_urls = {source.url: key for key, source in base_sources.items()}
        sources: dict[str, Source] = {}
        by_url: dict[str, str] = {}
        nations: dict[str, Nation] = {}
        said: dict[tuple[str, str], _Row] = {}  # (iso3, role|summary) -> the row that said it
        dates: list[PartialDate] = []
        claims: dict[tuple, Contribution] = {}

        for row in good:
            assert row.iso3 is not None  # a good row has a country
            nation = nations.get(row.iso3)
            if nation is None:
                source_row = self.first_category[row.iso3]
                category = self.category_for(source_row, categories)
                nation = nations[row.iso3] = Nation(row.iso3, category)
            for attribute in ("role", "summary"):
                value = getattr(row, attribute)
                if value is None:
                    continue
                earlier = said.setdefault((row.iso3, attribute), row)
                if earlier is row:
                    setattr(nation, attribute, value)
                elif getattr(earlier, attribute) != value:
                    self.warn(
                        f"{row.iso3}: this {attribute} differs from row {earlier.number}'s; "
                        "the first is kept",
                        row.number,
                        self.columns[attribute][0],
                    )
            if row.date is not None:
                dates.append(row.date)

            source_id = None
            if row.url is not None:
                source_id = by_url.get(row.url)
                if source_id is None:
                    source_id = base_urls.get(row.url) or self.new_source_id(
                        row.url, set(sources) | set(base_sources)
                    )
                    known = base_sources.get(source_id)
                    sources[source_id] = (
                        copy.deepcopy(known) if known else Source(source_id, row.url)
                    )
                    by_url[row.url] = source_id
                source = sources[source_id]
                source.date = source.date or row.date
                if row.source_title is not None:
                    if source.title is None:
                        source.title = row.source_title
                    elif source.title != row.source_title:
                        self.warn(
                            f"this source title differs from {source.title!r}, already given "
                            f"for {row.url}; the first is kept",
                            row.number,
                            self.columns["source_title"][0],
                        )

            if row.contribution is not None:
                contribution = Contribution(
                    row.kind or DEFAULT_KIND,
                    row.contribution,
                    [source_id] if source_id else [],
                    row.date,
                )
                # A dict, not _twin(): a long sheet would compare every pair of its rows.
                twin = claims.setdefault((row.iso3, *_same_claim(contribution)), contribution)
                if twin is contribution:
                    nation.contributions.append(contribution)
                else:
                    _extend_unique(twin.sources, contribution.sources)
                    self.warn(
                        f"{row.iso3}: the same contribution is on an earlier row; "
                        "it is imported once",
                        row.number,
                        self.columns["contribution"][0],
                    )
            elif source_id is not None:
                _extend_unique(nation.sources, [source_id])

        return Dataset(
            title=self.title,
            as_of=max(dates) if dates else PartialDate.from_date(_dt.date.today()),
            categories=categories,
            sources=sources,
            nations=list(nations.values()),
        )

    def category_for(self, row: _Row, categories: list[Category]) -> str:
        """The id of the row's category, created (with a free colour) when it is new."""
        key = self.category_key(row.category)
        if not key.startswith("+"):
            return key
        if key in self.created:
            return self.created[key]
        if len(categories) >= MAX_CATEGORIES:
            # The nation is still imported, so its category must exist; validate() then
            # reports the overflow, which a user fixes by merging categories in the sheet.
            self.warn(
                f"{row.category!r} makes more than {MAX_CATEGORIES} categories",
                row.number,
                row.category_column,
            )
        # A new category that is one slip away from an existing one is most likely a typo:
        # it is still created (the sheet said so), but the user is told.
        names = {name.casefold(): c for c in categories for name in (c.id, c.label)}
        near = difflib.get_close_matches(
            (row.category or "").casefold(), list(names), n=1, cutoff=0.8
        )
        if near:
            self.warn(
                f"{row.category!r} becomes a new category; did you mean {names[near[0]].label!r}?",
                row.number,
                row.category_column,
            )
        # Text with no Latin letter or digit (a Cyrillic label) still needs an ASCII id.
        new_id = _free_id(_slug(row.category or "") or "category", {c.id for c in categories})
        colour = _next_colour({c.color.casefold() for c in categories})
        categories.append(Category(new_id, row.category or new_id, colour))
        self.created[key] = new_id
        return new_id

    @staticmethod
    def new_source_id(url: str, taken: set[str]) -> str:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        stem = re.sub(r"[^a-z0-9.-]+", "-", host.casefold()).strip(".-") or "source"
        return _free_id(stem, taken, always=True)


# -- helpers ----------------------------------------------------------------------------------
def _title_of(path: Path) -> str:
    return " ".join(path.stem.replace("_", " ").split()) or "Imported sheet"


def _free_id(stem: str, taken: set[str], *, always: bool = False) -> str:
    """``stem`` if free (unless ``always``), else ``stem-2``, ``stem-3``...; ``always``
    numbers from 1, so a source's id does not change when a second one from its host comes.
    """
    if not always and stem not in taken:
        return stem
    counter = 1 if always else 2
    while f"{stem}-{counter}" in taken:
        counter += 1
    return f"{stem}-{counter}"


def _renumbered(key: str, taken: set[str]) -> str:
    """A free id for ``key``: ``gov.uk-1`` becomes ``gov.uk-2``, not ``gov.uk-1-2``."""
    numbered = re.fullmatch(r"(.+)-\d+", key)
    return _free_id(numbered[1], taken, always=True) if numbered else _free_id(key, taken)


def _next_colour(taken: set[str]) -> str:
    """The first palette colour not in ``taken`` (folded); past the palette, a distinct one."""
    for colour in EXTRA_PALETTE:
        if colour.casefold() not in taken:
            return colour
    # Only reached past MAX_CATEGORIES with custom colours; distinct beats pretty there.
    step = 0
    while True:
        step += 1
        colour = f"#{(step * 0x3C6EF3) & 0xFFFFFF:06X}"
        if colour.casefold() not in taken:
            return colour


def _same_claim(contribution: Contribution) -> tuple:
    """What makes two contributions one: kind, date and text (case and spacing aside)."""
    return contribution.kind, contribution.date, " ".join(contribution.text.split()).casefold()


def _twin(contributions: list[Contribution], new: Contribution) -> Contribution | None:
    """An existing contribution saying the same thing as ``new``."""
    key = _same_claim(new)
    return next((c for c in contributions if _same_claim(c) == key), None)


def _extend_unique(target: list[str], items: Iterable[str]) -> None:
    for item in items:
        if item not in target:
            target.append(item)


def _copy_dataset(dataset: Dataset) -> Dataset:
    # Field by field rather than deepcopy(dataset): the copy needs its own change signal,
    # not a copy of the base's listeners.
    return Dataset(
        **{f.name: copy.deepcopy(getattr(dataset, f.name)) for f in dataclasses.fields(Dataset)}
    )


def _remapped(nation: Nation, categories: dict[str, str], sources: dict[str, str]) -> Nation:
    copied = copy.deepcopy(nation)
    copied.category = categories.get(copied.category, copied.category)
    copied.sources = [sources.get(s, s) for s in copied.sources]
    for contribution in copied.contributions:
        contribution.sources = [sources.get(s, s) for s in contribution.sources]
    for entry in copied.history:
        entry.category = categories.get(entry.category, entry.category)
        entry.sources = [sources.get(s, s) for s in entry.sources]
    return copied
