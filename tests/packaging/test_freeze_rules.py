"""The bundle's trimming rules, and the app code they depend on staying as it is."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.packaging.conftest import load

rules = load("freeze_rules")


def desktop_imports() -> dict[str, set[str]]:
    """Every module imported anywhere in desktop/ (at any depth), by importing file."""
    found: dict[str, set[str]] = {}
    for path in (REPO / "desktop").rglob("*.py"):
        modules = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module)
                modules.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[path.relative_to(REPO).as_posix()] = modules
    return found


def test_the_app_imports_nothing_the_bundle_leaves_out():
    excluded = rules.EXCLUDED_MODULES
    for path, modules in desktop_imports().items():
        for module in modules:
            hit = [e for e in excluded if module == e or module.startswith(e + ".")]
            assert not hit, f"{path} imports {module}, which build.spec excludes ({hit[0]})"


def test_the_app_uses_only_the_qt_modules_the_bundle_carries():
    used = {
        m.split(".")[1]
        for modules in desktop_imports().values()
        for m in modules
        if m.startswith("PySide6.") and m.split(".")[1].startswith("Qt")
    }
    assert used <= {"QtCore", "QtGui", "QtWidgets", "QtSvg"}, used


def test_the_app_needs_no_qt_translation_and_no_pycountry_locale():
    # The bundle drops Qt's .qm files and pycountry's locales and big databases.
    for path in (REPO / "desktop").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "QTranslator" not in text, f"{path}: add Qt translations back in freeze_rules"
        for name in ("LOCALES_DIR", "gettext", "subdivisions", "languages"):
            assert f"pycountry.{name}" not in text, f"{path} uses pycountry.{name}"


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/wayland-decoration-client/libadwaita.so", True),
        # Windows and macOS wheels: their platform and style plugins stay.
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/plugins/imageformats/qjpeg.dll", False),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6/Qt/plugins/styles/libqmacstyle.dylib", True),
        # Not plugins at all.
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so", True),
    ],
)
def test_qt_plugins_kept_and_dropped(dest, kept):
    assert rules.keep_qt_plugin(dest) is kept


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("pycountry/locales/de/LC_MESSAGES/iso3166-1.mo", False),
        ("pycountry/databases/iso639-3.json", False),
        ("pycountry/databases/iso3166-1.json", True),
        ("pyproj/proj_dir/share/proj/proj.db", True),
        ("folium/templates/fol_template.html", True),
    ],
)
def test_library_data_kept_and_dropped(dest, kept):
    assert rules.keep_data(dest) is kept


def test_prune_unreachable_keeps_what_extensions_and_plugins_link_to(tmp_path):
    def lib(name: str) -> str:
        path = tmp_path / name
        path.touch()
        return str(path)

    entries = [
        ("mod.cpython-311-x86_64-linux-gnu.so", lib("mod.so"), "EXTENSION"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", lib("qxcb.so"), "BINARY"),
        ("libpython3.11.so.1.0", lib("libpython.so"), "BINARY"),
        ("libA.so", lib("libA.so"), "BINARY"),  # linked by the extension
        ("libB.so", lib("libB.so"), "BINARY"),  # linked by libA only
        ("libxcb.so", lib("libxcb.so"), "BINARY"),  # linked by the plugin
        ("libgtk.so", lib("libgtk.so"), "BINARY"),  # linked only by a dropped plugin
        # A program the app runs (the video encoder): linked by nothing, kept.
        ("imageio_ffmpeg/binaries/ffmpeg-linux-x86_64", lib("ffmpeg"), "BINARY"),
    ]
    links = {
        "mod.so": [lib("libA.so"), None],  # None: an unresolved system library
        "libA.so": [lib("libB.so")],
        "qxcb.so": [lib("libxcb.so")],
    }
    kept, dropped = rules.prune_unreachable(
        entries, lambda source: links.get(Path(source).name, [])
    )
    assert dropped == ["libgtk.so"]
    assert [e[0] for e in kept] == [e[0] for e in entries if e[0] != "libgtk.so"]


def test_only_the_interpreters_own_libraries_are_stripped(tmp_path):
    prefix = tmp_path / "python"
    (prefix / "lib").mkdir(parents=True)
    (prefix / "lib" / "libpython3.11.so.1.0").write_bytes(b"elf")
    wheel = tmp_path / "site-packages" / "numpy.libs"
    wheel.mkdir(parents=True)
    (wheel / "libopenblas.so").write_bytes(b"elf")
    commands = []
    entries = [
        ("libpython3.11.so.1.0", str(prefix / "lib" / "libpython3.11.so.1.0"), "BINARY"),
        ("numpy.libs/libopenblas.so", str(wheel / "libopenblas.so"), "BINARY"),
    ]
    out, stripped = rules.strip_interpreter_libraries(
        entries, str(prefix), tmp_path / "stripped", commands.append
    )
    assert stripped == ["libpython3.11.so.1.0"]
    assert out[0][1] == str(tmp_path / "stripped" / "libpython3.11.so.1.0")
    assert out[1] == entries[1]  # auditwheel-patched wheel libraries break when stripped
    assert commands == [["strip", "--strip-unneeded", out[0][1]]]


def test_linux_fonts_come_with_their_licence(tmp_path):
    fonts = tmp_path / "dejavu"
    fonts.mkdir()
    for name in rules.FONT_FILES:
        (fonts / name).write_bytes(b"ttf")
    licence = tmp_path / "copyright"
    pairs, missing = rules.linux_fonts(REPO, [str(fonts)], [str(tmp_path / "nope")])
    assert pairs == [] and "licence" in missing
    licence.write_text("Bitstream Vera")
    pairs, missing = rules.linux_fonts(REPO, [str(fonts)], [str(licence)])
    assert missing is None
    names = {Path(source).name for source, dest in pairs}
    assert names == {*rules.FONT_FILES, "fonts.conf", "copyright"}
    assert {dest for _source, dest in pairs} == {"fonts"}


def test_icon_file_per_platform():
    assert rules.icon_file(REPO, "linux") is None
    assert rules.icon_file(REPO, "win32").endswith("coalition-atlas.ico")
    assert rules.icon_file(REPO, "darwin").endswith("coalition-atlas.icns")
