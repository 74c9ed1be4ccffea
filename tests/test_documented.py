"""Dwolla's documented responses (tests/fixtures/dwolla/documented.yaml, written from Dwolla's
published descriptions, not from our spec) through the public client, served by the fake, on
every client flavour. A contract that refuses a shape Dwolla documents fails here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import dwolla_exchange
from dwolla_exchange import (
    CheckoutPaymentSession,
    ExchangeSession,
    PlaidLink,
    ProviderPage,
    errors,
)
from dwolla_exchange.testing import FakeDwolla, Fault
from dwolla_exchange_api.models import ExternalProviderSessionData

from .conftest import ClientUnderTest

DOCUMENTED: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "dwolla" / "documented.yaml").read_text()
)
CUSTOMER = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55"
SECRETS = (
    "pss_2400dd88-171d-4a9c-bebf-e06b56d59bb6",
    "YmFzZTY0:eyJpZCI6InBzXzM5dmhIakZ4WnVKUktPdzVIZXhibnYzOWZDNyIs...",
    "link-production-b41e8ed3-0874-4c64-b07d-a77088979d5f",
)
HANDOFF = {"mx": ProviderPage, "plaid": PlaidLink, "checkout": CheckoutPaymentSession}


def _body(section: str, name: str) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(DOCUMENTED[section][name]["body"]))
    return copy  # a copy: the fake must not share the test's dicts


@pytest.mark.parametrize("name", DOCUMENTED["sessions"])
def test_documented_session_parses_and_hands_off(
    fake: FakeDwolla, client_under_test: ClientUnderTest, name: str
) -> None:
    session_id = fake.add_session(_body("sessions", name))
    dwolla = client_under_test.open(fake)
    session = client_under_test.call(lambda: dwolla.exchange_sessions.retrieve(session_id))
    assert isinstance(session, ExchangeSession)
    assert session.created.tzinfo is not None
    handoff = dwolla_exchange.handoff(session)
    assert isinstance(handoff, HANDOFF[name])
    # What the front end needs is there in full, and never in a repr.
    documented = DOCUMENTED["sessions"][name]["body"]
    if isinstance(handoff, ProviderPage):
        assert handoff.url == documented["_links"]["external-provider-session"]["href"]
    elif isinstance(handoff, PlaidLink):
        assert handoff.link_token == documented["externalProviderSessionToken"]
    else:
        assert isinstance(handoff, CheckoutPaymentSession)
        data = documented["externalProviderSessionData"]
        assert (handoff.id, handoff.payment_session_secret, handoff.payment_session_token) == (
            data["id"],
            data["payment_session_secret"],
            data["payment_session_token"],
        )
    shown = repr(session) + str(session) + repr(handoff)
    assert not [secret for secret in SECRETS if secret in shown]


def test_checkout_session_data_is_typed_and_its_secrets_stay_out_of_reprs(fake: FakeDwolla) -> None:
    with fake.client() as dwolla:
        session = dwolla.exchange_sessions.retrieve(fake.add_session(_body("sessions", "checkout")))
    data = session.external_provider_session_data
    assert isinstance(data, ExternalProviderSessionData)
    assert data.id == "ps_39vhHjFxZuJRKOw5Hexbnv39fC7"
    assert "ps_39vhHjFxZuJRKOw5Hexbnv39fC7" in repr(data)  # the id is not a secret
    assert "pss_" not in repr(data) + repr(session)
    assert data.additional_properties == {}  # typed, not left in the catch-all


def test_plaid_link_token_is_shortened_in_the_handoff_repr() -> None:
    handoff = PlaidLink("link-production-b41e8ed3-0874-4c64-b07d-a77088979d5f")
    assert repr(handoff) == "PlaidLink(link_token='link-product…')"


def test_a_session_of_an_unknown_partner_hands_off_nothing_but_keeps_its_fields(
    fake: FakeDwolla,
) -> None:
    body = _body("sessions", "plaid")
    del body["externalProviderSessionToken"]
    body["externalProviderSessionWidget"] = {"url": "https://partner.example/start"}
    with fake.client() as dwolla:
        session = dwolla.exchange_sessions.retrieve(fake.add_session(body))
    assert dwolla_exchange.handoff(session) is None
    assert session.additional_properties["externalProviderSessionWidget"]["url"].startswith(
        "https://"
    )


@pytest.mark.parametrize("name", DOCUMENTED["partners"])
def test_documented_partner_parses(
    fake: FakeDwolla, client_under_test: ClientUnderTest, name: str
) -> None:
    partner_id = fake.add_partner(_body("partners", name))
    dwolla = client_under_test.open(fake)
    partner = client_under_test.call(lambda: dwolla.exchange_partners.retrieve(partner_id))
    assert partner.name == DOCUMENTED["partners"][name]["body"]["name"]
    assert str(partner.id) == partner_id


@pytest.mark.parametrize("name", DOCUMENTED["partner_lists"])
def test_documented_partner_list_parses_and_finds_partners_by_name(
    fake: FakeDwolla, client_under_test: ClientUnderTest, name: str
) -> None:
    listed = DOCUMENTED["partner_lists"][name]["body"]["_embedded"]["exchange-partners"]
    fake.serve("/exchange-partners", _body("partner_lists", name))
    for partner in listed:  # the fake knows them too, so that a session can be created
        fake.add_partner(json.loads(json.dumps(partner)))
    dwolla = client_under_test.open(fake)
    partners = client_under_test.call(lambda: dwolla.exchange_partners.list())
    assert [p.name for p in partners] == [p["name"] for p in listed]
    # Names are opaque and matched case-insensitively; the session names the listed partner.
    wanted = listed[-1]
    client_under_test.call(
        # (an https redirect URL: Visa, among the newer partners, requires one)
        lambda: dwolla.exchange_sessions.create(
            CUSTOMER, wanted["name"].upper(), "https://app.example.com/return"
        )
    )
    (post,) = [r for r in fake.requests if r.method == "POST" and r.path != "/token"]
    sent = json.loads(post.body)["_links"]["exchange-partner"]["href"]
    assert sent == f"{fake.base_url}/exchange-partners/{wanted['id']}"


def test_two_partners_with_one_name_is_an_error_naming_both_ids(fake: FakeDwolla) -> None:
    documented = _body("partner_lists", "documented")
    twin = json.loads(json.dumps(documented["_embedded"]["exchange-partners"][1]))
    twin["id"] = "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    twin["_links"]["self"]["href"] = f"https://api.dwolla.com/exchange-partners/{twin['id']}"
    twin["name"] = "mx"
    documented["_embedded"]["exchange-partners"].append(twin)
    fake.serve("/exchange-partners", documented)
    with fake.client() as dwolla, pytest.raises(ValueError, match="2 exchange partners") as raised:
        dwolla.exchange_sessions.create(CUSTOMER, "MX")
    assert "292317ec-e252-47d8-93c3-2d128e037aa4" in str(raised.value)
    assert twin["id"] in str(raised.value)
    assert not [r for r in fake.requests if r.method == "POST" and r.path != "/token"]


@pytest.mark.parametrize("name", DOCUMENTED["errors"])
def test_documented_error_is_typed_with_its_code_and_message(
    fake: FakeDwolla, client_under_test: ClientUnderTest, name: str
) -> None:
    documented = DOCUMENTED["errors"][name]
    session_id = fake.add_session(_body("sessions", "plaid"))
    fake.serve(f"/exchange-sessions/{session_id}", documented["body"], documented["status"])
    dwolla = client_under_test.open(fake, max_retries=0)
    error = client_under_test.outcome(lambda: dwolla.exchange_sessions.retrieve(session_id))
    assert type(error) is getattr(errors, documented["error"])
    assert isinstance(error, errors.APIStatusError)
    assert error.status_code == documented["status"]
    assert error.code == documented["body"]["code"]
    assert error.message == documented["body"].get("message", error.message)


def test_a_checkout_session_created_on_the_fake_hands_off_a_payment_session(
    fake: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    fake.add_partner(_body("partners", "checkout"))
    dwolla = client_under_test.open(fake)
    session = client_under_test.call(
        lambda: dwolla.exchange_sessions.create(CUSTOMER, "checkout.com", retrieve=True)
    )
    handoff = dwolla_exchange.handoff(session)
    assert isinstance(handoff, CheckoutPaymentSession)
    assert handoff.payment_session_secret is not None
    assert handoff.payment_session_secret.startswith("pss_")
    assert handoff.payment_session_secret not in repr(session) + repr(handoff)


FUNDING_SOURCE = "375c6781-2a17-476c-84f7-db7d2f6ffb31"  # the spec's documented funding source
FLOW_CALLS: dict[str, tuple[str, str, Any]] = {
    # call -> (method, route glob, what the client calls)
    "create_exchange": (
        "POST",
        "/customers/*/exchanges",
        lambda d: d.exchanges.create(CUSTOMER, "Plaid", public_token="public-sandbox-1"),
    ),
    "create_funding_source": (
        "POST",
        "/customers/*/funding-sources",
        lambda d: d.funding_sources.create(
            CUSTOMER, FUNDING_SOURCE, name="Checking", bank_account_type="checking"
        ),
    ),
    "balance": (
        "GET",
        "/funding-sources/*/balance",
        lambda d: d.funding_sources.balance(FUNDING_SOURCE),
    ),
    "retrieve_funding_source": (
        "GET",
        "/funding-sources/*",
        lambda d: d.funding_sources.retrieve(FUNDING_SOURCE),
    ),
}


@pytest.mark.parametrize("name", DOCUMENTED["flow_errors"])
def test_documented_flow_error_is_typed(
    fake: FakeDwolla, client_under_test: ClientUnderTest, name: str
) -> None:
    documented = DOCUMENTED["flow_errors"][name]
    method, route, call = FLOW_CALLS[documented["call"]]
    body = json.dumps(documented["body"]).encode()
    fake.inject(Fault.respond(documented["status"], body), route, method=method, times=None)
    dwolla = client_under_test.open(fake, max_retries=0)
    error = client_under_test.outcome(lambda: call(dwolla))
    assert type(error) is getattr(errors, documented["error"]), error
    assert isinstance(error, errors.APIStatusError)
    assert (error.status_code, error.code) == (documented["status"], documented["body"]["code"])
    if isinstance(error, errors.UpdateCredentialsError):
        assert error.reauth_href == documented["body"]["_links"]["about"]["href"]
