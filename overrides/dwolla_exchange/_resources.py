"""The resource namespaces of a client (``client.exchange_sessions``, ...): a typed signature
per operation and the flow it runs, for ``Dwolla`` and ``AsyncDwolla`` alike.

Each method only names its flow (``_operations``); the client drives it with its own I/O. A
sync and an async class per resource remain because their signatures differ (``async def``);
the keyword options of every call are the ones of ``with_options``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Unpack, overload

from . import _operations as op
from ._settings import TimeoutTypes

if TYPE_CHECKING:
    import uuid
    from typing import TypeAlias

    from dwolla_exchange_api.models import (
        AvailableExchangeConnection,
        CardholderDetails,
        Exchange,
        ExchangePartner,
        ExchangeSession,
        FundingSource,
        FundingSourceBalance,
        HalLink,
        WebhookEvent,
        WebhookSubscription,
    )
    from dwolla_exchange_api.types import Unset

    from ._client import AsyncDwolla, Dwolla
    from .errors import UpdateCredentialsError

    # What each parameter accepts, so a type checker refuses retrieve(12345) before Dwolla
    # would. An id is a UUID (or its str), an href a full URL on the API origin.
    Ref: TypeAlias = str | uuid.UUID
    SessionRef: TypeAlias = str | uuid.UUID | ExchangeSession
    PartnerRef: TypeAlias = str | uuid.UUID | ExchangePartner  # a str may also be a name
    ExchangeRef: TypeAlias = str | uuid.UUID | Exchange
    ReauthTarget: TypeAlias = str | uuid.UUID | Exchange | UpdateCredentialsError | WebhookEvent
    FundingSourceRef: TypeAlias = str | uuid.UUID | FundingSource
    SubscriptionRef: TypeAlias = str | uuid.UUID | WebhookSubscription
    # follow(): a HalLink, a {"href": ...} mapping or an href; what comes back.
    Link: TypeAlias = HalLink | Unset | Mapping[str, object] | str
    Followed: TypeAlias = (
        ExchangeSession | ExchangePartner | Exchange | FundingSource | dict[str, object]
    )

BankAccountType = Literal["checking", "savings"]

__all__ = [
    "AsyncAvailableExchangeConnections",
    "AsyncExchangePartners",
    "AsyncExchangeSessions",
    "AsyncExchanges",
    "AsyncFundingSources",
    "AsyncWebhookSubscriptions",
    "AvailableExchangeConnections",
    "BankAccountType",
    "CallOptions",
    "ExchangePartners",
    "ExchangeSessions",
    "Exchanges",
    "FundingSources",
    "WebhookSubscriptions",
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

    def retrieve(self, id_or_href: SessionRef, **options: Unpack[CallOptions]) -> ExchangeSession:
        """``GET /exchange-sessions/{id}`` by UUID or by a full href on the configured origin."""
        session: ExchangeSession = self._client._run(
            options, op.retrieve, op.EXCHANGE_SESSIONS, id_or_href
        )
        return session

    @overload
    def create(self, customer: Ref, partner: PartnerRef, redirect_url: str | None = ..., *, retrieve: Literal[False] = ..., **options: Unpack[CreateOptions]) -> str: ...  # fmt: skip
    @overload
    def create(self, customer: Ref, partner: PartnerRef, redirect_url: str | None = ..., *, retrieve: Literal[True], **options: Unpack[CreateOptions]) -> ExchangeSession: ...  # fmt: skip
    def create(
        self,
        customer: Ref,
        partner: PartnerRef,
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
    def reauth(self, exchange: ReauthTarget, redirect_url: str | None = ..., *, retrieve: Literal[False] = ..., **options: Unpack[CreateOptions]) -> str: ...  # fmt: skip
    @overload
    def reauth(self, exchange: ReauthTarget, redirect_url: str | None = ..., *, retrieve: Literal[True], **options: Unpack[CreateOptions]) -> ExchangeSession: ...  # fmt: skip
    def reauth(
        self,
        exchange: ReauthTarget,
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

    def retrieve(self, id_or_href: PartnerRef, **options: Unpack[CallOptions]) -> ExchangePartner:
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

    async def retrieve(
        self, id_or_href: SessionRef, **options: Unpack[CallOptions]
    ) -> ExchangeSession:
        """See :meth:`ExchangeSessions.retrieve`."""
        return await self._client._run(options, op.retrieve, op.EXCHANGE_SESSIONS, id_or_href)

    @overload
    async def create(self, customer: Ref, partner: PartnerRef, redirect_url: str | None = ..., *, retrieve: Literal[False] = ..., **options: Unpack[CreateOptions]) -> str: ...  # fmt: skip
    @overload
    async def create(self, customer: Ref, partner: PartnerRef, redirect_url: str | None = ..., *, retrieve: Literal[True], **options: Unpack[CreateOptions]) -> ExchangeSession: ...  # fmt: skip
    async def create(
        self,
        customer: Ref,
        partner: PartnerRef,
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
    async def reauth(self, exchange: ReauthTarget, redirect_url: str | None = ..., *, retrieve: Literal[False] = ..., **options: Unpack[CreateOptions]) -> str: ...  # fmt: skip
    @overload
    async def reauth(self, exchange: ReauthTarget, redirect_url: str | None = ..., *, retrieve: Literal[True], **options: Unpack[CreateOptions]) -> ExchangeSession: ...  # fmt: skip
    async def reauth(
        self,
        exchange: ReauthTarget,
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

    async def retrieve(
        self, id_or_href: PartnerRef, **options: Unpack[CallOptions]
    ) -> ExchangePartner:
        """See :meth:`ExchangePartners.retrieve`."""
        return await self._client._run(options, op.retrieve, op.EXCHANGE_PARTNERS, id_or_href)

    async def list(self, **options: Unpack[CallOptions]) -> list[ExchangePartner]:
        """See :meth:`ExchangePartners.list`."""
        return await self._client._run(options, op.list_partners)


class AvailableExchangeConnections:
    def __init__(self, client: Dwolla) -> None:
        self._client = client

    def list(
        self, customer: Ref, **options: Unpack[CallOptions]
    ) -> list[AvailableExchangeConnection]:
        """``GET /customers/{id}/available-exchange-connections``: the accounts the end user
        connected in MX, each with the ``available_connection_token`` to create an exchange."""
        return self._client._run(options, op.list_connections, customer)


class Exchanges:
    def __init__(self, client: Dwolla) -> None:
        self._client = client

    @overload
    def create(self, customer: Ref, partner: PartnerRef, *, available_connection: AvailableExchangeConnection | str | None = ..., public_token: str | None = ..., token: str | None = ..., finicity: Mapping[str, Any] | None = ..., retrieve: Literal[False] = ..., **options: Unpack[CreateOptions]) -> str: ...  # fmt: skip
    @overload
    def create(self, customer: Ref, partner: PartnerRef, *, available_connection: AvailableExchangeConnection | str | None = ..., public_token: str | None = ..., token: str | None = ..., finicity: Mapping[str, Any] | None = ..., retrieve: Literal[True], **options: Unpack[CreateOptions]) -> Exchange: ...  # fmt: skip
    def create(
        self,
        customer: Ref,
        partner: PartnerRef,
        *,
        available_connection: AvailableExchangeConnection | str | None = None,
        public_token: str | None = None,
        token: str | None = None,
        finicity: Mapping[str, Any] | None = None,
        retrieve: bool = False,
        **options: Unpack[CreateOptions],
    ) -> str | Exchange:
        """``POST /customers/{id}/exchanges``: the new exchange's href (or the exchange).

        Exactly one of: ``available_connection`` (MX: an ``AvailableExchangeConnection`` or
        its token), ``public_token`` (Plaid Link's), ``token`` (Checkout.com's ``pay_...``
        or a secure-exchange processor token), ``finicity`` (Finicity's receipt). ``partner``
        as for sessions: a name, id, href or model. One Idempotency-Key for every attempt.
        """
        credentials = (available_connection, public_token, token, finicity)
        return self._client._run(
            options, op.create_exchange, customer, partner, credentials, retrieve
        )

    def retrieve(self, id_or_href: ExchangeRef, **options: Unpack[CallOptions]) -> Exchange:
        """``GET /exchanges/{id}`` by UUID, href or model."""
        exchange: Exchange = self._client._run(options, op.retrieve, op.EXCHANGES, id_or_href)
        return exchange

    def list(self, customer: Ref, **options: Unpack[CallOptions]) -> list[Exchange]:
        """``GET /customers/{id}/exchanges``."""
        return self._client._run(options, op.list_exchanges, customer)


class FundingSources:
    def __init__(self, client: Dwolla) -> None:
        self._client = client

    @overload
    def create(self, customer: Ref, exchange: ExchangeRef, *, name: str, bank_account_type: BankAccountType | None = ..., card_details: Mapping[str, Any] | CardholderDetails | None = ..., retrieve: Literal[False] = ..., **options: Unpack[CreateOptions]) -> str: ...  # fmt: skip
    @overload
    def create(self, customer: Ref, exchange: ExchangeRef, *, name: str, bank_account_type: BankAccountType | None = ..., card_details: Mapping[str, Any] | CardholderDetails | None = ..., retrieve: Literal[True], **options: Unpack[CreateOptions]) -> FundingSource: ...  # fmt: skip
    def create(
        self,
        customer: Ref,
        exchange: ExchangeRef,
        *,
        name: str,
        bank_account_type: BankAccountType | None = None,
        card_details: Mapping[str, Any] | CardholderDetails | None = None,
        retrieve: bool = False,
        **options: Unpack[CreateOptions],
    ) -> str | FundingSource:
        """``POST /customers/{id}/funding-sources`` from an exchange (id, href or model):
        ``name`` at most 50 characters, and either ``bank_account_type`` (``"checking"`` or
        ``"savings"``) for a bank account, or ``card_details`` (``firstName``, ``lastName``,
        ``billingAddress``) for a debit card from a Checkout.com exchange."""
        return self._client._run(
            options,
            op.create_funding_source,
            customer,
            exchange,
            name,
            (bank_account_type, card_details),
            retrieve,
        )

    def retrieve(
        self, id_or_href: FundingSourceRef, **options: Unpack[CallOptions]
    ) -> FundingSource:
        """``GET /funding-sources/{id}`` by UUID, href or model."""
        source: FundingSource = self._client._run(
            options, op.retrieve, op.FUNDING_SOURCES, id_or_href
        )
        return source

    def balance(
        self, id_or_href: FundingSourceRef, **options: Unpack[CallOptions]
    ) -> FundingSourceBalance:
        """``GET /funding-sources/{id}/balance``: amounts as decimal strings. Raises
        ``UpdateCredentialsError`` when the end user must re-authenticate."""
        return self._client._run(options, op.balance, id_or_href)


class AsyncAvailableExchangeConnections:
    def __init__(self, client: AsyncDwolla) -> None:
        self._client = client

    async def list(
        self, customer: Ref, **options: Unpack[CallOptions]
    ) -> list[AvailableExchangeConnection]:
        """See :meth:`AvailableExchangeConnections.list`."""
        return await self._client._run(options, op.list_connections, customer)


class AsyncExchanges:
    def __init__(self, client: AsyncDwolla) -> None:
        self._client = client

    @overload
    async def create(self, customer: Ref, partner: PartnerRef, *, available_connection: AvailableExchangeConnection | str | None = ..., public_token: str | None = ..., token: str | None = ..., finicity: Mapping[str, Any] | None = ..., retrieve: Literal[False] = ..., **options: Unpack[CreateOptions]) -> str: ...  # fmt: skip
    @overload
    async def create(self, customer: Ref, partner: PartnerRef, *, available_connection: AvailableExchangeConnection | str | None = ..., public_token: str | None = ..., token: str | None = ..., finicity: Mapping[str, Any] | None = ..., retrieve: Literal[True], **options: Unpack[CreateOptions]) -> Exchange: ...  # fmt: skip
    async def create(
        self,
        customer: Ref,
        partner: PartnerRef,
        *,
        available_connection: AvailableExchangeConnection | str | None = None,
        public_token: str | None = None,
        token: str | None = None,
        finicity: Mapping[str, Any] | None = None,
        retrieve: bool = False,
        **options: Unpack[CreateOptions],
    ) -> str | Exchange:
        """See :meth:`Exchanges.create`."""
        credentials = (available_connection, public_token, token, finicity)
        return await self._client._run(
            options, op.create_exchange, customer, partner, credentials, retrieve
        )

    async def retrieve(self, id_or_href: ExchangeRef, **options: Unpack[CallOptions]) -> Exchange:
        """See :meth:`Exchanges.retrieve`."""
        return await self._client._run(options, op.retrieve, op.EXCHANGES, id_or_href)

    async def list(self, customer: Ref, **options: Unpack[CallOptions]) -> list[Exchange]:
        """See :meth:`Exchanges.list`."""
        return await self._client._run(options, op.list_exchanges, customer)


class AsyncFundingSources:
    def __init__(self, client: AsyncDwolla) -> None:
        self._client = client

    @overload
    async def create(self, customer: Ref, exchange: ExchangeRef, *, name: str, bank_account_type: BankAccountType | None = ..., card_details: Mapping[str, Any] | CardholderDetails | None = ..., retrieve: Literal[False] = ..., **options: Unpack[CreateOptions]) -> str: ...  # fmt: skip
    @overload
    async def create(self, customer: Ref, exchange: ExchangeRef, *, name: str, bank_account_type: BankAccountType | None = ..., card_details: Mapping[str, Any] | CardholderDetails | None = ..., retrieve: Literal[True], **options: Unpack[CreateOptions]) -> FundingSource: ...  # fmt: skip
    async def create(
        self,
        customer: Ref,
        exchange: ExchangeRef,
        *,
        name: str,
        bank_account_type: BankAccountType | None = None,
        card_details: Mapping[str, Any] | CardholderDetails | None = None,
        retrieve: bool = False,
        **options: Unpack[CreateOptions],
    ) -> str | FundingSource:
        """See :meth:`FundingSources.create`."""
        return await self._client._run(
            options,
            op.create_funding_source,
            customer,
            exchange,
            name,
            (bank_account_type, card_details),
            retrieve,
        )

    async def retrieve(
        self, id_or_href: FundingSourceRef, **options: Unpack[CallOptions]
    ) -> FundingSource:
        """See :meth:`FundingSources.retrieve`."""
        return await self._client._run(options, op.retrieve, op.FUNDING_SOURCES, id_or_href)

    async def balance(
        self, id_or_href: FundingSourceRef, **options: Unpack[CallOptions]
    ) -> FundingSourceBalance:
        """See :meth:`FundingSources.balance`."""
        return await self._client._run(options, op.balance, id_or_href)


class WebhookSubscriptions:
    def __init__(self, client: Dwolla) -> None:
        self._client = client

    @overload
    def create(self, url: str, secret: str, *, retrieve: Literal[False] = ..., **options: Unpack[CreateOptions]) -> str: ...  # fmt: skip
    @overload
    def create(self, url: str, secret: str, *, retrieve: Literal[True], **options: Unpack[CreateOptions]) -> WebhookSubscription: ...  # fmt: skip
    def create(
        self, url: str, secret: str, *, retrieve: bool = False, **options: Unpack[CreateOptions]
    ) -> str | WebhookSubscription:
        """``POST /webhook-subscriptions``: deliver events to ``url``, signed with ``secret``
        (at most 128 characters; never shown, in reprs, logs or errors). The href (or the
        subscription). One Idempotency-Key for every attempt."""
        self._client._remember_secret(secret)
        return self._client._run(options, op.create_subscription, url, secret, retrieve)

    def list(self, **options: Unpack[CallOptions]) -> list[WebhookSubscription]:
        """``GET /webhook-subscriptions``."""
        return self._client._run(options, op.list_subscriptions)

    def retrieve(
        self, id_or_href: SubscriptionRef, **options: Unpack[CallOptions]
    ) -> WebhookSubscription:
        """``GET /webhook-subscriptions/{id}``."""
        return self._client._run(options, op.retrieve_subscription, id_or_href)

    def delete(
        self, id_or_href: SubscriptionRef, **options: Unpack[CallOptions]
    ) -> WebhookSubscription:
        """``DELETE /webhook-subscriptions/{id}``: no more deliveries; the subscription as it was."""
        return self._client._run(options, op.delete_subscription, id_or_href)


class AsyncWebhookSubscriptions:
    def __init__(self, client: AsyncDwolla) -> None:
        self._client = client

    @overload
    async def create(self, url: str, secret: str, *, retrieve: Literal[False] = ..., **options: Unpack[CreateOptions]) -> str: ...  # fmt: skip
    @overload
    async def create(self, url: str, secret: str, *, retrieve: Literal[True], **options: Unpack[CreateOptions]) -> WebhookSubscription: ...  # fmt: skip
    async def create(
        self, url: str, secret: str, *, retrieve: bool = False, **options: Unpack[CreateOptions]
    ) -> str | WebhookSubscription:
        """See :meth:`WebhookSubscriptions.create`."""
        self._client._remember_secret(secret)
        return await self._client._run(options, op.create_subscription, url, secret, retrieve)

    async def list(self, **options: Unpack[CallOptions]) -> list[WebhookSubscription]:
        """See :meth:`WebhookSubscriptions.list`."""
        return await self._client._run(options, op.list_subscriptions)

    async def retrieve(
        self, id_or_href: SubscriptionRef, **options: Unpack[CallOptions]
    ) -> WebhookSubscription:
        """See :meth:`WebhookSubscriptions.retrieve`."""
        return await self._client._run(options, op.retrieve_subscription, id_or_href)

    async def delete(
        self, id_or_href: SubscriptionRef, **options: Unpack[CallOptions]
    ) -> WebhookSubscription:
        """See :meth:`WebhookSubscriptions.delete`."""
        return await self._client._run(options, op.delete_subscription, id_or_href)
