"""Many maps in one run: several datasets and --as-of dates, one output pattern."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop.cli import main

NATO = Path(__file__).resolve().parent.parent / "data" / "nato-enlargement.yaml"
VOTE = """\
format: coalition-atlas/1
title: A test vote
as_of: 2024-12-31
categories:
  - {id: yes, label: In favour, color: "#0072B2"}
  - {id: no, label: Against, color: "#D55E00"}
nations:
  - {iso3: FJI, category: yes}
  - iso3: NZL
    category: yes
    history:
      - {date: 2000-01-01, category: no}
      - {date: 2024-06-01, category: yes}
"""


def members(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["iso3"]: row["category"] for row in csv.DictReader(handle)}


def test_each_dataset_and_date_gets_its_own_file_in_one_run(tmp_path, write_yaml, capsys):
    vote = write_yaml(VOTE, "vote.yaml")
    (tmp_path / "maps").mkdir()
    pattern = str(tmp_path / "maps" / "{name}-{date}.csv")
    assert main(["export", str(NATO), str(vote), "--as-of", "1999-03", "--as-of", "2024", "-o", pattern]) == 0  # fmt: skip
    written = sorted(p.name for p in (tmp_path / "maps").iterdir())
    assert written == [
        "nato-enlargement-1999-03.csv",
        "nato-enlargement-2024.csv",
        "vote-1999-03.csv",
        "vote-2024.csv",
    ]
    maps = tmp_path / "maps"
    # March 1999 is read at its first day: Poland joined on the 12th.
    assert members(maps / "nato-enlargement-1999-03.csv")["POL"] == ""
    assert members(maps / "nato-enlargement-2024.csv")["POL"] == "joined"
    assert members(maps / "vote-2024.csv")["NZL"] == "no"  # changed in June
    assert capsys.readouterr().out.count("CSV written") == 4


def test_without_a_date_the_pattern_takes_each_datasets_own(tmp_path, write_yaml):
    vote = write_yaml(VOTE, "vote.yaml")
    pattern = str(tmp_path / "{name}-{date}.png")
    assert main(["export", str(NATO), str(vote), "--size", "480x270", "-o", pattern]) == 0
    first = QImage(str(tmp_path / "nato-enlargement-2024-03-07.png"))
    second = QImage(str(tmp_path / "vote-2024-12-31.png"))
    assert first.size().width() == 480 and second.size().width() == 480
    assert first != second


def test_a_pattern_that_would_overwrite_a_map_is_refused(tmp_path, write_yaml, capsys):
    vote = write_yaml(VOTE, "vote.yaml")
    out = str(tmp_path / "map.png")
    assert main(["export", str(NATO), "--as-of", "2000", "--as-of", "2001", "-o", out]) == 2
    assert "several --as-of dates: put {date} in -o" in capsys.readouterr().err
    assert main(["export", str(NATO), str(vote), "-o", out]) == 2
    assert "several datasets: put {name} in -o" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.png"))


def test_a_broken_dataset_does_not_stop_the_others(tmp_path, write_yaml, capsys):
    vote = write_yaml(VOTE, "vote.yaml")
    broken = write_yaml("format: coalition-atlas/1\ntitle: [unclosed\n", "broken.yaml")
    pattern = str(tmp_path / "{name}.csv")
    assert main(["export", str(broken), str(vote), "-o", pattern]) == 1
    assert "broken.yaml:" in capsys.readouterr().err
    assert [p.name for p in tmp_path.glob("*.csv")] == ["vote.csv"]


def test_maps_of_one_run_are_the_maps_drawn_one_by_one(tmp_path):
    # Later maps of a run reuse the first's border outlines: each must still be the very
    # picture a run of its own draws.
    from desktop.render import mapdraw

    dates = ["1999-03", "2024"]
    run = str(tmp_path / "run-{date}.png")
    assert main(["export", str(NATO), *[a for d in dates for a in ("--as-of", d)], "-o", run]) == 0
    for date in dates:
        mapdraw._preset_renderer.cache_clear()
        mapdraw._fitted_renderer.cache_clear()
        alone = str(tmp_path / f"alone-{date}.png")
        assert main(["export", str(NATO), "--as-of", date, "-o", alone]) == 0
        together = QImage(run.replace("{date}", date))
        assert not together.isNull()
        assert together == QImage(alone), date


def test_a_kept_outline_serves_only_the_same_path_stroked_the_same_way(qapp):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QTransform

    from desktop.render.strokes import TrueStroke

    path = QPainterPath(QPointF(1, 1))
    path.lineTo(QPointF(60, 30))
    kept = {}

    def draw(scale: float, keep: bool) -> QImage:
        image = QImage(128, 64, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setTransform(QTransform.fromScale(scale, scale))
        pen = QPen(QColor("black"))
        pen.setCosmetic(True)
        pen.setWidthF(0.7)
        TrueStroke(painter, pen, kept).draw(painter, path, keep=keep)
        painter.end()
        return image

    first = draw(1.0, keep=True)
    assert len(kept) == 1
    assert draw(1.0, keep=True) == first == draw(1.0, keep=False)
    # At another scale the stroke is another width in the path's units: outlined anew.
    assert draw(2.0, keep=True) == draw(2.0, keep=False)
    assert next(iter(kept.values()))[1][0] == pytest.approx(0.35)
