"""What the fake answers, endpoint by endpoint: Dwolla's behaviour, apart from the HTTP plumbing."""

from __future__ import annotations

import base64
import datetime
import json
import secrets
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from ._seed import Seed, rewrite_origin

__all__ = ["HAL", "DwollaBehaviour"]

HAL = "application/vnd.dwolla.v1.hal+json"
# Sessions the fake creates for MX point at MX's widget host, off the fake, as Dwolla's do.
FAKE_MX_WIDGET_ORIGIN = "https://int-widgets.moneydesktop.com"
_MESSAGES = {
    "invalidaccesstoken": "Invalid access token.",
    "expiredaccesstoken": "Access token is expired.",
    "notfound": "The requested resource was not found.",
    "invalidversion": "Invalid version. Please include a valid Accept header with a version.",
    "methodnotallowed": "The requested method is not allowed for this resource.",
    "toomanyrequests": "Too many requests. Please slow down.",
    "servererror": "A server error occurred.",
    "forbidden": "The supplied credentials are not authorized for this resource.",
    "badgateway": "Bad gateway.",
    "serviceunavailable": "The service is temporarily unavailable.",
    "gatewaytimeout": "The gateway timed out.",
    "requesttimeout": "The request timed out.",
    "requestentitytoolarge": "The request body is too large.",
    "badrequest": "The request could not be understood.",
}
_CODE_BY_STATUS = {
    400: "BadRequest",
    401: "InvalidAccessToken",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "InvalidVersion",
    408: "RequestTimeout",
    409: "Conflict",
    413: "RequestEntityTooLarge",
    429: "TooManyRequests",
    500: "ServerError",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}


