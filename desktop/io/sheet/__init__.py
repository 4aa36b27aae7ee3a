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
- ``category``: the sheet's own categories, in the order it first uses them. Text naming
  one of the target dataset's categories by id or label, without case, is that category
  (for a new dataset, the default three: ``Participating`` is ``participating``, and a
  default the sheet does not use is left out). Other text creates a category: id = slug of
  the text, label = the text, colour = the first free colour of the colour-blind-safe
  palette (the defaults' colours, then ``EXTRA_PALETTE``). A text used on one row only
  that is one slip from another category is created, with a "did you mean" warning.
- Dated rows are the country's history: each dated category is a history entry at its
  date, at the precision written (``2010``, ``2010-05``), so a later row with another
  category is a change; the entry in force at as-of gives the nation's category. Undated
  rows may repeat it or leave it blank; undated rows that differ from each other, or from
  the category at as-of, are problems, as are two rows of one date that differ, and a
  country whose first dated row is after as-of. A country no row gives a category is a
  problem on each of its rows.
- as-of: given by the caller (``import --as-of``), else the sheet's latest date, else today.
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
- ``date``: dates the row's category (above) and its contribution. ``YYYY-MM-DD``,
  ``YYYY-MM`` or ``YYYY``; also year-first ``2025/03/02``,
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
good rows, so a caller can refuse (``accept_import``, the default) or import the rest when
the user asks. A bad row contributes nothing, so importing the rest never imports half a
row; only its category still counts as its country's (the cell itself was sound). Files
that cannot be read at all raise ``DatasetError`` with one line.

Modules
-------
``decode`` turns a file into rows of cells; ``columns`` holds the header vocabulary;
``cells`` finds the header and reads each row on its own; ``build`` compares the rows
and builds the dataset. Merging that dataset into an open one is model work
(``desktop.model.merge``); ``accept_import`` here is the one step the window and the
command line share to decide what an import yields.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from desktop.io.errors import DatasetError, LocatedProblem
from desktop.io.gazetteer import default_gazetteer
from desktop.io.sheet.build import DatasetBuilder, latest_date, title_of
from desktop.io.sheet.cells import SheetCells, UnresolvedCountry, parse_sheet_date
from desktop.io.sheet.decode import read_rows
from desktop.model.countries import Gazetteer
from desktop.model.dataset import Dataset
from desktop.model.dates import PartialDate
from desktop.model.merge import merge_into
from desktop.model.message import N_, Label
from desktop.model.validate import validate

__all__ = [
    "BadRows",
    "NothingImported",
    "SheetImport",
    "UnresolvedCountry",
    "accept_import",
    "parse_sheet_date",
    "read_sheet",
]


@dataclass
class SheetImport:
    """What a sheet holds: the good rows as a dataset, and every row that is not good."""

    dataset: Dataset
    """Nations, sources and categories from the good rows (title from the file name,
    ``as_of`` as given, else the latest date in the sheet, else today)."""
    problems: list[LocatedProblem]
    """Rows that could not be imported, at their row (and column); empty when all is well."""
    warnings: list[LocatedProblem]
    """Things ignored on purpose: unread columns, later differing summaries, ..."""
    rows_read: int
    """Non-blank rows below the header."""
    unresolved: list[UnresolvedCountry] = field(default_factory=list)
    """The rows among ``problems`` whose country did not resolve, with the candidates."""
    as_of_from: str = "given"
    """Where ``dataset.as_of`` came from: ``"given"``, ``"sheet"`` (its latest date) or
    ``"today"`` (the sheet has no date)."""

    @property
    def as_of_note(self) -> str:
        """How the as-of date was chosen, in words fit to show: ``as of 2025-06-01, ...``
        (a Label: the window says it in its language)."""
        as_of = self.dataset.as_of
        if self.as_of_from == "sheet":
            return Label(N_("as of {day}, the sheet's latest date"), day=as_of)
        if self.as_of_from == "today":
            return Label(N_("as of {day}, today (the sheet gives no date)"), day=as_of)
        return Label(N_("as of {day}"), day=as_of)

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
    as_of: PartialDate | None = None,
) -> SheetImport:
    """Read a ``.csv`` or ``.xlsx`` sheet into a dataset of its good rows, listing the bad ones.

    ``sheet_name`` picks a worksheet of an .xlsx (default: the first). ``base``: the dataset
    the import will be merged into; its categories are reused and its sources' ids kept for
    URLs it already cites. ``base`` is not modified. ``as_of``: the day the nations'
    categories are read at (default: the sheet's latest date, or today without one). Raises
    DatasetError (one line) when the file cannot be read as a sheet at all.
    """
    name = str(path)
    target = Path(path)
    gazetteer = gazetteer or default_gazetteer()
    notes: list[LocatedProblem] = []
    picked: list[str] = []
    rows_read = read_rows(target, name, sheet_name, notes, picked)
    # A workbook's problems name the worksheet too: "pledges.xlsx[2025]:12:3: ...".
    label = f"{name}[{picked[0]}]" if picked else name
    sheet = SheetCells(label, gazetteer, rows_read, notes)
    header, rows = sheet.read()
    as_of_from = "given"
    if as_of is None:
        as_of = latest_date(rows)
        as_of_from = "sheet"
    if as_of is None:
        as_of, as_of_from = PartialDate.from_date(_dt.date.today()), "today"
    builder = DatasetBuilder(sheet, base, title_of(target), as_of)
    builder.check_categories(rows)
    if not rows:
        sheet.warn(Label(N_("the sheet has no rows below the header")), header)
    dataset = builder.build([row for row in rows if not row.problems])
    problems = [problem for row in rows for problem in row.problems]
    # The rows were checked one by one; this is the safety net that nothing invalid
    # slipped through, reported rather than raised so the caller still gets the rest.
    if dataset.nations:  # an empty import is refused as such, not for having no category
        problems += _located(name, dataset, gazetteer)
    return SheetImport(dataset, problems, sheet.warnings, len(rows), sheet.unresolved, as_of_from)


