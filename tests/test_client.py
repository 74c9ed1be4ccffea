"""The client against the loopback fake: retrieval, auth, errors and link following."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest

import dwolla_exchange
from dwolla_exchange import (
    APIStatusError,
    AsyncDwolla,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    Dwolla,
    ExchangePartner,
    ExchangeSession,
    ForbiddenError,
    NotFoundError,
    RateLimitError,
    ServerError,
    UnsafeLinkError,
)
from dwolla_exchange.testing import FakeDwolla, Fault

from .conftest import SESSION_EXAMPLES, example_value

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
PARTNER_NAMES = {
    "MxExchangeSession": "MX",
    "PlaidExchangeSession": "Plaid",
    "MxExchangeSessionSecond": "MX",
}


@pytest.fixture
def dwolla(fake: FakeDwolla) -> Iterator[Dwolla]:
    with fake.client() as client:
        yield client


# -- the main job ------------------------------------------------------------------------


@pytest.mark.parametrize("example", SESSION_EXAMPLES)
def test_retrieve_documented_sessions_and_follow_partner(
    fake: FakeDwolla, dwolla: Dwolla, example: str
) -> None:
    session = dwolla.exchange_sessions.retrieve(fake.example_id(example))

    documented = example_value(example)
    assert isinstance(session, ExchangeSession)
    assert session.created == datetime.datetime.fromisoformat(documented["created"])
    assert session.created.tzinfo is not None
    partner = dwolla.follow(session.links.exchange_partner)
    assert isinstance(partner, ExchangePartner)
    assert isinstance(partner, ExchangePartner)  # from its resource-type
    assert partner.name == PARTNER_NAMES[example]
    if example.startswith("Mx"):
        widget = documented["_links"]["external-provider-session"]["href"]
        assert dwolla_exchange.external_provider_session_url(session) == widget
        assert dwolla_exchange.plaid_link_token(session) is None
    else:
        assert (
            dwolla_exchange.plaid_link_token(session) == documented["externalProviderSessionToken"]
        )
        assert dwolla_exchange.external_provider_session_url(session) is None
    assert str(dwolla_exchange.session_id(session)) == fake.example_id(example)


@pytest.mark.anyio
@pytest.mark.parametrize("example", SESSION_EXAMPLES)
async def test_async_retrieve_documented_sessions_and_follow_partner(
    fake: FakeDwolla, example: str
) -> None:
    async with fake.async_client() as dwolla:
        session = await dwolla.exchange_sessions.retrieve(fake.example_id(example))
        partner = await dwolla.follow(session.links.exchange_partner)
    assert session.created == datetime.datetime.fromisoformat(example_value(example)["created"])
    assert isinstance(partner, ExchangePartner)  # from its resource-type
    assert partner.name == PARTNER_NAMES[example]


def test_retrieve_by_href_and_partner_by_id(fake: FakeDwolla, dwolla: Dwolla) -> None:
    session = dwolla.exchange_sessions.retrieve(fake.examples["PlaidExchangeSession"])
    partner = dwolla.exchange_partners.retrieve(session.links.exchange_partner.href)
    again = dwolla.exchange_partners.retrieve(str(partner.id))
    assert again.name == partner.name == "Plaid"


def test_every_request_sends_hal_accept_and_user_agent(fake: FakeDwolla, dwolla: Dwolla) -> None:
    dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    api_requests = fake.requests_to("/exchange-sessions/")
    assert len(api_requests) == 1
    headers = api_requests[0].headers
    assert headers["accept"] == "application/vnd.dwolla.v1.hal+json"
    assert headers["user-agent"].startswith(f"dwolla-exchange/{dwolla_exchange.__version__}")
    assert headers["authorization"].startswith("Bearer fake-")


def test_unknown_resource_type_comes_back_as_a_hal_dict(fake: FakeDwolla, dwolla: Dwolla) -> None:
    session_href = fake.examples["PlaidExchangeSession"]
    body = dwolla.follow({"href": session_href, "resource-type": "something-new"})
    assert isinstance(body, dict)
    links: Any = body["_links"]
    assert links["self"]["href"] == session_href


# -- auth --------------------------------------------------------------------------------


def test_one_token_is_reused(fake: FakeDwolla, dwolla: Dwolla) -> None:
    for _ in range(5):
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    assert fake.token_requests == 1
    token_request = fake.requests_to("/token")[0]
    headers = token_request.headers
    assert headers["authorization"].startswith("Basic ")
    assert token_request.body == b"grant_type=client_credentials"
    assert headers["user-agent"].startswith(f"dwolla-exchange/{dwolla_exchange.__version__} ")
    assert headers["content-type"] == "application/x-www-form-urlencoded"


def test_32_threads_make_exactly_one_token_request(fake: FakeDwolla) -> None:
    fake.inject(Fault.latency(0.2), "/token")  # widen the window in which threads could race
    session_id = fake.example_id("PlaidExchangeSession")
    barrier = threading.Barrier(32)
    failures: list[BaseException] = []

    with fake.client() as dwolla:

        def worker() -> None:
            try:
                barrier.wait(timeout=10)
                dwolla.exchange_sessions.retrieve(session_id)
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(32)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert not failures
    assert fake.token_requests == 1
    assert len(fake.requests_to("/exchange-sessions/")) == 32


@pytest.mark.anyio
async def test_64_tasks_make_exactly_one_token_request(fake: FakeDwolla) -> None:
    fake.inject(Fault.latency(0.2), "/token")
    session_id = fake.example_id("PlaidExchangeSession")
    results: list[ExchangeSession] = []
    async with fake.async_client() as dwolla:

        async def worker() -> None:
            results.append(await dwolla.exchange_sessions.retrieve(session_id))

        async with anyio.create_task_group() as group:
            for _ in range(64):
                group.start_soon(worker)
    assert len(results) == 64
    assert fake.token_requests == 1


def test_expired_token_is_dropped_and_request_retried_once(
    fake: FakeDwolla, dwolla: Dwolla
) -> None:
    session_id = fake.example_id("PlaidExchangeSession")
    dwolla.exchange_sessions.retrieve(session_id)
    fake.expire_tokens()

    dwolla.exchange_sessions.retrieve(session_id)

    assert fake.token_requests == 2
    paths = [r.path for r in fake.requests]
    assert paths == [
        "/token",
        f"/exchange-sessions/{session_id}",
        f"/exchange-sessions/{session_id}",
        "/token",
        f"/exchange-sessions/{session_id}",
    ]


@pytest.mark.anyio
async def test_async_expired_token_is_dropped_and_request_retried_once(fake: FakeDwolla) -> None:
    session_id = fake.example_id("PlaidExchangeSession")
    async with fake.async_client() as dwolla:
        await dwolla.exchange_sessions.retrieve(session_id)
        fake.expire_tokens()
        await dwolla.exchange_sessions.retrieve(session_id)
    assert fake.token_requests == 2


def test_token_renewed_early_before_expiry() -> None:
    fake = FakeDwolla(token_lifetime=1.0)  # renewed at half the lifetime: 0.5 s; in-process
    session_id = fake.example_id("PlaidExchangeSession")
    with fake.client() as dwolla:
        dwolla.exchange_sessions.retrieve(session_id)
        threading.Event().wait(0.6)
        dwolla.exchange_sessions.retrieve(session_id)
    assert fake.token_requests == 2
    # No request was ever rejected: the token was replaced before the fake expired it.
    assert len(fake.requests_to("/exchange-sessions/")) == 2


@pytest.mark.parametrize(
    ("lifetime", "renew_at"),
    [(3600.0, 3540.0), (120.0, 60.0), (10.0, 5.0)],  # min(60 s, half the lifetime) early
)
def test_token_cache_renews_early_on_its_clock(lifetime: float, renew_at: float) -> None:
    from dwolla_exchange._auth import TokenCache

    now = [1000.0]
    cache = TokenCache(clock=lambda: now[0])
    cache.store("t1", lifetime)
    now[0] = 1000.0 + renew_at - 0.001
    assert cache.usable() is not None
    now[0] = 1000.0 + renew_at
    assert cache.usable() is None
    cache.store("t2", lifetime)
    cache.invalidate("t1")  # a stale 401 for the old token must not drop the new one
    assert cache.usable() is not None
    cache.invalidate("t2")
    assert cache.usable() is None


def test_second_401_is_not_retried_again(fake: FakeDwolla, dwolla: Dwolla) -> None:
    fake.inject(Fault.error(401), "/exchange-sessions/*", times=2)
    with pytest.raises(AuthenticationError) as caught:
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    assert caught.value.code == "InvalidAccessToken"
    assert len(fake.requests_to("/exchange-sessions/")) == 2


def test_bad_secret_raises_authentication_error_with_oauth_error(fake: FakeDwolla) -> None:
    with (
        Dwolla(client_id=fake.client_id, client_secret="wrong", base_url=fake.base_url) as dwolla,
        pytest.raises(AuthenticationError) as caught,
    ):
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    assert caught.value.status_code == 401
    assert caught.value.code == "invalid_client"
    assert fake.requests_to("/exchange-sessions/") == []
    assert "wrong" not in str(caught.value)


@pytest.mark.anyio
async def test_async_bad_secret_raises_authentication_error(fake: FakeDwolla) -> None:
    async with AsyncDwolla(
        client_id=fake.client_id, client_secret="wrong", base_url=fake.base_url
    ) as dwolla:
        with pytest.raises(AuthenticationError):
            await dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))


# -- typed errors from real responses ----------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "error_class", "code"),
    [
        (Fault.error(400), BadRequestError, "BadRequest"),
        (Fault.error(403), ForbiddenError, "Forbidden"),
        (Fault.error(409), ConflictError, "Conflict"),
        (Fault.error(429, retry_after=120), RateLimitError, "TooManyRequests"),
        (Fault.error(500), ServerError, "ServerError"),
        (
            Fault.respond(405, b'{"code": "MethodNotAllowed", "message": "no"}'),
            APIStatusError,
            "MethodNotAllowed",
        ),
        (
            Fault.respond(404, b'{"code": "notFound", "message": "lower case"}'),
            NotFoundError,
            "notFound",
        ),
        (
            Fault.respond(400, b'{"code": "ServerError", "message": "code and status disagree"}'),
            BadRequestError,
            "ServerError",
        ),
    ],
)
def test_each_error_class_from_a_real_response(
    fake: FakeDwolla, fault: Fault, error_class: type[APIStatusError], code: str
) -> None:
    fake.inject(fault, "/exchange-sessions/*", times=None)
    with fake.client(max_retries=0) as dwolla, pytest.raises(error_class) as caught:
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    error = caught.value
    assert type(error) is error_class
    assert error.code == code
    assert error.request_id
    assert str(error).startswith(f"{error.status_code} {code}: ")
    assert f"(request id {error.request_id})" in str(error)


def test_404_for_unknown_id(fake: FakeDwolla, dwolla: Dwolla) -> None:
    with pytest.raises(NotFoundError) as caught:
        dwolla.exchange_sessions.retrieve(UNKNOWN_ID)
    assert caught.value.status_code == 404
    assert caught.value.message == "The requested resource was not found."
    assert caught.value.body == {
        "code": "NotFound",
        "message": "The requested resource was not found.",
    }


@pytest.mark.anyio
async def test_async_404_for_unknown_id(fake: FakeDwolla) -> None:
    async with fake.async_client() as dwolla:
        with pytest.raises(NotFoundError):
            await dwolla.exchange_partners.retrieve(UNKNOWN_ID)


def test_validation_details_are_parsed(fake: FakeDwolla, dwolla: Dwolla) -> None:
    body = (
        b'{"code": "ValidationError", "message": "Validation error(s) present.", "_embedded": {"errors": ['
        b'{"code": "Required", "message": "Exchange partner required.", "path": "/_links/exchange-partner/href", "_links": {}}]}}'
    )
    fake.inject(Fault.respond(400, body), "/exchange-sessions/*")
    with pytest.raises(BadRequestError) as caught:
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    assert caught.value.details == [
        dwolla_exchange.errors.ValidationDetail(
            "Required", "Exchange partner required.", "/_links/exchange-partner/href"
        )
    ]
    assert "/_links/exchange-partner/href: Required" in str(caught.value)


def test_rate_limit_error_carries_retry_after(fake: FakeDwolla, dwolla: Dwolla) -> None:
    fake.inject(Fault.error(429, retry_after=300), "/exchange-sessions/*")
    with pytest.raises(RateLimitError) as caught:
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    assert caught.value.retry_after == 300
    assert len(fake.requests_to("/exchange-sessions/")) == 1


# -- link following ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        {
            "href": "https://int-widgets.moneydesktop.com/md/connect/abc",
            "resource-type": "text/html",
        },
        {
            "href": "https://evil.example/exchange-partners/bca8d065-49a5-475b-a6b4-509bc8504d22",
            "resource-type": "exchange-partner",
        },
        {
            "href": "https://api.dwolla.com/exchange-partners/bca8d065-49a5-475b-a6b4-509bc8504d22",
            "resource-type": "exchange-partner",
        },
        {"href": "//evil.example/exchange-partners/x", "resource-type": "exchange-partner"},
        {"href": "http://127.0.0.2:1/x", "resource-type": "exchange-partner"},
        {
            "href": "/exchange-partners/bca8d065-49a5-475b-a6b4-509bc8504d22",
            "type": "text/html; charset=utf-8",
        },
    ],
)
def test_foreign_and_browser_links_are_refused_before_sending(
    fake: FakeDwolla, dwolla: Dwolla, link: dict[str, str]
) -> None:
    dwolla.exchange_sessions.retrieve(fake.example_id("MxExchangeSession"))
    before = len(fake.requests)
    with pytest.raises(UnsafeLinkError):
        dwolla.follow(link)
    assert len(fake.requests) == before


def test_mx_widget_link_is_refused_and_offered_as_url(fake: FakeDwolla, dwolla: Dwolla) -> None:
    session = dwolla.exchange_sessions.retrieve(fake.example_id("MxExchangeSession"))
    with pytest.raises(UnsafeLinkError, match="text/html"):
        dwolla.follow(session.links.external_provider_session)
    widget_url = dwolla_exchange.external_provider_session_url(session)
    assert widget_url is not None
    assert widget_url.startswith("https://int-widgets.moneydesktop.com/")


def test_foreign_link_never_reaches_the_foreign_origin() -> None:
    # Two fakes: the API and a "foreign" host. A link to the second is refused, and the
    # second's request log proves nothing reached it, with or without credentials.
    with FakeDwolla() as api, FakeDwolla() as foreign, api.client() as dwolla:
        foreign_href = foreign.examples["MxExchangePartner"]
        with pytest.raises(UnsafeLinkError, match="not on the API origin"):
            dwolla.follow({"href": foreign_href, "resource-type": "exchange-partner"})
        assert foreign.requests == []


def test_https_to_http_downgrade_is_refused() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(500))
    with (
        Dwolla(
            client_id="id",
            client_secret="secret",
            base_url="https://api.example.test",
            http_client=httpx.Client(transport=transport),
        ) as dwolla,
        pytest.raises(UnsafeLinkError, match="downgrades https to http"),
    ):
        dwolla.follow(
            {
                "href": "http://api.example.test/exchange-partners/x",
                "resource-type": "exchange-partner",
            }
        )


@pytest.mark.anyio
async def test_async_foreign_link_is_refused(fake: FakeDwolla) -> None:
    async with fake.async_client() as dwolla:
        with pytest.raises(UnsafeLinkError):
            await dwolla.follow(
                {"href": "https://evil.example/x", "resource-type": "exchange-partner"}
            )
    assert fake.requests == []


# -- configuration -----------------------------------------------------------------------


def test_credentials_and_base_url_from_environment(
    fake: FakeDwolla, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DWOLLA_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("DWOLLA_CLIENT_SECRET", fake.client_secret)
    monkeypatch.setenv("DWOLLA_BASE_URL", fake.base_url)
    with Dwolla() as dwolla:
        assert (
            dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession")).created.year
            == 2024
        )


@pytest.mark.parametrize(
    ("environment", "origin"),
    [
        ("sandbox", "https://api-sandbox.dwolla.com"),
        ("production", "https://api.dwolla.com"),
        (None, "https://api-sandbox.dwolla.com"),
    ],
)
def test_environments(
    environment: str | None, origin: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DWOLLA_BASE_URL", raising=False)
    monkeypatch.delenv("DWOLLA_ENVIRONMENT", raising=False)
    with Dwolla(client_id="id", client_secret="secret", environment=environment) as dwolla:
        assert dwolla.base_url == origin


@pytest.mark.parametrize(("value", "origin"), [("Sandbox", "sandbox"), ("PRODUCTION", "")])
def test_dwolla_environment_variable_is_case_insensitive(
    value: str, origin: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DWOLLA_BASE_URL", raising=False)
    monkeypatch.setenv("DWOLLA_ENVIRONMENT", value)
    with Dwolla(client_id="id", client_secret="secret") as dwolla:
        assert dwolla.base_url == f"https://api{'-' + origin if origin else ''}.dwolla.com"
    monkeypatch.setenv("DWOLLA_ENVIRONMENT", "staging")
    with pytest.raises(ValueError, match=r"^DWOLLA_ENVIRONMENT must be"):
        Dwolla(client_id="id", client_secret="secret")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"client_secret": "s"}, "client_id is required"),
        ({"client_id": "i"}, "client_secret is required"),
        ({"client_id": "i", "client_secret": "s", "environment": "staging"}, "environment must be"),
        (
            {"client_id": "i", "client_secret": "s", "base_url": "http://api.example.test"},
            "plain http",
        ),
        ({"client_id": "i", "client_secret": "s", "base_url": "ftp://x"}, "http\\(s\\) URL"),
        (
            {
                "client_id": "i",
                "client_secret": "s",
                "base_url": "https://user:pw@api.example.test",
            },
            "must not carry credentials",
        ),
        ({"client_id": "i", "client_secret": "s", "max_retries": -1}, "max_retries"),
        ({"client_id": "i", "client_secret": "s", "timeout": 0}, "timeout"),
    ],
)
def test_bad_configuration_is_refused(
    kwargs: dict[str, object], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "DWOLLA_CLIENT_ID",
        "DWOLLA_CLIENT_SECRET",
        "DWOLLA_ENVIRONMENT",
        "DWOLLA_BASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValueError, match=message):
        Dwolla(**kwargs)  # type: ignore[arg-type]


def test_plain_http_allowed_for_loopback_only() -> None:
    for url in ("http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"):
        Dwolla(client_id="i", client_secret="s", base_url=url).close()


def test_user_http_client_is_used_and_not_closed(fake: FakeDwolla) -> None:
    seen: list[str] = []
    http = httpx.Client(event_hooks={"request": [lambda request: seen.append(request.url.path)]})
    with Dwolla(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    ) as dwolla:
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    assert seen == ["/token", f"/exchange-sessions/{fake.example_id('PlaidExchangeSession')}"]
    assert not http.is_closed
    http.close()


def test_one_connection_pool_per_client(fake: FakeDwolla, dwolla: Dwolla) -> None:
    # Keep-alive over one pool: the fake sees every request arrive on one connection.
    dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    fake.clear_requests()
    for _ in range(3):
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    ports = {request.client_port for request in fake.requests}
    assert len(fake.requests) == 3
    assert len(ports) == 1
    assert ports != {0}


@pytest.mark.parametrize(
    "url", ["http://evil.localhost:8080", "http://localhost.example.com", "http://127.0.0.1.nip.io"]
)
def test_plain_http_refused_for_names_that_dns_may_resolve_anywhere(url: str) -> None:
    with pytest.raises(ValueError, match="plain http"):
        Dwolla(client_id="i", client_secret="s", base_url=url)


def test_plain_http_allowed_for_every_loopback_literal() -> None:
    for url in (
        "http://127.0.0.2:8080",
        "http://127.255.255.254",
        "http://[::1]",
        "http://LOCALHOST:1",
    ):
        Dwolla(client_id="i", client_secret="s", base_url=url).close()


def test_async_calls_do_not_keep_their_responses_alive() -> None:
    # Each attempt's deadline is an asyncio timer; cancelled, it stays queued with the
    # context it was made in (which holds the attempt) until the loop purges it. The
    # attempt must not hold the response by then, or every response stays in memory.
    import asyncio
    import gc

    from dwolla_exchange.testing import FakeDwolla

    fake = FakeDwolla()

    async def calls() -> int:
        # Any earlier timer in the application (a keep-alive, a heartbeat) keeps cancelled
        # ones queued behind it; the loop purges them only past 100 handles.
        heartbeat = asyncio.get_running_loop().call_later(20, lambda: None)
        gc.collect()
        before = {id(o) for o in gc.get_objects() if isinstance(o, httpx.Response)}
        async with fake.async_client(timeout=30.0) as dwolla:  # a deadline: a timer per attempt
            for _ in range(60):
                await dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
            gc.collect()
            alive = sum(
                isinstance(o, httpx.Response) and id(o) not in before for o in gc.get_objects()
            )
        heartbeat.cancel()
        return alive

    assert asyncio.run(calls()) <= 2


def test_import_loads_only_the_models_retrieve_needs_and_the_rest_on_first_use() -> None:
    import subprocess
    import sys

    code = (
        "import sys, dwolla_exchange\n"
        "loaded = lambda: sorted(m.rsplit('.', 1)[1] for m in sys.modules"
        " if m.startswith('dwolla_exchange_api.models.'))\n"
        "print(len(loaded()), 'funding_source_balance' in loaded())\n"
        "print(dwolla_exchange.webhooks.sign(b'body', 'secret')[:8], dwolla_exchange.FundingSourceBalance.__name__)\n"
        "print('funding_source_balance' in loaded(), 'webhook_event' in loaded())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    first, second, third = result.stdout.splitlines()
    count, balance_loaded = first.split()
    assert int(count) <= 10  # of 45 models
    assert balance_loaded == "False"
    assert second == "dc469835 FundingSourceBalance"  # HMAC-SHA256("secret", "body")
    assert third == "True True"
