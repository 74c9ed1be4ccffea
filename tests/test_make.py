"""The Makefile's own guards, run with `make` on a copy of it: what a newcomer meets first."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def _make(directory: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if path is not None:
        env["PATH"] = path
    assert MAKE is not None
    return subprocess.run(
        [MAKE, "--no-print-directory", "-C", str(directory), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def _copy(tmp_path: Path, *names: str) -> Path:
    for name in ("Makefile", *names):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _script(path: Path, text: str) -> Path:
    path.write_text("#!/bin/sh\n" + text)
    path.chmod(0o755)
    return path


def test_an_old_python_is_named_before_any_venv_is_made(tmp_path: Path) -> None:
    directory = _copy(tmp_path, "pyproject.toml")
    # Answers like Ubuntu 22.04's python3: too old for the version check, and says which.
    old = _script(
        tmp_path / "python3.10",
        'case "$1" in -V) echo "Python 3.10.12";; -c) exit 1;; *) exit 3;; esac\n',
    )
    for target in ("demo", "install"):
        result = _make(directory, target, f"PYTHON={old}")
        assert result.returncode != 0
        assert "needs Python 3.11+, found Python 3.10.12" in result.stderr
        assert not (directory / ".venv").exists()
        assert not (directory / ".venv-generator").exists()


def test_a_failed_install_leaves_no_half_made_venv(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    # A requirement pip refuses without touching the network.
    (directory / "pyproject.toml").write_text(
        (ROOT / "pyproject.toml")
        .read_text()
        .replace('"httpx>=0.27,<0.29",', '"httpx >= = 0.27",', 1)
    )
    result = _make(directory, ".venv/.runtime", "PYTHON=python3")
    assert result.returncode != 0
    assert not (directory / ".venv").exists()


def test_browser_without_root_says_how_and_does_not_fail(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    tools = tmp_path / "bin"
    tools.mkdir()
    _script(tools / "id", "echo 1000\n")  # not root
    _script(tools / "apt-get", "echo apt-get must not run >&2; exit 1\n")
    result = _make(directory, "browser", path=str(tools))  # and no chromium on PATH
    assert result.returncode == 0, result.stderr
    assert "chromium not found" in result.stdout
    assert "apt-get install chromium" in result.stdout
    assert "must not run" not in result.stderr
