"""Contract tests: the client against Prism's request-validating mock of openapi.yaml.

Prism (pinned in tools/package.json) mocks every operation from the spec's examples and, with
``--errors``, answers a request that breaks the contract with an error. Its log also says
which Accept header each request carried, so a request without the HAL Accept is caught too.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dwolla_exchange import (
    AsyncDwolla,
    Dwolla,
    ExchangePartner,
    ExchangeSession,
    ResponseValidationError,
)

from .conftest import ROOT

PRISM = ROOT / "tools" / "node_modules" / ".bin" / "prism"
HAL = "application/vnd.dwolla.v1.hal+json"
SESSION_ID = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d"
CUSTOMER_ID = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55"
EXCHANGE_ID = "9c3e1f53-51b6-4a86-9d84-1d2c1a3b8f0e"


class Prism:
    def __init__(self, spec: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._lines: list[str] = []
        self._process = subprocess.Popen(
            [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(self.port), "--errors", str(spec)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"},
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + 60
        while not any("Prism is listening" in line for line in self._lines):
            if time.monotonic() > deadline or self._process.poll() is not None:
                self.stop()
                raise RuntimeError("Prism did not start:\n" + "".join(self._lines))
            time.sleep(0.1)

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self._lines.append(line)

    def mark(self) -> int:
        return len(self._lines)

    def log_since(self, mark: int) -> str:
        time.sleep(0.3)  # Prism logs just after it answers
        return "".join(self._lines[mark:])

    def stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()


@pytest.fixture(scope="module")
def prism() -> Iterator[Prism]:
    if not PRISM.exists():
        pytest.fail("Prism is missing: run `make install`")
    server = Prism(ROOT / "openapi.yaml")
    yield server
    server.stop()


def assert_conforming(log: str) -> None:
    """Prism saw only HAL (API) or JSON (token) Accept headers and no request violations."""
    accepts = re.findall(r"Request contains an accept header: (\S+)", log)
    requests = re.findall(r"\[HTTP SERVER\] (\w+) (\S+)", log)
    assert requests, log
    assert len(accepts) == len(requests), log  # a request without Accept logs no such line
    for (method, path), accept in zip(requests, accepts, strict=True):
        expected = "application/json" if path == "/token" else HAL
        assert accept == expected, f"{method} {path} sent Accept: {accept}"
    assert "[VALIDATOR] ✖" not in log, log
    assert "Request terminated with error" not in log, log


def _client(prism: Prism) -> Dwolla:
    return Dwolla(
        client_id="contract-id",
        client_secret="contract-secret",
        base_url=prism.base_url,
        max_retries=0,
    )


def test_retrieve_session_partner_and_list(prism: Prism) -> None:
    mark = prism.mark()
    with _client(prism) as dwolla:
        session = dwolla.exchange_sessions.retrieve(SESSION_ID)
        partner = dwolla.exchange_partners.retrieve(
            session.links.exchange_partner.href.rsplit("/", 1)[-1]
        )
        partners = dwolla.exchange_partners.list()
    assert isinstance(session, ExchangeSession)
    assert isinstance(partner, ExchangePartner)
    assert partners
    assert_conforming(prism.log_since(mark))


@pytest.mark.anyio
async def test_async_retrieve_session_partner_and_list(prism: Prism) -> None:
    mark = prism.mark()
    async with AsyncDwolla(
        client_id="contract-id", client_secret="contract-secret", base_url=prism.base_url
    ) as dwolla:
        session = await dwolla.exchange_sessions.retrieve(SESSION_ID)
        partners = await dwolla.exchange_partners.list()
    assert session.created.tzinfo is not None
    assert partners
    assert_conforming(prism.log_since(mark))


def _created_elsewhere(error: ResponseValidationError) -> None:
    # Prism answers 201 with the spec's example Location, on api.dwolla.com rather than on
    # Prism's origin: the client accepted nothing off its origin. The 201 is what matters:
    # Prism checked the request body and headers and found them valid.
    assert error.status_code == 201
    assert "Location" in error.reason


@pytest.mark.parametrize("redirect", [None, "https://app.example.com/plaid"])
def test_create_and_reauth_requests_conform(prism: Prism, redirect: str | None) -> None:
    mark = prism.mark()
    with _client(prism) as dwolla:
        partner = f"{prism.base_url}/exchange-partners/{uuid.UUID('f53ffb32-c84f-496a-9d9d-acd100d396ef')}"
        with pytest.raises(ResponseValidationError) as created:
            dwolla.exchange_sessions.create(CUSTOMER_ID, partner, redirect)
        _created_elsewhere(created.value)
        with pytest.raises(ResponseValidationError) as reauthed:
            dwolla.exchange_sessions.reauth(EXCHANGE_ID, redirect)
        _created_elsewhere(reauthed.value)
    assert_conforming(prism.log_since(mark))


@pytest.mark.anyio
async def test_async_create_request_conforms(prism: Prism) -> None:
    mark = prism.mark()
    async with AsyncDwolla(
        client_id="contract-id",
        client_secret="contract-secret",
        base_url=prism.base_url,
        max_retries=0,
    ) as dwolla:
        with pytest.raises(ResponseValidationError) as created:
            await dwolla.exchange_sessions.create(
                CUSTOMER_ID, f"{prism.base_url}/exchange-partners/{uuid.uuid4()}"
            )
    _created_elsewhere(created.value)
    assert_conforming(prism.log_since(mark))


# -- negative controls: Prism does catch requests that break the contract ---------------


def test_missing_accept_is_caught(prism: Prism) -> None:
    mark = prism.mark()
    httpx.get(
        f"{prism.base_url}/exchange-sessions/{SESSION_ID}",
        headers={"Authorization": "Bearer x", "Accept": ""},
    )
    with pytest.raises(AssertionError):
        assert_conforming(prism.log_since(mark))


def test_wrong_accept_is_refused(prism: Prism) -> None:
    response = httpx.get(
        f"{prism.base_url}/exchange-sessions/{SESSION_ID}",
        headers={"Authorization": "Bearer x", "Accept": "text/html"},
    )
    assert response.status_code == 406


def test_wrong_path_and_bad_id_are_refused(prism: Prism) -> None:
    headers = {"Authorization": "Bearer x", "Accept": HAL}
    assert (
        httpx.get(f"{prism.base_url}/exchange-session/{SESSION_ID}", headers=headers).status_code
        == 404
    )
    mark = prism.mark()
    assert (
        httpx.get(f"{prism.base_url}/exchange-sessions/not-a-uuid", headers=headers).status_code
        == 422
    )
    with pytest.raises(AssertionError):
        assert_conforming(prism.log_since(mark))


def test_missing_token_is_refused(prism: Prism) -> None:
    response = httpx.get(
        f"{prism.base_url}/exchange-sessions/{SESSION_ID}", headers={"Accept": HAL}
    )
    assert response.status_code == 401
