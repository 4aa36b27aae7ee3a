"""Smoke-test the packaged app: run the frozen executable the way a user's machine would.

    .venv/bin/python packaging/dist_check.py dist/coalition-atlas [--startup-runs N] [--cold]

Each check runs the executable in a fresh temporary folder with a clean environment (its
own HOME, no PYTHONPATH, no virtual environment) and networking unavailable:

- on Linux with ``unshare`` (root, or unprivileged user namespaces): a new network
  namespace with no interfaces, and a mount namespace in which the build machine's Python
  installations (the venv, the interpreter's prefix, /usr/lib/python3*) are hidden under
  empty folders, so the bundle cannot lean on them;
- otherwise: proxy variables pointing at an unroutable address (192.0.2.1, TEST-NET-1),
  which stops well-behaved HTTP clients only. The output says which one was used.

Checks: (a) ``export`` of the bundled dataset to PNG (decodes, requested size, and its title
is real text, not the empty boxes Qt draws without fonts; the system's fonts are hidden when
the bundle brings its own), the bundled Arabic and CJK fonts and their licences (Linux), a
PNG and an HTML page of a dataset in Arabic and CJK (PNG titles real text, not missing-glyph
boxes; the page carrying its fonts for both scripts), HTML (no external script, stylesheet
or image; Leaflet inlined), PowerPoint (country shapes named by code, notes), a GIF
timeline, an MP4 timeline with an FFmpeg on PATH (the system's, else a copy of
imageio-ffmpeg's from the build environment) and, when the system has none, the one-line
message without it, French and Arabic exports (names and dates from the bundled CLDR data),
and SVG, PDF, GeoJSON and CSV; (b) ``validate`` of the bundled
dataset (exit 0 and its ``OK:`` line), and of a copy big enough to be read through
rapidyaml (no word in the log that it is missing); (c) the window, offscreen, with
``--quit-after-first-paint`` (exit 0, the ``first-paint`` line, no traceback); (d)
``import`` of a small CSV, XLSX and ODS sheet, validated afterwards; (e) the folder's size,
at most ``SIZE_BUDGET_MB``. Then it times the start-up
(median of ``--startup-runs``; ``--cold`` drops the page cache before each run, Linux and
root only). Exit status 0 when every check passed, 1 otherwise (each failure is printed).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

NAME = "coalition-atlas"
BUNDLED_DATASET = Path("resources", "datasets", "coalition-of-the-willing.yaml")
PNG_SIZE = (1200, 675)
TIMEOUT = 120
START_BUDGET_S = 2.0
"""The issue's budget for the frozen app's start to its first painted map."""
UNROUTABLE_PROXY = "http://192.0.2.1:9"
SIZE_BUDGET_MB = 300
"""The packaged folder's budget, in MB (10^6 bytes) of file contents."""
LANGUAGE_CHECKS = (
    (
        "fr",
        "Allemagne",
        r"[Ss]ituation\s*:\s*\d{1,2} (janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\.? \d{4}",
    ),
    (
        "ar",
        "ألمانيا",
        r"\d{1,2} (يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر) \d{4}",
    ),
)
"""(language, Germany's name in it, the as-of date in CLDR's medium form) for the exports."""
SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path("/etc/fonts"),
)
"""Hidden for the PNG export when the bundle carries its own fonts (fontconfig then finds
neither the system's fonts nor its configuration)."""
BUNDLED_FONTS = {
    "fonts-dejavu-core": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "fonts-noto-ui-core": ("NotoSansArabicUI-Regular.ttf", "NotoSansArabicUI-Bold.ttf"),
    "fonts-noto-cjk": ("NotoSansCJK-Regular.ttc",),
}
"""Linux: the font files the bundle carries in fonts/ (desktop.render.fonts), by the Debian
package they come from, whose licence is in fonts/licences/PACKAGE/copyright."""
SCRIPTS_DATASET = """format: coalition-atlas/1
title: تحالف الاختبار
subtitle: 测试联盟 東アジア 시험
as_of: 2026-01-01
categories:
  - {id: member, label: 成员国, color: "#0072B2"}
  - {id: observer, label: مراقب, color: "#E69F00"}
nations:
  - {iso3: EGY, category: member}
  - {iso3: CHN, category: member}
  - {iso3: JPN, category: observer}
  - {iso3: SAU, category: observer}
"""
"""A dataset in Arabic and CJK for the scripts check (exported with --lang ar, so the
country names are Arabic too)."""
NOTDEF = "\U0010fffd"
"""A character no font has: Qt draws the missing-glyph box for it."""
FIRST_PAINT = re.compile(r"^first-paint (\d+(?:\.\d+)?) peak-rss-mb (\d+)", re.MULTILINE)


