"""Plain accessors for what the front end needs from an exchange session."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from dwolla_exchange_api.models import ExchangeSession, HalLink

__all__ = ["external_provider_session_url", "plaid_link_token", "session_id"]


def external_provider_session_url(session: ExchangeSession) -> str | None:
    """The MX Connect widget URL, for the end user's browser; None for other partners.

    Hand it to the front end as it is. It is on MX's host, so this client never fetches it.
    """
    link = session.links.external_provider_session
    return link.href if isinstance(link, HalLink) else None


def plaid_link_token(session: ExchangeSession) -> str | None:
    """The one-use Plaid Link token for the front end; None for other partners."""
    token = session.external_provider_session_token
    return token if isinstance(token, str) else None


def session_id(session: ExchangeSession) -> uuid.UUID:
    """The session's id: the last path segment of its ``self`` link."""
    return uuid.UUID(urlsplit(session.links.self_.href).path.rstrip("/").rsplit("/", 1)[-1])
