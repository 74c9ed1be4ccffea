"""Each operation once, for both clients, as a flow with no I/O: a generator that checks its
arguments, yields the requests it needs and receives their (read) responses, and returns the
result. ``Dwolla`` and ``AsyncDwolla`` each drive a flow with their own sender.

Method, path, headers and body come from the generated endpoint modules' ``build_request``
(our generator template emits only that: sending, retries and parsing are done by this
layer, with a capped body and typed errors), and models from the generated ``from_dict``.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import urljoin, urlsplit

import httpx

from dwolla_exchange_api.api.exchange_partners import retrieve_exchange_partner
from dwolla_exchange_api.api.exchange_sessions import retrieve_exchange_session
from dwolla_exchange_api.api.exchanges import retrieve_exchange
from dwolla_exchange_api.api.funding_sources import retrieve_funding_source
from dwolla_exchange_api.models import (
    Exchange,
    ExchangePartner,
    ExchangeSession,
    FundingSource,
    HalLink,
)
from dwolla_exchange_api.types import Unset

# Models only the other flows need are imported in them, on first use (docs/benchmarks.md).
if TYPE_CHECKING:
    from dwolla_exchange_api.models import (
        AvailableExchangeConnection,
        CardholderDetails,
        CreateExchangeRequest,
        CreateFundingSourceRequestBankAccountType,
        FundingSourceBalance,
        WebhookSubscription,
    )

from ._origin import MAX_REFERENCE_CHARS, UUID_PATTERN, parse_resource_reference
from ._parsing import (
    ContractMismatch,
    invalid_response,
    model_from_dict,
    parse_json_body,
    parse_model,
)
from ._settings import Settings
from .errors import UnsafeLinkError, UpdateCredentialsError, error_from_response

__all__ = [
    "EXCHANGES",
    "EXCHANGE_PARTNERS",
    "EXCHANGE_SESSIONS",
    "FUNDING_SOURCES",
    "Flow",
    "ResourceKind",
    "balance",
    "create_exchange",
    "create_funding_source",
    "create_session",
    "create_subscription",
    "delete_subscription",
    "follow",
    "list_connections",
    "list_exchanges",
    "list_partners",
    "list_subscriptions",
    "reauth_session",
    "retrieve",
    "retrieve_subscription",
]

T = TypeVar("T")
# What a flow yields (a request to send), is sent (its response, body read) and returns.
Flow = Generator[httpx.Request, httpx.Response, T]


@dataclass(frozen=True, slots=True)
class ResourceKind(Generic[T]):
    collection: str
    model: type[T]
    endpoint: ModuleType


EXCHANGE_SESSIONS = ResourceKind("exchange-sessions", ExchangeSession, retrieve_exchange_session)
EXCHANGE_PARTNERS = ResourceKind("exchange-partners", ExchangePartner, retrieve_exchange_partner)
EXCHANGES = ResourceKind("exchanges", Exchange, retrieve_exchange)
FUNDING_SOURCES = ResourceKind("funding-sources", FundingSource, retrieve_funding_source)

# Dwolla's resource-type values are not consistently singular or plural.
_KIND_BY_RESOURCE_TYPE: dict[str, ResourceKind[Any]] = {
    "exchange-sessions": EXCHANGE_SESSIONS,
    "exchange-session": EXCHANGE_SESSIONS,
    "exchange-partner": EXCHANGE_PARTNERS,
    "exchange-partners": EXCHANGE_PARTNERS,
    "exchange": EXCHANGES,
    "exchanges": EXCHANGES,
    "funding-source": FUNDING_SOURCES,
    "funding-sources": FUNDING_SOURCES,
}
_KIND_BY_MODEL: dict[type[Any], ResourceKind[Any]] = {
    kind.model: kind for kind in (EXCHANGE_SESSIONS, EXCHANGE_PARTNERS, EXCHANGES, FUNDING_SOURCES)
}
# A model names itself by its self link wherever an id or href is accepted.
_LINKED_MODELS = (ExchangeSession, ExchangePartner, Exchange, FundingSource)


def reference(value: object) -> object:
    """``value``, or a model's own href: ids, hrefs and models are accepted alike."""
    if isinstance(value, _LINKED_MODELS):
        return value.links.self_.href
    return value


_BROWSER_MEDIA_TYPES = ("text/html", "application/xhtml+xml")


