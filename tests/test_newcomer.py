"""What a newcomer following the README meets: the CLI right after `make demo`, a fake whose
banner can be pasted, commands that agree with each other, valid --json, and Python errors
that name what the user called. CLI behaviour in-process with click's CliRunner; a
subprocess only where the process matters (make, a shell, the fake in the foreground)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

from dwolla_exchange import Dwolla
from dwolla_exchange.cli import main
from dwolla_exchange.testing import FakeDwolla

from .conftest import ROOT, example_value
from .test_linking import CARDHOLDER

CUSTOMER = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55"


@pytest.fixture
def cli(fake: FakeDwolla, monkeypatch: pytest.MonkeyPatch) -> Any:
    for name in list(os.environ):
        if name.startswith("DWOLLA_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("DWOLLA_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("DWOLLA_CLIENT_SECRET", fake.client_secret)
    monkeypatch.setenv("DWOLLA_BASE_URL", fake.base_url)

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input)

    return invoke


# -- 1. the CLI right after `make demo` --------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_after_the_demos_install_the_readmes_cli_commands_work(tmp_path: Path) -> None:
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("generated", "overrides"):
        (tmp_path / name).symlink_to(ROOT / name)
    made = subprocess.run(
        ["make", "--no-print-directory", "-C", str(tmp_path), ".venv/.runtime"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    script = tmp_path / ".venv" / "bin" / "dwolla-exchange"
    for command in (
        [str(script)],
        [str(tmp_path / ".venv" / "bin" / "python"), "-m", "dwolla_exchange"],
    ):
        ran = subprocess.run(
            [*command, "partners", "list", "--help"], capture_output=True, text=True, timeout=60
        )
        assert ran.returncode == 0, ran.stderr
        assert "List the exchange partners" in ran.stdout


# -- 2. --json is always valid JSON ------------------------------------------------------------


@pytest.mark.parametrize("layout", ["pretty", "trailing newline", "escape in a string"])
def test_webhooks_verify_json_prints_valid_json(layout: str, cli: Any) -> None:
    import hashlib
    import hmac

    event = example_value("ExchangeReauthRequiredEvent")
    if layout == "escape in a string":
        event["topic"] = "customer_exchange_reauth_required\x1b[2J"
    body = json.dumps(event, indent=2 if layout == "pretty" else None)
    if layout == "trailing newline":
        body += "\n"
    secret = "whsec-newcomer-0123456789"
    signature = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
    result = cli(
        "webhooks", "verify", "--secret", secret, "--signature", signature, "--json", input=body
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(body)
    assert "\x1b" not in result.stdout  # JSON's own escaping keeps the terminal safe


def test_sessions_get_json_carries_the_sessions_id(fake: FakeDwolla, cli: Any) -> None:
    session = fake.example_id("PlaidExchangeSession")
    result = cli("sessions", "get", session, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == session


# -- 3. the flow from the shell ------------------------------------------------------------------


def test_the_fakes_banner_can_be_pasted_into_a_shell() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "dwolla_exchange.testing", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    try:
        lines = [process.stdout.readline().rstrip("\n")]
        while not lines[-1].startswith("Press Ctrl-C"):
            lines.append(process.stdout.readline().rstrip("\n"))
            assert len(lines) < 60, lines
    finally:
        process.terminate()
        process.wait(10)
    block = "\n".join(lines[1:-1])  # everything between the headline and "Press Ctrl-C"
    shown = subprocess.run(
        [
            "bash",
            "-euc",
            block + '\necho "$DWOLLA_BASE_URL $DWOLLA_CLIENT_ID $DWOLLA_CLIENT_SECRET"',
        ],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"]},
        timeout=30,
    )
    assert shown.returncode == 0, shown.stderr
    base_url = lines[0].rsplit(" ", 1)[1]
    assert shown.stdout.split() == [base_url, "fake-client-id", "fake-client-secret"]
    assert '{"accounts": ["Checking", "Savings"]}' in block  # MX's account names, shown


def _control(fake: FakeDwolla, path: str, body: object = None) -> dict[str, Any]:
    answer = httpx.post(f"{fake.base_url}/_fake/{path}", json=body)
    assert answer.status_code == 200, answer.text
    document: dict[str, Any] = answer.json()
    return document


def test_completing_a_session_over_http_says_what_comes_next(fake: FakeDwolla) -> None:
    with fake.client() as dwolla:
        mx = dwolla.exchange_sessions.create(CUSTOMER, "MX")
        plaid = dwolla.exchange_sessions.create(CUSTOMER, "Plaid")
        done = _control(
            fake, f"exchange-sessions/{mx.rsplit('/', 1)[1]}/complete", {"accounts": ["Savings"]}
        )
        assert done["token"] is None
        assert "available-exchange-connections" in done["next"]
        assert "--connection NAME" in done["next"]
        (connection,) = dwolla.available_exchange_connections.list(CUSTOMER)
        assert connection.name == "Savings"
        token = _control(fake, f"exchange-sessions/{plaid.rsplit('/', 1)[1]}/complete")
        assert token["token"].startswith("public-sandbox-")
        assert "--public-token" in token["next"]
        exchange = fake.add_exchange("MX")
        reauth = dwolla.exchange_sessions.reauth(exchange)
        again = _control(fake, f"exchange-sessions/{reauth.rsplit('/', 1)[1]}/complete")
        assert again["token"] is None
        assert "active again" in again["next"]


# -- 4. the CLI's commands agree ---------------------------------------------------------------


def test_missing_exchange_credential_names_the_cli_options(cli: Any) -> None:
    result = cli("exchanges", "create", CUSTOMER, "--partner", "Plaid")
    assert result.exit_code == 2
    for option in ("--connection", "--public-token", "--token"):
        assert option in result.output
    assert "public_token" not in result.output


@pytest.mark.parametrize("form", ["argument", "option"])
def test_every_command_takes_the_customer_either_way(form: str, fake: FakeDwolla, cli: Any) -> None:
    customer = [CUSTOMER] if form == "argument" else ["--customer", CUSTOMER]
    assert cli("sessions", "create", *customer, "--partner", "Plaid").exit_code == 0
    assert cli("exchanges", "list", *customer).exit_code == 0
    assert cli("connections", "list", *customer).exit_code == 0
    both = cli("exchanges", "list", CUSTOMER, "--customer", "0" * 8 + "-0000-4000-8000-" + "0" * 12)
    assert both.exit_code == 2
    assert "once" in both.output


def test_an_unknown_connection_lists_the_ones_there_are(fake: FakeDwolla, cli: Any) -> None:
    with fake.client() as dwolla:
        session = dwolla.exchange_sessions.create(CUSTOMER, "MX")
    fake.complete_session(session, accounts=("Checking", "Savings"))
    result = cli("exchanges", "create", CUSTOMER, "--partner", "MX", "--connection", "Nope")
    assert result.exit_code == 2
    assert "'Checking', 'Savings'" in result.output


def test_partners_list_keeps_its_columns_and_exchanges_list_names_partners(
    fake: FakeDwolla, cli: Any
) -> None:
    listed = cli("partners", "list")
    assert listed.exit_code == 0, listed.output
    rows = listed.stdout.splitlines()
    assert any(row.startswith("Checkout.com") for row in rows)
    # The status column starts at the same place on every row.
    assert len({re.search(r" (active|inactive)", row).start() for row in rows}) == 1  # type: ignore[union-attr]
    fake.add_exchange("Plaid")
    exchanges = cli("exchanges", "list", CUSTOMER)
    assert exchanges.exit_code == 0, exchanges.output
    assert "Plaid" in exchanges.stdout


def test_the_cli_creates_the_checkout_card_funding_source(fake: FakeDwolla, cli: Any) -> None:
    exchange = fake.add_exchange("Checkout.com")
    result = cli(
        "funding-sources", "create", CUSTOMER, "--exchange", exchange, "--name", "Debit",
        "--card-details", json.dumps(CARDHOLDER), "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["funding_source"]["type"] == "card"
    neither = cli("funding-sources", "create", CUSTOMER, "--exchange", exchange, "--name", "x")
    assert neither.exit_code == 2
    assert "--type" in neither.output
    assert "--card-details" in neither.output


def test_the_partner_help_names_checkout_com(cli: Any) -> None:
    for group in ("sessions", "exchanges"):
        assert "Checkout.com" in cli(group, "create", "--help").output


# -- 5. Python papercuts ------------------------------------------------------------------------


def test_a_misspelt_option_names_the_method_the_user_called(fake: FakeDwolla) -> None:
    with fake.client() as dwolla, pytest.raises(TypeError) as caught:
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"), timout=3)  # type: ignore[call-arg]
    assert str(caught.value) == (
        "exchange_sessions.retrieve() got an unexpected keyword argument 'timout'; "
        "did you mean 'timeout'?"
    )

    async def run() -> None:
        async with fake.async_client() as dwolla:
            await dwolla.funding_sources.balance("x", max_retry=1)  # type: ignore[call-arg]

    with pytest.raises(TypeError, match=r"^funding_sources\.balance\(\) .*'max_retries'"):
        asyncio.run(run())


def test_a_misspelt_environment_is_refused_even_with_a_base_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DWOLLA_ENVIRONMENT", "prod")
    with pytest.raises(ValueError, match="DWOLLA_ENVIRONMENT must be 'sandbox' or 'production'"):
        Dwolla(client_id="a", client_secret="b" * 8, base_url="https://api.dwolla.com")


# -- 6. the README's claims ---------------------------------------------------------------------


def test_make_test_runs_make_install_first() -> None:
    makefile = (ROOT / "Makefile").read_text()
    (prerequisites,) = re.findall(r"^test: (.*)$", makefile, re.M)
    assert prerequisites.split()[0] == "install"
    assert "`make test` runs `make install` first" in (ROOT / "README.md").read_text()


def test_the_readme_says_bench_does_not_gate() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "`make bench` exits 0 either way" in readme
    assert "PASS or MISS" in readme
