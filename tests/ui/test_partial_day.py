"""A day chosen at month or year precision is captioned so: "May 2025", not "1 May 2025"."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import xml.etree.ElementTree as ET

from desktop.io import default_gazetteer, load_dataset
from desktop.model.dates import PartialDate
from desktop.render.export import ExportOptions, export_bytes
from tests.ui.conftest import event_items

NS = "{http://www.w3.org/2000/svg}"
MONTHLY = """
format: coalition-atlas/1
title: Monthly
as_of: "2025-05"
sources:
  s1: {url: "https://example.org/one", date: 2025-03-02}
nations:
  - iso3: FRA
    category: participating
    sources: [s1]
    history: [{date: 2025-03-02, category: undecided, sources: [s1]}, {date: "2025-04", category: participating, sources: [s1]}]
  - {iso3: DEU, category: undecided, sources: [s1]}
events:
  - {date: 2025-03-02, title: First meeting, participants: [FRA], sources: [s1]}
  - {date: "2025-04", title: April talks, participants: [FRA, DEU], sources: [s1]}
"""


def svg_texts(data: bytes) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(data).iter(f"{NS}text")]


def test_an_export_of_a_month_is_captioned_with_that_month(qapp, write_yaml):
    dataset = load_dataset(write_yaml(MONTHLY)).dataset
    options = ExportOptions(format="svg", day=PartialDate(2025, 4))
    texts = svg_texts(export_bytes(dataset, default_gazetteer(), options))
    assert "As of Apr 2025" in texts
    assert any("as of Apr 2025." in t for t in texts)  # the credit line
    assert not any("1 Apr 2025" in t for t in texts)
    full = svg_texts(
        export_bytes(
            dataset, default_gazetteer(), ExportOptions(format="svg", day=dt.date(2025, 4, 1))
        )
    )
    assert "As of 1 Apr 2025" in full


def test_the_command_line_keeps_the_precision_of_as_of(tmp_path, write_yaml):
    path = write_yaml(MONTHLY)
    out = tmp_path / "map.svg"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "export",
            str(path),
            "--as-of",
            "2025-04",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "As of Apr 2025" in svg_texts(out.read_bytes())


def test_a_dataset_dated_by_month_is_viewed_and_captioned_by_month(make_window, write_yaml, qtbot):
    window = make_window(write_yaml(MONTHLY))
    assert window.state.viewed == PartialDate(2025, 5) and window.state.day == dt.date(2025, 5, 1)
    assert window.timeline.date_label.text() == "May 2025"
    assert window.as_of_label.text() == "As of May 2025"
    # Moving the slider picks whole days.
    bar = window.timeline
    bar.slider.setValue(bar.slider.value() - 3)
    assert window.timeline.date_label.text() == "28 Apr 2025"
    assert window.as_of_label.text() == "As of 28 Apr 2025"
    # Back to the dataset's date: its month again.
    bar.act_latest.trigger()
    assert window.timeline.date_label.text() == "May 2025"


def test_an_event_dated_by_month_is_viewed_as_that_month(make_window, write_yaml, qtbot):
    window = make_window(write_yaml(MONTHLY))
    bar = window.timeline
    bar.act_previous.trigger()
    assert window.state.viewed == PartialDate(2025, 4)
    assert bar.date_label.text() == "Apr 2025"
    assert window.state.styled().as_of == "As of Apr 2025"
    bar.act_previous.trigger()
    assert bar.date_label.text() == "2 Mar 2025"
    item = next(i for i in event_items(window.events) if "April" in i.text(0) + i.text(1))
    window.events.tree.setCurrentItem(item)
    assert bar.date_label.text() == "Apr 2025" and window.as_of_label.text() == "As of Apr 2025"


def test_the_export_dialog_exports_the_month_viewed(make_window, write_yaml, settings, qtbot):
    from desktop.ui.exportdialog import ExportDialog

    window = make_window(write_yaml(MONTHLY))
    dialog = ExportDialog(window.state, window.map, settings, window)
    qtbot.addWidget(dialog)
    assert dialog.day.text() == "May 2025"
    assert dialog.options().day == PartialDate(2025, 5)
