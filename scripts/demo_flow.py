"""make demo, second part: the whole bank-linking flow, offline, for MX, Plaid and Visa.

The fake runs on loopback in this process, so that it can also play the end user
(``complete_session``) and force a re-authentication (``require_reauth``).
"""

from __future__ import annotations

import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from dwolla_exchange import (
    Amount,
    Dwolla,
    UpdateCredentialsError,
    WebhookEvent,
    handoff,
    redirect_result,
    webhooks,
)
from dwolla_exchange.testing import FakeDwolla

CUSTOMER = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55"
WEBHOOK_SECRET = "demo-webhook-secret"  # noqa: S105 (the demo's own, offline)
# Visa sends the end user's browser back here (the URL configured with Dwolla).
VISA_RETURN = "https://app.example.com/visa/return"
arrived: queue.Queue[WebhookEvent] = queue.Queue()


class WebhookHandler(BaseHTTPRequestHandler):
    """The integrator's webhook endpoint: verify the signature, then take the event."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            arrived.put(webhooks.parse(body, self.headers, WEBHOOK_SECRET))
            self.send_response(200)
        except webhooks.WebhookSignatureError:
            self.send_response(401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


def wait_for(topic: str) -> WebhookEvent:
    while True:
        event = arrived.get(timeout=10)
        if event.topic == topic:
            return event


def step(text: str) -> None:
    print(f"  {text}")


def money(amount: object) -> str:
    """A decimal string and its currency, as Dwolla sends them (never a float)."""
    return f"{amount.value} {amount.currency}" if isinstance(amount, Amount) else "not reported"


def walk(fake: FakeDwolla, dwolla: Dwolla, partner: str) -> None:
    print(f"\n{partner}: session -> end user -> exchange -> funding source -> balance -> re-auth")
    redirect = VISA_RETURN if partner == "Visa" else None
    session = dwolla.exchange_sessions.create(CUSTOMER, partner, redirect, retrieve=True)
    step(f"session created; the front end gets {type(handoff(session)).__name__}")
    produced = fake.complete_session(session, accounts=("Jane's Checking",))
    if partner == "Visa":
        assert produced is not None
        step(f"end user finished Visa's page; the browser came back to {produced.split('?')[0]}")
        exchange = dwolla.exchanges.retrieve(redirect_result(produced))
    elif partner == "MX":
        (connection,) = dwolla.available_exchange_connections.list(CUSTOMER)
        step(f"end user connected {connection.name!r} in MX's widget")
        exchange = dwolla.exchanges.create(
            CUSTOMER, partner, available_connection=connection, retrieve=True
        )
    else:
        step("end user finished Plaid Link; the front end got a public token")
        exchange = dwolla.exchanges.create(CUSTOMER, partner, public_token=produced, retrieve=True)
    step(f"exchange {exchange.id} is {exchange.status}")
    source = dwolla.funding_sources.create(
        CUSTOMER,
        exchange,
        name=f"Jane Doe - {partner} checking",
        bank_account_type="checking",
        retrieve=True,
    )
    step(f"funding source {source.name!r} is {source.status}")
    balance = dwolla.funding_sources.balance(source)
    step(f"balance: {money(balance.available)} available")
    fake.require_reauth(exchange)
    event = wait_for("customer_exchange_reauth_required")
    step(f"webhook arrived, signature verified: {event.topic} for exchange {event.resource_id}")
    try:
        dwolla.funding_sources.balance(source)
    except UpdateCredentialsError as error:
        step(f"balance again: {error.code}, the bank wants the end user to sign in again")
        reauth = dwolla.exchange_sessions.reauth(error, redirect, retrieve=True)
        fake.complete_session(reauth)
        step("re-authentication session created and completed by the end user")
    balance = dwolla.funding_sources.balance(source)
    step(f"balance after re-auth: {money(balance.available)} available")


def main() -> None:
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), WebhookHandler)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        with FakeDwolla() as fake, fake.client() as dwolla:
            fake.subscribe(f"http://127.0.0.1:{receiver.server_address[1]}/dwolla", WEBHOOK_SECRET)
            for partner in ("MX", "Plaid", "Visa"):
                walk(fake, dwolla, partner)
    finally:
        receiver.shutdown()
        receiver.server_close()
    print("\nBank-linking flow done for MX, Plaid and Visa, fake stopped.")


if __name__ == "__main__":
    main()
