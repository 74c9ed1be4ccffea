"""``Dwolla`` and ``AsyncDwolla``: twins that share everything but the I/O."""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable
from types import TracebackType
from typing import Any, Literal, Self, overload

import httpx

from dwolla_exchange_api.models import ExchangePartner, ExchangeSession

from ._auth import ClientCredentialsAuth
from ._body import Limits
from ._redact import Redactor, install_log_filter
from ._resources import (
    EXCHANGE_PARTNERS,
    EXCHANGE_SESSIONS,
    ResourceKind,
    build_create,
    build_follow,
    build_list_partners,
    build_reauth,
    build_retrieve,
    call_policy,
    find_partner,
    plan_create,
    read_created,
    read_partner_list,
    read_response,
)
from ._sender import async_send, sync_send
from ._settings import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_RETRY_BUDGET,
    Settings,
    TimeoutTypes,
    resolve_settings,
)

__all__ = ["AsyncDwolla", "Dwolla"]


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
        _LIVE_CLIENTS.add(self)

    def _send_token_request(self, request: httpx.Request) -> Any:
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
        self.exchange_sessions = ExchangeSessions(self)
        self.exchange_partners = ExchangePartners(self)

    def _new_http(self) -> httpx.Client:
        # Imported here: it needs httpcore, which httpx itself loads only when a client is made.
        from ._transport import DeadlineTransport

        return httpx.Client(transport=DeadlineTransport(), follow_redirects=False)

    def _send_token_request(self, request: httpx.Request) -> httpx.Response:
        return sync_send(
            self._http,
            request,
            auth=None,
            policy=self._settings.retry,
            limits=self._limits,
            idempotent=True,
        )

    def _send(self, request: httpx.Request, max_retries: int | None) -> httpx.Response:
        if self._inherited_http:
            self._check_process()
        return sync_send(
            self._http,
            request,
            auth=self._auth,
            policy=call_policy(self._settings, max_retries),
            limits=self._limits,
        )

    def _fetch(
        self, request: httpx.Request, kind: ResourceKind | None, max_retries: int | None
    ) -> Any:
        return read_response(self._send(request, max_retries), kind)

    def follow(
        self, link: object, *, timeout: TimeoutTypes = None, max_retries: int | None = None
    ) -> Any:
        """Fetch a same-origin API link: the typed model for its resource-type, else a HAL dict.

        Raises UnsafeLinkError, before sending anything, for links to another origin, for
        https-to-http downgrades and for ``text/html`` pages such as the MX widget.
        """
        request, kind = build_follow(self._settings, link, timeout)
        return self._fetch(request, kind, max_retries)

    def close(self) -> None:
        if self._owns_http:
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
        # The caller's own client stays theirs to close; a DefaultAioHttpClient is made for us.
        dwolla_owned = http_client is not None and getattr(http_client, "dwolla_owned", False)
        self._http_factory: Callable[[], httpx.AsyncClient] = (
            type(http_client)
            if http_client is not None and dwolla_owned is True
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
            owns_http=http_client is None or dwolla_owned is True,
        )
        self._http = http_client if http_client is not None else self._new_http()
        self.exchange_sessions = AsyncExchangeSessions(self)
        self.exchange_partners = AsyncExchangePartners(self)

    def _new_http(self) -> httpx.AsyncClient:
        return self._http_factory()

    async def _send_token_request(self, request: httpx.Request) -> httpx.Response:
        return await async_send(
            self._http,
            request,
            auth=None,
            policy=self._settings.retry,
            limits=self._limits,
            idempotent=True,
        )

    async def _send(self, request: httpx.Request, max_retries: int | None) -> httpx.Response:
        if self._inherited_http:
            self._check_process()
        return await async_send(
            self._http,
            request,
            auth=self._auth,
            policy=call_policy(self._settings, max_retries),
            limits=self._limits,
        )

    async def _fetch(
        self, request: httpx.Request, kind: ResourceKind | None, max_retries: int | None
    ) -> Any:
        return read_response(await self._send(request, max_retries), kind)

    async def follow(
        self, link: object, *, timeout: TimeoutTypes = None, max_retries: int | None = None
    ) -> Any:
        """See :meth:`Dwolla.follow`."""
        request, kind = build_follow(self._settings, link, timeout)
        return await self._fetch(request, kind, max_retries)

    async def aclose(self) -> None:
        if self._owns_http:
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


