"""generated/ is exactly what the pinned generator makes of openapi.yaml, and nothing else."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, SPEC_PATH


def _check_generated(spec: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "check-generated", f"SPEC={spec}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_check_generated_fails_when_a_schema_property_is_removed(tmp_path: Path) -> None:
    spec = yaml.safe_load(SPEC_PATH.read_text("utf-8"))
    del spec["components"]["schemas"]["ExchangeSession"]["properties"][
        "externalProviderSessionToken"
    ]
    changed = tmp_path / "openapi.yaml"
    changed.write_text(yaml.safe_dump(spec, sort_keys=False), "utf-8")

    result = _check_generated(changed)

    assert result.returncode != 0
    assert "external_provider_session_token" in result.stdout
    assert "run 'make generate'" in result.stderr


@pytest.mark.slow
def test_check_generated_passes_on_the_committed_spec_copy(tmp_path: Path) -> None:
    # The same spec from another path generates the same bytes: nothing depends on where it lives.
    copy = tmp_path / "openapi.yaml"
    shutil.copy(SPEC_PATH, copy)
    result = _check_generated(copy)
    assert result.returncode == 0, result.stdout + result.stderr
