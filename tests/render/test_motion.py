"""Animated timelines: decoded frames match PNG exports of the same days."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtGui import QImage

from desktop.io import default_gazetteer, load_dataset
from desktop.model.asof import timeline_days
from desktop.model.dates import PartialDate
from desktop.render.export import ExportOptions, export, export_bytes
from desktop.render.motion import HOLD_SECONDS, STEP_SECONDS, ffmpeg_exe, timeline_steps

NATO = Path(__file__).resolve().parent.parent / "data" / "nato-enlargement.yaml"
ACCESSIONS = [
    dt.date(1949, 4, 4),
    dt.date(1952, 2, 18),
    dt.date(1955, 5, 6),
    dt.date(1982, 5, 30),
    dt.date(1999, 3, 12),
    dt.date(2004, 3, 29),
    dt.date(2009, 4, 1),
    dt.date(2017, 6, 5),
    dt.date(2020, 3, 27),
    dt.date(2022, 5, 18),
    dt.date(2023, 4, 4),
    dt.date(2024, 3, 7),
]
SIZE = (960, 540)
# The same words on every frame and every PNG, so only the map and counts can differ.
SAME_TEXT = {"subtitle": "Members by date of accession", "view": "europe", "size": SIZE}


@pytest.fixture(scope="module")
def nato():
    return load_dataset(str(NATO)).dataset


def test_a_step_for_each_dated_change_or_event(nato):
    assert timeline_days(nato) == ACCESSIONS
    assert timeline_days(nato, until=PartialDate.parse("2000")) == ACCESSIONS[:5]


def test_month_and_year_steps_end_each_period_and_stop_at_the_last_dated_day(nato):
    years = timeline_days(nato, "year")
    assert years[0] == dt.date(1949, 12, 31)
    assert years[-2:] == [dt.date(2023, 12, 31), dt.date(2024, 3, 7)]
    assert len(years) == 2024 - 1949 + 1
    months = timeline_days(nato, "month", until=dt.date(1949, 7, 15))
    assert months == [
        dt.date(1949, 4, 30),
        dt.date(1949, 5, 31),
        dt.date(1949, 6, 30),
        dt.date(1949, 7, 15),
    ]
    with pytest.raises(ValueError, match="unknown step 'week'"):
        timeline_days(nato, "week")


def test_each_step_knows_the_nations_it_changed_and_its_events(nato):
    steps = timeline_steps(nato, ExportOptions(format="gif"))
    assert len(steps[0].changed) == 12  # the founders
    by_day = {step.day: step for step in steps}
    assert by_day[dt.date(1999, 3, 12)].changed == {"POL", "CZE", "HUN"}
    assert by_day[dt.date(1999, 3, 12)].events == ("Czechia, Hungary and Poland join",)
    # Sweden applied (outside) in 2022 and joined in 2024: both steps outline it.
    assert by_day[dt.date(2022, 5, 18)].changed == {"SWE"}
    assert by_day[dt.date(2024, 3, 7)].changed == {"SWE"}
    yearly = timeline_steps(nato, ExportOptions(format="gif", step="year", day=dt.date(1960, 1, 1)))
    assert yearly[2].day == dt.date(1951, 12, 31) and not yearly[2].changed
    assert yearly[3].changed == {"GRC", "TUR"}  # 1952's frame holds February's accession


def png_of(nato, day) -> QImage:
    data = export_bytes(
        nato, default_gazetteer(), ExportOptions(format="png", day=day, **SAME_TEXT)
    )
    return QImage.fromData(data).convertToFormat(QImage.Format.Format_RGB888)


def decoded(path: Path, seconds: float) -> QImage:
    """The video's frame at ``seconds``, decoded to RGB by FFmpeg."""
    width, height = SIZE
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-ss", f"{seconds:.3f}", "-i", str(path), "-frames:v", "1",
         "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
        capture_output=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    assert len(raw) == width * height * 3
    return QImage(raw, width, height, width * 3, QImage.Format.Format_RGB888).copy()


def difference(a: QImage, b: QImage) -> float:
    """Share of pixels whose colour differs clearly (more than 40 in a channel)."""
    a = Image.frombytes("RGB", (a.width(), a.height()), bytes(a.constBits()))
    b = Image.frombytes("RGB", (b.width(), b.height()), bytes(b.constBits()))
    from PIL import ImageChops

    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 40 else 0)
    return diff.histogram()[255] / (a.width * a.height)


