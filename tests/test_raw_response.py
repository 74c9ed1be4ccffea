"""``client.with_raw_response``: status, headers and Dwolla's request id on success, the
response (its credentials redacted) and the usual result from ``parse()``. Every flavour."""

from __future__ import annotations

import json
import logging

import pytest

from dwolla_exchange import ExchangePartner, ExchangeSession
from dwolla_exchange.testing import FakeDwolla, Fault

from .conftest import ClientUnderTest, example_value

CUSTOMER = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55"
REQUEST_ID = "d9b0e7c2-documented-request-id"


def test_a_retrieve_gives_status_headers_request_id_and_the_model(
    fake: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    session_id = fake.example_id("PlaidExchangeSession")
    body = json.dumps(example_value("PlaidExchangeSession")).encode()
    fake.inject(
        Fault.respond(200, body, headers={"X-Request-Id": REQUEST_ID}),
        f"/exchange-sessions/{session_id}",
    )
    dwolla = client_under_test.open(fake)
    raw = client_under_test.call(
        lambda: dwolla.with_raw_response.exchange_sessions.retrieve(session_id)
    )
    assert (raw.status_code, raw.request_id) == (200, REQUEST_ID)
    assert raw.headers["x-request-id"] == REQUEST_ID
    session = raw.parse()
    assert isinstance(session, ExchangeSession)
    assert (
        session.external_provider_session_token
        == example_value("PlaidExchangeSession")["externalProviderSessionToken"]
    )
    assert raw.http_response.request.headers["authorization"] == "[redacted]"
    assert REQUEST_ID in repr(raw)


def test_a_create_gives_the_201_and_its_location(
    fake: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    dwolla = client_under_test.open(fake)
    raw = client_under_test.call(
        lambda: dwolla.with_raw_response.exchange_sessions.create(CUSTOMER, "Plaid")
    )
    assert raw.status_code == 201
    assert raw.parse() == raw.headers["location"]  # a create's result is the new href
    assert raw.parse().startswith(f"{fake.base_url}/exchange-sessions/")
    assert raw.request_id  # the fake sends one, as Dwolla does
    fetched = client_under_test.call(
        lambda: dwolla.with_raw_response.exchange_sessions.create(CUSTOMER, "MX", retrieve=True)
    )
    assert isinstance(fetched.parse(), ExchangeSession)


def test_lists_follow_and_balance_come_raw_too(
    fake: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    dwolla = client_under_test.open(fake)
    raw = dwolla.with_raw_response
    listed = client_under_test.call(lambda: raw.exchange_partners.list())
    assert listed.status_code == 200
    assert {p.name for p in listed.parse()} >= {"MX", "Plaid"}
    session = client_under_test.call(
        lambda: dwolla.exchange_sessions.retrieve(fake.example_id("MxExchangeSession"))
    )
    followed = client_under_test.call(
        lambda: raw.follow(session.links.exchange_partner, ExchangePartner)
    )
    assert followed.parse().name == "MX"
    balance = client_under_test.call(
        lambda: raw.funding_sources.balance(fake.example_id("BankFundingSource"))
    )
    assert balance.status_code == 200
    # The plain client is unchanged by having made a raw one.
    plain = client_under_test.call(lambda: dwolla.exchange_partners.list())
    assert isinstance(plain, list)


def test_the_request_id_is_logged_at_debug_on_success(
    fake: FakeDwolla, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="dwolla_exchange")
    fake.inject(
        Fault.respond(
            200,
            json.dumps(example_value("MxExchangeSession")).encode(),
            headers={"X-Request-Id": REQUEST_ID},
        ),
        "/exchange-sessions/*",
    )
    with fake.client() as dwolla:
        dwolla.exchange_sessions.retrieve(fake.example_id("MxExchangeSession"))
    lines = [r.getMessage() for r in caplog.records if r.name == "dwolla_exchange"]
    assert any(f"-> 200 (request id {REQUEST_ID})" in line for line in lines), lines
