"""The bank-linking flow after the exchange session, as the fake plays it: the end user
completing a session (``complete_session``), exchanges from what that produced, funding
sources from exchanges, balances, and forced re-authentication (``require_reauth``).

State lives in the API's resources where Dwolla shows it (an exchange's partner and customer
links) and in the few tables here where Dwolla keeps it to itself (one-use tokens, which
exchange a funding source came from, which exchanges need re-authentication).
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._seed import now_timestamp

if TYPE_CHECKING:
    from ._api import DwollaApi, FakeRequest, FakeResponse

# The account names the fake's MX end user can connect; the first when none are named.
MX_ACCOUNTS = ("Checking", "Savings")
# Dwolla's Visa sandbox demo-bank users and how their flow ends (the first is the default).
# "no account": Visa's check finds no account; Dwolla documents no redirect code for it, so
# the fake makes the exchange and refuses a funding source from it (400 ValidationError).
VISA_DEMO_USERS = {
    "u35490150": "success",
    "u51613239": "no account",
    "u92721594": "AUTHENTICATION_ERROR",
    "u91902655": "TEMPORARY_ERROR",
}

__all__ = ["MX_ACCOUNTS", "VISA_DEMO_USERS", "BankLinking"]

# The account names the fake's MX end user can connect; the first when none are named.
MX_ACCOUNTS = ("Checking", "Savings")

HAL = "application/vnd.dwolla.v1.hal+json"
_BANK_ACCOUNT_TYPES = ("checking", "savings")
# Processor tokens from a partner's secure exchange are made outside Dwolla; the fake takes
# any token with this prefix as one (and the tokens complete_session issued).
PROCESSOR_TOKEN_PREFIX = "processor-"  # noqa: S105 (a prefix, not a secret)


class UnknownResource(ValueError):
    """The session or exchange named was never made on this fake."""


class AlreadyDone(ValueError):
    """What the end user did once cannot be done again (a session completes once)."""


@dataclass
class _Grant:
    """A one-use token an end user's session produced, and what it stands for."""

    customer_id: str
    partner_id: str
    account_name: str
    used: bool = False


