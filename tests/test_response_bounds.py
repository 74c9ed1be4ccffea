"""What a response may hold: money only as the contract writes it, memory bounded whatever
the JSON, and only https pages handed to a browser."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from dwolla_exchange import AsyncDwolla, Dwolla, DwollaError, UnsafeLinkError, handoff
from dwolla_exchange.errors import ResponseValidationError
from dwolla_exchange.testing import FakeDwolla
from dwolla_exchange_api.models import ExchangeSession

from .conftest import ClientUnderTest, example_value
from .hostile import Exchange, HostileServer
from .test_hostile import _peak_growth

FUNDING_SOURCE = "375c6781-2a17-476c-84f7-db7d2f6ffb31"
SESSION_ID = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d"
MIB = 1024 * 1024

# Each is something a JSON string can hold and Python's Decimal() or float() would accept,
# but the contract (`^-?[0-9]+(\.[0-9]+)?$`) does not.
OUT_OF_CONTRACT = [
    "NaN",
    "sNaN",
    "-Infinity",
    "1e309",
    " 542.00",
    "542.00\n",
    "1_000.00",
    "\u0665\u0664\u0662.\u0660\u0660",  # Arabic-Indic digits
    "1,000.00",
    "0x21E",
    "",
    "5.",
    "+5.00",
]
# From Dwolla's balance examples and what the pattern plainly allows.
IN_CONTRACT = ["542.00", "0", "-10.5", "1000000.00", "0.01"]


def _balance_with(value: str) -> dict[str, Any]:
    body = example_value("BankBalance")
    body["available"] = {"value": value, "currency": "USD"}
    return body


@pytest.mark.parametrize("value", OUT_OF_CONTRACT, ids=repr)
def test_an_amount_outside_the_contract_is_a_typed_error(
    fake: FakeDwolla, client_under_test: ClientUnderTest, value: str
) -> None:
    fake.serve(f"/funding-sources/{FUNDING_SOURCE}/balance", _balance_with(value))
    dwolla = client_under_test.open(fake)
    error = client_under_test.outcome(lambda: dwolla.funding_sources.balance(FUNDING_SOURCE))
    assert isinstance(error, ResponseValidationError), error
    assert "available.value" in str(error)
    assert error.status_code == 200


@pytest.mark.parametrize("value", IN_CONTRACT)
def test_an_amount_is_offered_as_an_exact_decimal(
    fake: FakeDwolla, client_under_test: ClientUnderTest, value: str
) -> None:
    fake.serve(f"/funding-sources/{FUNDING_SOURCE}/balance", _balance_with(value))
    dwolla = client_under_test.open(fake)
    balance = client_under_test.call(lambda: dwolla.funding_sources.balance(FUNDING_SOURCE))
    assert balance.available.value == value
    assert balance.available.decimal == Decimal(value)
    assert isinstance(balance.available.decimal, Decimal)


# -- JSON amplification: memory stays bounded at the default settings ---------------------------


def _session_with_unknown(field: bytes, filler: bytes, size: int) -> bytes:
    """A valid session body whose unknown field holds ``filler`` repeated up to ``size``."""
    body = json.dumps(example_value("PlaidExchangeSession")).encode()
    head = body[:-1] + b', "' + field + b'": ['
    count = (size - len(head) - 2) // len(filler)
    return head + filler * count + filler.rstrip(b",") + b"]}"


def _gzipped(body: bytes) -> Callable[[Exchange], None]:
    compressed = gzip.compress(body, 9)

    def answer(exchange: Exchange) -> None:
        exchange.send(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.dwolla.v1.hal+json\r\n"
            b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(compressed)
        )
        exchange.send(compressed)

    return answer


def _retrieve(flavour: str, server: HostileServer) -> object:
    options: dict[str, Any] = {"client_id": "id", "client_secret": "secret-value", "max_retries": 0}
    if flavour == "sync":
        with Dwolla(base_url=server.base_url, **options) as dwolla:
            try:
                return dwolla.exchange_sessions.retrieve(SESSION_ID)
            except DwollaError as exc:
                return exc

    async def run() -> object:
        async with AsyncDwolla(base_url=server.base_url, **options) as dwolla:
            try:
                return await dwolla.exchange_sessions.retrieve(SESSION_ID)
            except DwollaError as exc:
                return exc

    return asyncio.run(run())


# The densest containers JSON can write: an object or array per 3 bytes, a one-key object
# per 9. 10 MiB of each compresses to about 10 KiB.
FILLERS = {"objects": b"{},", "arrays": b"[],", "keyed objects": b'{"a":[]},'}


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("filler", list(FILLERS))
@pytest.mark.parametrize("size", [MIB - 1024, 10 * MIB], ids=["under the cap", "10 MiB"])
def test_json_amplification_stays_under_50_mib(flavour: str, filler: str, size: int) -> None:
    body = _session_with_unknown(b"unknown", FILLERS[filler], size)
    with HostileServer(_gzipped(body)) as server:
        outcome, growth = _peak_growth(lambda: _retrieve(flavour, server))
    if size > MIB:
        assert isinstance(outcome, DwollaError), outcome
    else:
        assert isinstance(outcome, ExchangeSession), outcome  # a big but honest body still works
    assert growth < 50 * MIB, f"peak growth {growth / MIB:.1f} MiB"


# -- the page a browser is sent to ---------------------------------------------------------------


def _mx_session_with(href: str) -> ExchangeSession:
    body = example_value("MxExchangeSession")
    body["_links"]["external-provider-session"]["href"] = href
    return ExchangeSession.from_dict(body)


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "http://int-widgets.moneydesktop.com/md/connect/abc",
        "https:///md/connect/abc",
        "https://user@int-widgets.moneydesktop.com/md/connect/abc",
        " https://int-widgets.moneydesktop.com/md/connect/abc",
        "https://int-widgets.moneydesktop.com/md/connect/a\nb",
        "//int-widgets.moneydesktop.com/md/connect/abc",
        "JAVASCRIPT://int-widgets.moneydesktop.com/%0aalert(1)",
    ],
)
def test_handoff_refuses_anything_but_an_https_page(href: str) -> None:
    session = _mx_session_with(href)
    with pytest.raises(UnsafeLinkError, match="not an https URL"):
        handoff(session)


def test_handoff_gives_the_documented_mx_widget_url() -> None:
    documented = example_value("MxExchangeSession")["_links"]["external-provider-session"]["href"]
    result = handoff(_mx_session_with(documented))
    assert getattr(result, "url", None) == documented
