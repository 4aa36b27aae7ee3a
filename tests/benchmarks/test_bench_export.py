"""Speed of image exports (make bench): printed, never asserted.

Budget: a 4k PNG at most 1 s after the dataset is loaded.
"""

from __future__ import annotations

import statistics
import time

import pytest

from desktop.io import default_gazetteer, load_dataset
from desktop.render import export as export_module
from desktop.render.export import ExportOptions
from tests.conftest import BUNDLED


@pytest.mark.parametrize(
    ("label", "options", "budget"),
    [
        ("4k PNG (world)", ExportOptions(format="png", preset="4k"), 1.0),
        (
            "4k PNG (Europe, labels)",
            ExportOptions(format="png", preset="4k", view="europe", labels=True),
            1.0,
        ),
        ("slide PNG", ExportOptions(format="png"), None),
        ("SVG", ExportOptions(format="svg"), None),
        ("A4 PDF with sources", ExportOptions(format="pdf"), None),
        ("PowerPoint slide (world, labels)", ExportOptions(format="pptx", labels=True), None),
        ("PowerPoint slide (Europe)", ExportOptions(format="pptx", view="europe"), None),
    ],
)
def test_image_export_after_the_dataset_is_loaded(qapp, label, options, budget):
    dataset = load_dataset(BUNDLED).dataset
    gazetteer = default_gazetteer()
    export_module.export_bytes(dataset, gazetteer, options)  # warm: paths built, fonts loaded
    times = []
    for _ in range(5):
        started = time.perf_counter()
        export_module.export_bytes(dataset, gazetteer, options)
        times.append(time.perf_counter() - started)
    note = f"; budget {budget:g} s" if budget else ""
    print(f"\n{label}: median {statistics.median(times):.3f} s (min {min(times):.3f}{note})")


COLD = """
import time, sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([sys.argv[0]])
from desktop.io import default_gazetteer, load_dataset
from desktop.render import export
dataset = load_dataset(sys.argv[1]).dataset
gazetteer = default_gazetteer()
started = time.perf_counter()
export.export_bytes(dataset, gazetteer, export.ExportOptions(format="png", preset="4k"))
print(time.perf_counter() - started)
"""


def test_first_4k_png_in_a_fresh_process_after_loading():
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", COLD, str(BUNDLED)],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            ).stdout
        )
        for _ in range(3)
    ]
    print(
        f"\nfirst 4k PNG in a fresh process (boundaries and paths built cold): median {statistics.median(times):.3f} s; budget 1 s"
    )


@pytest.mark.parametrize("view", ["world", "europe"])
def test_4k_painting_with_wide_borders_fast_and_true(qapp, monkeypatch, view):
    """Painting a 4k map (no PNG encoding): thin fast strokes against the true
    1.4 px stroke, interleaved. Budget: at most 0.6x the true stroke's time."""
    from desktop.render import mapdraw

    dataset = load_dataset(BUNDLED).dataset
    gazetteer = default_gazetteer()
    options = ExportOptions(format="png", preset="4k", view=view).checked()
    export_module.render_image(dataset, gazetteer, options)  # warm
    fast, true = [], []
    for _ in range(5):
        for fast_borders, times in ((True, fast), (False, true)):
            monkeypatch.setattr(mapdraw, "WIDE_BORDERS_FAST", fast_borders)
            started = time.perf_counter()
            export_module.render_image(dataset, gazetteer, options)
            times.append(time.perf_counter() - started)
    ratio = statistics.median(f / t for f, t in zip(fast, true, strict=True))
    print(
        f"\n4k painting ({view}): fast {statistics.median(fast):.3f} s, true stroke "
        f"{statistics.median(true):.3f} s; ratio {ratio:.2f} (budget 0.6)"
    )
