"""Guards for the Qt layer itself: the bindings' reference counting and the path bridge."""

import subprocess
import sys

import shapely
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath, QPolygonF

from desktop.geo import projected_map
from desktop.render.qtgeometry import painter_path


def test_painting_does_not_leak_references_to_none():
    # PySide6 6.12.0 drops a reference to None on every void QPainter call; on Python 3.11
    # the interpreter aborts after a few thousand map paints. pyproject.toml excludes it.
    probe = (
        "import sys\n"
        "from PySide6.QtGui import QGuiApplication, QImage, QPainter, QColor, QPainterPath\n"
        "app = QGuiApplication(['x', '-platform', 'offscreen'])\n"
        "img = QImage(50, 50, QImage.Format.Format_ARGB32_Premultiplied)\n"
        "p = QPainter(img); path = QPainterPath(); path.addRect(1, 1, 5, 5); c = QColor('red')\n"
        "before = sys.getrefcount(None)\n"
        "for _ in range(2000):\n"
        "    p.setBrush(c); p.drawPath(path); p.setPen(c)\n"
        "p.end()\n"
        "print(before - sys.getrefcount(None))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) < 100, "this PySide6 leaks references to None: see pyproject.toml"


def slow_path(geometry):
    path = QPainterPath()
    for part in shapely.get_parts(geometry):
        for ring in [part.exterior, *part.interiors]:
            path.addPolygon(QPolygonF([QPointF(x, y) for x, y in shapely.get_coordinates(ring)]))
    return path


def test_the_fast_path_bridge_builds_exactly_the_vertex_by_vertex_path(qapp):
    world = projected_map("world")
    for code in ("FRA", "RUS", "LSO", "ZAF", "IDN", "MLT"):
        geometry = world.geometries[world.index(code)]
        fast = painter_path(geometry)
        assert fast == slow_path(geometry), code
        assert fast.elementCount() == shapely.get_num_coordinates(geometry)


def test_holes_stay_holes(qapp):
    world = projected_map("world")
    south_africa = painter_path(world.geometries[world.index("ZAF")])
    x, y = world.projection.forward(28.2, -29.6)  # Lesotho, a hole in South Africa
    assert not south_africa.contains(QPointF(float(x), float(y)))
    x, y = world.projection.forward(24.0, -30.0)
    assert south_africa.contains(QPointF(float(x), float(y)))
