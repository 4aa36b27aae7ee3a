"""The presets projected ahead of time are what pyproj makes of today's boundaries."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

import desktop.geo.projected as projected_module
from desktop.geo.boundaries import load_boundaries
from desktop.geo.projected import (
    PRESETS_FILE,
    ProjectedMap,
    prebuilt_preset_files,
    read_prebuilt_preset,
)
from desktop.geo.projection import PROJECTIONS
from desktop.paths import geodata_path


@pytest.mark.parametrize("key", sorted(PROJECTIONS))
def test_each_prebuilt_preset_is_pyprojs_projection_of_the_boundaries(key):
    prebuilt = read_prebuilt_preset(key)
    assert prebuilt is not None, (
        f"{key}: no usable prebuilt map; run build_boundaries.py --presets-only"
    )
    fresh = ProjectedMap.build(load_boundaries(), PROJECTIONS[key])
    assert prebuilt.codes == fresh.codes
    # Within a millimetre: a PROJ release may round the last bit differently.
    same = shapely.equals_exact(prebuilt.geometries, fresh.geometries, tolerance=1e-3)
    assert same.all(), [c for c, ok in zip(fresh.codes, same, strict=True) if not ok][:5]
    np.testing.assert_allclose(prebuilt.anchors, fresh.anchors, atol=1e-3, equal_nan=True)
    np.testing.assert_allclose(prebuilt.bounds, fresh.bounds, atol=1e-3, equal_nan=True)
    if fresh.outline is None:
        assert prebuilt.outline is None
    else:
        assert shapely.equals_exact(prebuilt.outline, fresh.outline, tolerance=1e-3)
    assert prebuilt.home_extent() == pytest.approx(fresh.home_extent(), abs=1e-3)
    assert np.array_equal(prebuilt.drawn, fresh.drawn)


def test_the_files_on_disk_are_what_the_build_writes_now():
    for name, content in prebuilt_preset_files(geodata_path("")).items():
        if name == PRESETS_FILE:
            on_disk = json.loads(geodata_path(name).read_text(encoding="utf-8"))
            assert on_disk == json.loads(content), name
        else:
            # Geometry checked above within a millimetre; the layout must be the same.
            assert len(geodata_path(name).read_bytes()) == len(content), name


def _copy_presets(tmp_path, edit=None):
    for name in (PRESETS_FILE, "countries-50m-world.wkb", "countries-50m-europe.wkb"):
        (tmp_path / name).write_bytes(geodata_path(name).read_bytes())
    for name in ("countries-50m.wkb", "countries-index.json"):
        (tmp_path / name).write_bytes(geodata_path(name).read_bytes())
    if edit:
        record = json.loads((tmp_path / PRESETS_FILE).read_text(encoding="utf-8"))
        edit(record)
        (tmp_path / PRESETS_FILE).write_text(json.dumps(record), encoding="utf-8")


@pytest.fixture
def geodata_in(tmp_path, monkeypatch):
    monkeypatch.setattr(projected_module, "geodata_path", lambda name: tmp_path / name)
    return tmp_path


def test_a_prebuilt_map_for_another_projection_is_not_used(geodata_in):
    def other_projection(record):
        record["presets"]["world"]["projection"]["proj"] += " +lon_0=10"

    _copy_presets(geodata_in, other_projection)
    assert read_prebuilt_preset("world") is None
    assert read_prebuilt_preset("europe") is not None


def test_a_prebuilt_map_of_other_boundaries_is_not_used(geodata_in):
    def other_boundaries(record):
        record["boundaries_sha256"] = "0" * 64

    _copy_presets(geodata_in, other_boundaries)
    assert read_prebuilt_preset("world") is None


@pytest.mark.parametrize("damage", ["missing", "truncated", "not json"])
def test_missing_or_damaged_prebuilt_files_are_not_used(geodata_in, damage):
    _copy_presets(geodata_in)
    wkb = geodata_in / "countries-50m-world.wkb"
    if damage == "missing":
        wkb.unlink()
    elif damage == "truncated":
        wkb.write_bytes(wkb.read_bytes()[:-100])
    else:
        (geodata_in / PRESETS_FILE).write_text("{", encoding="utf-8")
    assert read_prebuilt_preset("world") is None
