"""Against a server that misbehaves on purpose: caps, deadlines, shared token failures,
odd bodies and numbers, and a fuzz of everything a server controls.

Every server here is a real loopback socket (tests/hostile.py); both clients are tested.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import struct
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dwolla_exchange import (
    APITimeoutError,
    AsyncDwolla,
    AuthenticationError,
    Dwolla,
    DwollaError,
    NotFoundError,
    ResponseValidationError,
    ServerError,
    UnsafeLinkError,
)
from dwolla_exchange.errors import ResponseTooLargeError

from .conftest import example_value
from .hostile import Exchange, HostileServer

SESSION_ID = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d"
CUSTOMER = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55"
MIB = 1024 * 1024
HAL = "application/vnd.dwolla.v1.hal+json"


def _sync(server: HostileServer, **options: Any) -> Dwolla:
    options.setdefault("retry_backoff", 0.01)
    return Dwolla(
        client_id="id", client_secret="hostile-secret", base_url=server.base_url, **options
    )


def _async(server: HostileServer, **options: Any) -> AsyncDwolla:
    options.setdefault("retry_backoff", 0.01)
    return AsyncDwolla(
        client_id="id", client_secret="hostile-secret", base_url=server.base_url, **options
    )


def _outcome_sync(server: HostileServer, **options: Any) -> object:
    with _sync(server, **options) as dwolla:
        try:
            return dwolla.exchange_sessions.retrieve(SESSION_ID)
        except DwollaError as exc:
            return exc


def _outcome_async(server: HostileServer, **options: Any) -> object:
    async def run() -> object:
        async with _async(server, **options) as dwolla:
            try:
                return await dwolla.exchange_sessions.retrieve(SESSION_ID)
            except DwollaError as exc:
                return exc

    return asyncio.run(run())


FLAVOURS = {"sync": _outcome_sync, "async": _outcome_async}
flavours = pytest.mark.parametrize("outcome_of", FLAVOURS.values(), ids=FLAVOURS.keys())


# -- 2. response size caps -------------------------------------------------------------------


def _gzip_bomb() -> bytes:
    """1 GiB of zeros as ~1 MB of gzip: one compressed MiB, flushed so the next ones repeat."""
    zeros = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(zeros) + compressor.flush()
    crc = 0
    for _ in range(1024):
        crc = zlib.crc32(zeros, crc)
    return first + repeat * 1021 + last[:-8] + struct.pack("<II", crc, (1 << 30) & 0xFFFFFFFF)


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    return _gzip_bomb()


def _huge_body(exchange: Exchange) -> None:
    exchange.send(
        f"HTTP/1.1 200 OK\r\nContent-Type: {HAL}\r\nContent-Length: {100 * MIB}\r\n\r\n".encode()
    )
    chunk = b" " * 65536
    for _ in range(1600):  # 100 MiB, unless the client hangs up first
        exchange.send(chunk)


def _bomb_script(bomb: bytes, content_type: str = HAL) -> Callable[[Exchange], None]:
    def script(exchange: Exchange) -> None:
        exchange.send(
            f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Encoding: gzip\r\n"
            f"Content-Length: {len(bomb)}\r\n\r\n".encode()
        )
        exchange.send(bomb)

    return script


def _peak_growth(action: Callable[[], object]) -> tuple[object, int]:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        outcome = action()
        return outcome, tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


@flavours
@pytest.mark.parametrize("where", ["api", "token"])
@pytest.mark.parametrize("attack", ["100 MB body", "gzip bomb"])
def test_bodies_are_capped_while_streaming(
    outcome_of: Callable[..., object], where: str, attack: str, gzip_bomb: bytes
) -> None:
    script = _huge_body if attack == "100 MB body" else _bomb_script(gzip_bomb)
    server = (
        HostileServer(script)
        if where == "api"
        else HostileServer(lambda e: e.reply(404), token=script)
    )
    with server:
        outcome, growth = _peak_growth(lambda: outcome_of(server))
    assert isinstance(outcome, ResponseTooLargeError), outcome
    assert outcome.limit == MIB
    assert outcome.token_request is (where == "token")
    assert growth < 100 * MIB, f"peak growth {growth / MIB:.1f} MiB"


def test_the_cap_is_configurable_and_a_body_under_it_is_fine() -> None:
    body = json.dumps(example_value("PlaidExchangeSession")).encode()
    with HostileServer(lambda e: e.reply(200, body)) as server:
        assert not isinstance(_outcome_sync(server, max_response_bytes=len(body)), DwollaError)
        assert isinstance(
            _outcome_sync(server, max_response_bytes=len(body) - 1), ResponseTooLargeError
        )
    with pytest.raises(ValueError, match="max_response_bytes"):
        Dwolla(client_id="a", client_secret="b", max_response_bytes=0)


# -- 3. one deadline per attempt, token fetch included ----------------------------------------


def _drip_body(exchange: Exchange) -> None:
    exchange.send(f"HTTP/1.1 200 OK\r\nContent-Type: {HAL}\r\nContent-Length: 200\r\n\r\n".encode())
    for _ in range(120):
        exchange.send(b" ")
        time.sleep(0.5)


def _drip_headers(exchange: Exchange) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200:
        exchange.send(bytes([byte]))
        time.sleep(0.5)


@flavours
@pytest.mark.parametrize("drip", [_drip_body, _drip_headers], ids=["body", "headers"])
def test_a_dripping_response_ends_at_the_timeout(
    outcome_of: Callable[..., object], drip: Callable[[Exchange], None]
) -> None:
    with HostileServer(drip) as server:
        started = time.monotonic()
        outcome = outcome_of(server, timeout=2)
        elapsed = time.monotonic() - started
    assert isinstance(outcome, APITimeoutError), outcome
    assert elapsed < 3.5, f"{elapsed:.1f} s"
    assert server.count(f"/exchange-sessions/{SESSION_ID}") == 1  # timeouts are not retried


def _hanging_token(exchange: Exchange) -> None:
    exchange.hang(20)


def test_async_waiters_share_one_hanging_token_fetch() -> None:
    async def run(server: HostileServer) -> list[object]:
        async with _async(server, timeout=1) as dwolla:

            async def one() -> object:
                try:
                    return await dwolla.exchange_sessions.retrieve(SESSION_ID)
                except DwollaError as exc:
                    return exc

            return list(await asyncio.gather(*(one() for _ in range(16))))

    with HostileServer(lambda e: e.reply(404), token=_hanging_token) as server:
        started = time.monotonic()
        outcomes = asyncio.run(run(server))
        elapsed = time.monotonic() - started
        assert server.count("/token") == 1
    assert all(isinstance(o, APITimeoutError) and o.token_request for o in outcomes), outcomes
    assert elapsed < 2.5, f"{elapsed:.1f} s"


def test_threads_share_one_hanging_token_fetch() -> None:
    with HostileServer(lambda e: e.reply(404), token=_hanging_token) as server:
        with _sync(server, timeout=1) as dwolla, ThreadPoolExecutor(8) as pool:

            def one(_: int) -> object:
                try:
                    return dwolla.exchange_sessions.retrieve(SESSION_ID)
                except DwollaError as exc:
                    return exc

            started = time.monotonic()
            outcomes = list(pool.map(one, range(8)))
            elapsed = time.monotonic() - started
        assert server.count("/token") == 1
    assert all(isinstance(o, APITimeoutError) and o.token_request for o in outcomes), outcomes
    assert elapsed < 2.5, f"{elapsed:.1f} s"


@flavours
def test_a_per_call_timeout_bounds_the_token_request(outcome_of: Callable[..., object]) -> None:
    with HostileServer(lambda e: e.reply(404), token=_hanging_token) as server:
        if outcome_of is _outcome_sync:
            with _sync(server, timeout=30) as dwolla:
                started = time.monotonic()
                with pytest.raises(APITimeoutError) as caught:
                    dwolla.exchange_sessions.retrieve(SESSION_ID, timeout=0.5)
        else:

            async def run() -> None:
                async with _async(server, timeout=30) as dwolla:
                    await dwolla.exchange_sessions.retrieve(SESSION_ID, timeout=0.5)

            started = time.monotonic()
            with pytest.raises(APITimeoutError) as caught:
                asyncio.run(run())
    assert caught.value.token_request
    assert time.monotonic() - started < 1.5


def _token_503(exchange: Exchange) -> None:
    exchange.reply_json(503, {"code": "ServiceUnavailable", "message": "down"})


def test_64_async_callers_make_at_most_3_token_requests_while_token_fails() -> None:
    async def run(server: HostileServer) -> list[object]:
        async with _async(server) as dwolla:

            async def one() -> object:
                try:
                    return await dwolla.exchange_sessions.retrieve(SESSION_ID)
                except DwollaError as exc:
                    return exc

            return list(await asyncio.gather(*(one() for _ in range(64))))

    with HostileServer(lambda e: e.reply(404), token=_token_503) as server:
        outcomes = asyncio.run(run(server))
        assert server.count("/token") <= 3
        assert server.count(f"/exchange-sessions/{SESSION_ID}") == 0
    assert all(isinstance(o, ServerError) and o.token_request for o in outcomes)
    assert "token request: 503" in str(outcomes[0])


def test_32_threads_make_at_most_3_token_requests_while_token_fails() -> None:
    with HostileServer(lambda e: e.reply(404), token=_token_503) as server:
        with _sync(server) as dwolla, ThreadPoolExecutor(32) as pool:

            def one(_: int) -> object:
                try:
                    return dwolla.exchange_sessions.retrieve(SESSION_ID)
                except DwollaError as exc:
                    return exc

            outcomes = list(pool.map(one, range(32)))
        assert server.count("/token") <= 3
    assert all(isinstance(o, ServerError) for o in outcomes)


def test_a_failed_token_request_is_held_for_a_second_then_tried_again() -> None:
    server = HostileServer(lambda e: e.reply(404), token=_token_503)
    with server, _sync(server, max_retries=0) as dwolla:
        for _ in range(3):  # within the hold: the same failure, no new token request
            with pytest.raises(ServerError) as caught:
                dwolla.exchange_sessions.retrieve(SESSION_ID)
            assert caught.value.token_request
        held = server.count("/token")
        time.sleep(1.2)
        with pytest.raises(ServerError):
            dwolla.exchange_sessions.retrieve(SESSION_ID)
        after = server.count("/token")
    assert held == 1
    assert after == 2  # the hold ends: a later call asks again instead of failing forever


# -- 4. every failure a server can cause is a DwollaError --------------------------------------

DEEP = b"[" * 200_000 + b"]" * 200_000


@flavours
@pytest.mark.parametrize(
    ("status", "where", "expected"),
    [
        (200, "api", ResponseValidationError),
        (404, "api", NotFoundError),
        (401, "api", AuthenticationError),
        (200, "token", ResponseValidationError),
        (400, "token", DwollaError),
    ],
)
def test_deeply_nested_json_is_a_typed_error(
    outcome_of: Callable[..., object], status: int, where: str, expected: type[DwollaError]
) -> None:
    def deep(exchange: Exchange) -> None:
        exchange.reply(status, DEEP, content_type="application/json")

    server = (
        HostileServer(deep) if where == "api" else HostileServer(lambda e: e.reply(404), token=deep)
    )
    with server:
        outcome = outcome_of(server, max_retries=0)
    assert isinstance(outcome, expected), outcome


def _token_with(**fields: object) -> Callable[[Exchange], None]:
    def script(exchange: Exchange) -> None:
        document = {"access_token": "abc123", "token_type": "bearer", "expires_in": 3600, **fields}
        text = json.dumps(document).replace('"__raw__', "").replace('__raw__"', "")
        exchange.reply(200, text.encode(), content_type="application/json")

    return script


@pytest.mark.parametrize(
    "expires_in",
    ["__raw__1e400__raw__", "__raw__NaN__raw__", "__raw__-Infinity__raw__", 0, -5, 0.2, "3600"],
)
def test_unusable_token_lifetimes_are_refused(expires_in: object) -> None:
    with HostileServer(lambda e: e.reply(404), token=_token_with(expires_in=expires_in)) as server:
        outcome = _outcome_sync(server, max_retries=0)
        assert isinstance(outcome, ResponseValidationError), outcome
        assert outcome.token_request
        assert server.count(f"/exchange-sessions/{SESSION_ID}") == 0


def test_an_absurd_token_lifetime_is_clamped_not_trusted_forever() -> None:
    body = json.dumps(example_value("PlaidExchangeSession")).encode()
    with HostileServer(
        lambda e: e.reply(200, body), token=_token_with(expires_in=10**15)
    ) as server:
        with _sync(server) as dwolla:
            dwolla.exchange_sessions.retrieve(SESSION_ID)
            dwolla.exchange_sessions.retrieve(SESSION_ID)
            token = dwolla._auth.cache.usable()
        assert server.count("/token") == 1
    assert token is not None
    assert token.renew_at - time.monotonic() <= 86_400


ODD_HREFS = [
    "http://[::1",
    "http://127.0.0.1:99999/exchange-sessions/x",
    "http://127.0.0.1:abc/",
    "https://exa mple.com/",
    "http://127.0.0.1:1/\x00",
    "\ud800",
]


@pytest.mark.parametrize("href", ODD_HREFS)
def test_follow_refuses_odd_hrefs_with_unsafe_link_error(href: str) -> None:
    with HostileServer(lambda e: e.reply(404)) as server, _sync(server) as dwolla:
        with pytest.raises(UnsafeLinkError):
            dwolla.follow({"href": href, "resource-type": "exchange-session"})
        assert server.log == []


# Fuzz: whatever status, headers and body a server sends, the outcome is a model or a
# DwollaError. Bodies mix random bytes, random JSON, and documented bodies with a field broken.

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
_documented = st.sampled_from(["PlaidExchangeSession", "MxExchangeSession"]).map(example_value)


@st.composite
def _broken_document(draw: st.DrawFn) -> bytes:
    document = draw(_documented)
    key = draw(st.sampled_from([*document.keys(), "_links", "created", "new"]))
    document[key] = draw(_json)
    return json.dumps(document).encode()


_bodies = st.one_of(
    st.binary(max_size=200),
    _json.map(lambda value: json.dumps(value).encode()),
    _broken_document(),
    st.just(DEEP),
)
_headers = st.dictionaries(
    st.sampled_from(
        ["Retry-After", "Location", "Content-Encoding", "X-Request-Id", "Content-Type"]
    ),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30),
    max_size=3,
)
_statuses = st.sampled_from(
    [200, 201, 204, 301, 400, 401, 403, 404, 409, 429, 500, 502, 503]
) | st.integers(200, 599)


class _Scripted:
    def __init__(self) -> None:
        self.status, self.body = 200, b""
        self.headers: dict[str, str] = {}

    def __call__(self, exchange: Exchange) -> None:
        headers = {"Content-Type": HAL, **self.headers}
        head = [f"HTTP/1.1 {self.status} Whatever", f"Content-Length: {len(self.body)}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        exchange.send(("\r\n".join(head) + "\r\n\r\n").encode() + self.body)


@pytest.fixture(scope="module")
def scripted() -> Iterator[tuple[_Scripted, _Scripted, HostileServer]]:
    api, token = _Scripted(), _Scripted()
    token.body = b""
    with HostileServer(api, token=token) as server:
        yield api, token, server


def _calls(dwolla: Dwolla | AsyncDwolla, server: HostileServer) -> list[Callable[[], Any]]:
    """One call per way the client reads a response (coroutines for the async client)."""
    partner = f"{server.base_url}/exchange-partners/{SESSION_ID}"
    link = {"href": f"/exchange-sessions/{SESSION_ID}", "resource-type": "x"}
    return [
        lambda: dwolla.exchange_sessions.retrieve(SESSION_ID),
        lambda: dwolla.exchange_partners.list(),
        lambda: dwolla.follow(link),
        lambda: dwolla.exchange_sessions.create(CUSTOMER, partner),
    ]


def _call_all_sync(server: HostileServer) -> None:
    with _sync(server, max_retries=0, timeout=2) as dwolla:
        for call in _calls(dwolla, server):
            with contextlib.suppress(DwollaError):
                call()


async def _call_all_async(server: HostileServer) -> None:
    async with _async(server, max_retries=0, timeout=2) as dwolla:
        for call in _calls(dwolla, server):
            with contextlib.suppress(DwollaError):
                await call()


_fuzz = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_fuzz
@given(status=_statuses, headers=_headers, body=_bodies, flavour=st.sampled_from(["sync", "async"]))
def test_fuzzed_api_responses_raise_only_dwolla_errors(
    scripted: tuple[_Scripted, _Scripted, HostileServer],
    status: int,
    headers: dict[str, str],
    body: bytes,
    flavour: str,
) -> None:
    api, token, server = scripted
    token.status, token.headers = 200, {"Content-Type": "application/json"}
    token.body = json.dumps(
        {"access_token": "tok123", "token_type": "bearer", "expires_in": 3600}
    ).encode()
    api.status, api.headers, api.body = status, headers, body
    if flavour == "sync":
        _call_all_sync(server)
    else:
        asyncio.run(_call_all_async(server))


@_fuzz
@given(status=_statuses, headers=_headers, body=_bodies, flavour=st.sampled_from(["sync", "async"]))
def test_fuzzed_token_responses_raise_only_dwolla_errors(
    scripted: tuple[_Scripted, _Scripted, HostileServer],
    status: int,
    headers: dict[str, str],
    body: bytes,
    flavour: str,
) -> None:
    api, token, server = scripted
    api.status, api.headers = 200, {}
    api.body = json.dumps(example_value("PlaidExchangeSession")).encode()
    token.status, token.headers, token.body = status, headers, body
    if flavour == "sync":
        _call_all_sync(server)
    else:
        asyncio.run(_call_all_async(server))


# -- 9. the retry budget ----------------------------------------------------------------------


def test_retry_budget_bounds_the_time_spent_waiting() -> None:
    def rate_limited(exchange: Exchange) -> None:
        exchange.reply_json(
            429, {"code": "TooManyRequests", "message": "slow"}, headers={"Retry-After": "0.7"}
        )

    with HostileServer(rate_limited) as server:
        started = time.monotonic()
        outcome = _outcome_sync(server, max_retries=20, retry_budget=1.0)
        elapsed = time.monotonic() - started
        attempts = server.count(f"/exchange-sessions/{SESSION_ID}")
    # One 0.7 s wait fits the 1 s budget; a second would overrun it, so the 429 stands.
    assert type(outcome).__name__ == "RateLimitError"
    assert attempts == 2
    assert elapsed < 1.5


def test_retry_budget_with_backoff_and_many_retries() -> None:
    with HostileServer(lambda e: e.reply_json(503, {"code": "ServiceUnavailable"})) as server:
        started = time.monotonic()
        outcome = _outcome_async(
            server, max_retries=50, retry_backoff=0.2, retry_backoff_max=0.2, retry_budget=0.5
        )
        elapsed = time.monotonic() - started
        attempts = server.count(f"/exchange-sessions/{SESSION_ID}")
    assert isinstance(outcome, ServerError)
    assert 2 <= attempts <= 6  # waits of 0.1-0.2 s until 0.5 s is spent, not 50 retries
    assert elapsed < 1.0


def test_default_retry_budget_is_documented_and_enforced() -> None:
    from dwolla_exchange._retry import RetryPolicy

    with Dwolla(client_id="a", client_secret="b") as dwolla:
        assert dwolla._settings.retry.budget == 60.0
    with pytest.raises(ValueError, match="retry_budget"):
        RetryPolicy(budget=float("nan"))


def test_fuzz_helpers_exercise_each_flavour() -> None:
    # The fuzz above must really reach the server: a documented body parses through it.
    api, token = _Scripted(), _Scripted()
    token.status, token.headers = 200, {"Content-Type": "application/json"}
    token.body = json.dumps(
        {"access_token": "tok123", "token_type": "bearer", "expires_in": 3600}
    ).encode()
    api.body = json.dumps(example_value("PlaidExchangeSession")).encode()
    with HostileServer(api, token=token) as server:
        outcome = _outcome_sync(server)
        assert not isinstance(outcome, DwollaError), outcome
        _call_all_sync(server)
        asyncio.run(_call_all_async(server))
        assert server.count("/exchange-partners") == 2


@pytest.fixture(autouse=True)
def _no_stray_threads() -> Iterator[None]:
    before = threading.active_count()
    yield
    # HostileServer threads end with their connections; a leak would grow without bound.
    assert threading.active_count() < before + 40