# -- running the executable -------------------------------------------------------------------
def executable_in(bundle: Path) -> Path:
    """The bundle's executable that has standard output (the console one on Windows)."""
    if sys.platform == "win32":
        return bundle / f"{NAME}-cli.exe"
    return bundle / NAME


def _works(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def python_dirs(keep: list[Path]) -> list[Path]:
    """Folders of the build machine's Python installations, to hide from the bundle.

    Only folders that hold Python's own files (never /usr itself), and none that contains
    a folder in ``keep`` (the bundle, the temporary folder).
    """
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidates = {
        Path(sys.prefix),  # the virtual environment
        Path(sys.base_prefix, "lib", version),  # the interpreter's standard library
        Path("/usr/lib/python3"),
        Path("/usr/lib", version),
        Path("/usr/local/lib", version),
    }
    if Path(sys.base_prefix) not in (Path("/usr"), Path("/usr/local"), Path("/")):
        candidates.add(Path(sys.base_prefix))  # pyenv, conda...
    keep = [k.resolve() for k in keep]
    found = []
    for path in sorted(candidates):
        if not path.is_dir():
            continue
        path = path.resolve()
        if any(k == path or path in k.parents for k in keep):
            continue
        # A folder inside one already hidden is gone with it (and cannot be mounted on).
        if not any(parent in found for parent in path.parents):
            found.append(path)
    return found


@dataclass
class Runner:
    """Runs the executable isolated from the network (and, where possible, from Python)."""

    executable: Path
    home: Path
    prefix: list[str] = field(default_factory=list)
    hidden: list[Path] = field(default_factory=list)
    extra_env: dict[str, str] = field(default_factory=dict)
    isolation: str = ""

    @classmethod
    def create(cls, executable: Path, home: Path) -> Runner:
        """Pick the strongest isolation this machine offers."""
        runner = cls(executable, home)
        unshare = shutil.which("unshare") if sys.platform.startswith("linux") else None
        if unshare:
            for flags in (["-n", "-m"], ["-r", "-n", "-m"], ["-n"], ["-r", "-n"]):
                if _works([unshare, *flags, "true"]):
                    runner.prefix = [unshare, *flags]
                    break
        if runner.prefix and "-m" in runner.prefix:
            runner.hidden = python_dirs([executable.parent, home])
            runner.prefix = [*runner.prefix, "--propagation", "private"]
            if not _works([*runner.prefix, "sh", "-c", runner._mounts() + "true"]):
                runner.hidden = []
        if runner.prefix:
            runner.isolation = "network namespace without interfaces (unshare -n)"
            if runner.hidden:
                runner.isolation += "; hidden: " + ", ".join(map(str, runner.hidden))
        else:
            runner.extra_env = {
                key: UNROUTABLE_PROXY
                for key in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")
            }
            runner.extra_env["no_proxy"] = runner.extra_env["NO_PROXY"] = ""
            runner.isolation = (
                f"NOT isolated: no usable unshare here; proxies set to {UNROUTABLE_PROXY} "
                "(unroutable), which only stops clients that honour them"
            )
        return runner

    def _mounts(self, extra: tuple[Path, ...] = ()) -> str:
        hidden = [*self.hidden, *(p for p in extra if p.is_dir())]
        return "".join(f"mount -t tmpfs tmpfs '{path}' && " for path in hidden)

    def can_hide(self) -> bool:
        """Whether folders can be hidden from the executable (a mount namespace works)."""
        return bool(self.hidden)

    def env(self) -> dict[str, str]:
        """A clean environment: nothing from the build machine's Python, a private HOME."""
        env = {
            "PATH": os.pathsep.join(["/usr/bin", "/bin"])
            if os.name == "posix"
            else os.environ.get("PATH", ""),
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_RUNTIME_DIR": str(self.home / "run"),
            "TMPDIR": str(self.home / "tmp"),
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
        }
        for key in (
            "SYSTEMROOT",
            "SYSTEMDRIVE",
            "WINDIR",
            "USERPROFILE",
            "APPDATA",
            "LOCALAPPDATA",
        ):
            if key in os.environ:  # Windows cannot start a program without some of these
                env[key] = os.environ[key]
        env.update(self.extra_env)
        return env

    def command(self, *args: str, hide: tuple[Path, ...] = ()) -> list[str]:
        """The command line that runs the executable with ``args``, isolated."""
        for folder in ("run", "tmp"):
            (self.home / folder).mkdir(parents=True, exist_ok=True)
        (self.home / "run").chmod(0o700)
        command = [str(self.executable), *args]
        if self.prefix:
            script = self._mounts(hide) + 'exec "$@"'
            command = [*self.prefix, "sh", "-c", script, "sh", *command]
        return command

    def run(
        self,
        *args: str,
        cwd: Path,
        timeout: float = TIMEOUT,
        hide: tuple[Path, ...] = (),
        path: tuple[Path, ...] = (),
    ) -> subprocess.CompletedProcess:
        """Run the executable with ``args`` in ``cwd``, ``hide`` hidden, ``path`` put first on
        PATH; output as text."""
        env = self.env()
        if path:
            env["PATH"] = os.pathsep.join([*map(str, path), env["PATH"]])
        return subprocess.run(
            self.command(*args, hide=hide),
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def time_first_paint(self, cwd: Path) -> tuple[float, float, float] | str:
        """(seconds to the first-paint line, the app's own figure, seconds to exit), or why not.

        The clock starts before the process is created and stops when the app prints that
        the map has been painted: what a user waits for, bootloader and imports included.
        """
        started = time.perf_counter()
        process = subprocess.Popen(
            self.command("--quit-after-first-paint"),
            cwd=cwd,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        painted, figure = None, None
        for line in process.stdout:
            match = FIRST_PAINT.match(line)
            if match and painted is None:
                painted, figure = time.perf_counter() - started, float(match[1])
        code = process.wait(timeout=TIMEOUT)
        if code != 0 or painted is None:
            return f"exit {code}, first-paint line {'seen' if painted else 'missing'}"
        return painted, figure, time.perf_counter() - started


# -- reading the outputs --------------------------------------------------------------------------
class PngError(ValueError):
    """The file is not a PNG this checker can decode."""


def read_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """Decode a non-interlaced 8-bit PNG: (width, height, bytes per pixel, pixel rows).

    Every chunk's CRC is checked, the image data must inflate to exactly the size the
    header promises, and every row is unfiltered, so a truncated or corrupt file fails.
    """
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise PngError("no PNG signature")
    pos, header, idat = 8, None, []
    while pos < len(data):
        if pos + 8 > len(data):
            raise PngError("truncated chunk header")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length] or b"\0\0\0\0")
        if len(body) != length or zlib.crc32(kind + body) != crc:
            raise PngError(f"bad {kind.decode('latin-1')} chunk (truncated or CRC mismatch)")
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None or not idat:
        raise PngError("no IHDR or no IDAT chunk")
    width, height, depth, colour, _compression, _filter, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise PngError(f"unsupported PNG (bit depth {depth}, colour type {colour})")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    if len(raw) != height * (stride + 1):
        raise PngError(f"image data is {len(raw)} bytes, expected {height * (stride + 1)}")
    rows, previous = [], bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + predictor) & 0xFF
        elif kind != 0:
            raise PngError(f"row {y} has unknown filter type {kind}")
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def ink_columns(rows: list[bytes], channels: int, first: int, last: int) -> list[int]:
    """Per pixel column, how many pixels in rows ``first`` to ``last`` are dark ink."""
    band = rows[first:last]
    width = len(band[0]) // channels if band else 0
    columns = [0] * width
    for row in band:
        for x in range(width):
            i = x * channels
            if channels >= 3:
                luminance = (299 * row[i] + 587 * row[i + 1] + 114 * row[i + 2]) // 1000
            else:
                luminance = row[i]
            opaque = channels in (1, 3) or row[i + channels - 1] > 128
            columns[x] += opaque and luminance < 96
    return columns


