"""The one error type the dataset loader raises, and the located problems it carries."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.model.countries import Gazetteer
from desktop.model.message import N_, CountryName, Label, Listing


@dataclass(frozen=True)
class LocatedProblem:
    """A problem with the file it is in and, when known, its line and column (1-based).

    ``warning`` marks one that does not stop the file loading; it prints as
    ``FILE:LINE:COLUMN: warning: message``, the way compilers write theirs.
    """

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    warning: bool = False

    def __str__(self) -> str:
        message = f"warning: {self.message}" if self.warning else self.message
        if self.line is None:
            return f"{self.file}: {message}"
        if self.column is None:
            return f"{self.file}:{self.line}: {message}"
        return f"{self.file}:{self.line}:{self.column}: {message}"


class DatasetError(Exception):
    """A dataset file could not be read or is not valid.

    This is the only exception ``desktop.io`` raises for bad input. ``problems`` lists the
    problems found, each printable as ``FILE:LINE:COLUMN: message``; ``total`` counts them
    all when the list stops at the first ones (its last line then says how many more).
    """

    def __init__(self, problems: list[LocatedProblem], total: int | None = None) -> None:
        self.problems = list(problems)
        self.total = len(self.problems) if total is None else total
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls, file: str, message: str, line: int | None = None, column: int | None = None
    ) -> DatasetError:
        """An error with one problem."""
        return cls([LocatedProblem(file, message, line, column)])


def candidates(gazetteer: Gazetteer, codes: list[str]) -> Listing:
    """``GBR (United Kingdom), GIB (Gibraltar)``: each country with its code, named again in
    the language of the window that shows the message."""
    return Listing(
        Label(N_("{code} ({name})"), code=code, name=CountryName(gazetteer.name(code), code))
        for code in codes
    )
