"""SVG a designer can restyle: each country a group with its ISO code and category.

Qt's SVG generator writes a flat run of style groups and gives no element an id. While the
shared map painter draws into an SVG, ``mark_unit`` leaves an invisible note in the stream
before each country's shapes (and before each small-state marker); ``designer_svg`` then
reads the generator's document, takes the notes out and wraps what each note introduced
in ``<g id="FRA" class="participating">``, copying the style groups it cut through so the
picture is unchanged. Text stays text; nothing is redrawn.

Qt's generator also writes no clipping. The map is clipped to its frame on every other
device, so ``begin_clip`` and ``end_clip`` leave notes too, and what lies between them is
put in a group clipped to the frame's rectangle: shapes cut at the frame's edge (with a
little room, so that the cut is not stroked inside it) end where the PNG's end.

Qt's generator writes a hatch brush as an 8 x 8 pattern in the user units of the shapes it
fills, ignoring the brush's transform: under a map's metre coordinates that is a pattern a
few nanometres wide, and no SVG reader showed any hatching. ``designer_svg`` writes each
hatch instead as a pattern of plain shapes whose ``patternTransform`` lays it on the page's
pixel grid at the scale the painter gave the brush (``mapdraw.hatch_brush``), as the PNG
shows it.

Under a right-to-left page (Arabic) Qt's generator writes each direction run of a line as a
text element placed at its left edge, and says nothing of direction: an SVG reader then lays
a right-to-left run out as part of a left-to-right line, its spaces and brackets on the
other side. ``designer_svg`` gives such runs ``direction="rtl"`` and ``unicode-bidi="embed"``
with ``text-anchor="end"``, the end of a right-to-left run being its left edge.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPaintEngine, QPainter

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
NOTE = "\u2063coalition-atlas-unit "
"""How a note starts: an invisible separator and a tag no label can contain."""
UNLISTED_CLASS = "no-position"
"""The class of a country with no category on the day."""
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def is_svg(painter: QPainter) -> bool:
    """Whether the painter draws into Qt's SVG generator."""
    engine = painter.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.SVG


def _note(painter: QPainter, text: str) -> None:
    """Write a note as one text element, whatever the pen and font. Left to right whatever
    the page's direction: under a right-to-left layout Qt's generator writes each direction
    run of a line as a text element of its own, and a note cut in pieces is neither found
    nor removed."""
    direction, pen, font = painter.layoutDirection(), painter.pen(), painter.font()
    painter.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    # The application's font: an Arabic page's font has no Latin letters, and Qt writes the
    # letters each fallback font draws as a text element of their own.
    painter.setFont(QFont())
    if pen.style() == Qt.PenStyle.NoPen:
        # QPainter writes no text without a pen: the note would be lost, and the shapes
        # after it taken into the group before (a hatched marker leaves the pen off).
        painter.setPen(Qt.GlobalColor.black)
    painter.drawText(QPointF(0, 0), text)
    painter.setPen(pen)
    painter.setFont(font)
    painter.setLayoutDirection(direction)


def mark_unit(painter: QPainter, code: str | None, category: str | None, kind: str = "") -> None:
    """Note in an SVG that the shapes drawn next belong to country ``code`` (None: to no
    country), of category id ``category`` (None: no stated position). ``kind`` names a
    second group of the same country (``marker``). Does nothing on any other device."""
    if is_svg(painter):
        _note(painter, f"{NOTE}{code or '-'} {category or '-'} {kind or '-'}")


CLIP = "clip"
"""The note's first word that starts a clipped run (its rectangle follows); ``clip-end``
ends it."""


def begin_clip(painter: QPainter, rect: QRectF) -> None:
    """Note in an SVG that what is drawn next is clipped to ``rect`` (in the painter's
    current coordinates) until ``end_clip``. Does nothing on any other device, which
    clips by itself."""
    if is_svg(painter):
        box = painter.transform().mapRect(rect)
        _note(
            painter,
            f"{NOTE}{CLIP} {box.x():.6g} {box.y():.6g} {box.width():.6g} {box.height():.6g}",
        )


def end_clip(painter: QPainter) -> None:
    """Note in an SVG that the clipped run ``begin_clip`` started ends here."""
    if is_svg(painter):
        _note(painter, f"{NOTE}{CLIP}-end")


def _unit(note: str) -> tuple[str, str, str] | None:
    code, category, kind = note[len(NOTE) :].split(" ")
    return None if code == "-" else (code, category, kind)