def text_problem(rows: list[bytes], channels: int, first: int, last: int) -> str | None:
    """Why the band holds no real text (None when it does).

    Without a usable font Qt draws each character as the same empty box, which still
    leaves ink: box columns then have only two or three distinct ink heights (the box's
    sides, and its top and bottom edges), where real letters give many.
    """
    inked = [n for n in ink_columns(rows, channels, first, last) if n]
    if len(inked) < 20:
        return f"almost no ink ({len(inked)} columns): no text drawn"
    heights = Counter(inked)
    share = heights.most_common(1)[0][1] / len(inked)
    if len(heights) < 6 or share > 0.5:
        return (
            f"the characters look like empty boxes ({len(heights)} distinct column heights, "
            f"{share:.0%} alike): no usable font"
        )
    return None


class ExternalResources(HTMLParser):
    """Collects every address an HTML page would fetch by itself (not links one clicks)."""

    FETCHING: ClassVar[dict[str, str]] = {
        "script": "src",
        "link": "href",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "embed": "src",
        "object": "data",
        "audio": "src",
        "video": "src",
    }

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        wanted = self.FETCHING.get(tag)
        for name, value in attrs:
            if name == wanted and value and not value.startswith(("data:", "#")):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value:
                self.found += [f"<{tag} style> {u}" for u in css_urls(value)]


