"""The documented exchanges, replayed from cassettes through the public client (``Dwolla``).

Replay is the default (``--record-mode=none`` with the network blocked). ``make record``
re-records; see tests/cassettes/README.md for where the cassettes come from.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from dwolla_exchange import (
    Amount,
    BadRequestError,
    CheckoutPaymentSession,
    Dwolla,
    ExchangePartner,
    ExchangeSession,
    NotFoundError,
    PlaidLink,
    ProviderPage,
    UpdateCredentialsError,
    handoff,
)
from dwolla_exchange.testing import FakeDwolla
from dwolla_exchange.testing._seed import load_seed, rewrite_origin
from dwolla_exchange_api.models import Error

from .conftest import SPEC, example_value

DOCUMENTED_ORIGIN = "https://api.dwolla.com"
HAL = "application/vnd.dwolla.v1.hal+json"
CASSETTES = Path(__file__).parent / "cassettes"
# Ids as the fake serves the documented examples (the second MX example gets its own id).
SEEDED = load_seed(SPEC, DOCUMENTED_ORIGIN)
UNKNOWN_SESSION_ID = "00000000-0000-4000-8000-000000000000"
RECORDING = os.environ.get("DWOLLA_RECORD") == "1"
# Recording against a real Dwolla (the sandbox) writes beside the documented cassettes, for
# review; its data differs from the documented examples, so only the typed parse is checked.
SANDBOX = RECORDING and bool(os.environ.get("DWOLLA_RECORD_BASE_URL"))


def _resource_id(example: str) -> uuid.UUID:
    if SANDBOX:
        ids = json.loads(os.environ.get("DWOLLA_RECORD_IDS", "{}"))
        if example not in ids:
            pytest.skip(f"set DWOLLA_RECORD_IDS to a JSON object with an id for {example}")
        return uuid.UUID(ids[example])
    return uuid.UUID(SEEDED.example_ids[example])


def _as_documented(content: bytes) -> Any:
    text = content.decode()
    if RECORDING and not SANDBOX:
        text = text.replace(_recorder().base_url, DOCUMENTED_ORIGIN)
    return json.loads(text)


class _Recorder:
    """Where recording sends requests: the fake by default, or DWOLLA_RECORD_BASE_URL."""

    def __init__(self) -> None:
        self.fake: FakeDwolla | None = None
        self.base_url = os.environ.get("DWOLLA_RECORD_BASE_URL", "")
        if not self.base_url:
            self.fake = FakeDwolla(stable_ids=True).start()
            self.base_url = self.fake.base_url

    def token(self) -> str:
        if self.fake is not None:
            credentials = (self.fake.client_id, self.fake.client_secret)
        else:
            credentials = (os.environ["DWOLLA_CLIENT_ID"], os.environ["DWOLLA_CLIENT_SECRET"])
        response = httpx.post(
            self.base_url + "/token", data={"grant_type": "client_credentials"}, auth=credentials
        )
        response.raise_for_status()
        token: str = response.json()["access_token"]
        return token


_RECORDER: _Recorder | None = None


def _recorder() -> _Recorder:
    global _RECORDER
    if _RECORDER is None:
        _RECORDER = _Recorder()
    return _RECORDER


def _scrub_request(request: Any) -> Any:
    if request.path == "/token":
        return None  # the token exchange carries the client secret: never recorded
    if RECORDING:
        request.uri = request.uri.replace(_recorder().base_url, DOCUMENTED_ORIGIN, 1)
        if request.body:
            origin = _recorder().base_url.encode()
            request.body = request.body.replace(origin, DOCUMENTED_ORIGIN.encode())
    request.headers.pop("host", None)
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    body = response["body"]["string"]
    if RECORDING and body:
        text = body.decode() if isinstance(body, bytes) else body
        encoded = text.replace(_recorder().base_url, DOCUMENTED_ORIGIN).encode()
        response["body"]["string"] = encoded
        response["headers"]["content-length"] = [str(len(encoded))]
    if RECORDING and "location" in response["headers"]:
        response["headers"]["location"] = [
            value.replace(_recorder().base_url, DOCUMENTED_ORIGIN)
            for value in response["headers"]["location"]
        ]
    for name in ("set-cookie", "date", "server"):
        response["headers"].pop(name, None)
    return response


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": ["authorization", "host"],
        "before_record_request": _scrub_request,
        "before_record_response": _scrub_response,
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES / ("sandbox" if SANDBOX else "documented"))


class _TokenHere(httpx.BaseTransport):
    """Answers ``/token`` itself and hands every other request to httpx's own transport, which
    pytest-recording replays from the cassette. The token exchange is never recorded (it
    carries the client secret), so on replay something must answer it; what it answers is not
    under test here."""

    def __init__(self) -> None:
        self._replayed = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            token = {"access_token": "replay-token", "token_type": "bearer", "expires_in": 3600}
            return httpx.Response(200, json=token)
        return self._replayed.handle_request(request)


@pytest.fixture
def dwolla() -> Iterator[Dwolla]:
    if RECORDING:
        recorder = _recorder()
        if recorder.fake is not None:
            credentials = (recorder.fake.client_id, recorder.fake.client_secret)
        else:
            credentials = (os.environ["DWOLLA_CLIENT_ID"], os.environ["DWOLLA_CLIENT_SECRET"])
        client = Dwolla(*credentials, base_url=recorder.base_url, max_retries=0)
    else:
        client = Dwolla(
            "replay-id",
            "replay-secret",
            base_url=DOCUMENTED_ORIGIN,
            max_retries=0,
            http_client=httpx.Client(transport=_TokenHere()),
        )
    with client:
        yield client


def _expected(example: str) -> dict[str, Any]:
    resource_id = SEEDED.example_ids[example]
    return (
        SEEDED.resources["exchange-sessions"].get(resource_id)
        or SEEDED.resources["exchange-partners"][resource_id]
    )


@pytest.mark.vcr
@pytest.mark.parametrize(
    "example", ["MxExchangeSession", "PlaidExchangeSession", "MxExchangeSessionSecond"]
)
def test_retrieve_documented_session(dwolla: Dwolla, example: str) -> None:
    session = dwolla.exchange_sessions.retrieve(_resource_id(example))

    assert isinstance(session, ExchangeSession)
    assert session.created.tzinfo is not None
    if SANDBOX:
        return
    assert (
        _as_documented(json.dumps(session.to_dict()["_links"]).encode())
        == _expected(example)["_links"]
    )
    partner_href = _as_documented(json.dumps(session.links.exchange_partner.href).encode())
    assert partner_href == example_value(example)["_links"]["exchange-partner"]["href"]


@pytest.mark.vcr
@pytest.mark.parametrize("example", ["MxExchangePartner", "PlaidExchangePartner"])
def test_retrieve_documented_partner(dwolla: Dwolla, example: str) -> None:
    partner = dwolla.exchange_partners.retrieve(_resource_id(example))

    assert isinstance(partner, ExchangePartner)
    if SANDBOX:
        return
    assert partner.name == example_value(example)["name"]


@pytest.mark.vcr
def test_retrieve_unknown_session_is_404(dwolla: Dwolla) -> None:
    with pytest.raises(NotFoundError) as raised:
        dwolla.exchange_sessions.retrieve(UNKNOWN_SESSION_ID)

    assert raised.value.code == "NotFound"
    assert raised.value.request_id


PARAMETERS = SPEC["components"]["parameters"]
IDEMPOTENCY_KEY = PARAMETERS["IdempotencyKey"]["example"]


def _customer_id() -> uuid.UUID:
    """The documented customer, or in the sandbox one of yours (``Customer`` in the ids)."""
    if SANDBOX:
        return _resource_id("Customer")
    return uuid.UUID(PARAMETERS["CustomerId"]["example"])


def _origin() -> str:
    """The origin links are expected on: the documented one, or the sandbox's when recording it."""
    return _recorder().base_url if SANDBOX else DOCUMENTED_ORIGIN