class BadRows(DatasetError):
    """An import refused because some rows cannot be imported (``problems`` lists them)."""


class NothingImported(DatasetError):
    """An import refused because no row of the sheet gave a nation."""


def accept_import(
    result: SheetImport,
    name: str,
    *,
    skip_bad_rows: bool = False,
    into: Dataset | None = None,
    gazetteer: Gazetteer | None = None,
) -> Dataset:
    """The dataset an import yields: the sheet's good rows, merged into ``into`` when given.

    The one decision the window and the command line share. ``name`` is the sheet as
    messages name it. Nothing is modified: ``into`` stays as it was (the window swaps the
    result in as one undoable step), and the result is a dataset that validates.

    Raises ``BadRows`` (listing ``result.problems``) when rows have problems and
    ``skip_bad_rows`` is not given, so nothing is imported half-way by default;
    ``NothingImported`` when no nation is left; a ``DatasetError`` listing the problems of
    the merged dataset when merging would make it invalid.
    """
    if result.problems and not skip_bad_rows:
        raise BadRows(result.problems)
    if not result.dataset.nations:
        raise NothingImported.single(name, Label(N_("no nation could be imported")))
    dataset = result.dataset if into is None else merge_into(into, result.dataset)
    problems = _located(name, dataset, gazetteer or default_gazetteer())
    if problems:
        raise DatasetError(problems)
    return dataset


def _located(name: str, dataset: Dataset, gazetteer: Gazetteer) -> list[LocatedProblem]:
    """``dataset``'s validation problems, named at the sheet they came from."""
    return [
        LocatedProblem(
            name, Label(N_("{where}: {message}"), where=problem.where(), message=problem.message)
        )
        for problem in validate(dataset, gazetteer)
    ]
