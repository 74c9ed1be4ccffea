"""The ``dwolla-exchange`` command line.

Credentials come only from DWOLLA_CLIENT_ID / DWOLLA_CLIENT_SECRET, never from a flag, so
the secret stays out of shell history and process listings. Exit codes: 0 ok, 1 API or
network error, 2 usage or bad input, 130 interrupted (Ctrl-C), as shells report SIGINT.
"""

from __future__ import annotations

import datetime
import functools
import json
import math
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

try:
    import click
except ModuleNotFoundError:  # pip install dwolla-exchange installs the library alone
    sys.exit(
        "dwolla-exchange: the command line needs its extra: pip install 'dwolla-exchange[cli]'"
    )

from dwolla_exchange_api.models import (
    Amount,
    AvailableExchangeConnection,
    Exchange,
    ExchangePartner,
    ExchangeSession,
    FundingSource,
    HalLink,
    WebhookEvent,
    WebhookSubscription,
)

from ._client import Dwolla
from ._resources import BankAccountType
from ._terminal import terminal_safe
from ._version import __version__
from .errors import DwollaError, UpdateCredentialsError
from .sessions import (
    CheckoutPaymentSession,
    external_provider_session_url,
    handoff,
    plaid_link_token,
    session_id,
)
from .webhooks import SIGNATURE_HEADERS
from .webhooks import parse as parse_webhook

MAX_WEBHOOK_BYTES = 1024 * 1024

F = TypeVar("F", bound=Callable[..., Any])

EXIT_API_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _echo(text: str, *, err: bool = False) -> None:
    click.echo(terminal_safe(text), err=err)


def _connection_options(command: F) -> F:
    command = click.option(
        "--debug", is_flag=True, help="Show a traceback for errors (secrets stay redacted)."
    )(command)
    # No click envvar here: a bad DWOLLA_ENVIRONMENT is reported under its own name by the
    # client's settings, not as an '--environment' option the user never typed.
    command = click.option(
        "--environment",
        type=click.Choice(["sandbox", "production"], case_sensitive=False),
        help="Dwolla environment (default sandbox; env DWOLLA_ENVIRONMENT).",
    )(command)
    command = click.option(
        "--base-url",
        envvar="DWOLLA_BASE_URL",
        help="Any Dwolla-compatible origin, e.g. the offline fake (env DWOLLA_BASE_URL).",
    )(command)
    return command


def _run(debug: bool, action: Callable[[], None]) -> None:
    """Run ``action``, turning expected failures into a one-line message and an exit code."""
    try:
        action()
    except DwollaError as exc:
        if debug:
            raise
        _echo(f"error: {exc}", err=True)
        sys.exit(EXIT_API_ERROR)
    except (ValueError, TypeError) as exc:
        if debug:
            raise
        _echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        _echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)


def _client(base_url: str | None, environment: str | None) -> Dwolla:
    # The client's own message names its Python arguments; the CLI reads only the environment.
    missing = [
        name for name in ("DWOLLA_CLIENT_ID", "DWOLLA_CLIENT_SECRET") if not os.environ.get(name)
    ]
    if missing:
        raise ValueError(
            f"{' and '.join(missing)} not set: export your application's key and secret"
            " (the CLI takes credentials only from the environment)"
        )
    return Dwolla(base_url=base_url, environment=environment)


def _timestamp(value: datetime.datetime) -> str:
    """Dwolla's own form, ``2024-05-01T18:36:57.357Z``, in text and JSON output alike."""
    return value.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# Credentials the CLI never prints (its output is often logged): Checkout.com's payment
# session secret and token, MX's one-use connection tokens. The Plaid Link token is printed:
# handing it to the front end is what `sessions get` is for, and it is one-use and short-lived.
_NEVER_PRINTED = frozenset(
    {"payment_session_secret", "payment_session_token", "availableConnectionToken"}
)


def _without_secrets(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_secrets(v) for k, v in value.items() if k not in _NEVER_PRINTED}
    if isinstance(value, list):
        return [_without_secrets(item) for item in value]
    return value


