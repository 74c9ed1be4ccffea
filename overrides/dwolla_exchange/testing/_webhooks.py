"""The fake's webhooks: subscriptions (``/webhook-subscriptions``), the events the flow
publishes, and their signed delivery with Dwolla's retry schedule, scaled down.

Each delivery attempt POSTs the event to the subscription's URL, signed as Dwolla signs
(``X-Request-Signature-SHA-256``: hex HMAC-SHA256 of the body with the subscription's
secret); a non-2xx answer or no answer is retried after Dwolla's delays (15 min, 1 h, 3 h,
6 h, 12 h, 24 h, 48 h, 72 h) times ``time_scale``. Every attempt is recorded.

A test's fake must not become a way to reach other machines: subscriptions take loopback
URLs only unless the fake was made with ``webhook_any_host=True``; attempts run on a few
worker threads (retries wait in one scheduler thread, not in a thread each), and ``stop()``
ends pending retries and cuts attempts in flight.
"""

from __future__ import annotations

import contextlib
import heapq
import http.client
import itertools
import json
import queue
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .._origin import is_loopback_host
from ..webhooks import sign
from ._seed import now_timestamp

if TYPE_CHECKING:
    from ._api import DwollaApi, FakeRequest, FakeResponse

__all__ = ["DOCUMENTED_RETRY_DELAYS", "Delivery", "WebhookSender"]

HAL = "application/vnd.dwolla.v1.hal+json"
DOCUMENTED_RETRY_DELAYS = (900, 3600, 10800, 21600, 43200, 86400, 172800, 259200)  # seconds
FAKE_ACCOUNT_ID = "7da912eb-6f2f-4b6f-a2c4-8f6c3c1a2b3d"
_DELIVERY_TIMEOUT = 10.0  # Dwolla waits 10 s for a 2xx
_DELIVERY_WORKERS = 8


@dataclass(frozen=True, slots=True)
class Delivery:
    """One delivery attempt: which event to which URL, and what came back."""

    event_id: str
    topic: str
    url: str
    attempt: int  # 1 for the first try
    status: int | None  # the receiver's status, or None when it did not answer
    error: str | None
    at: float  # time.time()


