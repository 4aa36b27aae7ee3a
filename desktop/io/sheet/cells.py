"""Reading a sheet's cells: the header row, then each row on its own, checked cell by cell.

Takes the rows ``decode`` produced and finds the header among the first rows, then reads
every row below it into a ``Row``: the country resolved by the gazetteer (every country
column must agree), the category text as written, role, summary, contribution and its
kind, source URL and title, and the date. A cell that cannot be read is a problem on its
row and column; what is ignored on purpose (unread columns, cells without a header) is a
warning. Rows are not compared with each other here: that is building the dataset
(``desktop.io.sheet.build``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.io.errors import DatasetError, LocatedProblem, candidates
from desktop.io.sheet.columns import FIELDS, HEADER_SEARCH, column_of
from desktop.io.sheet.decode import Cell
from desktop.model.countries import Gazetteer, Resolution
from desktop.model.dataset import CONTRIBUTION_KINDS
from desktop.model.dates import PartialDate
from desktop.model.message import N_, Label
from desktop.model.validate import is_web_url

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


@dataclass(frozen=True)
class UnresolvedCountry:
    """A row whose country text named no country, or several: for a "which one?" prompt."""

    row: int
    column: int
    text: str
    candidates: tuple[str, ...]
    """ISO3 codes it may mean (ambiguous) or the closest matches (unknown)."""
    ambiguous: bool


def cell_text(value: Cell) -> str:
    """A cell as trimmed text: "" for an empty cell, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def kind_of(text: str) -> str | None:
    """The contribution kind a cell names (see ``KIND_SYNONYMS``), or None."""
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

    Accepts what ``PartialDate.parse`` does plus the unambiguous forms listed in
    ``desktop.io.sheet``'s docstring. Day-first or month-first numbers (``03/02/2025``) are
    refused, naming both readings.
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
        raise ValueError(Label(N_("no such date: {text}"), text=text)) from None
    match = _NUMERIC.match(text)
    if match:
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        readings = [
            f"{year:04d}-{m:02d}-{d:02d}"
            for d, m in ((first, second), (second, first))
            if 1 <= m <= 12 and 1 <= d <= 31
        ]
        options = list(dict.fromkeys(readings))
        if len(options) == 2:
            message = Label(
                N_("{text} is ambiguous day/month order: write {first} or {second}"),
                text=repr(text),
                first=options[0],
                second=options[1],
            )
        else:
            message = Label(
                N_("{text} is ambiguous day/month order: write {first}"),
                text=repr(text),
                first=options[0] if options else "YYYY-MM-DD",
            )
        raise ValueError(message)
    raise refusal


@dataclass
class Row:
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