def _as_json(model: Any) -> dict[str, Any]:
    """A model as Dwolla writes it, timestamps in Dwolla's form, without credentials."""
    document: dict[str, Any] = _without_secrets(model.to_dict())
    for key, attribute in (("created", "created"), ("lastUpdated", "last_updated")):
        value = getattr(model, attribute, None)
        if isinstance(value, datetime.datetime):  # a listed partner may come without one
            document[key] = _timestamp(value)
    return document


def _print_json(document: dict[str, Any]) -> None:
    click.echo(json.dumps(document, indent=2, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, prog_name="dwolla-exchange"
)  # also without dist metadata (make demo)
def main() -> None:
    """Dwolla's open-banking flow (sessions, exchanges, funding sources) from the shell.

    Set DWOLLA_CLIENT_ID and DWOLLA_CLIENT_SECRET; point at the sandbox (default), production,
    or the offline fake (`dwolla-exchange fake`) with --base-url.
    """


def _json_option(command: F) -> F:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON on stdout and nothing else."
    )(command)


def _api_command(body: Callable[..., None]) -> Callable[..., None]:
    """A command that talks to Dwolla: adds the connection options, opens a client from the
    environment, runs ``body(dwolla, **its own options)``, and turns failures into one line
    and an exit code (``_run``)."""

    @functools.wraps(body)
    def command(base_url: str | None, environment: str | None, debug: bool, **options: Any) -> None:
        def action() -> None:
            with _client(base_url, environment) as dwolla:
                body(dwolla, **options)

        _run(debug, action)

    return _connection_options(command)


@main.group()
def sessions() -> None:
    """Exchange sessions."""


def _show_session(session: ExchangeSession, partner: ExchangePartner | None, as_json: bool) -> None:
    if as_json:
        document: dict[str, Any] = {"id": str(session_id(session)), "session": _as_json(session)}
        if partner is not None:
            document["partner"] = _as_json(partner)
        _print_json(document)
        return
    widget_url = external_provider_session_url(session)
    link_token = plaid_link_token(session)
    next_step = handoff(session)
    _echo(f"Exchange session {session_id(session)}")
    _echo(f"  href:     {session.links.self_.href}")
    _echo(f"  created:  {_timestamp(session.created)}")
    _echo(f"  partner:  {session.links.exchange_partner.href}")
    if partner is not None:
        _echo(f"  provider: {partner.name} ({partner.status})")
    if widget_url is not None:
        _echo(f"  next:     send the end user's browser to {_page_of(partner)}:")
        _echo(f"            {widget_url}")
    elif link_token is not None:
        _echo(
            "  next:     open Plaid Link in the front end with this Link token (one use, short-lived):"
        )
        _echo(f"            {link_token}")
    elif isinstance(next_step, CheckoutPaymentSession):
        _echo(f"  next:     start Checkout.com's Flow with payment session {next_step.id}")
        _echo(
            "            (its secret and token are for the front end: handoff(session) in Python)"
        )
    else:
        _echo("  next:     this session carries neither a widget URL nor a Link token")


def _page_of(partner: ExchangePartner | None) -> str:
    """The page a session hands over, named for its partner when the CLI knows it."""
    name = partner.name.casefold() if partner is not None else ""
    if name == "mx":
        return "the MX Connect widget URL"
    if name == "visa":
        return "Visa's page (it sends the browser back to your redirect URL with ?exchange=ID)"
    if partner is not None:
        return f"{partner.name}'s page"
    return "the partner's page (MX Connect, Visa, ...; --follow names it)"


@sessions.command("get")
@click.argument("id_or_href")
@click.option("--follow", is_flag=True, help="Also fetch the exchange partner and show its name.")
@_json_option
@_api_command
def sessions_get(dwolla: Dwolla, id_or_href: str, follow: bool, as_json: bool) -> None:
    """Retrieve an exchange session and say what the front end does next."""
    session = dwolla.exchange_sessions.retrieve(id_or_href)
    partner = dwolla.follow(session.links.exchange_partner, ExchangePartner) if follow else None
    _show_session(session, partner, as_json)


def _customer_argument(command: F) -> F:
    """CUSTOMER as an argument, or as --customer: either form, on every command."""
    command = click.option("--customer", "customer_option", help="The customer's id or href.")(
        command
    )
    return click.argument("customer", required=False)(command)