def _request(settings: Settings, parts: Mapping[str, Any], url: str | None = None) -> httpx.Request:
    """An httpx request from what a generated ``build_request`` returns (``url`` overrides its
    path, for links); the timeout rides along as httpx's own request extension."""
    return httpx.Request(
        parts["method"],
        url or settings.origin.url + parts["url"],
        headers={**settings.headers, **parts.get("headers", {})},
        json=parts.get("json"),
        extensions={"timeout": settings.timeout.as_dict()},
    )


def _ok(response: httpx.Response) -> httpx.Response:
    """The response if it is a 2xx, else its typed error."""
    if not 200 <= response.status_code < 300:
        raise error_from_response(response)
    return response


def retrieve(settings: Settings, kind: ResourceKind[T], target: object) -> Flow[T]:
    """``GET /{collection}/{id}`` by UUID or by a full href on the configured origin."""
    resource_id = parse_resource_reference(reference(target), kind.collection, settings.origin)
    request = _request(settings, kind.endpoint.build_request(id=resource_id))
    model: T = _read(kind, (yield request))
    return model


# The list, create and re-auth endpoint modules are imported on first use, which keeps
# `import dwolla_exchange` light (docs/benchmarks.md).


def list_partners(settings: Settings) -> Flow[list[ExchangePartner]]:
    from dwolla_exchange_api.api.exchange_partners import list_exchange_partners
    from dwolla_exchange_api.models import ExchangePartnerList

    response = _ok((yield _request(settings, list_exchange_partners.build_request())))
    return list(parse_model(response, ExchangePartnerList).embedded.exchange_partners)


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


# Plaid on Android: Dwolla's examples send the app's package name (com.example.app) as the
# redirect-url, where iOS and web send an https URL.
ANDROID_PACKAGE = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+")
# Partner names are opaque: looked up in the partner list (case-insensitively), never put in
# a URL, so any printable name works ("Checkout.com" is one); only blank or absurd ones are refused.
MAX_PARTNER_NAME_CHARS = 100


def check_redirect_url(url: object) -> str | None:
    """An https URL with a host, or an Android package name; anything else is refused."""
    if url is None:
        return None
    if not isinstance(url, str):
        raise TypeError(f"redirect_url must be a str, got {type(url).__name__}")
    if len(url) <= 255 and ANDROID_PACKAGE.fullmatch(url):
        return url
    if len(url) > MAX_REFERENCE_CHARS or any(ch.isspace() or ord(ch) < 0x20 for ch in url):
        raise ValueError("redirect_url must be a single https URL or an Android package name")
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        raise ValueError(
            "redirect_url must be an https URL with a host or an Android package name "
            f"(com.example.app), got {url[:80]!r}"
        )
    return url


def partner_href(settings: Settings, partner: object) -> str | None:
    """The href for a partner model, id or href; None when ``partner`` is a name to look up."""
    if isinstance(partner, ExchangePartner):
        partner = partner.links.self_.href
    if isinstance(partner, str) and "://" not in partner and not UUID_PATTERN.fullmatch(partner):
        if (
            len(partner) > MAX_PARTNER_NAME_CHARS
            or not partner.isprintable()
            or not partner.strip()
        ):
            raise ValueError(
                f"partner must be a partner name (MX, Plaid, ...), id, href or model, got {partner[:80]!r}"
            )
        return None
    partner_id = parse_resource_reference(partner, EXCHANGE_PARTNERS.collection, settings.origin)
    return f"{settings.origin.url}/{EXCHANGE_PARTNERS.collection}/{partner_id}"


def find_partner(partners: list[ExchangePartner], name: str) -> ExchangePartner:
    matches = [p for p in partners if p.name.casefold() == name.strip().casefold()]
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


