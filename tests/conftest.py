"""Shared fixtures. The ``fake_dwolla`` fixture comes from the package's own pytest plugin."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"


def load_spec() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text("utf-8"))
    return spec


SPEC = load_spec()
EXAMPLES: dict[str, Any] = SPEC["components"]["examples"]
SESSION_EXAMPLES = ["MxExchangeSession", "PlaidExchangeSession", "MxExchangeSessionSecond"]
PARTNER_EXAMPLES = [
    "MxExchangePartner",
    "MxExchangePartnerSecond",
    "PlaidExchangePartner",
    "FlinksExchangePartner",
    "FinicityExchangePartner",
]


def example_value(name: str) -> dict[str, Any]:
    value: dict[str, Any] = copy.deepcopy(EXAMPLES[name]["value"])
    return value


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
