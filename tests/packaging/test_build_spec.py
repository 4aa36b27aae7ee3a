"""build.spec bundles every data folder the app reads and the metadata About needs.

The spec runs with PyInstaller's build steps replaced by recorders (see conftest.py), so
these tests need neither PyInstaller nor a build.
"""

from __future__ import annotations

import ast
from pathlib import Path, PurePosixPath

import pytest

from desktop.ui.about import BUNDLED_DISTRIBUTIONS
from tests.conftest import REPO


def data_calls() -> set[tuple[str, ...]]:
    """Every ``geodata_path(...)``/``resource_path(...)`` call with literal arguments in desktop/.

    Returned as relative paths: ("geodata", "countries-50m.geojson"), ("resources", ...).
    Arguments that are not literals end the path there (the folder is what must ship).
    """
    found = set()
    for path in (REPO / "desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in ("geodata_path", "resource_path"):
                continue
            parts = ["geodata" if name == "geodata_path" else "resources"]
            for argument in node.args:
                if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
                    break
                parts.append(argument.value)
            found.add(tuple(parts))
    return found


def bundled_files(datas) -> set[str]:
    """Destination paths ("geodata/countries-50m.geojson") of the spec's data entries."""
    return {str(PurePosixPath(dest) / Path(source).name) for source, dest in datas}


def test_the_app_reads_data_through_desktop_paths():
    # If this finds nothing, the scan above is broken and the next test proves nothing.
    calls = data_calls()
    assert ("geodata", "countries-index.json") in calls
    assert any(call[0] == "resources" for call in calls)


def test_spec_bundles_every_file_and_folder_the_app_reads(run_spec):
    files = bundled_files(run_spec()["analysis"].kwargs["datas"])
    for call in sorted(data_calls()):
        wanted = "/".join(call)
        assert any(f == wanted or f.startswith(wanted + "/") for f in files), (
            f"desktop/ reads {wanted} but build.spec does not bundle it"
        )
    # bundled_dataset() names its file in desktop/paths.py itself.
    assert "resources/datasets/coalition-of-the-willing.yaml" in files


def test_spec_bundles_all_of_resources(run_spec):
    files = bundled_files(run_spec()["analysis"].kwargs["datas"])
    on_disk = {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".py"
    }
    assert on_disk - files == set()
    for folder in ("datasets", "countries", "icons", "guide"):
        assert any(f.startswith(f"resources/{folder}/") for f in files), folder


def test_spec_bundles_the_boundaries_but_not_their_build_script(run_spec):
    files = bundled_files(run_spec()["analysis"].kwargs["datas"])
    assert {
        "geodata/countries-50m.wkb",
        "geodata/countries-50m-presets.json",
        "geodata/countries-50m-world.wkb",
        "geodata/countries-50m-europe.wkb",
        "geodata/countries-50m.geojson",
        "geodata/countries-html.json",
        "geodata/countries-index.json",
    } <= files
    assert "geodata/build_boundaries.py" not in files


def test_spec_copies_the_metadata_the_about_dialog_reads(run_spec):
    assert set(run_spec()["copied"]) == set(BUNDLED_DISTRIBUTIONS)


def test_spec_leaves_out_what_the_app_does_not_use_and_keeps_lazy_imports(run_spec):
    analysis = run_spec()["analysis"]
    excludes = set(analysis.kwargs["excludes"])
    assert {
        "geopandas",
        "pandas",
        "pyogrio",
        "matplotlib",
        "scipy",
        "tkinter",
        "pytest",
    } <= excludes
    assert "PySide6.QtNetwork" in excludes
    hidden = set(analysis.kwargs["hiddenimports"])
    # QtSvg (SVG export) and Leaflet (HTML export) are reached only lazily.
    assert {"PySide6.QtSvg", "js_lib_leaflet"} <= hidden
    assert "desktop.stub" in hidden  # every desktop submodule is collected


def test_spec_builds_one_folder_named_as_the_makefile_expects(run_spec):
    built = run_spec(platform="linux")
    assert [exe.kwargs["name"] for exe in built["exes"]] == ["coalition-atlas"]
    assert all(exe.kwargs["exclude_binaries"] for exe in built["exes"])  # one folder
    assert built["collect"].kwargs["name"] == "coalition-atlas"
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "dist/coalition-atlas" in makefile


def test_windows_gets_a_windowed_and_a_console_executable(run_spec):
    exes = {exe.kwargs["name"]: exe.kwargs for exe in run_spec(platform="win32")["exes"]}
    assert exes["coalition-atlas"]["console"] is False
    assert exes["coalition-atlas-cli"]["console"] is True
    assert exes["coalition-atlas"]["icon"].endswith("coalition-atlas.ico")


@pytest.mark.parametrize("platform", ["linux", "darwin"])
def test_other_platforms_use_one_executable(run_spec, platform):
    built = run_spec(platform=platform)
    assert len(built["exes"]) == 1
    assert any(s.kind == "BUNDLE" for s in built["steps"]) == (platform == "darwin")


def test_spec_bundles_the_third_party_notice(run_spec):
    from desktop.ui.about import NOTICE_FILE

    datas = run_spec()["analysis"].kwargs["datas"]
    entries = [(source, dest) for source, dest in datas if source.endswith(NOTICE_FILE)]
    assert [dest for _, dest in entries] == ["."]  # beside geodata/ and resources/
    text = Path(entries[0][0]).read_text(encoding="utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text
