"""Where the client is deployed: behind an egress proxy, with a private CA. Real loopback
sockets: a forward proxy (CONNECT and plain forwarding) and an https origin whose
certificate a private CA issued (trustme); both clients."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from dwolla_exchange import (
    APIConnectionError,
    APITimeoutError,
    AsyncDwolla,
    Dwolla,
    DwollaError,
    NotFoundError,
)

from .forward_proxy import ForwardProxy, TlsOrigin
from .hostile import HostileServer

SESSION_ID = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d"
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.upper() in PROXY_VARIABLES or name.startswith(("SSL_CERT_", "DWOLLA_")):
            monkeypatch.delenv(name)
    return monkeypatch


@pytest.fixture
def proxy() -> Iterator[ForwardProxy]:
    with ForwardProxy() as running:
        yield running


@pytest.fixture
def origin() -> Iterator[TlsOrigin]:
    with TlsOrigin() as running:
        yield running


def _outcome(flavour: str, base_url: str, **options: Any) -> object:
    options = {
        "client_id": "id",
        "client_secret": "secret-value",
        "max_retries": 0,
        "timeout": 10,
        **options,
    }
    if flavour == "sync":
        with Dwolla(base_url=base_url, **options) as dwolla:
            try:
                return dwolla.exchange_sessions.retrieve(SESSION_ID)
            except DwollaError as exc:
                return exc

    async def run() -> object:
        async with AsyncDwolla(base_url=base_url, **options) as dwolla:
            try:
                return await dwolla.exchange_sessions.retrieve(SESSION_ID)
            except DwollaError as exc:
                return exc

    return asyncio.run(run())


FLAVOURS = ["sync", "async"]


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_the_environment_proxy_and_ca_file_are_honoured(
    flavour: str, environment: pytest.MonkeyPatch, proxy: ForwardProxy, origin: TlsOrigin
) -> None:
    with origin.ca_file() as ca_file:
        environment.setenv("HTTPS_PROXY", proxy.url)
        environment.setenv("SSL_CERT_FILE", ca_file)
        outcome = _outcome(flavour, origin.base_url)
    assert isinstance(outcome, NotFoundError), outcome  # token, then the API, over TLS
    port = origin.base_url.rsplit(":", 1)[1]
    assert ("CONNECT", f"localhost:{port}") in proxy.log, proxy.log
    assert origin.requests == ["POST /token", f"GET /exchange-sessions/{SESSION_ID}"]


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_all_proxy_is_honoured_and_no_proxy_bypasses_it(
    flavour: str, environment: pytest.MonkeyPatch, proxy: ForwardProxy, origin: TlsOrigin
) -> None:
    environment.setenv("ALL_PROXY", proxy.url)
    assert isinstance(
        _outcome(flavour, origin.base_url, verify=origin.client_context()), NotFoundError
    )
    tunnelled = len(proxy.log)
    environment.setenv("NO_PROXY", "localhost")
    assert isinstance(
        _outcome(flavour, origin.base_url, verify=origin.client_context()), NotFoundError
    )
    assert tunnelled >= 1
    assert len(proxy.log) == tunnelled  # NO_PROXY: straight to the origin


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_an_explicit_proxy_and_verify_context(
    flavour: str, environment: pytest.MonkeyPatch, proxy: ForwardProxy, origin: TlsOrigin
) -> None:
    outcome = _outcome(flavour, origin.base_url, proxy=proxy.url, verify=origin.client_context())
    assert isinstance(outcome, NotFoundError), outcome
    assert proxy.log
    assert {method for method, _ in proxy.log} == {"CONNECT"}


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_private_ca_is_not_trusted_unless_told(
    flavour: str, environment: pytest.MonkeyPatch, origin: TlsOrigin
) -> None:
    outcome = _outcome(flavour, origin.base_url)
    assert isinstance(outcome, APIConnectionError), outcome
    assert "CERTIFICATE_VERIFY_FAILED" in str(outcome) or "certificate" in str(outcome).lower()
    assert origin.requests == []


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("variable", ["HTTP_PROXY", "ALL_PROXY"])
def test_plain_http_loopback_never_goes_through_a_proxy(
    flavour: str, variable: str, environment: pytest.MonkeyPatch, proxy: ForwardProxy
) -> None:
    with HostileServer(lambda e: e.reply_json(404, {"code": "NotFound", "message": "x"})) as api:
        environment.setenv(variable, proxy.url)
        outcome = _outcome(flavour, api.base_url)
        explicit = _outcome(flavour, api.base_url, proxy=proxy.url)
    assert isinstance(outcome, NotFoundError), outcome
    assert isinstance(explicit, NotFoundError), explicit
    assert proxy.log == []  # the Basic credentials never crossed it in clear text


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_the_call_deadline_holds_through_a_proxy(
    flavour: str, environment: pytest.MonkeyPatch, proxy: ForwardProxy
) -> None:
    with TlsOrigin(drip=True) as dripping:
        started = time.monotonic()
        outcome = _outcome(
            flavour,
            dripping.base_url,
            proxy=proxy.url,
            verify=dripping.client_context(),
            timeout=1.5,
        )
        elapsed = time.monotonic() - started
    assert isinstance(outcome, APITimeoutError), outcome
    assert elapsed < 3.5, f"{elapsed:.1f} s"


def test_proxy_and_verify_are_for_our_http_client_only() -> None:
    with pytest.raises(TypeError, match="set them on yours"):
        Dwolla(
            client_id="a",
            client_secret="b" * 8,
            proxy="http://127.0.0.1:1",
            http_client=httpx.Client(),
        )
    with pytest.raises(TypeError, match=r"ssl\.SSLContext"):
        Dwolla(client_id="a", client_secret="b" * 8, verify=False)  # type: ignore[arg-type]
