"""Keeping secrets out of what a server sends back: response bodies, headers, error text.

A hostile or broken server may echo the client secret or a bearer token into an error body,
a header or a protocol error; whatever it sends, the values below never reach an exception,
a log line or the CLI.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

import httpx

__all__ = [
    "REDACTED",
    "Redactor",
    "install_log_filter",
    "redact_authorization",
    "redact_request_credentials",
]

REDACTED = "[redacted]"
# Shorter values would also match ordinary text; every real secret and token is far longer.
_MIN_SECRET_CHARS = 6
# Encodings json.loads detects besides UTF-8 (RFC 8259 section 8.1's older rule).
_WIDE_ENCODINGS = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_AUTHORIZATION_VALUE = re.compile(r"\b(Bearer|Basic)\s+[^\s'\"]+", re.IGNORECASE)


def redact_authorization(text: str) -> str:
    """``Bearer xyz`` / ``Basic xyz`` in free text (a protocol error quoting a header) redacted."""
    return _AUTHORIZATION_VALUE.sub(rf"\1 {REDACTED}", text)


def redact_request_credentials(request: httpx.Request) -> None:
    """A finished request's credentials redacted in place, before an error keeps it (as
    ``err.response.request``, or as the chained httpx error's ``.request``)."""
    for name in ("authorization", "proxy-authorization"):
        if name in request.headers:
            request.headers[name] = REDACTED


class Redactor:
    """Replaces the current secrets (client secret, Basic credentials, recent tokens) with
    ``[redacted]`` in responses and text."""

    def __init__(self, secrets: Callable[[], Iterable[str]]) -> None:
        self._secrets = secrets
        self._cached: tuple[tuple[str, ...], re.Pattern[bytes] | None] = ((), None)

    def _pattern(self) -> re.Pattern[bytes] | None:
        """One regex of every form of every secret (None when there is none to look for)."""
        secrets = tuple(self._secrets())
        if secrets == self._cached[0]:
            return self._cached[1]  # the secrets change only when a new token arrives
        forms: set[bytes] = set()
        for secret in secrets:
            if len(secret) >= _MIN_SECRET_CHARS:
                forms.add(secret.encode())
                forms.add(json.dumps(secret)[1:-1].encode())  # as it appears in a JSON string
        longest_first = sorted(forms, key=len, reverse=True)
        pattern = re.compile(b"|".join(map(re.escape, longest_first))) if forms else None
        self._cached = (secrets, pattern)
        return pattern

    def scrub_response(self, response: httpx.Response) -> None:
        """Redact secrets in a fully read response's body and header values, in place; an
        error response also in every form an error may decode it to."""
        pattern = self._pattern()
        if pattern is None:
            return
        if not 200 <= response.status_code < 300:
            self._scrub_decoded_forms(response)
        content = response.content
        if pattern.search(content):
            response._content = pattern.sub(
                REDACTED.encode(), content
            )  # as httpx's read() stores it
        if pattern.search(b"\n".join(value for _, value in response.headers.raw)):
            for name, value in list(response.headers.multi_items()):
                clean = self.scrub_text(value)
                if clean != value:
                    response.headers[name] = clean

    def _scrub_decoded_forms(self, response: httpx.Response) -> None:
        """What the fast path cannot see, on error responses only: a secret in UTF-16/32
        (json.loads detects those), behind JSON \\u escapes, or in the reason phrase."""
        secrets = [s for s in self._secrets() if len(s) >= _MIN_SECRET_CHARS]
        content = response.content
        for encoding in _WIDE_ENCODINGS:
            for secret in secrets:
                content = content.replace(secret.encode(encoding), REDACTED.encode(encoding))
        try:
            document = json.loads(content)
        except (ValueError, UnicodeDecodeError, RecursionError):
            document = None
        if document is not None:
            clean = self.scrub_value(document)
            if clean != document:  # re-encoded: the escapes that hid a secret are gone
                content = json.dumps(clean).encode()
        response._content = content  # as httpx's read() stores it
        reason = response.extensions.get("reason_phrase")
        if isinstance(reason, bytes):
            text = reason.decode("latin-1")
            response.extensions["reason_phrase"] = self.scrub_text(text).encode(
                "latin-1", "replace"
            )

    def scrub_value(self, value: Any) -> Any:
        """``value`` with every string in it scrubbed: strings, dict keys and values, list and
        tuple items (named tuples keep their type)."""
        if isinstance(value, str):
            return self.scrub_text(value)
        if isinstance(value, dict):
            return {self.scrub_value(k): self.scrub_value(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.scrub_value(v) for v in value]
        if isinstance(value, tuple):
            items = [self.scrub_value(v) for v in value]
            return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
        return value

    def scrub_error(self, error: BaseException) -> None:
        """Every string an error shows (message, code, body, details, headers, args), scrubbed
        in place before it reaches the caller, a log or an error tracker."""
        error.args = self.scrub_value(error.args)
        for name, value in vars(error).items():
            if name != "response":
                setattr(error, name, self.scrub_value(value))

    def scrub_text(self, text: str) -> str:
        pattern = self._pattern()
        if pattern is not None:
            text = pattern.sub(REDACTED.encode(), text.encode("utf-8", "surrogatepass")).decode(
                "utf-8", "surrogatepass"
            )
        return redact_authorization(text)


# The loggers under which httpx and httpcore write requests, responses and protocol errors at
# DEBUG; a filter on a logger sees only records logged to that logger itself, not its parent's.
HTTP_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.connection_pool",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
)


class SecretsLogFilter(logging.Filter):
    """Scrubs every live client's secrets from httpx's and httpcore's log records (which quote
    response headers, and protocol errors that quote request headers). It only runs for
    records that a logger has already decided to emit, so it costs nothing by default."""

    def __init__(self, redactors: Callable[[], Iterable[Redactor]]) -> None:
        super().__init__()
        self._redactors = redactors

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact_authorization(message)
        for redactor in self._redactors():
            clean = redactor.scrub_text(clean)
        if clean != message:
            record.msg, record.args = clean, ()
        return True


def install_log_filter(redactors: Callable[[], Iterable[Redactor]]) -> None:
    log_filter = SecretsLogFilter(redactors)
    for name in HTTP_LOGGERS:
        logging.getLogger(name).addFilter(log_filter)