def css_urls(text: str) -> list[str]:
    """Remote addresses in CSS: url(...) and @import of http(s) or protocol-relative URLs."""
    pattern = r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)"""
    return re.findall(pattern, text, re.IGNORECASE)


def check_html(text: str) -> list[str]:
    """Problems that would stop the page working offline (empty when it is self-contained)."""
    parser = ExternalResources()
    parser.feed(text)
    problems = [f"fetches {item}" for item in parser.found]
    for style in re.findall(r"<style[^>]*>(.*?)</style>", text, re.IGNORECASE | re.DOTALL):
        problems += [f"stylesheet fetches {url}" for url in css_urls(style)]
    if parser.scripts == 0 or ("L.map(" not in text and "Leaflet" not in text):
        problems.append("no inline Leaflet script found")
    return problems


def minimal_xlsx(rows: list[list[str]]) -> bytes:
    """A one-sheet .xlsx with inline strings: enough for the import, no library needed."""

    def cell(ref: str, text: str) -> str:
        escaped = text.replace("&", "&amp;").replace("<", "&lt;")
        return f'<c r="{ref}" t="inlineStr"><is><t>{escaped}</t></is></c>'

    sheet_rows = "".join(
        f'<row r="{y}">'
        + "".join(cell(f"{chr(65 + x)}{y}", value) for x, value in enumerate(row))
        + "</row>"
        for y, row in enumerate(rows, start=1)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006"
    files = {
        "[Content_Types].xml": (
            f'<Types xmlns="{package}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{package}/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Nations" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{package}/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><sheetData>{sheet_rows}</sheetData></worksheet>'
        ),
    }
    path = Path(tempfile.mkstemp(suffix=".xlsx")[1])
    try:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in files.items():
                archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)
        return path.read_bytes()
    finally:
        path.unlink()


def minimal_ods(rows: list[list[str]]) -> bytes:
    """A one-sheet LibreOffice .ods of text cells: enough for the import, no library needed."""

    def cell(text: str) -> str:
        escaped = text.replace("&", "&amp;").replace("<", "&lt;")
        return f'<table:table-cell office:value-type="string"><text:p>{escaped}</text:p></table:table-cell>'

    body = "".join(
        "<table:table-row>" + "".join(cell(value) for value in row) + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Nations">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The mimetype first and stored, as the OpenDocument package requires.
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


SHEET_ROWS = [
    ["country", "category", "role", "source_url"],
    ["France", "participating", "Co-lead", "https://example.org/a"],
    ["Germany", "participating", "", "https://example.org/b"],
    ["Hungary", "opposing", "", "https://example.org/c"],
]


# -- the checks --------------------------------------------------------------------------------------
@dataclass
class Checker:
    """Runs each check, records failures, and says what passed."""

    runner: Runner
    bundle: Path
    work: Path
    failures: list[str] = field(default_factory=list)

    def fail(self, check: str, message: str, result: subprocess.CompletedProcess | None = None):
        """Record a failure, with the tail of the program's output when there is one."""
        if result is not None:
            tail = (result.stdout + result.stderr).strip().splitlines()[-15:]
            message += f" (exit {result.returncode})" + "".join(f"\n      {t}" for t in tail)
        self.failures.append(f"{check}: {message}")
        print(f"FAIL {check}: {message}", flush=True)

    def passed(self, check: str, detail: str) -> None:
        """Say that a check passed."""
        print(f"ok   {check}: {detail}", flush=True)

    def run(
        self,
        check: str,
        *args: str,
        hide: tuple[Path, ...] = (),
        path: tuple[Path, ...] = (),
        expect_exit: int = 0,
    ) -> subprocess.CompletedProcess | None:
        """Run the executable; another exit than ``expect_exit``, or a traceback, is a
        failure (None)."""
        started = time.perf_counter()
        try:
            result = self.runner.run(*args, cwd=self.work, hide=hide, path=path)
        except subprocess.TimeoutExpired:
            self.fail(check, f"no answer within {TIMEOUT} s: {' '.join(args)}")
            return None
        result.seconds = time.perf_counter() - started
        if result.returncode != expect_exit or "Traceback (most recent call last)" in result.stderr:
            self.fail(check, f"'{NAME} {' '.join(args)}' failed", result)
            return None
        return result

    def export_png(self) -> None:
        """(a) PNG: decodes, has the requested size, and its title band has real text.

        When the bundle carries its own fonts and folders can be hidden, the system's fonts
        are hidden for this export: the text must come from the bundle.
        """
        width, height = PNG_SIZE
        out = self.work / "map.png"
        hide: tuple[Path, ...] = ()
        fonts = "system fonts"
        if self.runner.can_hide() and (self.bundle / "_internal" / "fonts").is_dir():
            hide, fonts = SYSTEM_FONT_DIRS, "bundled fonts only (system fonts hidden)"
        args = ("export", "-o", out.name, "--size", f"{width}x{height}")
        if self.run("export png", *args, hide=hide) is None:
            return
        try:
            w, h, channels, rows = read_png(out.read_bytes())
        except (OSError, PngError, zlib.error) as error:
            self.fail("export png", f"{out.name} does not decode: {error}")
            return
        if (w, h) != PNG_SIZE:
            self.fail("export png", f"{out.name} is {w}x{h}, asked for {width}x{height}")
            return
        # The title and subtitle sit in the top tenth of the image.
        problem = text_problem(rows, channels, 0, max(1, h // 10))
        if problem:
            self.fail("export png", f"title band: {problem} ({fonts})")
            return
        self.passed("export png", f"{w}x{h}, decodes, title text drawn with {fonts}")

    def fonts(self) -> None:
        """(a) Linux: the bundle carries the fonts for Arabic and CJK, each with its licence."""
        if not sys.platform.startswith("linux"):
            return
        folder = self.bundle / "_internal" / "fonts"
        missing = [
            name
            for package, names in BUNDLED_FONTS.items()
            for name in (*names, f"licences/{package}/copyright")
            if not (folder / name).is_file()
        ]
        if missing:
            self.fail("fonts", f"missing from {folder}: {', '.join(missing)}")
            return
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        self.passed("fonts", f"{len(BUNDLED_FONTS)} fonts with their licences, {size / 1e6:.1f} MB")

    def export_scripts(self) -> None:
        """(a) A PNG of a dataset in Arabic and CJK (country names in Arabic), with the
        system's fonts hidden when they can be: its title is real text, and differs from the
        same page whose title is missing-glyph boxes; the same for a CJK title."""
        dataset = self.work / "scripts.yaml"
        dataset.write_text(SCRIPTS_DATASET, encoding="utf-8")
        width, height = PNG_SIZE
        hide: tuple[Path, ...] = ()
        fonts = "system fonts"
        if self.runner.can_hide() and (self.bundle / "_internal" / "fonts").is_dir():
            hide, fonts = SYSTEM_FONT_DIRS, "bundled fonts only"
        titles = {"Arabic": "تحالف الاختبار", "CJK": "测试联盟 東アジア 시험"}
        for script, title in titles.items():
            boxed = "".join(" " if c == " " else NOTDEF for c in title)
            bands = []
            for name, text in (("real", title), ("boxes", boxed)):
                out = self.work / f"scripts-{script}-{name}.png"
                args = ("export", dataset.name, "-o", out.name, "--lang", "ar", "--labels",
                        "--view", "fit", "--size", f"{width}x{height}", "--title", text)  # fmt: skip
                if self.run(f"export {script}", *args, hide=hide) is None:
                    return
                try:
                    _w, h, channels, rows = read_png(out.read_bytes())
                except (OSError, PngError, zlib.error) as error:
                    self.fail(f"export {script}", f"{out.name} does not decode: {error}")
                    return
                bands.append((rows[: max(1, h // 10)], channels))
            (real, channels), (boxes, _) = bands
            problem = text_problem(real, channels, 0, len(real))
            if problem or real == boxes:
                why = problem or "the title is drawn as missing-glyph boxes"
                self.fail(f"export {script}", f"title band: {why} ({fonts})")
                return
            self.passed(f"export {script}", f"title drawn as {script} text with {fonts}")
        # The HTML page carries its own font for each script (fontTools makes the subsets).
        page = self.work / "scripts.html"
        if (
            self.run("export html fonts", "export", dataset.name, "-o", page.name, "--lang", "ar")
            is None
        ):
            return
        text = page.read_text(encoding="utf-8")
        families = set(re.findall(r'@font-face\{font-family:"([^"]+)"', text))
        wanted = {"Coalition Atlas Arabic", "Coalition Atlas CJK"}
        if not wanted <= families:
            self.fail(
                "export html fonts", f"the page carries {sorted(families)}, not {sorted(wanted)}"
            )
            return
        self.passed("export html fonts", f"the page carries {', '.join(sorted(wanted))}")

    def export_html(self) -> None:
        """(a) HTML: written, self-contained (nothing fetched from elsewhere)."""
        out = self.work / "map.html"
        if self.run("export html", "export", "-o", out.name) is None:
            return
        problems = check_html(out.read_text(encoding="utf-8", errors="replace"))
        if problems:
            self.fail("export html", "; ".join(problems[:10]))
            return
        self.passed("export html", f"{out.stat().st_size:,} bytes, nothing fetched from outside")

    def export_pptx(self) -> None:
        """(a) PowerPoint: a slide whose countries are shapes named by code and name."""
        out = self.work / "map.pptx"
        if self.run("export pptx", "export", "-o", out.name, "--view", "europe") is None:
            return
        try:
            with zipfile.ZipFile(out) as deck:
                slide = deck.read("ppt/slides/slide1.xml").decode("utf-8")
                notes = [n for n in deck.namelist() if n.startswith("ppt/notesSlides/")]
        except (zipfile.BadZipFile, KeyError) as error:
            self.fail("export pptx", f"{out.name} is not a PowerPoint deck: {error}")
            return
        shapes = re.findall(r'<p:cNvPr id="\d+" name="([A-Z]{3}) ', slide)
        if "DEU" not in shapes or "FRA" not in shapes or not notes:
            self.fail("export pptx", f"no country shapes or notes in {out.name}")
            return
        self.passed("export pptx", f"{out.stat().st_size:,} bytes, {len(shapes)} country shapes")

    def export_animations(self) -> None:
        """(a) Timelines: a GIF (Pillow, no FFmpeg); MP4 with the FFmpeg found on PATH, and
        without one a one-line message saying how to install it (the bundle has none)."""
        args = ("export", "--animate", "--size", "640x360", "--step", "year")
        gif = self.work / "story.gif"
        if self.run("export gif", *args, "-o", gif.name) is not None:
            data = gif.read_bytes()
            # Each frame has a graphic control block (duration) before its image.
            frames = data.count(b"\x21\xf9\x04")
            if not data.startswith(b"GIF89a") or frames < 2:
                self.fail("export gif", f"{gif.name} is not an animated GIF ({frames} frames)")
            else:
                self.passed("export gif", f"{len(data):,} bytes, {frames} frames, no FFmpeg needed")

        mp4 = self.work / "story.mp4"
        system_ffmpeg = shutil.which("ffmpeg", path=self.runner.env()["PATH"])
        if system_ffmpeg is None:
            result = self.run("export mp4, no FFmpeg", *args, "-o", mp4.name, expect_exit=2)
            if result is not None:
                message = result.stderr.strip()
                if "need the FFmpeg program" not in message or "GIF and WebP" not in message:
                    self.fail("export mp4, no FFmpeg", "no message on how to get FFmpeg", result)
                elif mp4.exists():
                    self.fail("export mp4, no FFmpeg", f"{mp4.name} written anyway")
                else:
                    self.passed("export mp4, no FFmpeg", f"refused in one line: {message[:90]}…")
        # The user's own FFmpeg: the system's, else imageio-ffmpeg's program from the build
        # environment, copied to a folder put on PATH (the build environment is hidden).
        folder: tuple[Path, ...] = ()
        source = system_ffmpeg
        if source is None:
            source = build_environment_ffmpeg()
            if source is None:
                print("note: no FFmpeg on this machine to try MP4 with; skipped")
                return
            target = self.work / "user-bin" / "ffmpeg"
            target.parent.mkdir(exist_ok=True)
            shutil.copy2(source, target)
            folder = (target.parent,)
        if self.run("export mp4", *args, "-o", mp4.name, path=folder) is None:
            return
        data = mp4.read_bytes()
        if data[4:8] != b"ftyp" or b"avc1" not in data:
            self.fail("export mp4", f"{mp4.name} is not an H.264 MP4")
            return
        self.passed("export mp4", f"{len(data):,} bytes, H.264 in MP4, by {source}")

    def export_languages(self) -> None:
        """(a) French and Arabic maps: country names and dates come from Babel's CLDR data,
        so the bundle carries it for the app's languages."""
        for lang, country, as_of in LANGUAGE_CHECKS:
            check = f"export --lang {lang}"
            table, svg = self.work / f"nations-{lang}.csv", self.work / f"map-{lang}.svg"
            if self.run(check, "export", "-o", table.name, "--lang", lang) is None:
                continue
            if self.run(check, "export", "-o", svg.name, "--lang", lang) is None:
                continue
            names = table.read_text(encoding="utf-8-sig")
            dated = re.search(as_of, svg.read_text(encoding="utf-8"))
            if country not in names:
                self.fail(check, f"no {country!r} in {table.name}: no CLDR names for {lang}")
            elif dated is None:
                self.fail(check, f"no date in CLDR's {lang} form in {svg.name}")
            else:
                self.passed(check, f"{country} in the table, {dated[0]!r} on the map")

    def export_others(self) -> None:
        """(a) SVG (QtSvg), PDF (QPdfWriter), GeoJSON and CSV: written and well-formed."""
        for suffix in ("svg", "pdf", "geojson", "csv"):
            out = self.work / f"map.{suffix}"
            if self.run(f"export {suffix}", "export", "-o", out.name) is None:
                continue
            data = out.read_bytes()
            try:
                if suffix == "svg":
                    ok = ET.fromstring(data).tag.endswith("svg")
                elif suffix == "pdf":
                    ok = data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
                elif suffix == "geojson":
                    doc = json.loads(data)
                    ok = doc.get("type") == "FeatureCollection" and len(doc["features"]) > 100
                else:
                    lines = data.decode("utf-8-sig").splitlines()
                    ok = len(lines) > 10 and "," in lines[0]
            except (ValueError, ET.ParseError, KeyError) as error:
                ok, data = False, str(error).encode()
            if ok:
                self.passed(f"export {suffix}", f"{out.stat().st_size:,} bytes, well-formed")
            else:
                self.fail(f"export {suffix}", f"{out.name} is not a valid {suffix.upper()} file")

    def size(self) -> None:
        """The folder stays within SIZE_BUDGET_MB."""
        total, files = folder_size(self.bundle)
        detail = f"{total / 1e6:.1f} MB in {files:,} files (budget {SIZE_BUDGET_MB} MB)"
        if total > SIZE_BUDGET_MB * 1_000_000:
            self.fail("size", f"over budget: {detail}")
        else:
            self.passed("size", detail)

    def bundled_dataset(self) -> Path | None:
        """The bundled dataset's path inside the bundle, or None when it is missing."""
        return next(
            (
                p / BUNDLED_DATASET
                for p in (self.bundle / "_internal", self.bundle)
                if (p / BUNDLED_DATASET).is_file()
            ),
            None,
        )

    def validate_bundled(self) -> None:
        """(b) The bundled dataset, read from inside the bundle, validates."""
        dataset = self.bundled_dataset()
        if dataset is None:
            self.fail("validate", f"{BUNDLED_DATASET} is not in the bundle")
            return
        result = self.run("validate", "validate", str(dataset))
        if result is None:
            return
        line = next((s for s in result.stdout.splitlines() if ": OK: " in s), None)
        if line is None:
            self.fail("validate", "no 'FILE: OK: ...' line", result)
            return
        self.passed("validate", line.split(": OK: ", 1)[1])

    def validate_big(self) -> None:
        """(b) A big file, read through rapidyaml inside the bundle, validates alike.

        The bundled dataset with a long comment is over the size from which rapidyaml reads
        a file; a build without it would still validate, but log that it is missing.
        """
        dataset = self.bundled_dataset()
        if dataset is None:
            return  # validate_bundled says so
        text = dataset.read_text("utf-8")
        padding = "".join(f"# {'padding ' * 10}{n}\n" for n in range(4000))
        big = self.work / "big.yaml"
        big.write_text(text + padding, encoding="utf-8")
        result = self.run("validate big file", "validate", str(big))
        if result is None:
            return
        line = next((s for s in result.stdout.splitlines() if ": OK: " in s), None)
        if line is None:
            self.fail("validate big file", "no 'FILE: OK: ...' line", result)
        elif "rapidyaml" in result.stderr:
            self.fail("validate big file", "rapidyaml is missing from the bundle", result)
        else:
            self.passed("validate big file", f"{big.stat().st_size:,} bytes through rapidyaml")

    def window(self) -> float | None:
        """(c) The window opens offscreen, paints the map and exits cleanly."""
        result = self.run("window", "--quit-after-first-paint")
        if result is None:
            return None
        match = FIRST_PAINT.search(result.stdout)
        if match is None:
            self.fail("window", "no 'first-paint SECONDS peak-rss-mb MB' line", result)
            return None
        self.passed(
            "window",
            f"first paint after {float(match[1]):.2f} s (process {result.seconds:.2f} s), "
            f"peak RSS {match[2]} MB, exit 0",
        )
        return result.seconds

    def import_sheets(self) -> None:
        """(d) CSV, XLSX and ODS sheets import into datasets that validate."""
        csv_text = "\n".join(",".join(row) for row in SHEET_ROWS) + "\n"
        (self.work / "sheet.csv").write_text(csv_text, encoding="utf-8")
        (self.work / "sheet.xlsx").write_bytes(minimal_xlsx(SHEET_ROWS))
        (self.work / "sheet.ods").write_bytes(minimal_ods(SHEET_ROWS))
        for sheet in ("sheet.csv", "sheet.xlsx", "sheet.ods"):
            out = f"{sheet.replace('.', '-')}.yaml"
            check = f"import {sheet.rsplit('.', 1)[1]}"
            if self.run(check, "import", sheet, "-o", out) is None:
                continue
            result = self.run(check, "validate", out)
            if result is not None and "OK: 3 nations" in result.stdout:
                self.passed(check, f"3 nations imported, {out} validates")
            elif result is not None:
                self.fail(check, "the imported dataset does not hold the 3 nations", result)


def build_environment_ffmpeg() -> str | None:
    """imageio-ffmpeg's FFmpeg program in the environment running this check, if any: a
    stand-in for an FFmpeg the user installed."""
    try:
        import imageio_ffmpeg

        exe = imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, OSError, RuntimeError):
        return None
    return exe if os.path.isabs(exe) and os.path.isfile(exe) else None


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of everything under ``folder``; symbolic links are not followed."""
    total = count = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root, name)
            if not path.is_symlink():
                total += path.stat().st_size
                count += 1
    return total, count


def drop_page_cache() -> bool:
    """Empty the kernel's page cache, so the next start reads everything from disk."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def time_startup(checker: Checker, runs: int, cold: bool) -> None:
    """Median start-up over ``runs``: process creation to the map's first paint."""
    if runs <= 0:
        return
    if cold and not (sys.platform.startswith("linux") and drop_page_cache()):
        print("note: --cold needs Linux and root (to drop the page cache); timing warm starts")
        cold = False
    timings = []
    for _ in range(runs):
        if cold:
            drop_page_cache()
        timing = checker.runner.time_first_paint(checker.work)
        if isinstance(timing, str):
            checker.fail("start-up timing", f"a timed run failed: {timing}")
            return
        timings.append(timing)
    kind = "cold (page cache dropped before each run)" if cold else "warm"
    painted, figure, total = (statistics.median(t[i] for t in timings) for i in range(3))
    print(
        f"start-up, {kind}, median of {runs}: first paint {painted:.2f} s after the process "
        f"started (runs: {', '.join(f'{t[0]:.2f}' for t in timings)}); the app's own figure "
        f"{figure:.2f} s; exited after {total:.2f} s"
    )
    if painted > START_BUDGET_S:
        print(f"WARNING: over the {START_BUDGET_S:.0f} s start-up budget")


def main(argv: list[str] | None = None) -> int:
    """Run every check on the bundle; exit status 1 if any failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "bundle", type=Path, help="the one-folder bundle, e.g. dist/coalition-atlas"
    )
    parser.add_argument(
        "--startup-runs", type=int, default=3, metavar="N", help="timed starts (default 3; 0: none)"
    )
    parser.add_argument(
        "--cold", action="store_true", help="drop the page cache before each timed start (root)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    bundle = args.bundle.resolve()
    executable = executable_in(bundle)
    if not executable.is_file():
        print(f"FAIL: {executable} not found; build it first with 'make dist'", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="coalition-atlas-dist-check-"))
    started = time.perf_counter()
    try:
        home = work / "home"
        home.mkdir()
        runner = Runner.create(executable, home)
        print(f"checking {executable}")
        print(f"networking: {runner.isolation}")
        checker = Checker(runner, bundle, work)
        checker.size()
        checker.export_png()
        checker.fonts()
        checker.export_scripts()
        checker.export_html()
        checker.export_pptx()
        checker.export_animations()
        checker.export_languages()
        checker.export_others()
        checker.validate_bundled()
        checker.validate_big()
        checker.window()
        checker.import_sheets()
        time_startup(checker, args.startup_runs, args.cold)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - started
    if checker.failures:
        print(f"\n{len(checker.failures)} check(s) failed ({elapsed:.0f} s):", file=sys.stderr)
        for failure in checker.failures:
            print(f"  {failure.splitlines()[0]}", file=sys.stderr)
        return 1
    print(f"\nall checks passed ({elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
