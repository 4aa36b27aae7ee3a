"""Which FFmpeg encodes videos, and what a user without one is told.

The packaged app carries no FFmpeg: these tests take its place by naming a program that
does not exist (``IMAGEIO_FFMPEG_EXE``), or by making imageio-ffmpeg unimportable and
``PATH`` empty, which is what a machine without FFmpeg looks like to the app.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from desktop.render import encoder
from desktop.render.encoder import FFmpegMissing, ffmpeg_exe, ffmpeg_problem

NATO = Path(__file__).resolve().parent.parent / "data" / "nato-enlargement.yaml"


def fake_ffmpeg(folder: Path) -> Path:
    """A program called ffmpeg that answers ``-version`` like one."""
    program = folder / "ffmpeg"
    program.write_text("#!/bin/sh\necho 'ffmpeg version 7.1'\n")
    program.chmod(0o755)
    return program


@pytest.fixture
def no_ffmpeg(monkeypatch, tmp_path):
    """A machine without FFmpeg: no imageio-ffmpeg program, nothing on PATH."""
    monkeypatch.delenv(encoder.ENVIRONMENT_VARIABLE, raising=False)
    # None in sys.modules makes ``import imageio_ffmpeg`` raise ImportError.
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return empty


def assert_tells_how_to_get_ffmpeg(message: str) -> None:
    assert message.startswith("MP4 and WebM videos need the FFmpeg program")
    assert "brew install ffmpeg" in message and "apt install ffmpeg" in message
    assert "winget install ffmpeg" in message and "IMAGEIO_FFMPEG_EXE" in message
    assert "GIF and WebP animations need no FFmpeg" in message


def test_without_any_ffmpeg_the_message_says_how_to_install_it(no_ffmpeg):
    with pytest.raises(FFmpegMissing) as raised:
        ffmpeg_exe()
    assert "none was found on this computer" in str(raised.value)
    assert_tells_how_to_get_ffmpeg(str(raised.value))
    assert ffmpeg_problem("mp4") == str(raised.value)
    assert ffmpeg_problem("webm") == str(raised.value)
    assert ffmpeg_problem("gif") is None and ffmpeg_problem("webp") is None


def test_an_ffmpeg_installed_on_path_is_found_even_after_a_failed_search(no_ffmpeg):
    with pytest.raises(FFmpegMissing):
        ffmpeg_exe()
    program = fake_ffmpeg(no_ffmpeg)  # installed while the app runs
    assert ffmpeg_exe() == str(program)
    assert ffmpeg_problem("mp4") is None


def test_the_environment_variable_is_taken_as_given_and_must_exist(monkeypatch, tmp_path):
    program = fake_ffmpeg(tmp_path)
    monkeypatch.setenv(encoder.ENVIRONMENT_VARIABLE, str(program))
    assert ffmpeg_exe() == str(program)
    missing = tmp_path / "nowhere" / "ffmpeg"
    monkeypatch.setenv(encoder.ENVIRONMENT_VARIABLE, str(missing))
    with pytest.raises(FFmpegMissing) as raised:
        ffmpeg_exe()  # not silently replaced by another program
    assert f"IMAGEIO_FFMPEG_EXE names {missing}, which is not a program" in str(raised.value)
    assert_tells_how_to_get_ffmpeg(str(raised.value))


def test_a_pip_install_uses_the_program_imageio_ffmpeg_carries(monkeypatch):
    imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg")
    monkeypatch.delenv(encoder.ENVIRONMENT_VARIABLE, raising=False)
    assert ffmpeg_exe() == imageio_ffmpeg.get_ffmpeg_exe()


def run_export(tmp_path: Path, output: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "export", str(NATO), "--animate", "-o", output,
         "--step", "year", "--as-of", "1952", "--size", "400x226"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={**os.environ, **env},
    )  # fmt: skip


@pytest.mark.slow
def test_the_command_line_without_ffmpeg_says_so_in_one_line_and_gif_still_works(tmp_path):
    missing = str(tmp_path / "no-such-ffmpeg")
    for output in ("story.mp4", "story.webm"):
        failed = run_export(tmp_path, output, IMAGEIO_FFMPEG_EXE=missing)
        assert failed.returncode == 2, failed.stderr
        assert "Traceback" not in failed.stderr
        lines = failed.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("coalition-atlas export: MP4 and WebM")
        assert_tells_how_to_get_ffmpeg(lines[0].removeprefix("coalition-atlas export: "))
        assert not (tmp_path / output).exists()
    done = run_export(tmp_path, "story.gif", IMAGEIO_FFMPEG_EXE=missing)
    assert done.returncode == 0, done.stderr
    assert Image.open(tmp_path / "story.gif").n_frames == 1952 - 1949 + 1
