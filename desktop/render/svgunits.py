"""SVG a designer can restyle: each country a group with its ISO code and category.

Qt's SVG generator writes a flat run of style groups and gives no element an id. While the
shared map painter draws into an SVG, ``mark_unit`` leaves an invisible note in the stream
before each country's shapes (and before each small-state marker); ``designer_svg`` then
reads the generator's document, takes the notes out and wraps what each note introduced
in ``<g id="FRA" class="participating">``, copying the style groups it cut through so the
picture is unchanged. Text stays text; nothing is redrawn.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPaintEngine, QPainter

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


def mark_unit(painter: QPainter, code: str | None, category: str | None, kind: str = "") -> None:
    """Note in an SVG that the shapes drawn next belong to country ``code`` (None: to no
    country), of category id ``category`` (None: no stated position). ``kind`` names a
    second group of the same country (``marker``). Does nothing on any other device."""
    if is_svg(painter):
        painter.drawText(QPointF(0, 0), f"{NOTE}{code or '-'} {category or '-'} {kind or '-'}")


def _unit(note: str) -> tuple[str, str, str] | None:
    code, category, kind = note[len(NOTE) :].split(" ")
    return None if code == "-" else (code, category, kind)


def _ident(text: str, prefix: str) -> str:
    """``text`` when it is a valid XML name, else a valid name made from it."""
    if _NAME.match(text):
        return text
    return prefix + re.sub(r"[^A-Za-z0-9_.-]", "_", text)


def designer_svg(data: bytes, width: int, height: int) -> bytes:
    """The generator's SVG with each noted country grouped under its id and class, and a
    physical size of ``width`` x ``height`` CSS pixels (96 per inch), as the pixel size.

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
    for body in root.findall(f"{{{SVG}}}g"):
        _group_units(body)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _group_units(body: ET.Element) -> None:
    """Regroup the style groups directly under ``body`` by the notes inside them."""
    current: tuple[str, str, str] | None = None
    wrapper: ET.Element | None = None
    wrapper_unit: tuple[str, str, str] | None = None
    children: list[ET.Element] = []
    for style in list(body):
        runs: list[tuple[tuple[str, str, str] | None, list[ET.Element]]] = []
        noted = False
        for element in list(style):
            if element.tag == f"{{{SVG}}}text" and (element.text or "").startswith(NOTE):
                current = _unit(element.text)
                noted = True
                continue
            if runs and runs[-1][0] == current:
                runs[-1][1].append(element)
            else:
                runs.append((current, [element]))
        if not runs:
            if not noted:
                children.append(style)  # an empty style group Qt wrote: left as it was
            continue
        for unit, elements in runs:
            part = ET.Element(style.tag, style.attrib)
            part.text, part.tail = style.text, style.tail
            part.extend(elements)
            if unit is None:
                children.append(part)
                wrapper, wrapper_unit = None, None
                continue
            if wrapper is None or wrapper_unit != unit:
                code, category, kind = unit
                ident = _ident(code, "unit-") + (f"-{kind}" if kind != "-" else "")
                classes = _ident(category, "category-") if category != "-" else UNLISTED_CLASS
                if kind != "-":
                    classes += f" {kind}"
                wrapper = ET.Element(f"{{{SVG}}}g", {"id": ident, "class": classes})
                wrapper.text, wrapper.tail = "\n", "\n"
                children.append(wrapper)
                wrapper_unit = unit
            wrapper.append(part)
    body[:] = children
