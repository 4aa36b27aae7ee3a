"""Names on the map: where they go, what they avoid, and what the user is told.

The slide is a NATO-membership dataset (tests/data/nato-europe.yaml) in the Europe view,
with Ukraine pointed out by a callout: the crowded case where names used to go missing.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from desktop.cli import main
from desktop.geo.labels import LabelRequest, place_labels
from desktop.geo.projected import projected_map
from desktop.io import default_gazetteer, load_dataset
from desktop.render.compose import compose
from desktop.render.export import composition
from desktop.render.mapdraw import Overlay, label_size
from desktop.render.options import ExportOptions
from tests.conftest import REPO

NATO = REPO / "tests" / "data" / "nato-europe.yaml"
SMALL = ("LUX", "MNE", "MKD", "SVN", "MLT")


def composed(options: ExportOptions, size=(1920, 1080)):
    """Compose a page as the exports do; returns (composition, view, image)."""
    dataset = load_dataset(NATO).dataset
    comp = composition(dataset, default_gazetteer(), options)
    image = QImage(*size, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    view = compose(painter, QRectF(0, 0, *size), comp, options.view)
    painter.end()
    return comp, view, image


@pytest.fixture(scope="module")
def europe_slide(qapp):
    return composed(ExportOptions(view="europe", labels=True, highlight="UKR"))


def frame_shape(view, code, width, height):
    """A nation's shape cut to the map frame, in the frame's pixels."""
    projected = projected_map(view.projection)
    geometry = shapely.clip_by_rect(
        projected.geometries[projected.index(code)], *view.extent(width, height)
    )
    s = view.scale

    def to_px(c):
        return np.column_stack(
            [(c[:, 0] - view.cx) * s + width / 2, (view.cy - c[:, 1]) * s + height / 2]
        )

    return shapely.transform(geometry, to_px)


def size_of(comp) -> tuple[float, float]:
    return comp.frame.width(), comp.frame.height()


def local(comp, rect: QRectF) -> QRectF:
    """A page rectangle in the map frame's pixels, where labels are placed."""
    return rect.translated(-comp.frame.left(), -comp.frame.top())


def test_every_listed_nation_in_the_frame_is_named_russia_included(europe_slide):
    comp, view, _ = europe_slide
    placement = comp.placement
    assert placement.unplaced == []
    named = {label.code for label in placement.labels}
    projected = projected_map(view.projection)
    x0, y0, x1, y1 = view.extent(*size_of(comp))
    in_frame = {
        code
        for code in comp.styled.listed
        if projected.index(code) >= 0
        and projected.geometries[projected.index(code)].intersects(shapely.box(x0, y0, x1, y1))
    }
    assert {"RUS", "CAN", "KAZ", *SMALL} <= in_frame
    assert in_frame <= named


def test_a_label_sits_on_the_visible_part_of_its_nation(europe_slide):
    comp, view, _ = europe_slide
    labels = {label.code: label for label in comp.placement.labels}
    # Russia's label point (in Siberia) is far outside the Europe frame; its name still
    # goes on the part that is shown.
    projected = projected_map(view.projection)
    width, height = size_of(comp)
    ax, ay = projected.anchors[projected.index("RUS")]
    sx, sy = view.to_screen(ax, ay, width, height)
    assert not (0 <= sx <= width and 0 <= sy <= height)
    for code in ("RUS", "FRA", "POL", "KAZ"):
        left, top, right, bottom = labels[code].box
        assert labels[code].leader is None, code
        shape = frame_shape(view, code, *size_of(comp))
        centre = shapely.Point((left + right) / 2, (top + bottom) / 2)
        assert shape.contains(centre), code


def test_small_nations_get_a_name_beside_them_with_a_leader_line(europe_slide):
    comp, view, _ = europe_slide
    labels = {label.code: label for label in comp.placement.labels}
    for code in SMALL:
        label = labels[code]
        assert label.leader is not None, code
        x0, y0, x1, y1 = label.leader
        left, top, right, bottom = label.box
        # The line ends on the box and starts on the nation (or its marker).
        assert left - 0.5 <= x1 <= right + 0.5 and top - 0.5 <= y1 <= bottom + 0.5
        assert frame_shape(view, code, *size_of(comp)).distance(shapely.Point(x0, y0)) < 8, code


def test_no_label_touches_another_the_legend_or_the_callout(europe_slide):
    comp, _, _ = europe_slide
    frame = QRectF(0, 0, *size_of(comp))
    boxes = [label.box for label in comp.placement.labels]
    for i, a in enumerate(boxes):
        assert frame.contains(QRectF(a[0], a[1], a[2] - a[0], a[3] - a[1]))
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    callout = comp.covers[1]
    for cover in comp.covers:
        for box in boxes:
            assert not local(comp, cover).intersects(
                QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1])
            )
    assert callout.width() > 100  # the callout was drawn


def test_crowded_labels_shrink_rather_than_go_missing(europe_slide):
    comp, _, _ = europe_slide
    sizes = {label.size for label in comp.placement.labels}
    assert min(sizes) < label_size(1.0) == max(sizes)


