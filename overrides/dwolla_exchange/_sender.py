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
from ._retry import RETRYABLE_STATUSES, RetryPolicy
from .errors import APIConnectionError, APITimeoutError, parse_retry_after

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


_ATTEMPT: ContextVar[Attempt | None] = ContextVar("dwolla_exchange_attempt", default=None)


def current_attempt() -> Attempt | None:
    return _ATTEMPT.get()


def current_deadline() -> float | None:
    attempt = _ATTEMPT.get()
    return None if attempt is None else attempt.deadline


def redacted_headers(headers: httpx.Headers) -> dict[str, str]:
    return {k: ("[redacted]" if k.lower() in _SECRET_HEADERS else v) for k, v in headers.items()}


def _attempt_seconds(request: httpx.Request) -> float | None:
    """The whole-attempt budget: the largest of the request's connect/read/write/pool limits."""
    timeouts = request.extensions.get("timeout") or {}
    values = [v for v in timeouts.values() if v is not None]
    return max(values) if values else None


def _deadline_for(request: httpx.Request, outer: float | None) -> float | None:
    seconds = _attempt_seconds(request)
    deadline = None if seconds is None else time.monotonic() + seconds
    if outer is not None:
        deadline = outer if deadline is None else min(deadline, outer)
    return deadline


def _connection_error(
    exc: Exception, request: httpx.Request, limits: Limits
) -> tuple[APIConnectionError, bool]:
    """The typed error, and whether redaction changed the library's message (then the
    original must not stay attached as ``__cause__``)."""
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    raw = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    message = limits.redactor.scrub_text(raw) if limits.redactor is not None else raw
    return cls(message, request=request), message != raw


def _retry_wait(
    policy: RetryPolicy,
    request: httpx.Request,
    retry: int,
    response: httpx.Response | None,
    *,
    idempotent: bool | None,
    waited: float,
    outer: float | None,
) -> float | None:
    """Seconds to wait before the next attempt, or None when this outcome is final."""
    may_retry = policy.may_retry(request) if idempotent is None else idempotent
    if retry > policy.max_retries or not may_retry:
        return None
    if response is None:
        wait = policy.delay(retry)
    elif response.status_code not in RETRYABLE_STATUSES:
        return None
    else:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if retry_after is not None and retry_after > policy.retry_after_max:
            return (
                None  # Dwolla asks for longer than a caller should block; surface RateLimitError.
            )
        wait = policy.delay(retry, retry_after)
    if waited + wait > policy.budget:
        return None  # the call's retry budget is spent: the last outcome stands
    if outer is not None and time.monotonic() + wait >= outer:
        return None  # an enclosing call's deadline would pass while waiting
    return wait


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
    outer = current_deadline()
    attempt = 0
    waited = 0.0
    while True:
        attempt += 1
        started = time.perf_counter()
        deadline = _deadline_for(request, outer)
        state = Attempt(deadline)
        reset = _ATTEMPT.set(state)
        try:
            response = client.send(request, auth=auth, stream=True, follow_redirects=False)
            sync_read_body(response, limits, deadline)
        except httpx.TransportError as exc:
            _log_attempt(request, attempt, type(exc).__name__, started)
            wait = (
                _retry_wait(
                    policy,
                    request,
                    attempt,
                    None,
                    idempotent=idempotent,
                    waited=waited,
                    outer=outer,
                )
                if policy.retryable_exception(exc)
                else None
            )
            if wait is None:
                error, redacted = _connection_error(exc, request, limits)
                raise error from (None if redacted else exc)
        else:
            _log_attempt(request, attempt, str(response.status_code), started)
            wait = _retry_wait(
                policy,
                request,
                attempt,
                response,
                idempotent=idempotent,
                waited=waited,
                outer=outer,
            )
            if wait is None:
                return response
        finally:
            _ATTEMPT.reset(reset)
        logger.debug("retrying %s %s in %.2f s", request.method, request.url, wait)
        sleep(wait)
        waited += wait


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
    """See :func:`sync_send`."""
    outer = current_deadline()
    attempt = 0
    waited = 0.0
    while True:
        attempt += 1
        started = time.perf_counter()
        deadline = _deadline_for(request, outer)
        state = Attempt(deadline)
        reset = _ATTEMPT.set(state)
        try:
            async with _CancelAfter(None if deadline is None else deadline - time.monotonic()):
                response = await client.send(
                    request, auth=auth, stream=True, follow_redirects=False
                )
                await async_read_body(response, limits)
        except TimeoutError:
            _log_attempt(request, attempt, "deadline", started)
            timed_out = deadline_error(request)
            timed_out.token_request = state.awaiting_token
            raise timed_out from None
        except httpx.TransportError as exc:
            _log_attempt(request, attempt, type(exc).__name__, started)
            wait = (
                _retry_wait(
                    policy,
                    request,
                    attempt,
                    None,
                    idempotent=idempotent,
                    waited=waited,
                    outer=outer,
                )
                if policy.retryable_exception(exc)
                else None
            )
            if wait is None:
                error, redacted = _connection_error(exc, request, limits)
                raise error from (None if redacted else exc)
        else:
            _log_attempt(request, attempt, str(response.status_code), started)
            wait = _retry_wait(
                policy,
                request,
                attempt,
                response,
                idempotent=idempotent,
                waited=waited,
                outer=outer,
            )
            if wait is None:
                return response
        finally:
            _ATTEMPT.reset(reset)
        logger.debug("retrying %s %s in %.2f s", request.method, request.url, wait)
        if sleep is None:
            import anyio  # asyncio or trio, whichever runs this client

            await anyio.sleep(wait)
        else:
            await sleep(wait)
        waited += wait