class DwollaBehaviour:
    """The token endpoint, the API routes and the exchange-session lifecycle, as a mixin of
    FakeDwolla, which owns the state these methods read and change."""

    client_id: str
    token_lifetime: float
    _client_secret: str
    _lock: threading.Lock
    _tokens: dict[str, float]
    _exchanges: dict[str, str]
    _idempotent: dict[str, str]

    if TYPE_CHECKING:

        @property
        def _data(self) -> Seed: ...

        @property
        def base_url(self) -> str: ...

        def href(self, collection: str, resource_id: str) -> str: ...

        def add_session(self, body: dict[str, Any], session_id: str | None = None) -> str: ...

    def _error_body(self, status: int, code: str | None = None) -> bytes:
        code = code or _CODE_BY_STATUS.get(status, "ServerError")
        example = self._data.error_examples.get(code.lower())
        if example is not None:
            return json.dumps(example).encode()
        return json.dumps(
            {"code": code, "message": _MESSAGES.get(code.lower(), "An error occurred.")}
        ).encode()

    def _token(self, handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, bytes, str]:
        if handler.command != "POST":
            return 405, self._error_body(405), HAL
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        client_id, secret = form.get("client_id"), form.get("client_secret")
        authorization = handler.headers.get("Authorization", "")
        if authorization.lower().startswith("basic "):
            try:
                client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
            except ValueError:  # bad base64, non-ASCII header text, or bytes that are not UTF-8
                client_id = secret = None
        if form.get("grant_type") != "client_credentials":
            return 400, b'{"error": "unsupported_grant_type"}', "application/json"
        if not (
            client_id is not None
            and secret is not None
            # As bytes: compare_digest refuses str with non-ASCII characters.
            and secrets.compare_digest(client_id.encode(), self.client_id.encode())
            and secrets.compare_digest(secret.encode(), self._client_secret.encode())
        ):
            return 401, b'{"error": "invalid_client"}', "application/json"
        token = "fake-" + secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[token] = time.monotonic() + self.token_lifetime
        lifetime: float = (
            int(self.token_lifetime)
            if float(self.token_lifetime).is_integer()
            else self.token_lifetime
        )
        payload = {"access_token": token, "token_type": "bearer", "expires_in": lifetime}
        return 200, json.dumps(payload).encode(), "application/json"

    def _api(
        self, handler: BaseHTTPRequestHandler, path: str, body: bytes, extra: dict[str, str]
    ) -> tuple[int, bytes, str]:
        accepted = [
            part.split(";")[0].strip().lower()
            for part in handler.headers.get("Accept", "").split(",")
        ]
        if HAL not in accepted:
            return 406, self._error_body(406, "InvalidVersion"), HAL
        authorization = handler.headers.get("Authorization", "")
        token = authorization[7:] if authorization.lower().startswith("bearer ") else ""
        with self._lock:
            expires_at = self._tokens.get(token)
        if expires_at is None:
            return 401, self._error_body(401, "InvalidAccessToken"), HAL
        if time.monotonic() >= expires_at:
            return 401, self._error_body(401, "ExpiredAccessToken"), HAL
        parts = path.strip("/").split("/")
        if parts == ["exchange-partners"]:
            if handler.command not in ("GET", "HEAD"):
                return 405, self._error_body(405, "MethodNotAllowed"), HAL
            return 200, self._partner_list(), HAL
        if (
            len(parts) == 3
            and parts[0] in ("customers", "exchanges")
            and parts[2] == "exchange-sessions"
        ):
            if handler.command != "POST":
                return 405, self._error_body(405, "MethodNotAllowed"), HAL
            return self._create_session(handler, parts[0], parts[1], body, extra)
        if len(parts) != 2 or parts[0] not in self._data.resources:
            return 404, self._error_body(404), HAL
        if handler.command not in ("GET", "HEAD"):
            return 405, self._error_body(405, "MethodNotAllowed"), HAL
        with self._lock:
            resource = self._data.resources[parts[0]].get(parts[1])
        if resource is None:
            return 404, self._error_body(404), HAL
        return 200, json.dumps(resource).encode(), HAL

    def _partner_id(self, name_or_id: str) -> str | None:
        with self._lock:
            partners = self._data.resources["exchange-partners"]
            if name_or_id in partners:
                return name_or_id
            for partner_id, partner in partners.items():
                if partner_id in self._data.unlisted:
                    continue
                if str(partner.get("name", "")).lower() == name_or_id.lower():
                    return partner_id
        return None

    def _partner_list(self) -> bytes:
        with self._lock:
            unlisted = self._data.unlisted
            partners = [
                partner
                for partner_id, partner in self._data.resources["exchange-partners"].items()
                if partner_id not in unlisted
            ]
        listing = {
            "_links": {
                "self": {
                    "href": f"{self.base_url}/exchange-partners",
                    "type": HAL,
                    "resource-type": "exchange-partner",
                }
            },
            "_embedded": {"exchange-partners": partners},
            "total": len(partners),
        }
        return json.dumps(listing).encode()

    def _validation_error(self, code: str, message: str, path: str) -> tuple[int, bytes, str]:
        body = {
            "code": "ValidationError",
            "message": "Validation error(s) present. See embedded errors list for more details.",
            "_embedded": {
                "errors": [{"code": code, "message": message, "path": path, "_links": {}}]
            },
        }
        return 400, json.dumps(body).encode(), HAL

    def _create_session(
        self,
        handler: BaseHTTPRequestHandler,
        parent: str,
        parent_id: str,
        body: bytes,
        extra: dict[str, str],
    ) -> tuple[int, bytes, str]:
        # A repeated key returns the first result only for the same request, as Dwolla's does.
        key = handler.headers.get("Idempotency-Key")
        if key is not None and not 0 < len(key) <= 255:
            return self._validation_error(
                "Invalid",
                "Idempotency-Key must be 1 to 255 characters.",
                "/headers/Idempotency-Key",
            )
        replay_key = (
            f"{key}\x00{handler.path}\x00{body.decode('utf-8', 'replace')}" if key else None
        )
        with self._lock:
            if replay_key and replay_key in self._idempotent:
                extra["Location"] = self._idempotent[replay_key]
                return 201, b"", HAL
        if not body:
            return self._validation_error("Required", "A request body is required.", "/")
        try:
            document = json.loads(body)
            if not isinstance(document, dict):
                raise ValueError("not an object")
        except ValueError:
            return self._validation_error(
                "InvalidFormat", "The request body is not a JSON object.", "/"
            )
        raw_links = document.get("_links")
        links: dict[str, Any] = raw_links if isinstance(raw_links, dict) else {}
        if parent == "customers":
            try:
                uuid.UUID(parent_id)
            except ValueError:
                return 404, self._error_body(404), HAL
            partner_link = links.get("exchange-partner")
            href = partner_link.get("href") if isinstance(partner_link, dict) else None
            if not isinstance(href, str):
                return self._validation_error(
                    "Required", "ExchangePartner is required.", "/_links/exchange-partner/href"
                )
            href = rewrite_origin(href, self.base_url)
            prefix = f"{self.base_url}/exchange-partners/"
            partner_id = self._partner_id(href[len(prefix) :]) if href.startswith(prefix) else None
            if partner_id is None:
                return self._validation_error(
                    "Invalid", "ExchangePartner not found.", "/_links/exchange-partner/href"
                )
        else:
            with self._lock:
                partner_id = self._exchanges.get(parent_id)
            if partner_id is None:
                return 404, self._error_body(404), HAL
        redirect = links.get("redirect-url")
        if redirect is not None:
            redirect_href = redirect.get("href") if isinstance(redirect, dict) else None
            if not isinstance(redirect_href, str) or not redirect_href.startswith("https://"):
                return self._validation_error(
                    "Invalid", "Redirect URL must be an https URL.", "/_links/redirect-url/href"
                )
        with self._lock:
            partner_name = str(
                self._data.resources["exchange-partners"][partner_id].get("name", "")
            )
        if partner_name.lower() not in ("mx", "plaid"):
            return self._validation_error(
                "NotAllowed",
                f"{partner_name} does not use exchange sessions.",
                "/_links/exchange-partner/href",
            )
        session_id = str(uuid.uuid4())
        now = (
            datetime.datetime.now(datetime.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z")
        )
        session: dict[str, Any] = {
            "created": now,
            "_links": {
                "exchange-partner": {
                    "href": self.href("exchange-partners", partner_id),
                    "type": HAL,
                    "resource-type": "exchange-partner",
                },
            },
        }
        if partner_name.lower() == "mx":
            session["_links"]["external-provider-session"] = {
                "href": f"{FAKE_MX_WIDGET_ORIGIN}/md/connect/fake-{secrets.token_urlsafe(32)}",
                "type": HAL,
                "resource-type": "text/html",
            }
        else:
            session["externalProviderSessionToken"] = f"link-sandbox-{uuid.uuid4()}"
        self.add_session(session, session_id)
        location = self.href("exchange-sessions", session_id)
        with self._lock:
            if replay_key:
                self._idempotent[replay_key] = location
        extra["Location"] = location
        return 201, b"", HAL