def test_the_callout_hides_no_listed_nation(europe_slide):
    comp, view, _ = europe_slide
    box = local(comp, comp.covers[1])
    xs, ys = np.meshgrid(
        np.linspace(box.left(), box.right(), 25), np.linspace(box.top(), box.bottom(), 9)
    )
    hidden = {}
    for code in comp.styled.listed:
        shape = frame_shape(view, code, *size_of(comp))
        if not shape.is_empty:
            share = shapely.contains_xy(shape, xs, ys).mean()
            if share > 0:
                hidden[code] = share
    assert sum(hidden.values()) <= 0.02, hidden


def test_nothing_is_drawn_over_a_name(qapp):
    # The same slide with Moldova and Ukraine outlined (as selected or changed nations
    # are): labels go where they went before, and not one pixel of any name changes, so
    # no outline runs across a name.
    def slide(overlay):
        dataset = load_dataset(NATO).dataset
        comp = composition(dataset, default_gazetteer(), ExportOptions(view="europe", labels=True))
        comp.overlay = overlay
        image = QImage(1920, 1080, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        compose(painter, QRectF(0, 0, 1920, 1080), comp, "europe")
        painter.end()
        return comp, image

    plain, before = slide(Overlay())
    outlined, after = slide(Overlay(selected="MDA", outlined=frozenset({"UKR", "MDA"})))
    assert [label.box for label in plain.placement.labels] == [
        label.box for label in outlined.placement.labels
    ]
    # The name's ink is its letters and their halo: the pixels of the halo's colour, and
    # the dark ones, inside the label's box. None of them changes.
    ink = 0
    halo = QColor(plain.theme.label_halo)
    ox, oy = round(plain.frame.left()), round(plain.frame.top())
    for label in plain.placement.labels:
        left, top, right, bottom = (round(v) for v in label.box)
        for y in range(oy + top, oy + bottom):
            for x in range(ox + left, ox + right):
                colour = before.pixelColor(x, y)
                if colour == halo or colour.lightness() < 60:
                    ink += 1
                    drawn = after.pixelColor(x, y)
                    # A dark outline over a white halo would change it by far more than
                    # the rasteriser's rounding does between two runs.
                    change = max(
                        abs(drawn.red() - colour.red()),
                        abs(drawn.green() - colour.green()),
                        abs(drawn.blue() - colour.blue()),
                    )
                    assert change <= 24, (label.code, x, y)
    assert ink > 1000
    # And the outlines were drawn: the pictures differ outside the names.
    assert before != after


def test_a_collision_moves_a_label_within_its_nation(qapp):
    options = ExportOptions(view="europe")
    comp, view, _ = composed(options)
    projected = projected_map(view.projection)

    def measure(text, size):
        return len(text) * size * 0.6, size * 1.3

    request = [LabelRequest("FRA", "France")]
    width, height = size_of(comp)
    free = place_labels(projected, view, width, height, request, measure, size=11)
    (left, top, right, bottom) = free.labels[0].box
    blocker = (left - 2, top - 2, right + 2, bottom + 2)
    moved = place_labels(
        projected, view, width, height, request, measure, size=11, obstacles=[blocker]
    )
    label = moved.labels[0]
    assert label.leader is None and label.size == 11  # moved, still full size, still inside
    assert label.box != free.labels[0].box
    shape = frame_shape(view, "FRA", width, height)
    cx, cy = (label.box[0] + label.box[2]) / 2, (label.box[1] + label.box[3]) / 2
    assert shape.contains(shapely.Point(cx, cy))


def test_unplaced_labels_are_named_by_the_export(tmp_path, capsys):
    out = tmp_path / "tiny.png"
    code = main(
        [
            "export",
            str(NATO),
            "-o",
            str(out),
            "--view",
            "europe",
            "--labels",
            "all",
            "--size",
            "400x260",
        ]
    )
    assert code == 0 and out.exists()
    err = capsys.readouterr().err
    assert "labels not placed (no room):" in err
    # Named as readers know them, not by code.
    note = err.split("labels not placed (no room):", 1)[1]
    assert any(name in note for name in ("Slovenia", "Montenegro", "North Macedonia", "Kosovo"))


def test_forced_and_all_labels(qapp, tmp_path):
    comp, _, _ = composed(ExportOptions(view="europe", label_codes=("LIE", "AND")))
    assert {label.code for label in comp.placement.labels} == {"LIE", "AND"}
    comp, _, _ = composed(ExportOptions(view="europe", label_all=True))
    named = {label.code for label in comp.placement.labels}
    assert {"MAR", "DZA", "EGY"} & named  # unlisted countries in the frame are named too
    out = tmp_path / "forced.png"
    assert (
        main(
            [
                "export",
                str(NATO),
                "-o",
                str(out),
                "--view",
                "europe",
                "--label",
                "Liechtenstein",
                "--label",
                "AND",
            ]
        )
        == 0
    )
    assert main(["export", str(NATO), "-o", str(out), "--labels", "some"]) == 2
