"""Fonts carried inside an HTML page, so it draws its Greek, Cyrillic, Arabic and CJK text
offline on a machine whose own fonts lack those scripts.

For each such script in its text the page carries a font of its own, embedded as
``@font-face`` with a ``data:`` address: a WOFF subset, made with fontTools, of the app's font
for that script holding only the characters the page uses (with the shaping forms Arabic
needs), its ``unicode-range`` those characters. The page's font lists name these fonts
first, so they draw exactly those characters and everything else comes from the reader's own
fonts. (Named after the reader's fonts instead, Chromium drew boxes for text laid out before
the embedded font had loaded, and never redrew it.) A page in Latin letters carries none.
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass

from desktop.render.fonts import ARABIC, CJK, LATIN, ScriptFont, regular_file

log = logging.getLogger(__name__)

SCRIPT_RANGES: tuple[tuple[str, ScriptFont, tuple[tuple[int, int], ...]], ...] = (
    ("Greek", LATIN, ((0x0370, 0x03FF), (0x1F00, 0x1FFF))),
    ("Cyrillic", LATIN, ((0x0400, 0x052F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F))),
    (
        "Arabic",
        ARABIC,
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
    (
        "CJK",
        CJK,
        (
            (0x1100, 0x11FF),  # Hangul jamo
            (0x2E80, 0x2FDF),  # radicals
            (0x3000, 0x303F),  # CJK punctuation
            (0x3040, 0x30FF),  # kana
            (0x3100, 0x31FF),  # bopomofo, Hangul compatibility jamo, kana extensions
            (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF),
            (0xAC00, 0xD7AF),  # Hangul syllables
            (0xF900, 0xFAFF),
            (0xFF00, 0xFFEF),  # full-width forms
            (0x20000, 0x2FA1F),
        ),
    ),
)
"""The scripts a page may carry a font for: name, the app's font for it, code point ranges."""

JOINERS = "\u200c\u200d"
"""Zero-width non-joiner and joiner: they steer Arabic shaping, so an Arabic subset keeps them."""


@dataclass(frozen=True)
class WebFont:
    """One embedded font: its CSS family name, script, characters and ``@font-face`` rule."""

    family: str
    script: str
    chars: str
    rule: str

    @property
    def size(self) -> int:
        """Characters the rule adds to the page."""
        return len(self.rule)


def script_of(char: str) -> tuple[str, ScriptFont] | None:
    """(script name, the app's font for it) for a character of a script a page embeds a
    font for; None for Latin and everything else."""
    code = ord(char)
    for name, font, ranges in SCRIPT_RANGES:
        if any(low <= code <= high for low, high in ranges):
            return name, font
    return None


def family_name(script: str) -> str:
    """The CSS family name of the page's own font for ``script``."""
    return f"Coalition Atlas {script}"


def web_fonts(text: str) -> list[WebFont]:
    """The fonts a page whose text is ``text`` should carry: one per non-Latin script in
    it (Greek, Cyrillic, Arabic, CJK) whose font file is found, each a subset holding the
    characters of that script that ``text`` uses. A font that cannot be found or read is
    left out (logged): the page then relies on the reader's fonts for that script."""
    wanted: dict[str, tuple[ScriptFont, set[str]]] = {}
    for char in set(text):
        found = script_of(char)
        if found is None:
            continue
        script, font = found
        wanted.setdefault(script, (font, set()))[1].add(char)
    out = []
    for script in (name for name, _font, _ranges in SCRIPT_RANGES):
        if script not in wanted:
            continue
        font, chars = wanted[script]
        if script == "Arabic":
            chars |= set(JOINERS)
        data = _subset(font, "".join(sorted(chars)))
        if data is None:
            continue
        family = family_name(script)
        encoded = base64.b64encode(data).decode("ascii")
        rule = (
            f'@font-face{{font-family:"{family}";font-style:normal;font-weight:400;'
            f"font-display:block;unicode-range:{unicode_range(chars)};"
            f'src:url(data:font/woff;base64,{encoded}) format("woff")}}'
        )
        out.append(WebFont(family, script, "".join(sorted(chars)), rule))
    return out


def unicode_range(chars: set[str] | str) -> str:
    """A CSS ``unicode-range`` value for ``chars``: ``U+41,U+430-44F``."""
    codes = sorted({ord(c) for c in chars})
    parts, start = [], None
    for i, code in enumerate(codes):
        if start is None:
            start = code
        if i + 1 == len(codes) or codes[i + 1] != code + 1:
            parts.append(f"U+{start:X}" if start == code else f"U+{start:X}-{code:X}")
            start = None
    return ",".join(parts)


def _subset(font: ScriptFont, chars: str) -> bytes | None:
    """A WOFF (zlib) file of ``font``'s regular face with the glyphs for ``chars`` and the
    ones its shaping rules reach (Arabic initial, medial and final forms, ligatures)."""
    path = regular_file(font)
    if path is None:
        log.warning("no %s file to embed in the page: its readers' fonts draw that text", font)
        return None
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.suffix.lower() == ".ttc":
            collection = TTCollection(str(path))
            face = next(
                (f for f in collection.fonts if f["name"].getBestFamilyName() == font.family),
                collection.fonts[0],
            )
        else:
            face = TTFont(str(path))
        options = subset.Options()
        options.flavor = "woff"
        options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep copyright and licence
        options.name_languages = [0x409]
        options.notdef_outline = True
        options.hinting = False  # browsers scale the outlines; hints would only add bytes
        options.desubroutinize = True
        options.drop_tables += ["FFTM"]  # FontForge's timestamps: nothing a browser reads
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(face)
        out = io.BytesIO()
        face.flavor = "woff"
        face.save(out)
        return out.getvalue()
    except Exception as error:  # a damaged or unexpected file: the page goes without it
        log.warning("could not make a web font from %s: %s", path, error)
        return None
