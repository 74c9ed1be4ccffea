"""The fault matrix: every fault the fake offers, against the sync and async clients.

Each row says what the client must do: recover after N attempts, or raise exactly one error
class after N attempts and no more. Attempts are counted from the fake's request log.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from dwolla_exchange import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    DwollaError,
    ExchangeSession,
    ForbiddenError,
    NotFoundError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
)
from dwolla_exchange.testing import FakeDwolla, Fault

from .conftest import ClientUnderTest, example_value

SESSIONS = "/exchange-sessions/*"


@dataclass(frozen=True)
class Case:
    name: str
    fault: Fault
    times: int | None
    expected: type[DwollaError] | None  # None: the retrieve succeeds
    attempts: int
    route: str = SESSIONS
    options: dict[str, object] = field(default_factory=dict)
    token_requests: int = 1


PAST_DATE = email.utils.formatdate(time.time() - 30, usegmt=True)

MATRIX = [
    Case("429 without Retry-After, once", Fault.error(429), 1, None, 2),
    Case("429 with Retry-After 0", Fault.error(429, retry_after=0), 1, None, 2),
    Case(
        "429 with Retry-After as a past HTTP date",
        Fault.error(429, retry_after=PAST_DATE),
        1,
        None,
        2,
    ),
    Case("429 with Retry-After over 60 s", Fault.error(429, retry_after=120), 1, RateLimitError, 1),
    Case("429 on every attempt", Fault.error(429), None, RateLimitError, 3),
    Case("408 once", Fault.error(408), 1, None, 2),
    Case("500 once", Fault.error(500), 1, None, 2),
    Case("502 twice", Fault.error(502), 2, None, 3),
    Case("503 on every attempt", Fault.error(503), None, ServerError, 3),
    Case("503 with max_retries=0", Fault.error(503), 1, ServerError, 1, options={"max_retries": 0}),
    Case("504 once", Fault.error(504), 1, None, 2),
    Case("HTML 502 page from a proxy, once", Fault.html_error_page(502), 1, None, 2),
    Case("HTML 502 page on every attempt", Fault.html_error_page(502), None, ServerError, 3),
    Case("HTML 403 page", Fault.html_error_page(403), 1, ForbiddenError, 1),
    Case("non-JSON 500 body on every attempt", Fault.non_json_body(500), None, ServerError, 3),
    Case("connection reset before the response, once", Fault.reset_before_response(), 1, None, 2),
    Case(
        "connection reset on every attempt",
        Fault.reset_before_response(),
        None,
        APIConnectionError,
        3,
    ),
    Case("connection reset during the body, once", Fault.reset_during_body(), 1, None, 2),
    Case("truncated JSON body", Fault.truncated_body(), 1, ResponseValidationError, 1),
    Case("non-JSON 200 body", Fault.non_json_body(), 1, ResponseValidationError, 1),
    Case("wrong content type", Fault.wrong_content_type(), 1, ResponseValidationError, 1),
    Case("required field missing", Fault.drop_field("created"), 1, ResponseValidationError, 1),
    Case("required _links missing", Fault.drop_field("_links"), 1, ResponseValidationError, 1),
    Case(
        "created of the wrong type",
        Fault.replace_field("created", "42"),
        1,
        ResponseValidationError,
        1,
    ),
    Case(
        "created without a time zone",
        Fault.replace_field("created", '"2024-03-25T17:13:38"'),
        1,
        ResponseValidationError,
        1,
    ),
    Case(
        "_links of the wrong type",
        Fault.replace_field("_links", '"x"'),
        1,
        ResponseValidationError,
        1,
    ),
    Case(
        "Link token of the wrong type",
        Fault.replace_field("externalProviderSessionToken", "5"),
        1,
        ResponseValidationError,
        1,
    ),
    Case(
        "JSON array instead of an object", Fault.respond(200, b"[]"), 1, ResponseValidationError, 1
    ),
    Case(
        "slow response past the read timeout",
        Fault.latency(1.0),
        1,
        APITimeoutError,
        1,
        options={"timeout": 0.3},
    ),
    Case("404 is permanent", Fault.error(404), 1, NotFoundError, 1),
    Case("400 is permanent", Fault.error(400), 1, BadRequestError, 1),
    Case(
        "401 once: token renewed, request retried", Fault.error(401), 1, None, 2, token_requests=2
    ),
    Case("token endpoint 503 once", Fault.error(503), 1, None, 1, route="/token", token_requests=2),
    Case(
        "token endpoint reset once",
        Fault.reset_before_response(),
        1,
        None,
        1,
        route="/token",
        token_requests=2,
    ),
    Case(
        "token endpoint slower than the read timeout",
        Fault.latency(1.0),
        1,
        APITimeoutError,
        0,
        route="/token",
        options={"timeout": 0.3},
    ),
]


def _check(fake: FakeDwolla, case: Case, outcome: object, flavour: str) -> None:
    expected = ExchangeSession if case.expected is None else case.expected
    sent = len(fake.requests_to("/exchange-sessions/"))
    if flavour.endswith("+aiohttp") and case.fault.resets and case.route == SESSIONS:
        # aiohttp itself resends a request once when a reused connection is reset, so the
        # server can see up to twice our attempts; and httpx-aiohttp reports some resets as
        # connect timeouts (APITimeoutError, an APIConnectionError). The outcome holds.
        assert isinstance(outcome, expected), outcome
        assert case.attempts <= sent <= 2 * case.attempts
        return
    assert type(outcome) is expected, outcome
    assert sent == case.attempts
    assert fake.token_requests == case.token_requests
    if isinstance(outcome, ResponseValidationError):
        assert outcome.status_code == 200
        assert outcome.request_id
        assert len(outcome.body_snippet) <= 200


def _client_options(case: Case) -> dict[str, object]:
    return {"retry_backoff": 0.001, "retry_backoff_max": 0.01, **case.options}


@pytest.mark.parametrize("case", MATRIX, ids=[c.name for c in MATRIX])
def test_fault_matrix(fake: FakeDwolla, client_under_test: ClientUnderTest, case: Case) -> None:
    fake.inject(case.fault, case.route, times=case.times)
    dwolla = client_under_test.open(fake, **_client_options(case))
    session_id = fake.example_id("PlaidExchangeSession")
    outcome = client_under_test.outcome(lambda: dwolla.exchange_sessions.retrieve(session_id))
    _check(fake, case, outcome, client_under_test.flavour)


def test_backoff_grows_and_is_capped() -> None:
    from dwolla_exchange._retry import RetryPolicy

    policy = RetryPolicy(backoff=0.5, backoff_max=4.0)
    for retry, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (8, 4.0)]:
        delays = [policy.delay(retry) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert max(delays) - min(delays) > 0  # jittered
    assert policy.delay(1, retry_after=7.0) == 7.0


# -- POSTs: retried only because they carry an Idempotency-Key, the same on every attempt ---

CUSTOMERS = "/customers/*"
CUSTOMER = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55"

POST_MATRIX = [
    Case("POST 503 once", Fault.error(503), 1, None, 2, route=CUSTOMERS),
    Case("POST 429 twice", Fault.error(429), 2, None, 3, route=CUSTOMERS),
    Case(
        "POST 429 with Retry-After over 60 s",
        Fault.error(429, retry_after=90),
        1,
        RateLimitError,
        1,
        route=CUSTOMERS,
    ),
    Case("POST 500 on every attempt", Fault.error(500), None, ServerError, 3, route=CUSTOMERS),
    Case(
        "POST reset before the response, once",
        Fault.reset_before_response(),
        1,
        None,
        2,
        route=CUSTOMERS,
    ),
    Case(
        "POST processed but the answer lost, once",
        Fault.reset_during_body(),
        1,
        None,
        2,
        route=CUSTOMERS,
    ),
    Case(
        "POST 400 ValidationError is permanent",
        Fault.error(400),
        1,
        BadRequestError,
        1,
        route=CUSTOMERS,
    ),
    Case(
        "POST 201 without Location",
        Fault.respond(201, b""),
        1,
        ResponseValidationError,
        1,
        route=CUSTOMERS,
    ),
]


def _check_post(
    fake: FakeDwolla, case: Case, outcome: object, collection: str, before: int
) -> None:
    posts = [r for r in fake.requests if r.method == "POST" and r.path.startswith("/customers/")]
    assert len(posts) == case.attempts
    keys = {r.headers["idempotency-key"] for r in posts}
    assert len(keys) == 1  # one key, generated once, reused on every attempt
    created = len(fake.ids(collection)) - before
    if case.expected is None:
        assert isinstance(outcome, str)
        assert outcome.startswith(f"{fake.base_url}/{collection}/")
        assert created == 1  # retries never create a second resource
    else:
        assert type(outcome) is case.expected, outcome


# Every create of the flow, each as (the collection it adds to, the call given the fake).
POSTS: dict[str, tuple[str, Callable[[FakeDwolla], Callable[[Any], Any]]]] = {
    "session": (
        "exchange-sessions",
        lambda fake: (
            lambda d: d.exchange_sessions.create(CUSTOMER, fake.examples["PlaidExchangePartner"])
        ),
    ),
    "exchange": (
        "exchanges",
        lambda fake: lambda d: d.exchanges.create(CUSTOMER, "Flinks", token="processor-flinks"),
    ),
    "funding-source": (
        "funding-sources",
        lambda fake: (
            lambda exchange: (
                lambda d: d.funding_sources.create(
                    CUSTOMER, exchange, name="Checking", bank_account_type="checking"
                )
            )
        )(fake.add_exchange("Plaid")),
    ),
}


@pytest.mark.parametrize("operation", POSTS)
@pytest.mark.parametrize("case", POST_MATRIX, ids=[c.name for c in POST_MATRIX])
def test_post_fault_matrix(
    fake: FakeDwolla, client_under_test: ClientUnderTest, case: Case, operation: str
) -> None:
    collection, make_call = POSTS[operation]
    call = make_call(fake)
    before = len(fake.ids(collection))
    fake.inject(case.fault, case.route, times=case.times)
    dwolla = client_under_test.open(fake, **_client_options(case))
    outcome = client_under_test.outcome(lambda: call(dwolla))
    _check_post(fake, case, outcome, collection, before)


def test_per_call_options_override_the_client(fake: FakeDwolla) -> None:
    session_id = fake.example_id("PlaidExchangeSession")
    with fake.client(max_retries=0, timeout=5.0) as dwolla:
        fake.inject(Fault.error(503), SESSIONS, times=2)
        dwolla.exchange_sessions.retrieve(session_id, max_retries=2)  # the call allows 2 retries
        assert len(fake.requests_to("/exchange-sessions/")) == 3
        fake.inject(Fault.latency(1.0), SESSIONS)
        with pytest.raises(APITimeoutError):
            dwolla.exchange_sessions.retrieve(session_id, timeout=0.2)


@pytest.mark.parametrize(
    ("links", "where"),
    [
        ({"exchange-partner": {"href": 5}}, "ExchangeSession.links.exchange_partner.href"),
        (
            {"self": {"href": "https://api.dwolla.com/x", "resource-type": ["x"]}},
            "ExchangeSession.links.self_.resource_type",
        ),
    ],
)
def test_a_wrong_nested_field_is_named_by_its_path(
    fake: FakeDwolla, links: dict[str, object], where: str
) -> None:
    body = example_value("PlaidExchangeSession")
    body["_links"].update(links)
    fake.inject(Fault.respond(200, json.dumps(body).encode()), SESSIONS)
    with fake.client(max_retries=0) as dwolla, pytest.raises(ResponseValidationError) as caught:
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    assert f"{where}: " in str(caught.value)
