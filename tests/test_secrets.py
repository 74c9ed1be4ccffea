"""The client secret and access tokens never show in reprs, errors or logs."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest

from dwolla_exchange import AsyncDwolla, AuthenticationError, Dwolla, DwollaError, NotFoundError
from dwolla_exchange.testing import FakeDwolla, Fault

SECRET = "s3cr3t-value-that-must-not-leak"


def _assert_clean(text: str, fake: FakeDwolla) -> None:
    assert SECRET not in text
    for token in fake.issued_tokens:
        assert token not in text
    assert not re.search(r"Bearer\s+fake-", text)
    assert "Basic " not in text


@pytest.fixture
def fake() -> Iterator[FakeDwolla]:
    with FakeDwolla(client_secret=SECRET) as running:
        yield running


def test_nothing_leaks_through_reprs_errors_or_debug_logs(
    fake: FakeDwolla, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # everything: ours, httpx's and httpcore's loggers
    texts: list[str] = []
    with fake.client() as dwolla:
        texts += [
            repr(dwolla),
            str(dwolla),
            repr(dwolla._auth),
            repr(dwolla._auth.cache),
            repr(dwolla._settings),
        ]
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
        fake.inject(Fault.error(503), "/exchange-sessions/*")
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
        fake.expire_tokens()
        try:
            dwolla.exchange_sessions.retrieve("00000000-0000-4000-8000-000000000000")
        except NotFoundError as exc:
            texts += [str(exc), repr(exc), repr(exc.headers), repr(exc.body)]
        texts += [repr(dwolla._auth.cache._token)]
    assert len(fake.issued_tokens) == 2
    log_text = "\n".join(r.getMessage() for r in caplog.records)
    assert "dwolla_exchange" in {r.name for r in caplog.records}
    assert "[redacted]" in log_text  # the Authorization header was logged, redacted
    assert "retrying" in log_text
    _assert_clean(log_text, fake)
    for text in texts:
        _assert_clean(text, fake)


def test_failed_token_request_error_does_not_leak(fake: FakeDwolla) -> None:
    with (
        Dwolla(
            client_id=fake.client_id, client_secret=SECRET + "x", base_url=fake.base_url
        ) as dwolla,
        pytest.raises(AuthenticationError) as caught,
    ):
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    for text in (str(caught.value), repr(caught.value), repr(caught.value.__dict__)):
        assert SECRET not in text
        assert "Basic" not in text


def test_async_client_repr(fake: FakeDwolla) -> None:
    client = AsyncDwolla(client_id=fake.client_id, client_secret=SECRET, base_url=fake.base_url)
    assert SECRET not in repr(client)
    assert fake.client_id in repr(client)


def test_quiet_by_default(fake: FakeDwolla, capsys: pytest.CaptureFixture[str]) -> None:
    with fake.client() as dwolla:
        dwolla.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""
    assert logging.getLogger("dwolla_exchange").level == logging.NOTSET


def test_errors_are_catchable_at_every_level() -> None:
    import dwolla_exchange.errors as errors

    assert issubclass(errors.NotFoundError, errors.APIStatusError)
    assert issubclass(errors.APIStatusError, DwollaError)
    assert issubclass(errors.APITimeoutError, errors.APIConnectionError)
    assert issubclass(errors.APIConnectionError, DwollaError)
    assert issubclass(errors.ResponseValidationError, DwollaError)
