"""Reading a file the user named, refusing with one clear line what cannot be read."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.io.errors import DatasetError
from desktop.model.message import N_, Label


def read_limited(path: str | os.PathLike[str], *, folder: str, too_big: str, limit: int) -> bytes:
    """The file's bytes; DatasetError when it is missing, a folder, unreadable or too big.

    ``folder`` and ``too_big`` are the messages (``N_``-marked ids) for a folder and for a
    file over ``limit`` bytes, the latter with ``{size}`` and ``{limit}`` fields in MiB:
    whole sentences, so each language words them for what the file should be. The size is
    checked before anything is read.
    """
    name = str(path)
    target = Path(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        raise DatasetError.single(name, Label(N_("no such file"))) from None
    except OSError as error:
        raise DatasetError.single(
            name, Label(N_("cannot read: {reason}"), reason=str(error.strerror or error))
        ) from None
    if target.is_dir():
        raise DatasetError.single(name, Label(folder))
    if info.st_size > limit:
        raise DatasetError.single(
            name,
            Label(too_big, size=f"{info.st_size / 1048576:.1f}", limit=limit // 1048576),
        )
    try:
        return target.read_bytes()
    except OSError as error:
        raise DatasetError.single(
            name, Label(N_("cannot read: {reason}"), reason=str(error.strerror or error))
        ) from None
