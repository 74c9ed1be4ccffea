"""What is the same for the sync and async clients: building requests and reading responses.

Paths come from the generated endpoint modules' ``_get_kwargs`` and models from the
generated ``from_dict``; the generated ``sync_detailed`` is not used because it parses
error bodies before the status is known (a JSONDecodeError on an HTML 502 page).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import httpx

from dwolla_exchange_api.api.exchange_partners import retrieve_exchange_partner
from dwolla_exchange_api.api.exchange_sessions import retrieve_exchange_session
from dwolla_exchange_api.models import ExchangePartner, ExchangeSession, HalLink

from ._origin import parse_resource_reference
from ._parsing import parse_json_body, parse_model
from ._retry import RetryPolicy
from ._settings import Settings, TimeoutTypes, as_timeout
from .errors import UnsafeLinkError, error_from_response

__all__ = [
    "EXCHANGE_PARTNERS",
    "EXCHANGE_SESSIONS",
    "ResourceKind",
    "build_follow",
    "build_retrieve",
    "read_response",
]


@dataclass(frozen=True, slots=True)
class ResourceKind:
    collection: str
    model: type[Any]
    endpoint: ModuleType


EXCHANGE_SESSIONS = ResourceKind("exchange-sessions", ExchangeSession, retrieve_exchange_session)
EXCHANGE_PARTNERS = ResourceKind("exchange-partners", ExchangePartner, retrieve_exchange_partner)

# Dwolla's resource-type values are not consistently singular or plural.
_KIND_BY_RESOURCE_TYPE = {
    "exchange-sessions": EXCHANGE_SESSIONS,
    "exchange-session": EXCHANGE_SESSIONS,
    "exchange-partner": EXCHANGE_PARTNERS,
    "exchange-partners": EXCHANGE_PARTNERS,
}
_BROWSER_MEDIA_TYPES = ("text/html", "application/xhtml+xml")


def _request(settings: Settings, method: str, url: str, timeout: TimeoutTypes) -> httpx.Request:
    effective = settings.timeout if timeout is None else as_timeout(timeout)
    return httpx.Request(
        method.upper(),
        url,
        headers=settings.headers,
        extensions={"timeout": effective.as_dict()},
    )


def call_policy(settings: Settings, max_retries: int | None) -> RetryPolicy:
    if max_retries is None:
        return settings.retry
    return RetryPolicy(
        max_retries=max_retries,
        backoff=settings.retry.backoff,
        backoff_max=settings.retry.backoff_max,
        retry_after_max=settings.retry.retry_after_max,
    )


def build_retrieve(
    settings: Settings, kind: ResourceKind, reference: object, timeout: TimeoutTypes
) -> httpx.Request:
    resource_id: uuid.UUID = parse_resource_reference(reference, kind.collection, settings.origin)
    kwargs = kind.endpoint._get_kwargs(id=resource_id)
    return _request(settings, kwargs["method"], settings.origin.url + kwargs["url"], timeout)


def _link_fields(link: object) -> tuple[str, str | None, str | None]:
    if isinstance(link, HalLink):
        resource_type = link.resource_type if isinstance(link.resource_type, str) else None
        media_type = link.type_ if isinstance(link.type_, str) else None
        return link.href, resource_type, media_type
    if isinstance(link, Mapping):
        href = link.get("href")
        if not isinstance(href, str):
            raise UnsafeLinkError("link has no string href")
        resource_type, media_type = link.get("resource-type"), link.get("type")
        return (
            href,
            resource_type if isinstance(resource_type, str) else None,
            media_type if isinstance(media_type, str) else None,
        )
    if isinstance(link, str):
        return link, None, None
    raise TypeError(
        f"follow() takes a HAL link (HalLink, a dict with 'href', or an href str), got {type(link).__name__}"
    )


def build_follow(
    settings: Settings, link: object, timeout: TimeoutTypes
) -> tuple[httpx.Request, ResourceKind | None]:
    """The request for a same-origin API link, or UnsafeLinkError before anything is sent."""
    href, resource_type, _ = _link_fields(link)
    if (
        resource_type is not None
        and resource_type.split(";")[0].strip().lower() in _BROWSER_MEDIA_TYPES
    ):
        raise UnsafeLinkError(
            f"refusing to follow a {resource_type} link: it is a page for the end user's browser "
            "(for MX, pass dwolla_exchange.external_provider_session_url(session) to the front end)"
        )
    url = settings.origin.resolve(href)
    kind = _KIND_BY_RESOURCE_TYPE.get((resource_type or "").lower())
    return _request(settings, "GET", url, timeout), kind


def read_response(response: httpx.Response, kind: ResourceKind | None) -> Any:
    """The typed model (or a plain HAL dict for unknown kinds), or the typed error."""
    if not 200 <= response.status_code < 300:
        raise error_from_response(response)
    body = parse_json_body(response)
    if kind is None:
        return body
    return parse_model(response, kind.model, body)
