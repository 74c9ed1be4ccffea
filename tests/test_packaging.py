"""The wheel users install carries what the code needs at run time."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT


@pytest.mark.slow
def test_wheel_ships_the_spec_type_markers_and_entry_points(built_wheel: Path) -> None:
    wheel = built_wheel
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        # The fake reads the spec from the package (as JSON: no YAML library needed).
        shipped = json.loads(archive.read("dwolla_exchange/testing/openapi.json"))
        assert shipped == yaml.safe_load((ROOT / "openapi.yaml").read_text("utf-8"))
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        requires = [
            line.split(":", 1)[1].strip()
            for line in metadata.decode().splitlines()
            if line.startswith("Requires-Dist:")
        ]
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        entry_text = archive.read(entry_points).decode()
        license_text = next(
            archive.read(n).decode() for n in names if n.endswith("/licenses/LICENSE")
        )
    assert {"dwolla_exchange/py.typed", "dwolla_exchange_api/py.typed"} <= names
    assert "dwolla_exchange_api/api/exchange_sessions/retrieve_exchange_session.py" in names
    # `pip install dwolla-exchange` is the library alone; the CLI is an extra, as httpx's is.
    plain = sorted(r.split(">")[0].split("=")[0].split("<")[0] for r in requires if ";" not in r)
    assert plain == ["anyio", "attrs", "httpx"], requires
    assert any(r.startswith("click") and 'extra == "cli"' in r for r in requires), requires
    assert not [r for r in requires if r.lower().startswith("pyyaml") and "extra" not in r]
    assert "dwolla-exchange = dwolla_exchange.cli:main" in entry_text
    assert "dwolla_exchange = dwolla_exchange.testing.pytest_plugin" in entry_text
    assert not [n for n in names if n.startswith("tests/") or "__pycache__" in n]
    # pyproject.toml says MIT; the wheel carries the text that says so.
    (license_file,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert license_text.startswith("MIT License"), license_file


# Run with click and PyYAML made unimportable, as after `pip install dwolla-exchange`.
WITHOUT_EXTRAS = "import sys; sys.modules['click'] = sys.modules['yaml'] = None; "


def test_the_library_and_the_fake_need_neither_click_nor_pyyaml() -> None:
    probe = WITHOUT_EXTRAS + (
        "from dwolla_exchange.testing import FakeDwolla; fake = FakeDwolla(); "
        "session = fake.client().exchange_sessions.retrieve(fake.example_id('PlaidExchangeSession')); "
        "print(session.external_provider_session_token[:12])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("link-")


def test_the_cli_without_its_extra_says_which_extra_to_install() -> None:
    probe = (
        WITHOUT_EXTRAS + "import runpy; runpy.run_module('dwolla_exchange', run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "sessions", "get", "x"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "pip install 'dwolla-exchange[cli]'" in result.stderr
    assert "Traceback" not in result.stderr


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