def create_session(
    settings: Settings,
    customer: object,
    partner: object,
    redirect_url: object,
    retrieve_session: bool,
    idempotency_key: object = None,
) -> Flow[str | ExchangeSession]:
    """``POST /customers/{id}/exchange-sessions``, after looking the partner up by name if
    it is one; then the session itself when ``retrieve_session``."""
    from dwolla_exchange_api.api.exchange_sessions import create_customer_exchange_session
    from dwolla_exchange_api.models import (
        CreateExchangeSessionLinks,
        CreateExchangeSessionRequest,
        RedirectUrlLink,
    )

    customer_id = parse_resource_reference(customer, "customers", settings.origin)
    href = partner_href(settings, partner)
    redirect = check_redirect_url(redirect_url)
    key = check_idempotency_key(idempotency_key)
    if (
        href is None
        and str(partner).casefold() == "visa"
        and not str(redirect).startswith("https://")
    ):
        # Visa sends the browser back there with the exchange: without it the flow cannot end.
        raise ValueError(
            "Visa requires redirect_url: the https URL configured with Dwolla, where Visa sends "
            "the end user back (pass what arrives there to dwolla_exchange.redirect_result)"
        )
    if href is None:  # a name: every check above has passed before this first request
        href = yield from _partner_named(settings, str(partner))
    links = CreateExchangeSessionLinks(exchange_partner=HalLink(href=href))
    if redirect is not None:
        links.redirect_url = RedirectUrlLink(href=redirect)
    parts = create_customer_exchange_session.build_request(
        customer_id, body=CreateExchangeSessionRequest(links=links), idempotency_key=key
    )
    return (
        yield from _created(
            settings, _request(settings, parts), EXCHANGE_SESSIONS, retrieve_session
        )
    )


def _partner_named(settings: Settings, name: str) -> Flow[str]:
    """The href of the partner called ``name``, from the partner list."""
    return find_partner((yield from list_partners(settings)), name).links.self_.href


def reauth_session(
    settings: Settings,
    exchange: object,
    redirect_url: object,
    retrieve_session: bool,
    idempotency_key: object = None,
) -> Flow[str | ExchangeSession]:
    """``POST /exchanges/{id}/exchange-sessions``: a session to re-authenticate an exchange
    (its id, href or model, or what asked for it: an UpdateCredentialsError or a
    ``customer_exchange_reauth_required`` event)."""
    from dwolla_exchange_api.api.exchange_sessions import create_re_auth_exchange_session
    from dwolla_exchange_api.models import (
        ReAuthExchangeSessionLinks,
        ReAuthExchangeSessionRequest,
        RedirectUrlLink,
    )

    exchange_id = parse_resource_reference(
        _exchange_to_reauth(exchange), "exchanges", settings.origin
    )
    redirect = check_redirect_url(redirect_url)
    body = ReAuthExchangeSessionRequest()
    if redirect is not None:
        body.links = ReAuthExchangeSessionLinks(redirect_url=RedirectUrlLink(href=redirect))
    parts = create_re_auth_exchange_session.build_request(
        exchange_id, body=body, idempotency_key=check_idempotency_key(idempotency_key)
    )
    return (
        yield from _created(
            settings, _request(settings, parts), EXCHANGE_SESSIONS, retrieve_session
        )
    )


def _exchange_to_reauth(exchange: object) -> object:
    from dwolla_exchange_api.models import WebhookEvent, WebhookEventLinks

    if isinstance(exchange, WebhookEvent):  # customer_exchange_reauth_required: about an exchange
        resource = (
            exchange.links.resource if isinstance(exchange.links, WebhookEventLinks) else None
        )
        if not isinstance(resource, HalLink):
            raise ValueError("this event links to no resource (_links.resource): pass the exchange")
        return resource.href
    if not isinstance(exchange, UpdateCredentialsError):
        return reference(exchange)
    href = exchange.reauth_href  # .../exchanges/{id}/exchange-sessions
    if href is None or not href.rstrip("/").endswith("/exchange-sessions"):
        raise ValueError(
            "this UpdateCredentialsError names no re-authentication link (_links.about); "
            "pass the exchange's id or href instead"
        )
    return href.rstrip("/").removesuffix("/exchange-sessions")


def list_connections(
    settings: Settings, customer: object
) -> Flow[list[AvailableExchangeConnection]]:
    """``GET /customers/{id}/available-exchange-connections`` (MX)."""
    from dwolla_exchange_api.api.exchanges import list_available_exchange_connections as endpoint
    from dwolla_exchange_api.models import AvailableExchangeConnections

    customer_id = parse_resource_reference(customer, "customers", settings.origin)
    response = _ok((yield _request(settings, endpoint.build_request(customer_id))))
    listing = parse_model(response, AvailableExchangeConnections)
    return list(listing.embedded.available_exchange_connections)


