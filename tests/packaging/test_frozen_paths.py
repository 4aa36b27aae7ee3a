"""When frozen, desktop.paths finds the data in the bundle (sys._MEIPASS), not in a checkout.

The bundle is simulated: a temporary folder laid out the way build.spec lays out
dist/coalition-atlas/_internal (from the same freeze_rules.app_datas), with sys._MEIPASS
and sys.frozen set as PyInstaller's bootloader sets them.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from desktop import paths
from tests.conftest import REPO
from tests.packaging.conftest import load

rules = load("freeze_rules")


@pytest.fixture
def frozen(tmp_path, monkeypatch):
    """A fake bundle folder, with the interpreter made to look frozen inside it."""
    bundle = tmp_path / "_internal"
    for source, dest in rules.app_datas(REPO):
        target = bundle / dest / Path(source).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    paths.data_root.cache_clear()
    yield bundle
    # The cache would otherwise keep pointing into a deleted folder for later tests.
    monkeypatch.undo()
    paths.data_root.cache_clear()


def inside(path: Path, folder: Path) -> bool:
    return folder.resolve() in path.resolve().parents


def test_data_root_is_the_bundle_when_frozen(frozen):
    assert paths.data_root() == frozen
    assert (
        paths.geodata_path("countries-50m.geojson") == frozen / "geodata" / "countries-50m.geojson"
    )
    assert inside(paths.resource_path("countries", "aliases.yaml"), frozen)
    assert inside(paths.bundled_dataset(), frozen)
    assert not inside(paths.bundled_dataset(), REPO)


def test_every_data_file_the_app_reads_exists_in_the_bundle(frozen):
    from desktop.ui.about import ICON_SIZES, icon_file
    from desktop.ui.guide import guide_index

    for path in (
        paths.geodata_path("countries-50m.geojson"),
        paths.geodata_path("countries-50m.wkb"),
        paths.geodata_path("countries-html.json"),
        paths.geodata_path("countries-index.json"),
        paths.resource_path("countries", "aliases.yaml"),
        paths.resource_path("countries", "registry-names.json"),
        paths.bundled_dataset(),
        guide_index(),
        *(Path(icon_file(size)) for size in ICON_SIZES),
    ):
        assert path.is_file() and inside(path, frozen), path


def test_the_bundled_dataset_loads_from_the_bundle(frozen):
    from desktop.geo.boundaries import read_boundaries
    from desktop.io import load_dataset
    from desktop.io.gazetteer import boundary_index, build_gazetteer

    loaded = load_dataset(paths.bundled_dataset())
    assert inside(loaded.path, frozen)
    assert len(loaded.dataset.nations) > 10
    # The gazetteer and the boundaries, built from the bundle's files.
    gazetteer = build_gazetteer(
        boundary_index(paths.geodata_path("countries-index.json")),
        paths.resource_path("countries", "aliases.yaml"),
    )
    assert gazetteer.resolve("UK").code == "GBR"
    assert gazetteer.resolve("Netherlands (Kingdom of the)").code == "NLD"
    boundaries = read_boundaries(paths.geodata_path("countries-50m.wkb"))
    assert "UKR" in boundaries.codes


def test_a_checkout_reads_its_own_folders_again_afterwards():
    paths.data_root.cache_clear()
    assert paths.data_root() == REPO
