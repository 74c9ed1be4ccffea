"""The ``dwolla-exchange`` command line.

Credentials come only from DWOLLA_CLIENT_ID / DWOLLA_CLIENT_SECRET, never from a flag, so
the secret stays out of shell history and process listings. Exit codes: 0 ok, 1 API or
network error, 2 usage or bad input.
"""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ._client import Dwolla
from .errors import DwollaError
from .sessions import external_provider_session_url, plaid_link_token, session_id

F = TypeVar("F", bound=Callable[..., Any])

EXIT_API_ERROR = 1
EXIT_USAGE = 2


def _connection_options(command: F) -> F:
    command = click.option(
        "--debug", is_flag=True, help="Show a traceback for errors (secrets stay redacted)."
    )(command)
    command = click.option(
        "--environment",
        type=click.Choice(["sandbox", "production"]),
        envvar="DWOLLA_ENVIRONMENT",
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
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_API_ERROR)
    except (ValueError, TypeError) as exc:
        if debug:
            raise
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _client(base_url: str | None, environment: str | None) -> Dwolla:
    return Dwolla(base_url=base_url, environment=environment)


def _timestamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


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
        widget_url = external_provider_session_url(session)
        link_token = plaid_link_token(session)
        if as_json:
            document: dict[str, Any] = {"session": session.to_dict()}
            if partner is not None:
                document["partner"] = partner.to_dict()
            _print_json(document)
            return
        click.echo(f"Exchange session {session_id(session)}")
        click.echo(f"  created:  {_timestamp(session.created)}")
        click.echo(f"  partner:  {session.links.exchange_partner.href}")
        if partner is not None:
            click.echo(f"  provider: {partner.name} ({partner.status})")
        if widget_url is not None:
            click.echo("  next:     send the end user's browser to the MX Connect widget URL:")
            click.echo(f"            {widget_url}")
        elif link_token is not None:
            click.echo(
                "  next:     open Plaid Link in the front end with this Link token (one use, short-lived):"
            )
            click.echo(f"            {link_token}")
        else:
            click.echo("  next:     this session carries neither a widget URL nor a Link token")

    _run(debug, action)


@main.group()
def partners() -> None:
    """Exchange partners."""


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
            _print_json({"partner": partner.to_dict()})
            return
        click.echo(f"Exchange partner {partner.id}")
        click.echo(f"  name:    {partner.name}")
        click.echo(f"  status:  {partner.status}")
        click.echo(f"  created: {_timestamp(partner.created)}")

    _run(debug, action)


@main.command()
@click.option(
    "--port", type=int, default=0, show_default=True, help="Port on 127.0.0.1 (0 picks a free one)."
)
@click.option("--latency", type=float, default=0.0, help="Seconds added to every API response.")
def fake(port: int, latency: float) -> None:
    """Run the offline fake Dwolla in the foreground (Ctrl-C stops it)."""
    from .testing.__main__ import serve

    sys.exit(serve(port, latency=latency))
