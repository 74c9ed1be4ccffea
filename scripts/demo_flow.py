"""make demo, second part: the whole bank-linking flow, offline, for MX and Plaid.

The fake runs on loopback in this process, so that it can also play the end user
(``complete_session``) and force a re-authentication (``require_reauth``).
"""

from __future__ import annotations

from dwolla_exchange import Amount, Dwolla, UpdateCredentialsError, handoff
from dwolla_exchange.testing import FakeDwolla

CUSTOMER = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55"


def step(text: str) -> None:
    print(f"  {text}")


def money(amount: object) -> str:
    """A decimal string and its currency, as Dwolla sends them (never a float)."""
    return f"{amount.value} {amount.currency}" if isinstance(amount, Amount) else "not reported"


def walk(fake: FakeDwolla, dwolla: Dwolla, partner: str) -> None:
    print(f"\n{partner}: session -> end user -> exchange -> funding source -> balance -> re-auth")
    session = dwolla.exchange_sessions.create(CUSTOMER, partner, retrieve=True)
    step(f"session created; the front end gets {type(handoff(session)).__name__}")
    produced = fake.complete_session(session, accounts=("Jane's Checking",))
    if partner == "MX":
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
    try:
        dwolla.funding_sources.balance(source)
    except UpdateCredentialsError as error:
        step(f"balance again: {error.code}, the bank wants the end user to sign in again")
        reauth = dwolla.exchange_sessions.reauth(error, retrieve=True)
        fake.complete_session(reauth)
        step("re-authentication session created and completed by the end user")
    balance = dwolla.funding_sources.balance(source)
    step(f"balance after re-auth: {money(balance.available)} available")


def main() -> None:
    with FakeDwolla() as fake, fake.client() as dwolla:
        for partner in ("MX", "Plaid"):
            walk(fake, dwolla, partner)
    print("\nBank-linking flow done for MX and Plaid, fake stopped.")


if __name__ == "__main__":
    main()