def _request_body(example: str) -> dict[str, Any]:
    """A documented request body, on the origin being recorded; in the sandbox its partner
    link names your sandbox's partner."""
    text = json.dumps(example_value(example))
    if RECORDING:
        text = text.replace(DOCUMENTED_ORIGIN, _recorder().base_url)
    if SANDBOX:
        for partner in ("MxExchangePartner", "PlaidExchangePartner"):
            documented_id = SEEDED.example_ids[partner]
            if documented_id in text:
                text = text.replace(documented_id, str(_resource_id(partner)))
    body: dict[str, Any] = json.loads(text)
    return body


def _exchange_id() -> uuid.UUID:
    """The documented exchange, or in the sandbox one of yours (``Exchange`` in the ids)."""
    if SANDBOX:
        return _resource_id("Exchange")
    return uuid.UUID(PARAMETERS["ExchangeId"]["example"])


@pytest.mark.vcr
def test_list_partners(dwolla: Dwolla) -> None:
    partners = dwolla.exchange_partners.list()

    names = [partner.name for partner in partners]
    assert all(isinstance(partner, ExchangePartner) for partner in partners)
    assert {"MX", "Plaid"} <= set(names)


def _redirect_url(body: dict[str, Any]) -> str | None:
    redirect: str | None = body.get("_links", {}).get("redirect-url", {}).get("href")
    return redirect