def list_exchanges(settings: Settings, customer: object) -> Flow[list[Exchange]]:
    """``GET /customers/{id}/exchanges``."""
    from dwolla_exchange_api.api.exchanges import list_customer_exchanges as endpoint
    from dwolla_exchange_api.models import ExchangeList

    customer_id = parse_resource_reference(customer, "customers", settings.origin)
    response = _ok((yield _request(settings, endpoint.build_request(customer_id))))
    return list(parse_model(response, ExchangeList).embedded.exchanges)


MAX_TOKEN_CHARS = 4096


def _token(name: str, value: object) -> str:
    """A partner token, checked: a non-empty string without whitespace or control characters."""
    from dwolla_exchange_api.models import AvailableExchangeConnection

    if isinstance(value, AvailableExchangeConnection):
        value = value.available_connection_token
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not 0 < len(value) <= MAX_TOKEN_CHARS or not value.isprintable() or " " in value:
        raise ValueError(f"{name} must be 1-{MAX_TOKEN_CHARS} printable characters without spaces")
    return value


def exchange_credential(
    available_connection: object, public_token: object, token: object, finicity: object
) -> tuple[str, Any]:
    """The one partner credential given, checked: (which, value). Refused before sending."""
    from dwolla_exchange_api.models import CreateExchangeRequestFinicity

    given = [
        (name, value)
        for name, value in (
            ("available_connection", available_connection),
            ("public_token", public_token),
            ("token", token),
            ("finicity", finicity),
        )
        if value is not None
    ]
    if len(given) != 1:
        raise ValueError(
            "pass exactly one of available_connection (MX), public_token (Plaid), token "
            f"(Checkout.com or a processor token) or finicity, got {[n for n, _ in given] or 'none'}"
        )
    name, value = given[0]
    if name != "finicity":
        return name, _token(name, value)
    if not isinstance(value, Mapping):
        raise TypeError(
            f"finicity must be a mapping (Finicity's receipt), got {type(value).__name__}"
        )
    return name, CreateExchangeRequestFinicity.from_dict(dict(value))  # a copy: yours stays as is


def _exchange_request(partner: str, credential: tuple[str, Any]) -> CreateExchangeRequest:
    from dwolla_exchange_api.models import (
        CreateExchangeLinks,
        CreateExchangeRequest,
        MxExchangeToken,
        PlaidExchangeToken,
    )

    body = CreateExchangeRequest(links=CreateExchangeLinks(exchange_partner=HalLink(href=partner)))
    name, value = credential
    if name == "available_connection":
        body.mx = MxExchangeToken(value)
    elif name == "public_token":
        body.plaid = PlaidExchangeToken(value)
    elif name == "token":
        body.token = value
    else:
        body.finicity = value
    return body


def create_exchange(
    settings: Settings,
    customer: object,
    partner: object,
    credentials: tuple[object, object, object, object],
    retrieve_exchange: bool,
    idempotency_key: object = None,
) -> Flow[str | Exchange]:
    """``POST /customers/{id}/exchanges``; then the exchange when ``retrieve_exchange``.
    ``credentials``: available connection, public token, token, Finicity receipt."""
    from dwolla_exchange_api.api.exchanges import create_customer_exchange as endpoint

    customer_id = parse_resource_reference(customer, "customers", settings.origin)
    href = partner_href(settings, partner)
    key = check_idempotency_key(idempotency_key)
    credential = exchange_credential(*credentials)
    if href is None:  # a name: every check above has passed before this first request
        href = yield from _partner_named(settings, str(partner))
    body = _exchange_request(href, credential)
    parts = endpoint.build_request(customer_id, body=body, idempotency_key=key)
    return (yield from _created(settings, _request(settings, parts), EXCHANGES, retrieve_exchange))


MAX_FUNDING_SOURCE_NAME_CHARS = 50


