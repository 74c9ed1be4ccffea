"""What is the same for the sync and async clients: building requests and reading responses.

Method, path, headers and body come from the generated endpoint modules' ``build_request``
(our generator template emits only that: sending, retries and parsing are done here, with a
capped body and typed errors), and models from the generated ``from_dict``.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from dwolla_exchange_api.api.exchange_partners import retrieve_exchange_partner
from dwolla_exchange_api.api.exchange_sessions import retrieve_exchange_session
from dwolla_exchange_api.models import (
    CreateExchangeSessionLinks,
    CreateExchangeSessionRequest,
    ExchangePartner,
    ExchangePartnerList,
    ExchangeSession,
    HalLink,
    ReAuthExchangeSessionLinks,
    ReAuthExchangeSessionRequest,
)

from ._origin import MAX_REFERENCE_CHARS, UUID_PATTERN, parse_resource_reference
from ._parsing import invalid_response, parse_json_body, parse_model
from ._retry import RetryPolicy
from ._settings import Settings, TimeoutTypes, as_timeout
from .errors import UnsafeLinkError, error_from_response

__all__ = [
    "EXCHANGE_PARTNERS",
    "EXCHANGE_SESSIONS",
    "CreateCall",
    "ResourceKind",
    "build_create",
    "build_follow",
    "build_list_partners",
    "build_reauth",
    "build_retrieve",
    "call_policy",
    "find_partner",
    "plan_create",
    "read_created",
    "read_partner_list",
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


def _request(
    settings: Settings,
    method: str,
    url: str,
    timeout: TimeoutTypes,
    generated: Mapping[str, Any] | None = None,
) -> httpx.Request:
    """An httpx request; ``generated`` is what a generated ``build_request`` says about headers and body."""
    effective = settings.timeout if timeout is None else as_timeout(timeout)
    headers = dict(settings.headers)
    generated = generated or {}
    headers.update(generated.get("headers", {}))
    return httpx.Request(
        method.upper(),
        url,
        headers=headers,
        json=generated.get("json"),
        extensions={"timeout": effective.as_dict()},
    )


def call_policy(settings: Settings, max_retries: int | None) -> RetryPolicy:
    if max_retries is None:
        return settings.retry
    return dataclasses.replace(settings.retry, max_retries=max_retries)


def build_retrieve(
    settings: Settings, kind: ResourceKind, reference: object, timeout: TimeoutTypes
) -> httpx.Request:
    resource_id: uuid.UUID = parse_resource_reference(reference, kind.collection, settings.origin)
    kwargs = kind.endpoint.build_request(id=resource_id)
    return _request(settings, kwargs["method"], settings.origin.url + kwargs["url"], timeout)


# The list, create and re-auth endpoint modules are imported on first use, which keeps
# `import dwolla_exchange` within 1.5x of `import httpx` (docs/benchmarks.md).


def build_list_partners(settings: Settings, timeout: TimeoutTypes) -> httpx.Request:
    from dwolla_exchange_api.api.exchange_partners import list_exchange_partners

    kwargs = list_exchange_partners.build_request()
    return _request(settings, kwargs["method"], settings.origin.url + kwargs["url"], timeout)


def read_partner_list(response: httpx.Response) -> list[ExchangePartner]:
    if not 200 <= response.status_code < 300:
        raise error_from_response(response)
    listing = parse_model(response, ExchangePartnerList)
    return list(listing.embedded.exchange_partners)


def check_idempotency_key(key: object) -> str:
    """The caller's key, checked, or a new UUID: one per logical call, reused on every attempt."""
    if key is None:
        return str(uuid.uuid4())
    if not isinstance(key, str):
        raise TypeError(f"idempotency_key must be a str, got {type(key).__name__}")
    if (
        not key
        or len(key) > 255
        or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) > 0x7E for ch in key)
    ):
        raise ValueError("idempotency_key must be 1-255 visible ASCII characters, such as a UUID")
    return key


def check_redirect_url(url: object) -> str | None:
    if url is None:
        return None
    if not isinstance(url, str):
        raise TypeError(f"redirect_url must be a str, got {type(url).__name__}")
    if len(url) > MAX_REFERENCE_CHARS or any(ch.isspace() or ord(ch) < 0x20 for ch in url):
        raise ValueError("redirect_url must be a single https URL")
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        raise ValueError(f"redirect_url must be an https URL with a host, got {url[:80]!r}")
    return url


def partner_href(settings: Settings, partner: object) -> str | None:
    """The href for a partner model, id or href; None when ``partner`` is a name to look up."""
    if isinstance(partner, ExchangePartner):
        partner = partner.links.self_.href
    if isinstance(partner, str) and "://" not in partner and not UUID_PATTERN.fullmatch(partner):
        if not partner.strip() or len(partner) > 100 or not partner.replace(" ", "").isalnum():
            raise ValueError(
                f"partner must be a partner name (MX, Plaid, ...), id, href or model, got {partner[:80]!r}"
            )
        return None
    partner_id = parse_resource_reference(partner, EXCHANGE_PARTNERS.collection, settings.origin)
    return f"{settings.origin.url}/{EXCHANGE_PARTNERS.collection}/{partner_id}"


