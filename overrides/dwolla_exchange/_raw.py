"""``client.with_raw_response``: every call, answered with the HTTP response as well as the
model (Stainless' convention: ``.status_code``, ``.headers``, ``.request_id``,
``.http_response`` and ``.parse()``).

The raw client is a copy of the client that shares its pool and token and whose calls keep
their last response; the classes below only tell a type checker that each method now returns
a ``RawResponse`` of what it returned before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Generic, ParamSpec, TypeVar, cast

import httpx

from .errors import kept_response, request_id_of

if TYPE_CHECKING:
    from ._client import AsyncDwolla, Dwolla
    from ._resources import (
        AsyncAvailableExchangeConnections,
        AsyncExchangePartners,
        AsyncExchanges,
        AsyncExchangeSessions,
        AsyncFundingSources,
        AsyncWebhookSubscriptions,
        AvailableExchangeConnections,
        ExchangePartners,
        Exchanges,
        ExchangeSessions,
        FundingSources,
        WebhookSubscriptions,
    )

__all__ = ["AsyncDwollaWithRawResponse", "DwollaWithRawResponse", "RawResponse"]

P = ParamSpec("P")
T = TypeVar("T")


class RawResponse(Generic[T]):
    """A call's last HTTP response (a create's ``201``, a retrieve's ``200``) and its result."""

    def __init__(self, http_response: httpx.Response, result: T) -> None:
        #: The httpx response, body read; its request's credentials are redacted.
        self.http_response = kept_response(http_response)
        self._result = result

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> Mapping[str, str]:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """Dwolla's id for the request: what Dwolla support asks for."""
        return request_id_of(self.http_response.headers)

    def parse(self) -> T:
        """What the call returns without ``with_raw_response``: the model, or a create's href."""
        return self._result

    def __repr__(self) -> str:
        return f"RawResponse(status_code={self.status_code}, request_id={self.request_id!r})"


def _raw(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    return cast(Callable[P, RawResponse[T]], method)  # the raw client's methods return them


def _araw(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[RawResponse[T]]]:
    return cast(Callable[P, Awaitable[RawResponse[T]]], method)


# One class per namespace and flavour: the attribute types (inferred from _raw/_araw) are
# what a type checker sees; at run time each attribute is the raw client's own method.


class _ExchangeSessions:
    def __init__(self, ns: ExchangeSessions) -> None:
        self.retrieve, self.create, self.reauth = (
            _raw(ns.retrieve),
            _raw(ns.create),
            _raw(ns.reauth),
        )


class _ExchangePartners:
    def __init__(self, ns: ExchangePartners) -> None:
        self.retrieve, self.list = _raw(ns.retrieve), _raw(ns.list)


class _Connections:
    def __init__(self, ns: AvailableExchangeConnections) -> None:
        self.list = _raw(ns.list)


class _Exchanges:
    def __init__(self, ns: Exchanges) -> None:
        self.create, self.retrieve, self.list = _raw(ns.create), _raw(ns.retrieve), _raw(ns.list)


class _FundingSources:
    def __init__(self, ns: FundingSources) -> None:
        self.create, self.retrieve = _raw(ns.create), _raw(ns.retrieve)
        self.balance = _raw(ns.balance)


class _WebhookSubscriptions:
    def __init__(self, ns: WebhookSubscriptions) -> None:
        self.create, self.list, self.retrieve = _raw(ns.create), _raw(ns.list), _raw(ns.retrieve)
        self.delete = _raw(ns.delete)


class DwollaWithRawResponse:
    """``client.with_raw_response``: the same namespaces and ``follow``, each call returning
    a :class:`RawResponse`."""

    def __init__(self, client: Dwolla) -> None:
        self.exchange_sessions = _ExchangeSessions(client.exchange_sessions)
        self.exchange_partners = _ExchangePartners(client.exchange_partners)
        self.available_exchange_connections = _Connections(client.available_exchange_connections)
        self.exchanges = _Exchanges(client.exchanges)
        self.funding_sources = _FundingSources(client.funding_sources)
        self.webhook_subscriptions = _WebhookSubscriptions(client.webhook_subscriptions)
        self.follow = _raw(client.follow)


class _AsyncExchangeSessions:
    def __init__(self, ns: AsyncExchangeSessions) -> None:
        self.retrieve, self.create = _araw(ns.retrieve), _araw(ns.create)
        self.reauth = _araw(ns.reauth)


class _AsyncExchangePartners:
    def __init__(self, ns: AsyncExchangePartners) -> None:
        self.retrieve, self.list = _araw(ns.retrieve), _araw(ns.list)


class _AsyncConnections:
    def __init__(self, ns: AsyncAvailableExchangeConnections) -> None:
        self.list = _araw(ns.list)


class _AsyncExchanges:
    def __init__(self, ns: AsyncExchanges) -> None:
        self.create, self.retrieve = _araw(ns.create), _araw(ns.retrieve)
        self.list = _araw(ns.list)


class _AsyncFundingSources:
    def __init__(self, ns: AsyncFundingSources) -> None:
        self.create, self.retrieve = _araw(ns.create), _araw(ns.retrieve)
        self.balance = _araw(ns.balance)


class _AsyncWebhookSubscriptions:
    def __init__(self, ns: AsyncWebhookSubscriptions) -> None:
        self.create, self.list = _araw(ns.create), _araw(ns.list)
        self.retrieve, self.delete = _araw(ns.retrieve), _araw(ns.delete)


class AsyncDwollaWithRawResponse:
    """See :class:`DwollaWithRawResponse`."""

    def __init__(self, client: AsyncDwolla) -> None:
        self.exchange_sessions = _AsyncExchangeSessions(client.exchange_sessions)
        self.exchange_partners = _AsyncExchangePartners(client.exchange_partners)
        self.available_exchange_connections = _AsyncConnections(
            client.available_exchange_connections
        )
        self.exchanges = _AsyncExchanges(client.exchanges)
        self.funding_sources = _AsyncFundingSources(client.funding_sources)
        self.webhook_subscriptions = _AsyncWebhookSubscriptions(client.webhook_subscriptions)
        self.follow = _araw(client.follow)
