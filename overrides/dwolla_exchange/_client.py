"""``Dwolla`` and ``AsyncDwolla``: twins that share everything but the I/O."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

import httpx

from dwolla_exchange_api.models import ExchangePartner, ExchangeSession

from ._auth import ClientCredentialsAuth
from ._resources import (
    EXCHANGE_PARTNERS,
    EXCHANGE_SESSIONS,
    ResourceKind,
    build_follow,
    build_retrieve,
    call_policy,
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
        self._auth = ClientCredentialsAuth(self._settings.credentials, self._settings.origin)

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

    def _fetch(
        self, request: httpx.Request, kind: ResourceKind | None, max_retries: int | None
    ) -> Any:
        response = sync_send(
            self._http, request, auth=self._auth, policy=call_policy(self._settings, max_retries)
        )
        return read_response(response, kind)

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
        self._owns_http = http_client is None
        self._http = (
            http_client if http_client is not None else httpx.AsyncClient(follow_redirects=False)
        )
        self.exchange_sessions = AsyncExchangeSessions(self)
        self.exchange_partners = AsyncExchangePartners(self)

    async def _fetch(
        self, request: httpx.Request, kind: ResourceKind | None, max_retries: int | None
    ) -> Any:
        response = await async_send(
            self._http, request, auth=self._auth, policy=call_policy(self._settings, max_retries)
        )
        return read_response(response, kind)

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
