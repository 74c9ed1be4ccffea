"""The installed ``dwolla-exchange`` console script, run as a subprocess against the fake."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dwolla_exchange.testing import FakeDwolla

from .conftest import example_value

SCRIPT = Path(sys.executable).parent / "dwolla-exchange"
SECRET = "cli-secret-that-must-not-show"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeDwolla]:
    with FakeDwolla(client_secret=SECRET) as running:
        yield running


def run(
    fake: FakeDwolla | None, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DWOLLA_")}
    if fake is not None:
        environment.update(
            DWOLLA_CLIENT_ID=fake.client_id,
            DWOLLA_CLIENT_SECRET=SECRET,
            DWOLLA_BASE_URL=fake.base_url,
        )
    environment.update(env or {})
    result = subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )
    issued = fake.issued_tokens if fake is not None else []
    for stream in (result.stdout, result.stderr):
        assert SECRET not in stream
        assert "Bearer" not in stream
        for token in issued:
            assert token not in stream
    return result


def test_script_is_installed() -> None:
    assert SCRIPT.exists()


def test_sessions_get_mx_follow(fake: FakeDwolla) -> None:
    result = run(fake, "sessions", "get", fake.example_id("MxExchangeSession"), "--follow")
    assert result.returncode == 0, result.stderr
    assert "provider: MX (active)" in result.stdout
    assert "MX Connect widget URL" in result.stdout
    assert (
        example_value("MxExchangeSession")["_links"]["external-provider-session"]["href"]
        in result.stdout
    )
    assert "created:  2024-03-25T17:13:38.430Z" in result.stdout
    assert result.stderr == ""


def test_sessions_get_plaid_by_href_prints_link_token(fake: FakeDwolla) -> None:
    result = run(fake, "sessions", "get", fake.examples["PlaidExchangeSession"])
    assert result.returncode == 0, result.stderr
    assert "Plaid Link" in result.stdout
    assert "link-production-b41e8ed3-0874-4c64-b07d-a77088979d5f" in result.stdout
    assert "provider:" not in result.stdout  # only with --follow


def test_sessions_get_follow_json(fake: FakeDwolla) -> None:
    result = run(
        fake, "sessions", "get", fake.example_id("PlaidExchangeSession"), "--follow", "--json"
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["partner"]["name"] == "Plaid"
    assert document["session"]["externalProviderSessionToken"].startswith("link-production-")
    assert document["session"]["_links"]["self"]["href"] == fake.examples["PlaidExchangeSession"]


def test_sessions_get_json_without_follow_has_no_partner(fake: FakeDwolla) -> None:
    result = run(fake, "sessions", "get", fake.example_id("MxExchangeSession"), "--json")
    assert set(json.loads(result.stdout)) == {"id", "session"}


def test_partners_get(fake: FakeDwolla) -> None:
    result = run(fake, "partners", "get", fake.example_id("FinicityExchangePartner"))
    assert result.returncode == 0, result.stderr
    assert "name:    Finicity" in result.stdout
    as_json = run(fake, "partners", "get", fake.examples["FlinksExchangePartner"], "--json")
    assert json.loads(as_json.stdout)["partner"]["name"] == "Flinks"


def test_api_error_exits_1_with_one_line(fake: FakeDwolla) -> None:
    result = run(fake, "sessions", "get", "00000000-0000-4000-8000-000000000000")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "error: 404 NotFound: The requested resource was not found. (request id "
    )
    assert "Traceback" not in result.stderr


def test_debug_shows_a_traceback(fake: FakeDwolla) -> None:
    result = run(fake, "sessions", "get", "00000000-0000-4000-8000-000000000000", "--debug")
    assert result.returncode == 1
    assert "Traceback" in result.stderr
    assert "NotFoundError" in result.stderr


def test_bad_credentials_exit_1(fake: FakeDwolla) -> None:
    result = run(
        fake,
        "sessions",
        "get",
        fake.example_id("MxExchangeSession"),
        env={"DWOLLA_CLIENT_SECRET": "nope"},
    )
    assert result.returncode == 1
    assert "401 invalid_client" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["sessions", "get", "not-a-uuid"],
        [
            "sessions",
            "get",
            "https://evil.example/exchange-sessions/fcd15e5f-8d13-4570-a9b7-7fb49e55941d",
        ],
        ["sessions", "get"],
        ["sessions", "frobnicate"],
        ["partners", "get", "x", "--environment", "staging"],
    ],
)
def test_usage_and_bad_input_exit_2(fake: FakeDwolla, args: list[str]) -> None:
    result = run(fake, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_missing_credentials_exit_2() -> None:
    result = run(None, "sessions", "get", "fcd15e5f-8d13-4570-a9b7-7fb49e55941d")
    assert result.returncode == 2
    assert "DWOLLA_CLIENT_ID" in result.stderr


def test_unreachable_host_exits_1() -> None:
    result = run(
        None,
        "sessions",
        "get",
        "fcd15e5f-8d13-4570-a9b7-7fb49e55941d",
        "--base-url",
        "http://127.0.0.1:9",
        env={"DWOLLA_CLIENT_ID": "i", "DWOLLA_CLIENT_SECRET": SECRET},
    )
    assert result.returncode == 1
    assert "ConnectError" in result.stderr


def test_base_url_flag_overrides_environment(fake: FakeDwolla) -> None:
    result = run(
        fake,
        "sessions",
        "get",
        fake.example_id("MxExchangeSession"),
        "--base-url",
        fake.base_url,
        env={"DWOLLA_BASE_URL": "http://127.0.0.1:9"},
    )
    assert result.returncode == 0, result.stderr


def test_no_secret_flag_exists() -> None:
    result = run(None, "sessions", "get", "--help")
    assert result.returncode == 0
    options = [word for word in result.stdout.split() if word.startswith("--")]
    assert options
    assert not [option for option in options if "secret" in option or "password" in option]


def test_fake_command_serves_and_prints_credentials() -> None:
    process = subprocess.Popen(
        [str(SCRIPT), "fake", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(4)]
        assert lines[0].startswith("Fake Dwolla listening on http://127.0.0.1:")
        assert "DWOLLA_CLIENT_ID=fake-client-id" in lines[2]
        base_url = lines[1].split("=", 1)[1].strip()
        result = run(
            None,
            "sessions",
            "get",
            "fcd15e5f-8d13-4570-a9b7-7fb49e55941d",
            "--follow",
            "--json",
            env={
                "DWOLLA_CLIENT_ID": "fake-client-id",
                "DWOLLA_CLIENT_SECRET": "fake-client-secret",
                "DWOLLA_BASE_URL": base_url,
            },
        )
        assert json.loads(result.stdout)["partner"]["name"] == "Plaid"
    finally:
        process.terminate()
        process.wait(timeout=10)


CUSTOMER = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55"


def test_partners_list(fake: FakeDwolla) -> None:
    result = run(fake, "partners", "list")
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        "MX",
        "Plaid",
        "Flinks",
        "Finicity",
        "Checkout.com",
        "Visa",
    ]
    document = json.loads(run(fake, "partners", "list", "--json").stdout)
    assert document["total"] == 6


def test_sessions_create_mx_by_name(fake: FakeDwolla) -> None:
    result = run(fake, "sessions", "create", "--customer", CUSTOMER, "--partner", "MX")
    assert result.returncode == 0, result.stderr
    assert "provider: MX" in result.stdout
    assert "https://int-widgets.moneydesktop.com/md/connect/fake-" in result.stdout


def test_sessions_create_plaid_json(fake: FakeDwolla) -> None:
    result = run(
        fake,
        "sessions",
        "create",
        "--customer",
        CUSTOMER,
        "--partner",
        "Plaid",
        "--redirect-url",
        "https://app.example.com/r",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["partner"]["name"] == "Plaid"
    assert document["session"]["externalProviderSessionToken"].startswith("link-sandbox-")


def test_sessions_create_bad_partner_exits_2_and_unsupported_partner_exits_1(
    fake: FakeDwolla,
) -> None:
    assert (
        run(fake, "sessions", "create", "--customer", CUSTOMER, "--partner", "Nobody").returncode
        == 2
    )
    flinks = run(fake, "sessions", "create", "--customer", CUSTOMER, "--partner", "Flinks")
    assert flinks.returncode == 1
    assert "ValidationError" in flinks.stderr
    assert "NotAllowed" in flinks.stderr


def test_sessions_reauth(fake: FakeDwolla) -> None:
    exchange = fake.add_exchange("Plaid")
    result = run(fake, "sessions", "reauth", exchange, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["session"]["externalProviderSessionToken"].startswith(
        "link-sandbox-"
    )
    missing = run(fake, "sessions", "reauth", "00000000-0000-4000-8000-000000000000")
    assert missing.returncode == 1
    assert "404 NotFound" in missing.stderr


def test_control_characters_from_the_server_are_escaped_in_text_output() -> None:
    title_and_clear = "\x1b]0;pwned\x07\x1b[2J"
    with FakeDwolla(client_secret=SECRET) as hostile_fake:
        partner = example_value("PlaidExchangePartner")
        partner["name"] = "\x1b[2KEvil"
        hostile_fake.add_partner(partner, "5e2b3c4d-1111-4222-8333-944455566677")
        session = example_value("PlaidExchangeSession")
        session["externalProviderSessionToken"] = f"link-sandbox-{title_and_clear}"
        session_id = hostile_fake.add_session(session, "5e2b3c4d-1111-4222-8333-944455566678")
        listing = run(hostile_fake, "partners", "list")
        shown = run(hostile_fake, "sessions", "get", session_id)
        as_json = run(hostile_fake, "sessions", "get", session_id, "--json")
    for result in (listing, shown):
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout
        assert "\x07" not in result.stdout
    assert "\\x1b[2KEvil" in listing.stdout
    assert "link-sandbox-\\x1b]0;pwned\\x07\\x1b[2J" in shown.stdout
    # JSON keeps the value exact (escaped by JSON itself), for programs to read.
    document = json.loads(as_json.stdout)
    assert document["session"]["externalProviderSessionToken"].endswith(title_and_clear)
    assert "\x1b" not in as_json.stdout


# -- the first ten minutes (issue 17): every failure a newcomer meets is one line, no traceback


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) <= 2, result.stderr


FAKE_COMMANDS = [[str(SCRIPT), "fake"], [sys.executable, "-m", "dwolla_exchange.testing"]]


@pytest.mark.parametrize("command", FAKE_COMMANDS, ids=["console-script", "python-m"])
def test_fake_on_a_port_in_use_says_so_in_one_line(command: list[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*command, "--port", str(port)], capture_output=True, text=True, timeout=30
        )
    assert result.returncode == 1
    _no_traceback(result)
    assert f"127.0.0.1:{port}" in result.stderr
    assert "in use" in result.stderr
    assert "--port 0" in result.stderr


@pytest.mark.parametrize("command", FAKE_COMMANDS, ids=["console-script", "python-m"])
@pytest.mark.parametrize(
    "args", [["--port", "99999"], ["--port", "-1"], ["--latency", "-1"], ["--latency", "nan"]]
)
def test_fake_refuses_bad_numbers_before_starting(command: list[str], args: list[str]) -> None:
    result = subprocess.run([*command, *args], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert args[0] in result.stderr.strip().splitlines()[-1]  # after the usage line(s)


@pytest.mark.parametrize("command", FAKE_COMMANDS, ids=["console-script", "python-m"])
def test_fake_piped_into_head_ends_quietly(command: list[str]) -> None:
    shell = " ".join(f"'{part}'" for part in command) + " --port 0 | head -2"
    result = subprocess.run(
        ["bash", "-c", shell], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith("Fake Dwolla listening on http://127.0.0.1:")
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr == ""


def test_python_m_testing_help_is_plain_text() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dwolla_exchange.testing", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0
    assert "``" not in result.stdout
    assert "--verbose" in result.stdout


def _start_fake_command(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    """The fake from the shell, and what it printed up to "Press Ctrl-C"."""
    process = subprocess.Popen(
        [str(SCRIPT), "fake", "--port", "0", *args], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    lines: list[str] = []
    for _ in range(40):
        lines.append(process.stdout.readline().rstrip("\n"))
        if lines[-1].startswith("Press Ctrl-C"):
            return process, lines
    process.kill()
    raise AssertionError(lines)


def _printed(lines: list[str], prefix: str) -> str:
    return next(line.split(": ", 1)[1] for line in lines if line.startswith(prefix))


def test_fake_command_reauth_ids_are_stable_and_any_customer_works() -> None:
    runs = []
    for _ in range(2):
        process, lines = _start_fake_command()
        process.terminate()
        process.wait(timeout=10)
        runs.append(lines)
    for partner in ("MX", "Plaid"):
        prefix = f"#   exchange ({partner}, for sessions reauth)"
        assert _printed(runs[0], prefix) == _printed(runs[1], prefix)
    assert "any UUID works" in "\n".join(runs[0])
    process, lines = _start_fake_command()
    try:
        base_url = lines[1].split("=", 1)[1]
        env = {
            "DWOLLA_CLIENT_ID": "fake-client-id",
            "DWOLLA_CLIENT_SECRET": "fake-client-secret",
            "DWOLLA_BASE_URL": base_url,
        }
        customer = _printed(lines, "#   customer (for sessions create")
        assert (
            run(
                None, "sessions", "create", "--customer", customer, "--partner", "MX", env=env
            ).returncode
            == 0
        )
        reauth = run(None, "sessions", "reauth", _printed(lines, "#   exchange (Plaid"), env=env)
        assert reauth.returncode == 0, reauth.stderr
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_fake_command_verbose_logs_each_request() -> None:
    process, lines = _start_fake_command("--verbose")
    try:
        env = {
            "DWOLLA_CLIENT_ID": "fake-client-id",
            "DWOLLA_CLIENT_SECRET": "fake-client-secret",
            "DWOLLA_BASE_URL": lines[1].split("=", 1)[1],
        }
        session_id = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d"
        assert run(None, "sessions", "get", session_id, env=env).returncode == 0
        missing = "00000000-0000-4000-8000-000000000000"
        assert run(None, "sessions", "get", missing, env=env).returncode == 1
        assert process.stdout is not None
        logged = [process.stdout.readline().rstrip("\n") for _ in range(4)]
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert logged == [
        "POST /token -> 200",  # each command is a new process with its own token
        f"GET /exchange-sessions/{session_id} -> 200",
        "POST /token -> 200",
        f"GET /exchange-sessions/{missing} -> 404",
    ]


def test_localhost_base_url_gets_links_on_localhost(fake: FakeDwolla) -> None:
    localhost = fake.base_url.replace("127.0.0.1", "localhost")
    env = {"DWOLLA_BASE_URL": localhost}
    shown = run(
        fake, "sessions", "get", fake.example_id("PlaidExchangeSession"), "--follow", env=env
    )
    assert shown.returncode == 0, shown.stderr
    assert f"href:     {localhost}/exchange-sessions/" in shown.stdout
    assert "provider: Plaid (active)" in shown.stdout
    created = run(
        fake, "sessions", "create", "--customer", CUSTOMER, "--partner", "MX", "--json", env=env
    )
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["session"]["_links"]["self"]["href"].startswith(localhost)


def test_base_url_with_a_path_says_the_token_request_failed(fake: FakeDwolla) -> None:
    result = run(fake, "partners", "list", env={"DWOLLA_BASE_URL": fake.base_url + "/v2"})
    assert result.returncode == 1
    _no_traceback(result)
    assert result.stderr.startswith("error: token request: ")
    assert "406" in result.stderr


def test_missing_credentials_name_the_environment_variables() -> None:
    result = run(None, "partners", "list", env={"DWOLLA_CLIENT_ID": "someone"})
    assert result.returncode == 2
    _no_traceback(result)
    assert "DWOLLA_CLIENT_SECRET not set" in result.stderr
    assert "client_secret=" not in result.stderr
    both = run(None, "partners", "list")
    assert "DWOLLA_CLIENT_ID and DWOLLA_CLIENT_SECRET not set" in both.stderr


def test_a_bad_dwolla_environment_is_reported_under_its_own_name(fake: FakeDwolla) -> None:
    result = run(
        fake, "partners", "list", env={"DWOLLA_BASE_URL": "", "DWOLLA_ENVIRONMENT": "staging"}
    )
    assert result.returncode == 2
    assert "DWOLLA_ENVIRONMENT must be 'sandbox' or 'production', got 'staging'" in result.stderr
    assert "--environment" not in result.stderr


def test_environment_option_is_case_insensitive(fake: FakeDwolla) -> None:
    # --base-url wins over the environment; the point is that "Production" parses at all.
    result = run(fake, "partners", "list", "--environment", "Production")
    assert result.returncode == 0, result.stderr


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    with socket.socket() as silent:  # accepts connections and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        silent.settimeout(30)
        environment = {k: v for k, v in os.environ.items() if not k.startswith("DWOLLA_")}
        environment.update(
            DWOLLA_CLIENT_ID="i",
            DWOLLA_CLIENT_SECRET=SECRET,
            DWOLLA_BASE_URL=f"http://127.0.0.1:{silent.getsockname()[1]}",
        )
        process = subprocess.Popen(
            [str(SCRIPT), "partners", "list"],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        connection, _ = silent.accept()  # the CLI is now inside its token request
        with connection:
            process.send_signal(signal.SIGINT)
            stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert stderr.strip() == "interrupted"
    assert SECRET not in stdout + stderr


def test_sessions_help_shows_every_summary_whole() -> None:
    result = run(None, "sessions", "--help")
    assert result.returncode == 0
    commands = result.stdout.split("Commands:", 1)[1]
    assert "..." not in commands
    assert "reauth  Create a session to re-authenticate an exchange." in commands


def test_json_timestamps_are_dwollas_z_form(fake: FakeDwolla) -> None:
    session_id = fake.example_id("MxExchangeSession")
    document = json.loads(run(fake, "sessions", "get", session_id, "--follow", "--json").stdout)
    assert document["session"]["created"] == "2024-03-25T17:13:38.430Z"
    assert document["partner"]["created"].endswith("Z")
    text = run(fake, "sessions", "get", session_id).stdout
    assert f"created:  {document['session']['created']}" in text
    listing = json.loads(run(fake, "partners", "list", "--json").stdout)
    assert all(p["created"].endswith("Z") for p in listing["partners"])


def test_two_partners_with_one_name_are_an_error_naming_both() -> None:
    with FakeDwolla(client_secret=SECRET) as doubled:
        second = example_value("PlaidExchangePartner")
        second_id = doubled.add_partner(second, "5e2b3c4d-2222-4222-8333-944455566677")
        first_id = doubled.example_id("PlaidExchangePartner")
        both = run(doubled, "sessions", "create", "--customer", CUSTOMER, "--partner", "plaid")
        unknown = run(doubled, "sessions", "create", "--customer", CUSTOMER, "--partner", "Yodlee")
    assert both.returncode == 2
    _no_traceback(both)
    assert first_id in both.stderr
    assert second_id in both.stderr
    assert unknown.returncode == 2
    assert "(known: Checkout.com, Finicity, Flinks, MX, Plaid, Visa)" in unknown.stderr


CUSTOMER = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55"


def _json(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_bank_linking_flow_from_the_shell(fake: FakeDwolla) -> None:
    customer = "5e2c1b4a-3d6f-4a8e-9b7c-2f1e0d3c4b5a"  # its own: the module's fake is shared
    session = _json(
        run(fake, "sessions", "create", "--customer", customer, "--partner", "MX", "--json")
    )
    session_href = session["session"]["_links"]["self"]["href"]  # type: ignore[index]
    fake.complete_session(session_href, accounts=("XYZ Checking",))
    tokens = [c["availableConnectionToken"] for c in fake.api.linking.connections[customer]]

    listed = run(fake, "connections", "list", customer)
    assert listed.stdout == "XYZ Checking\n"
    assert not any(token in listed.stdout for token in tokens)  # one-use credentials
    created = _json(
        run(
            fake,
            "exchanges",
            "create",
            customer,
            "--partner",
            "mx",
            "--connection",
            "XYZ Checking",
            "--json",
        )
    )
    exchange_id = created["exchange"]["id"]  # type: ignore[index]
    listed_exchanges = run(fake, "exchanges", "list", customer).stdout
    assert re.match(rf"{exchange_id}  MX +active ", listed_exchanges), listed_exchanges
    assert f"Exchange {exchange_id}" in run(fake, "exchanges", "get", exchange_id).stdout

    source = run(
        fake, "funding-sources", "create", customer, "--exchange", exchange_id,
        "--name", "XYZ Checking", "--type", "checking",
    )  # fmt: skip
    assert source.returncode == 0, source.stderr
    source_id = source.stdout.split()[2]
    assert "status:   verified" in source.stdout
    balance = run(fake, "funding-sources", "balance", source_id)
    assert balance.stdout.splitlines()[0] == "available:  542.00 USD"

    fake.require_reauth(exchange_id)
    stale = run(fake, "funding-sources", "balance", source_id)
    assert stale.returncode == 1
    assert stale.stdout == ""
    hint, error = stale.stderr.splitlines()
    assert (
        hint
        == f"re-authenticate: dwolla-exchange sessions reauth {fake.base_url}/exchanges/{exchange_id}"
    )
    assert error.startswith("error: 400 UpdateCredentials: ")
    assert run(fake, "funding-sources", "get", source_id, "--json").returncode == 0


def test_exchange_create_needs_exactly_one_credential_exit_2(fake: FakeDwolla) -> None:
    neither = run(fake, "exchanges", "create", CUSTOMER, "--partner", "Plaid")
    both = run(
        fake,
        "exchanges",
        "create",
        CUSTOMER,
        "--partner",
        "Plaid",
        "--public-token",
        "p",
        "--token",
        "t",
    )
    for result in (neither, both):
        assert result.returncode == 2
        assert "give exactly one of --connection NAME (MX), --public-token" in result.stderr
    bad_type = run(
        fake,
        "funding-sources",
        "create",
        CUSTOMER,
        "--exchange",
        CUSTOMER,
        "--name",
        "x",
        "--type",
        "brokerage",
    )
    assert bad_type.returncode == 2


def test_a_checkout_session_shows_its_id_never_its_secret_or_token(fake: FakeDwolla) -> None:
    text = run(fake, "sessions", "create", "--customer", CUSTOMER, "--partner", "checkout.com")
    assert text.returncode == 0, text.stderr
    assert "start Checkout.com's Flow with payment session ps_" in text.stdout
    document = json.loads(
        run(
            fake,
            "sessions",
            "create",
            "--customer",
            CUSTOMER,
            "--partner",
            "Checkout.com",
            "--json",
        ).stdout
    )
    data = document["session"]["externalProviderSessionData"]
    assert data["id"].startswith("ps_")
    assert set(data) == {"id"}  # the secret and token stay out of printed output
    for href in fake.ids("exchange-sessions"):
        session = fake.api.data.resources["exchange-sessions"][href]
        secret = session.get("externalProviderSessionData", {}).get("payment_session_secret")
        if secret:
            assert secret not in text.stdout + json.dumps(document)
