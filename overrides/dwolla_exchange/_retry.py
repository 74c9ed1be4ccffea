"""When to retry and how long to wait: pure decisions, shared by the sync and async senders."""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx

__all__ = ["RETRYABLE_STATUSES", "RetryPolicy"]

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
        if self.backoff < 0 or self.backoff_max < 0:
            raise ValueError("retry backoff must be >= 0 seconds")
        if not self.budget >= 0:  # also refuses NaN
            raise ValueError(f"retry_budget must be >= 0 seconds, got {self.budget!r}")

    def may_retry(self, request: httpx.Request) -> bool:
        # A POST is safe to repeat only when Dwolla can recognise the repeat.
        return request.method in _IDEMPOTENT_METHODS or "idempotency-key" in request.headers

    def retryable_exception(self, exc: Exception) -> bool:
        return isinstance(exc, _RETRYABLE_EXCEPTIONS)

    def delay(self, retry_number: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry ``retry_number`` (1-based)."""
        if retry_after is not None:
            return min(retry_after, self.retry_after_max)
        ceiling = min(self.backoff_max, self.backoff * 2.0 ** (retry_number - 1))
        # Jitter in [ceiling/2, ceiling] keeps clients that failed together from retrying together.
        return ceiling / 2 + random.random() * ceiling / 2  # noqa: S311 - jitter, not a secret
