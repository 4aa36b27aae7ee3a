"""Where the run-time data lives: one lookup for a checkout, an installed wheel and a frozen app.

Nothing here imports Qt or a geometry library, so every layer may use it.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def data_root() -> Path:
    """Return the folder that holds ``geodata/`` and ``resources/``.

    A PyInstaller bundle unpacks them beside the executable (``sys._MEIPASS``); a wheel
    carries them in ``desktop/_data``; a checkout or editable install has them at the top
    of the repository, one level above the package.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    package = Path(__file__).resolve().parent
    bundled = package / "_data"
    if bundled.is_dir():
        return bundled
    return package.parent


def geodata_path(name: str) -> Path:
    """Path of a file in the boundaries folder."""
    return data_root() / "geodata" / name


def resource_path(*parts: str) -> Path:
    """Path of a file below ``resources/``."""
    return data_root().joinpath("resources", *parts)


def bundled_dataset() -> Path:
    """The dataset the app opens when the user names none."""
    return resource_path("datasets", "coalition-of-the-willing.yaml")
