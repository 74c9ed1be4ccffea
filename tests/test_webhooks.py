"""Webhooks: signatures checked against answers computed here with ``hmac``, typed events,
and the fake's signed, retried deliveries into real loopback receivers (and the CLI's)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from dwolla_exchange import WebhookPayloadError, WebhookSignatureError, webhooks
from dwolla_exchange.testing import FakeDwolla
from dwolla_exchange_api.models import Exchange, ExchangePartner, WebhookEvent, WebhookEventLinks

from .conftest import example_value

SECRET = "whsec-test-0123456789"
CUSTOMER = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55"
BODY = json.dumps(example_value("ExchangeReauthRequiredEvent"), separators=(",", ":")).encode()


def _hmac_hex(body: bytes, secret: str) -> str:
    """The known answer, computed here and not by the code under test."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# -- verify and parse ------------------------------------------------------------------


def test_known_answer_signature() -> None:
    body, secret = b'{"id":"1","topic":"customer_funding_source_added"}', "shh"
    expected = _hmac_hex(body, secret)
    assert webhooks.sign(body, secret) == expected
    webhooks.verify(body, expected, secret)
    webhooks.verify(body, expected.upper(), secret)  # hex is hex, whatever its case


@pytest.mark.parametrize(
    "header",
    [
        "X-Request-Signature-SHA-256",
        "x-request-signature-sha256",
        "X-Request-Signature",
        "X-REQUEST-SIGNATURE-SHA-256",
    ],
)
def test_each_documented_header_spelling_is_accepted(header: str) -> None:
    event = webhooks.parse(
        BODY, {header: _hmac_hex(BODY, SECRET), "Content-Type": "application/json"}, SECRET
    )
    assert event.topic == "customer_exchange_reauth_required"


@pytest.mark.parametrize(
    ("body", "headers", "message"),
    [
        (BODY + b" ", {"X-Request-Signature-SHA-256": _hmac_hex(BODY, SECRET)}, "does not match"),
        (
            BODY.replace(b"reauth", b"REAUTH"),
            {"X-Request-Signature-SHA-256": _hmac_hex(BODY, SECRET)},
            "does not match",
        ),
        (
            BODY,
            {"X-Request-Signature-SHA-256": _hmac_hex(BODY, "another secret")},
            "does not match",
        ),
        (BODY, {"Content-Type": "application/json"}, "no signature header"),
        (BODY, {"X-Request-Signature": hashlib.sha1(BODY).hexdigest()}, "40 characters"),  # noqa: S324
        (BODY, {"X-Request-Signature-SHA-256": "é" * 64}, "does not match"),
    ],
    ids=["trailing-byte", "tampered", "wrong-secret", "missing-header", "sha1-length", "non-ascii"],
)
def test_bad_signatures_are_refused(body: bytes, headers: dict[str, str], message: str) -> None:
    with pytest.raises(WebhookSignatureError, match=message):
        webhooks.parse(body, headers, SECRET)


def test_a_decoded_body_is_a_type_error_not_a_silent_mismatch() -> None:
    with pytest.raises(TypeError, match="raw body bytes"):
        webhooks.verify(BODY.decode(), _hmac_hex(BODY, SECRET), SECRET)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"topic": "customer_funding_source_added"}', "'id' is missing"),
        (b'{"id": "1", "topic": 7}', "not an event"),
    ],
)
def test_a_signed_body_that_is_not_an_event_is_a_payload_error(body: bytes, message: str) -> None:
    with pytest.raises(WebhookPayloadError, match=message) as raised:
        webhooks.parse(body, {"X-Request-Signature-SHA-256": _hmac_hex(body, SECRET)}, SECRET)
    assert isinstance(raised.value, ValueError)


def test_the_topic_header_must_agree_with_the_body() -> None:
    headers = {
        "X-Request-Signature-SHA-256": _hmac_hex(BODY, SECRET),
        "X-Dwolla-Topic": "customer_funding_source_added",
    }
    with pytest.raises(WebhookPayloadError, match="X-Dwolla-Topic"):
        webhooks.parse(BODY, headers, SECRET)