def create_funding_source(
    settings: Settings,
    customer: object,
    exchange: object,
    name: object,
    kind: tuple[object, object],
    retrieve_source: bool,
    idempotency_key: object = None,
) -> Flow[str | FundingSource]:
    """``POST /customers/{id}/funding-sources`` from an exchange; ``kind`` is
    (bank_account_type, card_details), exactly one of them given."""
    from dwolla_exchange_api.api.funding_sources import create_customer_funding_source as endpoint
    from dwolla_exchange_api.models import CreateFundingSourceLinks, CreateFundingSourceRequest

    customer_id = parse_resource_reference(customer, "customers", settings.origin)
    exchange_id = parse_resource_reference(
        reference(exchange), EXCHANGES.collection, settings.origin
    )
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    if not name.strip() or len(name) > MAX_FUNDING_SOURCE_NAME_CHARS or not name.isprintable():
        raise ValueError(
            f"name must be 1-{MAX_FUNDING_SOURCE_NAME_CHARS} printable characters, got {name[:60]!r}"
        )
    links = CreateFundingSourceLinks(
        exchange=HalLink(href=f"{settings.origin.url}/exchanges/{exchange_id}")
    )
    body = CreateFundingSourceRequest(links=links, name=name)
    bank_account_type, card_details = kind
    if (bank_account_type is None) == (card_details is None):
        raise ValueError(
            "pass exactly one of bank_account_type (a bank account from an exchange) or "
            "card_details (a debit card from a Checkout.com exchange)"
        )
    if card_details is not None:
        body.card_details = _cardholder(card_details)
    else:
        body.bank_account_type = _bank_account_type(bank_account_type)
    parts = endpoint.build_request(
        customer_id, body=body, idempotency_key=check_idempotency_key(idempotency_key)
    )
    return (
        yield from _created(settings, _request(settings, parts), FUNDING_SOURCES, retrieve_source)
    )


def _bank_account_type(value: object) -> CreateFundingSourceRequestBankAccountType:
    from dwolla_exchange_api.models import CreateFundingSourceRequestBankAccountType as Types

    if isinstance(value, str) and value in {t.value for t in Types}:
        return Types(value)
    allowed = ", ".join(t.value for t in Types)
    raise ValueError(f"bank_account_type must be one of {allowed}, got {value!r}")


def _cardholder(value: object) -> CardholderDetails:
    """The cardholder and billing address, checked against the contract before sending:
    a ``CardholderDetails`` or a mapping in Dwolla's shape (copied, never changed)."""
    from dwolla_exchange_api.models import CardholderDetails

    if isinstance(value, CardholderDetails):
        value = value.to_dict()
    if not isinstance(value, Mapping):
        raise TypeError(
            f"card_details must be a mapping or CardholderDetails, got {type(value).__name__}"
        )
    try:
        details = model_from_dict(CardholderDetails, json.loads(json.dumps(dict(value))))
    except (ContractMismatch, TypeError, ValueError) as exc:
        raise ValueError(f"card_details: {exc}") from None
    return details


def balance(settings: Settings, funding_source: object) -> Flow[FundingSourceBalance]:
    """``GET /funding-sources/{id}/balance``; UpdateCredentialsError when the end user must
    re-authenticate."""
    from dwolla_exchange_api.api.funding_sources import retrieve_funding_source_balance as endpoint
    from dwolla_exchange_api.models import FundingSourceBalance

    source_id = parse_resource_reference(
        reference(funding_source), FUNDING_SOURCES.collection, settings.origin
    )
    response = _ok((yield _request(settings, endpoint.build_request(source_id))))
    return parse_model(response, FundingSourceBalance)


# -- webhook subscriptions (their modules imported on first use) ------------------------------

MAX_WEBHOOK_SECRET_CHARS = 128  # Dwolla's limit


def webhook_subscriptions_kind() -> ResourceKind[WebhookSubscription]:
    from dwolla_exchange_api.api.webhook_subscriptions import retrieve_webhook_subscription
    from dwolla_exchange_api.models import WebhookSubscription

    return ResourceKind("webhook-subscriptions", WebhookSubscription, retrieve_webhook_subscription)


def create_subscription(
    settings: Settings,
    url: object,
    secret: object,
    retrieve_new: bool,
    idempotency_key: object = None,
) -> Flow[str | WebhookSubscription]:
    """``POST /webhook-subscriptions {url, secret}``: the new subscription's href (or it)."""
    from dwolla_exchange_api.api.webhook_subscriptions import create_webhook_subscription
    from dwolla_exchange_api.models import CreateWebhookSubscriptionRequest

    if not isinstance(url, str) or not isinstance(secret, str):
        raise TypeError("url and secret must be str")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or not url.isprintable():
        raise ValueError(f"url must be your endpoint's http(s) URL, got {url[:80]!r}")
    if not 0 < len(secret) <= MAX_WEBHOOK_SECRET_CHARS:
        # The message never quotes the secret.
        raise ValueError(f"secret must be 1 to {MAX_WEBHOOK_SECRET_CHARS} characters")
    body = CreateWebhookSubscriptionRequest(url=url, secret=secret)
    key = check_idempotency_key(idempotency_key)
    parts_ = create_webhook_subscription.build_request(body=body, idempotency_key=key)
    request = _request(settings, parts_)
    return (yield from _created(settings, request, webhook_subscriptions_kind(), retrieve_new))


