"""``Dwolla`` and ``AsyncDwolla``: twins that share everything but the I/O."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Literal, Self, overload

import httpx

from dwolla_exchange_api.models import ExchangePartner, ExchangeSession

from ._auth import ClientCredentialsAuth
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
from ._settings import Settings, TimeoutTypes, resolve_settings

__all__ = ["AsyncDwolla", "Dwolla"]


class _ClientBase:
    _settings: Settings
    _auth: ClientCredentialsAuth

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
        )
        self._auth = ClientCredentialsAuth(
            self._settings.credentials, self._settings.origin, timeout=self._settings.timeout
        )

    @property
    def base_url(self) -> str:
        return self._settings.origin.url

    @property
    def token_requests(self) -> int:
        """How many access tokens this client has fetched (for diagnostics and tests)."""
        return self._auth.cache.fetch_count

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, client_id={self._settings.credentials.client_id!r})"


class Dwolla(_ClientBase):
    """A synchronous Dwolla client. One connection pool and one token per instance; thread-safe.

    >>> with Dwolla(client_id="...", client_secret="...", environment="sandbox") as dwolla:
    ...     session = dwolla.exchange_sessions.retrieve("fcd15e5f-8d13-4570-a9b7-7fb49e55941d")
    """

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
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            client_id,
            client_secret,
            environment,
            base_url,
            timeout,
            max_retries,
            retry_backoff,
            retry_backoff_max,
        )
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise TypeError(
                "http_client must be an httpx.Client (use AsyncDwolla for httpx.AsyncClient)"
            )
        self._owns_http = http_client is None
        self._http = (
            http_client if http_client is not None else httpx.Client(follow_redirects=False)
        )
        self.exchange_sessions = ExchangeSessions(self)
        self.exchange_partners = ExchangePartners(self)

    def _send(self, request: httpx.Request, max_retries: int | None) -> httpx.Response:
        return sync_send(
            self._http, request, auth=self._auth, policy=call_policy(self._settings, max_retries)
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
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            client_id,
            client_secret,
            environment,
            base_url,
            timeout,
            max_retries,
            retry_backoff,
            retry_backoff_max,
        )
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise TypeError(
                "http_client must be an httpx.AsyncClient (use Dwolla for httpx.Client)"
            )
        # The caller's own client stays theirs to close; a DefaultAioHttpClient is made for us.
        self._owns_http = http_client is None or getattr(http_client, "dwolla_owned", False) is True
        self._http = (
            http_client if http_client is not None else httpx.AsyncClient(follow_redirects=False)
        )
        self.exchange_sessions = AsyncExchangeSessions(self)
        self.exchange_partners = AsyncExchangePartners(self)

    async def _send(self, request: httpx.Request, max_retries: int | None) -> httpx.Response:
        return await async_send(
            self._http, request, auth=self._auth, policy=call_policy(self._settings, max_retries)
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
