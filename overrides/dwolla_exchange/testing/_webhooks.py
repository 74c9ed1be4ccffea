"""The fake's webhooks: subscriptions (``/webhook-subscriptions``), the events the flow
publishes, and their signed delivery with Dwolla's retry schedule, scaled down.

Each delivery runs on its own daemon thread: POST the event to the subscription's URL,
signed as Dwolla signs (``X-Request-Signature-SHA-256``: hex HMAC-SHA256 of the body with
the subscription's secret); a non-2xx answer or no answer is retried after Dwolla's delays
(15 min, 1 h, 3 h, 6 h, 12 h, 24 h, 48 h, 72 h) times ``time_scale``. Every attempt is
recorded. ``stop()`` ends pending retries.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from ..webhooks import sign
from ._seed import now_timestamp

if TYPE_CHECKING:
    from ._api import DwollaApi, FakeRequest, FakeResponse

__all__ = ["DOCUMENTED_RETRY_DELAYS", "Delivery", "WebhookSender"]

HAL = "application/vnd.dwolla.v1.hal+json"
DOCUMENTED_RETRY_DELAYS = (900, 3600, 10800, 21600, 43200, 86400, 172800, 259200)  # seconds
FAKE_ACCOUNT_ID = "7da912eb-6f2f-4b6f-a2c4-8f6c3c1a2b3d"
_DELIVERY_TIMEOUT = 10.0  # Dwolla waits 10 s for a 2xx


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
    _stopping: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

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
            thread = threading.Thread(
                target=self._deliver, args=(event_id, topic, body, subscription), daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def _deliver(
        self, event_id: str, topic: str, body: bytes, subscription: dict[str, Any]
    ) -> None:
        headers = {
            "Content-Type": "application/json",
            "X-Dwolla-Topic": topic,
            "X-Request-Signature-SHA-256": sign(body, subscription["secret"]),
        }
        delays = [d * self.time_scale for d in DOCUMENTED_RETRY_DELAYS]
        with httpx.Client(timeout=_DELIVERY_TIMEOUT, follow_redirects=False) as http:
            for attempt in range(1, len(delays) + 2):
                status: int | None = None
                error: str | None = None
                try:
                    status = http.post(
                        subscription["url"], content=body, headers=headers
                    ).status_code
                except httpx.HTTPError as exc:
                    error = f"{type(exc).__name__}: {exc}"
                record = Delivery(
                    event_id, topic, subscription["url"], attempt, status, error, time.time()
                )
                with self.api.lock:
                    self.deliveries.append(record)
                if status is not None and 200 <= status < 300:
                    return
                if attempt > len(delays) or self._stopping.wait(delays[attempt - 1]):
                    return

    def stop(self, timeout: float = 5.0) -> None:
        """End pending retries and wait (bounded) for attempts in flight."""
        self._stopping.set()
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