def media_info(path: Path) -> tuple[str, str, float]:
    """Codec, size and duration, as FFmpeg reports them."""
    text = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True
    ).stderr
    hours, minutes, seconds = re.search(r"Duration: (\d+):(\d+):([\d.]+)", text).groups()
    stream = re.search(r"Video: (\w+).*?(\d{3,5}x\d{3,5})", text)
    return stream.group(1), stream.group(2), int(hours) * 3600 + int(minutes) * 60 + float(seconds)


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "codec"), [("mp4", "h264"), ("webm", "vp9")])
def test_video_frames_are_the_png_exports_of_their_days(qapp, tmp_path, nato, fmt, codec):
    path = export(
        nato, tmp_path / f"nato.{fmt}", ExportOptions(format=fmt, **SAME_TEXT), default_gazetteer()
    )
    found_codec, size, seconds = media_info(path)
    assert (found_codec, size) == (codec, "960x540")
    expected = (len(ACCESSIONS) - 1) * STEP_SECONDS + HOLD_SECONDS
    assert abs(seconds - expected) < 0.1
    for index in (4, 5):  # 1999 and 2004: Central Europe, then the Baltics and four more
        frame = decoded(path, (index + 0.5) * STEP_SECONDS)
        same_day = difference(frame, png_of(nato, ACCESSIONS[index]))
        day_before = difference(frame, png_of(nato, ACCESSIONS[index - 1]))
        # Only the outlines of the nations that changed, and compression, set it apart...
        assert same_day < 0.01
        # ...while the previous step's map is clearly another picture.
        assert day_before > 3 * same_day and day_before > 0.002
    # The last frame is held: well into the hold it still shows the last day.
    last = decoded(path, seconds - 0.3)
    assert difference(last, png_of(nato, ACCESSIONS[-1])) < 0.01


@pytest.mark.parametrize("fmt", ["gif", "webp"])
def test_animated_images_have_a_frame_per_step_and_hold_the_last(qapp, nato, fmt):
    data = export_bytes(nato, default_gazetteer(), ExportOptions(format=fmt, **SAME_TEXT))
    animation = Image.open(BytesIO(data))
    assert animation.n_frames == len(ACCESSIONS)
    held = []
    for index in range(animation.n_frames):
        animation.seek(index)
        animation.load()  # WebP tells a frame's duration once it is decoded
        held.append(animation.info["duration"])
    assert held == [STEP_SECONDS * 1000] * (len(ACCESSIONS) - 1) + [HOLD_SECONDS * 1000]
    animation.seek(4)
    frame = animation.convert("RGB")
    image = QImage(
        frame.tobytes(), frame.width, frame.height, frame.width * 3, QImage.Format.Format_RGB888
    ).copy()
    assert difference(image, png_of(nato, ACCESSIONS[4])) < 0.01
    assert difference(image, png_of(nato, ACCESSIONS[3])) > 0.002


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "desktop", "export", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_command_line_writes_an_animation_and_refuses_what_cannot_be_animated(tmp_path):
    done = run_cli(NATO, "--animate", "-o", tmp_path / "nato.gif", "--step", "year",
                   "--as-of", "1956", "--size", "480x270")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "GIF animation written" in done.stdout
    assert Image.open(tmp_path / "nato.gif").n_frames == 1956 - 1949 + 1
    for args, message in [
        (["--animate", "-o", tmp_path / "a.png"], "--animate writes a video or an animation"),
        (["--step", "month", "-o", tmp_path / "a.png"], "--step is for animations"),
        (["--step", "week", "-o", tmp_path / "a.gif"], "unknown step 'week'"),
        (["--size", "641x360", "-o", tmp_path / "a.mp4"], "needs an even width and height"),
    ]:
        failed = run_cli(NATO, *args)
        assert failed.returncode == 2 and message in failed.stderr, failed.stderr
        assert not list(tmp_path.glob("a.*"))


def test_a_failing_encoder_is_reported_and_writes_nothing(qapp, tmp_path, nato, monkeypatch):
    from desktop.render import motion
    from desktop.render.options import ExportError

    broken = tmp_path / "ffmpeg"
    broken.write_text("#!/bin/sh\necho 'Unknown encoder libx264' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setattr(motion, "ffmpeg_exe", lambda: str(broken))
    with pytest.raises(ExportError, match="the video encoder failed: Unknown encoder libx264"):
        export(
            nato,
            tmp_path / "story.mp4",
            ExportOptions(format="mp4", size=SIZE),
            default_gazetteer(),
        )
    assert not (tmp_path / "story.mp4").exists()
