"""ruff keeps the code in one style; run `make format` to fix what this reports."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")


@pytest.mark.skipif(
    RUFF is None, reason="ruff is part of the test extra; install it with make test"
)
@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]])
def test_ruff(command):
    result = subprocess.run([RUFF, *command], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
