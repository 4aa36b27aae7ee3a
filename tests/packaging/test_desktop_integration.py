"""Desktop integration: the .desktop entry, the dataset MIME type, the icons, the installer."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import BUNDLED, REPO, THREE_COUNTRIES

PACKAGING = REPO / "packaging"
ICONS = REPO / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_TYPE = "application/x-coalition-atlas+yaml"
NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}


# -- the .desktop entry -------------------------------------------------------------------------
def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(PACKAGING / "coalition-atlas.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_parses_with_exec_icon_and_mime_type():
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Coalition Atlas"
    assert entry["Exec"].split()[0] == "coalition-atlas"
    assert "%f" in entry["Exec"].split() or "%F" in entry["Exec"].split()
    assert entry["Icon"] == "coalition-atlas"
    assert (ICONS / f"{entry['Icon']}.svg").is_file()
    assert MIME_TYPE in entry["MimeType"].rstrip(";").split(";")
    assert entry["Terminal"] == "false"


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="needs desktop-file-utils")
def test_desktop_entry_is_valid():
    result = subprocess.run(
        ["desktop-file-validate", str(PACKAGING / "coalition-atlas.desktop")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- the MIME type -------------------------------------------------------------------------------
def mime_type() -> ET.Element:
    root = ET.parse(PACKAGING / "coalition-atlas-mime.xml").getroot()
    types = root.findall("m:mime-type", NS)
    assert [t.get("type") for t in types] == [MIME_TYPE]
    return types[0]


def unescape(value: str) -> bytes:
    """A magic string value as update-mime-database reads it (g_strcompress escapes)."""
    simple = {"n": b"\n", "t": b"\t", "r": b"\r", "\\": b"\\", '"': b'"', "'": b"'"}
    out, i = b"", 0
    while i < len(value):
        char = value[i]
        if char == "\\" and i + 1 < len(value):
            following = value[i + 1]
            octal = re.match(r"[0-7]{1,3}", value[i + 1 :])
            if octal:
                out += bytes([int(octal.group(), 8)])
                i += 1 + len(octal.group())
                continue
            out += simple.get(following, following.encode())
            i += 2
            continue
        out += char.encode("utf-8")
        i += 1
    return out


def match(element: ET.Element, data: bytes) -> bool:
    """shared-mime-info semantics: this string match at its offset(s), and any child match."""
    assert element.get("type") == "string", "only string matches are used"
    value = unescape(element.get("value"))
    start, _, end = element.get("offset").partition(":")
    first, last = int(start), int(end or start)
    found = any(data[o : o + len(value)] == value for o in range(first, last + 1))
    children = element.findall("m:match", NS)
    return found and (not children or any(match(child, data) for child in children))


def magic_matches(data: bytes) -> bool:
    """Whether any top-level match of the type's magic accepts the file's first bytes."""
    magic = mime_type().find("m:magic", NS)
    return any(match(m, data) for m in magic.findall("m:match", NS))


def test_mime_type_is_yaml_with_globs_weaker_than_the_magic():
    kind = mime_type()
    parents = {p.get("type") for p in kind.findall("m:sub-class-of", NS)}
    assert "application/yaml" in parents
    globs = {g.get("pattern"): int(g.get("weight", 50)) for g in kind.findall("m:glob", NS)}
    assert set(globs) == {"*.yaml", "*.yml"}
    # Default glob weight is 50: lower weights let the shared YAML globs stay YAML's.
    assert all(weight < 50 for weight in globs.values())
    assert int(kind.find("m:magic", NS).get("priority", 50)) >= 50


def test_magic_matches_real_datasets():
    assert magic_matches(BUNDLED.read_bytes()[:4200])  # after its comment header
    assert magic_matches(THREE_COUNTRIES.encode())  # format: on the first line


@pytest.mark.parametrize(
    "text",
    [
        "title: Just YAML\nitems: [1, 2]\n",
        "format: other-tool/1\ntitle: x\n",
        "# format: coalition-atlas/1 (a comment, not the key)\ntitle: x\n",
        "meta:\n  format: coalition-atlas/1\n",  # nested, not the top-level key
        "description: see format: coalition-atlas/1\n",
    ],
)
def test_magic_does_not_claim_other_yaml(text):
    assert not magic_matches(text.encode())


@pytest.mark.skipif(
    not (shutil.which("update-mime-database") and shutil.which("gio")),
    reason="needs shared-mime-info and gio (GLib)",
)
def test_the_installed_type_recognises_datasets_and_leaves_other_yaml_alone(tmp_path):
    data = tmp_path / "share"
    (data / "mime" / "packages").mkdir(parents=True)
    shutil.copy(PACKAGING / "coalition-atlas-mime.xml", data / "mime" / "packages")
    subprocess.run(["update-mime-database", str(data / "mime")], check=True)
    shutil.copy(BUNDLED, tmp_path / "coalition.yaml")
    (tmp_path / "plain.yaml").write_text("title: Just YAML\n", encoding="utf-8")
    env = {**os.environ, "XDG_DATA_HOME": str(data)}

    def content_type(name: str) -> str:
        out = subprocess.run(
            ["gio", "info", "-a", "standard::content-type", str(tmp_path / name)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        return re.search(r"standard::content-type: (\S+)", out)[1]

    assert content_type("coalition.yaml") == MIME_TYPE
    assert content_type("plain.yaml") != MIME_TYPE


# -- icons ------------------------------------------------------------------------------------------
def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", SIZES)
def test_icon_png_exists_at_every_size(size):
    path = ICONS / f"coalition-atlas-{size}.png"
    assert path.is_file(), f"{path.name} missing: run packaging/render_icons.py"
    assert png_size(path.read_bytes()) == (size, size)


def test_icon_source_is_an_svg():
    root = ET.parse(ICONS / "coalition-atlas.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"


def test_windows_and_macos_icons_hold_the_rendered_sizes():
    ico = (ICONS / "coalition-atlas.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, _height, _colours, _r, _planes, _bits, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * i : 22 + 16 * i]
        )
        assert png_size(ico[offset : offset + length])[0] == (width or 256)
        sizes.append(width or 256)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]
    icns = (ICONS / "coalition-atlas.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic09" in icns  # 512 px


# -- the installer ---------------------------------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="a POSIX shell script")
def test_install_script_installs_and_uninstalls(tmp_path):
    app = tmp_path / "My Apps" / "coalition-atlas"
    app.parent.mkdir()
    app.write_text("#!/bin/sh\n")
    app.chmod(0o755)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    script = str(PACKAGING / "install-desktop-integration.sh")
    result = subprocess.run([script, str(app)], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    share = tmp_path / "share"
    entry = (share / "applications" / "coalition-atlas.desktop").read_text(encoding="utf-8")
    assert f'Exec="{app}" %f' in entry.splitlines()
    assert "TryExec" not in entry
    for size in SIZES:
        assert (
            share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "coalition-atlas.png"
        ).is_file()
    assert (share / "mime" / "packages" / "coalition-atlas-mime.xml").is_file()

    result = subprocess.run([script, "--uninstall"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not (share / "applications" / "coalition-atlas.desktop").exists()
    assert not (share / "mime" / "packages" / "coalition-atlas-mime.xml").exists()


def test_install_script_refuses_a_missing_executable(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run(
        [str(PACKAGING / "install-desktop-integration.sh"), str(tmp_path / "nope")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "no coalition-atlas executable" in result.stderr
