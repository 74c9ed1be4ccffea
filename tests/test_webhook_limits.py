"""Webhooks under load and replay: the listener drops slow senders and bounds its
connections, an event is acted on once and a stale one can be refused, and the fake's
deliveries stay on this machine, on a few threads, and end with ``stop()``.

Real loopback sockets throughout.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from dwolla_exchange import webhooks
from dwolla_exchange._webhook_receiver import WebhookReceiver
from dwolla_exchange.errors import WebhookPayloadError, WebhookReplayError
from dwolla_exchange.testing import FakeDwolla

from .conftest import example_value

SECRET = "whsec-limits-0123456789"


def _event(created: str | None, event_id: str = "8a4d1c4e-0d5c-4b8c-9b8e-1c2d3e4f5a6b") -> bytes:
    document: dict[str, Any] = example_value("ExchangeReauthRequiredEvent")
    document["id"] = event_id
    document.pop("timestamp", None)
    if created is None:
        document.pop("created", None)
    else:
        document["created"] = created
    return json.dumps(document).encode()


def _signed(body: bytes) -> dict[str, str]:
    # The known answer, computed here and not by the code under test.
    return {
        "X-Request-Signature-SHA-256": hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    }


def _iso(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


NOW = datetime.datetime.now(datetime.UTC)

# -- replay ------------------------------------------------------------------------------------


def test_a_signed_event_from_2019_is_refused_when_a_max_age_is_given() -> None:
    old = _event("2019-10-01T19:02:25.000Z")
    assert webhooks.parse(old, _signed(old), SECRET).id  # verifies: Dwolla signs only the body
    with pytest.raises(WebhookReplayError, match="max_age=300"):
        webhooks.parse(old, _signed(old), SECRET, max_age=300)
    with pytest.raises(WebhookPayloadError):  # a replay is a payload a receiver must not act on
        webhooks.parse(old, _signed(old), SECRET, max_age=datetime.timedelta(days=3))


def test_a_fresh_event_passes_and_an_event_without_a_time_is_refused() -> None:
    fresh = _event(_iso(NOW - datetime.timedelta(seconds=30)))
    assert webhooks.parse(fresh, _signed(fresh), SECRET, max_age=300).id
    timeless = _event(None)
    with pytest.raises(WebhookReplayError, match="no created time"):
        webhooks.parse(timeless, _signed(timeless), SECRET, max_age=300)


@pytest.mark.parametrize("max_age", [0, -1, float("nan"), float("inf"), True, "300"])
def test_a_meaningless_max_age_is_refused(max_age: Any) -> None:
    body = _event(_iso(NOW))
    with pytest.raises(ValueError, match="max_age"):
        webhooks.parse(body, _signed(body), SECRET, max_age=max_age)


# -- the listener -------------------------------------------------------------------------------


class Listener:
    def __init__(self, **options: Any) -> None:
        self.events: list[str] = []
        self.notes: list[str] = []
        self.receiver = WebhookReceiver(
            0,
            SECRET,
            lambda _body, event: self.events.append(event.id),
            self.notes.append,
            **options,
        )
        self.host, port = self.receiver.url.removeprefix("http://").rstrip("/").split(":")
        self.port = int(port)
        self._thread = threading.Thread(target=self.receiver.serve_forever, daemon=True)

    def __enter__(self) -> Listener:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.receiver.shutdown()
        self.receiver.close()
        self._thread.join(5)

    def connect(self) -> socket.socket:
        return socket.create_connection((self.host, self.port), timeout=10)


def test_the_listener_acts_on_an_event_id_once() -> None:
    body = _event(_iso(NOW))
    with Listener() as listener:
        statuses = [
            httpx.post(listener.receiver.url, content=body, headers=_signed(body)).status_code
            for _ in range(3)
        ]
    assert statuses == [200, 200, 200]  # answered each time, so Dwolla stops retrying
    assert len(listener.events) == 1
    assert [n.split(":")[0] for n in listener.notes] == ["duplicate", "duplicate"]


def test_the_listener_refuses_a_stale_event_with_max_age() -> None:
    old = _event("2019-10-01T19:02:25.000Z")
    with Listener(max_age=300) as listener:
        status = httpx.post(listener.receiver.url, content=old, headers=_signed(old)).status_code
    assert status == 400
    assert listener.events == []
    assert "max_age" in listener.notes[0]


def _drip(listener: Listener, stop: threading.Event, closed_at: list[float]) -> None:
    """A sender that sends a byte every 0.3 s, each well within a per-read timeout."""
    request = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100000
    with listener.connect() as sock:
        for byte in request:
            if stop.is_set():
                return
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                closed_at.append(time.monotonic())
                return
            time.sleep(0.3)


def test_slow_senders_are_dropped_at_the_request_deadline_not_per_read() -> None:
    closed_at: list[float] = []
    stop = threading.Event()
    with Listener(request_seconds=1.5) as listener:
        started = time.monotonic()
        senders = [
            threading.Thread(target=_drip, args=(listener, stop, closed_at)) for _ in range(20)
        ]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join(8)
        stop.set()
        body = _event(_iso(NOW))
        after = httpx.post(listener.receiver.url, content=body, headers=_signed(body))
    assert len(closed_at) == 20, f"{len(closed_at)} of 20 slow senders were dropped"
    assert max(closed_at) - started < 4.0, f"{max(closed_at) - started:.1f} s"
    assert after.status_code == 200  # the listener still serves


def test_connections_past_the_bound_get_503_at_once() -> None:
    with Listener() as listener:
        idle = [listener.connect() for _ in range(64)]
        time.sleep(0.3)  # each is being served (waiting for its request)
        try:
            extra = listener.connect()
            extra.settimeout(3)
            answer = extra.recv(64)
            extra.close()
        finally:
            for sock in idle:
                sock.close()
    assert answer.startswith(b"HTTP/1.0 503"), answer


def test_a_burst_of_deliveries_is_answered() -> None:
    def deliver(index: int) -> int:
        body = _event(_iso(NOW), event_id=f"00000000-0000-4000-8000-{index:012d}")
        return httpx.post(listener.receiver.url, content=body, headers=_signed(body)).status_code

    with Listener() as listener, ThreadPoolExecutor(100) as pool:
        started = time.monotonic()
        statuses = list(pool.map(deliver, range(100)))
        elapsed = time.monotonic() - started
    assert set(statuses) <= {200, 503}, statuses
    assert statuses.count(200) == len(listener.events)
    assert statuses.count(200) >= 64
    assert elapsed < 5, f"{elapsed:.1f} s"


# -- the fake's deliveries ----------------------------------------------------------------------


@pytest.fixture
def quick_fake() -> Iterator[FakeDwolla]:
    with FakeDwolla(webhook_time_scale=1e-5) as fake:
        yield fake


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/hook",
        "https://example.com/hook",
        "http://127.0.0.1.nip.io/hook",
    ],
)
def test_the_fake_subscribes_loopback_urls_only(quick_fake: FakeDwolla, url: str) -> None:
    with pytest.raises(ValueError, match="loopback URLs only"):
        quick_fake.subscribe(url, SECRET)


def test_a_test_may_opt_in_to_other_hosts() -> None:
    with FakeDwolla(webhook_any_host=True) as fake:
        assert fake.subscribe("https://example.com/hook", SECRET)  # subscribed; nothing sent


def _threads_now() -> set[threading.Thread]:
    return set(threading.enumerate())


def test_one_event_to_300_subscriptions_uses_a_few_threads(quick_fake: FakeDwolla) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))  # bound, never listening: every attempt is refused
        port = unused.getsockname()[1]
        for index in range(300):
            quick_fake.subscribe(f"http://127.0.0.1:{port}/hook/{index}", SECRET)
        before = _threads_now()
        quick_fake.require_reauth(quick_fake.add_exchange("MX"))
        peak = 0
        deadline = time.monotonic() + 5
        while len(quick_fake.deliveries) < 300 and time.monotonic() < deadline:
            peak = max(peak, len(_threads_now() - before))
            time.sleep(0.005)
        assert len(quick_fake.deliveries) >= 300
    assert peak <= 12, f"{peak} new threads"


def test_stop_ends_deliveries_in_flight() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)  # accepts connections, never answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/hook"
        fake = FakeDwolla(webhook_time_scale=1e-5).start()
        before = _threads_now()
        for _ in range(20):
            fake.subscribe(url, SECRET)
        fake.require_reauth(fake.add_exchange("MX"))
        time.sleep(0.3)  # attempts are in flight, waiting for an answer that never comes
        started = time.monotonic()
        fake.stop()
        stopped_in = time.monotonic() - started
        left = [t for t in _threads_now() - before if t.is_alive()]
    assert stopped_in < 2, f"{stopped_in:.1f} s"
    assert left == [], left
