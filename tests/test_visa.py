"""Visa Instant Account Verification, as Dwolla's Visa guide documents it: a page-based
partner like MX (its session links a page on link.visa.com), a required https redirect URL,
and an end that is a redirect back with ``?exchange=<id>`` (Dwolla made the exchange) or
``?error=AUTHENTICATION_ERROR|USER_CANCELLED|TEMPORARY_ERROR``. Every flavour, over loopback
and in-process."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

import dwolla_exchange
from dwolla_exchange import (
    BadRequestError,
    ExchangeRedirectError,
    ProviderPage,
    handoff,
    redirect_result,
)
from dwolla_exchange.cli import main
from dwolla_exchange.testing import FakeDwolla
from dwolla_exchange_api.models import Amount, ExchangeSession

from .conftest import ClientUnderTest, example_value, skip_aiohttp_in_process

CUSTOMER = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55"
RETURN = "https://app.example.com/visa/return"  # the redirect URL configured with Dwolla
EXCHANGE = "92822961-3a7f-42c0-b0cc-7ffef05717fa"


def test_visa_from_session_to_balance_through_reauth(
    where: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    skip_aiohttp_in_process(where, client_under_test)
    call, dwolla = client_under_test.call, client_under_test.open(where)
    session = call(lambda: dwolla.exchange_sessions.create(CUSTOMER, "Visa", RETURN, retrieve=True))
    page = handoff(session)
    assert isinstance(page, ProviderPage)  # a page for the browser, as MX's
    parts = urlsplit(page.url)
    assert (parts.scheme, parts.hostname) == ("https", "link.visa.com")
    assert parse_qs(parts.query)["redirect_uri"] == [RETURN]
    back = where.complete_session(session)  # Dwolla's demo user u35490150: success
    assert back is not None
    assert back.startswith(RETURN + "?exchange=")
    exchange = call(lambda: dwolla.exchanges.retrieve(redirect_result(back)))
    assert exchange.status == "active"  # no POST /customers/{id}/exchanges for Visa
    source = call(
        lambda: dwolla.funding_sources.create(
            CUSTOMER, exchange, name="Jane Doe - Visa", bank_account_type="checking"
        )
    )
    balance = call(lambda: dwolla.funding_sources.balance(source))
    assert isinstance(balance.available, Amount)
    where.require_reauth(exchange)
    asked = client_under_test.outcome(lambda: dwolla.funding_sources.balance(source))
    assert isinstance(asked, dwolla_exchange.UpdateCredentialsError)
    reauth = call(lambda: dwolla.exchange_sessions.reauth(asked, RETURN, retrieve=True))
    assert isinstance(handoff(reauth), ProviderPage)
    again = where.complete_session(reauth)
    assert again is not None
    assert redirect_result(again) == exchange.id  # the same exchange, active again
    assert isinstance(call(lambda: dwolla.funding_sources.balance(source)).available, Amount)


@pytest.mark.parametrize(
    ("user", "code"),
    [("u92721594", "AUTHENTICATION_ERROR"), ("u91902655", "TEMPORARY_ERROR")],
)
def test_visa_demo_users_that_fail_come_back_with_the_documented_error(
    fake: FakeDwolla, user: str, code: str
) -> None:
    with fake.client() as dwolla:
        session = dwolla.exchange_sessions.create(CUSTOMER, "Visa", RETURN)
    back = fake.complete_session(session, visa_user=user)
    assert back == f"{RETURN}?error={code}"
    with pytest.raises(ExchangeRedirectError) as caught:
        redirect_result(back)
    assert caught.value.code == code
    assert caught.value.may_retry
    assert fake.complete_session(session).startswith(RETURN + "?exchange=")  # type: ignore[union-attr]  # tried again


def test_a_visa_user_with_no_account_gets_an_exchange_but_no_funding_source(
    fake: FakeDwolla,
) -> None:
    with fake.client() as dwolla:
        session = dwolla.exchange_sessions.create(CUSTOMER, "Visa", RETURN)
        back = fake.complete_session(session, visa_user="u51613239")
        assert back is not None
        with pytest.raises(BadRequestError, match="No account"):
            dwolla.funding_sources.create(
                CUSTOMER, redirect_result(back), name="x", bank_account_type="checking"
            )


@pytest.mark.parametrize("redirect_url", [None, "com.example.app", "http://app.example.com/r"])
def test_visa_without_an_https_redirect_url_is_refused_before_sending(
    fake: FakeDwolla, redirect_url: str | None
) -> None:
    with fake.client() as dwolla, pytest.raises(ValueError, match="redirect_url"):
        dwolla.exchange_sessions.create(CUSTOMER, "Visa", redirect_url)
    assert [r.path for r in fake.requests if r.method == "POST"] == []


def test_the_fake_itself_refuses_a_visa_session_without_a_redirect(fake: FakeDwolla) -> None:
    visa = fake.example_id("VisaExchangePartner")
    with fake.client() as dwolla, pytest.raises(BadRequestError, match="redirect URL"):
        dwolla.exchange_sessions.create(CUSTOMER, visa)  # by id: nothing to check before sending


@pytest.mark.parametrize(
    "returned",
    [
        f"{RETURN}?exchange={EXCHANGE}",
        f"{RETURN}?state=abc&exchange={EXCHANGE}",
        f"exchange={EXCHANGE}",
        f"?exchange={EXCHANGE.upper()}",
    ],
)
def test_redirect_result_takes_the_url_or_its_query(returned: str) -> None:
    assert str(redirect_result(returned)) == EXCHANGE


@pytest.mark.parametrize(
    ("returned", "code", "may_retry"),
    [
        (f"{RETURN}?error=AUTHENTICATION_ERROR", "AUTHENTICATION_ERROR", True),
        (f"{RETURN}?error=USER_CANCELLED", "USER_CANCELLED", True),
        ("error=TEMPORARY_ERROR", "TEMPORARY_ERROR", True),
        (f"{RETURN}?error=SOMETHING_NEW", "SOMETHING_NEW", False),
        (RETURN, None, False),
        (f"{RETURN}?exchange=not-an-id", None, False),
        (f"{RETURN}?exchange={EXCHANGE}&exchange={EXCHANGE}", None, False),
    ],
)
def test_redirect_result_errors_are_typed(returned: str, code: str | None, may_retry: bool) -> None:
    with pytest.raises(ExchangeRedirectError) as caught:
        redirect_result(returned)
    assert (caught.value.code, caught.value.may_retry) == (code, may_retry)
    assert isinstance(caught.value, dwolla_exchange.DwollaError)


def test_the_documented_visa_session_is_a_provider_page() -> None:
    session = ExchangeSession.from_dict(example_value("VisaExchangeSession"))
    page = handoff(session)
    assert isinstance(page, ProviderPage)
    assert page.url.startswith("https://link.visa.com/1.0/account-check/connect?")
    assert dwolla_exchange.MxConnectWidget is ProviderPage  # the old name still works


def test_the_cli_names_visas_page(fake: FakeDwolla, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DWOLLA_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("DWOLLA_CLIENT_SECRET", fake.client_secret)
    monkeypatch.setenv("DWOLLA_BASE_URL", fake.base_url)
    monkeypatch.delenv("DWOLLA_ENVIRONMENT", raising=False)
    created: Any = CliRunner().invoke(
        main,
        ["sessions", "create", CUSTOMER, "--partner", "Visa", "--redirect-url", RETURN],
    )
    assert created.exit_code == 0, created.output
    assert "Visa's page" in created.output
    assert "?exchange=ID" in created.output
    assert "MX Connect" not in created.output
