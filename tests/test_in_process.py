"""The fake in-process (``fake.transport()``): no socket, same answers as over loopback."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest

from dwolla_exchange import (
    APIConnectionError,
    AsyncDwolla,
    Dwolla,
    DwollaError,
    ExchangePartner,
    ExchangeSession,
)
from dwolla_exchange.testing import FakeDwolla, Fault

from .test_faults import MATRIX, Case

SESSIONS = "/exchange-sessions/*"


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test: in-process means in-process."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


def test_an_unstarted_fake_serves_a_client_in_process(no_sockets: None) -> None:
    fake = FakeDwolla()
    with fake.client() as dwolla:
        session = dwolla.exchange_sessions.retrieve(fake.example_id("MxExchangeSession"))
        href = dwolla.exchange_sessions.create(
            "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55", "Plaid", retrieve=False
        )
    assert session.links.exchange_partner.href.startswith(fake.base_url + "/exchange-partners/")
    assert href.startswith(fake.base_url + "/exchange-sessions/")
    assert [r.method for r in fake.requests] == ["POST", "GET", "GET", "POST"]


@pytest.mark.anyio
async def test_the_async_transport_serves_any_base_url(no_sockets: None) -> None:
    # Pointed at the sandbox's URL, the fake answers with links on that origin, so code
    # written for the sandbox runs offline unchanged.
    fake = FakeDwolla()
    sandbox = "https://api-sandbox.dwolla.com"
    async with (
        httpx.AsyncClient(transport=fake.async_transport()) as http,
        AsyncDwolla(
            fake.client_id, fake.client_secret, base_url=sandbox, http_client=http
        ) as dwolla,
    ):
        session = await dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
        partner = await dwolla.follow(session.links.exchange_partner)
    assert session.links.self_.href.startswith(sandbox + "/exchange-sessions/")
    assert isinstance(partner, ExchangePartner)
    assert partner.name == "Plaid"


SOCKETLESS = [case for case in MATRIX if not case.fault.resets and case.route == SESSIONS]


@pytest.mark.parametrize("case", SOCKETLESS, ids=[c.name for c in SOCKETLESS])
def test_in_process_answers_as_the_loopback_server_does(fake: FakeDwolla, case: Case) -> None:
    """The same fault, once over loopback and once in-process: the same outcome and count."""
    options: dict[str, Any] = {"retry_backoff": 0.001, **case.options}

    def run(client: Dwolla, served: FakeDwolla) -> tuple[type[object], int]:
        served.inject(case.fault, case.route, times=case.times)
        try:
            outcome: object = client.exchange_sessions.retrieve(
                served.example_id("PlaidExchangeSession")
            )
        except DwollaError as exc:
            outcome = exc
        with client:
            return type(outcome), len(served.requests_to("/exchange-sessions/"))

    in_process = FakeDwolla()
    over_loopback = run(fake.client(**options), fake)
    assert run(in_process.client(**options), in_process) == over_loopback
    expected = ExchangeSession if case.expected is None else case.expected
    assert over_loopback == (expected, case.attempts)


def test_a_reset_in_process_is_a_connection_error_and_is_retried() -> None:
    fake = FakeDwolla()
    fake.inject(Fault.reset_before_response(), SESSIONS, times=None)
    with fake.client(max_retries=1) as dwolla, pytest.raises(APIConnectionError):
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    assert len(fake.requests_to("/exchange-sessions/")) == 2


def test_reset_restores_the_seed_and_forgets_tokens_faults_and_the_log() -> None:
    fake = FakeDwolla()
    session_id = fake.example_id("PlaidExchangeSession")
    with fake.client() as dwolla:
        dwolla.exchange_sessions.create("3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55", "MX")
    seeded = len(FakeDwolla().ids("exchange-sessions"))
    assert len(fake.ids("exchange-sessions")) == seeded + 1
    fake.inject(Fault.error(500), SESSIONS, times=None)

    fake.reset()

    assert len(fake.ids("exchange-sessions")) == seeded
    assert fake.requests == []
    assert fake.issued_tokens == []
    with fake.client() as dwolla:
        assert dwolla.exchange_sessions.retrieve(session_id).external_provider_session_token
