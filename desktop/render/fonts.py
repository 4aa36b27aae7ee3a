"""Fonts for every script a map may name: Latin, Greek, Cyrillic, Arabic and CJK.

Country names come from CLDR in the export's language, and a dataset's own labels may be
in any script, so every QFont the app draws with carries a fallback list after its own
family: Noto Sans Arabic UI, DejaVu Sans (Latin, Greek, Cyrillic) and Noto Sans CJK. Qt draws
each character with the first family in that list that has it, before it asks the system.

The font files are not part of the repository. They come from Debian's packages
(``scripts/system-deps.sh`` installs fonts-dejavu-core, fonts-noto-ui-core and fonts-noto-cjk):
a checkout finds them where the packages put them, the packaged app carries copies in its
``fonts/`` folder (``build.spec``). A missing file is logged once and the system's own
fonts (fontconfig) are used instead; nothing fails.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop.paths import data_root

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScriptFont:
    """One bundled font family: its files (regular first) and where they come from."""

    family: str
    """The family name Qt registers (for a collection, the face the fallback list names)."""
    files: tuple[str, ...]
    """File names, the same in the Debian package and in the packaged app's ``fonts/``."""
    scripts: str
    """What it is there for, in words."""
    package: str
    """The Debian package that installs the files."""
    licence: str
    """SPDX identifier of the font's licence."""
    licence_file: str
    """The package's copyright file, which the packaged app carries as the licence text."""


LATIN = ScriptFont(
    "DejaVu Sans",
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "Latin, Greek and Cyrillic (and text when the system has no fonts at all)",
    "fonts-dejavu-core",
    "Bitstream-Vera",
    "/usr/share/doc/fonts-dejavu-core/copyright",
)
ARABIC = ScriptFont(
    # The UI variant: its line height is that of Latin text, so a label box fits either.
    # Its package adds no "Noto Sans", which fontconfig would make every machine's default.
    "Noto Sans Arabic UI",
    ("NotoSansArabicUI-Regular.ttf", "NotoSansArabicUI-Bold.ttf"),
    "Arabic",
    "fonts-noto-ui-core",
    "OFL-1.1",
    "/usr/share/doc/fonts-noto-ui-core/copyright",
)
CJK = ScriptFont(
    # The collection holds the Japanese, Korean, Simplified and Traditional Chinese and Hong
    # Kong faces over one set of glyphs; the Simplified Chinese face is the one named.
    "Noto Sans CJK SC",
    ("NotoSansCJK-Regular.ttc",),
    "Chinese, Japanese and Korean (regular weight; bold is drawn by emboldening it)",
    "fonts-noto-cjk",
    "OFL-1.1",
    "/usr/share/doc/fonts-noto-cjk/copyright",
)
FONTS: tuple[ScriptFont, ...] = (LATIN, ARABIC, CJK)
"""Every font the app brings for the scripts its names may be written in."""

FALLBACK_FAMILIES: tuple[str, ...] = (ARABIC.family, LATIN.family, CJK.family)
"""The order the families are tried after a font's own. Noto Sans Arabic UI comes before
DejaVu Sans, whose Arabic is plainer: DejaVu Sans still draws Arabic where it is the
font's own family, as on a machine with no other fonts."""

SYSTEM_FONT_DIRS: tuple[str, ...] = (
    # Debian and Ubuntu (the packages above)
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto",
    # Fedora
    "/usr/share/fonts/dejavu-sans-fonts",
    "/usr/share/fonts/google-noto-vf",
    "/usr/share/fonts/google-noto",
    "/usr/share/fonts/google-noto-sans-arabic-fonts",
    "/usr/share/fonts/google-noto-sans-cjk-fonts",
    "/usr/share/fonts/google-noto-cjk",
    # Arch
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/noto",
    "/usr/share/fonts/noto-cjk",
)
"""Where a checkout looks for the font files when the app carries none of its own."""

GENERIC_FAMILY = "sans-serif"
"""The CSS generic family that ends every font list written into SVG and HTML."""


def bundled_font_dir() -> Path:
    """The packaged app's ``fonts/`` folder (it may not exist: a checkout has none)."""
    return data_root() / "fonts"


def font_file(name: str, dirs: Iterable[str | Path] | None = None) -> Path | None:
    """The path of font file ``name``: the packaged app's copy first, then the system's
    (``SYSTEM_FONT_DIRS``); None when neither has it."""
    folders = [bundled_font_dir(), *SYSTEM_FONT_DIRS] if dirs is None else list(dirs)
    for folder in folders:
        path = Path(folder) / name
        if path.is_file():
            return path
    return None


def regular_file(font: ScriptFont) -> Path | None:
    """The regular face's file of ``font``, or None when it is not to be found."""
    return font_file(font.files[0])


def font_version(font: ScriptFont) -> str | None:
    """The version its regular file states (``2.005``), or None when there is no file."""
    path = regular_file(font)
    if path is None:
        return None
    from fontTools.ttLib import TTCollection, TTFont

    try:
        face = (
            TTCollection(str(path), lazy=True).fonts[0]
            if path.suffix.lower() == ".ttc"
            else TTFont(str(path), lazy=True)
        )
        text = face["name"].getDebugName(5) or ""
    except Exception:  # a damaged file: the version is simply not known
        return None
    words = text.replace(";", " ").split()
    return words[1] if len(words) > 1 and words[0].lower() == "version" else (text or None)


