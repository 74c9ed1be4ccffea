"""Client settings from arguments and the DWOLLA_* environment variables, checked once."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

import httpx

from ._auth import Credentials
from ._body import ACCEPT_ENCODING
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
# Dwolla's largest documented bodies are a few KiB; 10 MiB is room for any listing.
DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024
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


def as_timeout(value: TimeoutTypes) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        return value
    if value is None:
        return DEFAULT_TIMEOUT
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(
            f"timeout must be a positive number of seconds or httpx.Timeout, got {value!r}"
        )
    return httpx.Timeout(float(value))


def _pick(value: str | None, env: Mapping[str, str], name: str) -> str | None:
    if value is not None:
        if not isinstance(value, str):
            raise TypeError(
                f"{name.lower().removeprefix('dwolla_')} must be a str, got {type(value).__name__}"
            )
        return value
    return env.get(name) or None


def resolve_settings(
    *,
    client_id: str | None,
    client_secret: str | None,
    environment: str | None,
    base_url: str | None,
    timeout: TimeoutTypes,
    max_retries: int,
    retry_backoff: float,
    retry_backoff_max: float,
    retry_budget: float = DEFAULT_RETRY_BUDGET,
    env: Mapping[str, str] | None = None,
) -> Settings:
    env = os.environ if env is None else env
    client_id = _pick(client_id, env, "DWOLLA_CLIENT_ID")
    client_secret = _pick(client_secret, env, "DWOLLA_CLIENT_SECRET")
    if not client_id:
        raise ValueError("client_id is required: pass client_id=... or set DWOLLA_CLIENT_ID")
    if not client_secret:
        raise ValueError(
            "client_secret is required: pass client_secret=... or set DWOLLA_CLIENT_SECRET"
        )
    base_url = _pick(base_url, env, "DWOLLA_BASE_URL")
    if base_url is None:
        source = "environment" if environment is not None else "DWOLLA_ENVIRONMENT"
        environment = _pick(environment, env, "DWOLLA_ENVIRONMENT") or "sandbox"
        # Case-insensitive: "Sandbox" in a .env file means what it says.
        if environment.strip().lower() not in ENVIRONMENTS:
            raise ValueError(f"{source} must be 'sandbox' or 'production', got {environment!r}")
        base_url = ENVIRONMENTS[environment.strip().lower()]
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
