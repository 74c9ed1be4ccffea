"""``Dwolla`` and ``AsyncDwolla``: twins that share everything but the I/O.

Each drives the operations' flows (``_operations``) with its own sender; ``with_options``
makes a copy with other per-call defaults that shares the connection pool and the token.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import ssl
import sys
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, Unpack, cast, overload

import httpx

from . import _operations as op
from ._auth import ClientCredentialsAuth
from ._body import Limits
from ._credentials import Secret
from ._raw import AsyncDwollaWithRawResponse, DwollaWithRawResponse, RawResponse
from ._redact import Redactor, install_log_filter
from ._resources import (
    AsyncAvailableExchangeConnections,
    AsyncExchangePartners,
    AsyncExchanges,
    AsyncExchangeSessions,
    AsyncFundingSources,
    AsyncWebhookSubscriptions,
    AvailableExchangeConnections,
    CallOptions,
    ExchangePartners,
    Exchanges,
    ExchangeSessions,
    FundingSources,
    WebhookSubscriptions,
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
from .errors import DwollaError

if TYPE_CHECKING:
    from dwolla_exchange_api.models import Exchange, ExchangePartner, ExchangeSession, FundingSource

    from ._resources import Followed, Link

__all__ = ["AsyncDwolla", "Dwolla"]

T = TypeVar("T")
HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
M = TypeVar("M", "ExchangeSession", "ExchangePartner", "Exchange", "FundingSource")


# Clients alive in this process, so that a forked child can drop what it inherited.
_LIVE_CLIENTS: weakref.WeakSet[_ClientBase[Any]] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for client in list(_LIVE_CLIENTS):
        client._after_fork_in_child()


os.register_at_fork(after_in_child=_after_fork_in_child)
install_log_filter(
    lambda: [client._limits.redactor for client in list(_LIVE_CLIENTS) if client._limits.redactor]
)


# asyncio's C accessor for the running loop (None when there is none), loaded on first use:
# `import dwolla_exchange` does not import asyncio, and every async call asks.
_running_loop: Callable[[], object] | None = None


def _load_running_loop() -> Callable[[], object]:
    global _running_loop
    from asyncio import _get_running_loop

    _running_loop = _get_running_loop
    return _get_running_loop


def _unknown_option(name: str) -> TypeError:
    """The TypeError Python would give for a misspelt keyword, naming the method the caller
    called: three frames up (that method called _run, which called _start, which calls this)."""
    import difflib
    import re

    frame = sys._getframe(3)
    owner = frame.f_locals.get("self")
    namespace = re.sub(r"(?<!^)(?=[A-Z])", "_", type(owner).__name__.removeprefix("Async")).lower()
    method = (
        frame.f_code.co_name
        if namespace in ("dwolla", "")
        else f"{namespace}.{frame.f_code.co_name}"
    )
    known = ["timeout", "max_retries", "idempotency_key"]
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f" (it takes {', '.join(known[:2])})"
    return TypeError(f"{method}() got an unexpected keyword argument {name!r}{hint}")


class _Steps(Generic[T]):
    """An operation's flow being driven: ``advance`` gives it the last response and returns
    the next request to send, or None once it has returned ``result``."""

    def __init__(self, flow: op.Flow[T]) -> None:
        self._flow = flow
        self.result: T

    def advance(self, response: httpx.Response | None) -> httpx.Request | None:
        try:
            return self._flow.send(response)  # type: ignore[arg-type]  # the first is None
        except StopIteration as done:
            self.result = done.value
            return None


class _ClientBase(Generic[HttpT]):
    """What the twins share: settings, auth, redaction, and what a fork must renew."""

    _settings: Settings
    _auth: ClientCredentialsAuth
    _limits: Limits
    _http: HttpT
    _http_type: type[HttpT]
    _other: str  # the twin's name, for the error on a wrong http_client

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
        proxy: str | httpx.Proxy | None = None,
        verify: ssl.SSLContext | None = None,
        http_client: HttpT | None = None,
    ) -> None:
        # First of all: from here on the secret is no plain str in any frame's locals.
        secret = Secret.of(client_secret, "client_secret")
        del client_secret
        if http_client is not None and not isinstance(http_client, self._http_type):
            raise TypeError(
                f"http_client must be an {self._http_type.__module__}.{self._http_type.__name__} "
                f"(use {self._other} for {type(http_client).__name__})"
            )
        if http_client is not None and (proxy is not None or verify is not None):
            raise TypeError("proxy= and verify= configure our http client: set them on yours")
        if verify is not None and not isinstance(verify, ssl.SSLContext):
            raise TypeError(
                f"verify must be an ssl.SSLContext (e.g. ssl.create_default_context(cafile=...)),"
                f" got {type(verify).__name__}"
            )
        # None: httpx's default, which reads HTTP(S)_PROXY/ALL_PROXY/NO_PROXY and
        # SSL_CERT_FILE/SSL_CERT_DIR from the environment.
        self._proxy = httpx.Proxy(proxy) if isinstance(proxy, str) else proxy
        self._verify: ssl.SSLContext | bool = True if verify is None else verify
        self._settings = resolve_settings(
            client_id=client_id,
            client_secret=secret,
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
        self._redactor = Redactor(lambda: self._auth.secrets())
        self._limits = Limits(max_response_bytes=max_response_bytes, redactor=self._redactor)
        self._auth = ClientCredentialsAuth(
            self._settings.credentials,
            self._settings.origin,
            timeout=self._settings.timeout,
            limits=self._limits,
            send_token_request=self._send_token_request,
        )
        # The caller's own client stays theirs to close (and cannot be renewed after fork).
        self._owns_http = http_client is None or self._made_for_us(http_client)
        self._http = http_client if http_client is not None else self._new_http()
        # After fork() the pooled connections are the parent's: a child must not read from them.
        self._inherited_http = False
        self._root: _ClientBase[HttpT] = self  # owns the pool; with_options copies point here
        self._bind_resources()
        _LIVE_CLIENTS.add(self)

    def _made_for_us(self, http_client: HttpT) -> bool:
        return False

    def _direct_mounts(self) -> dict[str, None]:
        """A plain-http origin (only ever loopback) is never reached through a proxy: the
        Basic credentials would cross the proxy in clear text."""
        origin = self._settings.origin
        if origin.scheme != "http":
            return {}
        host = f"[{origin.host}]" if ":" in origin.host else origin.host
        return {f"http://{host}:{origin.port}": None}

    def _options(self, timeout: TimeoutTypes = None, max_retries: int | None = None) -> Settings:
        """These settings with other defaults for timeout and retries (None: keep)."""
        settings = self._settings
        if timeout is not None:
            settings = dataclasses.replace(settings, timeout=as_timeout(timeout))
        if max_retries is not None:
            retry = dataclasses.replace(settings.retry, max_retries=max_retries)
            settings = dataclasses.replace(settings, retry=retry)
        return settings

    _raw = False  # True on the copy behind with_raw_response: calls return RawResponse

    def _remember_secret(self, secret: object) -> None:
        """A webhook secret this client sends: redacted from whatever comes back, as its own."""
        if isinstance(secret, str):
            self._auth.remember_secret(secret)

    def _raw_copy(self) -> Self:
        clone = copy.copy(self)
        clone._raw = True
        clone._bind_resources()
        return clone

    def with_options(self, *, timeout: TimeoutTypes = None, max_retries: int | None = None) -> Self:
        """A copy with other defaults for ``timeout`` and ``max_retries`` that shares this
        client's connection pool and token. Close the original; closing a copy does nothing."""
        clone = copy.copy(self)
        clone._settings = self._options(timeout, max_retries)
        clone._bind_resources()
        return clone

    def _start(
        self, options: Mapping[str, Any], flow: Callable[..., op.Flow[T]], args: tuple[Any, ...]
    ) -> tuple[_Steps[T], RetryPolicy]:
        """An operation's flow on the settings ``options`` make, and the retry policy for its
        requests; ``idempotency_key`` goes to the flow."""
        if not options:  # the common call: no copy of anything
            return _Steps(flow(self._settings, *args)), self._settings.retry
        call = dict(options)
        flow_options = (
            {"idempotency_key": call.pop("idempotency_key")} if "idempotency_key" in call else {}
        )
        if unknown := set(call) - {"timeout", "max_retries"}:
            raise _unknown_option(sorted(unknown)[0])
        settings = self._options(**call)
        return _Steps(flow(settings, *args, **flow_options)), settings.retry

    def _bind_resources(self) -> None:
        raise NotImplementedError

    def _pool(self) -> HttpT:
        root = self._root
        if root._inherited_http:
            root._check_process()
        return root._http

    def _send_token_request(self, request: httpx.Request) -> Any:
        return self._send(request, self._settings.retry, token_request=True)

    def _send(
        self, request: httpx.Request, policy: RetryPolicy, *, token_request: bool = False
    ) -> Any:
        raise NotImplementedError

    def _after_fork_in_child(self) -> None:
        self._auth.forget_flights()
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

    def _new_http(self) -> HttpT:
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        return self._settings.origin.url

    def _is_closing_owner(self) -> bool:
        return self._root is self and self._owns_http

    def __repr__(self) -> str:
        # Safe on a client whose __init__ failed half way (an error tracker may repr it).
        settings = getattr(self, "_settings", None)
        if settings is None:
            return f"{type(self).__name__}(<not configured>)"
        return f"{type(self).__name__}(base_url={self.base_url!r}, client_id={settings.credentials.client_id!r})"


