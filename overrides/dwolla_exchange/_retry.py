"""Retries, decided without I/O: which outcomes are retried, how long to wait, and when the
call's budget or an enclosing deadline says stop. ``_sender`` sends and sleeps."""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

import httpx

from .errors import parse_retry_after

__all__ = ["RETRYABLE_STATUSES", "RetryPolicy", "Retrying"]

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Failures where the server cannot have acted on the request, or where the method is
# idempotent so acting twice is harmless. Read timeouts are not retried: the caller's
# timeout is a budget, and three of them would triple it.
_RETRYABLE_EXCEPTIONS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.RemoteProtocolError,
    httpx.ReadError,
    httpx.WriteError,
)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``max_retries`` extra attempts with capped exponential backoff and equal jitter.

    ``budget`` caps the seconds one call may spend waiting between attempts, all waits
    together: a retry whose wait would overrun it is not made, and the last error is raised.
    """

    max_retries: int = 2
    backoff: float = 0.5
    backoff_max: float = 8.0
    retry_after_max: float = 60.0
    budget: float = 60.0

    def __post_init__(self) -> None:
        if (
            not isinstance(self.max_retries, int)
            or isinstance(self.max_retries, bool)
            or self.max_retries < 0
        ):
            raise ValueError(f"max_retries must be an int >= 0, got {self.max_retries!r}")
        # Checked here, where every policy is made: NaN or infinity would otherwise surface as
        # an OverflowError or a ValueError from a sleep on every call.
        for name, seconds in (
            ("retry_backoff", self.backoff),
            ("retry_backoff_max", self.backoff_max),
            ("retry_budget", self.budget),
        ):
            if (
                isinstance(seconds, bool)
                or not isinstance(seconds, int | float)
                or not (math.isfinite(seconds) and seconds >= 0)
            ):
                raise ValueError(f"{name} must be a finite number of seconds >= 0, got {seconds!r}")

    def delay(self, retry_number: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry ``retry_number`` (1-based)."""
        if retry_after is not None:
            return min(retry_after, self.retry_after_max)
        ceiling = min(self.backoff_max, self.backoff * 2.0 ** (retry_number - 1))
        # Jitter in [ceiling/2, ceiling] keeps clients that failed together from retrying together.
        return ceiling / 2 + random.random() * ceiling / 2  # noqa: S311 - jitter, not a secret


class Retrying:
    """The retry state of one logical request: after each attempt's outcome, the seconds to
    wait before the next attempt, or None when that outcome is final.

    ``idempotent`` overrides the method's own answer (the token request is a POST that may
    always be repeated); ``outer`` is an enclosing call's deadline, which no wait may cross.
    """

    def __init__(
        self,
        request: httpx.Request,
        policy: RetryPolicy,
        *,
        idempotent: bool | None = None,
        outer: float | None = None,
    ) -> None:
        self.policy = policy
        self.outer = outer
        self.attempts = 0
        self._waited = 0.0
        # A POST is safe to repeat only when Dwolla can recognise the repeat.
        self.repeatable: bool = (
            idempotent
            if idempotent is not None
            else request.method in _IDEMPOTENT_METHODS or "idempotency-key" in request.headers
        )
        seconds: list[float] = [
            v for v in (request.extensions.get("timeout") or {}).values() if v is not None
        ]
        # One attempt's budget, from asking for a token to the body's last byte: the largest
        # of the request's connect/read/write/pool limits.
        self._attempt_seconds = max(seconds) if seconds else None

    def begin(self) -> float | None:
        """Count an attempt; its deadline (a monotonic instant), or None for no deadline."""
        self.attempts += 1
        if self._attempt_seconds is None:
            return self.outer
        deadline = time.monotonic() + self._attempt_seconds
        return deadline if self.outer is None else min(deadline, self.outer)

    def after_failure(self, exc: Exception) -> float | None:
        if not isinstance(exc, _RETRYABLE_EXCEPTIONS):
            return None
        return self._wait(self.policy.delay(self.attempts))

    def after_response(self, response: httpx.Response) -> float | None:
        if response.status_code not in RETRYABLE_STATUSES:
            return None
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if retry_after is not None and retry_after > self.policy.retry_after_max:
            return None  # Dwolla asks for longer than a caller should block; surface the error.
        return self._wait(self.policy.delay(self.attempts, retry_after))

    def _wait(self, wait: float) -> float | None:
        if self.attempts > self.policy.max_retries or not self.repeatable:
            return None
        if self._waited + wait > self.policy.budget:
            return None  # the call's retry budget is spent: the last outcome stands
        if self.outer is not None and time.monotonic() + wait >= self.outer:
            return None  # an enclosing call's deadline would pass while waiting
        self._waited += wait
        return wait
