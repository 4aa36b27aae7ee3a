"""Reading a file the user named, refusing with one clear line what cannot be read."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.io.errors import DatasetError


def read_limited(path: str | os.PathLike[str], *, noun: str, plural: str, limit: int) -> bytes:
    """The file's bytes; DatasetError when it is missing, a folder, unreadable or too big.

    ``noun`` and ``plural`` name what the file should be in the messages ("a dataset
    file", "datasets"). The size is checked before anything is read.
    """
    name = str(path)
    target = Path(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        raise DatasetError.single(name, "no such file") from None
    except OSError as error:
        raise DatasetError.single(name, f"cannot read: {error.strerror or error}") from None
    if target.is_dir():
        raise DatasetError.single(name, f"is a folder, not {noun}")
    if info.st_size > limit:
        raise DatasetError.single(
            name,
            f"is {info.st_size / 1048576:.1f} MiB; {plural} are limited to {limit // 1048576} MiB",
        )
    try:
        return target.read_bytes()
    except OSError as error:
        raise DatasetError.single(name, f"cannot read: {error.strerror or error}") from None
