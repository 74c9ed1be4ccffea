"""Create, re-authenticate and list: the calls around retrieve, against the fake."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest

import dwolla_exchange
from dwolla_exchange import (
    BadRequestError,
    Dwolla,
    ExchangePartner,
    ExchangeSession,
    NotFoundError,
    ServerError,
)
from dwolla_exchange._retry import Retrying, RetryPolicy
from dwolla_exchange.testing import FakeDwolla, Fault

CUSTOMER = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55"


@pytest.fixture
def dwolla(fake: FakeDwolla) -> Iterator[Dwolla]:
    with fake.client() as client:
        yield client


def _posts(fake: FakeDwolla) -> list[dict[str, str]]:
    return [
        r.headers | {"path": r.path, "body": r.body.decode()}
        for r in fake.requests
        if r.method == "POST" and r.path != "/token"
    ]


def test_list_partners(fake: FakeDwolla, dwolla: Dwolla) -> None:
    partners = dwolla.exchange_partners.list()
    # One partner per name, as Dwolla lists them; the second documented MX id is served only
    # by id, for the session that links to it.
    assert sorted(p.name for p in partners) == [
        "Checkout.com",
        "Finicity",
        "Flinks",
        "MX",
        "Plaid",
        "Visa",
    ]
    second_mx = fake.example_id("MxExchangePartnerSecond")
    assert {str(p.id) for p in partners} == set(fake.ids("exchange-partners")) - {second_mx}
    assert dwolla.exchange_partners.retrieve(second_mx).name == "MX"


def test_create_mx_session_by_name_and_get_widget_url(fake: FakeDwolla, dwolla: Dwolla) -> None:
    href = dwolla.exchange_sessions.create(CUSTOMER, "MX")
    assert href.startswith(fake.base_url + "/exchange-sessions/")
    session = dwolla.exchange_sessions.retrieve(href)
    widget = dwolla_exchange.external_provider_session_url(session)
    assert widget is not None
    assert widget.startswith("https://int-widgets.moneydesktop.com/")
    assert dwolla.follow(session.links.exchange_partner, ExchangePartner).name == "MX"
    (post,) = _posts(fake)
    assert post["path"] == f"/customers/{CUSTOMER}/exchange-sessions"
    assert post["content-type"] == "application/vnd.dwolla.v1.hal+json"
    assert json.loads(post["body"])["_links"]["exchange-partner"]["href"].startswith(
        fake.base_url + "/exchange-partners/"
    )
    uuid.UUID(post["idempotency-key"])


def test_create_plaid_session_with_redirect_and_retrieve(fake: FakeDwolla, dwolla: Dwolla) -> None:
    session = dwolla.exchange_sessions.create(
        f"{fake.base_url}/customers/{CUSTOMER}",
        "plaid",
        "https://app.example.com/plaid",
        retrieve=True,
    )
    assert isinstance(session, ExchangeSession)
    token = dwolla_exchange.plaid_link_token(session)
    assert token is not None
    assert token.startswith("link-sandbox-")
    body = json.loads(_posts(fake)[0]["body"])
    assert body["_links"]["redirect-url"] == {"href": "https://app.example.com/plaid"}


@pytest.mark.parametrize("package", ["com.example.app123", "io.plaid.link_demo"])
def test_plaid_on_android_sends_the_package_name_as_redirect_url(
    fake: FakeDwolla, dwolla: Dwolla, package: str
) -> None:
    # Dwolla's Plaid-on-Android examples send the app's package name, not an https URL.
    session = dwolla.exchange_sessions.create(CUSTOMER, "Plaid", package, retrieve=True)
    assert dwolla_exchange.plaid_link_token(session) is not None
    exchange = fake.add_exchange("Plaid")
    dwolla.exchange_sessions.reauth(exchange, package)
    sent = [json.loads(post["body"])["_links"]["redirect-url"] for post in _posts(fake)]
    assert sent == [{"href": package}, {"href": package}]


def test_a_partner_name_with_a_dot_is_looked_up(fake: FakeDwolla, dwolla: Dwolla) -> None:
    # "Checkout.com" is a partner name as Dwolla lists it; it is looked up, never sent as is.
    partner_id = fake.example_id("CheckoutExchangePartner")
    session = dwolla.exchange_sessions.create(CUSTOMER, "Checkout.com", retrieve=True)
    assert isinstance(dwolla_exchange.handoff(session), dwolla_exchange.CheckoutPaymentSession)
    (post,) = _posts(fake)
    assert json.loads(post["body"])["_links"]["exchange-partner"]["href"].endswith(partner_id)


def test_create_accepts_partner_models_ids_and_hrefs(fake: FakeDwolla, dwolla: Dwolla) -> None:
    plaid = next(p for p in dwolla.exchange_partners.list() if p.name == "Plaid")
    for partner in (plaid, str(plaid.id), plaid.links.self_.href):
        session = dwolla.exchange_sessions.create(CUSTOMER, partner, retrieve=True)
        assert dwolla_exchange.plaid_link_token(session) is not None


@pytest.mark.anyio
async def test_async_create_and_reauth(fake: FakeDwolla) -> None:
    exchange = fake.add_exchange("MX")
    async with fake.async_client() as dwolla:
        created = await dwolla.exchange_sessions.create(CUSTOMER, "Plaid", retrieve=True)
        reauthed = await dwolla.exchange_sessions.reauth(exchange, retrieve=True)
        partners = await dwolla.exchange_partners.list()
    assert dwolla_exchange.plaid_link_token(created) is not None
    assert dwolla_exchange.external_provider_session_url(reauthed) is not None
    assert len(partners) == 6  # one per name


def test_reauth_sends_an_empty_body_and_returns_the_href(fake: FakeDwolla, dwolla: Dwolla) -> None:
    exchange = fake.add_exchange("Plaid")
    href = dwolla.exchange_sessions.reauth(f"{fake.base_url}/exchanges/{exchange}")
    assert dwolla_exchange.plaid_link_token(dwolla.exchange_sessions.retrieve(href)) is not None
    assert json.loads(_posts(fake)[0]["body"]) == {}


def test_reauth_unknown_exchange_is_404(dwolla: Dwolla) -> None:
    with pytest.raises(NotFoundError):
        dwolla.exchange_sessions.reauth(str(uuid.uuid4()))


def test_partner_without_sessions_gets_validation_details(dwolla: Dwolla) -> None:
    with pytest.raises(BadRequestError) as caught:
        dwolla.exchange_sessions.create(CUSTOMER, "Flinks")
    assert caught.value.code == "ValidationError"
    assert caught.value.details[0].code == "NotAllowed"
    assert caught.value.details[0].path == "/_links/exchange-partner/href"


@pytest.mark.parametrize(
    ("customer", "partner", "redirect", "key", "error"),
    [
        ("not-a-uuid", "MX", None, None, ValueError),
        (CUSTOMER, "No Such Partner", None, None, ValueError),
        (CUSTOMER, "MX/../x", None, None, ValueError),
        (CUSTOMER, "MX", "http://insecure.example.com", None, ValueError),
        (CUSTOMER, "MX", "https://x.example.com/a b", None, ValueError),
        (CUSTOMER, "MX", "app", None, ValueError),  # neither a URL nor a package name
        (CUSTOMER, "MX", "com..example", None, ValueError),
        (CUSTOMER, "MX", "1com.example", None, ValueError),
        (CUSTOMER, "<script>", None, None, ValueError),
        (CUSTOMER, "MX", 42, None, TypeError),
        (CUSTOMER, "MX", None, "", ValueError),
        (CUSTOMER, "MX", None, "has space", ValueError),
        (CUSTOMER, "MX", None, 7, TypeError),
        (f"https://evil.example/customers/{CUSTOMER}", "MX", None, None, ValueError),
        (CUSTOMER, None, None, None, TypeError),
    ],
)
def test_bad_create_input_sends_no_post(
    fake: FakeDwolla,
    dwolla: Dwolla,
    customer: object,
    partner: object,
    redirect: object,
    key: object,
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        dwolla.exchange_sessions.create(customer, partner, redirect, idempotency_key=key)  # type: ignore[call-overload]
    assert _posts(fake) == []


def test_post_retried_with_the_same_idempotency_key(fake: FakeDwolla) -> None:
    fake.inject(Fault.error(503), "/customers/*", times=2)
    with fake.client(retry_backoff=0.001) as dwolla:
        href = dwolla.exchange_sessions.create(CUSTOMER, "MX")
    posts = _posts(fake)
    assert len(posts) == 3
    assert len({p["idempotency-key"] for p in posts}) == 1
    assert href in fake.examples.values() or href.rsplit("/", 1)[-1] in fake.ids(
        "exchange-sessions"
    )


def test_post_after_reset_recovers_with_one_session(fake: FakeDwolla, dwolla: Dwolla) -> None:
    fake.inject(
        Fault.reset_during_body(), "/customers/*", times=1
    )  # 201 has no body: a reset after headers
    before = len(fake.ids("exchange-sessions"))
    dwolla.exchange_sessions.create(CUSTOMER, "Plaid", idempotency_key="my-key-1")
    posts = _posts(fake)
    assert [p["idempotency-key"] for p in posts] == ["my-key-1", "my-key-1"]
    assert len(fake.ids("exchange-sessions")) == before + 1  # the retry did not create a second


def test_same_key_twice_returns_the_first_session(fake: FakeDwolla, dwolla: Dwolla) -> None:
    first = dwolla.exchange_sessions.create(CUSTOMER, "MX", idempotency_key="order-42")
    second = dwolla.exchange_sessions.create(CUSTOMER, "MX", idempotency_key="order-42")
    assert first == second


def test_post_without_a_key_is_never_retried() -> None:
    import httpx

    def retried(request: httpx.Request) -> bool:
        retrying = Retrying(request, RetryPolicy(backoff=0.0))
        retrying.begin()
        return retrying.after_response(httpx.Response(503)) is not None

    bare = httpx.Request("POST", "https://api.dwolla.com/customers/x/exchange-sessions")
    keyed = httpx.Request("POST", "https://api.dwolla.com/x", headers={"Idempotency-Key": "k"})
    assert not retried(bare)
    assert retried(keyed)
    assert retried(httpx.Request("GET", "https://api.dwolla.com/x"))


def test_post_fails_after_retries_are_spent(fake: FakeDwolla) -> None:
    fake.inject(Fault.error(500), "/customers/*", times=None)
    with fake.client(retry_backoff=0.001, max_retries=1) as dwolla, pytest.raises(ServerError):
        dwolla.exchange_sessions.create(CUSTOMER, "MX")
    assert len(_posts(fake)) == 2


def test_created_location_off_origin_is_a_validation_error(
    fake: FakeDwolla, dwolla: Dwolla
) -> None:
    from dwolla_exchange import ResponseValidationError

    fake.inject(Fault.respond(201, b""), "/customers/*")  # no Location header at all
    with pytest.raises(ResponseValidationError, match="no Location"):
        dwolla.exchange_sessions.create(CUSTOMER, "MX")
