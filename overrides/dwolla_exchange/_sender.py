"""Sending one logical request: attempts, backoff, deadlines, capped bodies, and the mapping
of httpx failures.

This is the only retry loop. It sits around ``httpx.Client.send`` rather than inside a
transport so that it works unchanged with a caller's own ``httpx.Client`` (whose transport
we must not replace); auth runs inside every attempt and only ever reads its token cache
unless the token must be renewed (then it sends the token request through this same loop).

Each attempt has a deadline: the largest value of the request's timeout, from asking for a
token to the last byte of the body. The deadline is published in a context variable, which
``_transport.DeadlineTransport`` reads at every socket wait (sync) and an anyio cancel scope
enforces (async); bodies are read in chunks, checked against the deadline and against
``max_response_bytes`` as they arrive.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpx

from ._body import Limits, async_read_body, deadline_error, sync_read_body
from ._redact import redact_request_credentials
from ._retry import Retrying, RetryPolicy
from .errors import APIConnectionError, APITimeoutError, request_id_of

__all__ = [
    "Attempt",
    "async_send",
    "current_attempt",
    "current_deadline",
    "logger",
    "redacted_headers",
    "sync_send",
]

logger = logging.getLogger("dwolla_exchange")
logger.addHandler(logging.NullHandler())

_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


@dataclass(slots=True)
class Attempt:
    """The attempt in progress in this thread or task, as auth and the transport see it."""

    deadline: float | None  # monotonic instant by which it must be over (None: no deadline)
    awaiting_token: bool = False  # so a deadline that passes meanwhile is told as a token failure
    response: httpx.Response | None = None  # set by the driver once the body is read
    wait: float | None = None  # after the attempt: seconds until the next one, None if final

    def seconds_left(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()


_ATTEMPT: ContextVar[Attempt | None] = ContextVar("dwolla_exchange_attempt", default=None)


def current_attempt() -> Attempt | None:
    return _ATTEMPT.get()


def current_deadline() -> float | None:
    attempt = _ATTEMPT.get()
    return None if attempt is None else attempt.deadline


def redacted_headers(headers: httpx.Headers) -> dict[str, str]:
    return {k: ("[redacted]" if k.lower() in _SECRET_HEADERS else v) for k, v in headers.items()}


def _connection_error(
    exc: Exception, request: httpx.Request, limits: Limits
) -> tuple[APIConnectionError, bool]:
    """The typed error, and whether redaction changed the library's message (then the
    original must not stay attached as ``__cause__``)."""
    sent = getattr(exc, "_request", None)  # httpx's .request raises when none was attached
    if isinstance(sent, httpx.Request):
        redact_request_credentials(sent)  # it stays reachable as the error's __cause__
    redact_request_credentials(request)
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    raw = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    message = limits.redactor.scrub_text(raw) if limits.redactor is not None else raw
    return cls(message, request=request), message != raw


def _log_attempt(request: httpx.Request, attempt: int, outcome: str, started: float) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s -> %s in %.1f ms (attempt %d) headers=%s",
            request.method,
            request.url,
            outcome,
            (time.perf_counter() - started) * 1000,
            attempt,
            redacted_headers(request.headers),
        )


class _AttemptScope:
    """One attempt, for both drivers: publishes its deadline, and on the way out decides
    ``attempt.wait`` from its outcome or raises the typed error for a final failure.
    (A class, not @contextmanager: it runs on every call, and a generator costs more.)"""

    def __init__(self, retrying: Retrying, request: httpx.Request, limits: Limits) -> None:
        self._retrying = retrying
        self._request = request
        self._limits = limits

    def __enter__(self) -> Attempt:
        self._started = time.perf_counter()
        self._attempt = Attempt(self._retrying.begin())
        self._reset = _ATTEMPT.set(self._attempt)
        return self._attempt

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> bool:
        _ATTEMPT.reset(self._reset)
        attempt, retrying, request = self._attempt, self._retrying, self._request
        if exc is None:
            assert attempt.response is not None
            if logger.isEnabledFor(logging.DEBUG):  # the request id, on success too
                rid = request_id_of(attempt.response.headers)
                outcome = f"{attempt.response.status_code} (request id {rid})"
                _log_attempt(request, retrying.attempts, outcome, self._started)
            attempt.wait = retrying.after_response(attempt.response)
        elif isinstance(exc, TimeoutError):  # the async driver's cancel scope: deadline passed
            _log_attempt(request, retrying.attempts, "deadline", self._started)
            timed_out = deadline_error(request)
            timed_out.token_request = attempt.awaiting_token
            raise timed_out from None
        elif isinstance(exc, httpx.TransportError):
            _log_attempt(request, retrying.attempts, type(exc).__name__, self._started)
            attempt.wait = retrying.after_failure(exc)
            if attempt.wait is None:
                error, redacted = _connection_error(exc, request, self._limits)
                raise error from (None if redacted else exc)
        else:
            return False  # anything else (our own typed errors included) goes on as it is
        if attempt.wait is not None:
            logger.debug("retrying %s %s in %.2f s", request.method, request.url, attempt.wait)
        return True


class _CancelAfter:
    """Cancels the block after ``delay`` seconds and raises TimeoutError: asyncio's own
    timeout where asyncio runs (half the cost of anyio's cancel scope per call), else anyio's."""

    def __init__(self, delay: float | None) -> None:
        import asyncio

        try:
            asyncio.get_running_loop()
        except RuntimeError:  # trio, through anyio
            import anyio

            self._sync_scope: Any = anyio.fail_after(delay)
            self._async_scope: Any = None
        else:
            self._sync_scope = None
            self._async_scope = asyncio.timeout(delay)

    async def __aenter__(self) -> None:
        if self._async_scope is not None:
            await self._async_scope.__aenter__()
        else:
            self._sync_scope.__enter__()

    async def __aexit__(self, *exc_info: Any) -> bool | None:
        if self._async_scope is not None:
            result: bool | None = await self._async_scope.__aexit__(*exc_info)
            return result
        return bool(self._sync_scope.__exit__(*exc_info))


def sync_send(
    client: httpx.Client,
    request: httpx.Request,
    *,
    auth: httpx.Auth | None,
    policy: RetryPolicy,
    limits: Limits,
    idempotent: bool | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> httpx.Response:
    """Send ``request`` until it succeeds or fails for good; the returned response is read.

    Errors raised by auth (the token request, already retried there) are final here.
    """
    retrying = Retrying(request, policy, idempotent=idempotent, outer=current_deadline())
    while True:
        with _AttemptScope(retrying, request, limits) as attempt:
            response = client.send(request, auth=auth, stream=True, follow_redirects=False)
            sync_read_body(response, limits, attempt.deadline)
            attempt.response = response
        if attempt.wait is None:
            assert attempt.response is not None
            return attempt.response
        sleep(attempt.wait)


async def async_send(
    client: httpx.AsyncClient,
    request: httpx.Request,
    *,
    auth: httpx.Auth | None,
    policy: RetryPolicy,
    limits: Limits,
    idempotent: bool | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> httpx.Response:
    """See :func:`sync_send`; the attempt's deadline is a cancel scope here."""
    retrying = Retrying(request, policy, idempotent=idempotent, outer=current_deadline())
    while True:
        with _AttemptScope(retrying, request, limits) as attempt:
            async with _CancelAfter(attempt.seconds_left()):
                response = await client.send(
                    request, auth=auth, stream=True, follow_redirects=False
                )
                await async_read_body(response, limits)
                attempt.response = response
        # The deadline's timer, cancelled but still queued in the event loop until it is
        # purged, keeps the context it was scheduled in, and so `attempt`: let go of the
        # response, or every call's response would stay in memory that long.
        final, attempt.response = attempt.response, None
        if attempt.wait is None:
            assert final is not None
            return final
        if sleep is None:
            import anyio  # asyncio or trio, whichever runs this client

            await anyio.sleep(attempt.wait)
        else:
            await sleep(attempt.wait)