class Dwolla(_ClientBase[httpx.Client]):
    """A synchronous Dwolla client. One connection pool and one token per instance; thread-safe
    and safe across fork() (a child process gets its own pool and token lock).

    >>> with Dwolla(client_id="...", client_secret="...", environment="sandbox") as dwolla:
    ...     session = dwolla.exchange_sessions.retrieve("fcd15e5f-8d13-4570-a9b7-7fb49e55941d")

    Arguments left out come from the environment: ``client_id`` from DWOLLA_CLIENT_ID,
    ``client_secret`` from DWOLLA_CLIENT_SECRET, ``environment`` from DWOLLA_ENVIRONMENT
    (else "sandbox"), ``base_url`` from DWOLLA_BASE_URL (else the environment's origin);
    ``proxy`` from HTTP_PROXY / HTTPS_PROXY / ALL_PROXY / NO_PROXY and ``verify`` from
    SSL_CERT_FILE / SSL_CERT_DIR, as httpx reads them. ``timeout`` defaults to 30 s per
    attempt (5 s to connect), ``max_retries`` to 2.

    Namespaces: ``exchange_sessions`` (retrieve, create, reauth), ``exchange_partners``
    (retrieve, list), ``available_exchange_connections`` (list), ``exchanges`` (create,
    retrieve, list), ``funding_sources`` (create, retrieve, balance), ``webhook_subscriptions``
    (create, list, retrieve, delete); and ``follow(link)``, ``with_raw_response``,
    ``with_options(...)``, ``close()``.
    """

    exchange_sessions: ExchangeSessions
    exchange_partners: ExchangePartners
    available_exchange_connections: AvailableExchangeConnections
    exchanges: Exchanges
    funding_sources: FundingSources
    webhook_subscriptions: WebhookSubscriptions

    _http_type = httpx.Client
    _other = "AsyncDwolla"

    def _bind_resources(self) -> None:
        self.exchange_sessions = ExchangeSessions(self)
        self.exchange_partners = ExchangePartners(self)
        self.available_exchange_connections = AvailableExchangeConnections(self)
        self.exchanges = Exchanges(self)
        self.funding_sources = FundingSources(self)
        self.webhook_subscriptions = WebhookSubscriptions(self)

    def _new_http(self) -> httpx.Client:
        # Imported here: it needs httpcore, which httpx itself loads only when a client is made.
        from ._transport import DeadlineClient

        return DeadlineClient(
            proxy=self._proxy,
            verify=self._verify,
            mounts=self._direct_mounts(),
            follow_redirects=False,
        )

    def _send(
        self, request: httpx.Request, policy: RetryPolicy, *, token_request: bool = False
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
        steps, policy = self._start(options, flow, args)
        try:
            request, response = steps.advance(None), None
            while request is not None:
                response = self._send(request, policy)
                request = steps.advance(response)
        except DwollaError as error:
            self._redactor.scrub_error(error)  # what it shows, decoded: not only raw bytes
            raise
        if self._raw and response is not None:  # client.with_raw_response
            return cast(T, RawResponse(response, steps.result))
        return steps.result

    @overload
    def follow(self, link: Link, model: type[M], **options: Unpack[CallOptions]) -> M: ...
    @overload
    def follow(
        self, link: Link, model: None = None, **options: Unpack[CallOptions]
    ) -> Followed: ...
    def follow(
        self, link: Link, model: type[M] | None = None, **options: Unpack[CallOptions]
    ) -> M | Followed:
        """Fetch a same-origin API link: ``model`` (``ExchangePartner``, ...) when you know
        what it points at (then the result is typed as that), else the model its
        resource-type names, else a HAL dict.

        Raises UnsafeLinkError, before sending anything, for links to another origin, for
        https-to-http downgrades and for ``text/html`` pages such as the MX widget.
        """
        result: M | Followed = self._run(options, op.follow, link, model)
        return result

    @property
    def with_raw_response(self) -> DwollaWithRawResponse:
        """The same calls, each returning a ``RawResponse``: ``.status_code``, ``.headers``,
        ``.request_id``, ``.http_response`` and ``.parse()`` (the model, or a create's href)."""
        return DwollaWithRawResponse(self._raw_copy())

    def close(self) -> None:
        if self._is_closing_owner():
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncDwolla(_ClientBase[httpx.AsyncClient]):
    """The asyncio (and trio) twin of :class:`Dwolla`: the same arguments and environment
    defaults (DWOLLA_CLIENT_ID, DWOLLA_CLIENT_SECRET, DWOLLA_ENVIRONMENT, DWOLLA_BASE_URL,
    the proxy and CA variables), the same namespaces (``exchange_sessions``,
    ``exchange_partners``, ``available_exchange_connections``, ``exchanges``,
    ``funding_sources``, ``webhook_subscriptions``) with coroutine methods, and ``aclose()``. Safe to share between
    the tasks of one event loop."""

    exchange_sessions: AsyncExchangeSessions
    exchange_partners: AsyncExchangePartners
    available_exchange_connections: AsyncAvailableExchangeConnections
    exchanges: AsyncExchanges
    funding_sources: AsyncFundingSources
    webhook_subscriptions: AsyncWebhookSubscriptions

    _http_type = httpx.AsyncClient
    _other = "Dwolla"

    def _made_for_us(self, http_client: httpx.AsyncClient) -> bool:
        # A DefaultAioHttpClient is ours to close and to remake after fork. If one was made,
        # its module is loaded: no need to import aiohttp to ask.
        aiohttp_module = sys.modules.get(f"{__package__}._aiohttp")
        return aiohttp_module is not None and isinstance(
            http_client, aiohttp_module.DefaultAioHttpClient
        )

    def _bind_resources(self) -> None:
        self.exchange_sessions = AsyncExchangeSessions(self)
        self.exchange_partners = AsyncExchangePartners(self)
        self.available_exchange_connections = AsyncAvailableExchangeConnections(self)
        self.exchanges = AsyncExchanges(self)
        self.funding_sources = AsyncFundingSources(self)
        self.webhook_subscriptions = AsyncWebhookSubscriptions(self)

    def _new_http(self) -> httpx.AsyncClient:
        current = getattr(self, "_http", None)
        if current is not None and self._made_for_us(current):
            remade: httpx.AsyncClient = type(current)()
            return remade
        return httpx.AsyncClient(
            proxy=self._proxy,
            verify=self._verify,
            mounts=self._direct_mounts(),
            follow_redirects=False,
        )

    _loop: object = None  # the event loop the pool belongs to (None: not used yet, or trio)

    def _pool(self) -> httpx.AsyncClient:
        root: AsyncDwolla = self._root  # type: ignore[assignment]  # the root is of its twin's type
        loop = (_running_loop or _load_running_loop())()  # None on trio
        if loop is not root._loop:
            root._move_to(loop)
        if root._inherited_http:
            root._check_process()
        return root._http

    def _after_fork_in_child(self) -> None:
        super()._after_fork_in_child()
        self._loop = None  # the parent's loop, copied mid-run: never this process's to use

    def _move_to(self, loop: object) -> None:
        """A pool's connections belong to the loop that opened them. A client used again by a
        second ``asyncio.run()`` gets a new pool (its token stays); one used by two loops at
        once is refused, as is moving the caller's own http_client."""
        old = self._loop
        if old is not None and getattr(old, "is_running", lambda: False)():
            raise RuntimeError(
                f"this {type(self).__name__} is in use on another event loop; an AsyncDwolla "
                "belongs to one loop at a time: create one client per event loop (or thread)"
            )
        if old is not None:
            if not self._owns_http:
                raise RuntimeError(
                    f"this {type(self).__name__} was used on an event loop that has ended, with "
                    "your own http_client, whose connections belonged to it: create the client "
                    "(and its http_client) inside the asyncio.run() that uses it"
                )
            self._http = self._new_http()  # the old loop is gone: its pool cannot be closed
            self._auth.forget_flights()
        self._loop = loop

    async def _send(
        self, request: httpx.Request, policy: RetryPolicy, *, token_request: bool = False
    ) -> httpx.Response:
        return await async_send(
            self._pool(),
            request,
            auth=None if token_request else self._auth,  # see Dwolla._send
            policy=policy,
            limits=self._limits,
            idempotent=True if token_request else None,
        )

    async def _run(
        self, options: Mapping[str, Any], flow: Callable[..., op.Flow[T]], *args: Any
    ) -> T:
        """See :meth:`Dwolla._run`."""
        steps, policy = self._start(options, flow, args)
        try:
            request, response = steps.advance(None), None
            while request is not None:
                response = await self._send(request, policy)
                request = steps.advance(response)
        except DwollaError as error:
            self._redactor.scrub_error(error)  # see Dwolla._run
            raise
        if self._raw and response is not None:  # see Dwolla._run
            return cast(T, RawResponse(response, steps.result))
        return steps.result

    @overload
    async def follow(self, link: Link, model: type[M], **options: Unpack[CallOptions]) -> M: ...
    @overload
    async def follow(
        self, link: Link, model: None = None, **options: Unpack[CallOptions]
    ) -> Followed: ...
    async def follow(
        self, link: Link, model: type[M] | None = None, **options: Unpack[CallOptions]
    ) -> M | Followed:
        """See :meth:`Dwolla.follow`."""
        result: M | Followed = await self._run(options, op.follow, link, model)
        return result

    @property
    def with_raw_response(self) -> AsyncDwollaWithRawResponse:
        """See :attr:`Dwolla.with_raw_response`."""
        return AsyncDwollaWithRawResponse(self._raw_copy())

    async def aclose(self) -> None:
        if self._root is self:
            self._auth.cancel_fetches()
        if self._is_closing_owner():
            # On another loop than the pool's, the old pool died with its loop: close the current.
            await self._pool().aclose()

    close = aclose

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