class ExchangeSessions:
    def __init__(self, client: Dwolla) -> None:
        self._client = client

    def retrieve(
        self, id_or_href: object, *, timeout: TimeoutTypes = None, max_retries: int | None = None
    ) -> ExchangeSession:
        """``GET /exchange-sessions/{id}`` by UUID or by a full href on the configured origin."""
        request = build_retrieve(self._client._settings, EXCHANGE_SESSIONS, id_or_href, timeout)
        session: ExchangeSession = self._client._fetch(request, EXCHANGE_SESSIONS, max_retries)
        return session

    @overload
    def create(
        self,
        customer: object,
        partner: object,
        redirect_url: str | None = ...,
        *,
        retrieve: Literal[False] = ...,
        idempotency_key: str | None = ...,
        timeout: TimeoutTypes = ...,
        max_retries: int | None = ...,
    ) -> str: ...
    @overload
    def create(
        self,
        customer: object,
        partner: object,
        redirect_url: str | None = ...,
        *,
        retrieve: Literal[True],
        idempotency_key: str | None = ...,
        timeout: TimeoutTypes = ...,
        max_retries: int | None = ...,
    ) -> ExchangeSession: ...
    def create(
        self,
        customer: object,
        partner: object,
        redirect_url: str | None = None,
        *,
        retrieve: bool = False,
        idempotency_key: str | None = None,
        timeout: TimeoutTypes = None,
        max_retries: int | None = None,
    ) -> str | ExchangeSession:
        """``POST /customers/{id}/exchange-sessions``: the new session's href (or the session).

        ``customer`` is an id or href; ``partner`` a name (``"MX"``, ``"Plaid"``), an id,
        an href or an ``ExchangePartner``. One Idempotency-Key (yours, or a new UUID) is
        sent on every attempt, so a retried call cannot create two sessions.
        """
        settings = self._client._settings
        call = plan_create(settings, customer, partner, redirect_url, idempotency_key)
        href = call.partner_href
        if href is None:
            partners = self._client.exchange_partners.list(timeout=timeout, max_retries=max_retries)
            href = find_partner(partners, call.partner_name).links.self_.href
        request = build_create(settings, call, href, timeout)
        created = read_created(settings, self._client._send(request, max_retries))
        return (
            self.retrieve(created, timeout=timeout, max_retries=max_retries)
            if retrieve
            else created
        )

    @overload
    def reauth(
        self,
        exchange: object,
        redirect_url: str | None = ...,
        *,
        retrieve: Literal[False] = ...,
        idempotency_key: str | None = ...,
        timeout: TimeoutTypes = ...,
        max_retries: int | None = ...,
    ) -> str: ...
    @overload
    def reauth(
        self,
        exchange: object,
        redirect_url: str | None = ...,
        *,
        retrieve: Literal[True],
        idempotency_key: str | None = ...,
        timeout: TimeoutTypes = ...,
        max_retries: int | None = ...,
    ) -> ExchangeSession: ...
    def reauth(
        self,
        exchange: object,
        redirect_url: str | None = None,
        *,
        retrieve: bool = False,
        idempotency_key: str | None = None,
        timeout: TimeoutTypes = None,
        max_retries: int | None = None,
    ) -> str | ExchangeSession:
        """``POST /exchanges/{id}/exchange-sessions``: a session to re-authenticate an exchange."""
        settings = self._client._settings
        request = build_reauth(settings, exchange, redirect_url, idempotency_key, timeout)
        created = read_created(settings, self._client._send(request, max_retries))
        return (
            self.retrieve(created, timeout=timeout, max_retries=max_retries)
            if retrieve
            else created
        )


class ExchangePartners:
    def __init__(self, client: Dwolla) -> None:
        self._client = client

    def retrieve(
        self, id_or_href: object, *, timeout: TimeoutTypes = None, max_retries: int | None = None
    ) -> ExchangePartner:
        """``GET /exchange-partners/{id}`` by UUID or by a full href on the configured origin."""
        request = build_retrieve(self._client._settings, EXCHANGE_PARTNERS, id_or_href, timeout)
        partner: ExchangePartner = self._client._fetch(request, EXCHANGE_PARTNERS, max_retries)
        return partner

    def list(
        self, *, timeout: TimeoutTypes = None, max_retries: int | None = None
    ) -> list[ExchangePartner]:
        """``GET /exchange-partners``: every exchange partner."""
        request = build_list_partners(self._client._settings, timeout)
        return read_partner_list(self._client._send(request, max_retries))


