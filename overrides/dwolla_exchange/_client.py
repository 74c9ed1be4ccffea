"""``Dwolla`` and ``AsyncDwolla``: twins that share everything but the I/O.

Each drives the operations' flows (``_operations``) with its own sender; ``with_options``
makes a copy with other per-call defaults that shares the connection pool and the token.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import sys
import weakref
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Self, TypeVar, Unpack

import httpx

from . import _operations as op
from ._auth import ClientCredentialsAuth
from ._body import Limits
from ._redact import Redactor, install_log_filter
from ._resources import (
    AsyncExchangePartners,
    AsyncExchangeSessions,
    CallOptions,
    ExchangePartners,
    ExchangeSessions,
)
from ._retry import RetryPolicy
from ._sender import async_send, sync_send
from ._settings import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_RETRY_BUDGET,
    Settings,
    TimeoutTypes,
    as_timeout,
    resolve_settings,
)

__all__ = ["AsyncDwolla", "Dwolla"]

T = TypeVar("T")


# Clients alive in this process, so that a forked child can drop what it inherited.
_LIVE_CLIENTS: weakref.WeakSet[_ClientBase] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for client in list(_LIVE_CLIENTS):
        client._after_fork_in_child()


os.register_at_fork(after_in_child=_after_fork_in_child)
install_log_filter(
    lambda: [client._limits.redactor for client in list(_LIVE_CLIENTS) if client._limits.redactor]
)


class _ClientBase:
    """What the twins share: settings, auth, redaction, and what a fork must renew."""

    _settings: Settings
    _auth: ClientCredentialsAuth
    _limits: Limits

    def __init__(
        self,
        client_id: str | None,
        client_secret: str | None,
        environment: str | None,
        base_url: str | None,
        timeout: TimeoutTypes,
        max_retries: int,
        retry_backoff: float,
        retry_backoff_max: float,
        retry_budget: float,
        max_response_bytes: int,
        owns_http: bool,
    ) -> None:
        self._settings = resolve_settings(
            client_id=client_id,
            client_secret=client_secret,
            environment=environment,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_backoff=retry_backoff,
            retry_backoff_max=retry_backoff_max,
            retry_budget=retry_budget,
        )
        if (
            isinstance(max_response_bytes, bool)
            or not isinstance(max_response_bytes, int)
            or max_response_bytes < 1
        ):
            raise ValueError(f"max_response_bytes must be an int >= 1, got {max_response_bytes!r}")
        self._limits = Limits(
            max_response_bytes=max_response_bytes, redactor=Redactor(lambda: self._auth.secrets())
        )
        self._auth = ClientCredentialsAuth(
            self._settings.credentials,
            self._settings.origin,
            timeout=self._settings.timeout,
            limits=self._limits,
            send_token_request=self._send_token_request,
        )
        self._owns_http = owns_http
        # After fork() the pooled connections are the parent's: a child must not read from them.
        self._inherited_http = False
        self._root = self  # what owns the pool; with_options copies point here
        _LIVE_CLIENTS.add(self)

    def _options(self, timeout: TimeoutTypes = None, max_retries: int | None = None) -> Settings:
        """These settings with other defaults for timeout and retries (None: keep)."""
        settings = self._settings
        if timeout is not None:
            settings = dataclasses.replace(settings, timeout=as_timeout(timeout))
        if max_retries is not None:
            retry = dataclasses.replace(settings.retry, max_retries=max_retries)
            settings = dataclasses.replace(settings, retry=retry)
        return settings

    def with_options(self, *, timeout: TimeoutTypes = None, max_retries: int | None = None) -> Self:
        """A copy with other defaults for ``timeout`` and ``max_retries`` that shares this
        client's connection pool and token. Close the original; closing a copy does nothing."""
        clone = copy.copy(self)
        clone._settings = self._options(timeout, max_retries)
        clone._bind_resources()
        return clone

    def _bind_resources(self) -> None:
        raise NotImplementedError

    def _pool(self) -> Any:
        root = self._root
        if root._inherited_http:
            root._check_process()
        return root._http

    def _send_token_request(self, request: httpx.Request) -> Any:
        return self._send(request, self._settings.retry, token_request=True)

    def _send(
        self,
        request: httpx.Request,
        policy: RetryPolicy,
        *,
        token_request: bool = False,
    ) -> Any:
        raise NotImplementedError

    def _after_fork_in_child(self) -> None:
        self._auth.after_fork_in_child()
        self._inherited_http = True

    def _check_process(self) -> None:
        if not self._owns_http:
            raise RuntimeError(
                f"this {type(self).__name__} was created before fork() with your own http_client, "
                "whose pooled connections the parent process still uses; create the client "
                "(and its http_client) in the child process"
            )
        self._http = self._new_http()  # the parent's pool is left alone, not closed
        self._inherited_http = False

    def _new_http(self) -> Any:
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        return self._settings.origin.url

    def _is_closing_owner(self) -> bool:
        return self._root is self and self._owns_http

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, client_id={self._settings.credentials.client_id!r})"


