"""Starting the window where none can open gives one clear line, not a Qt abort."""

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ({"DISPLAY": ":77"}, "cannot reach the display (DISPLAY=:77: nothing answers there)"),
        ({"WAYLAND_DISPLAY": "wayland-77"}, "cannot reach the display (WAYLAND_DISPLAY=wayland-77"),
        ({}, "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set)"),
    ],
)
def test_no_reachable_display_is_one_line_and_exit_1(display, expected):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update(display)
    result = subprocess.run(
        [sys.executable, "-m", "desktop"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"coalition-atlas: {expected}")
    assert "coalition-atlas export --help" in lines[0]


def test_the_first_painted_map_is_drawn_without_pyproj(tmp_path):
    """The presets are read projected ahead of time: pyproj's import is left for later."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    env["HOME"] = str(tmp_path)
    code = (
        "import sys\n"
        "from desktop.app import run_window\n"
        "status = run_window(quit_after_first_paint=True)\n"
        "import gc, os\n"
        "print('blas threads:', os.environ.get('OPENBLAS_NUM_THREADS'), len(os.listdir('/proc/self/task')) if os.path.isdir('/proc/self/task') else 0)\n"
        "print('collector on:', gc.isenabled())\n"
        "print('loaded:', *sorted(m for m in ('pyproj', 'pandas', 'folium') if m in sys.modules))\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[0].startswith("first-paint "), lines
    assert lines[-1] == "loaded:", lines
    # Paused while the window starts, the collector runs again once the map is painted.
    assert lines[-2] == "collector on: True", lines
    # No spinning BLAS thread per core: the app multiplies no matrix worth one.
    assert lines[-3].startswith("blas threads: 1 "), lines
