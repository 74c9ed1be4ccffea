"""OAuth 2 client credentials as one ``httpx.Auth``.

The token is fetched from ``{origin}/token`` with HTTP Basic, cached, renewed early on a
monotonic clock, and dropped and re-fetched once when Dwolla says it is invalid or expired.
It is attached only to requests for the configured origin.

One fetch at a time, and it belongs to the client, not to the caller who needed it first: it
runs in a thread (sync) or a task (asyncio) of its own, bounded by the client's timeout and
retry policy (through the same retrying sender as every other request). Every caller, the
first included, waits for it within its own deadline; one caller's short timeout or
cancellation ends only that caller's wait. A failure of the fetch itself is shared, and held
for a moment for callers that arrive just after it: otherwise a crowd that starts a moment
apart turns one outage into a token request per straggler.
"""

from __future__ import annotations

import collections
import contextvars
import copy
import math
import re
import threading
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Coroutine, Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from dwolla_exchange_api.api.authentication import create_application_token
from dwolla_exchange_api.models import TokenRequest, TokenRequestGrantType, TokenResponse

from ._body import ACCEPT_ENCODING, Limits, async_read_body, sync_read_body
from ._credentials import Credentials
from ._origin import Origin
from ._parsing import parse_model
from ._redact import REDACTED
from ._sender import current_attempt, current_deadline
from ._version import USER_AGENT
from .errors import (
    APIConnectionError,
    APITimeoutError,
    DwollaError,
    ResponseValidationError,
    error_from_response,
    json_or_none,
    request_id_of,
)

if TYPE_CHECKING:
    import asyncio

    import anyio

__all__ = ["AccessToken", "ClientCredentialsAuth", "TokenCache"]

# Token problems that a fresh token cures; InvalidCredentials does not.
_RENEWABLE_CODES = frozenset({"expiredaccesstoken", "invalidaccesstoken"})
_MAX_EARLY_RENEWAL_SECONDS = 60.0
# A lifetime outside this range is a broken server: under a second would mean a token
# request per call; the upper bound keeps a bogus "never expires" from being trusted.
_MIN_TOKEN_LIFETIME = 1.0
_MAX_TOKEN_LIFETIME = 86_400.0
# RFC 6750's b64token: anything else (CR/LF above all) cannot travel in a header.
_TOKEN_SYNTAX = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
_RECENT_TOKENS = 4
# How long a failed token fetch answers newcomers without a new request. The flight already
# retried; a second later the next caller tries again.
_FAILURE_HOLD_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class AccessToken:
    value: str = field(repr=False)
    renew_at: float