def list_subscriptions(settings: Settings) -> Flow[list[WebhookSubscription]]:
    """``GET /webhook-subscriptions``."""
    from dwolla_exchange_api.api.webhook_subscriptions import list_webhook_subscriptions
    from dwolla_exchange_api.models import WebhookSubscriptionList

    response = _ok((yield _request(settings, list_webhook_subscriptions.build_request())))
    return list(parse_model(response, WebhookSubscriptionList).embedded.webhook_subscriptions)


def retrieve_subscription(settings: Settings, target: object) -> Flow[WebhookSubscription]:
    return (yield from retrieve(settings, webhook_subscriptions_kind(), target))


def delete_subscription(settings: Settings, target: object) -> Flow[WebhookSubscription]:
    """``DELETE /webhook-subscriptions/{id}``: the subscription as it was."""
    from dwolla_exchange_api.api.webhook_subscriptions import delete_webhook_subscription

    kind = webhook_subscriptions_kind()
    if isinstance(target, kind.model):
        target = target.links.self_.href
    resource_id = parse_resource_reference(target, kind.collection, settings.origin)
    request = _request(settings, delete_webhook_subscription.build_request(resource_id))
    deleted: WebhookSubscription = _read(kind, (yield request))
    return deleted


def _created(
    settings: Settings, request: httpx.Request, kind: ResourceKind[T], retrieve_new: bool
) -> Flow[str | T]:
    """Send a create; the new resource's href, or the resource when ``retrieve_new``."""
    href = _location(settings, _ok((yield request)), kind)
    if not retrieve_new:
        return href
    return (yield from retrieve(settings, kind, href))


def _location(settings: Settings, response: httpx.Response, kind: ResourceKind[Any]) -> str:
    """The new resource's href from a 201's Location header, checked against the origin."""
    location = response.headers.get("location")
    if not location:
        raise invalid_response(response, "a created response has no Location header")
    href = urljoin(settings.origin.url + "/", location)
    try:
        resource_id = parse_resource_reference(href, kind.collection, settings.origin)
    except ValueError:
        raise invalid_response(
            response,
            f"Location {location[:100]!r} is not one of {kind.collection} on {settings.origin.url}",
        ) from None
    return f"{settings.origin.url}/{kind.collection}/{resource_id}"


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
    if isinstance(link, Unset):  # an optional link the response left out
        raise TypeError("follow() was given UNSET: the response has no such link")
    raise TypeError(
        f"follow() takes a HAL link (HalLink, a dict with 'href', or an href str), got {type(link).__name__}"
    )


def follow(settings: Settings, link: object, model: type[Any] | None = None) -> Flow[Any]:
    """A same-origin API link's resource: ``model`` if given, else the model for its
    resource-type, else a HAL dict. UnsafeLinkError, before anything is sent, for any other
    link."""
    expected = None if model is None else _KIND_BY_MODEL.get(model)
    if model is not None and expected is None:
        names = ", ".join(m.__name__ for m in _KIND_BY_MODEL)
        raise TypeError(f"follow() parses links to {names}, not {model!r}")
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
    if resource_type is None:  # an event's links carry only an href: its path names the kind
        segments = urlsplit(href).path.strip("/").split("/")
        kind = _KIND_BY_RESOURCE_TYPE.get(segments[0]) if len(segments) == 2 else None
    kind = expected or kind
    # A link comes from a server: whatever shape its href has, the caller gets UnsafeLinkError.
    try:
        request = _request(settings, {"method": "GET"}, settings.origin.resolve(href))
    except UnsafeLinkError:
        raise
    except (ValueError, httpx.InvalidURL) as exc:
        raise UnsafeLinkError(f"refusing to follow a malformed href {href[:80]!r}: {exc}") from None
    return _read(kind, (yield request))


def _read(kind: ResourceKind[Any] | None, response: httpx.Response) -> Any:
    """The typed model (or a plain HAL dict for unknown kinds), or the typed error."""
    body = parse_json_body(_ok(response))
    if kind is None:
        return body
    return parse_model(response, kind.model, body)