def find_partner(partners: list[ExchangePartner], name: str) -> ExchangePartner:
    matches = [p for p in partners if p.name.lower() == name.strip().lower()]
    if len(matches) == 1:
        return matches[0]
    if matches:
        # Picking one would be a guess: two partners may share a name across regions or plans.
        ids = ", ".join(str(p.id) for p in matches)
        raise ValueError(
            f"{len(matches)} exchange partners are named {name!r} (ids {ids}): pass the id instead"
        )
    known = ", ".join(sorted({p.name for p in partners}, key=str.lower)) or "none"
    raise ValueError(f"no exchange partner named {name!r} (known: {known})")


@dataclass(frozen=True, slots=True)
class CreateCall:
    """A create call, checked before any I/O. Without ``partner_href`` the partner is looked
    up by ``partner_name`` first (the one request a create may need before its POST)."""

    customer_id: uuid.UUID
    partner_href: str | None
    partner_name: str
    redirect_url: str | None
    idempotency_key: str


def plan_create(
    settings: Settings,
    customer: object,
    partner: object,
    redirect_url: object,
    idempotency_key: object,
) -> CreateCall:
    return CreateCall(
        customer_id=parse_resource_reference(customer, "customers", settings.origin),
        partner_href=partner_href(settings, partner),
        partner_name=str(partner),
        redirect_url=check_redirect_url(redirect_url),
        idempotency_key=check_idempotency_key(idempotency_key),
    )


def build_create(
    settings: Settings, call: CreateCall, partner: str, timeout: TimeoutTypes
) -> httpx.Request:
    from dwolla_exchange_api.api.exchange_sessions import create_customer_exchange_session

    links = CreateExchangeSessionLinks(exchange_partner=HalLink(href=partner))
    if call.redirect_url is not None:
        links.redirect_url = HalLink(href=call.redirect_url)
    kwargs = create_customer_exchange_session.build_request(
        call.customer_id,
        body=CreateExchangeSessionRequest(links=links),
        idempotency_key=call.idempotency_key,
    )
    return _request(
        settings, kwargs["method"], settings.origin.url + kwargs["url"], timeout, kwargs
    )


def build_reauth(
    settings: Settings,
    exchange: object,
    redirect_url: object,
    idempotency_key: object,
    timeout: TimeoutTypes,
) -> httpx.Request:
    from dwolla_exchange_api.api.exchange_sessions import create_re_auth_exchange_session

    exchange_id = parse_resource_reference(exchange, "exchanges", settings.origin)
    redirect = check_redirect_url(redirect_url)
    body = ReAuthExchangeSessionRequest()
    if redirect is not None:
        body.links = ReAuthExchangeSessionLinks(redirect_url=HalLink(href=redirect))
    kwargs = create_re_auth_exchange_session.build_request(
        exchange_id, body=body, idempotency_key=check_idempotency_key(idempotency_key)
    )
    return _request(
        settings, kwargs["method"], settings.origin.url + kwargs["url"], timeout, kwargs
    )


def read_created(settings: Settings, response: httpx.Response) -> str:
    """The new session's href from a 201's Location header, checked against the origin."""
    if not 200 <= response.status_code < 300:
        raise error_from_response(response)
    location = response.headers.get("location")
    if not location:
        raise invalid_response(response, "a created response has no Location header")
    href = urljoin(settings.origin.url + "/", location)
    try:
        session_id = parse_resource_reference(href, EXCHANGE_SESSIONS.collection, settings.origin)
    except ValueError:
        raise invalid_response(
            response,
            f"Location {location[:100]!r} is not an exchange session on {settings.origin.url}",
        ) from None
    return f"{settings.origin.url}/{EXCHANGE_SESSIONS.collection}/{session_id}"


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
    href, resource_type, media_type = _link_fields(link)
    # Either label may say "page for a browser": Dwolla's MX link says it in resource-type
    # while its type claims HAL.
    browser_label = next(
        (
            label
            for label in (resource_type, media_type)
            if label is not None and label.split(";")[0].strip().lower() in _BROWSER_MEDIA_TYPES
        ),
        None,
    )
    if browser_label is not None:
        raise UnsafeLinkError(
            f"refusing to follow a {browser_label} link: it is a page for the end user's browser "
            "(for MX, pass dwolla_exchange.external_provider_session_url(session) to the front end)"
        )
    kind = _KIND_BY_RESOURCE_TYPE.get((resource_type or "").lower())
    # A link comes from a server: whatever shape its href has, the caller gets UnsafeLinkError.
    try:
        return _request(settings, "GET", settings.origin.resolve(href), timeout), kind
    except UnsafeLinkError:
        raise
    except (ValueError, httpx.InvalidURL) as exc:
        raise UnsafeLinkError(f"refusing to follow a malformed href {href[:80]!r}: {exc}") from None


def read_response(response: httpx.Response, kind: ResourceKind | None) -> Any:
    """The typed model (or a plain HAL dict for unknown kinds), or the typed error."""
    if not 200 <= response.status_code < 300:
        raise error_from_response(response)
    body = parse_json_body(response)
    if kind is None:
        return body
    return parse_model(response, kind.model, body)
