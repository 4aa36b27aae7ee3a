"""Export options, checked without Qt so a wrong command line is answered at once."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from desktop.geo.language import check_language
from desktop.model.dates import PartialDate
from desktop.model.message import N_, Label

FORMATS = ("png", "svg", "pdf", "pptx", "html", "geojson", "csv", "mp4", "webm", "gif", "webp")
IMAGE_FORMATS = ("png", "svg", "pdf")
ANIMATION_FORMATS = ("mp4", "webm", "gif", "webp")
"""Animated timelines: a frame for each step, composed like a PNG."""
STEPS = ("change", "month", "year")
"""Animation steps (``desktop.model.asof.timeline_days``)."""
VIEWS = ("world", "europe", "fit")
THEME_KEYS = ("light", "dark")

PRESETS: dict[str, tuple[int, int]] = {
    "slide": (1920, 1080),
    "4k": (3840, 2160),
    "square": (1080, 1080),
    # A4 landscape at 150 px per inch: the page's proportions, at a size the layout suits.
    "a4": (1754, 1240),
}
REFERENCE_AREA = 1920 * 1080
"""Text, lines and markers are sized for a 1920x1080 slide and scale with the output."""
MAX_SIDE = 16384


class ExportError(ValueError):
    """An export that cannot be made as asked (bad size, view, format or path).

    Its argument is the message: English text, or a ``desktop.model.message.Label`` that
    a window says in its language (its ``str`` is the same English).
    """


class Cancelled(Exception):
    """The user cancelled a running export; nothing was written."""


@dataclass(frozen=True)
class ExportOptions:
    """What to export and how; defaults make a 1920x1080 light world map of the as-of date."""

    format: str = "png"
    view: str = "world"
    preset: str | None = None
    size: tuple[int, int] | None = None
    title: str | None = None
    subtitle: str | None = None
    highlight: str | None = None
    theme: str = "light"
    pattern: bool = False
    labels: bool = False
    """Name the listed nations."""
    label_all: bool = False
    """Name every country in the frame."""
    label_codes: tuple[str, ...] = ()
    """Nations named whatever else is asked, placed even where crowded."""
    tiles: str | None = None
    day: dt.date | PartialDate | None = None
    """The day shown (None: the dataset's as-of date); a PartialDate keeps its precision
    in captions ("As of May 2025"), positions being those of its first day."""
    slide_per_date: bool = False
    """PowerPoint: one slide for each day a nation's category changed."""
    timeline: bool = True
    """HTML: a date slider over the dated entries, when positions change over time."""
    step: str = "change"
    """Animations: a frame at each dated change or event, or at each month's or year's end."""
    lang: str = "en"
    """Language of names, dates and the app's words (``desktop.geo.language.LANGUAGES``);
    English unless asked, so a script gives the same file on every machine."""

    @property
    def animated(self) -> bool:
        """Whether the output is an animated timeline (video, GIF or WebP)."""
        return self.format in ANIMATION_FORMATS

    def pixel_size(self) -> tuple[int, int]:
        """The output's size in pixels: --size, else the preset, else a slide."""
        if self.size:
            return self.size
        return PRESETS[self.preset or ("a4" if self.format == "pdf" else "slide")]

    def checked(self) -> ExportOptions:
        """Self, or ExportError naming the first option that cannot work."""
        if self.format not in FORMATS:
            raise ExportError(f"unknown format {self.format!r} (use one of: {', '.join(FORMATS)})")
        if self.view not in VIEWS:
            raise ExportError(f"unknown view {self.view!r} (use one of: {', '.join(VIEWS)})")
        if self.preset is not None and self.preset not in PRESETS:
            raise ExportError(f"unknown preset {self.preset!r} (use one of: {', '.join(PRESETS)})")
        if self.theme not in THEME_KEYS:
            raise ExportError(f"unknown theme {self.theme!r} (use light or dark)")
        width, height = self.pixel_size()
        if not (200 <= width <= MAX_SIDE and 200 <= height <= MAX_SIDE):
            raise ExportError(
                Label(
                    N_("size {size} is out of range (each side {low} to {high} pixels)"),
                    size=f"{width}x{height}",
                    low=200,
                    high=MAX_SIDE,
                )
            )
        try:
            check_language(self.lang)
        except ValueError as error:
            raise ExportError(f"--lang: {error}") from None
        if self.slide_per_date and self.format != "pptx":
            raise ExportError("--slide-per-date is for PowerPoint exports (.pptx)")
        if self.step not in STEPS:
            raise ExportError(f"unknown step {self.step!r} (use one of: {', '.join(STEPS)})")
        if self.step != "change" and not self.animated:
            raise ExportError("--step is for animations (.mp4, .webm, .gif, .webp)")
        if self.animated and self.format in ("mp4", "webm") and (width % 2 or height % 2):
            # The videos are 4:2:0, whose colour planes are half the size each way.
            raise ExportError(
                Label(
                    N_("size {size}: a video needs an even width and height"),
                    size=f"{width}x{height}",
                )
            )
        if self.tiles is not None:
            if self.format != "html":
                raise ExportError("--tiles is for HTML exports (an online basemap under the map)")
            check_tiles(self.tiles)
        return self

    def ignored(self) -> list[str]:
        """Options given that this format does not use (the command line says so)."""
        picture = (
            "preset", "size", "highlight", "theme", "pattern", "labels", "label_all", "label_codes"
        )  # fmt: skip
        tables = ("view", "title", "subtitle", *picture)  # GeoJSON and CSV hold no picture
        unused = {
            "html": tuple(name for name in picture if name != "theme"),
            "pptx": ("preset", "size"),  # a slide is 16:9 and its shapes scale freely
            "geojson": tables,
            "csv": tables,
        }.get(self.format, ())
        defaults = ExportOptions()
        flags = {"label_all": "--labels all", "label_codes": "--label"}
        names = [
            flags.get(name, f"--{name}")
            for name in unused
            if getattr(self, name) != getattr(defaults, name)
        ]
        return list(dict.fromkeys(names))


def check_tiles(name: str) -> None:
    """ExportError unless ``name`` is a basemap folium can draw without an API key."""
    import warnings

    import folium

    try:
        with warnings.catch_warnings():
            # A provider that now needs a key only warns; the map would show no tiles.
            warnings.simplefilter("error")
            folium.TileLayer(name)
    except (ValueError, KeyError, UserWarning) as error:
        reason = (
            "it needs an API key" if isinstance(error, UserWarning) else "it is not a known basemap"
        )
        raise ExportError(
            f"--tiles {name!r}: {reason} (try OpenStreetMap or OpenTopoMap)"
        ) from None


def parse_size(text: str) -> tuple[int, int]:
    """``1920x1080`` to (1920, 1080); ExportError for anything else."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (int(p) for p in parts)
    except ValueError:
        raise ExportError(f"size {text!r} is not WIDTHxHEIGHT in pixels, e.g. 1920x1080") from None
    return width, height


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """The format asked for, or the one the file name's extension says.

    An extension that names another format than ``explicit`` is an error: an SVG in a file
    called map.png helps nobody.
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    aliases = {"htm": "html", "json": "geojson"}
    fmt = aliases.get(suffix, suffix)
    if explicit:
        explicit = explicit.lower()
        if explicit not in FORMATS:
            raise ExportError(f"unknown format {explicit!r} (use one of: {', '.join(FORMATS)})")
        if fmt in FORMATS and fmt != explicit:
            raise ExportError(
                f"--format {explicit} does not match the file name {Path(path).name!r}"
            )
        return explicit
    if fmt not in FORMATS:
        raise ExportError(
            f"cannot tell the format from {Path(path).name!r}: use an extension "
            f"({', '.join('.' + f for f in FORMATS)}) or --format"
        )
    return fmt


def ui_scale(width: int, height: int) -> float:
    """How much bigger than on a 1920x1080 slide text and lines should be."""
    return math.sqrt(width * height / REFERENCE_AREA)
