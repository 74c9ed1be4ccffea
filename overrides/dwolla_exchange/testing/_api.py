"""Dwolla's behaviour as a plain function over values: ``DwollaApi.handle(request) -> response``.

No HTTP plumbing here: the loopback server (``_server``) and the in-process httpx transports
(``_transport``) turn requests into ``FakeRequest`` and ``FakeResponse`` back into bytes.
Hrefs are stored under ``INTERNAL_ORIGIN``; ``FakeDwolla`` rewrites them to the origin each
request named, so one fake serves ``http://127.0.0.1:port``, ``localhost`` and any in-process
base URL alike.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

from ._linking import BankLinking
from ._seed import Seed, load_seed, now_timestamp, rewrite_origin
from ._webhooks import WebhookSender

__all__ = ["HAL", "INTERNAL_ORIGIN", "DwollaApi", "FakeRequest", "FakeResponse"]

HAL = "application/vnd.dwolla.v1.hal+json"
# Ids derived from requests when the fake records cassettes (stable_ids=True).
STABLE_ID_NAMESPACE = uuid.UUID("6f1d3c52-8e0a-4b7f-9c21-5a3e7d9b0c44")
_ANDROID_PACKAGE = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+")
INTERNAL_ORIGIN = "https://fake-dwolla.internal"
# Not Dwolla's: what the end user and the bank do, for tests driving a fake in another process.
CONTROL_PREFIX = "/_fake/"
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


@dataclass(frozen=True, slots=True)
class FakeRequest:
    method: str
    path: str  # with its query, as sent
    headers: Mapping[str, str]  # names lower-cased
    body: bytes = b""


@dataclass(slots=True)
class FakeResponse:
    status: int
    body: bytes = b""
    content_type: str = HAL
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    # Set by a fault: "before_response" (nothing is sent) or "during_body" (half the body is);
    # then the connection is reset. In-process, both are an httpx.ReadError, and a delay past
    # the request's read timeout is an httpx.ReadTimeout ("read_timeout").
    reset: str | None = None

    def json(self) -> Any:
        return json.loads(self.body)


class DwollaApi:
    """The token endpoint, the API routes and the exchange-session lifecycle."""

    def __init__(
        self,
        spec: dict[str, Any],
        *,
        client_id: str,
        client_secret: str,
        token_lifetime: float,
        latency: float = 0.0,
        stable_ids: bool = False,
        webhook_time_scale: float = 1 / 3600,
        webhook_any_host: bool = False,
    ) -> None:
        self.client_id = client_id
        self.stable_ids = stable_ids
        self.client_secret = client_secret
        self.token_lifetime = token_lifetime
        self.latency = latency
        self.data: Seed = load_seed(spec, INTERNAL_ORIGIN)
        self.lock = threading.Lock()
        self.tokens: dict[str, float] = {}  # token -> monotonic expiry
        self._idempotent: dict[str, str] = {}  # key, path and body -> Location
        self.linking = BankLinking(self)
        self.webhooks = WebhookSender(self, webhook_time_scale, any_host=webhook_any_host)
        self.origin = INTERNAL_ORIGIN

    # -- the handler ---------------------------------------------------------------------

    def handle(self, request: FakeRequest) -> FakeResponse:
        path = request.path.split("?", 1)[0]
        if path == "/token":
            response = self._token(request)
        elif path.startswith(CONTROL_PREFIX):
            response = self.linking.control(
                request, path[len(CONTROL_PREFIX) :].strip("/").split("/")
            )
        else:
            response = self._api(request, path)
            response.delay += self.latency
        if response.status == 405:
            response.headers["Allow"] = _allowed(path)
        return response

    def error(self, status: int, code: str | None = None) -> FakeResponse:
        code = code or _CODE_BY_STATUS.get(status, "ServerError")
        body = self.data.error_examples.get(code.lower()) or {
            "code": code,
            "message": _MESSAGES.get(code.lower(), "An error occurred."),
        }
        return FakeResponse(status, json.dumps(body).encode())

    # -- data ----------------------------------------------------------------------------

    def href(self, collection: str, resource_id: str) -> str:
        return f"{INTERNAL_ORIGIN}/{collection}/{resource_id}"

    def add_resource(
        self, collection: str, body: dict[str, Any], resource_id: str | None = None
    ) -> str:
        body = rewrite_origin(body, INTERNAL_ORIGIN)
        if resource_id is None:
            self_href = body.get("_links", {}).get("self", {}).get("href", "")
            resource_id = self_href.rstrip("/").rsplit("/", 1)[-1] or str(uuid.uuid4())
        if "id" in body:
            body["id"] = resource_id  # the id field and the self link name one resource
        body.setdefault("_links", {})["self"] = {
            "href": self.href(collection, resource_id),
            "type": HAL,
            "resource-type": collection,
        }
        with self.lock:
            self.data.resources[collection][resource_id] = body
        return resource_id

    def new_id(self, request: FakeRequest) -> str:
        """A new resource's id: random, or with ``stable_ids`` (recording cassettes) derived
        from the request that creates it, so that recording twice writes the same ``Location``."""
        if not self.stable_ids:
            return str(uuid.uuid4())
        key = request.headers.get("idempotency-key", "")
        return str(uuid.uuid5(STABLE_ID_NAMESPACE, f"{request.path}\x00{key}\x00{request.body!r}"))

    def partner_id(self, name_or_id: str) -> str | None:
        with self.lock:
            partners = self.data.resources["exchange-partners"]
            if name_or_id in partners:
                return name_or_id
            for partner_id, partner in partners.items():
                if partner_id in self.data.unlisted:
                    continue
                if str(partner.get("name", "")).lower() == name_or_id.lower():
                    return partner_id
        return None

    # -- routes --------------------------------------------------------------------------

    def _token(self, request: FakeRequest) -> FakeResponse:
        if request.method != "POST":
            return self.error(405)
        form = {k: v[0] for k, v in parse_qs(request.body.decode("utf-8", "replace")).items()}
        client_id, secret = form.get("client_id"), form.get("client_secret")
        authorization = request.headers.get("authorization", "")
        if authorization.lower().startswith("basic "):
            try:
                client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
            except ValueError:  # bad base64, non-ASCII header text, or bytes that are not UTF-8
                client_id = secret = None
        if form.get("grant_type") != "client_credentials":
            return FakeResponse(400, b'{"error": "unsupported_grant_type"}', "application/json")
        if not (
            client_id is not None
            and secret is not None
            # As bytes: compare_digest refuses str with non-ASCII characters.
            and secrets.compare_digest(client_id.encode(), self.client_id.encode())
            and secrets.compare_digest(secret.encode(), self.client_secret.encode())
        ):
            return FakeResponse(401, b'{"error": "invalid_client"}', "application/json")
        token = "fake-" + secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[token] = time.monotonic() + self.token_lifetime
        lifetime = self.token_lifetime
        payload = {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": int(lifetime) if float(lifetime).is_integer() else lifetime,
        }
        return FakeResponse(200, json.dumps(payload).encode(), "application/json")

    def _api(self, request: FakeRequest, path: str) -> FakeResponse:
        accepted = [
            p.split(";")[0].strip().lower() for p in request.headers.get("accept", "").split(",")
        ]
        if HAL not in accepted:
            return self.error(406, "InvalidVersion")
        authorization = request.headers.get("authorization", "")
        token = authorization[7:] if authorization.lower().startswith("bearer ") else ""
        with self.lock:
            expires_at = self.tokens.get(token)
        if expires_at is None:
            return self.error(401, "InvalidAccessToken")
        if time.monotonic() >= expires_at:
            return self.error(401, "ExpiredAccessToken")
        parts = path.strip("/").split("/")
        reads = ("GET", "HEAD")
        if parts == ["exchange-partners"]:
            return self._partner_list() if request.method in reads else self.error(405)
        if (
            len(parts) == 3
            and parts[0] in ("customers", "exchanges")
            and parts[2] == "exchange-sessions"
        ):
            if request.method != "POST":
                return self.error(405)
            return self._create_session(request, parts[0], parts[1])
        routed = self.webhooks.route(request, parts) or self.linking.route(request, parts)
        if routed is not None:
            return routed
        if len(parts) != 2 or parts[0] not in self.data.resources:
            return self.error(404)
        if request.method not in reads:
            return self.error(405)
        with self.lock:
            resource = self.data.resources[parts[0]].get(parts[1])
        if resource is None:
            return self.error(404)
        return FakeResponse(200, json.dumps(resource).encode())

    def _partner_list(self) -> FakeResponse:
        with self.lock:
            partners = [
                partner
                for partner_id, partner in self.data.resources["exchange-partners"].items()
                if partner_id not in self.data.unlisted
            ]
        listing = {
            "_links": {
                "self": {
                    "href": f"{INTERNAL_ORIGIN}/exchange-partners",
                    "type": HAL,
                    "resource-type": "exchange-partner",
                }
            },
            "_embedded": {"exchange-partners": partners},
            "total": len(partners),
        }
        return FakeResponse(200, json.dumps(listing).encode())

    def invalid(self, code: str, message: str, path: str) -> FakeResponse:
        """Dwolla's 400 ValidationError with one embedded error."""
        body = {
            "code": "ValidationError",
            "message": "Validation error(s) present. See embedded errors list for more details.",
            "_embedded": {
                "errors": [{"code": code, "message": message, "path": path, "_links": {}}]
            },
        }
        return FakeResponse(400, json.dumps(body).encode())

    @staticmethod
    def json(status: int, body: dict[str, Any]) -> FakeResponse:
        return FakeResponse(status, json.dumps(body).encode())

    def created(self, collection: str, resource_id: str) -> FakeResponse:
        return FakeResponse(201, headers={"Location": self.href(collection, resource_id)})

    def idempotent_create(
        self, request: FakeRequest, create: Callable[[dict[str, Any], str], FakeResponse]
    ) -> FakeResponse:
        """A POST that creates: ``create(body, new_id)`` with the body parsed and the id for
        what it creates; as Dwolla's, a repeated Idempotency-Key with the same request is
        answered with the first result."""
        key = request.headers.get("idempotency-key")
        if key is not None and not 0 < len(key) <= 255:
            return self.invalid(
                "Invalid",
                "Idempotency-Key must be 1 to 255 characters.",
                "/headers/Idempotency-Key",
            )
        body = request.body
        replay = f"{key}\x00{request.path}\x00{body.decode('utf-8', 'replace')}" if key else None
        with self.lock:
            if replay and replay in self._idempotent:
                return FakeResponse(201, headers={"Location": self._idempotent[replay]})
        if not body:
            return self.invalid("Required", "A request body is required.", "/")
        try:
            document = json.loads(body)
            if not isinstance(document, dict):
                raise ValueError("not an object")
        except ValueError:
            return self.invalid("InvalidFormat", "The request body is not a JSON object.", "/")
        response = create(document, self.new_id(request))
        if replay and response.status == 201:
            with self.lock:
                self._idempotent[replay] = response.headers["Location"]
        return response

    def linked_partner(self, document: dict[str, Any]) -> str | FakeResponse:
        """The partner id a create body's ``_links.exchange-partner`` names, or its 400."""
        raw_links = document.get("_links")
        links: dict[str, Any] = raw_links if isinstance(raw_links, dict) else {}
        partner_link = links.get("exchange-partner")
        href = partner_link.get("href") if isinstance(partner_link, dict) else None
        where = "/_links/exchange-partner/href"
        if not isinstance(href, str):
            return self.invalid("Required", "ExchangePartner is required.", where)
        prefix = f"{INTERNAL_ORIGIN}/exchange-partners/"
        href = rewrite_origin(href, INTERNAL_ORIGIN)
        partner_id = self.partner_id(href[len(prefix) :]) if href.startswith(prefix) else None
        if partner_id is None:
            return self.invalid("Invalid", "ExchangePartner not found.", where)
        return partner_id

    def _create_session(self, request: FakeRequest, parent: str, parent_id: str) -> FakeResponse:
        if parent == "customers":
            try:
                uuid.UUID(parent_id)
            except ValueError:
                return self.error(404)
        elif self.linking.partner_of_exchange(parent_id) is None:
            return self.error(404)
        return self.idempotent_create(
            request, lambda document, new_id: self._new_session(document, new_id, parent, parent_id)
        )

    def _new_session(
        self, document: dict[str, Any], session_id: str, parent: str, parent_id: str
    ) -> FakeResponse:
        raw_links = document.get("_links")
        links: dict[str, Any] = raw_links if isinstance(raw_links, dict) else {}
        if parent == "customers":
            partner = self.linked_partner(document)
            if isinstance(partner, FakeResponse):
                return partner
            partner_id = partner
        else:
            partner_id = str(self.linking.partner_of_exchange(parent_id))
        redirect = links.get("redirect-url")
        if redirect is not None:
            redirect_href = redirect.get("href") if isinstance(redirect, dict) else None
            if not isinstance(redirect_href, str) or not (
                redirect_href.startswith("https://") or _ANDROID_PACKAGE.fullmatch(redirect_href)
            ):
                return self.invalid(
                    "Invalid",
                    "Redirect URL must be an https URL or an Android package name.",
                    "/_links/redirect-url/href",
                )
        with self.lock:
            partner_name = str(self.data.resources["exchange-partners"][partner_id].get("name", ""))
        visa = partner_name.lower() == "visa"
        redirect_href = redirect.get("href") if isinstance(redirect, dict) else None
        if visa and not (isinstance(redirect_href, str) and redirect_href.startswith("https://")):
            return self.invalid(
                "Required",
                "Visa requires a redirect URL (an https URL configured for the account).",
                "/_links/redirect-url/href",
            )
        # Finicity and Flinks create exchanges directly; any other partner, newer ones
        # included, runs a session (the set is open, as Dwolla's is).
        if partner_name.lower() in ("finicity", "flinks"):
            return self.invalid(
                "NotAllowed",
                f"{partner_name} does not use exchange sessions.",
                "/_links/exchange-partner/href",
            )
        session: dict[str, Any] = {
            "created": now_timestamp(),
            "_links": {
                "exchange-partner": {
                    "href": self.href("exchange-partners", partner_id),
                    "type": HAL,
                    "resource-type": "exchange-partner",
                },
            },
        }
        if visa:
            assert isinstance(redirect_href, str)
            query = urlencode(
                {
                    "client_id": "dwolla-fake",
                    "redirect_uri": redirect_href,
                    "state": session_id[:8],
                    "session_id": secrets.token_hex(16),
                }
            )
            session["_links"]["external-provider-session"] = {
                "href": f"https://link.visa.com/1.0/account-check/connect?{query}",
                "type": HAL,
                "resource-type": "text/html",
            }
            with self.lock:
                self.linking.redirects[session_id] = redirect_href
        elif partner_name.lower() == "mx":
            session["_links"]["external-provider-session"] = {
                "href": f"{FAKE_MX_WIDGET_ORIGIN}/md/connect/fake-{secrets.token_urlsafe(32)}",
                "type": HAL,
                "resource-type": "text/html",
            }
        elif partner_name.lower() == "checkout.com":
            session["externalProviderSessionData"] = {
                "id": f"ps_{secrets.token_hex(13)}",
                "payment_session_secret": f"pss_{uuid.uuid4()}",
                "payment_session_token": secrets.token_urlsafe(48),
            }
        elif partner_name.lower() == "plaid":
            session["externalProviderSessionToken"] = f"link-sandbox-{uuid.uuid4()}"
        self.add_resource("exchange-sessions", session, session_id)
        with self.lock:
            self.linking.session_parents[session_id] = (parent, parent_id)
        return self.created("exchange-sessions", session_id)


def _allowed(path: str) -> str:
    """The methods a path supports, for a 405's Allow header."""
    if (
        path in ("/token",)
        or path.startswith("/_fake/")
        or path.endswith(("/exchange-sessions", "/funding-sources"))
    ):
        return "POST"
    if (
        path.startswith("/customers/") and path.endswith("/exchanges")
    ) or path == "/webhook-subscriptions":
        return "GET, HEAD, POST"
    if path.startswith("/webhook-subscriptions/"):
        return "GET, HEAD, DELETE"
    return "GET, HEAD"