_registered: dict[str, bool] = {}


def ensure_fonts() -> list[str]:
    """Make the script fonts known to Qt and add the fallback list to the application's
    default font; once per process, later calls return at once. Needs a QGuiApplication
    (before one exists it does nothing and returns []).

    Returns the families that could be found neither installed on the system nor as files
    (logged once as a warning): their scripts are drawn by whatever fontconfig offers."""
    from PySide6.QtGui import QFontDatabase, QFontInfo, QGuiApplication

    if "done" in _registered:
        return [name for name, ok in _registered.items() if name != "done" and not ok]
    if QGuiApplication.instance() is None:
        return []
    known = set(QFontDatabase.families())
    for font in FONTS:
        if font.family in known:
            _registered[font.family] = True  # installed on the system: nothing to load
            continue
        found = False
        for name in font.files:
            path = font_file(name)
            if path is None:
                continue
            if QFontDatabase.addApplicationFont(str(path)) < 0:
                log.warning("Qt could not load the font file %s", path)
                continue
            found = True
        _registered[font.family] = found or font.family in QFontDatabase.families()
    _registered["done"] = True
    missing = [name for name, ok in _registered.items() if name != "done" and not ok]
    if missing:
        log.warning(
            "fonts not found: %s (expected in %s or %s); their scripts are drawn with the "
            "system's fonts and may show empty boxes",
            ", ".join(missing),
            bundled_font_dir(),
            ", ".join(SYSTEM_FONT_DIRS[:3]),
        )
    app_font = QGuiApplication.font()
    # By the family Qt resolved, not the name asked for: an alias such as "Sans Serif" is
    # no family, and Qt would skip it for the first real one in the list.
    app_font.setFamilies(families(QFontInfo(app_font).family()))
    QGuiApplication.setFont(app_font)
    return missing


ARABIC_SCRIPT_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "ckb", "sd", "ug"})
"""Languages written in Arabic script: their exports start from the Arabic font."""


def export_family(lang: str | None = None) -> str:
    """The family an export's text is set in: the application's default font, or for a
    language written in Arabic script (``lang`` "ar"), Noto Sans Arabic UI when it is
    found, so Arabic is drawn by a typeface made for it rather than by whatever Arabic the
    default font carries; Latin letters in such a page come from the fallbacks."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

    ensure_fonts()
    base = (lang or "").replace("_", "-").split("-")[0].lower()
    if base in ARABIC_SCRIPT_LANGUAGES and ARABIC.family in QFontDatabase.families():
        return ARABIC.family
    return QFontInfo(QFont()).family()


def families(primary: str | None) -> list[str]:
    """``primary`` (the font's own family; None or "" for none) followed by the fallback
    list, without repeats."""
    out = [primary] if primary else []
    out += [family for family in FALLBACK_FAMILIES if family not in out]
    return out


def with_fallbacks(font):
    """``font`` (a QFont, changed in place and returned) with the fallback families after
    its own, so Arabic, Greek, Cyrillic and CJK text never draws as empty boxes."""
    ensure_fonts()
    own = font.families() or [font.family()]
    font.setFamilies(families(own[0]) + [f for f in own[1:] if f not in FALLBACK_FAMILIES])
    return font


def make_font(family: str | None, pixels: float | None = None, weight=None):
    """A QFont of ``family`` (None: the application's default) with the fallback list, at
    ``pixels`` px (rounded; at least 1) and ``weight`` (a QFont.Weight) when given."""
    from PySide6.QtGui import QFont

    font = QFont(family) if family else QFont()
    if pixels is not None:
        font.setPixelSize(max(1, round(pixels)))
    if weight is not None:
        font.setWeight(weight)
    return with_fallbacks(font)


def css_family_list(primary: str | None, extra: Sequence[str] = ()) -> str:
    """A CSS ``font-family`` value: ``primary``, ``extra``, the fallback families and
    ``sans-serif``, each name quoted where CSS asks for it."""
    names = [*families(primary), *extra]
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return ",".join([*(_css_name(name) for name in seen), GENERIC_FAMILY])


def _css_name(name: str) -> str:
    generic = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
    if name in generic:
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


@cache
def covering_font(char: str) -> ScriptFont | None:
    """Which of ``FONTS`` (in fallback order) has a glyph for ``char``, judged from its
    regular file's character map; None when none does or no file is found."""
    order = [next(f for f in FONTS if f.family == family) for family in FALLBACK_FAMILIES]
    for font in order:
        if ord(char) in _cmap(font.family):
            return font
    return None


@cache
def _cmap(family: str) -> frozenset[int]:
    font = next(f for f in FONTS if f.family == family)
    path = regular_file(font)
    if path is None:
        return frozenset()
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.suffix.lower() == ".ttc":
            faces = TTCollection(str(path), lazy=True).fonts
            face = next((f for f in faces if f["name"].getBestFamilyName() == family), faces[0])
        else:
            face = TTFont(str(path), lazy=True)
        return frozenset(face.getBestCmap())
    except Exception as error:  # a damaged file: the script falls back to the system's fonts
        log.warning("could not read the font file %s: %s", path, error)
        return frozenset()