class Dwolla(_ClientBase):
    """A synchronous Dwolla client. One connection pool and one token per instance; thread-safe
    and safe across fork() (a child process gets its own pool and token lock).

    >>> with Dwolla(client_id="...", client_secret="...", environment="sandbox") as dwolla:
    ...     session = dwolla.exchange_sessions.retrieve("fcd15e5f-8d13-4570-a9b7-7fb49e55941d")
    """

    _http: httpx.Client

    def __init__(
        self,
        client_id: str | None = None,
        client_secret: str | None = None,
        environment: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = None,
        max_retries: int = 2,
        *,
        retry_backoff: float = 0.5,
        retry_backoff_max: float = 8.0,
        retry_budget: float = DEFAULT_RETRY_BUDGET,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        http_client: httpx.Client | None = None,
    ) -> None:
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise TypeError(
                "http_client must be an httpx.Client (use AsyncDwolla for httpx.AsyncClient)"
            )
        super().__init__(
            client_id,
            client_secret,
            environment,
            base_url,
            timeout,
            max_retries,
            retry_backoff,
            retry_backoff_max,
            retry_budget,
            max_response_bytes,
            owns_http=http_client is None,
        )
        self._http = http_client if http_client is not None else self._new_http()
        self._bind_resources()

    def _bind_resources(self) -> None:
        self.exchange_sessions = ExchangeSessions(self)
        self.exchange_partners = ExchangePartners(self)

    def _new_http(self) -> httpx.Client:
        # Imported here: it needs httpcore, which httpx itself loads only when a client is made.
        from ._transport import DeadlineTransport

        return httpx.Client(transport=DeadlineTransport(), follow_redirects=False)

    def _send(
        self,
        request: httpx.Request,
        policy: RetryPolicy,
        *,
        token_request: bool = False,
    ) -> httpx.Response:
        return sync_send(
            self._pool(),
            request,
            # The token request carries Basic credentials, not a token, and may always be
            # repeated: it creates nothing.
            auth=None if token_request else self._auth,
            policy=policy,
            limits=self._limits,
            idempotent=True if token_request else None,
        )

    def _run(self, options: Mapping[str, Any], flow: Callable[..., op.Flow[T]], *args: Any) -> T:
        """Drive an operation's flow: send each request it yields, give it the response."""
        settings = self._options(**options)
        steps = flow(settings, *args)
        response = None
        while True:
            try:
                request = steps.send(response)  # type: ignore[arg-type]  # the first is None
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            response = self._send(request, settings.retry)

    def follow(self, link: object, **options: Unpack[CallOptions]) -> Any:
        """Fetch a same-origin API link: the typed model for its resource-type, else a HAL dict.

        Raises UnsafeLinkError, before sending anything, for links to another origin, for
        https-to-http downgrades and for ``text/html`` pages such as the MX widget.
        """
        return self._run(options, op.follow, link)

    def close(self) -> None:
        if self._is_closing_owner():
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncDwolla(_ClientBase):
    """The asyncio (and trio) twin of :class:`Dwolla`. Safe to share between tasks."""

    _http: httpx.AsyncClient

    def __init__(
        self,
        client_id: str | None = None,
        client_secret: str | None = None,
        environment: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = None,
        max_retries: int = 2,
        *,
        retry_backoff: float = 0.5,
        retry_backoff_max: float = 8.0,
        retry_budget: float = DEFAULT_RETRY_BUDGET,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise TypeError(
                "http_client must be an httpx.AsyncClient (use Dwolla for httpx.Client)"
            )
        # The caller's own client stays theirs to close; a DefaultAioHttpClient is made for us
        # (if it was made, its module is loaded: no need to import aiohttp to ask).
        aiohttp_module = sys.modules.get(f"{__package__}._aiohttp")
        ours = aiohttp_module is not None and isinstance(
            http_client, aiohttp_module.DefaultAioHttpClient
        )
        self._http_factory: Callable[[], httpx.AsyncClient] = (
            type(http_client)
            if http_client is not None and ours
            else lambda: httpx.AsyncClient(follow_redirects=False)
        )
        super().__init__(
            client_id,
            client_secret,
            environment,
            base_url,
            timeout,
            max_retries,
            retry_backoff,
            retry_backoff_max,
            retry_budget,
            max_response_bytes,
            owns_http=http_client is None or ours,
        )
        self._http = http_client if http_client is not None else self._new_http()
        self._bind_resources()

    def _bind_resources(self) -> None:
        self.exchange_sessions = AsyncExchangeSessions(self)
        self.exchange_partners = AsyncExchangePartners(self)

    def _new_http(self) -> httpx.AsyncClient:
        return self._http_factory()

    async def _send(
        self,
        request: httpx.Request,
        policy: RetryPolicy,
        *,
        token_request: bool = False,
    ) -> httpx.Response:
        return await async_send(
            self._pool(),
            request,
            # The token request carries Basic credentials, not a token, and may always be
            # repeated: it creates nothing.
            auth=None if token_request else self._auth,
            policy=policy,
            limits=self._limits,
            idempotent=True if token_request else None,
        )

    async def _run(
        self, options: Mapping[str, Any], flow: Callable[..., op.Flow[T]], *args: Any
    ) -> T:
        """See :meth:`Dwolla._run`."""
        settings = self._options(**options)
        steps = flow(settings, *args)
        response = None
        while True:
            try:
                request = steps.send(response)  # type: ignore[arg-type]  # the first is None
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            response = await self._send(request, settings.retry)

    async def follow(self, link: object, **options: Unpack[CallOptions]) -> Any:
        """See :meth:`Dwolla.follow`."""
        return await self._run(options, op.follow, link)

    async def aclose(self) -> None:
        if self._is_closing_owner():
            await self._http.aclose()

    close = aclose

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
