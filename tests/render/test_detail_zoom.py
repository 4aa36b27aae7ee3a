"""Detail follows zoom: zoomed in closer than a Europe-wide view, the window and the image
exports draw the 1:10m boundaries; at Europe-wide and world scale, the 1:50m ones.

On the frozen test dataset (tests/data/small.yaml)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

import desktop.geo.detail as detail_module
from desktop.geo.projection import PROJECTIONS, fit, lonlat_box_extent
from desktop.io import default_gazetteer, load_dataset
from desktop.render.export import ExportOptions, export
from desktop.render.mapdraw import renderer_for
from desktop.ui.mapwidget import CurrentView, MapWidget
from desktop.ui.state import AtlasState
from tests.conftest import SMALL

SIZE = (1200, 700)
BALKANS = (13.0, 38.5, 30.0, 47.5)
BALTIC = (9.0, 53.0, 31.0, 61.0)


def view_of(box, size=SIZE):
    return fit("europe", lonlat_box_extent(PROJECTIONS["europe"], box), *size)


def pixels(image: QImage) -> np.ndarray:
    plain = image.convertToFormat(QImage.Format.Format_RGB32)
    words = plain.bytesPerLine() // 4
    data = np.frombuffer(plain.constBits(), dtype=np.uint32, count=words * plain.height())
    return data.reshape(plain.height(), words)[:, : plain.width()].copy()


@pytest.fixture(scope="module")
def small():
    return load_dataset(SMALL).dataset


def test_the_detail_is_asked_for_only_when_zoomed_in(qapp):
    renderer = renderer_for("europe")
    home = fit("europe", renderer.projected.home_extent(), *SIZE)
    assert renderer.detail(home) is None
    assert (
        renderer_for("world").detail(
            fit("world", renderer_for("world").projected.home_extent(), *SIZE)
        )
        is None
    )
    assert renderer.detail(view_of(BALKANS)) is not None
    # An export at twice the size draws the same view at ui_scale 2: still the detail.
    assert renderer.detail(view_of(BALKANS, (2400, 1400)), ui_scale=2.0) is not None


@pytest.mark.parametrize("box", [BALKANS, BALTIC])
def test_png_export_of_a_zoomed_view_draws_more_coast(qapp, tmp_path, small, box):
    """More of the image is coast and island at 1:10m: the detailed PNG differs from the
    1:50m drawing of the same view along the coasts, and is not merely shifted."""
    renderer = renderer_for("europe")
    options = ExportOptions(format="png", size=SIZE)
    frame = CurrentView(view_of(box), *SIZE)
    fine = QImage(
        str(export(small, tmp_path / "fine.png", options, default_gazetteer(), view_for=frame))
    )
    renderer.detail_enabled = False
    try:
        coarse = QImage(
            str(
                export(small, tmp_path / "coarse.png", options, default_gazetteer(), view_for=frame)
            )
        )
    finally:
        renderer.detail_enabled = True
    changed = pixels(fine) != pixels(coarse)
    share = changed.mean()
    assert 0.005 < share < 0.25, share


def test_world_and_europe_wide_exports_keep_the_coarse_set(qapp, tmp_path, small):
    for view in ("world", "europe"):
        options = ExportOptions(format="png", size=SIZE, view=view)
        renderer = renderer_for(view)
        first = QImage(str(export(small, tmp_path / "a.png", options, default_gazetteer())))
        renderer.detail_enabled = False
        try:
            second = QImage(str(export(small, tmp_path / "b.png", options, default_gazetteer())))
        finally:
            renderer.detail_enabled = True
        assert (pixels(first) == pixels(second)).all(), view


def test_window_shows_the_coarse_map_at_once_then_the_detail(qtbot, small, monkeypatch):
    # A fresh store: the detail is not loaded yet, as at start-up.
    monkeypatch.setattr(detail_module, "_STORE", detail_module._Store())
    state = AtlasState(default_gazetteer())
    state.set_loaded(load_dataset(SMALL))
    widget = MapWidget(state)
    qtbot.addWidget(widget)
    widget.resize(*SIZE)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_preset("europe")
    view = view_of(BALTIC)
    widget.set_view(view)
    arrivals, renders = [], []
    widget._detail.arrived.connect(arrivals.append)
    widget.rendered.connect(lambda _ms: renders.append(len(arrivals)))
    widget.render_cache()
    first = pixels(widget._cache.toImage())
    # Drawn with the 1:50m set while the worker loads the 1:10m one.
    widget.renderer.detail_enabled = False
    widget.render_cache()
    widget.renderer.detail_enabled = True
    coarse = pixels(widget._cache.toImage())
    assert (first == coarse).all()
    # The worker's arrival re-renders the map by itself.
    qtbot.waitUntil(lambda: any(renders), timeout=20_000)
    assert arrivals == ["europe"]
    assert widget._cache_view == view
    fine = pixels(widget._cache.toImage())
    assert (fine != coarse).mean() > 0.005
    # Back at world scale: the 1:50m map again.
    widget.set_preset("world")
    widget.render_cache()
    world = pixels(widget._cache.toImage())
    widget.renderer.detail_enabled = False
    widget.render_cache()
    widget.renderer.detail_enabled = True
    assert (world == pixels(widget._cache.toImage())).all()


def test_paint_on_a_raw_painter_draws_the_detail_too(qapp):
    """The one painter serves every output: a raw QImage painter zoomed in gets 1:10m."""
    renderer = renderer_for("europe")
    view = view_of(BALKANS)
    images = []
    for enabled in (True, False):
        renderer.detail_enabled = enabled
        image = QImage(*SIZE, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            renderer.paint_base(painter, view, QRectF(0, 0, *SIZE), _small_styled())
        finally:
            painter.end()
            renderer.detail_enabled = True
        images.append(pixels(image))
    assert (images[0] != images[1]).mean() > 0.005


def _small_styled():
    state = AtlasState(default_gazetteer())
    state.set_loaded(load_dataset(SMALL))
    return state.styled()
