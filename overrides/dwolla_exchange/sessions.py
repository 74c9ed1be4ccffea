"""Plain accessors for what the front end needs from an exchange session."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

from attrs import field, frozen

from dwolla_exchange_api.models import ExchangeSession, HalLink

from .errors import ExchangeRedirectError, UnsafeLinkError

__all__ = [
    "CheckoutPaymentSession",
    "Handoff",
    "MxConnectWidget",
    "PlaidLink",
    "ProviderPage",
    "external_provider_session_url",
    "handoff",
    "plaid_link_token",
    "redirect_result",
    "session_id",
]


def _shortened(value: str) -> str:
    """A credential's first characters, enough to tell two apart in a log, never the rest."""
    return repr(value[:12] + "…") if len(value) > 12 else repr("…")


@frozen
class ProviderPage:
    """A page-based partner (MX's Connect widget, Visa's account check): send the end
    user's browser to ``url``, an https page off Dwolla. Which partner it is, only the
    session's partner link says. Visa then sends the browser back to your redirect URL:
    pass that URL to :func:`redirect_result`."""

    url: str = field(repr=_shortened)  # the URL carries the partner's session token


#: The name this hand-off had while MX was the only page-based partner (use ProviderPage).
MxConnectWidget = ProviderPage


@frozen
class PlaidLink:
    """Plaid: open Plaid Link with ``link_token`` (one use, short-lived)."""

    link_token: str = field(repr=_shortened)


@frozen
class CheckoutPaymentSession:
    """Checkout.com: start the Flow component with this payment session."""

    id: str | None
    payment_session_secret: str | None = field(repr=False)
    payment_session_token: str | None = field(repr=False)


Handoff = ProviderPage | PlaidLink | CheckoutPaymentSession


def handoff(session: ExchangeSession) -> Handoff | None:
    """What the front end needs next, whichever the partner; None when the session carries
    none of them (a partner newer than this client: its fields stay in
    ``session.additional_properties``).

    ``match handoff(session): case PlaidLink(link_token=token): ...``
    """
    if (url := external_provider_session_url(session)) is not None:
        return ProviderPage(url)
    if (token := plaid_link_token(session)) is not None:
        return PlaidLink(token)
    from dwolla_exchange_api.models import ExternalProviderSessionData  # Checkout.com only

    data = session.external_provider_session_data
    if isinstance(data, ExternalProviderSessionData):
        return CheckoutPaymentSession(
            id=_text(data.id),
            payment_session_secret=_text(data.payment_session_secret),
            payment_session_token=_text(data.payment_session_token),
        )
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def external_provider_session_url(session: ExchangeSession) -> str | None:
    """The partner's page (MX's Connect widget, Visa's account check) for the end user's
    browser; None for partners without one.

    Hand it to the front end as it is. It is on the partner's host, so this client never
    fetches it.
    Raises UnsafeLinkError for anything but an https URL with a host: the front end sends
    a browser there, so ``javascript:``, ``data:`` or plain ``http:`` must never get through.
    """
    link = session.links.external_provider_session
    return _browser_safe(link.href) if isinstance(link, HalLink) else None


def _browser_safe(href: str) -> str:
    try:
        parts = urlsplit(href)
        host = parts.hostname
    except ValueError:
        host = None
    if (
        host is None
        or parts.scheme.lower() != "https"
        or parts.username is not None
        or any(c.isspace() or not c.isprintable() for c in href)
    ):
        raise UnsafeLinkError(
            "the session's provider page is not an https URL, so it is not handed to a "
            f"browser: {href[:60]!r}"
        )
    return href


def plaid_link_token(session: ExchangeSession) -> str | None:
    """The one-use Plaid Link token for the front end; None for other partners."""
    token = session.external_provider_session_token
    return token if isinstance(token, str) else None


def session_id(session: ExchangeSession) -> uuid.UUID:
    """The session's id: the last path segment of its ``self`` link."""
    return uuid.UUID(urlsplit(session.links.self_.href).path.rstrip("/").rsplit("/", 1)[-1])


# Visa's documented ``?error=`` codes, and what to tell the end user.
_REDIRECT_ERRORS = {
    "AUTHENTICATION_ERROR": "signing in to the bank failed",
    "USER_CANCELLED": "the end user cancelled",
    "TEMPORARY_ERROR": "a temporary error at Visa; try again later",
}


def redirect_result(url: str) -> uuid.UUID:
    """The exchange id that Visa's redirect names, from the URL (or its query string) the
    end user's browser came back to: ``https://app.example.com/visa?exchange=<id>``.

    Dwolla has made the exchange by then: create the funding source with it. Raises
    ExchangeRedirectError for ``?error=...`` (``.code``; ``.may_retry`` says whether the
    end user may simply try again with a new session) or when the URL names neither.
    """
    if not isinstance(url, str):
        raise TypeError(f"redirect_result() takes the URL as a str, got {type(url).__name__}")
    query = urlsplit(url).query if "?" in url or "://" in url else url.lstrip("?")
    values = parse_qs(query, keep_blank_values=True)
    errors, exchanges = values.get("error", []), values.get("exchange", [])
    if errors:
        code = errors[0].strip().upper()
        why = _REDIRECT_ERRORS.get(code, "an error Visa's guide does not document")
        raise ExchangeRedirectError(code, why, may_retry=code in _REDIRECT_ERRORS)
    if len(exchanges) != 1:
        raise ExchangeRedirectError(None, "the URL names no single exchange", may_retry=False)
    try:
        return uuid.UUID(exchanges[0])
    except ValueError:
        raise ExchangeRedirectError(
            None, f"the exchange {exchanges[0][:40]!r} is not an id", may_retry=False
        ) from None
