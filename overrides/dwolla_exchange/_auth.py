"""OAuth 2 client credentials as one ``httpx.Auth``.

The token is fetched from ``{origin}/token`` with HTTP Basic, cached, renewed early on a
monotonic clock, fetched by one caller at a time (a thread lock for sync clients, an anyio
lock for async ones), and dropped and re-fetched once when Dwolla says it is invalid or
expired. It is attached only to requests for the configured origin.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx

from dwolla_exchange_api.api.authentication import create_application_token
from dwolla_exchange_api.models import TokenRequest, TokenRequestGrantType, TokenResponse

from ._origin import Origin
from ._parsing import parse_model
from ._version import USER_AGENT
from .errors import ResponseValidationError, error_from_response, request_id_of

if TYPE_CHECKING:
    import anyio

__all__ = ["AccessToken", "ClientCredentialsAuth", "Credentials", "TokenCache"]

# Token problems that a fresh token cures; InvalidCredentials does not.
_RENEWABLE_CODES = frozenset({"expiredaccesstoken", "invalidaccesstoken"})
_MAX_EARLY_RENEWAL_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Credentials:
    """A client id and secret. The secret never appears in a repr."""

    client_id: str
    client_secret: str = field(repr=False)

    def basic_authorization(self) -> str:
        raw = f"{self.client_id}:{self.client_secret}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")


@dataclass(frozen=True, slots=True)
class AccessToken:
    value: str = field(repr=False)
    expires_at: float
    renew_at: float


class TokenCache:
    """The current access token, with compare-and-invalidate so a stale 401 cannot drop a newer token."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._token: AccessToken | None = None
        self.fetch_count = 0

    def usable(self) -> AccessToken | None:
        token = self._token
        if token is not None and self._clock() < token.renew_at:
            return token
        return None

    def store(self, value: str, expires_in: float) -> AccessToken:
        now = self._clock()
        margin = min(_MAX_EARLY_RENEWAL_SECONDS, expires_in / 2)
        token = AccessToken(
            value=value, expires_at=now + expires_in, renew_at=now + expires_in - margin
        )
        self._token = token
        self.fetch_count += 1
        return token

    def invalidate(self, value: str) -> None:
        token = self._token
        if token is not None and token.value == value:
            self._token = None

    def __repr__(self) -> str:
        state = "empty" if self._token is None else "holding a token"
        return f"TokenCache({state})"


def _is_renewable_rejection(response: httpx.Response) -> bool:
    if response.status_code != 401:
        return False
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    code = body.get("code") if isinstance(body, dict) else None
    return isinstance(code, str) and code.lower() in _RENEWABLE_CODES


class ClientCredentialsAuth(httpx.Auth):
    """Bearer tokens for one Dwolla origin, shared by every request of one client."""

    def __init__(
        self,
        credentials: Credentials,
        origin: Origin,
        *,
        timeout: httpx.Timeout,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._credentials = credentials
        self._origin = origin
        # Requests built outside httpx.Client.build_request carry no timeout unless told.
        self._timeout = timeout.as_dict()
        self.cache = TokenCache(clock)
        self._thread_lock = threading.Lock()
        self._task_lock: anyio.Lock | None = None

    def __repr__(self) -> str:
        return f"ClientCredentialsAuth(client_id={self._credentials.client_id!r}, origin={self._origin.url!r})"

    def _token_request(self) -> httpx.Request:
        kwargs = create_application_token._get_kwargs(
            body=TokenRequest(grant_type=TokenRequestGrantType.CLIENT_CREDENTIALS)
        )
        return httpx.Request(
            kwargs["method"].upper(),
            self._origin.url + kwargs["url"],
            headers={
                **kwargs["headers"],
                "Authorization": self._credentials.basic_authorization(),
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
            },
            data=kwargs["data"],
            extensions={"timeout": self._timeout},
        )

    def _accept_token_response(self, response: httpx.Response) -> AccessToken:
        if response.status_code != 200:
            raise error_from_response(response)
        try:
            token = parse_model(response, TokenResponse)
            if not token.access_token or token.expires_in <= 0:
                raise ValueError("empty access_token or non-positive expires_in")
        except (ResponseValidationError, ValueError) as exc:
            # Never show the body: a token response holds a token.
            reason = exc.reason if isinstance(exc, ResponseValidationError) else str(exc)
            raise ResponseValidationError(
                f"token response is not a usable OAuth token: {reason}",
                status_code=response.status_code,
                request_id=request_id_of(response.headers),
                body_snippet="[redacted token response]",
            ) from None
        return self.cache.store(token.access_token, float(token.expires_in))

    # Both flows: attach the cached token (fetching it, one caller at a time, if there is
    # none), send, and on a 401 that a new token cures, drop that token and try once more.

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        if not self._origin.allows(str(request.url)):
            request.headers.pop("Authorization", None)
            yield request
            return
        for attempt in range(2):
            token = self.cache.usable()
            if token is None:
                with self._thread_lock:
                    token = self.cache.usable()
                    if token is None:
                        token_response = yield self._token_request()
                        token_response.read()
                        token = self._accept_token_response(token_response)
            request.headers["Authorization"] = f"Bearer {token.value}"
            response = yield request
            if attempt == 0 and response.status_code == 401:
                response.read()
                if _is_renewable_rejection(response):
                    self.cache.invalidate(token.value)
                    continue
            return

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if not self._origin.allows(str(request.url)):
            request.headers.pop("Authorization", None)
            yield request
            return
        if self._task_lock is None:
            import anyio  # only async clients need it; keeps `import dwolla_exchange` light

            self._task_lock = anyio.Lock()
        for attempt in range(2):
            token = self.cache.usable()
            if token is None:
                async with self._task_lock:
                    token = self.cache.usable()
                    if token is None:
                        token_response = yield self._token_request()
                        await token_response.aread()
                        token = self._accept_token_response(token_response)
            request.headers["Authorization"] = f"Bearer {token.value}"
            response = yield request
            if attempt == 0 and response.status_code == 401:
                await response.aread()
                if _is_renewable_rejection(response):
                    self.cache.invalidate(token.value)
                    continue
            return
