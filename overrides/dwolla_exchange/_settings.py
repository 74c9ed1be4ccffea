"""Client settings from arguments and the DWOLLA_* environment variables, checked once.

Nothing here holds ``os.environ`` (or the secret as a plain str) in a local: an error tracker
that records a failing frame's locals would record all of them."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

import httpx

from ._body import ACCEPT_ENCODING
from ._credentials import Credentials, Secret
from ._origin import Origin
from ._retry import RetryPolicy
from ._version import USER_AGENT

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_RETRY_BUDGET",
    "DEFAULT_TIMEOUT",
    "ENVIRONMENTS",
    "HAL_MEDIA_TYPE",
    "Settings",
    "resolve_settings",
]

ENVIRONMENTS = {
    "production": "https://api.dwolla.com",
    "sandbox": "https://api-sandbox.dwolla.com",
}
HAL_MEDIA_TYPE = "application/vnd.dwolla.v1.hal+json"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
# Dwolla's largest documented bodies are a few KiB; 1 MiB is room for any listing. Decoded
# JSON costs up to ~27 bytes per byte of text ("[{},{},..."), so the cap also bounds memory.
DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024
# Seconds one call may spend waiting between its attempts, all waits together.
DEFAULT_RETRY_BUDGET = 60.0

TimeoutTypes = float | httpx.Timeout | None


@dataclass(frozen=True, slots=True)
class Settings:
    credentials: Credentials
    origin: Origin
    timeout: httpx.Timeout
    retry: RetryPolicy

    # Sent on every API request; a class constant, as it is the same for every client.
    headers: ClassVar[Mapping[str, str]] = MappingProxyType(
        {"Accept": HAL_MEDIA_TYPE, "Accept-Encoding": ACCEPT_ENCODING, "User-Agent": USER_AGENT}
    )


# Longer than any call should wait, and short enough for every clock and select() to take.
MAX_TIMEOUT_SECONDS = 86_400.0


def _seconds(value: object, name: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 < value <= MAX_TIMEOUT_SECONDS  # also refuses NaN
    ):
        raise ValueError(
            f"{name} must be a number of seconds in (0, {MAX_TIMEOUT_SECONDS:g}] "
            f"or an httpx.Timeout, got {value!r}"
        )
    return float(value)


def as_timeout(value: TimeoutTypes) -> httpx.Timeout:
    """``value`` as an httpx.Timeout; None means the default. Non-finite, negative or
    absurd values are refused here, not as an OverflowError on every call."""
    if value is None:
        return DEFAULT_TIMEOUT
    if isinstance(value, httpx.Timeout):
        for part, seconds in value.as_dict().items():
            if seconds is not None:  # None: no limit on that phase, as httpx means it
                _seconds(seconds, f"timeout.{part}")
        return value
    return httpx.Timeout(_seconds(value, "timeout"))


def _pick(value: str | None, name: str) -> str | None:
    if value is not None:
        if not isinstance(value, str):
            raise TypeError(
                f"{name.lower().removeprefix('dwolla_')} must be a str, got {type(value).__name__}"
            )
        return value
    return os.environ.get(name) or None


def resolve_settings(
    *,
    client_id: str | None,
    client_secret: Secret | None,
    environment: str | None,
    base_url: str | None,
    timeout: TimeoutTypes,
    max_retries: int,
    retry_backoff: float,
    retry_backoff_max: float,
    retry_budget: float = DEFAULT_RETRY_BUDGET,
) -> Settings:
    client_id = _pick(client_id, "DWOLLA_CLIENT_ID")
    if client_secret is None:
        client_secret = Secret.of(os.environ.get("DWOLLA_CLIENT_SECRET"), "DWOLLA_CLIENT_SECRET")
    if not client_id:
        raise ValueError("client_id is required: pass client_id=... or set DWOLLA_CLIENT_ID")
    if not client_secret:
        raise ValueError(
            "client_secret is required: pass client_secret=... or set DWOLLA_CLIENT_SECRET"
        )
    base_url = _pick(base_url, "DWOLLA_BASE_URL")
    source = "environment" if environment is not None else "DWOLLA_ENVIRONMENT"
    environment = _pick(environment, "DWOLLA_ENVIRONMENT")
    # Checked even when a base URL wins over it: "prod" is a mistake either way.
    # Case-insensitive: "Sandbox" in a .env file means what it says.
    if environment is not None and environment.strip().lower() not in ENVIRONMENTS:
        raise ValueError(f"{source} must be 'sandbox' or 'production', got {environment!r}")
    if base_url is None:
        base_url = ENVIRONMENTS[(environment or "sandbox").strip().lower()]
    return Settings(
        credentials=Credentials(client_id, client_secret),
        origin=Origin.parse(base_url),
        timeout=as_timeout(timeout),
        retry=RetryPolicy(
            max_retries=max_retries,
            backoff=retry_backoff,
            backoff_max=retry_backoff_max,
            budget=retry_budget,
        ),
    )
