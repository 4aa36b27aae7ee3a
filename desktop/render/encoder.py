"""Finding the FFmpeg program that encodes MP4 and WebM timelines.

The app never links FFmpeg: it runs the program once per video and writes the frames into
its standard input. Which program, in ``imageio-ffmpeg``'s order:

1. the one the ``IMAGEIO_FFMPEG_EXE`` environment variable names (taken as given, as
   imageio-ffmpeg does; it must exist);
2. the program the ``imageio-ffmpeg`` wheel carries, in an installation from source or pip;
3. ``ffmpeg`` in the Python installation's ``bin`` folder (conda), then on ``PATH``.

The packaged app carries no FFmpeg of its own (the available builds are GPL): its users
install one (``FFMPEG_HOW_TO_INSTALL``) or export GIF and WebP animations, which Pillow
writes without FFmpeg. Nothing here imports Qt, so the command line can check before it
draws a frame.
"""

from __future__ import annotations

import os
import shutil

from desktop.model.message import N_, Label
from desktop.render.options import ExportError

VIDEO_FORMATS = ("mp4", "webm")
"""The animation formats FFmpeg encodes; GIF and WebP need no FFmpeg."""

ENVIRONMENT_VARIABLE = "IMAGEIO_FFMPEG_EXE"

# A Label, as the messages below: a window says it in its language, str() in English.
FFMPEG_HOW_TO_INSTALL = Label(
    N_(
        "install FFmpeg (Windows: winget install ffmpeg; macOS: brew install ffmpeg; "
        "Debian or Ubuntu: sudo apt install ffmpeg; Fedora: sudo dnf install ffmpeg) "
        "or set {variable} to the ffmpeg program's path"
    ),
    variable=ENVIRONMENT_VARIABLE,
)


class FFmpegMissing(ExportError):
    """No FFmpeg program was found: MP4 and WebM cannot be written, GIF and WebP can."""


def _missing(why: Label) -> FFmpegMissing:
    return FFmpegMissing(
        Label(
            N_(
                "MP4 and WebM videos need the FFmpeg program, and {why}. To make videos, "
                "{install}. GIF and WebP animations need no FFmpeg: export one of those instead."
            ),
            why=why,
            install=FFMPEG_HOW_TO_INSTALL,
        )
    )


def ffmpeg_exe() -> str:
    """The FFmpeg program to run (a path, or ``ffmpeg`` found on ``PATH``).

    Raises FFmpegMissing, whose message says how to install FFmpeg and that GIF and WebP
    need none, when ``IMAGEIO_FFMPEG_EXE`` names no program or none is found. Looked up on
    every call, so an FFmpeg installed while the app runs is found.
    """
    named = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if named:
        found = shutil.which(named)
        if found is None:
            raise _missing(
                Label(
                    N_("{variable} names {named}, which is not a program"),
                    variable=ENVIRONMENT_VARIABLE,
                    named=named,
                )
            )
        return found
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, OSError, RuntimeError):
        pass  # not installed, or its program left out (the packaged app)
    # imageio-ffmpeg remembers a failed search for the whole process; PATH is looked at
    # again so that an FFmpeg installed since then is found.
    found = shutil.which("ffmpeg")
    if found is None:
        raise _missing(Label(N_("none was found on this computer")))
    return found


def ffmpeg_problem(fmt: str) -> str | None:
    """Why ``fmt`` cannot be exported for want of FFmpeg (a ``Label``: English text that a
    window says in its language), or None (found, or not a video)."""
    if fmt not in VIDEO_FORMATS:
        return None
    try:
        ffmpeg_exe()
    except FFmpegMissing as error:
        return error.args[0]
    return None