class SheetCells:
    """The header and the rows of one sheet, read cell by cell.

    ``warnings`` collects what is ignored on purpose, in sheet order; each ``Row`` holds its
    own problems. ``columns`` maps a column name of ``FIELDS`` to its 1-based column
    numbers (several for ``country``), ``headers`` a column number to its header text.
    """

    def __init__(
        self,
        name: str,
        gazetteer: Gazetteer,
        rows: list[list[Cell]],
        notes: list[LocatedProblem],
    ) -> None:
        self.name = name
        self.gazetteer = gazetteer
        self.rows = rows
        self.warnings = list(notes)
        self.unresolved: list[UnresolvedCountry] = []
        self.columns: dict[str, list[int]] = {}
        self.headers: dict[int, str] = {}
        self.headerless_noted: set[int] = set()
        # A sheet repeats its countries; an unknown name costs a fuzzy search each time.
        self.resolved: dict[str, Resolution] = {}

    def problem(self, row: Row, message: Label, column: int | None) -> None:
        row.problems.append(LocatedProblem(self.name, message, row.number, column))

    def warn(self, message: Label, line: int | None = None, column: int | None = None) -> None:
        self.warnings.append(LocatedProblem(self.name, message, line, column))

    def read(self) -> tuple[int, list[Row]]:
        """The header's row number and every non-blank row below it, read on its own.

        Raises DatasetError (one line) when the sheet has no rows or no header row.
        """
        header = self.find_header()
        rows: list[Row] = []
        for index in range(header + 1, len(self.rows)):
            cells = self.rows[index]
            if not any(cell_text(cell) for cell in cells):
                continue
            rows.append(self.read_row(index + 1, cells))
            self.note_headerless_cells(index + 1, cells)
        return header + 1, rows

    # -- header ----------------------------------------------------------------------------
    def find_header(self) -> int:
        """Index of the header row in ``rows``; its columns go to ``columns``/``headers``."""
        filled = [i for i, row in enumerate(self.rows) if any(cell_text(c) for c in row)]
        if not filled:
            raise DatasetError.single(self.name, Label(N_("the sheet has no rows")))
        for index in filled[:HEADER_SEARCH]:
            found = {column_of(cell_text(cell)) for cell in self.rows[index]}
            if {"country", "category"} <= found:
                break
        else:
            index = filled[0]
            found = {column_of(cell_text(cell)) for cell in self.rows[index]}
            missing = [f for f in ("country", "category") if f not in found]
            shown = ", ".join(repr(cell_text(c)) for c in self.rows[index] if cell_text(c))
            message = (
                N_("no {column} column: the header row reads {header}")
                if len(missing) == 1
                else N_("no {column} or {other} column: the header row reads {header}")
            )
            raise DatasetError.single(
                self.name,
                Label(
                    message,
                    column=repr(missing[0]),
                    other=repr(missing[-1]),
                    header=shown[:200],
                ),
                index + 1,
            )
        above = [i + 1 for i in filled if i < index]
        if len(above) == 1:
            self.warn(Label(N_("row {row} above the header is ignored"), row=above[0]), above[0])
        elif above:
            self.warn(
                Label(
                    N_("rows {first}-{last} above the header are ignored"),
                    first=above[0],
                    last=above[-1],
                ),
                above[0],
            )
        for column, cell in enumerate(self.rows[index], start=1):
            header = cell_text(cell)
            if not header:
                continue
            self.headers[column] = header
            key = column_of(header)
            if key is None:
                self.warn(
                    Label(
                        N_(
                            "column {header} is not one the import reads, so it is ignored "
                            "(columns read: {columns})"
                        ),
                        header=repr(header),
                        columns=", ".join(FIELDS),
                    ),
                    index + 1,
                    column,
                )
            elif key in self.columns and key != "country":
                first = self.headers[self.columns[key][0]]
                self.warn(
                    Label(
                        N_(
                            "column {header} means {key} like column {first}; only the first is read"
                        ),
                        header=repr(header),
                        key=key,
                        first=repr(first),
                    ),
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
        return cell_text(value) or None, column

    def read_row(self, number: int, cells: list[Cell]) -> Row:
        row = Row(number)
        self.read_country(row, cells)

        row.category, row.category_column = self.text(cells, "category")

        row.role = self.text(cells, "role")[0]
        row.summary = self.text(cells, "summary")[0]
        row.contribution = self.text(cells, "contribution")[0]

        text, column = self.text(cells, "contribution_kind")
        if text is not None:
            row.kind = kind_of(text)
            if row.kind is None:
                self.problem(
                    row,
                    Label(
                        N_("{header}: {text} is not a contribution kind (use one of {kinds})"),
                        header=repr(self.headers[column]),
                        text=repr(text),
                        kinds=", ".join(CONTRIBUTION_KINDS),
                    ),
                    column,
                )
            elif row.contribution is None:
                self.problem(
                    row,
                    Label(
                        N_("{header} is {text} but the row has no contribution text"),
                        header=repr(self.headers[column]),
                        text=repr(text),
                    ),
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
                    Label(
                        N_("{header}: {url} is not an http(s) link"),
                        header=repr(self.headers[column]),
                        url=repr(url[:200]),
                    ),
                    column,
                )
        row.source_title, column = self.text(cells, "source_title")
        if row.source_title is not None and url is None:
            self.warn(
                Label(
                    N_("{header} is given without a source URL, so it is ignored"),
                    header=repr(self.headers[column]),
                ),
                number,
                column,
            )
            row.source_title = None

        value, column = self.cell(cells, "date")
        if cell_text(value):
            try:
                row.date = parse_sheet_date(value)
            except ValueError as error:
                reason = error.args[0] if error.args else str(error)
                self.problem(
                    row,
                    Label(
                        N_("{header}: {message}"), header=repr(self.headers[column]), message=reason
                    ),
                    column,
                )
        return row

    def read_country(self, row: Row, cells: list[Cell]) -> None:
        """Resolve every country column of the row; they must agree on one code."""
        found: list[tuple[str, int, str]] = []  # (code, column, text)
        failed = []
        for column in self.columns["country"]:
            text = cell_text(cells[column - 1]) if column <= len(cells) else ""
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
            # Point at the first cell that contradicts the first one given.
            column, other, text = next(
                (column, code, text) for code, column, text in found if code != found[0][0]
            )
            if len(found) == 2:
                message = Label(
                    N_(
                        "the country columns disagree: {text} is {code} but {other_text} is {other}"
                    ),
                    text=repr(found[0][2]),
                    code=found[0][0],
                    other_text=repr(text),
                    other=other,
                )
            else:
                named = " but ".join(f"{text!r} is {code}" for code, _, text in found)
                message = Label(N_("the country columns disagree: {named}"), named=named)
            self.problem(row, message, column)
            return
        if codes:
            row.iso3 = codes.pop()
            # Another column said something the gazetteer does not know; the code decides,
            # but say so, as it is a name the alias table may be missing.
            for result, column, text in failed:
                if not result.ambiguous or row.iso3 not in result.candidates:
                    self.warn(
                        Label(
                            N_(
                                "{text} is not a country name the app knows; {code} from "
                                "column {header} is used"
                            ),
                            text=repr(text),
                            code=row.iso3,
                            header=repr(self.headers[found[0][1]]),
                        ),
                        row.number,
                        column,
                    )
            return
        if not failed:
            self.problem(row, Label(N_("the row has no country")), self.columns["country"][0])
            return
        result, column, text = failed[0]
        named = candidates(self.gazetteer, result.candidates)
        if result.ambiguous:
            template = N_("{text} could mean {named}: write the name or ISO code of the one meant")
        elif result.candidates:
            template = N_("{text} is not a country name or code the app knows (closest: {named})")
        else:
            template = N_("{text} is not a country name or code the app knows")
        self.problem(row, Label(template, text=repr(text), named=named), column)
        self.unresolved.append(
            UnresolvedCountry(row.number, column, text, result.candidates, result.ambiguous)
        )

    # -- whole sheet -----------------------------------------------------------------------
    def note_headerless_cells(self, number: int, cells: list[Cell]) -> None:
        for column, cell in enumerate(cells, start=1):
            if (
                column not in self.headers
                and cell_text(cell)
                and column not in self.headerless_noted
            ):
                self.headerless_noted.add(column)
                self.warn(
                    Label(
                        N_("column {column} has no header, so its values are ignored"),
                        column=column,
                    ),
                    number,
                    column,
                )
