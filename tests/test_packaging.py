"""The wheel users install carries what the code needs at run time."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.mark.slow
def test_wheel_ships_the_spec_type_markers_and_entry_points(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("dwolla_exchange-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        # The fake reads the spec from the package, not from a checkout.
        assert archive.read("dwolla_exchange/openapi.yaml") == (ROOT / "openapi.yaml").read_bytes()
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        entry_text = archive.read(entry_points).decode()
        license_text = next(
            archive.read(n).decode() for n in names if n.endswith("/licenses/LICENSE")
        )
    assert {"dwolla_exchange/py.typed", "dwolla_exchange_api/py.typed"} <= names
    assert "dwolla_exchange_api/api/exchange_sessions/retrieve_exchange_session.py" in names
    assert "dwolla-exchange = dwolla_exchange.cli:main" in entry_text
    assert "dwolla_exchange = dwolla_exchange.testing.pytest_plugin" in entry_text
    assert not [n for n in names if n.startswith("tests/") or "__pycache__" in n]
    # pyproject.toml says MIT; the wheel carries the text that says so.
    (license_file,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert license_text.startswith("MIT License"), license_file


def test_import_loads_no_more_than_httpx_does() -> None:
    # The import-time benchmark (docs/benchmarks.md) compares `import dwolla_exchange` with
    # `import httpx`; modules httpx loads only when a client is made (httpcore), or that only
    # some operations need, stay unloaded until then.
    probe = (
        "import json, sys, httpx; before = set(sys.modules); import dwolla_exchange; "
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    added = json.loads(result.stdout)
    assert any(name.startswith("dwolla_exchange") for name in added)
    assert not [name for name in added if name.split(".")[0] in {"httpcore", "anyio", "click"}]