def _ident(text: str, prefix: str) -> str:
    """``text`` when it is a valid XML name, else a valid name made from it."""
    if _NAME.match(text):
        return text
    return prefix + re.sub(r"[^A-Za-z0-9_.-]", "_", text)


def designer_svg(
    data: bytes, width: int, height: int, hatch_scale: int = 1, rtl: bool = False
) -> bytes:
    """The generator's SVG with each noted country grouped under its id and class, a
    physical size of ``width`` x ``height`` CSS pixels (96 per inch), as the pixel size,
    hatching ``hatch_scale`` page pixels per pattern cell pixel from the page's origin and,
    when the page was drawn right to left (``rtl``), each right-to-left run of text marked
    as one.

    Raises ValueError when ``data`` is not the SVG Qt's generator writes."""
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    root = ET.fromstring(data)
    if root.tag != f"{{{SVG}}}svg":
        raise ValueError("not an SVG document")
    # Qt declares the size in millimetres at its own resolution: browsers opened a slide
    # 2,560 pixels wide. Pixels are what the picture was composed in.
    root.set("width", f"{width}px")
    root.set("height", f"{height}px")
    defs = root.find(f"{{{SVG}}}defs")
    if defs is None:
        defs = ET.Element(f"{{{SVG}}}defs")
        root.insert(0, defs)
    for body in root.findall(f"{{{SVG}}}g"):
        _place_hatches(body, defs, hatch_scale)
        _group_units(body, defs)
    if rtl:
        for text in _right_to_left_runs(root):
            _mark_right_to_left(text)
    for element in root.iter():
        families = element.get("font-family")
        if families is not None:
            element.set("font-family", css_families(families))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