@pytest.mark.parametrize("example", ["ExchangeReauthRequiredEvent", "FundingSourceAddedEvent"])
def test_documented_events_parse_typed(example: str) -> None:
    body = json.dumps(example_value(example)).encode()
    event = webhooks.parse(body, {"X-Request-Signature-SHA-256": _hmac_hex(body, SECRET)}, SECRET)
    assert isinstance(event, WebhookEvent)
    assert event.id == example_value(example)["id"]
    assert event.links.resource.href == example_value(example)["_links"]["resource"]["href"]  # type: ignore[union-attr]
    assert event.created.tzinfo is not None  # type: ignore[union-attr]


def test_an_older_event_with_timestamp_instead_of_created_parses() -> None:
    document = dict(example_value("FundingSourceAddedEvent"))
    document["timestamp"] = document.pop("created")
    body = json.dumps(document).encode()
    event = webhooks.parse(body, {"x-request-signature-sha256": _hmac_hex(body, SECRET)}, SECRET)
    assert event.timestamp.year == 2024  # type: ignore[union-attr]


# -- the fake delivers, into real loopback receivers -------------------------------------


class Receiver:
    """A loopback HTTP receiver that records each delivery and answers ``statuses`` in turn
    (then 200)."""

    def __init__(self, statuses: list[int] | None = None) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.statuses = list(statuses or [])
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                if status == 200:
                    receiver.received.append((dict(self.headers.items()), body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/dwolla"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, count: int, seconds: float = 10.0) -> list[tuple[dict[str, str], bytes]]:
        deadline = time.monotonic() + seconds
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.received)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    yield running
    running.close()


@pytest.fixture
def quick_fake() -> Iterator[FakeDwolla]:
    # Dwolla's schedule (15 min, 1 h, 3 h, ...) scaled so that the first retry comes after 9 ms.
    with FakeDwolla(webhook_time_scale=1e-5) as fake:
        yield fake


def _headers(fake: FakeDwolla) -> dict[str, str]:
    """Raw HTTP for endpoints the client does not wrap: a token, as any integrator gets one."""
    token = httpx.post(
        f"{fake.base_url}/token",
        data={"grant_type": "client_credentials"},
        auth=(fake.client_id, fake.client_secret),
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}", "Accept": "application/vnd.dwolla.v1.hal+json"}


def _subscribe_over_http(fake: FakeDwolla, url: str, secret: str) -> httpx.Response:
    body = {"url": url, "secret": secret}
    return httpx.post(f"{fake.base_url}/webhook-subscriptions", json=body, headers=_headers(fake))


def test_the_fake_signs_and_delivers_funding_source_events(
    quick_fake: FakeDwolla, receiver: Receiver
) -> None:
    created = _subscribe_over_http(quick_fake, receiver.url, SECRET)
    assert created.status_code == 201
    exchange = quick_fake.add_exchange("Plaid")
    with quick_fake.client() as dwolla:
        source = dwolla.funding_sources.create(
            CUSTOMER, exchange, name="Checking", bank_account_type="checking"
        )
    deliveries = receiver.wait_for(2)
    assert sorted(h["X-Dwolla-Topic"] for h, _ in deliveries) == [
        "customer_funding_source_added",
        "customer_funding_source_verified",
    ]
    for headers, body in deliveries:
        assert headers["X-Request-Signature-SHA-256"] == _hmac_hex(body, SECRET)
        event = json.loads(body)
        assert event["_links"]["resource"]["href"] == source
        assert event["resourceId"] == source.rsplit("/", 1)[-1]
    assert {e["id"] for e in quick_fake.events} == {json.loads(b)["id"] for _, b in deliveries}


def test_failed_deliveries_are_retried_on_the_scaled_schedule(quick_fake: FakeDwolla) -> None:
    failing = Receiver(statuses=[500, 503])
    try:
        quick_fake.subscribe(failing.url, SECRET)
        quick_fake.require_reauth(quick_fake.add_exchange("MX"))
        (delivered,) = failing.wait_for(1)
    finally:
        failing.close()
    attempts = [d for d in quick_fake.deliveries if d.url == failing.url]
    assert [(d.attempt, d.status) for d in attempts] == [(1, 500), (2, 503), (3, 200)]
    # 15 min and 1 h, times 1e-5: at least 9 ms, then 36 ms, between attempts.
    assert attempts[1].at - attempts[0].at >= 0.009
    assert attempts[2].at - attempts[1].at >= 0.036
    assert json.loads(delivered[1])["topic"] == "customer_exchange_reauth_required"


def test_an_unreachable_receiver_is_retried_then_given_up(tmp_path: Path) -> None:
    with FakeDwolla(webhook_time_scale=1e-7) as fake:
        fake.subscribe("http://127.0.0.1:9/unreachable", SECRET)  # discard port: refused
        fake.require_reauth(fake.add_exchange("MX"))
        deadline = time.monotonic() + 10
        while len(fake.deliveries) < 9 and time.monotonic() < deadline:
            time.sleep(0.02)
        attempts = fake.deliveries
    assert [d.attempt for d in attempts] == list(range(1, 10))  # the first try and 8 retries
    assert all(d.status is None and d.error for d in attempts)


def test_subscriptions_list_and_delete_never_show_the_secret(
    quick_fake: FakeDwolla, receiver: Receiver
) -> None:
    location = _subscribe_over_http(quick_fake, receiver.url, SECRET).headers["Location"]
    with quick_fake.client() as dwolla:
        listed: Any = dwolla.follow(f"{quick_fake.base_url}/webhook-subscriptions")
    assert [s["url"] for s in listed["_embedded"]["webhook-subscriptions"]] == [receiver.url]
    assert SECRET not in json.dumps(listed)
    deleted = httpx.delete(location, headers=_headers(quick_fake))
    assert deleted.status_code == 200
    assert SECRET not in deleted.text
    quick_fake.require_reauth(quick_fake.add_exchange("MX"))
    time.sleep(0.2)
    assert receiver.received == []  # no subscription, no delivery
    assert [e["topic"] for e in quick_fake.events] == ["customer_exchange_reauth_required"]


def test_a_reauth_event_leads_to_reauth_in_one_call(
    quick_fake: FakeDwolla, receiver: Receiver
) -> None:
    quick_fake.subscribe(receiver.url, SECRET)
    exchange = quick_fake.add_exchange("Plaid")
    quick_fake.require_reauth(exchange)
    ((headers, body),) = receiver.wait_for(1)
    event = webhooks.parse(body, headers, SECRET)
    with quick_fake.client() as dwolla:
        assert isinstance(event.links, WebhookEventLinks)
        assert dwolla.follow(event.links.resource, Exchange).id.hex == exchange.replace("-", "")
        session = dwolla.exchange_sessions.reauth(event, retrieve=True)
        assert dwolla.follow(session.links.exchange_partner, ExchangePartner).name == "Plaid"


# -- from the shell ---------------------------------------------------------------------

SCRIPT = Path(sys.executable).parent / "dwolla-exchange"


def _listen(*args: str) -> tuple[subprocess.Popen[str], str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DWOLLA_")}
    environment["DWOLLA_WEBHOOK_SECRET"] = SECRET
    process = subprocess.Popen(
        [str(SCRIPT), "webhooks", "listen", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    assert process.stderr is not None
    first = process.stderr.readline()
    assert first.startswith("listening on http://127.0.0.1:"), first
    return process, first.split()[2]


def _stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    return out, err


def test_cli_receiver_prints_each_verified_event_and_rejects_bad_ones(
    quick_fake: FakeDwolla,
) -> None:
    process, url = _listen()
    try:
        quick_fake.subscribe(url, SECRET)
        quick_fake.require_reauth(quick_fake.add_exchange("MX"))
        deadline = time.monotonic() + 10
        while (
            not [d for d in quick_fake.deliveries if d.status == 200]
            and time.monotonic() < deadline
        ):
            time.sleep(0.02)
        forged = httpx.post(url, content=BODY, headers={"X-Request-Signature-SHA-256": "0" * 64})
        assert forged.status_code == 401
    finally:
        out, err = _stop(process)
    (line,) = out.splitlines()
    event = quick_fake.events[0]
    assert line.endswith(
        f"customer_exchange_reauth_required {event['resourceId']} (event {event['id']})"
    )
    assert "rejected: webhook signature does not match" in err
    assert SECRET not in out + err


def test_cli_verify_one_body(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DWOLLA_")}

    def verify(signature: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                str(SCRIPT),
                "webhooks",
                "verify",
                "--secret",
                SECRET,
                "--signature",
                signature,
                *extra,
            ],
            input=BODY.decode(),
            capture_output=True,
            text=True,
            env=environment,
            timeout=30,
            check=False,
        )

    good = verify(_hmac_hex(BODY, SECRET))
    assert good.returncode == 0, good.stderr
    assert good.stdout.startswith(
        "valid: 2024-10-01T19:02:25.000Z customer_exchange_reauth_required"
    )
    assert (
        json.loads(verify(_hmac_hex(BODY, SECRET), "--json").stdout)["id"]
        == example_value("ExchangeReauthRequiredEvent")["id"]
    )
    bad = verify(_hmac_hex(BODY, "wrong"))
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: webhook signature does not match")


# -- the README's handler ---------------------------------------------------------------


def test_readme_flask_handler_runs() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    block = next(b for b in readme.split("```python\n") if "Flask(__name__)" in b).split("```", 1)[
        0
    ]
    namespace: dict[str, Any] = {"__name__": "__main__"}  # as when run as a script
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    app = namespace["app"]
    namespace["WEBHOOK_SECRET"] = SECRET
    client = app.test_client()
    signed = client.post(
        "/dwolla/webhooks",
        data=BODY,
        headers={"X-Request-Signature-SHA-256": _hmac_hex(BODY, SECRET)},
    )
    assert signed.status_code == 200
    forged = client.post(
        "/dwolla/webhooks", data=BODY, headers={"X-Request-Signature-SHA-256": "0" * 64}
    )
    assert forged.status_code == 401
    again = client.post(
        "/dwolla/webhooks",
        data=BODY,
        headers={"X-Request-Signature-SHA-256": _hmac_hex(BODY, SECRET)},
    )
    assert again.status_code == 200  # a duplicate delivery is answered, and not acted on twice
    assert namespace["acted_on"] == ["customer_exchange_reauth_required"]


def test_the_receiver_refuses_what_is_not_a_delivery_with_the_right_status() -> None:
    import socket

    from dwolla_exchange._webhook_receiver import WebhookReceiver

    events: list[str] = []
    rejected: list[str] = []
    receiver = WebhookReceiver(
        0, SECRET, lambda _body, event: events.append(event.id), rejected.append
    )
    thread = threading.Thread(target=receiver.serve_forever, daemon=True)
    thread.start()
    try:
        signed_junk = b"not an event"
        junk = httpx.post(
            receiver.url,
            content=signed_junk,
            headers={"X-Request-Signature-SHA-256": _hmac_hex(signed_junk, SECRET)},
        )
        assert junk.status_code == 400
        huge = httpx.post(
            receiver.url,
            content=b"x" * (1024 * 1024 + 1),
            headers={"X-Request-Signature-SHA-256": "0" * 64},
        )
        assert huge.status_code == 413
        host, port = receiver.url.removeprefix("http://").rstrip("/").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as raw:
            raw.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            assert raw.recv(64).startswith(b"HTTP/1.0 411")
        good = httpx.post(
            receiver.url,
            content=BODY,
            headers={"X-Request-Signature-SHA-256": _hmac_hex(BODY, SECRET)},
        )
        assert good.status_code == 200
    finally:
        receiver._server.shutdown()
        receiver.close()
    assert events == [example_value("ExchangeReauthRequiredEvent")["id"]]
    assert [r.split(":")[0] for r in rejected] == [
        "webhook body is not JSON",
        "body of 1048577 bytes is too large",
        "no Content-Length",
    ]