def _one_customer(customer: str | None, customer_option: str | None) -> str:
    if customer is not None and customer_option is not None and customer != customer_option:
        raise click.UsageError("give CUSTOMER once: as an argument or as --customer")
    given = customer or customer_option
    if given is None:
        raise click.UsageError("missing CUSTOMER (an argument, or --customer)")
    return given


_redirect_option = click.option(
    "--redirect-url", help="Plaid on mobile: the https URL to return to after OAuth."
)
_idempotency_option = click.option(
    "--idempotency-key",
    help="Reuse a key to make a repeated command return the first result (default: a new UUID).",
)


_partner_option = click.option(
    "--partner",
    required=True,
    help="MX, Plaid, Checkout.com, ... by name, or a partner id or href.",
)


@sessions.command("create")
@_customer_argument
@_partner_option
@_redirect_option
@_idempotency_option
@_json_option
@_api_command
def sessions_create(
    dwolla: Dwolla,
    customer: str | None,
    customer_option: str | None,
    partner: str,
    redirect_url: str | None,
    idempotency_key: str | None,
    as_json: bool,
) -> None:
    """Create an exchange session for CUSTOMER, then show it."""
    session = dwolla.exchange_sessions.create(
        _one_customer(customer, customer_option),
        partner,
        redirect_url,
        idempotency_key=idempotency_key,
        retrieve=True,
    )
    _show_session(session, dwolla.follow(session.links.exchange_partner, ExchangePartner), as_json)


@sessions.command("reauth", short_help="Create a session to re-authenticate an exchange.")
@click.argument("exchange")
@_redirect_option
@_idempotency_option
@_json_option
@_api_command
def sessions_reauth(
    dwolla: Dwolla,
    exchange: str,
    redirect_url: str | None,
    idempotency_key: str | None,
    as_json: bool,
) -> None:
    """Create a session to re-authenticate EXCHANGE (an id or href), then show it."""
    session = dwolla.exchange_sessions.reauth(
        exchange, redirect_url, idempotency_key=idempotency_key, retrieve=True
    )
    _show_session(session, dwolla.follow(session.links.exchange_partner, ExchangePartner), as_json)


@main.group()
def partners() -> None:
    """Exchange partners."""


@partners.command("list")
@_json_option
@_api_command
def partners_list(dwolla: Dwolla, as_json: bool) -> None:
    """List the exchange partners."""
    found = dwolla.exchange_partners.list()
    if as_json:
        _print_json({"partners": [_as_json(partner) for partner in found], "total": len(found)})
        return
    width = max((len(partner.name) for partner in found), default=0)
    for partner in found:
        _echo(f"{partner.name:<{width}}  {partner.status:<8} {partner.id}")


@partners.command("get")
@click.argument("id_or_href")
@_json_option
@_api_command
def partners_get(dwolla: Dwolla, id_or_href: str, as_json: bool) -> None:
    """Retrieve an exchange partner."""
    partner = dwolla.exchange_partners.retrieve(id_or_href)
    if as_json:
        _print_json({"partner": _as_json(partner)})
        return
    _echo(f"Exchange partner {partner.id}")
    _echo(f"  name:    {partner.name}")
    _echo(f"  status:  {partner.status}")
    if isinstance(partner.created, datetime.datetime):
        _echo(f"  created: {_timestamp(partner.created)}")


@main.group()
def connections() -> None:
    """Available exchange connections (MX): the accounts an end user connected."""


@connections.command("list")
@_customer_argument
@_json_option
@_api_command
def connections_list(
    dwolla: Dwolla, customer: str | None, customer_option: str | None, as_json: bool
) -> None:
    """List CUSTOMER's available connections by name (their tokens are one-use credentials and
    never printed: `exchanges create --connection NAME` uses them)."""
    found = dwolla.available_exchange_connections.list(_one_customer(customer, customer_option))
    if as_json:
        _print_json({"connections": [{"name": c.name} for c in found], "total": len(found)})
        return
    for connection in found:
        _echo(connection.name)
    if not found:
        _echo("no available connections (has the end user finished MX's widget?)", err=True)


@main.group()
def exchanges() -> None:
    """Exchanges: what a completed session becomes."""


