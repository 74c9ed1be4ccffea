"""Sending one logical request: attempts, backoff, and the mapping of httpx failures.

This is the only retry loop. It sits around ``httpx.Client.send`` rather than inside a
transport so that it works unchanged with a caller's own ``httpx.Client`` (whose transport
we must not replace); auth runs inside every attempt and only ever reads its token cache
unless the token must be renewed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

import httpx

from ._retry import RETRYABLE_STATUSES, RetryPolicy
from .errors import APIConnectionError, APIStatusError, APITimeoutError, parse_retry_after

__all__ = ["async_send", "logger", "redacted_headers", "sync_send"]

logger = logging.getLogger("dwolla_exchange")
logger.addHandler(logging.NullHandler())

_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


def redacted_headers(headers: httpx.Headers) -> dict[str, str]:
    return {k: ("[redacted]" if k.lower() in _SECRET_HEADERS else v) for k, v in headers.items()}


def _connection_error(exc: Exception, request: httpx.Request) -> APIConnectionError:
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    return cls(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__, request=request)


def _retry_wait(
    policy: RetryPolicy, request: httpx.Request, retry: int, response: httpx.Response | None
) -> float | None:
    """Seconds to wait before the next attempt, or None when this outcome is final."""
    if retry > policy.max_retries or not policy.may_retry(request):
        return None
    if response is None:
        return policy.delay(retry)
    if response.status_code not in RETRYABLE_STATUSES:
        return None
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    if retry_after is not None and retry_after > policy.retry_after_max:
        return None  # Dwolla asks for longer than a caller should block; surface RateLimitError.
    return policy.delay(retry, retry_after)


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


def _status_error_response(exc: APIStatusError) -> httpx.Response:
    # Errors raised by auth (the token endpoint) are retried like responses of that status.
    return httpx.Response(exc.status_code, headers=exc.headers)


def sync_send(
    client: httpx.Client,
    request: httpx.Request,
    *,
    auth: httpx.Auth,
    policy: RetryPolicy,
    sleep: Callable[[float], None] = time.sleep,
) -> httpx.Response:
    attempt = 0
    while True:
        attempt += 1
        started = time.perf_counter()
        try:
            response = client.send(request, auth=auth, follow_redirects=False)
        except httpx.TransportError as exc:
            _log_attempt(request, attempt, type(exc).__name__, started)
            wait = (
                _retry_wait(policy, request, attempt, None)
                if policy.retryable_exception(exc)
                else None
            )
            if wait is None:
                raise _connection_error(exc, request) from exc
        except APIStatusError as exc:
            wait = _retry_wait(policy, request, attempt, _status_error_response(exc))
            if wait is None:
                raise
        else:
            _log_attempt(request, attempt, str(response.status_code), started)
            wait = _retry_wait(policy, request, attempt, response)
            if wait is None:
                return response
            response.close()
        logger.debug("retrying %s %s in %.2f s", request.method, request.url, wait)
        sleep(wait)


async def async_send(
    client: httpx.AsyncClient,
    request: httpx.Request,
    *,
    auth: httpx.Auth,
    policy: RetryPolicy,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> httpx.Response:
    attempt = 0
    while True:
        attempt += 1
        started = time.perf_counter()
        try:
            response = await client.send(request, auth=auth, follow_redirects=False)
        except httpx.TransportError as exc:
            _log_attempt(request, attempt, type(exc).__name__, started)
            wait = (
                _retry_wait(policy, request, attempt, None)
                if policy.retryable_exception(exc)
                else None
            )
            if wait is None:
                raise _connection_error(exc, request) from exc
        except APIStatusError as exc:
            wait = _retry_wait(policy, request, attempt, _status_error_response(exc))
            if wait is None:
                raise
        else:
            _log_attempt(request, attempt, str(response.status_code), started)
            wait = _retry_wait(policy, request, attempt, response)
            if wait is None:
                return response
            await response.aclose()
        logger.debug("retrying %s %s in %.2f s", request.method, request.url, wait)
        if sleep is None:
            import anyio  # asyncio or trio, whichever runs this client

            await anyio.sleep(wait)
        else:
            await sleep(wait)