@dataclass
class BankLinking:
    api: DwollaApi
    session_parents: dict[str, tuple[str, str]] = field(default_factory=dict)
    completed: set[str] = field(default_factory=set)
    grants: dict[str, _Grant] = field(default_factory=dict)  # token -> grant
    connections: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # customer ->
    source_exchange: dict[str, str] = field(default_factory=dict)  # funding source -> exchange
    reauth_required: set[str] = field(default_factory=set)  # exchange ids
    redirects: dict[str, str] = field(default_factory=dict)  # Visa session -> its redirect URL
    accountless: set[str] = field(default_factory=set)  # Visa exchanges with no account

    # -- what the end user and the test do -----------------------------------------------

    def complete_session(
        self, session_id: str, account_names: tuple[str, ...], visa_user: str = "u35490150"
    ) -> str | None:
        """The end user finishes the partner's UI. MX: connections appear for the customer
        (None is returned); Plaid: a public token; Checkout.com: a ``pay_...`` token; Visa:
        the URL Visa sends the browser back to. A re-authentication session restores its
        exchange (None; Visa: the redirect URL)."""
        with self.api.lock:
            session = self.api.data.resources["exchange-sessions"].get(session_id)
            parent = self.session_parents.get(session_id)
            if session is None or parent is None:
                raise UnknownResource(f"no exchange session {session_id} was created on this fake")
            if session_id in self.completed:
                raise AlreadyDone(f"exchange session {session_id} was already completed: one use")
            self.completed.add(session_id)
        partner_id = _linked_id(session, "exchange-partner")
        kind, parent_id = parent
        if session_id in self.redirects:
            return self._visa_returns(session_id, partner_id, parent, visa_user)
        if kind == "exchanges":
            with self.api.lock:
                self.reauth_required.discard(parent_id)
            return None
        name = self._partner_name(partner_id).lower()
        if name == "mx":
            with self.api.lock:
                for account in account_names:
                    token = _mx_connection_token()
                    self.grants[token] = _Grant(parent_id, partner_id, account)
                    self.connections.setdefault(parent_id, []).append(
                        {"availableConnectionToken": token, "name": account}
                    )
            return None
        if name == "plaid":
            token = f"public-sandbox-{uuid.uuid4()}"
        elif name == "checkout.com":
            token = "pay_" + "".join(
                secrets.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(26)
            )
        else:
            raise ValueError(f"the fake does not play {name!r}'s end-user flow")
        with self.api.lock:
            self.grants[token] = _Grant(parent_id, partner_id, account_names[0])
        return token

    def _visa_returns(
        self, session_id: str, partner_id: str, parent: tuple[str, str], visa_user: str
    ) -> str:
        """Visa's end of the flow: Dwolla makes (or restores) the exchange and Visa sends the
        browser to the session's redirect URL with ``?exchange=`` or ``?error=``."""
        outcome = VISA_DEMO_USERS.get(visa_user)
        if outcome is None:
            with self.api.lock:
                self.completed.discard(session_id)
            raise ValueError(
                f"{visa_user!r} is not one of Visa's demo users: {sorted(VISA_DEMO_USERS)}"
            )
        redirect = self.redirects[session_id]
        joiner = "&" if "?" in redirect else "?"
        if outcome.isupper():  # an error code: the session may be tried again
            with self.api.lock:
                self.completed.discard(session_id)
            return f"{redirect}{joiner}error={outcome}"
        kind, parent_id = parent
        if kind == "exchanges":
            with self.api.lock:
                self.reauth_required.discard(parent_id)
            return f"{redirect}{joiner}exchange={parent_id}"
        exchange_id = self.add_exchange(parent_id, partner_id, str(uuid.uuid4()))
        if outcome == "no account":
            with self.api.lock:
                self.accountless.add(exchange_id)
        return f"{redirect}{joiner}exchange={exchange_id}"

    def require_reauth(self, exchange_id: str) -> None:
        with self.api.lock:
            exchange = self.api.data.resources["exchanges"].get(exchange_id)
            if exchange is None:
                raise UnknownResource(f"no exchange {exchange_id} on this fake")
            self.reauth_required.add(exchange_id)
        customer_id = _linked_id(exchange, "customer")
        self.api.webhooks.publish(
            "customer_exchange_reauth_required", "exchanges", exchange_id, customer_id
        )

    def add_exchange(self, customer_id: str, partner_id: str, exchange_id: str) -> str:
        """An active exchange of ``customer_id`` with ``partner_id``; returns its id."""
        body = {
            "_links": {
                "exchange-partner": self._link("exchange-partners", partner_id, "exchange-partner"),
                "customer": self._link("customers", customer_id, "customer"),
            },
            "id": exchange_id,
            "status": "active",
            "created": now_timestamp(),
        }
        return self.api.add_resource("exchanges", body, exchange_id)

    def partner_of_exchange(self, exchange_id: str) -> str | None:
        with self.api.lock:
            exchange = self.api.data.resources["exchanges"].get(exchange_id)
        if exchange is None:
            return None
        return _linked_id(exchange, "exchange-partner")

    # -- the same over HTTP, for a fake in another process (`dwolla-exchange fake`) ---------

    def control(self, request: FakeRequest, parts: list[str]) -> FakeResponse:
        """``POST /_fake/exchange-sessions/{id}/complete`` (body ``{"accounts": [...]}``
        optional; answers ``{"token": ...}``) and ``POST /_fake/exchanges/{id}/require-reauth``."""
        if request.method != "POST":
            return self.api.error(405)
        try:
            if len(parts) == 3 and parts[0] == "exchange-sessions" and parts[2] == "complete":
                document = json.loads(request.body) if request.body.strip() else {}
                accounts = (
                    document.get("accounts", list(MX_ACCOUNTS[:1]))
                    if isinstance(document, dict)
                    else None
                )
                if (
                    not isinstance(accounts, list)
                    or not accounts
                    or not all(isinstance(a, str) for a in accounts)
                ):
                    return self.api.invalid(
                        "Invalid", "accounts must be a list of names.", "/accounts"
                    )
                visa_user = (
                    document.get("visaUser", "u35490150") if isinstance(document, dict) else ""
                )
                answer = self.complete_session(parts[1], tuple(accounts), str(visa_user))
                if parts[1] in self.redirects:  # Visa: where the browser goes back to
                    return self.api.json(
                        200, {"token": None, "redirect": answer, "next": self._next_step(parts[1])}
                    )
                return self.api.json(200, {"token": answer, "next": self._next_step(parts[1])})
            if len(parts) == 3 and parts[0] == "exchanges" and parts[2] == "require-reauth":
                self.require_reauth(parts[1])
                from ._api import FakeResponse as Answer  # here: _api imports this module

                return Answer(204)
        except ValueError as exc:  # a bad body (JSON errors are ValueErrors), unknown, done
            status = (
                404
                if isinstance(exc, UnknownResource)
                else 409
                if isinstance(exc, AlreadyDone)
                else 400
            )
            return self.api.json(status, {"code": "FakeControl", "message": str(exc)})
        return self.api.error(404)

    def _next_step(self, session_id: str) -> str:
        """What a caller does after the end user finished ``session_id``, in words."""
        kind, parent_id = self.session_parents[session_id]
        if session_id in self.redirects:
            return (
                "the browser goes back to `redirect`: dwolla_exchange.redirect_result(url) gives "
                "the exchange Dwolla made (or the error); then create the funding source with it"
            )
        if kind == "exchanges":
            return f"exchange {parent_id} is active again: retry what answered UpdateCredentials"
        session = self.api.data.resources["exchange-sessions"][session_id]
        if self._partner_name(_linked_id(session, "exchange-partner")).lower() == "mx":
            return (
                f"list the connections (GET /customers/{parent_id}/available-exchange-connections;"
                f" CLI: connections list {parent_id}), then create the exchange with one"
                " (CLI: exchanges create --partner MX --connection NAME)"
            )
        return (
            f"create the exchange with this token (POST /customers/{parent_id}/exchanges;"
            " CLI: exchanges create --public-token TOKEN, or --token for Checkout.com)"
        )

    # -- routes --------------------------------------------------------------------------

    def route(self, request: FakeRequest, parts: list[str]) -> FakeResponse | None:
        """The answer for a bank-linking route, or None when ``parts`` is not one."""
        method = request.method
        if len(parts) == 3 and parts[0] == "customers":
            customer_id, what = parts[1], parts[2]
            if not _is_uuid(customer_id):
                return self.api.error(404) if what in _CUSTOMER_ROUTES else None
            if what == "available-exchange-connections":
                return (
                    self._connections(customer_id)
                    if method in ("GET", "HEAD")
                    else self.api.error(405)
                )
            if what == "exchanges":
                if method == "POST":
                    return self.api.idempotent_create(
                        request,
                        lambda body, new_id: self._create_exchange(customer_id, body, new_id),
                    )
                return (
                    self._exchanges(customer_id)
                    if method in ("GET", "HEAD")
                    else self.api.error(405)
                )
            if what == "funding-sources":
                if method != "POST":
                    return self.api.error(405)
                return self.api.idempotent_create(
                    request, lambda body, new_id: self._create_source(customer_id, body, new_id)
                )
        if len(parts) == 3 and parts[0] == "funding-sources" and parts[2] == "balance":
            return self._balance(parts[1]) if method in ("GET", "HEAD") else self.api.error(405)
        return None

    def _connections(self, customer_id: str) -> FakeResponse:
        with self.api.lock:
            connections = [dict(c) for c in self.connections.get(customer_id, [])]
        listing = {
            "_links": {
                "self": self._link(
                    "customers",
                    f"{customer_id}/available-exchange-connections",
                    "available-exchange-connections",
                ),
                "customers": self._link("customers", customer_id, "customer"),
            },
            "_embedded": {"available-exchange-connections": connections},
        }
        return self.api.json(200, listing)

    def _exchanges(self, customer_id: str) -> FakeResponse:
        with self.api.lock:
            exchanges = [
                exchange
                for exchange in self.api.data.resources["exchanges"].values()
                if _linked_id(exchange, "customer") == customer_id
            ]
        listing = {
            "_links": {
                "self": {
                    "href": f"{self.api.origin}/exchanges",
                    "type": HAL,
                    "resource-type": "exchange",
                }
            },
            "_embedded": {"exchanges": exchanges},
            "total": len(exchanges),
        }
        return self.api.json(200, listing)

    def _create_exchange(
        self, customer_id: str, document: dict[str, Any], new_id: str
    ) -> FakeResponse:
        partner = self.api.linked_partner(document)
        if not isinstance(partner, str):
            return partner  # its validation error
        given = [k for k in ("mx", "plaid", "token", "finicity") if k in document]
        if len(given) != 1:
            return self.api.invalid(
                "Required", "Exactly one of mx, plaid, token or finicity is required.", "/"
            )
        kind, value = given[0], document[given[0]]
        if kind == "finicity":
            if not isinstance(value, dict) or not isinstance(value.get("receiptId"), str):
                return self.api.invalid("Required", "ReceiptId is required.", "/finicity/receiptId")
        elif not self._spend(_token_in(kind, value), customer_id, partner):
            body = {
                "code": "InvalidExchangeToken",
                "message": "The exchange token is invalid or has already been used.",
            }
            return self.api.json(400, body)
        self.add_exchange(customer_id, partner, new_id)
        return self.api.created("exchanges", new_id)

    def _spend(self, token: str | None, customer_id: str, partner_id: str) -> bool:
        """Use a one-use token of this customer and partner (or any processor token)."""
        if token is None:
            return False
        with self.api.lock:
            grant = self.grants.get(token)
            if (
                grant is None
                or grant.used
                or (grant.customer_id, grant.partner_id) != (customer_id, partner_id)
            ):
                return token.startswith(PROCESSOR_TOKEN_PREFIX) and grant is None
            grant.used = True
            for connections in self.connections.values():
                connections[:] = [c for c in connections if c["availableConnectionToken"] != token]
        return True

    def _create_source(
        self, customer_id: str, document: dict[str, Any], source_id: str
    ) -> FakeResponse:
        where = "/_links/exchange/href"
        exchange_id = _linked_id(document, "exchange")
        if not exchange_id:
            return self.api.invalid("Required", "Exchange is required.", where)
        with self.api.lock:
            exchange = self.api.data.resources["exchanges"].get(exchange_id)
            funded = exchange_id in self.source_exchange.values()
        owner = _linked_id(exchange, "customer") if exchange else None
        if exchange is None or owner != customer_id:
            return self.api.invalid("NotFound", "Exchange not found.", where)
        if exchange.get("status") != "active":
            return self.api.json(
                400, {"code": "InactiveExchange", "message": "The exchange is not active."}
            )
        if exchange_id in self.accountless:
            return self.api.invalid("Invalid", "No account was found for this exchange.", where)
        name = document.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > 50:
            return self.api.invalid("Invalid", "Name must be 1 to 50 characters.", "/name")
        card_exchange = (
            self._partner_name(_linked_id(exchange, "exchange-partner")).lower() == "checkout.com"
        )
        kind = _card(document) if card_exchange else _bank(document)
        if isinstance(kind, tuple):
            return self.api.invalid(*kind)
        if funded:
            return self.api.invalid(
                "Duplicate", "Authorization already associated to a funding source.", where
            )
        body = {
            "_links": {
                "customer": self._link("customers", customer_id, "customer"),
                "balance": self._link("funding-sources", f"{source_id}/balance", "balance"),
            },
            "id": source_id,
            "status": "verified",
            "name": name,
            "created": now_timestamp(),
            "removed": False,
            **kind,
        }
        self.api.add_resource("funding-sources", body, source_id)
        with self.api.lock:
            self.source_exchange[source_id] = exchange_id
        # An exchange gives a verified bank account at once: both events, as Dwolla sends them.
        for topic in ("customer_funding_source_added", "customer_funding_source_verified"):
            self.api.webhooks.publish(topic, "funding-sources", source_id, customer_id)
        return self.api.created("funding-sources", source_id)

    def _balance(self, source_id: str) -> FakeResponse:
        with self.api.lock:
            source = self.api.data.resources["funding-sources"].get(source_id)
            exchange_id = self.source_exchange.get(source_id)
            stale = exchange_id in self.reauth_required
        if source is None:
            return self.api.error(404)
        if source.get("type") == "card":
            body = {
                "code": "UnsupportedOperation",
                "message": "A card funding source has no balance.",
            }
            return self.api.json(400, body)
        if stale:
            return self.api.json(
                400,
                {
                    "code": "UpdateCredentials",
                    "message": "The account credentials need to be updated. Re-authenticate through an exchange session.",
                    "_links": {
                        "about": self._link(
                            "exchanges", f"{exchange_id}/exchange-sessions", "exchange-sessions"
                        )
                    },
                },
            )
        balance = {
            "_links": {
                "self": self._link("funding-sources", f"{source_id}/balance", "balance"),
                "funding-source": self._link("funding-sources", source_id, "funding-source"),
            },
            "available": {"value": "542.00", "currency": "USD"},
            "closing": {"value": "500.00", "currency": "USD"},
            "lastUpdated": now_timestamp(),
        }
        return self.api.json(200, balance)

    # -- helpers -------------------------------------------------------------------------

    def _partner_name(self, partner_id: str) -> str:
        with self.api.lock:
            partner = self.api.data.resources["exchange-partners"].get(partner_id, {})
        return str(partner.get("name", ""))

    def _link(self, collection: str, path: str, resource_type: str) -> dict[str, str]:
        return {
            "href": f"{self.api.origin}/{collection}/{path}",
            "type": HAL,
            "resource-type": resource_type,
        }


