"""What the frozen app carries and what it leaves out: the rules build.spec applies.

They live here, not in the spec, so that tests can check them without running PyInstaller,
and so the spec reads as a short list of steps. Nothing here imports PyInstaller, Qt or the
app: the spec passes PyInstaller's functions in where they are needed.

Every exclusion below is something the app never loads at run time; each says why, and
`make dist-check` exercises the frozen app's window, export, validate and import paths to
catch a wrong guess.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# -- the app's own data -------------------------------------------------------------------------
GEODATA_FILES = (
    "countries-50m.wkb",
    "countries-10m.wkb",
    "countries-50m-presets.json",
    "countries-50m-world.wkb",
    "countries-50m-europe.wkb",
    "countries-index.json",
    "countries-50m.geojson",
    "countries-html.json",
    "manifest.json",
    "README.md",
)
"""geodata/: the files the app reads (the geometries in binary form and the index for
desktop.geo.boundaries and desktop.io.gazetteer, the presets projected ahead of time, the GeoJSON the GeoJSON export copies, the
HTML export's outlines), plus the manifest and README, which carry the boundaries' provenance and licences. The build
script stays out: it needs geopandas and npm, which the bundle does not have."""

RESOURCE_SKIP_SUFFIXES = (".py", ".pyc")
"""resources/ ships whole (datasets, the alias table, icons, the user guide), minus code."""


def app_datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source file, destination folder) pairs for geodata/ and every file under resources/.

    They land at the top of the bundle (``sys._MEIPASS``), where ``desktop.paths.data_root``
    looks when frozen, so the app finds them the same way as in a checkout.
    """
    pairs = []
    for name in GEODATA_FILES:
        source = root / "geodata" / name
        if not source.is_file():
            raise FileNotFoundError(f"build.spec: {source} is missing")
        pairs.append((str(source), "geodata"))
    resources = root / "resources"
    for source in sorted(resources.rglob("*")):
        relative = source.relative_to(root)
        if (
            source.is_file()
            and not any(part.startswith((".", "__pycache__")) for part in relative.parts)
            and source.suffix not in RESOURCE_SKIP_SUFFIXES
        ):
            pairs.append((str(source), relative.parent.as_posix()))
    return pairs


LEAFLET_PACKAGE = "js_lib_leaflet"
"""Named as a hidden import: the HTML export reaches it only through
``importlib.resources.files("js_lib_leaflet")``, which PyInstaller cannot see. Without its
``__init__`` the data folder would be read as a namespace package, whose resource paths
behave differently (on Python 3.11 ``joinpath`` then takes one argument only)."""

LEAFLET_FILES = ("static/js_lib_leaflet/leaflet.js", "static/js_lib_leaflet/leaflet.css")
"""The HTML export inlines these two (desktop.render.htmlmap); the package's source maps,
ESM build and marker images (3 MB) are never read."""

# -- Python modules ---------------------------------------------------------------------------
EXCLUDED_MODULES = (
    # Used only by geodata/build_boundaries.py and the tests, never at run time.
    "geopandas",
    "pandas",
    "pyogrio",
    "fiona",
    "matplotlib",
    "scipy",
    # Test and developer tools, reached only through optional imports of libraries.
    "pytest",
    "_pytest",
    "hypothesis",  # pydantic.v1's hypothesis plugin
    "IPython",
    "rich",  # pydantic's debug pretty-printer
    "pygments",
    "attr",
    "sortedcontainers",
    "numpy.f2py",
    "numpy.distutils",
    "yaml",  # PyYAML, only numpy.__config__'s optional dump; the app reads YAML with ruamel
    # Pillow's AVIF codec (libavif, 5 MB): the timelines are GIF and WebP, python-pptx's
    # images PNG; Pillow reports AVIF as unsupported without it.
    "PIL._avif",
    # numpy's random numbers and Fourier transforms (3 MB): numpy loads them only when asked
    # for, and neither the app nor shapely, pyproj or folium asks.
    "numpy.random",
    "numpy.fft",
    # lxml's extras (4 MB), which its hook collects whole: python-pptx, openpyxl and pypdf
    # use lxml.etree only.
    "lxml.objectify",
    "lxml.html",
    "lxml.isoschematron",
    "lxml.sax",
    # Build tooling that would also add PyInstaller runtime hooks and slow the start.
    "setuptools",
    "pkg_resources",
    "distutils",
    "pip",
    "tkinter",
    "_tkinter",
    # Qt bindings the app does not use (QtCore, QtGui, QtWidgets and QtSvg are all it needs;
    # QPdfWriter is in QtGui). Leaving their Python modules out also leaves out their Qt
    # libraries and plugins (TLS, network information, QML, ...).
    "PySide6.QtNetwork",
    "PySide6.QtDBus",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPrintSupport",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtConcurrent",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtXml",
    "PySide6.QtSvgWidgets",
)

QT_SVG_MODULE = "PySide6.QtSvg"
"""Imported lazily by the SVG export (QSvgGenerator); named so the bundle always has it."""

# -- Qt plugins -------------------------------------------------------------------------------
QT_PLUGINS_KEPT: dict[str, frozenset[str]] = {
    # xcb for X11 windows, wayland for native Wayland sessions, offscreen for exports and
    # the smoke check; windows and cocoa for the other platforms' builds.
    "platforms": frozenset(
        {"qxcb", "qwayland", "qwayland-generic", "qoffscreen", "qminimal", "qwindows", "qcocoa"}
    ),
    # PNG (and JPEG, BMP...) readers are built into QtGui; SVG is the icon's source.
    "imageformats": frozenset({"qsvg"}),
    "iconengines": frozenset({"qsvgicon"}),
    # The GTK 3 theme pulls in GTK, GDK, cairo, pango and ATK (about 20 MB) for native file
    # dialogs only; Qt's own dialogs and the desktop portal (file dialogs under Flatpak or
    # Snap, dark mode) do without.
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    # Compose keys and IBus (CJK input) for typing in search and editing fields.
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
    "wayland-shell-integration": frozenset({"xdg-shell"}),
}
"""Plugin folders whose members are kept only when named here (file stem without ``lib``)."""

QT_PLUGIN_FOLDERS_DROPPED = frozenset(
    {
        # OpenGL integrations: the app paints with QPainter into raster pixmaps only.
        "xcbglintegrations",
        "wayland-graphics-integration-client",
        "wayland-graphics-integration-server",
        # Embedded-device back ends (EGLFS, linuxfb input) and network plugins.
        "egldeviceintegrations",
        "generic",
        "networkinformation",
        "tls",
    }
)
"""Plugin folders left out entirely. Folders in neither table (styles on Windows and macOS,
wayland decorations) are kept whole."""


def qt_plugin(dest: str) -> tuple[str, str] | None:
    """(plugin folder, plugin name) when ``dest`` is a Qt plugin's place in the bundle."""
    parts = Path(dest).parts
    if "plugins" not in parts:
        return None
    at = len(parts) - 1 - parts[::-1].index("plugins")
    if at < 1 or parts[at - 1] not in ("Qt", "PySide6") or len(parts) != at + 3:
        return None
    folder, filename = parts[at + 1], parts[at + 2]
    stem = filename.split(".")[0]
    if stem.startswith("lib") and not filename.endswith(".dll"):
        stem = stem[3:]
    return folder, stem


def keep_qt_plugin(dest: str) -> bool:
    """Whether a Qt plugin belongs in the bundle (anything that is not a plugin: True)."""
    plugin = qt_plugin(dest)
    if plugin is None:
        return True
    folder, name = plugin
    if folder in QT_PLUGIN_FOLDERS_DROPPED:
        return False
    kept = QT_PLUGINS_KEPT.get(folder)
    return kept is None or name in kept


# -- data files of libraries ----------------------------------------------------------------------
def keep_data(dest: str, languages: Iterable[str] = ()) -> bool:
    """Whether a data file collected by a library's hook belongs in the bundle.

    ``languages`` are the app's language codes (``desktop.geo.language.LANGUAGES``): Qt's
    and Babel's data are kept for those only.
    """
    parts = Path(dest).parts
    languages = frozenset(languages)
    # Qt's own translations (14 MB, most of them for Qt's tools): only Qt's base catalogs
    # (button boxes, file dialogs) of the app's languages, which the window loads.
    if parts[:1] == ("PySide6",) and "translations" in parts:
        stem, _, suffix = parts[-1].rpartition(".")
        prefix, _, lang = stem.rpartition("_")
        return suffix == "qm" and prefix in QT_CATALOGS and lang in languages
    # Babel's CLDR data: 1,100 locales (35 MB); the app's languages are enough.
    if parts[:2] == BABEL_LOCALE_DATA and parts[-1].endswith(".dat"):
        return babel_language(parts[-1].removesuffix(".dat")) in {"root", *languages}
    # pycountry's translated country names (22 MB of .mo files), and its two big databases,
    # subdivisions and languages (1.4 MB): the gazetteer reads only pycountry.countries.
    if parts[:2] == ("pycountry", "locales"):
        return False
    return not (parts[:2] == ("pycountry", "databases") and parts[-1] in PYCOUNTRY_UNUSED)


PYCOUNTRY_UNUSED = ("iso3166-2.json", "iso639-3.json")

QT_CATALOGS = ("qtbase", "qt")
"""Qt's catalogs for QtCore, QtGui and QtWidgets (``qt_xx.qm`` only points to ``qtbase_xx``
and to modules the app does not have)."""

BABEL_LOCALE_DATA = ("babel", "locale-data")


def babel_language(locale: str) -> str:
    """The language of a Babel locale file's name: ``fr_CA`` → ``fr``, ``root`` → ``root``."""
    return locale.split("_")[0]


def babel_parent(locale: str, exceptions: dict[str, str]) -> str | None:
    """The locale Babel merges ``locale`` over (``babel.localedata.load``'s rule): CLDR's
    ``parent_exceptions`` (``babel.core.get_global``), else the name without its last part,
    else ``root``. (A language in a script not its usual one also goes straight to
    ``root``, which is always kept.)"""
    if locale == "root":
        return None
    if locale in exceptions:
        return exceptions[locale]
    parts = locale.split("_")
    return "root" if len(parts) == 1 else "_".join(parts[:-1])


def babel_missing_parents(
    kept: Iterable[str], parent_of: Callable[[str], str | None]
) -> dict[str, str]:
    """Kept Babel locales whose parent is not kept (child → parent): empty when all load.

    Babel merges each locale over its parent (``fr_CA`` over ``fr`` over ``root``; CLDR's
    exceptions such as ``en_GB`` over ``en_001``), and fails when one is missing.
    ``parent_of`` gives a locale's parent, None for ``root``.
    """
    names = set(kept)
    missing = {}
    for name in sorted(names):
        parent = parent_of(name)
        if parent is not None and parent not in names:
            missing[name] = parent
    return missing


# -- shared libraries -------------------------------------------------------------------------------
def is_extension_module(dest: str) -> bool:
    """A Python extension module (imported by Python rather than linked)."""
    name = Path(dest).name
    return name.endswith(".pyd") or ".cpython-" in name or ".abi3." in name


def is_python_library(dest: str) -> bool:
    """The Python runtime library the bootloader loads."""
    name = Path(dest).name.lower()
    return name.startswith(("libpython", "python3")) and not is_extension_module(dest)


PROGRAMS_LEFT_OUT = ("imageio_ffmpeg/binaries/",)
"""imageio-ffmpeg's FFmpeg program (165 MB, GPL-3.0): the packaged app runs the user's own
FFmpeg for MP4 and WebM instead (desktop.render.encoder), and GIF and WebP need none."""


def keep_file(dest: str) -> bool:
    """Whether a collected file (binary or data) is not a program the bundle leaves out."""
    return not Path(dest).as_posix().startswith(PROGRAMS_LEFT_OUT)


def prune_unreachable(
    binaries: Iterable[tuple[str, str, str]],
    imports_of: Callable[[str], Iterable[str | None]],
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Keep the shared libraries that something kept still links to; drop the rest.

    PyInstaller resolves each collected binary's link-time dependencies before the spec can
    drop a plugin, so GTK stays behind after the GTK theme plugin goes. Roots are the Python
    extension modules, the Qt plugins and the Python library; every other library stays only
    if a root reaches it through ``imports_of`` (a library's resolved dependencies).
    Returns the kept entries and the destinations dropped.
    """
    entries = list(binaries)
    by_source: dict[str, list[int]] = {}
    for i, (_dest, source, _kind) in enumerate(entries):
        by_source.setdefault(os.path.realpath(source), []).append(i)
    reached: set[int] = set()
    # An extension module is a root whatever its name: PyInstaller marks each one it
    # collects, and some are named without an ABI tag (rapidyaml's ryml/_ryml.so).
    todo = [
        i
        for i, (dest, _source, kind) in enumerate(entries)
        if kind == "EXTENSION"
        or is_extension_module(dest)
        or qt_plugin(dest) is not None
        or is_python_library(dest)
    ]
    while todo:
        i = todo.pop()
        if i in reached:
            continue
        reached.add(i)
        for path in imports_of(entries[i][1]):
            if path:
                todo.extend(by_source.get(os.path.realpath(path), ()))
    kept = [entry for i, entry in enumerate(entries) if i in reached]
    dropped = [entry[0] for i, entry in enumerate(entries) if i not in reached]
    return kept, dropped


def strip_interpreter_libraries(
    binaries: Iterable[tuple[str, str, str]],
    prefix: str,
    folder: Path,
    run: Callable[[list[str]], object],
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Use symbol-stripped copies of the Python build's own libraries (Linux).

    Python builds such as pyenv's keep their symbols: libpython alone carries 17 MB of
    them. PyInstaller's ``strip`` option would strip every library, and that corrupts the
    wheels' libraries that auditwheel rewrote (numpy's OpenBLAS then fails to load), so
    only files under the interpreter's ``prefix`` are stripped, into ``folder``, with
    ``run(command)``. Returns the new entries and the destinations stripped.
    """
    root = os.path.realpath(prefix) + os.sep
    out, stripped = [], []
    for dest, source, kind in binaries:
        real = os.path.realpath(source)
        if kind in ("BINARY", "EXTENSION") and real.startswith(root) and ".so" in Path(dest).name:
            target = folder / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(Path(real).read_bytes())
            run(["strip", "--strip-unneeded", str(target)])
            out.append((dest, str(target), kind))
            stripped.append(dest)
        else:
            out.append((dest, source, kind))
    return out, stripped


# -- compiled speed-ups left out ------------------------------------------------------------------
PURE_PYTHON_MODULES = ("fontTools.misc.bezierTools", "fontTools.varLib.iup")
"""Modules bundled as their Python source instead of their compiled twin (7 MB of the two):
the HTML export's font subsets take a fraction of a second either way."""


def pure_python_instead(
    binaries: list[tuple], pure: list[tuple], modules: Iterable[str] = PURE_PYTHON_MODULES
) -> tuple[list[tuple], list[tuple], list[str]]:
    """(binaries, pure, replaced): each compiled extension in ``binaries`` whose module is in
    ``modules`` and has its ``.py`` source beside it moves to ``pure`` as that source."""
    wanted = {module.replace(".", "/"): module for module in modules}
    kept, replaced = [], []
    pure = list(pure)
    for entry in binaries:
        dest, source, kind = entry[0], entry[1], entry[2]
        stem = Path(dest).name.split(".")[0]
        module = wanted.get(str(Path(dest).parent / stem).replace(os.sep, "/"))
        python = Path(source).with_name(stem + ".py")
        if kind == "EXTENSION" and module and python.is_file():
            pure.append((module, str(python), "PYMODULE"))
            replaced.append(module)
        else:
            kept.append(entry)
    return kept, pure, replaced


# -- fonts (Linux) ---------------------------------------------------------------------------------
FONT_RUNTIME_HOOK = ROOT / "packaging" / "pyi_rth_fontconfig.py"
FONT_LICENCE_DIR = "fonts/licences"
"""Where each bundled font's licence (its Debian copyright file) goes, one folder per package:
PyInstaller cannot rename a file it collects, and every package names it ``copyright``."""


def linux_fonts(
    root: Path, fonts: Iterable, font_dirs: Iterable[str]
) -> tuple[list[tuple[str, str]], str | None]:
    """(datas, None), or (datas of what was found, what is missing) for the fonts the app
    draws every script with (``desktop.render.fonts.FONTS``: each has ``files``, ``package``
    and ``licence_file``), looked up in ``font_dirs`` on the build machine.

    Linux machines may have no fonts at all (containers, WSL), and few have Arabic and CJK
    ones: the bundle carries the files in ``fonts/`` with packaging/fonts.conf, which adds
    them to the system's fontconfig set-up at run time (pyi_rth_fontconfig.py), and each
    font's licence beside them (the OFL and the Bitstream Vera licence ask for it).
    """
    dirs = [Path(d) for d in font_dirs]
    pairs: list[tuple[str, str]] = []
    missing: list[str] = []
    for font in fonts:
        for name in font.files:
            path = next((d / name for d in dirs if (d / name).is_file()), None)
            if path is None:
                missing.append(f"{name} (apt-get install {font.package})")
            else:
                pairs.append((str(path), "fonts"))
        licence = Path(font.licence_file)
        if licence.is_file():
            pairs.append((str(licence), f"{FONT_LICENCE_DIR}/{font.package}"))
        else:
            missing.append(f"{font.licence_file}, the licence (apt-get install {font.package})")
    if not any(dest == "fonts" for _source, dest in pairs):
        return [], "no font found: " + "; ".join(missing)
    pairs.append((str(root / "packaging" / "fonts.conf"), "fonts"))
    return pairs, ("; ".join(missing) or None)


# -- per platform -------------------------------------------------------------------------------------
def icon_file(root: Path = ROOT, platform: str | None = None) -> str | None:
    """The executable's icon for this platform (.ico, .icns), if it has been rendered."""
    suffix = {"win32": ".ico", "darwin": ".icns"}.get(platform or sys.platform)
    if suffix is None:  # Linux executables carry no icon; the .desktop file names one.
        return None
    path = root / "resources" / "icons" / f"coalition-atlas{suffix}"
    return str(path) if path.is_file() else None
