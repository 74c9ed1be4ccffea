"""Every Python the classifiers name runs the client: an import and an in-process retrieve
through the fake, on each of 3.11, 3.12 and 3.13 that this machine has."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

from .conftest import ROOT

SMOKE = (
    "import sys; from dwolla_exchange.testing import FakeDwolla; fake = FakeDwolla(); "
    "session = fake.client().exchange_sessions.retrieve(fake.example_id('PlaidExchangeSession')); "
    "print(sys.version_info[:2], session.created.year)"
)
CLASSIFIED = re.findall(
    r'"Programming Language :: Python :: (3\.\d+)"', (ROOT / "pyproject.toml").read_text()
)


def _interpreter(version: str) -> str | None:
    """python3.X on PATH if it runs (a pyenv shim may not), else pyenv's own copy."""
    found = shutil.which(f"python{version}")
    candidates = [found] if found else []
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += sorted(str(p) for p in root.glob(f"versions/{version}.*/bin/python{version}"))
    for candidate in candidates:
        probe = subprocess.run([candidate, "-c", "pass"], capture_output=True, check=False)
        if probe.returncode == 0:
            return candidate
    return None


def test_the_classifiers_name_3_11_to_3_13() -> None:
    assert CLASSIFIED == ["3.11", "3.12", "3.13"]


@pytest.mark.parametrize("version", CLASSIFIED)
def test_import_and_an_in_process_retrieve(version: str) -> None:
    interpreter = _interpreter(version)
    if interpreter is None:
        pytest.skip(f"python{version} is not on this machine")
    # The client's dependencies are pure Python: this environment's copies serve any version.
    path = [str(ROOT / "generated"), str(ROOT / "overrides"), sysconfig.get_paths()["purelib"]]
    result = subprocess.run(
        [interpreter, "-I", "-c", f"import sys; sys.path[:0] = {path!r}; {SMOKE}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    major, minor = version.split(".")
    assert result.stdout.startswith(f"({major}, {minor}) 2024"), result.stdout
