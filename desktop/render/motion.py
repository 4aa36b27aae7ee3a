"""Animated timelines: MP4 and WebM videos, GIF and WebP animations of a dataset's story.

Every frame is a composed map (title, the day, the legend with that day's counts, credits)
drawn by ``compose``, the painter of the PNG export, in this process; the nations whose
category changed since the previous frame are outlined as the window's "changes since"
outlines them. The last frame is held.

Videos are encoded by an FFmpeg program (``desktop.render.encoder`` finds it: the one the
``imageio-ffmpeg`` package carries, or the user's own), run once per video as a separate
program that reads the frames from a pipe: MP4 is H.264 (High profile, 4:2:0, BT.709), which PowerPoint, browsers and
the social platforms play; WebM is VP9. GIF and WebP are written by Pillow.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from desktop.geo.language import N_, Message
from desktop.model.asof import changes_between, timeline_days
from desktop.model.countries import Gazetteer
from desktop.model.dataset import Dataset
from desktop.model.message import Label
from desktop.render.compose import compose, composition
from desktop.render.encoder import ffmpeg_exe
from desktop.render.fonts import export_family
from desktop.render.mapdraw import Overlay
from desktop.render.options import ExportError, ExportOptions, ui_scale
from desktop.render.theme import THEMES

STEP_SECONDS = 0.75
"""How long each step of the story stays on screen."""
HOLD_SECONDS = 3.0
"""How long the last frame stays, so the final state can be read."""
VIDEO_FPS = 30
"""Output frame rate of the videos: what every player and platform takes without a remux."""

Progress = Callable[[float, str], None]
"""Told how far the animation is (0 to 1) and what it does; may raise to cancel."""


@dataclass(frozen=True)
class Step:
    """One frame of the story: the day shown and the nations whose category changed."""

    day: dt.date
    changed: frozenset[str]
    events: tuple[str, ...]
    """Titles of the events dated that day."""


def timeline_steps(dataset: Dataset, options: ExportOptions) -> list[Step]:
    """The frames for ``options.step`` (``change``, ``month``, ``year``), up to
    ``options.day`` when given. ``changed`` holds the codes whose category differs from the
    previous frame's (for the first frame: from the day before it)."""
    days = timeline_days(dataset, options.step, options.day)
    steps = []
    previous = days[0] - dt.timedelta(days=1)
    for day in days:
        changed = frozenset(c.iso3 for c in changes_between(dataset, previous, day))
        events = tuple(
            e.title
            for e in dataset.events
            # An event belongs to the frame whose period holds it.
            if previous < e.date.start <= day
        )
        steps.append(Step(day, changed, events))
        previous = day
    return steps


def frames(
    dataset: Dataset,
    gazetteer: Gazetteer,
    options: ExportOptions,
    steps: list[Step],
    view_for=None,
) -> Iterator[QImage]:
    """A composed image for each step, drawn by the PNG export's painter into one image
    that is reused: each is valid until the next is asked for."""
    width, height = options.pixel_size()
    image = QImage(width, height, QImage.Format.Format_RGB32)
    family = export_family(options.lang)
    for step in steps:
        comp = composition(dataset, gazetteer, replace(options, day=step.day))
        comp.overlay = Overlay(outlined=step.changed)
        if options.subtitle is None and step.events:
            # Why this step is in the story: the day's events, unless a subtitle was given.
            comp.subtitle = "; ".join(step.events)
        image.fill(QColor(THEMES[options.theme].background))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        compose(
            painter,
            QRectF(0, 0, width, height),
            comp,
            view_for or options.view,
            ui_scale=ui_scale(width, height),
            font_family=family,
        )
        painter.end()
        yield image


def durations(steps: list[Step]) -> list[float]:
    """Seconds each step's frame is shown: the last one held."""
    return [STEP_SECONDS] * (len(steps) - 1) + [HOLD_SECONDS]


