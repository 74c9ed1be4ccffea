"""Dwolla's webhook events: check the signature, then parse the typed event.

Dwolla signs each delivery with the subscription's secret: the header
``X-Request-Signature-SHA-256`` is the lowercase hex HMAC-SHA256 of the raw body bytes. Verify
those bytes exactly as received (re-serialized JSON will not match), then parse. Framework
neutral: pass the body and the request's headers from Flask, FastAPI, Django or anything else.

Deduplicating deliveries by ``event.id`` is the receiver's job (Dwolla delivers at least once);
``parse(..., max_age=...)`` refuses a captured delivery replayed later.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import math
from collections.abc import Iterable
from typing import Protocol

from dwolla_exchange_api.models import WebhookEvent

from ._parsing import ContractMismatch, model_from_dict
from .errors import WebhookPayloadError, WebhookReplayError, WebhookSignatureError

__all__ = [
    "SIGNATURE_HEADERS",
    "TOPIC_HEADER",
    "WebhookEvent",
    "WebhookPayloadError",
    "WebhookReplayError",
    "WebhookSignatureError",
    "parse",
    "sign",
    "verify",
]

# Dwolla's documented spellings, most specific first (header names are case-insensitive).
SIGNATURE_HEADERS = (
    "x-request-signature-sha-256",
    "x-request-signature-sha256",
    "x-request-signature",
)
TOPIC_HEADER = "x-dwolla-topic"
_SHA256_HEX_CHARS = 64


class Headers(Protocol):
    """A request's headers as any framework gives them (a dict, Flask's or Starlette's
    ``Headers``): anything with ``items()``; names are matched case-insensitively."""

    def items(self) -> Iterable[tuple[str, str]]: ...


_MAX_SECRET_CHARS = 128  # Dwolla's limit for a subscription secret


def sign(body: bytes, secret: str) -> str:
    """The signature Dwolla sends for ``body``: lowercase hex HMAC-SHA256 with ``secret``."""
    return hmac.new(_key(secret), _raw(body), hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str | Headers | None, secret: str) -> None:
    """Check that ``signature`` (the header's value, or the request's headers) is Dwolla's
    for exactly these ``body`` bytes; WebhookSignatureError if it is missing or wrong.
    The comparison takes the same time wherever the signatures differ."""
    given = _signature_from(signature)
    expected = sign(body, secret)
    normalized = given.strip().lower()
    if not normalized.isascii() or not hmac.compare_digest(normalized.encode(), expected.encode()):
        hint = ""
        if len(normalized) != _SHA256_HEX_CHARS:
            hint = f" (it has {len(normalized)} characters; an HMAC-SHA256 in hex has 64)"
        raise WebhookSignatureError(
            "webhook signature does not match the body and secret"
            + hint
            + ": check the subscription's secret, and verify the raw bytes as received"
        )


def parse(
    body: bytes,
    headers: Headers,
    secret: str,
    *,
    max_age: float | datetime.timedelta | None = None,
) -> WebhookEvent:
    """The typed event from a delivery, after ``verify``. WebhookSignatureError for a bad or
    missing signature; WebhookPayloadError for a body that is not an event.

    Dwolla signs only the body, so a captured delivery verifies forever: ``max_age`` (seconds
    or a timedelta) refuses, as WebhookReplayError, an event whose ``created`` (or older
    ``timestamp``) is older than that, or that has neither. Dwolla retries a delivery for
    72 hours, so a bound shorter than that may refuse a late honest retry; deduplicate by
    ``event.id`` as well.
    """
    limit = _seconds(max_age)
    verify(body, headers, secret)
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise WebhookPayloadError(f"webhook body is not JSON: {_snippet(body)}") from None
    if not isinstance(document, dict):
        raise WebhookPayloadError(f"webhook body is not a JSON object: {_snippet(body)}")
    try:
        event = model_from_dict(WebhookEvent, document)
    except ContractMismatch as exc:
        raise WebhookPayloadError(f"webhook body is not an event: {exc}") from None
    topic = _header(headers, (TOPIC_HEADER,))
    if topic is not None and topic != event.topic:
        raise WebhookPayloadError(
            f"the X-Dwolla-Topic header says {topic[:80]!r} but the event's topic is {event.topic[:80]!r}"
        )
    if limit is not None:
        _check_fresh(event, limit)
    return event


def _seconds(max_age: float | datetime.timedelta | None) -> float | None:
    if max_age is None:
        return None
    seconds = max_age.total_seconds() if isinstance(max_age, datetime.timedelta) else max_age
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int | float)
        or not 0 < seconds < math.inf
    ):
        raise ValueError(
            f"max_age must be a positive number of seconds or a timedelta, got {max_age!r}"
        )
    return float(seconds)


def _check_fresh(event: WebhookEvent, limit: float) -> None:
    created = event.created if isinstance(event.created, datetime.datetime) else None
    if created is None and isinstance(event.timestamp, datetime.datetime):
        created = event.timestamp
    if created is None:
        raise WebhookReplayError("webhook event has no created time, so its age is unknown")
    age = (datetime.datetime.now(datetime.UTC) - created).total_seconds()
    if age > limit:
        raise WebhookReplayError(
            f"webhook event {event.id[:40]!r} was created {age:.0f} s ago, more than "
            f"max_age={limit:g} s: a replayed delivery, or one retried too late"
        )


def _signature_from(signature: str | Headers | None) -> str:
    if isinstance(signature, str):
        return signature
    if signature is None:
        raise WebhookSignatureError("no webhook signature given")
    if not callable(getattr(signature, "items", None)):
        raise TypeError(
            f"signature must be a str or the request's headers, got {type(signature).__name__}"
        )
    found = _header(signature, SIGNATURE_HEADERS)
    if found is None:
        raise WebhookSignatureError(
            "the request has no signature header (expected X-Request-Signature-SHA-256)"
        )
    return found


def _header(headers: Headers, names: tuple[str, ...]) -> str | None:
    lowered = {str(k).lower(): v for k, v in headers.items()}
    for name in names:
        if name in lowered:
            return str(lowered[name])
    return None


def _raw(body: bytes) -> bytes:
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    raise TypeError(
        f"pass the raw body bytes as received, got {type(body).__name__}: a decoded or "
        "re-serialized body does not match the signature"
    )


def _key(secret: str) -> bytes:
    if not isinstance(secret, str) or not 0 < len(secret) <= _MAX_SECRET_CHARS:
        raise ValueError(
            f"secret must be the subscription's secret, 1-{_MAX_SECRET_CHARS} characters"
        )
    return secret.encode()


def _snippet(body: bytes) -> str:
    return repr(bytes(body[:80]))
