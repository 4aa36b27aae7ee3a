"""The bundle's trimming rules, and the app code they depend on staying as it is."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from desktop.geo.language import LANGUAGES
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


def test_the_app_needs_no_pycountry_locale():
    # The bundle drops pycountry's locales and big databases.
    for path in (REPO / "desktop").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
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
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/Qt/translations/qtbase_ja.qm", False),
        ("PySide6/Qt/translations/designer_de.qm", False),
        ("PySide6/Qt/translations/qt_help_de.qm", False),
        ("babel/locale-data/root.dat", True),
        ("babel/locale-data/de_AT.dat", True),
        ("babel/locale-data/ar_EG.dat", True),
        ("babel/locale-data/ja.dat", False),
        ("babel/locale-data/arn.dat", False),
        ("babel/global.dat", True),
        ("pycountry/locales/de/LC_MESSAGES/iso3166-1.mo", False),
        ("pycountry/databases/iso639-3.json", False),
        ("pycountry/databases/iso3166-1.json", True),
        ("pyproj/proj_dir/share/proj/proj.db", True),
        ("folium/templates/fol_template.html", True),
    ],
)
def test_library_data_kept_and_dropped(dest, kept):
    assert rules.keep_data(dest, LANGUAGES) is kept


def qt_translations() -> Path:
    from PySide6.QtCore import QLibraryInfo

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def test_qt_keeps_its_base_catalog_for_each_language_of_the_app():
    folder = qt_translations()
    kept = {
        p.name
        for p in folder.iterdir()
        if rules.keep_data(f"PySide6/Qt/translations/{p.name}", LANGUAGES)
    }
    for lang in LANGUAGES:
        if lang != "en":  # English is Qt's own language
            assert f"qtbase_{lang}.qm" in kept, lang
    assert not {name for name in kept if not name.startswith(("qtbase_", "qt_"))}
    # Everything kept is small: Qt's tools' catalogs (designer, linguist...) stay out.
    assert sum((folder / name).stat().st_size for name in kept) < 2_000_000


def babel_files() -> list[str]:
    import babel

    return sorted(p.stem for p in (Path(babel.__file__).parent / "locale-data").glob("*.dat"))


def test_babel_keeps_the_apps_languages_their_regions_and_every_parent_they_load():
    from babel.core import get_global

    kept = [n for n in babel_files() if rules.keep_data(f"babel/locale-data/{n}.dat", LANGUAGES)]
    assert {"root", "en", "fr", "fr_FR", "en_GB", "en_001", "es_419", "ar", "uk", "pl"} <= set(kept)
    assert "ja" not in kept and "arn" not in kept and "frr" not in kept
    assert len(kept) < len(babel_files()) / 3
    exceptions = get_global("parent_exceptions")
    missing = rules.babel_missing_parents(kept, lambda n: rules.babel_parent(n, exceptions))
    assert missing == {}
    # Babel's global data and code are not locale files: kept.
    assert rules.keep_data("babel/global.dat", LANGUAGES)


def test_a_locale_without_its_parent_is_caught():
    exceptions = {"en_GB": "en_001"}
    assert rules.babel_parent("en_GB", exceptions) == "en_001"
    assert rules.babel_parent("fr_CA", exceptions) == "fr"
    assert rules.babel_parent("fr", exceptions) == "root"
    assert rules.babel_parent("root", exceptions) is None
    missing = rules.babel_missing_parents(
        ["root", "en", "en_GB"], lambda n: rules.babel_parent(n, exceptions)
    )
    assert missing == {"en_GB": "en_001"}


def test_the_ffmpeg_program_is_left_out_and_what_finds_one_stays():
    assert not rules.keep_file("imageio_ffmpeg/binaries/ffmpeg-linux-x86_64-v7.1")
    assert not rules.keep_file("imageio_ffmpeg/binaries/README.md")
    assert rules.keep_file("imageio_ffmpeg-0.6.0.dist-info/licenses/LICENSE")
    assert rules.keep_file("PySide6/Qt/lib/libQt6Core.so.6")
    assert "imageio_ffmpeg" not in rules.EXCLUDED_MODULES


def test_prune_unreachable_keeps_what_extensions_and_plugins_link_to(tmp_path):
    def lib(name: str) -> str:
        path = tmp_path / name
        path.touch()
        return str(path)

    entries = [
        ("mod.cpython-311-x86_64-linux-gnu.so", lib("mod.so"), "EXTENSION"),
        # An extension named without an ABI tag, which nothing links to: Python imports it.
        ("ryml/_ryml.so", lib("_ryml.so"), "EXTENSION"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", lib("qxcb.so"), "BINARY"),
        ("libpython3.11.so.1.0", lib("libpython.so"), "BINARY"),
        ("libA.so", lib("libA.so"), "BINARY"),  # linked by the extension
        ("libB.so", lib("libB.so"), "BINARY"),  # linked by libA only
        ("libxcb.so", lib("libxcb.so"), "BINARY"),  # linked by the plugin
        ("libgtk.so", lib("libgtk.so"), "BINARY"),  # linked only by a dropped plugin
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


def test_linux_fonts_come_with_their_licences(tmp_path):
    from desktop.render.fonts import FONTS, ScriptFont

    folder = tmp_path / "fonts"
    folder.mkdir()
    fonts = [
        ScriptFont(f.family, f.files, f.scripts, f.package, f.licence, str(tmp_path / f.package))
        for f in FONTS
    ]
    for font in fonts:
        for name in font.files:
            (folder / name).write_bytes(b"ttf")
    pairs, missing = rules.linux_fonts(REPO, fonts, [str(tmp_path / "nope"), str(folder)])
    # No licence text on the machine: the fonts are not bundled without saying so.
    assert "licence" in missing and "fonts-noto-cjk" in missing
    for font in fonts:
        Path(font.licence_file).write_text("SIL Open Font License")
    pairs, missing = rules.linux_fonts(REPO, fonts, [str(folder)])
    assert missing is None
    files = {Path(source).name for source, dest in pairs if dest == "fonts"}
    assert files == {name for f in FONTS for name in f.files} | {"fonts.conf"}
    assert "NotoSansCJK-Regular.ttc" in files and "NotoSansArabicUI-Regular.ttf" in files
    licences = {dest for _source, dest in pairs if dest != "fonts"}
    assert licences == {f"fonts/licences/{f.package}" for f in FONTS}
    # One font missing: the others are still bundled, and the missing one is named.
    (folder / "NotoSansCJK-Regular.ttc").unlink()
    pairs, missing = rules.linux_fonts(REPO, fonts, [str(folder)])
    assert "NotoSansCJK-Regular.ttc" in missing and "apt-get install fonts-noto-cjk" in missing
    assert "DejaVuSans.ttf" in {Path(source).name for source, _dest in pairs}


def test_icon_file_per_platform():
    assert rules.icon_file(REPO, "linux") is None
    assert rules.icon_file(REPO, "win32").endswith("coalition-atlas.ico")
    assert rules.icon_file(REPO, "darwin").endswith("coalition-atlas.icns")


def test_fonttools_speed_ups_are_bundled_as_their_python_source(tmp_path):
    misc = tmp_path / "fontTools" / "misc"
    misc.mkdir(parents=True)
    compiled = misc / "bezierTools.cpython-311-x86_64-linux-gnu.so"
    compiled.write_bytes(b"elf")
    (misc / "bezierTools.py").write_text("# source")
    other = ("PySide6/QtCore.abi3.so", str(tmp_path / "QtCore.abi3.so"), "EXTENSION")
    binaries = [
        ("fontTools/misc/bezierTools.cpython-311-x86_64-linux-gnu.so", str(compiled), "EXTENSION"),
        other,
    ]
    kept, pure, replaced = rules.pure_python_instead(binaries, [("a", "a.py", "PYMODULE")])
    assert kept == [other]
    assert replaced == ["fontTools.misc.bezierTools"]
    assert pure[-1] == ("fontTools.misc.bezierTools", str(misc / "bezierTools.py"), "PYMODULE")