def animation_bytes(
    dataset: Dataset,
    gazetteer: Gazetteer,
    options: ExportOptions,
    progress: Progress | None = None,
    view_for=None,
) -> bytes:
    """The animated timeline's file (``options.format``: mp4, webm, gif or webp).

    Raises ExportError when the video encoder fails, FFmpegMissing (an ExportError) before
    any frame is drawn when no FFmpeg program is found."""
    steps = timeline_steps(dataset, options)

    def told(done: int) -> None:
        if progress is not None:
            what = Message(N_("Drawing frame {n} of {total}"), n=done + 1, total=len(steps))
            progress(0.1 + 0.85 * done / len(steps), what)

    drawn = frames(dataset, gazetteer, options, steps, view_for)
    if options.format in ("mp4", "webm"):
        return _video(drawn, steps, options, told)
    return _pillow(drawn, steps, options, told)


VIDEO_CODECS = {
    # H.264 High profile: what PowerPoint, every browser and the social platforms play.
    # "stillimage" suits a map that holds still between steps; +faststart puts the index
    # first, so a browser starts playing before the whole file has arrived.
    "mp4": [
        "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "20",
        "-profile:v", "high", "-movflags", "+faststart",
    ],
    # VP9 at constant quality; realtime speed settings, as the frames hardly move.
    "webm": [
        "-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "32", "-deadline", "realtime",
        "-cpu-used", "8", "-row-mt", "1",
    ],
}  # fmt: skip


def _video(drawn: Iterator[QImage], steps: list[Step], options: ExportOptions, told) -> bytes:
    width, height = options.pixel_size()
    # Each step is one input frame at 1/STEP_SECONDS frames a second; the fps filter
    # repeats it at the output rate. The last frame is sent again to fill the hold.
    hold_copies = max(0, round(HOLD_SECONDS / STEP_SECONDS) - 1)
    with tempfile.TemporaryDirectory(prefix="coalition-atlas-") as folder:
        out = Path(folder) / f"timeline.{options.format}"
        command = [
            ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin",
            "-f", "rawvideo", "-pix_fmt", "bgra", "-s", f"{width}x{height}",
            "-framerate", f"{round(1 / STEP_SECONDS * 1000)}/1000", "-i", "pipe:0",
            # Tagged BT.709, the HD standard players assume, so colours come out as drawn.
            "-vf", f"fps={VIDEO_FPS},scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
            "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
            *VIDEO_CODECS[options.format], "-an", "-y", str(out),
        ]  # fmt: skip
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
        except OSError as error:  # found, but not a program this system can run
            raise ExportError(
                Label(
                    N_("the video encoder {program} cannot be run: {reason}"),
                    program=command[0],
                    reason=str(error.strerror or error),
                )
            ) from None
        try:
            image = None
            for done, image in enumerate(drawn):
                told(done)
                process.stdin.write(image.constBits())
            for _ in range(hold_copies):
                process.stdin.write(image.constBits())
            process.stdin.close()
        except BrokenPipeError:
            pass  # the encoder stopped: its message is read below
        except BaseException:
            process.kill()
            process.wait()
            raise
        errors = process.stderr.read().decode("utf-8", "replace").strip()
        if process.wait() != 0 or not out.exists():
            last = (errors.splitlines() or ["no message"])[-1]
            raise ExportError(Label(N_("the video encoder failed: {reason}"), reason=last))
        return out.read_bytes()


def _pillow(drawn: Iterator[QImage], steps: list[Step], options: ExportOptions, told) -> bytes:
    from io import BytesIO

    from PIL import Image

    width, height = options.pixel_size()
    pictures = []
    for done, image in enumerate(drawn):
        told(done)
        picture = Image.frombytes("RGB", (width, height), image.constBits(), "raw", "BGRX")
        if options.format == "gif":
            # Flat fills: an exact palette of the frame's own colours, no dithering noise.
            picture = picture.quantize(255, Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        pictures.append(picture)
    milliseconds = [round(seconds * 1000) for seconds in durations(steps)]
    out = BytesIO()
    first, *rest = pictures
    if options.format == "gif":
        first.save(out, "GIF", save_all=True, append_images=rest, duration=milliseconds, loop=0)
    else:
        first.save(
            out, "WEBP", save_all=True, append_images=rest, duration=milliseconds, loop=0,
            quality=85, method=2,
        )  # fmt: skip
    return out.getvalue()
