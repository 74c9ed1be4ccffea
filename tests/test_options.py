"""with_options(), per-call options, and errors that keep their response: for every flavour."""

from __future__ import annotations

import pickle

import pytest

from dwolla_exchange import (
    APITimeoutError,
    AsyncDwolla,
    Dwolla,
    NotFoundError,
    ResponseValidationError,
    ServerError,
)
from dwolla_exchange.testing import FakeDwolla, Fault

from .conftest import ClientUnderTest

SESSIONS = "/exchange-sessions/*"


def _session_calls(fake: FakeDwolla) -> int:
    return len(fake.requests_to("/exchange-sessions/"))


def test_a_copy_with_other_retries_shares_the_pool_and_the_token(
    fake: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    dwolla = client_under_test.open(fake, max_retries=2)
    patient = dwolla.with_options(max_retries=0)
    session_id = fake.example_id("PlaidExchangeSession")
    client_under_test.call(lambda: dwolla.exchange_sessions.retrieve(session_id))

    fake.inject(Fault.error(503), SESSIONS, times=None)
    outcome = client_under_test.outcome(lambda: patient.exchange_sessions.retrieve(session_id))
    assert isinstance(outcome, ServerError)
    assert _session_calls(fake) == 2  # one before, one by the copy: it does not retry
    fake.faults.clear()

    client_under_test.call(lambda: patient.exchange_sessions.retrieve(session_id))
    assert fake.token_requests == 1  # the copy used the original's token
    if client_under_test.flavour != "AsyncDwolla+aiohttp":  # aiohttp's pool is not logged alike
        ports = {r.client_port for r in fake.requests_to("/exchange-sessions/")}
        assert len(ports) == 1  # and its kept-alive connection


def test_a_copy_with_a_shorter_timeout_leaves_the_original_alone(
    fake: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    dwolla = client_under_test.open(fake, timeout=5.0)
    hasty = dwolla.with_options(timeout=0.2)
    session_id = fake.example_id("PlaidExchangeSession")
    client_under_test.call(lambda: dwolla.exchange_sessions.retrieve(session_id))  # token first

    fake.inject(Fault.latency(0.6), SESSIONS, times=2)
    outcome = client_under_test.outcome(lambda: hasty.exchange_sessions.retrieve(session_id))
    assert isinstance(outcome, APITimeoutError)
    session = client_under_test.call(lambda: dwolla.exchange_sessions.retrieve(session_id))
    assert session.external_provider_session_token


def test_closing_a_copy_leaves_the_original_usable(
    fake: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    dwolla = client_under_test.open(fake)
    client_under_test.call(dwolla.with_options(max_retries=1).close)
    session_id = fake.example_id("PlaidExchangeSession")
    session = client_under_test.call(lambda: dwolla.exchange_sessions.retrieve(session_id))
    assert session.external_provider_session_token


def test_with_options_checks_what_it_is_given(fake: FakeDwolla) -> None:
    with fake.client() as dwolla:
        with pytest.raises(ValueError, match="timeout"):
            dwolla.with_options(timeout=-1)
        with pytest.raises(ValueError, match="max_retries"):
            dwolla.with_options(max_retries=-1)
        with pytest.raises(TypeError):
            dwolla.exchange_sessions.retrieve(
                fake.example_id("PlaidExchangeSession"),
                retries=3,  # type: ignore[call-arg]
            )
    assert fake.requests == []  # nothing was sent for any of them


def test_a_copy_is_the_same_kind_of_client(fake: FakeDwolla) -> None:
    with fake.client() as dwolla:
        assert type(dwolla.with_options(timeout=1.0)) is Dwolla
    assert type(fake.async_client().with_options(timeout=1.0)) is AsyncDwolla


def test_a_status_error_keeps_its_response_without_credentials(
    fake: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    dwolla = client_under_test.open(fake)
    outcome = client_under_test.outcome(
        lambda: dwolla.exchange_sessions.retrieve("00000000-0000-4000-8000-000000000000")
    )
    assert isinstance(outcome, NotFoundError)
    assert outcome.response is not None
    assert outcome.response.status_code == 404
    assert outcome.response.json()["code"] == "NotFound"
    assert outcome.response.headers["x-request-id"] == outcome.request_id
    authorization = outcome.response.request.headers["authorization"]
    assert authorization == "[redacted]"
    assert all(token not in authorization for token in fake.issued_tokens)
    copied = pickle.loads(pickle.dumps(outcome))  # noqa: S301 - our own bytes, just made
    assert copied.status_code == 404
    assert copied.response.status_code == 404  # pickled too (httpx drops its stream)
    assert copied.response.request.headers["authorization"] == "[redacted]"


def test_a_contract_error_keeps_its_response(
    fake: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    dwolla = client_under_test.open(fake)
    fake.inject(Fault.drop_field("created"), SESSIONS)
    session_id = fake.example_id("PlaidExchangeSession")
    outcome = client_under_test.outcome(lambda: dwolla.exchange_sessions.retrieve(session_id))
    assert isinstance(outcome, ResponseValidationError)
    assert outcome.response is not None
    assert "created" not in outcome.response.json()
