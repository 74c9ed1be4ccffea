"""Contract review tooling: the HAL lint rules fire, the breaking-change gate decides, the docs render."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, SPEC

HAL = "application/vnd.dwolla.v1.hal+json"
REDOCLY = ROOT / "tools" / "node_modules" / ".bin" / "redocly"
ENV = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}


def _write(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    spec = copy.deepcopy(SPEC)
    change(spec)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), "utf-8")
    return path


def _lint(spec: Path) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [
            str(REDOCLY),
            "lint",
            "--config",
            str(ROOT / "tools" / "redocly.yaml"),
            "--format",
            "stylish",
            str(spec),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **ENV},
    )


def _session_get(spec: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"]["/exchange-sessions/{id}"]["get"]
    return operation


BREAKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "hal/resource-self-link": lambda s: s["components"]["schemas"]["ExchangePartnerLinks"].pop(
        "required"
    ),
    "hal/links-use-shared-schema": lambda s: s["components"]["schemas"]["ExchangeSessionLinks"][
        "properties"
    ].__setitem__("self", {"type": "object", "properties": {"href": {"type": "string"}}}),
    "hal/id-operation-404": lambda s: _session_get(s)["responses"].pop("404"),
    "hal/response-examples": lambda s: _session_get(s)["responses"]["200"]["content"][HAL].pop(
        "examples"
    ),
    "hal/errors-use-shared-schema": lambda s: _session_get(s)["responses"].__setitem__(
        "404",
        {
            "description": "Not found",
            "content": {HAL: {"schema": {"type": "object"}, "example": {}}},
        },
    ),
    "operation-operationId": lambda s: _session_get(s).pop("operationId"),
    "operation-summary": lambda s: _session_get(s).pop("summary"),
}


def test_committed_spec_passes_every_rule(tmp_path: Path) -> None:
    result = _lint(_write(tmp_path, lambda s: None))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_each_rule_fires_on_a_spec_that_breaks_it(tmp_path: Path, rule: str) -> None:
    result = _lint(_write(tmp_path, BREAKS[rule]))
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert rule in output
    fired = set(re.findall(r"^\s+\d+:\d+\s+error\s+(\S+)", output, flags=re.M))
    assert fired == {rule}, output


def _breaking(
    tmp_path: Path, change: Callable[[dict[str, Any]], None]
) -> subprocess.CompletedProcess[str]:
    before = tmp_path / "before.yaml"
    shutil.copy(ROOT / "openapi.yaml", before)
    after = _write(tmp_path, change)
    return subprocess.run(
        ["node", str(ROOT / "tools" / "breaking.mjs"), str(before), str(after)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda s: s["components"]["schemas"]["ExchangeSession"]["properties"].pop(
                "externalProviderSessionToken"
            ),
            id="removed property",
        ),
        pytest.param(
            lambda s: (
                s["components"]["schemas"]["CreateExchangeSessionRequest"].__setitem__(
                    "properties",
                    {
                        **s["components"]["schemas"]["CreateExchangeSessionRequest"]["properties"],
                        "note": {"type": "string"},
                    },
                )
                or s["components"]["schemas"]["CreateExchangeSessionRequest"]["required"].append(
                    "note"
                )
            ),
            id="newly required request field",
        ),
        pytest.param(
            lambda s: s["components"]["schemas"]["ExchangePartnerList"]["properties"][
                "total"
            ].__setitem__("type", "string"),
            id="changed type",
        ),
        pytest.param(
            lambda s: s["components"]["schemas"]["ExchangePartner"]["properties"][
                "name"
            ].__setitem__("enum", ["MX", "Plaid"]),
            id="narrowed to an enum",
        ),
        pytest.param(lambda s: s["paths"].pop("/exchange-partners"), id="removed operation"),
        pytest.param(lambda s: _session_get(s)["responses"].pop("200"), id="removed status"),
    ],
)
def test_breaking_gate_fails_on_breaking_changes(
    tmp_path: Path, change: Callable[[dict[str, Any]], None]
) -> None:
    result = _breaking(tmp_path, change)
    assert result.returncode == 1, result.stdout
    assert "break existing clients" in result.stderr


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda s: s["components"]["schemas"]["ExchangeSession"]["properties"].__setitem__(
                "externalProviderSessionHint", {"type": "object"}
            ),
            id="new optional response field",
        ),
        pytest.param(
            lambda s: s["paths"]["/exchange-sessions/{id}"]["get"].__setitem__(
                "description", "Reworded."
            ),
            id="new description",
        ),
        pytest.param(
            lambda s: _session_get(s)["responses"].__setitem__(
                "403", {"$ref": "#/components/responses/Forbidden"}
            ),
            id="new documented status",
        ),
    ],
)
def test_breaking_gate_passes_additive_changes(
    tmp_path: Path, change: Callable[[dict[str, Any]], None]
) -> None:
    result = _breaking(tmp_path, change)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "breaking: none" in result.stdout


def test_make_breaking_compares_with_the_committed_spec(tmp_path: Path) -> None:
    changed = _write(
        tmp_path, lambda s: s["components"]["schemas"]["HalLink"]["properties"].pop("resource-type")
    )
    result = subprocess.run(
        ["make", "--no-print-directory", "breaking", f"SPEC={changed}", "BASE=HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "resource-type" in result.stdout


@pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="chromium not found: make install adds it when run as root (apt-get install chromium)",
)
def test_rendered_reference_page_in_headless_chromium(tmp_path: Path) -> None:
    page = ROOT / "docs" / "reference" / "index.html"
    subprocess.run(
        ["make", "--no-print-directory", "docs"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=8000",
    ]
    dom = subprocess.run(
        ["chromium", *flags, f"--user-data-dir={tmp_path / 'a'}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    screenshot = page.parent / "screenshot.png"
    screenshot.unlink(missing_ok=True)
    subprocess.run(
        [
            "chromium",
            *flags,
            f"--user-data-dir={tmp_path / 'b'}",
            "--window-size=1400,1000",
            f"--screenshot={screenshot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert "Retrieve an exchange session" in dom
    assert "/exchange-sessions/{id}" in dom
    # The documented examples are on the page: the MX widget host and the Plaid Link token.
    assert "int-widgets.moneydesktop.com" in dom
    assert "link-production-b41e8ed3-0874-4c64-b07d-a77088979d5f" in dom
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 10_000
