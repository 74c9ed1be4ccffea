"""The bank-linking flow after the session: available connections, exchanges, funding sources,
balances and re-authentication, on every client flavour, against the fake over loopback and
in-process."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import dwolla_exchange
from dwolla_exchange import BadRequestError, Dwolla, NotFoundError, errors
from dwolla_exchange.testing import FakeDwolla, Fault
from dwolla_exchange_api.models import Amount, Exchange, FundingSource, FundingSourceBalance

from .conftest import ClientUnderTest, skip_aiohttp_in_process

CUSTOMER = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55"
OTHER_CUSTOMER = "0d6f3a1e-9b2c-4e7d-8a5f-1c3b2a4d6e8f"


def _posts(fake: FakeDwolla, path_end: str) -> list[Any]:
    return [r for r in fake.requests if r.method == "POST" and r.path.endswith(path_end)]


def _session_to_exchange(fake: FakeDwolla, call: Any, dwolla: Any, partner: str) -> Exchange:
    """Session, the end user completing it, and the exchange from what that produced."""
    session = call(lambda: dwolla.exchange_sessions.create(CUSTOMER, partner, retrieve=True))
    produced = fake.complete_session(session)
    if partner == "MX":
        assert produced is None
        (connection,) = call(lambda: dwolla.available_exchange_connections.list(CUSTOMER))
        credential: dict[str, Any] = {"available_connection": connection}
    elif partner == "Plaid":
        assert produced is not None
        assert produced.startswith("public-sandbox-")
        credential = {"public_token": produced}
    else:
        assert produced is not None
        assert produced.startswith("pay_")
        credential = {"token": produced}
    exchange = call(lambda: dwolla.exchanges.create(CUSTOMER, partner, retrieve=True, **credential))
    assert isinstance(exchange, Exchange)
    assert exchange.status == "active"
    return exchange


@pytest.mark.parametrize("partner", ["MX", "Plaid"])
def test_bank_flow_from_session_to_balance_through_reauth(
    where: FakeDwolla, client_under_test: ClientUnderTest, partner: str
) -> None:
    skip_aiohttp_in_process(where, client_under_test)
    call, dwolla = client_under_test.call, client_under_test.open(where)
    exchange = _session_to_exchange(where, call, dwolla, partner)
    source = call(
        lambda: dwolla.funding_sources.create(
            CUSTOMER,
            exchange,
            name="Jane Doe - Checking",
            bank_account_type="checking",
            retrieve=True,
        )
    )
    assert isinstance(source, FundingSource)
    assert (source.name, source.bank_account_type, source.status) == (
        "Jane Doe - Checking",
        "checking",
        "verified",
    )
    balance = call(lambda: dwolla.funding_sources.balance(source))
    assert isinstance(balance, FundingSourceBalance)
    assert isinstance(balance.available, Amount)
    assert isinstance(balance.available.value, str)  # a decimal string, never a float

    where.require_reauth(exchange)
    error = client_under_test.outcome(lambda: dwolla.funding_sources.balance(source.id))
    assert isinstance(error, errors.UpdateCredentialsError)
    assert isinstance(error, BadRequestError)
    assert error.reauth_href == f"{where.base_url}/exchanges/{exchange.id}/exchange-sessions"
    reauth = call(lambda: dwolla.exchange_sessions.reauth(error, retrieve=True))
    assert where.complete_session(reauth) is None
    assert (
        call(lambda: dwolla.funding_sources.balance(source)).available.value
        == balance.available.value
    )
    listed = call(lambda: dwolla.exchanges.list(CUSTOMER))
    assert exchange.id in {e.id for e in listed}


def test_checkout_flow_from_session_to_exchange(
    where: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    skip_aiohttp_in_process(where, client_under_test)
    where.add_partner(
        {
            "_links": {
                "self": {
                    "href": "https://api.dwolla.com/exchange-partners/d652517d-9c02-4ea4-87af-2977e6cf3850"
                }
            },
            "id": "d652517d-9c02-4ea4-87af-2977e6cf3850",
            "name": "Checkout.com",
            "status": "active",
        }
    )
    call, dwolla = client_under_test.call, client_under_test.open(where)
    exchange = _session_to_exchange(where, call, dwolla, "Checkout.com")
    assert call(lambda: dwolla.exchanges.retrieve(exchange.links.self_.href)).id == exchange.id
    holder = json.loads(json.dumps(CARDHOLDER))
    card = call(
        lambda: dwolla.funding_sources.create(
            CUSTOMER, exchange, name="My Visa Debit Card", card_details=holder, retrieve=True
        )
    )
    assert holder == CARDHOLDER  # the caller's mapping is copied, not changed
    assert (card.type_, card.card_details.last_four, card.card_details.name_on_card) == (
        "card",
        "4242",
        "Jane Doe",
    )
    no_balance = client_under_test.outcome(lambda: dwolla.funding_sources.balance(card))
    assert isinstance(no_balance, BadRequestError)
    assert no_balance.code == "UnsupportedOperation"


CARDHOLDER = {
    "firstName": "Jane",
    "lastName": "Doe",
    "billingAddress": {
        "address1": "123 Main St",
        "city": "Dallas",
        "stateProvinceRegion": "TX",
        "country": "US",
        "postalCode": "76034",
    },
}


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ({}, "exactly one of bank_account_type"),
        ({"bank_account_type": "checking", "card_details": CARDHOLDER}, "exactly one of"),
        ({"card_details": {**CARDHOLDER, "billingAddress": {"city": "Dallas"}}}, "address1"),
        ({"card_details": {"firstName": "Jane"}}, "card_details"),
        ({"card_details": "Jane Doe"}, "mapping"),
    ],
)
def test_bad_card_or_bank_choices_are_refused_before_sending(
    fake: FakeDwolla, client_under_test: ClientUnderTest, kind: dict[str, Any], error: str
) -> None:
    dwolla = client_under_test.open(fake)
    exchange_id = fake.example_id("MxExchange")
    with pytest.raises((ValueError, TypeError), match=error):
        client_under_test.call(
            lambda: dwolla.funding_sources.create(CUSTOMER, exchange_id, name="Card", **kind)
        )
    assert not [r for r in fake.requests if r.path != "/token"]


def test_a_card_needs_a_card_exchange_and_a_bank_account_a_bank_one(fake: FakeDwolla) -> None:
    with fake.client() as dwolla:
        card_on_bank = dwolla.with_options(max_retries=0)
        with pytest.raises(BadRequestError) as raised:
            card_on_bank.funding_sources.create(
                CUSTOMER, fake.add_exchange("Plaid"), name="Card", card_details=CARDHOLDER
            )
    assert [d.path for d in raised.value.details] == ["/cardDetails"]


def test_available_connections_appear_when_the_mx_user_finishes(
    fake: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    dwolla = client_under_test.open(fake)
    assert (
        client_under_test.call(lambda: dwolla.available_exchange_connections.list(CUSTOMER)) == []
    )
    session = client_under_test.call(lambda: dwolla.exchange_sessions.create(CUSTOMER, "MX"))
    fake.complete_session(session, accounts=("Checking", "Savings"))
    connections = client_under_test.call(
        lambda: dwolla.available_exchange_connections.list(CUSTOMER)
    )
    assert [c.name for c in connections] == ["Checking", "Savings"]
    tokens = [c.available_connection_token for c in connections]
    assert all(len(t) > 20 for t in tokens)
    assert not any(t in repr(connections) for t in tokens)  # one-use credentials: not in reprs
    assert (
        client_under_test.call(lambda: dwolla.available_exchange_connections.list(OTHER_CUSTOMER))
        == []
    )
    with pytest.raises(ValueError, match="already completed"):
        fake.complete_session(session)


def test_a_token_is_used_once_and_only_by_its_customer(
    fake: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    dwolla = client_under_test.open(fake)
    session = client_under_test.call(lambda: dwolla.exchange_sessions.create(CUSTOMER, "Plaid"))
    token = fake.complete_session(session)
    stranger = client_under_test.outcome(
        lambda: dwolla.exchanges.create(OTHER_CUSTOMER, "Plaid", public_token=token)
    )
    assert isinstance(stranger, BadRequestError)
    assert stranger.code == "InvalidExchangeToken"
    client_under_test.call(lambda: dwolla.exchanges.create(CUSTOMER, "Plaid", public_token=token))
    again = client_under_test.outcome(
        lambda: dwolla.exchanges.create(CUSTOMER, "Plaid", public_token=token)
    )
    assert isinstance(again, BadRequestError)
    assert again.code == "InvalidExchangeToken"


@pytest.mark.parametrize(
    ("credentials", "error"),
    [
        ({}, ValueError),
        ({"public_token": "public-1", "token": "pay_1"}, ValueError),
        ({"public_token": ""}, ValueError),
        ({"public_token": "has space"}, ValueError),
        ({"public_token": 42}, TypeError),
        ({"finicity": ["not", "a", "mapping"]}, TypeError),
    ],
)
def test_bad_exchange_credentials_are_refused_before_sending(
    fake: FakeDwolla, client_under_test: ClientUnderTest, credentials: dict[str, Any], error: type
) -> None:
    dwolla = client_under_test.open(fake)
    with pytest.raises(error):
        client_under_test.call(lambda: dwolla.exchanges.create(CUSTOMER, "Plaid", **credentials))
    assert not [r for r in fake.requests if r.path != "/token"]


def test_processor_token_and_finicity_receipt_create_exchanges(fake: FakeDwolla) -> None:
    receipt = {
        "profile": 3,
        "version": "1",
        "receiptId": "rcpt_1",
        "products": [{"product": "moneyTransferDetails"}],
    }
    sent = json.loads(json.dumps(receipt))
    with fake.client() as dwolla:
        by_processor = dwolla.exchanges.create(CUSTOMER, "Flinks", token="processor-flinks-1")
        by_receipt = dwolla.exchanges.create(CUSTOMER, "Finicity", finicity=receipt, retrieve=True)
    assert by_processor.startswith(f"{fake.base_url}/exchanges/")
    assert by_receipt.status == "active"
    assert receipt == sent  # the caller's receipt is not changed
    (post,) = [p for p in _posts(fake, "/exchanges") if b"finicity" in p.body]
    assert json.loads(post.body)["finicity"] == receipt


def test_every_post_of_the_flow_reuses_one_idempotency_key_across_retries(fake: FakeDwolla) -> None:
    exchange_id = fake.add_exchange("Plaid")
    fake.inject(Fault.error(503), "/customers/*/funding-sources", method="POST")
    fake.inject(Fault.error(503), "/customers/*/exchanges", method="POST")
    with fake.client(max_retries=1) as dwolla:
        dwolla.funding_sources.create(
            CUSTOMER, exchange_id, name="Savings", bank_account_type="savings"
        )
        dwolla.exchanges.create(CUSTOMER, "Flinks", token="processor-flinks-2")
    for path_end in ("/funding-sources", "/exchanges"):
        keys = {p.headers["idempotency-key"] for p in _posts(fake, path_end)}
        assert len(_posts(fake, path_end)) == 2
        assert len(keys) == 1


@pytest.mark.parametrize(
    ("name", "bank_account_type", "error"),
    [
        ("x" * 51, "checking", ValueError),
        ("   ", "checking", ValueError),
        ("Line\nbreak", "checking", ValueError),
        (None, "checking", TypeError),
        ("Savings", "Savings", ValueError),
        ("Savings", "brokerage", ValueError),
        ("Savings", None, ValueError),
    ],
)
def test_bad_funding_source_inputs_are_refused_before_sending(
    fake: FakeDwolla,
    client_under_test: ClientUnderTest,
    name: Any,
    bank_account_type: Any,
    error: type,
) -> None:
    dwolla = client_under_test.open(fake)
    exchange_id = fake.example_id("MxExchange")
    with pytest.raises(error):
        client_under_test.call(
            lambda: dwolla.funding_sources.create(
                CUSTOMER, exchange_id, name=name, bank_account_type=bank_account_type
            )
        )
    assert not [r for r in fake.requests if r.path != "/token"]


def test_documented_funding_source_errors(
    fake: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    dwolla = client_under_test.open(fake)
    exchange_id = fake.add_exchange("Plaid")
    create = lambda: dwolla.funding_sources.create(  # noqa: E731
        CUSTOMER, exchange_id, name="Checking", bank_account_type="checking"
    )
    client_under_test.call(create)
    duplicate = client_under_test.outcome(create)
    assert isinstance(duplicate, BadRequestError)
    assert [d.code for d in duplicate.details] == ["Duplicate"]
    inactive_id = fake.add_resource(
        "exchanges",
        {
            "_links": {"customer": {"href": f"https://api.dwolla.com/customers/{CUSTOMER}"}},
            "id": "",
            "status": "deactivated",
            "created": "2025-01-01T00:00:00.000Z",
        },
    )
    inactive = client_under_test.outcome(
        lambda: dwolla.funding_sources.create(
            CUSTOMER, inactive_id, name="Old", bank_account_type="checking"
        )
    )
    assert isinstance(inactive, BadRequestError)
    assert inactive.code == "InactiveExchange"
    missing = client_under_test.outcome(
        lambda: dwolla.funding_sources.balance("00000000-0000-4000-8000-000000000000")
    )
    assert isinstance(missing, NotFoundError)


def test_retrieve_exchange_and_funding_source_by_id_href_and_model(
    fake: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    call, dwolla = client_under_test.call, client_under_test.open(fake)
    exchange = call(lambda: dwolla.exchanges.retrieve(fake.example_id("MxExchange")))
    assert call(lambda: dwolla.exchanges.retrieve(exchange)).id == exchange.id
    assert call(lambda: dwolla.exchanges.retrieve(exchange.links.self_.href)).id == exchange.id
    source = call(lambda: dwolla.funding_sources.retrieve(fake.example_id("BankFundingSource")))
    assert (
        call(lambda: dwolla.funding_sources.retrieve(source.links.self_.href)).name == source.name
    )
    assert call(lambda: dwolla.follow(exchange.links.self_)).id == exchange.id
    missing = client_under_test.outcome(
        lambda: dwolla.exchanges.retrieve("00000000-0000-4000-8000-000000000000")
    )
    assert isinstance(missing, NotFoundError)
    with pytest.raises(ValueError, match="is not an exchanges href"):  # refused before sending
        call(lambda: dwolla.exchanges.retrieve(source.links.self_.href))


def test_update_credentials_error_pickles_and_without_a_link_asks_for_the_exchange(
    fake: FakeDwolla,
) -> None:
    fake.serve(
        "/funding-sources/*/balance",
        {"code": "UpdateCredentials", "message": "Re-authenticate."},
        400,
    )
    with fake.client(max_retries=0) as dwolla:
        with pytest.raises(errors.UpdateCredentialsError) as raised:
            dwolla.funding_sources.balance(fake.example_id("BankFundingSource"))
        assert raised.value.reauth_href is None
        with pytest.raises(ValueError, match=r"_links\.about"):
            dwolla.exchange_sessions.reauth(raised.value)
    copy = pickle.loads(pickle.dumps(raised.value))  # noqa: S301 (our own error)
    assert type(copy) is errors.UpdateCredentialsError
    assert copy.code == "UpdateCredentials"


def test_require_reauth_needs_a_known_exchange(fake: FakeDwolla, dwolla_client: Dwolla) -> None:
    with pytest.raises(ValueError, match="no exchange"):
        fake.require_reauth("00000000-0000-4000-8000-000000000000")
    assert dwolla_exchange.errors.UpdateCredentialsError.__mro__[1] is BadRequestError


@pytest.fixture
def dwolla_client(fake: FakeDwolla) -> Iterator[Dwolla]:
    with fake.client() as client:
        yield client


# -- responses that break the contract get typed errors, never a float or a KeyError --------


@pytest.mark.parametrize(
    ("balance", "field"),
    [
        ({"available": {"value": 542.0, "currency": "USD"}}, "value"),  # a float is not an amount
        ({"available": {"value": "542.00"}}, "currency"),
        ({"available": "542.00"}, "available"),
        ({"lastUpdated": "yesterday"}, "format"),
    ],
    ids=["float-amount", "no-currency", "amount-not-object", "bad-timestamp"],
)
def test_a_balance_that_breaks_the_contract_is_a_typed_error(
    fake: FakeDwolla, client_under_test: ClientUnderTest, balance: dict[str, Any], field: str
) -> None:
    source = fake.example_id("BankFundingSource")
    body = {
        "_links": {"self": {"href": f"https://api.dwolla.com/funding-sources/{source}/balance"}},
        **balance,
    }
    fake.serve(f"/funding-sources/{source}/balance", body)
    dwolla = client_under_test.open(fake)
    error = client_under_test.outcome(lambda: dwolla.funding_sources.balance(source))
    assert isinstance(error, errors.ResponseValidationError), error
    assert field in str(error)
    assert error.status_code == 200
    assert error.request_id


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        (None, "no Location header"),
        ("https://api.dwolla.com/exchange-sessions/{id}", "is not one of exchanges"),
        ("https://evil.example/exchanges/{id}", "is not one of exchanges"),
    ],
    ids=["missing", "another-collection", "another-origin"],
)
def test_a_create_whose_location_is_not_the_new_exchange_is_a_typed_error(
    fake: FakeDwolla, client_under_test: ClientUnderTest, location: str | None, reason: str
) -> None:
    headers = {} if location is None else {"Location": location.format(id=CUSTOMER)}
    fake.inject(Fault.respond(201, b"", headers=headers), "/customers/*/exchanges", method="POST")
    dwolla = client_under_test.open(fake)
    error = client_under_test.outcome(
        lambda: dwolla.exchanges.create(CUSTOMER, "Flinks", token="processor-flinks-3")
    )
    assert isinstance(error, errors.ResponseValidationError), error
    assert reason in str(error)
    assert error.status_code == 201


def test_the_end_user_and_the_bank_over_http_for_a_fake_in_another_process(
    fake: FakeDwolla,
) -> None:
    # `dwolla-exchange fake` runs in its own process: tests in any language drive the end user
    # and the bank through /_fake/ routes (not Dwolla's), with no token.
    with fake.client() as dwolla:
        session = dwolla.exchange_sessions.create(CUSTOMER, "Plaid")
        session_id = session.rsplit("/", 1)[-1]
        control = f"{fake.base_url}/_fake/exchange-sessions/{session_id}/complete"
        completed = httpx.post(control)
        assert completed.status_code == 200
        token = completed.json()["token"]
        assert token.startswith("public-sandbox-")
        assert httpx.post(control).status_code == 409  # a session completes once
        assert httpx.get(control).status_code == 405
        assert (
            httpx.post(f"{fake.base_url}/_fake/exchange-sessions/{CUSTOMER}/complete").status_code
            == 404
        )
        exchange = dwolla.exchanges.create(CUSTOMER, "Plaid", public_token=token)
        source = dwolla.funding_sources.create(
            CUSTOMER, exchange, name="Checking", bank_account_type="checking"
        )
        reauth = httpx.post(
            f"{fake.base_url}/_fake/exchanges/{exchange.rsplit('/', 1)[-1]}/require-reauth"
        )
        assert reauth.status_code == 204
        with pytest.raises(errors.UpdateCredentialsError):
            dwolla.funding_sources.balance(source)
        mx = dwolla.exchange_sessions.create(CUSTOMER, "MX").rsplit("/", 1)[-1]
        answer = httpx.post(
            f"{fake.base_url}/_fake/exchange-sessions/{mx}/complete", json={"accounts": ["A", "B"]}
        )
        assert answer.json()["token"] is None
        assert "available-exchange-connections" in answer.json()["next"]
        assert [c.name for c in dwolla.available_exchange_connections.list(CUSTOMER)] == ["A", "B"]