def _show_exchange(exchange: Exchange, as_json: bool) -> None:
    if as_json:
        _print_json({"exchange": _as_json(exchange)})
        return
    _echo(f"Exchange {exchange.id}")
    _echo(f"  status:   {exchange.status}")
    _echo(f"  created:  {_timestamp(exchange.created)}")
    if isinstance(exchange.links.exchange_partner, HalLink):
        _echo(f"  partner:  {exchange.links.exchange_partner.href}")


@exchanges.command("create")
@_customer_argument
@_partner_option
@click.option(
    "--connection", help="MX: the name of an available connection (see `connections list`)."
)
@click.option("--public-token", help="Plaid: the public token Plaid Link returned.")
@click.option("--token", help="Checkout.com's pay_... token, or a secure-exchange processor token.")
@_idempotency_option
@_json_option
@_api_command
def exchanges_create(
    dwolla: Dwolla,
    customer: str | None,
    customer_option: str | None,
    partner: str,
    connection: str | None,
    public_token: str | None,
    token: str | None,
    idempotency_key: str | None,
    as_json: bool,
) -> None:
    """Create an exchange for CUSTOMER from what the end user's session produced: exactly one
    of --connection (MX), --public-token (Plaid) or --token (Checkout.com, processors)."""
    customer = _one_customer(customer, customer_option)
    if sum(value is not None for value in (connection, public_token, token)) != 1:
        raise click.UsageError(
            "give exactly one of --connection NAME (MX), --public-token TOKEN (Plaid) or "
            "--token TOKEN (Checkout.com's pay_..., a processor token)"
        )
    available: AvailableExchangeConnection | None = None
    if connection is not None:
        found = dwolla.available_exchange_connections.list(customer)
        named = [c for c in found if c.name == connection]
        if len(named) != 1:
            names = (
                ", ".join(repr(c.name) for c in found) or "none yet (has the end user finished MX?)"
            )
            raise ValueError(
                f"{len(named)} available connections are named {connection!r}; "
                f"the customer's connections: {names}"
            )
        available = named[0]
    exchange = dwolla.exchanges.create(
        customer,
        partner,
        available_connection=available,
        public_token=public_token,
        token=token,
        idempotency_key=idempotency_key,
        retrieve=True,
    )
    _show_exchange(exchange, as_json)


@exchanges.command("get")
@click.argument("id_or_href")
@_json_option
@_api_command
def exchanges_get(dwolla: Dwolla, id_or_href: str, as_json: bool) -> None:
    """Retrieve an exchange."""
    _show_exchange(dwolla.exchanges.retrieve(id_or_href), as_json)


@exchanges.command("list")
@_customer_argument
@_json_option
@_api_command
def exchanges_list(
    dwolla: Dwolla, customer: str | None, customer_option: str | None, as_json: bool
) -> None:
    """List CUSTOMER's exchanges, with each one's partner."""
    found = dwolla.exchanges.list(_one_customer(customer, customer_option))
    if as_json:
        _print_json({"exchanges": [_as_json(e) for e in found], "total": len(found)})
        return
    names = {p.links.self_.href: p.name for p in dwolla.exchange_partners.list()} if found else {}
    for exchange in found:
        link = exchange.links.exchange_partner
        partner = names.get(link.href, link.href) if isinstance(link, HalLink) else "-"
        _echo(f"{exchange.id}  {partner:<14} {exchange.status:<12} {_timestamp(exchange.created)}")


@main.group("funding-sources")
def funding_sources() -> None:
    """Funding sources from exchanges, and their balances."""


def _show_source(source: FundingSource, as_json: bool) -> None:
    if as_json:
        _print_json({"funding_source": _as_json(source)})
        return
    _echo(f"Funding source {source.id}")
    for label, value in (
        ("name", source.name),
        ("type", source.bank_account_type),
        ("status", source.status),
    ):
        if isinstance(value, str):
            _echo(f"  {label + ':':<9} {value}")


