"""The resource namespaces of a client (``client.exchange_sessions``, ...): a typed signature
per operation and the flow it runs, for ``Dwolla`` and ``AsyncDwolla`` alike.

Each method only names its flow (``_operations``); the client drives it with its own I/O. A
sync and an async class per resource remain because their signatures differ (``async def``);
the keyword options of every call are the ones of ``with_options``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, TypedDict, Unpack, overload

from dwolla_exchange_api.models import ExchangePartner, ExchangeSession

from . import _operations as op
from ._settings import TimeoutTypes

if TYPE_CHECKING:
    from ._client import AsyncDwolla, Dwolla

__all__ = [
    "AsyncExchangePartners",
    "AsyncExchangeSessions",
    "CallOptions",
    "ExchangePartners",
    "ExchangeSessions",
]


class CallOptions(TypedDict, total=False):
    """Per-call options: the call runs on ``client.with_options(**options)``."""

    timeout: TimeoutTypes
    max_retries: int | None


class CreateOptions(CallOptions, total=False):
    # One Idempotency-Key (yours, or a new UUID) is sent on every attempt of the call.
    idempotency_key: str | None


class ExchangeSessions:
    def __init__(self, client: Dwolla) -> None:
        self._client = client

    def retrieve(self, id_or_href: object, **options: Unpack[CallOptions]) -> ExchangeSession:
        """``GET /exchange-sessions/{id}`` by UUID or by a full href on the configured origin."""
        session: ExchangeSession = self._client._run(
            options, op.retrieve, op.EXCHANGE_SESSIONS, id_or_href
        )
        return session

    @overload
    def create(self, customer: object, partner: object, redirect_url: str | None = ..., *, retrieve: Literal[False] = ..., **options: Unpack[CreateOptions]) -> str: ...  # fmt: skip
    @overload
    def create(self, customer: object, partner: object, redirect_url: str | None = ..., *, retrieve: Literal[True], **options: Unpack[CreateOptions]) -> ExchangeSession: ...  # fmt: skip
    def create(
        self,
        customer: object,
        partner: object,
        redirect_url: str | None = None,
        *,
        retrieve: bool = False,
        **options: Unpack[CreateOptions],
    ) -> str | ExchangeSession:
        """``POST /customers/{id}/exchange-sessions``: the new session's href (or the session).

        ``customer`` is an id or href; ``partner`` a name (``"MX"``, ``"Plaid"``), an id,
        an href or an ``ExchangePartner``. One Idempotency-Key (yours, or a new UUID) is
        sent on every attempt, so a retried call cannot create two sessions.
        """
        return self._client._run(
            options, op.create_session, customer, partner, redirect_url, retrieve
        )

    @overload
    def reauth(self, exchange: object, redirect_url: str | None = ..., *, retrieve: Literal[False] = ..., **options: Unpack[CreateOptions]) -> str: ...  # fmt: skip
    @overload
    def reauth(self, exchange: object, redirect_url: str | None = ..., *, retrieve: Literal[True], **options: Unpack[CreateOptions]) -> ExchangeSession: ...  # fmt: skip
    def reauth(
        self,
        exchange: object,
        redirect_url: str | None = None,
        *,
        retrieve: bool = False,
        **options: Unpack[CreateOptions],
    ) -> str | ExchangeSession:
        """``POST /exchanges/{id}/exchange-sessions``: a session to re-authenticate an exchange."""
        return self._client._run(options, op.reauth_session, exchange, redirect_url, retrieve)


class ExchangePartners:
    def __init__(self, client: Dwolla) -> None:
        self._client = client

    def retrieve(self, id_or_href: object, **options: Unpack[CallOptions]) -> ExchangePartner:
        """``GET /exchange-partners/{id}`` by UUID or by a full href on the configured origin."""
        partner: ExchangePartner = self._client._run(
            options, op.retrieve, op.EXCHANGE_PARTNERS, id_or_href
        )
        return partner

    def list(self, **options: Unpack[CallOptions]) -> list[ExchangePartner]:
        """``GET /exchange-partners``: every exchange partner."""
        return self._client._run(options, op.list_partners)


class AsyncExchangeSessions:
    def __init__(self, client: AsyncDwolla) -> None:
        self._client = client

    async def retrieve(self, id_or_href: object, **options: Unpack[CallOptions]) -> ExchangeSession:
        """See :meth:`ExchangeSessions.retrieve`."""
        return await self._client._run(options, op.retrieve, op.EXCHANGE_SESSIONS, id_or_href)

    @overload
    async def create(self, customer: object, partner: object, redirect_url: str | None = ..., *, retrieve: Literal[False] = ..., **options: Unpack[CreateOptions]) -> str: ...  # fmt: skip
    @overload
    async def create(self, customer: object, partner: object, redirect_url: str | None = ..., *, retrieve: Literal[True], **options: Unpack[CreateOptions]) -> ExchangeSession: ...  # fmt: skip
    async def create(
        self,
        customer: object,
        partner: object,
        redirect_url: str | None = None,
        *,
        retrieve: bool = False,
        **options: Unpack[CreateOptions],
    ) -> str | ExchangeSession:
        """See :meth:`ExchangeSessions.create`."""
        return await self._client._run(
            options, op.create_session, customer, partner, redirect_url, retrieve
        )

    @overload
    async def reauth(self, exchange: object, redirect_url: str | None = ..., *, retrieve: Literal[False] = ..., **options: Unpack[CreateOptions]) -> str: ...  # fmt: skip
    @overload
    async def reauth(self, exchange: object, redirect_url: str | None = ..., *, retrieve: Literal[True], **options: Unpack[CreateOptions]) -> ExchangeSession: ...  # fmt: skip
    async def reauth(
        self,
        exchange: object,
        redirect_url: str | None = None,
        *,
        retrieve: bool = False,
        **options: Unpack[CreateOptions],
    ) -> str | ExchangeSession:
        """See :meth:`ExchangeSessions.reauth`."""
        return await self._client._run(options, op.reauth_session, exchange, redirect_url, retrieve)


class AsyncExchangePartners:
    def __init__(self, client: AsyncDwolla) -> None:
        self._client = client

    async def retrieve(self, id_or_href: object, **options: Unpack[CallOptions]) -> ExchangePartner:
        """See :meth:`ExchangePartners.retrieve`."""
        return await self._client._run(options, op.retrieve, op.EXCHANGE_PARTNERS, id_or_href)

    async def list(self, **options: Unpack[CallOptions]) -> list[ExchangePartner]:
        """See :meth:`ExchangePartners.list`."""
        return await self._client._run(options, op.list_partners)
