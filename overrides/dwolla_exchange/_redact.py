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

import httpx

__all__ = ["REDACTED", "Redactor", "install_log_filter", "redact_authorization"]

REDACTED = "[redacted]"
# Shorter values would also match ordinary text; every real secret and token is far longer.
_MIN_SECRET_CHARS = 6
_AUTHORIZATION_VALUE = re.compile(r"\b(Bearer|Basic)\s+[^\s'\"]+", re.IGNORECASE)


def redact_authorization(text: str) -> str:
    """``Bearer xyz`` / ``Basic xyz`` in free text (a protocol error quoting a header) redacted."""
    return _AUTHORIZATION_VALUE.sub(rf"\1 {REDACTED}", text)


class Redactor:
    """Replaces the current secrets (client secret, Basic credentials, recent tokens) with
    ``[redacted]`` in responses and text."""

    def __init__(self, secrets: Callable[[], Iterable[str]]) -> None:
        self._secrets = secrets

    def _forms(self) -> list[bytes]:
        forms: list[bytes] = []
        for secret in self._secrets():
            if len(secret) < _MIN_SECRET_CHARS:
                continue
            forms.append(secret.encode())
            escaped = json.dumps(secret)[1:-1].encode()  # as it appears inside a JSON string
            if escaped != forms[-1]:
                forms.append(escaped)
        return forms

    def scrub_response(self, response: httpx.Response) -> None:
        """Redact secrets in a fully read response's body and header values, in place."""
        forms = self._forms()
        content = response.content
        raw_headers = b"\n".join(value for _, value in response.headers.raw)
        if any(form in content for form in forms):
            for form in forms:
                content = content.replace(form, REDACTED.encode())
            response._content = content  # httpx's own read() stores the body the same way
        if any(form in raw_headers for form in forms):
            for name, value in list(response.headers.multi_items()):
                clean = self.scrub_text(value)
                if clean != value:
                    response.headers[name] = clean

    def scrub_text(self, text: str) -> str:
        for form in self._forms():
            text = text.replace(form.decode(), REDACTED)
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
