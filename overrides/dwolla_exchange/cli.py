"""The ``dwolla-exchange`` command line.

Credentials come only from DWOLLA_CLIENT_ID / DWOLLA_CLIENT_SECRET, never from a flag, so
the secret stays out of shell history and process listings. Exit codes: 0 ok, 1 API or
network error, 2 usage or bad input, 130 interrupted (Ctrl-C), as shells report SIGINT.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from dwolla_exchange_api.models import ExchangePartner, ExchangeSession

from ._client import Dwolla
from ._terminal import terminal_safe
from .errors import DwollaError
from .sessions import external_provider_session_url, plaid_link_token, session_id

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


def _as_json(model: ExchangeSession | ExchangePartner) -> dict[str, Any]:
    document = model.to_dict()
    if isinstance(model.created, datetime.datetime):  # a listed partner may come without one
        document["created"] = _timestamp(model.created)
    return document


def _print_json(document: dict[str, Any]) -> None:
    click.echo(json.dumps(document, indent=2, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dwolla-exchange")
def main() -> None:
    """Dwolla exchange sessions (MX, Plaid) from the shell.

    Set DWOLLA_CLIENT_ID and DWOLLA_CLIENT_SECRET; point at the sandbox (default), production,
    or the offline fake (`dwolla-exchange fake`) with --base-url.
    """


@main.group()
def sessions() -> None:
    """Exchange sessions."""


def _show_session(session: ExchangeSession, partner: ExchangePartner | None, as_json: bool) -> None:
    if as_json:
        document: dict[str, Any] = {"session": _as_json(session)}
        if partner is not None:
            document["partner"] = _as_json(partner)
        _print_json(document)
        return
    widget_url = external_provider_session_url(session)
    link_token = plaid_link_token(session)
    _echo(f"Exchange session {session_id(session)}")
    _echo(f"  href:     {session.links.self_.href}")
    _echo(f"  created:  {_timestamp(session.created)}")
    _echo(f"  partner:  {session.links.exchange_partner.href}")
    if partner is not None:
        _echo(f"  provider: {partner.name} ({partner.status})")
    if widget_url is not None:
        _echo("  next:     send the end user's browser to the MX Connect widget URL:")
        _echo(f"            {widget_url}")
    elif link_token is not None:
        _echo(
            "  next:     open Plaid Link in the front end with this Link token (one use, short-lived):"
        )
        _echo(f"            {link_token}")
    else:
        _echo("  next:     this session carries neither a widget URL nor a Link token")


@sessions.command("get")
@click.argument("id_or_href")
@click.option("--follow", is_flag=True, help="Also fetch the exchange partner and show its name.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout and nothing else.")
@_connection_options
def sessions_get(
    id_or_href: str,
    follow: bool,
    as_json: bool,
    base_url: str | None,
    environment: str | None,
    debug: bool,
) -> None:
    """Retrieve an exchange session and say what the front end does next."""

    def action() -> None:
        with _client(base_url, environment) as dwolla:
            session = dwolla.exchange_sessions.retrieve(id_or_href)
            partner = dwolla.follow(session.links.exchange_partner) if follow else None
        _show_session(session, partner, as_json)

    _run(debug, action)


_redirect_option = click.option(
    "--redirect-url", help="Plaid on mobile: the https URL to return to after OAuth."
)
_idempotency_option = click.option(
    "--idempotency-key",
    help="Reuse a key to make a repeated command return the first result (default: a new UUID).",
)


@sessions.command("create")
@click.option("--customer", required=True, help="The customer's id or href.")
@click.option("--partner", required=True, help="MX, Plaid, or a partner id or href.")
@_redirect_option
@_idempotency_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout and nothing else.")
@_connection_options
def sessions_create(
    customer: str,
    partner: str,
    redirect_url: str | None,
    idempotency_key: str | None,
    as_json: bool,
    base_url: str | None,
    environment: str | None,
    debug: bool,
) -> None:
    """Create an exchange session for a customer, then show it."""

    def action() -> None:
        with _client(base_url, environment) as dwolla:
            session = dwolla.exchange_sessions.create(
                customer, partner, redirect_url, idempotency_key=idempotency_key, retrieve=True
            )
            linked_partner = dwolla.follow(session.links.exchange_partner)
        _show_session(session, linked_partner, as_json)

    _run(debug, action)


@sessions.command("reauth", short_help="Create a session to re-authenticate an exchange.")
@click.argument("exchange")
@_redirect_option
@_idempotency_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout and nothing else.")
@_connection_options
def sessions_reauth(
    exchange: str,
    redirect_url: str | None,
    idempotency_key: str | None,
    as_json: bool,
    base_url: str | None,
    environment: str | None,
    debug: bool,
) -> None:
    """Create a session to re-authenticate EXCHANGE (an id or href), then show it."""

    def action() -> None:
        with _client(base_url, environment) as dwolla:
            session = dwolla.exchange_sessions.reauth(
                exchange, redirect_url, idempotency_key=idempotency_key, retrieve=True
            )
            linked_partner = dwolla.follow(session.links.exchange_partner)
        _show_session(session, linked_partner, as_json)

    _run(debug, action)


@main.group()
def partners() -> None:
    """Exchange partners."""


@partners.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout and nothing else.")
@_connection_options
def partners_list(
    as_json: bool, base_url: str | None, environment: str | None, debug: bool
) -> None:
    """List the exchange partners."""

    def action() -> None:
        with _client(base_url, environment) as dwolla:
            found = dwolla.exchange_partners.list()
        if as_json:
            _print_json({"partners": [_as_json(partner) for partner in found], "total": len(found)})
            return
        for partner in found:
            _echo(f"{partner.name:<10} {partner.status:<8} {partner.id}")

    _run(debug, action)


@partners.command("get")
@click.argument("id_or_href")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout and nothing else.")
@_connection_options
def partners_get(
    id_or_href: str, as_json: bool, base_url: str | None, environment: str | None, debug: bool
) -> None:
    """Retrieve an exchange partner."""

    def action() -> None:
        with _client(base_url, environment) as dwolla:
            partner = dwolla.exchange_partners.retrieve(id_or_href)
        if as_json:
            _print_json({"partner": _as_json(partner)})
            return
        _echo(f"Exchange partner {partner.id}")
        _echo(f"  name:    {partner.name}")
        _echo(f"  status:  {partner.status}")
        if isinstance(partner.created, datetime.datetime):
            _echo(f"  created: {_timestamp(partner.created)}")

    _run(debug, action)


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