@dataclass
class WebhookSender:
    api: DwollaApi
    time_scale: float
    public_origin: str = ""  # where the events' links point (the fake's base URL)
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    any_host: bool = False  # deliver to any URL, not only loopback ones (the test opted in)
    _stopping: threading.Event = field(default_factory=threading.Event)
    # Attempts waiting for their time: (due, tie-breaker, attempt number, job).
    _due: list[tuple[float, int, int, tuple[str, str, bytes, dict[str, Any]]]] = field(
        default_factory=list
    )
    _wake: threading.Condition = field(default_factory=threading.Condition)
    _order: itertools.count[int] = field(default_factory=itertools.count)
    _ready: queue.SimpleQueue[tuple[int, tuple[str, str, bytes, dict[str, Any]]] | None] = field(
        default_factory=queue.SimpleQueue
    )
    _threads: list[threading.Thread] = field(default_factory=list)
    _open: set[http.client.HTTPConnection] = field(default_factory=set)  # attempts in flight

    # -- publishing ----------------------------------------------------------------------

    def publish(self, topic: str, collection: str, resource_id: str, customer_id: str) -> None:
        """Record an event about ``collection/resource_id`` and deliver it to every subscriber."""
        event_id = str(uuid.uuid4())
        event = {
            "_links": {
                "self": {"href": f"{self.api.origin}/events/{event_id}"},
                "account": {"href": f"{self.api.origin}/accounts/{FAKE_ACCOUNT_ID}"},
                "resource": {"href": f"{self.api.origin}/{collection}/{resource_id}"},
                "customer": {"href": f"{self.api.origin}/customers/{customer_id}"},
            },
            "id": event_id,
            "resourceId": resource_id,
            "topic": topic,
            "created": now_timestamp(),
        }
        with self.api.lock:
            self.api.data.resources.setdefault("events", {})[event_id] = event
            subscribers = [dict(s) for s in self.subscriptions.values()]
        body = json.dumps(event).replace(self.api.origin, self.public_origin).encode()
        with self.api.lock:
            self.events.append(json.loads(body))
        for subscription in subscribers:
            self._schedule(0.0, 1, (event_id, topic, body, subscription))

    def _schedule(
        self, delay: float, attempt: int, job: tuple[str, str, bytes, dict[str, Any]]
    ) -> None:
        with self._wake:
            if self._stopping.is_set():
                return
            if not self._threads:  # started on first use: most fakes never deliver
                targets = [self._run_scheduler] + [self._work] * _DELIVERY_WORKERS
                self._threads = [threading.Thread(target=t, daemon=True) for t in targets]
                for thread in self._threads:
                    thread.start()
            heapq.heappush(self._due, (time.monotonic() + delay, next(self._order), attempt, job))
            self._wake.notify()

    def _run_scheduler(self) -> None:
        """Hands each attempt to a worker when it is due."""
        with self._wake:
            while not self._stopping.is_set():
                if not self._due:
                    self._wake.wait()
                    continue
                wait = self._due[0][0] - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                _, _, attempt, job = heapq.heappop(self._due)
                self._ready.put((attempt, job))

    def _work(self) -> None:
        while (item := self._ready.get()) is not None:
            self._attempt(*item)

    def _attempt(self, attempt: int, job: tuple[str, str, bytes, dict[str, Any]]) -> None:
        event_id, topic, body, subscription = job
        headers = {
            "Content-Type": "application/json",
            "X-Dwolla-Topic": topic,
            "X-Request-Signature-SHA-256": sign(body, subscription["secret"]),
        }
        status: int | None = None
        error: str | None = None
        try:
            status = self._post(subscription["url"], body, headers)
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
        record = Delivery(event_id, topic, subscription["url"], attempt, status, error, time.time())
        with self.api.lock:
            self.deliveries.append(record)
        if self._stopping.is_set():
            return
        if (status is None or not 200 <= status < 300) and attempt <= len(DOCUMENTED_RETRY_DELAYS):
            self._schedule(DOCUMENTED_RETRY_DELAYS[attempt - 1] * self.time_scale, attempt + 1, job)

    def _post(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        """One POST, on a connection that ``stop()`` can cut (plain http.client, so the
        socket is ours to shut down from another thread)."""
        parts = urlsplit(url)
        https = parts.scheme == "https"
        connection_class = http.client.HTTPSConnection if https else http.client.HTTPConnection
        connection = connection_class(parts.hostname or "", parts.port, timeout=_DELIVERY_TIMEOUT)
        with self._wake:
            if self._stopping.is_set():
                raise ConnectionAbortedError("the fake stopped")
            self._open.add(connection)
        try:
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("POST", target, body=body, headers=headers)
            return connection.getresponse().status
        finally:
            with self._wake:
                self._open.discard(connection)
            connection.close()

    def stop(self, timeout: float = 5.0) -> None:
        """End pending retries, cut attempts in flight, and wait (bounded) for the workers."""
        with self._wake:
            self._stopping.set()
            self._due.clear()
            self._wake.notify()
            in_flight = list(self._open)
        for connection in in_flight:  # fails now instead of waiting up to 10 s for an answer
            if connection.sock is not None:
                with contextlib.suppress(OSError):
                    connection.sock.shutdown(socket.SHUT_RDWR)
        while not self._ready.empty():  # attempts handed out but not started: dropped
            self._ready.get_nowait()
        for _ in range(_DELIVERY_WORKERS):
            self._ready.put(None)  # each worker ends after its attempt in flight
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    # -- routes --------------------------------------------------------------------------

    def route(self, request: FakeRequest, parts: list[str]) -> FakeResponse | None:
        if not parts or parts[0] != "webhook-subscriptions" or len(parts) > 2:
            return None
        reads = ("GET", "HEAD")
        if len(parts) == 1:
            if request.method == "POST":
                return self.api.idempotent_create(request, self._subscribe)
            return self._list() if request.method in reads else self.api.error(405)
        with self.api.lock:
            subscription = self.subscriptions.get(parts[1])
        if subscription is None:
            return self.api.error(404)
        if request.method == "DELETE":
            with self.api.lock:
                self.subscriptions.pop(parts[1], None)
            return self.api.json(200, self._shown(subscription))
        return (
            self.api.json(200, self._shown(subscription))
            if request.method in reads
            else self.api.error(405)
        )

    def _subscribe(self, document: dict[str, Any], subscription_id: str) -> FakeResponse:
        url, secret = document.get("url"), document.get("secret")
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            return self.api.invalid("Invalid", "Url must be an http or https URL.", "/url")
        if not self.any_host and not is_loopback_host(parts.hostname):
            return self.api.invalid(
                "Invalid",
                "The fake delivers to loopback URLs only (FakeDwolla(webhook_any_host=True) "
                "allows others).",
                "/url",
            )
        if not isinstance(secret, str) or not 0 < len(secret) <= 128:
            return self.api.invalid("Invalid", "Secret must be 1 to 128 characters.", "/secret")
        with self.api.lock:
            self.subscriptions[subscription_id] = {
                "id": subscription_id,
                "url": url,
                "secret": secret,
                "created": now_timestamp(),
            }
        return self.api.created("webhook-subscriptions", subscription_id)

    def _list(self) -> FakeResponse:
        with self.api.lock:
            shown = [self._shown(s) for s in self.subscriptions.values()]
        listing = {
            "_links": {"self": {"href": f"{self.api.origin}/webhook-subscriptions", "type": HAL}},
            "_embedded": {"webhook-subscriptions": shown},
            "total": len(shown),
        }
        return self.api.json(200, listing)

    def _shown(self, subscription: dict[str, Any]) -> dict[str, Any]:
        """A subscription as Dwolla shows it: never its secret."""
        return {
            "_links": {
                "self": {
                    "href": f"{self.api.origin}/webhook-subscriptions/{subscription['id']}",
                    "type": HAL,
                }
            },
            "id": subscription["id"],
            "url": subscription["url"],
            "paused": False,
            "created": subscription["created"],
        }