_CUSTOMER_ROUTES = ("available-exchange-connections", "exchanges", "funding-sources")


def _bank(document: dict[str, Any]) -> dict[str, Any] | tuple[str, str, str]:
    """A bank funding source's fields from a create body, or (code, message, path)."""
    if "cardDetails" in document:
        return ("NotAllowed", "Card details need a card exchange.", "/cardDetails")
    account_type = document.get("bankAccountType")
    if account_type not in _BANK_ACCOUNT_TYPES:
        return ("Invalid", "BankAccountType must be checking or savings.", "/bankAccountType")
    return {
        "type": "bank",
        "bankAccountType": account_type,
        "channels": ["ach"],
        "bankName": "FAKE TEST BANK",
    }


_ADDRESS_FIELDS = ("address1", "city", "stateProvinceRegion", "country", "postalCode")


def _card(document: dict[str, Any]) -> dict[str, Any] | tuple[str, str, str]:
    """A debit card funding source's fields (Checkout.com), or (code, message, path)."""
    if "bankAccountType" in document:
        return (
            "NotAllowed",
            "A card exchange gives a card, not a bank account.",
            "/bankAccountType",
        )
    holder = document.get("cardDetails")
    if not isinstance(holder, dict):
        return ("Required", "CardDetails is required.", "/cardDetails")
    address = holder.get("billingAddress")
    for field_name in ("firstName", "lastName"):
        if not isinstance(holder.get(field_name), str):
            return ("Required", f"{field_name} is required.", f"/cardDetails/{field_name}")
    if not isinstance(address, dict) or any(
        not isinstance(address.get(f), str) for f in _ADDRESS_FIELDS
    ):
        return (
            "Required",
            "A complete billing address is required.",
            "/cardDetails/billingAddress",
        )
    card = {
        "brand": "Visa",
        "lastFour": "4242",
        "expirationMonth": 12,
        "expirationYear": 2030,
        "nameOnCard": f"{holder['firstName']} {holder['lastName']}",
        "bin": "42424242",
        "billingAddress": dict(address),
    }
    return {"type": "card", "cardDetails": card}


def _token_in(kind: str, value: object) -> str | None:
    """The token a create-exchange body carries under ``kind`` (mx, plaid or token)."""
    if kind == "token":
        return value if isinstance(value, str) else None
    field_name = "availableConnectionToken" if kind == "mx" else "publicToken"
    token = value.get(field_name) if isinstance(value, dict) else None
    return token if isinstance(token, str) else None


def _mx_connection_token() -> str:
    """Shaped like MX's: base64 of the account and member ids."""
    ids = {"accountId": f"ACT-{uuid.uuid4()}", "memberId": f"MBR-{uuid.uuid4()}"}
    return base64.b64encode(json.dumps(ids, separators=(",", ":")).encode()).decode()


def _linked_id(document: dict[str, Any], relation: str) -> str:
    """The id at the end of a resource's (or a request body's) ``relation`` link; "" when
    there is none, or it is not a link."""
    links = document.get("_links")
    link = links.get(relation) if isinstance(links, dict) else None
    href = link.get("href") if isinstance(link, dict) else None
    return _last_segment(href) if isinstance(href, str) else ""


def _last_segment(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1]


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
