"""Render the application icon's PNG sizes (and the Windows .ico, macOS .icns) from its SVG.

    .venv/bin/python packaging/render_icons.py        rewrite resources/icons/*.png, .ico, .icns

The outputs are committed: the app, the bundle and the desktop integration read them as
plain files, so neither a build nor a user's machine needs an SVG renderer. Rerun this
after editing resources/icons/coalition-atlas.svg; tests/packaging checks every size exists
with the right dimensions.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "coalition-atlas.svg"
NAME = "coalition-atlas"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
"""Windows shows 16 to 256 px; 256 is the largest an .ico entry can declare."""

ICNS_TYPES = {"icp4": 16, "icp5": 32, "icp6": 64, "ic07": 128, "ic08": 256, "ic09": 512}
"""macOS icon element types that hold PNG data, by pixel size."""


def png_path(size: int, folder: Path = ICONS) -> Path:
    """Where the PNG of one size lives: ``resources/icons/coalition-atlas-SIZE.png``."""
    return folder / f"{NAME}-{size}.png"


def render_png(size: int) -> bytes:
    """The SVG drawn at ``size`` x ``size`` pixels, as PNG bytes (transparent background)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # Straight alpha in the file, as every PNG reader expects.
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNG images (supported since Windows Vista)."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    directory, blobs = b"", b""
    for size in sizes:
        data = pngs[size]
        # A width or height of 0 means 256.
        directory += struct.pack(
            "<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset + len(blobs)
        )
        blobs += data
    return header + directory + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns whose elements are PNG images."""
    body = b""
    for kind, size in ICNS_TYPES.items():
        if size in pngs:
            body += kind.encode("ascii") + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Write every PNG size, the .ico and the .icns next to the SVG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts, plugins
    pngs = {size: render_png(size) for size in SIZES}
    for size, data in pngs.items():
        png_path(size).write_bytes(data)
    (ICONS / f"{NAME}.ico").write_bytes(ico_bytes(pngs))
    (ICONS / f"{NAME}.icns").write_bytes(icns_bytes(pngs))
    for path in sorted(ICONS.iterdir()):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