GENERIC_FAMILIES = frozenset(
    {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
)
QT_ALIASES = {"sans serif": "sans-serif", "serif": "serif", "monospace": "monospace"}
"""Qt's names for generic families, as CSS writes them."""


def css_families(value: str) -> str:
    """A font-family value as Qt's generator writes it (``DejaVu Sans,Noto Sans Arabic
    UI,Noto Sans CJK SC``; ``Sans Serif``), ending in a generic family, each name quoted:
    a reader without the named fonts still draws the text in a sans-serif face of its own."""
    names = []
    for name in (part.strip().strip("'\"") for part in value.split(",")):
        if not name:
            continue
        name = QT_ALIASES.get(name.lower(), name)
        names.append(name if name in GENERIC_FAMILIES else "'" + name.replace("'", "") + "'")
    if not names or names[-1] not in GENERIC_FAMILIES:
        names.append("sans-serif")
    return ",".join(names)


def _strength(run: str) -> str:
    """A run's direction class: ``R`` with a right-to-left letter, ``L`` with a
    left-to-right one, ``D`` with digits only, ``N`` with neither (spaces, punctuation)."""
    classes = {unicodedata.bidirectional(c) for c in run}
    if classes & {"R", "AL"}:
        return "R"
    if "L" in classes:
        return "L"
    return "D" if classes & {"EN", "AN"} else "N"


def _right_to_left_runs(root: ET.Element) -> list[ET.Element]:
    """The text elements Qt laid out right to left under a right-to-left page.

    Qt writes a line's runs (one for each direction and each font) left to right, each at
    its left edge. A run with an Arabic letter was laid out right to left. Digits take the
    direction of the letters before them (Latin: left to right; otherwise they act as
    right to left). A run of spaces and punctuation between two left-to-right runs is left
    to right, anywhere else it takes the page's direction, right to left: a bracket drawn
    the wrong way would face the other side."""
    lines: dict[tuple[int, str | None], list[tuple[ET.Element, str]]] = {}
    for parent in root.iter():
        for text in parent.findall(f"{{{SVG}}}text"):
            line = lines.setdefault((id(parent), text.get("y")), [])
            line.append((text, _strength(text.text or "")))
    marked = []
    for runs in lines.values():
        strong = [kind for _, kind in runs]
        last = "R"  # the page's direction before the first run
        for i, kind in enumerate(strong):
            if kind == "D":
                strong[i] = "L" if last == "L" else "R"
            elif kind in ("L", "R"):
                last = kind
        for i, (text, kind) in enumerate(runs):
            if kind == "N":
                left = next((k for k in reversed(strong[:i]) if k != "N"), "R")
                right = next((k for k in strong[i + 1 :] if k != "N"), "R")
                if not left == right == "L":
                    marked.append(text)
            elif kind == "R":
                marked.append(text)
    return marked


def _mark_right_to_left(text: ET.Element) -> None:
    """Mark a right-to-left run as one, anchored at its left edge, where Qt placed it.

    Spaces at the run's logical end lie at its left edge. Chromium counts them into the run
    and Inkscape lets them hang past its end, so they are taken out of the text and the
    run's anchor moved right by their width: both readers then put the letters where Qt
    did."""
    run = text.text or ""
    kept = run.rstrip(" ")
    if kept and kept != run:
        font = QFont()
        # Qt's generator lists the family and its fallbacks: "Noto Sans Arabic UI,DejaVu Sans".
        font.setFamilies([f.strip() for f in text.get("font-family", "").split(",") if f.strip()])
        font.setPixelSize(100)
        font.setWeight(QFont.Weight(int(text.get("font-weight", "400"))))
        font.setItalic(text.get("font-style") == "italic")
        size = float(text.get("font-size", "0"))
        gap = QFontMetricsF(font).horizontalAdvance(run[len(kept) :]) * size / 100
        text.set("x", f"{float(text.get('x', '0')) + gap:.6g}")
        text.text = kept
    text.set("direction", "rtl")
    text.set("unicode-bidi", "embed")
    text.set("text-anchor", "end")


_PATTERN = re.compile(r"^url\(#(fillpattern[A-Za-z0-9_]+)\)$")
_MATRIX = re.compile(r"^matrix\(([^)]*)\)$")


def _matrix(text: str | None) -> tuple[float, ...] | None:
    """An SVG ``matrix(a,b,c,d,e,f)`` transform as its six numbers (None: no transform);
    ValueError for any other transform."""
    if text is None:
        return None
    found = _MATRIX.match(text.strip())
    if found is None:
        raise ValueError(f"unexpected transform {text!r}")
    numbers = tuple(float(n) for n in found.group(1).replace(",", " ").split())
    if len(numbers) != 6:
        raise ValueError(f"unexpected transform {text!r}")
    return numbers


def _pattern_transform(group: tuple[float, ...], scale: float) -> str:
    """The patternTransform under a group of transform ``group`` that puts the pattern on
    the page ``scale`` page pixels per pattern unit, its origin at the page's origin:
    the group's inverse, then the scale."""
    a, b, c, d, e, f = group
    det = a * d - b * c
    if det == 0:
        raise ValueError("a degenerate transform")
    # Inverse of [[a c e] [b d f]] applied after scaling by ``scale``, a billionth short:
    # Inkscape rounds a pattern cell's size in device pixels up, and a cell that came to
    # 8.000000000002 pixels was drawn 9 pixels wide and squeezed back, every line blurred.
    scale *= 1 - 1e-9
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    ie, if_ = (c * f - d * e) / det, (b * e - a * f) / det
    numbers = (ia * scale, ib * scale, ic * scale, id_ * scale, ie, if_)
    return "matrix({})".format(",".join(f"{n:.15g}" for n in numbers))


def _place_hatches(body: ET.Element, defs: ET.Element, scale: int) -> None:
    """Rewrite the hatch patterns Qt's generator wrote (a rectangle of the brush's colour
    masked by the pattern's cells, in the filled shapes' user units) as patterns of plain
    rectangles placed on the page by ``patternTransform``, one for each pattern and
    transform the style groups under ``body`` use, and drop Qt's."""
    qt_patterns = {
        p.get("id"): p
        for p in defs.findall(f"{{{SVG}}}pattern")
        if p.get("id", "").startswith("fillpattern")
    }
    if not qt_patterns:
        return
    masks = {m.get("id"): m for m in defs.findall(f"{{{SVG}}}mask")}
    placed: dict[tuple[str, str | None], str] = {}
    used_masks: set[str] = set()
    for style in body.iter(f"{{{SVG}}}g"):
        found = _PATTERN.match(style.get("fill", ""))
        if found is None or found.group(1) not in qt_patterns:
            continue
        key = (found.group(1), style.get("transform"))
        if key not in placed:
            qt = qt_patterns[found.group(1)]
            ident = f"hatch-{found.group(1)[len('fillpattern') :]}-{len(placed) + 1}"
            attributes = {k: qt.get(k) for k in ("x", "y", "width", "height")}
            attributes.update(id=ident, patternUnits="userSpaceOnUse")
            matrix = _matrix(style.get("transform")) or (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            attributes["patternTransform"] = _pattern_transform(matrix, scale)
            pattern = ET.SubElement(defs, f"{{{SVG}}}pattern", attributes)
            pattern.tail = "\n"
            for ink in qt.findall(f"{{{SVG}}}rect"):
                mask_ref = re.match(r"^url\(#([^)]+)\)$", ink.get("mask", ""))
                mask = masks.get(mask_ref.group(1)) if mask_ref else None
                cells = mask.findall(f"{{{SVG}}}rect") if mask is not None else [ink]
                if mask is not None:
                    used_masks.add(mask.get("id"))
                for cell in cells:
                    ET.SubElement(
                        pattern,
                        f"{{{SVG}}}rect",
                        {
                            **{k: cell.get(k) for k in ("x", "y", "width", "height")},
                            "fill": ink.get("fill"),
                        },
                    )
            placed[key] = ident
        style.set("fill", f"url(#{placed[key]})")
    for element in list(defs):
        if element.get("id") in qt_patterns or element.get("id") in used_masks:
            defs.remove(element)


class _Grouping:
    """Where the parts of the generator's style groups go, as the notes say."""

    def __init__(self, defs: ET.Element) -> None:
        self.defs = defs
        self.top: list[ET.Element] = []
        self.target = self.top
        """The list new parts join: the body's children, or a clipped group's."""
        self.current: tuple[str, str, str] | None = None
        self.wrapper: ET.Element | None = None
        self.wrapper_unit: tuple[str, str, str] | None = None
        self.clips = 0

    def begin_clip(self, box: list[str]) -> None:
        self.clips += 1
        ident = f"frame-clip-{self.clips}"
        clip = ET.SubElement(self.defs, f"{{{SVG}}}clipPath", {"id": ident})
        x, y, w, h = box
        ET.SubElement(clip, f"{{{SVG}}}rect", {"x": x, "y": y, "width": w, "height": h})
        clipped = ET.Element(f"{{{SVG}}}g", {"clip-path": f"url(#{ident})"})
        clipped.text, clipped.tail = "\n", "\n"
        self.top.append(clipped)
        self.target = clipped  # an Element takes append() as a list does
        self.wrapper, self.wrapper_unit = None, None

    def end_clip(self) -> None:
        self.target = self.top
        self.wrapper, self.wrapper_unit = None, None

    def place(self, style: ET.Element, unit, elements: list[ET.Element]) -> None:
        """Put ``elements`` of ``style`` under ``unit``'s group (None: under no country)."""
        part = ET.Element(style.tag, style.attrib)
        part.text, part.tail = style.text, style.tail
        part.extend(elements)
        if unit is None:
            self.target.append(part)
            self.wrapper, self.wrapper_unit = None, None
            return
        if self.wrapper is None or self.wrapper_unit != unit:
            code, category, kind = unit
            ident = _ident(code, "unit-") + (f"-{kind}" if kind != "-" else "")
            classes = _ident(category, "category-") if category != "-" else UNLISTED_CLASS
            if kind != "-":
                classes += f" {kind}"
            self.wrapper = ET.Element(f"{{{SVG}}}g", {"id": ident, "class": classes})
            self.wrapper.text, self.wrapper.tail = "\n", "\n"
            self.target.append(self.wrapper)
            self.wrapper_unit = unit
        self.wrapper.append(part)


def _group_units(body: ET.Element, defs: ET.Element) -> None:
    """Regroup the style groups directly under ``body`` by the notes inside them: each
    country's shapes under its id, each clipped run under a group clipped by a rectangle
    added to ``defs``."""
    state = _Grouping(defs)
    for style in list(body):
        runs: list[tuple[tuple[str, str, str] | None, list[ET.Element]]] = []
        noted = False

        def flush(style=style, runs=runs) -> None:
            for unit, elements in runs:
                state.place(style, unit, elements)
            runs.clear()

        for element in list(style):
            if element.tag == f"{{{SVG}}}text" and (element.text or "").startswith(NOTE):
                noted = True
                words = element.text[len(NOTE) :].split(" ")
                if words[0] == CLIP:
                    flush()
                    state.begin_clip(words[1:5])
                elif words[0] == f"{CLIP}-end":
                    flush()
                    state.end_clip()
                else:
                    state.current = _unit(element.text)
                continue
            if runs and runs[-1][0] == state.current:
                runs[-1][1].append(element)
            else:
                runs.append((state.current, [element]))
        if not runs and not noted:
            state.target.append(style)  # an empty style group Qt wrote: left as it was
            continue
        flush()
    body[:] = state.top
