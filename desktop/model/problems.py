"""Problems found in a dataset, addressed by their path inside the document."""

from __future__ import annotations

from dataclasses import dataclass

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset.

    ``path`` leads from the document root to the offending value, e.g.
    ``("nations", 3, "contributions", 0, "kind")``; ``desktop.io`` turns it into a line and
    column. ``at_key`` points at the key itself rather than its value (unknown keys).
    """

    path: Path
    message: str
    at_key: bool = False

    def where(self) -> str:
        """The path in a readable form: ``nations[3].contributions[0].kind``."""
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out or "(document)"
