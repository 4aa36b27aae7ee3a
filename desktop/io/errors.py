"""The one error type the dataset loader raises, and the located problems it carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LocatedProblem:
    """A problem with the file it is in and, when known, its line and column (1-based).

    ``warning`` marks one that does not stop the file loading; it prints as
    ``FILE:LINE:COLUMN: warning: message``, the way compilers write theirs. ``message`` is
    English text, usually a ``desktop.model.message.Label`` that a window translates; its
    ``location`` stays outside the translated part.
    """

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    warning: bool = False

    @property
    def location(self) -> str:
        """``FILE``, ``FILE:LINE`` or ``FILE:LINE:COLUMN``: where the problem is."""
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def __str__(self) -> str:
        message = f"warning: {self.message}" if self.warning else self.message
        return f"{self.location}: {message}"


class DatasetError(Exception):
    """A dataset file could not be read or is not valid.

    This is the only exception ``desktop.io`` raises for bad input. ``problems`` lists every
    problem found, each printable as ``FILE:LINE:COLUMN: message``.
    """

    def __init__(self, problems: list[LocatedProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls, file: str, message: str, line: int | None = None, column: int | None = None
    ) -> DatasetError:
        """An error with one problem."""
        return cls([LocatedProblem(file, message, line, column)])