@pytest.mark.vcr
@pytest.mark.parametrize(
    "example",
    [
        "CreateExchangeSessionWeb",
        "CreateExchangeSessionPlaidMobile",
        "CreateExchangeSessionPlaidAndroid",
    ],
)
def test_create_session_documented_bodies(dwolla: Dwolla, example: str) -> None:
    body = _request_body(example)
    href = dwolla.exchange_sessions.create(
        _customer_id(),
        body["_links"]["exchange-partner"]["href"],
        _redirect_url(body),
        idempotency_key=IDEMPOTENCY_KEY + example[-4:],
    )

    assert _as_documented(json.dumps(href).encode()).startswith(_origin() + "/exchange-sessions/")


@pytest.mark.vcr
def test_create_session_without_partner_is_a_validation_error() -> None:
    # The public client cannot leave the partner out, so this one is a plain httpx request.
    token = _recorder().token() if RECORDING else "replay"
    base_url = _recorder().base_url if RECORDING else DOCUMENTED_ORIGIN
    with httpx.Client(base_url=base_url) as http:
        response = http.post(
            f"/customers/{_customer_id()}/exchange-sessions",
            json={"_links": {}},
            headers={
                "Accept": HAL,
                "Authorization": f"Bearer {token}",
                "Content-Type": HAL,
                "Idempotency-Key": IDEMPOTENCY_KEY,
            },
        )

    assert response.status_code == 400
    error = Error.from_dict(response.json())
    assert error.code == "ValidationError"
    if not SANDBOX:
        assert error.to_dict() == example_value("ValidationError")


@pytest.mark.vcr
@pytest.mark.parametrize(
    "example",
    [
        "ReAuthExchangeSessionWeb",
        "ReAuthExchangeSessionPlaidMobile",
        "ReAuthExchangeSessionPlaidAndroid",
    ],
)
def test_reauth_session_documented_bodies(dwolla: Dwolla, example: str) -> None:
    if RECORDING and _recorder().fake is not None:
        fake = _recorder().fake
        assert fake is not None
        fake.add_exchange("Plaid", str(_exchange_id()))
    href = dwolla.exchange_sessions.reauth(
        _exchange_id(),
        _redirect_url(_request_body(example)),
        idempotency_key=IDEMPOTENCY_KEY + example[-4:],
    )

    assert _as_documented(json.dumps(href).encode()).startswith(_origin() + "/exchange-sessions/")


# Dwolla's documented bodies as written in tests/fixtures/dwolla/documented.yaml (not from our
# spec): recorded from the fake serving them, replayed through the public client.
DWOLLA_DOCUMENTED: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "dwolla" / "documented.yaml").read_text()
)


def _documented_session(name: str) -> tuple[str, dict[str, Any]]:
    body: dict[str, Any] = copy.deepcopy(DWOLLA_DOCUMENTED["sessions"][name]["body"])
    return body["_links"]["self"]["href"].rsplit("/", 1)[-1], body


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("name", "handoff_type"),
    [("mx", ProviderPage), ("plaid", PlaidLink), ("checkout", CheckoutPaymentSession)],
)
def test_retrieve_session_as_dwolla_documents_it(
    dwolla: Dwolla, name: str, handoff_type: type
) -> None:
    if SANDBOX:
        pytest.skip("Dwolla's documented sessions exist only in its documents")
    session_id, body = _documented_session(name)
    if RECORDING and (fake := _recorder().fake) is not None:
        fake.add_session(body)
    session = dwolla.exchange_sessions.retrieve(session_id)

    assert isinstance(handoff(session), handoff_type)
    assert session.created == datetime.datetime.fromisoformat(body["created"])
    links = _as_documented(json.dumps(session.to_dict()["_links"]).encode())
    assert links["exchange-partner"] == rewrite_origin(
        body["_links"]["exchange-partner"], DOCUMENTED_ORIGIN
    )


@pytest.mark.vcr
def test_documented_not_found_error(dwolla: Dwolla) -> None:
    if SANDBOX:
        pytest.skip("Dwolla's documented error is served by the fake")
    documented = DWOLLA_DOCUMENTED["errors"]["session-not-found"]
    if RECORDING and (fake := _recorder().fake) is not None:
        fake.serve(f"/exchange-sessions/{UNKNOWN_SESSION_ID}", documented["body"], 404)
    with pytest.raises(NotFoundError) as raised:
        dwolla.exchange_sessions.retrieve(UNKNOWN_SESSION_ID)

    assert (raised.value.code, raised.value.message) == ("notFound", "Exchange session not found.")
    assert raised.value.request_id


