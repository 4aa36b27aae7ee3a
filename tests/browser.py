"""Drive Debian's headless Chromium from tests: open a local file with every network lookup
refused and return the DOM after its scripts ran.

Tests that use it carry ``@pytest.mark.chromium`` and ``requires_chromium`` (a skip with the
install line when the browser is missing; ``scripts/system-deps.sh test`` installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = next(
    (
        path
        for path in (
            "/usr/bin/chromium",
            shutil.which("chromium"),
            shutil.which("chromium-browser"),
        )
        if path and os.access(path, os.X_OK)
    ),
    None,
)

requires_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="needs Debian's chromium (apt-get install -y chromium; scripts/system-deps.sh test)",
)

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    # Every host name resolves to nothing: a page that needs the network draws nothing.
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


def dump_dom(
    page: str | os.PathLike[str],
    *,
    size: tuple[int, int] = (1600, 900),
    budget_ms: int = 8000,
    timeout: float = 120,
    fragment: str | None = None,
) -> str:
    """The page's DOM after ``budget_ms`` of virtual time (timers and load events run);
    ``fragment`` is put after ``#`` in the address (``date=2025-03-02``)."""
    if CHROMIUM is None:
        raise RuntimeError("chromium is not installed")
    url = Path(page).resolve().as_uri() + (f"#{fragment}" if fragment else "")
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={size[0]},{size[1]}",
            f"--virtual-time-budget={budget_ms}",
            "--dump-dom",
            url,
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"chromium failed ({result.returncode}): {result.stderr[-2000:]}")
    return result.stdout


def screenshot(
    page: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    size: tuple[int, int] = (1600, 900),
    timeout: float = 120,
) -> Path:
    """A PNG of ``page`` as Chromium draws it in a window of ``size`` CSS pixels (one device
    pixel each, no scroll bars), written to ``out``."""
    if CHROMIUM is None:
        raise RuntimeError("chromium is not installed")
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={size[0]},{size[1]}",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--screenshot={Path(out).resolve()}",
            Path(page).resolve().as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0 or not Path(out).exists():
        raise RuntimeError(f"chromium failed ({result.returncode}): {result.stderr[-2000:]}")
    return Path(out)
