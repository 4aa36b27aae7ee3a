"""Helpers for the packaging tests: load packaging/*.py by path, run build.spec with stubs.

packaging/ is not a Python package on purpose: a top-level ``packaging`` package would
shadow the PyPI ``packaging`` library that pytest and pip import.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGING = REPO / "packaging"


def load(name: str) -> types.ModuleType:
    """Import packaging/NAME.py as a module called ``NAME`` (cached in sys.modules)."""
    if name in sys.modules and getattr(sys.modules[name], "__file__", "") == str(
        PACKAGING / f"{name}.py"
    ):
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class Recorder:
    """Stands in for a PyInstaller build step: keeps its arguments, returns itself."""

    calls: list[Recorder]

    def __init__(self, kind: str, *args, **kwargs) -> None:
        self.kind, self.args, self.kwargs = kind, args, kwargs
        # Analysis results the spec reads and filters.
        self.binaries, self.datas, self.pure, self.scripts = (
            [],
            list(kwargs.get("datas", [])),
            [],
            [],
        )


@pytest.fixture
def run_spec(monkeypatch):
    """Execute build.spec with PyInstaller replaced by recorders; returns the steps taken.

    ``run_spec(platform="win32")`` runs it as a Windows build would.
    """

    def run(platform: str | None = None) -> dict:
        steps: list[Recorder] = []
        copied: list[str] = []

        def step(kind):
            def make(*args, **kwargs):
                recorder = Recorder(kind, *args, **kwargs)
                steps.append(recorder)
                return recorder

            return make

        hooks = types.ModuleType("PyInstaller.utils.hooks")
        hooks.collect_data_files = lambda package, includes=None, **_: [
            (f"/site-packages/{package}/{name}", f"{package}/{Path(name).parent}")
            for name in includes or ()
        ]
        hooks.collect_submodules = lambda package, **_: [f"{package}.stub"]

        def copy_metadata(name, recursive=False):
            copied.append(name)
            return [(f"/site-packages/{name}.dist-info", f"{name}.dist-info")]

        hooks.copy_metadata = copy_metadata
        bindepend = types.ModuleType("PyInstaller.depend.bindepend")
        bindepend.get_imports = lambda filename, search_paths=None: []
        for name, module in {
            "PyInstaller": types.ModuleType("PyInstaller"),
            "PyInstaller.utils": types.ModuleType("PyInstaller.utils"),
            "PyInstaller.utils.hooks": hooks,
            "PyInstaller.depend": types.ModuleType("PyInstaller.depend"),
            "PyInstaller.depend.bindepend": bindepend,
        }.items():
            monkeypatch.setitem(sys.modules, name, module)
        monkeypatch.setattr(sys, "path", list(sys.path))
        if platform:
            monkeypatch.setattr(sys, "platform", platform)
        namespace = {
            "__name__": "__main__",
            "SPECPATH": str(REPO),
            "workpath": "/tmp/build",
            **{kind: step(kind) for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")},
        }
        source = (REPO / "build.spec").read_text(encoding="utf-8")
        exec(compile(source, str(REPO / "build.spec"), "exec"), namespace)
        return {
            "steps": steps,
            "copied": copied,
            "analysis": next(s for s in steps if s.kind == "Analysis"),
            "exes": [s for s in steps if s.kind == "EXE"],
            "collect": next(s for s in steps if s.kind == "COLLECT"),
        }

    return run