# The bank-linking flow's documented shapes (our spec's examples), through the public client.


def _serve_example_when_recording(path: str, example: str, status: int = 200) -> None:
    """While recording, answer ``path`` with the documented example exactly (its values,
    such as ``lastUpdated``, would otherwise be the fake's own)."""
    if RECORDING and (fake := _recorder().fake) is not None:
        fake.serve(path, example_value(example), status)


@pytest.mark.vcr
def test_retrieve_documented_exchange_and_list(dwolla: Dwolla) -> None:
    if SANDBOX:
        pytest.skip("documented ids")
    exchange = dwolla.exchanges.retrieve(_resource_id("MxExchange"))
    assert exchange.status == "active"
    assert exchange.created == datetime.datetime(
        2022, 10, 19, 17, 44, 44, 864000, tzinfo=datetime.UTC
    )
    _serve_example_when_recording(f"/customers/{_customer_id()}/exchanges", "ExchangeListExample")
    assert [e.id for e in dwolla.exchanges.list(_customer_id())] == [exchange.id]


@pytest.mark.vcr
def test_documented_available_connections(dwolla: Dwolla) -> None:
    path = f"/customers/{_customer_id()}/available-exchange-connections"
    _serve_example_when_recording(path, "AvailableExchangeConnectionsExample")
    (connection,) = dwolla.available_exchange_connections.list(_customer_id())
    assert connection.name == "XYZ Checking"
    assert connection.available_connection_token.startswith("eyJhY2NvdW50SWQi")


@pytest.mark.vcr
def test_create_exchange_with_an_unknown_token_is_invalid(dwolla: Dwolla) -> None:
    body = _request_body("CreateExchangePlaid")
    with pytest.raises(BadRequestError) as raised:
        dwolla.exchanges.create(
            _customer_id(),
            body["_links"]["exchange-partner"]["href"],
            public_token=body["plaid"]["publicToken"],
            idempotency_key=IDEMPOTENCY_KEY + "xchg",
        )
    assert raised.value.code == "InvalidExchangeToken"


@pytest.mark.vcr
def test_documented_funding_source_create_retrieve_and_balance(dwolla: Dwolla) -> None:
    if SANDBOX:
        pytest.skip("documented ids")
    body = _request_body("CreateFundingSourceFromExchange")
    href = dwolla.funding_sources.create(
        _customer_id(),
        body["_links"]["exchange"]["href"],
        name=body["name"],
        bank_account_type=body["bankAccountType"],
        idempotency_key=IDEMPOTENCY_KEY + "fsrc",
    )
    assert _as_documented(json.dumps(href).encode()).startswith(_origin() + "/funding-sources/")
    documented = _resource_id("BankFundingSource")
    source = dwolla.funding_sources.retrieve(documented)
    assert (source.name, source.status, source.removed) == (
        "Jane Doe - Checking",
        "verified",
        False,
    )
    _serve_example_when_recording(f"/funding-sources/{documented}/balance", "BankBalance")
    balance = dwolla.funding_sources.balance(documented)
    assert balance.available == Amount("542.00", "USD")
    assert balance.last_updated == datetime.datetime(
        2024, 9, 9, 16, 39, 14, 219000, tzinfo=datetime.UTC
    )


@pytest.mark.vcr
def test_documented_reauth_needed_error(dwolla: Dwolla) -> None:
    if SANDBOX:
        pytest.skip("documented error")
    documented = _resource_id("BankFundingSource")
    _serve_example_when_recording(
        f"/funding-sources/{documented}/balance", "UpdateCredentialsError", 400
    )
    with pytest.raises(UpdateCredentialsError) as raised:
        dwolla.funding_sources.balance(documented)
    assert _as_documented(json.dumps(raised.value.reauth_href).encode()) == (
        f"{DOCUMENTED_ORIGIN}/exchanges/{_resource_id('MxExchange')}/exchange-sessions"
    )


def test_cassettes_hold_no_credentials() -> None:
    cassettes = sorted(CASSETTES.rglob("*.yaml"))
    assert cassettes, f"no cassettes under {CASSETTES}"
    fake = FakeDwolla()
    forbidden = [
        "authorization",
        "bearer ",
        "access_token",
        "basic ",
        fake.client_secret.lower(),
        "fake-",
    ]
    if os.environ.get("DWOLLA_CLIENT_SECRET"):
        forbidden.append(os.environ["DWOLLA_CLIENT_SECRET"].lower())
    for cassette in cassettes:
        text = cassette.read_text("utf-8").lower()
        for needle in forbidden:
            assert needle not in text, f"{cassette.name} contains {needle!r}"
