"""AsyncDwolla on the optional aiohttp-backed client: same behaviour, owned and closed by us."""

from __future__ import annotations

import pytest

import dwolla_exchange
from dwolla_exchange import APIConnectionError, NotFoundError, ServerError
from dwolla_exchange.testing import FakeDwolla, Fault

pytestmark = pytest.mark.anyio


async def test_retrieve_follow_and_renew_token() -> None:
    with FakeDwolla() as fake:
        http = dwolla_exchange.DefaultAioHttpClient()
        async with fake.async_client(http_client=http) as dwolla:
            session = await dwolla.exchange_sessions.retrieve(fake.example_id("MxExchangeSession"))
            partner = await dwolla.follow(session.links.exchange_partner)
            fake.expire_tokens()
            again = await dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
        assert isinstance(partner, dwolla_exchange.ExchangePartner)  # from its resource-type
        assert partner.name == "MX"
        assert dwolla_exchange.plaid_link_token(again) is not None
        assert fake.token_requests == 2
        assert http.is_closed  # made for AsyncDwolla, so closed with it


async def test_errors_and_retries() -> None:
    with FakeDwolla() as fake:
        fake.inject(Fault.error(503), "/exchange-sessions/*", times=1)
        async with fake.async_client(http_client=dwolla_exchange.DefaultAioHttpClient()) as dwolla:
            await dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
            assert len(fake.requests_to("/exchange-sessions/")) == 2
            with pytest.raises(NotFoundError):
                await dwolla.exchange_sessions.retrieve("00000000-0000-4000-8000-000000000000")
            fake.inject(Fault.error(500), "/exchange-sessions/*", times=None)
            with pytest.raises(ServerError):
                await dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
            fake.faults.clear()
            fake.inject(Fault.reset_before_response(), "/exchange-sessions/*", times=None)
            with pytest.raises(APIConnectionError):  # httpx-aiohttp may call it a timeout
                await dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
