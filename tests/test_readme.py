"""The README's offline example runs as written, and the documented names exist."""

from __future__ import annotations

import re

import dwolla_exchange

from .conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_offline_examples_run() -> None:
    offline = [block for block in python_blocks() if "FakeDwolla()" in block]
    assert len(offline) == 4  # the flow, Visa, a retrieve over loopback, and in-process
    for block in offline:
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - our own README


def test_public_names_in_the_readme_exist() -> None:
    for name in set(re.findall(r"`(\w+Error)`", README)) - {
        "ValueError",
        "ValidationError",  # Dwolla's error code, not a class
        "TypeError",
        "RuntimeError",
    }:
        assert hasattr(dwolla_exchange.errors, name), name
    for name in (
        "Dwolla",
        "AsyncDwolla",
        "external_provider_session_url",
        "plaid_link_token",
        "session_id",
        "handoff",
        "UpdateCredentialsError",
    ):
        assert name in README
        assert hasattr(dwolla_exchange, name)


def test_version_matches_pyproject() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert f'version = "{dwolla_exchange.__version__}"' in pyproject


def test_fixture_example_runs(fake_dwolla: object) -> None:
    block = next(b for b in python_blocks() if "def test_my_onboarding" in b)
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    test = namespace["test_my_onboarding_survives_a_rate_limit"]
    assert callable(test)
    test(fake_dwolla)