class AsyncExchangeSessions:
    def __init__(self, client: AsyncDwolla) -> None:
        self._client = client

    async def retrieve(
        self, id_or_href: object, *, timeout: TimeoutTypes = None, max_retries: int | None = None
    ) -> ExchangeSession:
        """See :meth:`ExchangeSessions.retrieve`."""
        request = build_retrieve(self._client._settings, EXCHANGE_SESSIONS, id_or_href, timeout)
        session: ExchangeSession = await self._client._fetch(
            request, EXCHANGE_SESSIONS, max_retries
        )
        return session

    @overload
    async def create(
        self,
        customer: object,
        partner: object,
        redirect_url: str | None = ...,
        *,
        retrieve: Literal[False] = ...,
        idempotency_key: str | None = ...,
        timeout: TimeoutTypes = ...,
        max_retries: int | None = ...,
    ) -> str: ...
    @overload
    async def create(
        self,
        customer: object,
        partner: object,
        redirect_url: str | None = ...,
        *,
        retrieve: Literal[True],
        idempotency_key: str | None = ...,
        timeout: TimeoutTypes = ...,
        max_retries: int | None = ...,
    ) -> ExchangeSession: ...
    async def create(
        self,
        customer: object,
        partner: object,
        redirect_url: str | None = None,
        *,
        retrieve: bool = False,
        idempotency_key: str | None = None,
        timeout: TimeoutTypes = None,
        max_retries: int | None = None,
    ) -> str | ExchangeSession:
        """See :meth:`ExchangeSessions.create`."""
        settings = self._client._settings
        call = plan_create(settings, customer, partner, redirect_url, idempotency_key)
        href = call.partner_href
        if href is None:
            partners = await self._client.exchange_partners.list(
                timeout=timeout, max_retries=max_retries
            )
            href = find_partner(partners, call.partner_name).links.self_.href
        request = build_create(settings, call, href, timeout)
        created = read_created(settings, await self._client._send(request, max_retries))
        return (
            await self.retrieve(created, timeout=timeout, max_retries=max_retries)
            if retrieve
            else created
        )

    @overload
    async def reauth(
        self,
        exchange: object,
        redirect_url: str | None = ...,
        *,
        retrieve: Literal[False] = ...,
        idempotency_key: str | None = ...,
        timeout: TimeoutTypes = ...,
        max_retries: int | None = ...,
    ) -> str: ...
    @overload
    async def reauth(
        self,
        exchange: object,
        redirect_url: str | None = ...,
        *,
        retrieve: Literal[True],
        idempotency_key: str | None = ...,
        timeout: TimeoutTypes = ...,
        max_retries: int | None = ...,
    ) -> ExchangeSession: ...
    async def reauth(
        self,
        exchange: object,
        redirect_url: str | None = None,
        *,
        retrieve: bool = False,
        idempotency_key: str | None = None,
        timeout: TimeoutTypes = None,
        max_retries: int | None = None,
    ) -> str | ExchangeSession:
        """See :meth:`ExchangeSessions.reauth`."""
        settings = self._client._settings
        request = build_reauth(settings, exchange, redirect_url, idempotency_key, timeout)
        created = read_created(settings, await self._client._send(request, max_retries))
        return (
            await self.retrieve(created, timeout=timeout, max_retries=max_retries)
            if retrieve
            else created
        )


class AsyncExchangePartners:
    def __init__(self, client: AsyncDwolla) -> None:
        self._client = client

    async def retrieve(
        self, id_or_href: object, *, timeout: TimeoutTypes = None, max_retries: int | None = None
    ) -> ExchangePartner:
        """See :meth:`ExchangePartners.retrieve`."""
        request = build_retrieve(self._client._settings, EXCHANGE_PARTNERS, id_or_href, timeout)
        partner: ExchangePartner = await self._client._fetch(
            request, EXCHANGE_PARTNERS, max_retries
        )
        return partner

    async def list(
        self, *, timeout: TimeoutTypes = None, max_retries: int | None = None
    ) -> list[ExchangePartner]:
        """See :meth:`ExchangePartners.list`."""
        request = build_list_partners(self._client._settings, timeout)
        return read_partner_list(await self._client._send(request, max_retries))
