"""The layers of desktop/ hold: contracts in pyproject.toml, and a quick, Qt-free model and io."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, REPO


def test_import_contracts_hold():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is part of the test extra"
    result = subprocess.run([lint_imports], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken" in result.stdout


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_render_draws_with_qtgui_and_never_imports_widgets():
    for path in sorted((REPO / "desktop" / "render").glob("*.py")):
        modules = imported_modules(path)
        assert not any(m.startswith(("PySide6.QtWidgets", "desktop.ui")) for m in modules), (
            path.name
        )


def test_shapely_meets_qt_in_one_module_only():
    both = []
    for path in sorted((REPO / "desktop").rglob("*.py")):
        modules = imported_modules(path)
        uses_qt = any(m.startswith("PySide6") for m in modules)
        uses_shapely = any(m.split(".")[0] == "shapely" for m in modules)
        if uses_qt and uses_shapely:
            both.append(path.relative_to(REPO).as_posix())
    assert both == ["desktop/render/qtgeometry.py"]


@pytest.mark.parametrize("entry", ["desktop.model", "desktop.io", "desktop.cli"])
def test_model_io_and_cli_load_a_dataset_without_qt_or_geometry_libraries(entry):
    probe = (
        "import sys, importlib\n"
        f"importlib.import_module({entry!r})\n"
        "from desktop.io import load_dataset\n"
        f"load_dataset({str(BUNDLED)!r})\n"
        "heavy = ('PySide6', 'shapely', 'pyproj', 'geopandas', 'pandas', 'numpy', 'folium')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