@funding_sources.command("create")
@_customer_argument
@click.option("--exchange", required=True, help="The exchange's id or href.")
@click.option("--name", required=True, help="The name the customer sees (at most 50 characters).")
@click.option(
    "--type",
    "bank_account_type",
    type=click.Choice(["checking", "savings"]),
    help="A bank account: checking or savings.",
)
@click.option(
    "--card-details",
    help="A debit card (Checkout.com): Dwolla's cardDetails as JSON, e.g. "
    '\'{"firstName": "Jane", "lastName": "Doe", "billingAddress": {...}}\'.',
)
@_idempotency_option
@_json_option
@_api_command
def funding_sources_create(
    dwolla: Dwolla,
    customer: str | None,
    customer_option: str | None,
    exchange: str,
    name: str,
    bank_account_type: BankAccountType | None,  # click.Choice checked it
    card_details: str | None,
    idempotency_key: str | None,
    as_json: bool,
) -> None:
    """Create CUSTOMER's funding source from an exchange: a bank account (--type) or, from a
    Checkout.com exchange, a debit card (--card-details)."""
    if (bank_account_type is None) == (card_details is None):
        raise click.UsageError("give exactly one of --type (a bank account) or --card-details")
    card: dict[str, Any] | None = None
    if card_details is not None:
        try:
            card = json.loads(card_details)
        except ValueError as exc:
            raise click.UsageError(f"--card-details is not JSON: {exc}") from None
        if not isinstance(card, dict):
            raise click.UsageError("--card-details must be a JSON object")
    source = dwolla.funding_sources.create(
        _one_customer(customer, customer_option),
        exchange,
        name=name,
        bank_account_type=bank_account_type,
        card_details=card,
        idempotency_key=idempotency_key,
        retrieve=True,
    )
    _show_source(source, as_json)


@funding_sources.command("get")
@click.argument("id_or_href")
@_json_option
@_api_command
def funding_sources_get(dwolla: Dwolla, id_or_href: str, as_json: bool) -> None:
    """Retrieve a funding source."""
    _show_source(dwolla.funding_sources.retrieve(id_or_href), as_json)


@funding_sources.command("balance")
@click.argument("id_or_href")
@_json_option
@_api_command
def funding_sources_balance(dwolla: Dwolla, id_or_href: str, as_json: bool) -> None:
    """A funding source's balance (as of when Dwolla last pulled it)."""
    try:
        balance = dwolla.funding_sources.balance(id_or_href)
    except UpdateCredentialsError as exc:
        if exc.reauth_href is not None:
            exchange = exc.reauth_href.rstrip("/").removesuffix("/exchange-sessions")
            _echo(f"re-authenticate: dwolla-exchange sessions reauth {exchange}", err=True)
        raise
    if as_json:
        _print_json({"balance": _as_json(balance)})
        return
    for label, amount in (("available", balance.available), ("closing", balance.closing)):
        if isinstance(amount, Amount):
            _echo(f"{label + ':':<11} {amount.value} {amount.currency}")
    if isinstance(balance.last_updated, datetime.datetime):
        _echo(f"as of:      {_timestamp(balance.last_updated)}")


def _finite(_context: click.Context, _parameter: click.Parameter, value: float) -> float:
    if not math.isfinite(value):  # FloatRange lets nan through: every comparison is False
        raise click.BadParameter(f"{value} is not a number of seconds")
    return value


@main.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port on 127.0.0.1 (0 picks a free one).",
)
@click.option(
    "--latency",
    type=click.FloatRange(min=0, max=60),
    default=0.0,
    callback=_finite,
    help="Seconds added to every API response (0 to 60).",
)
@click.option("--verbose", "-v", is_flag=True, help="Print one line per request as it is answered.")
def fake(port: int, latency: float, verbose: bool) -> None:
    """Run the offline fake Dwolla in the foreground (Ctrl-C stops it)."""
    from .testing.__main__ import serve

    sys.exit(serve(port, latency=latency, verbose=verbose))


@main.group("webhooks")
def webhooks_group() -> None:
    """Receive and check Dwolla's webhook events."""


_secret_option = click.option(
    "--secret",
    envvar="DWOLLA_WEBHOOK_SECRET",
    required=True,
    help="The webhook subscription's secret (env DWOLLA_WEBHOOK_SECRET keeps it out of ps).",
)


def _event_line(event: WebhookEvent) -> str:
    created = event.created if isinstance(event.created, datetime.datetime) else None
    when = _timestamp(created) if created is not None else "-"
    resource = event.resource_id if isinstance(event.resource_id, str) else "-"
    return f"{when} {event.topic} {resource} (event {event.id})"