class TokenCache:
    """The current access token, with compare-and-invalidate so a stale 401 cannot drop a newer token."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._token: AccessToken | None = None
        self._recent: collections.deque[str] = collections.deque(maxlen=_RECENT_TOKENS)

    def usable(self) -> AccessToken | None:
        token = self._token
        if token is not None and self._clock() < token.renew_at:
            return token
        return None

    def store(self, value: str, expires_in: float) -> AccessToken:
        now = self._clock()
        margin = min(_MAX_EARLY_RENEWAL_SECONDS, expires_in / 2)
        token = AccessToken(value=value, renew_at=now + expires_in - margin)
        self._token = token
        self._recent.append(value)
        return token

    def invalidate(self, value: str) -> None:
        token = self._token
        if token is not None and token.value == value:
            self._token = None

    def recent_values(self) -> list[str]:
        """The last few tokens, for redaction: a server may echo any of them back."""
        return list(self._recent)

    def __repr__(self) -> str:
        state = "empty" if self._token is None else "holding a token"
        return f"TokenCache({state})"


class _Flight:
    """One token request in progress, and its outcome for everyone waiting on it."""

    def __init__(self, event: threading.Event | anyio.Event) -> None:
        self.event = event
        self.token: AccessToken | None = None
        self.error: DwollaError | None = None
        # Cut short before it had an outcome (its task was cancelled): waiters fetch again.
        self.abandoned = False

    def outcome(self) -> AccessToken:
        if self.error is not None:
            # A copy per waiter: one exception object raised in many threads or tasks would
            # collect all their tracebacks.
            raise copy.copy(self.error)
        if self.token is None:
            raise _token_error(APIConnectionError("the access-token request did not complete"))
        return self.token


def _token_error(error: DwollaError) -> DwollaError:
    error.token_request = True
    return error


def _is_renewable_rejection(response: httpx.Response) -> bool:
    if response.status_code != 401:
        return False
    body = json_or_none(response.content)
    code = body.get("code") if isinstance(body, dict) else None
    return isinstance(code, str) and code.lower() in _RENEWABLE_CODES


def _redact_token_fields(body: Any) -> Any:
    if isinstance(body, dict):
        return {
            k: (REDACTED if k in ("access_token", "refresh_token") else _redact_token_fields(v))
            for k, v in body.items()
        }
    return body


class ClientCredentialsAuth(httpx.Auth):
    """Bearer tokens for one Dwolla origin, shared by every request of one client.

    ``send_token_request`` is the client's own retrying sender, bound to its connection
    pool (sync or async, matching the flow httpx drives).
    """

    def __init__(
        self,
        credentials: Credentials,
        origin: Origin,
        *,
        timeout: httpx.Timeout,
        limits: Limits,
        send_token_request: Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._credentials = credentials
        # Both forms, for redaction on every response: no frame's local, never in a repr.
        self._credential_forms = (credentials.secret_value(), credentials.basic_value())
        self._other_secrets: collections.deque[str] = collections.deque(maxlen=_RECENT_TOKENS)
        self._origin = origin
        # Requests built outside httpx.Client.build_request carry no timeout unless told.
        self._timeout = timeout.as_dict()
        self._limits = limits
        self._send_token_request = send_token_request
        self._clock = clock
        self.cache = TokenCache(clock)
        self._lock = threading.Lock()
        self._flight: _Flight | None = None
        self._failed: tuple[_Flight, float] | None = None  # the last failed flight, held until
        self._tasks: set[asyncio.Task[None]] = set()  # asyncio fetches in progress

    def __repr__(self) -> str:
        return f"ClientCredentialsAuth(client_id={self._credentials.client_id!r}, origin={self._origin.url!r})"

    def secrets(self) -> list[str]:
        """Every value that must never be shown: what the Redactor scrubs."""
        return [*self._credential_forms, *self._other_secrets, *self.cache.recent_values()]

    def remember_secret(self, secret: str) -> None:
        """Another secret this client sends (a webhook subscription's), redacted like its own."""
        if secret not in self._other_secrets:
            self._other_secrets.append(secret)

    def forget_flights(self) -> None:
        """After fork() or on a new event loop: a flight of the parent's threads, or of a
        closed loop, would never land. The cached token stays good."""
        self._lock = threading.Lock()
        self._flight = None
        self._failed = None
        self._tasks = set()

    def _token_request(self) -> httpx.Request:
        kwargs = create_application_token.build_request(
            body=TokenRequest(grant_type=TokenRequestGrantType.CLIENT_CREDENTIALS)
        )
        return httpx.Request(
            kwargs["method"].upper(),
            self._origin.url + kwargs["url"],
            headers={
                **kwargs["headers"],
                "Authorization": self._credentials.basic_authorization(),
                "Accept": "application/json",
                "Accept-Encoding": ACCEPT_ENCODING,
                "User-Agent": USER_AGENT,
            },
            data=kwargs["data"],
            extensions={"timeout": self._timeout},
        )

    def _accept_token_response(self, response: httpx.Response) -> AccessToken:
        if not 200 <= response.status_code < 300:
            error = error_from_response(response)
            error.body = _redact_token_fields(error.body)
            raise error
        try:
            token = parse_model(response, TokenResponse)
            lifetime = float(token.expires_in)
            if not _TOKEN_SYNTAX.fullmatch(token.access_token):
                raise ValueError("access_token is empty or not a valid bearer token")
            if not (math.isfinite(lifetime) and lifetime >= _MIN_TOKEN_LIFETIME):
                raise ValueError(
                    f"expires_in must be a finite number of seconds >= {_MIN_TOKEN_LIFETIME:g}"
                )
        except (ResponseValidationError, ValueError, OverflowError) as exc:
            # Never show the body: a token response holds a token.
            reason = exc.reason if isinstance(exc, ResponseValidationError) else str(exc)
            raise ResponseValidationError(
                f"token response is not a usable OAuth token: {reason}",
                status_code=response.status_code,
                request_id=request_id_of(response.headers),
                body_snippet="[redacted token response]",
            ) from None
        return self.cache.store(token.access_token, min(lifetime, _MAX_TOKEN_LIFETIME))

    def _join_or_lead(
        self, event: Callable[[], threading.Event | anyio.Event]
    ) -> tuple[AccessToken | None, _Flight, bool]:
        """The cached token; else the flight in progress to wait for, or a new one to start."""
        with self._lock:
            token = self.cache.usable()
            flight = self._flight
            if token is None and flight is None and self._failed is not None:
                failed, until = self._failed
                if self._clock() < until:
                    flight = failed  # landed: its event is set and its outcome is the error
            if token is not None or flight is not None:
                return token, flight or _Flight(threading.Event()), False
            flight = self._flight = _Flight(event())
            return None, flight, True

    def _land(self, flight: _Flight, failure: BaseException | None) -> None:
        """The fetch is over: record its outcome and wake everyone waiting for it."""
        if isinstance(failure, DwollaError):
            flight.error = _token_error(failure)
        elif failure is not None and not flight.abandoned:
            flight.error = _token_error(
                APIConnectionError(f"the access-token request failed ({type(failure).__name__})")
            )
        with self._lock:
            if self._flight is flight:
                self._flight = None
            # Only the server's answer is held: anything else says nothing about the next try.
            held = isinstance(failure, DwollaError)
            self._failed = (flight, self._clock() + _FAILURE_HOLD_SECONDS) if held else None
        flight.event.set()

    def _sync_fetch(self, flight: _Flight) -> None:
        failure: BaseException | None = None
        try:
            response = self._send_token_request(self._token_request())
            assert isinstance(response, httpx.Response)
            flight.token = self._accept_token_response(response)
        except BaseException as exc:  # a thread of ours: its waiters are told
            failure = exc
        finally:
            self._land(flight, failure)

    async def _async_fetch(self, flight: _Flight) -> None:
        failure: BaseException | None = None
        try:
            pending = self._send_token_request(self._token_request())
            assert not isinstance(pending, httpx.Response)
            flight.token = self._accept_token_response(await pending)
        except Exception as exc:  # its waiters are told
            failure = exc
        except BaseException:  # cancelled (the client closed, the loop ended)
            flight.abandoned = True
            raise
        finally:
            self._land(flight, failure)

    def _sync_token(self) -> AccessToken:
        token, flight, lead = self._join_or_lead(threading.Event)
        if token is not None:
            return token
        if lead:
            # A fresh context: the fetch must not inherit this caller's deadline.
            threading.Thread(
                target=contextvars.Context().run,
                args=(self._sync_fetch, flight),
                name="dwolla-exchange-token",
                daemon=True,
            ).start()
        deadline = current_deadline()
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        event = flight.event
        assert isinstance(event, threading.Event)
        if not event.wait(wait):
            raise _token_error(APITimeoutError("timed out waiting for the access token"))
        return flight.outcome()

    async def _async_token(self) -> AccessToken:
        import anyio  # only async clients need it; keeps `import dwolla_exchange` light

        attempt = current_attempt()
        if attempt is not None:
            attempt.awaiting_token = True  # reset with the attempt, which ends with this flow
        while True:
            token, flight, lead = self._join_or_lead(anyio.Event)
            if token is not None:
                return token
            if lead:
                await self._start_async_fetch(self._async_fetch(flight))
            await flight.event.wait()  # type: ignore[misc]  # bounded by the caller's cancel scope
            if not flight.abandoned:
                return flight.outcome()

    async def _start_async_fetch(self, fetch: Coroutine[Any, Any, None]) -> None:
        """On asyncio, the fetch is a task of the client's, in a fresh context (no caller's
        deadline). Elsewhere (trio) it runs in the first caller; if that caller is cancelled
        the flight is abandoned and the next waiter fetches again."""
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            await fetch
            return
        task = loop.create_task(fetch, context=contextvars.Context())
        self._tasks.add(task)  # a strong reference until it is done
        task.add_done_callback(self._tasks.discard)

    def cancel_fetches(self) -> None:
        """Stop a fetch still running for this client (it is closing)."""
        for task in list(self._tasks):
            task.cancel()

    # Both flows: attach the cached token (joining or leading the one fetch), send, and on a
    # 401 that a new token cures, drop that token and try once more.

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        if not self._origin.allows(str(request.url)):
            request.headers.pop("Authorization", None)
            yield request
            return
        for attempt in range(2):
            token = self.cache.usable() or self._sync_token()
            request.headers["Authorization"] = f"Bearer {token.value}"
            response = yield request
            if attempt == 0 and response.status_code == 401:
                sync_read_body(response, self._limits, current_deadline())
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
        for attempt in range(2):
            token = self.cache.usable() or await self._async_token()
            request.headers["Authorization"] = f"Bearer {token.value}"
            response = yield request
            if attempt == 0 and response.status_code == 401:
                await async_read_body(response, self._limits)
                if _is_renewable_rejection(response):
                    self.cache.invalidate(token.value)
                    continue
            return