@webhooks_group.command("verify")
@_secret_option
@click.option("--signature", required=True, help="The X-Request-Signature-SHA-256 header's value.")
@click.option("--json", "as_json", is_flag=True, help="Print the event's JSON on stdout.")
def webhooks_verify(secret: str, signature: str, as_json: bool) -> None:
    """Check one delivery: its raw body on stdin, its signature as --signature."""

    def action() -> None:
        body = sys.stdin.buffer.read(MAX_WEBHOOK_BYTES + 1)
        if len(body) > MAX_WEBHOOK_BYTES:
            raise ValueError(f"a webhook body is at most {MAX_WEBHOOK_BYTES} bytes")
        event = parse_webhook(body, {SIGNATURE_HEADERS[0]: signature}, secret)
        if as_json:  # json.dumps escapes what a terminal would act on: no escaping needed
            click.echo(json.dumps(json.loads(body)))
        else:
            _echo(f"valid: {_event_line(event)}")

    _run(False, action)


def _show_subscription(subscription: WebhookSubscription) -> str:
    paused = " (paused)" if subscription.paused is True else ""
    return f"{subscription.id}  {subscription.url}{paused}"


@webhooks_group.command("subscribe")
@click.argument("url")
@_secret_option
@_idempotency_option
@_json_option
@_api_command
def webhooks_subscribe(
    dwolla: Dwolla, url: str, secret: str, idempotency_key: str | None, as_json: bool
) -> None:
    """Ask Dwolla to deliver events to URL, signed with the secret (never printed)."""
    subscription = dwolla.webhook_subscriptions.create(
        url, secret, idempotency_key=idempotency_key, retrieve=True
    )
    if as_json:
        _print_json({"subscription": _as_json(subscription)})
    else:
        _echo(f"subscribed: {_show_subscription(subscription)}")


@webhooks_group.command("subscriptions")
@_json_option
@_api_command
def webhooks_subscriptions(dwolla: Dwolla, as_json: bool) -> None:
    """List the application's webhook subscriptions (their secrets are never shown)."""
    found = dwolla.webhook_subscriptions.list()
    if as_json:
        _print_json({"subscriptions": [_as_json(s) for s in found], "total": len(found)})
        return
    for subscription in found:
        _echo(_show_subscription(subscription))


@webhooks_group.command("unsubscribe")
@click.argument("id_or_href")
@_json_option
@_api_command
def webhooks_unsubscribe(dwolla: Dwolla, id_or_href: str, as_json: bool) -> None:
    """Delete a webhook subscription: Dwolla delivers nothing more to it."""
    deleted = dwolla.webhook_subscriptions.delete(id_or_href)
    if as_json:
        _print_json({"subscription": _as_json(deleted)})
    else:
        _echo(f"unsubscribed: {_show_subscription(deleted)}")


@webhooks_group.command("listen")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port on 127.0.0.1 (0 picks a free one).",
)
@_secret_option
@click.option("--json", "as_json", is_flag=True, help="Print each event's raw JSON, one per line.")
@click.option(
    "--max-age",
    type=click.FloatRange(min=0, min_open=True, max=1e9),
    default=None,
    help="Refuse events created more than this many seconds ago (replays).",
)
def webhooks_listen(port: int, secret: str, as_json: bool, max_age: float | None) -> None:
    """Receive deliveries on 127.0.0.1: verify each, print one line per event (stdout) and
    one per rejected or repeated delivery (stderr). An event id is printed once. Ctrl-C stops."""
    from ._webhook_receiver import WebhookReceiver

    def on_event(body: bytes, event: WebhookEvent) -> None:
        if as_json:  # one event per line, valid JSON (json.dumps escapes control characters)
            click.echo(json.dumps(json.loads(body)))
        else:
            _echo(_event_line(event))

    def on_rejected(reason: str) -> None:
        _echo(reason if reason.startswith("duplicate:") else f"rejected: {reason}", err=True)

    try:
        receiver = WebhookReceiver(port, secret, on_event, on_rejected, max_age=max_age)
    except OSError as exc:
        _echo(f"error: cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_API_ERROR)
    _echo(f"listening on {receiver.url} (Ctrl-C stops)", err=True)
    try:
        receiver.serve_forever()
    except KeyboardInterrupt:
        _echo("stopped", err=True)
    finally:
        receiver.close()
