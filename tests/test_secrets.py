"""The client secret and access tokens never show in reprs, errors or logs."""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
import yaml

import dwolla_exchange_api.models
from dwolla_exchange import (
    AsyncDwolla,
    AuthenticationError,
    BadRequestError,
    Dwolla,
    DwollaError,
    NotFoundError,
    ResponseValidationError,
)
from dwolla_exchange.testing import FakeDwolla, Fault

from . import hostile
from .conftest import SPEC_PATH

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


# -- whatever a hostile server sends back, no secret reaches an error, a log or the CLI --------

BASIC = base64.b64encode(f"hostile-id:{SECRET}".encode()).decode()


def _texts_of(error: BaseException) -> list[str]:
    texts = [str(error), repr(error), repr(vars(error))]
    cause = error.__cause__ or error.__context__
    if cause is not None:
        texts += [str(cause), repr(cause)]
    return texts


def _assert_no_secret(texts: list[str], *extra: str) -> None:
    for text in texts:
        for secret in (SECRET, BASIC, hostile.TOKEN, *extra):
            assert secret not in text, (secret, text)


def _echo_everything(exchange: hostile.Exchange) -> None:
    authorization = exchange.headers.get("authorization", "")
    body = {
        "code": "ValidationError",
        "message": f"you sent {authorization} with secret {SECRET} ({json.dumps(SECRET)})",
        "_embedded": {"errors": [{"code": "Invalid", "message": authorization, "path": SECRET}]},
        "echo": {"basic": BASIC, "token": hostile.TOKEN},
    }
    exchange.reply_json(400, body, headers={"X-Echo": authorization, "X-Secret": SECRET})


def _hostile_client(server: hostile.HostileServer) -> Dwolla:
    return Dwolla(client_id="hostile-id", client_secret=SECRET, base_url=server.base_url)


def test_credentials_echoed_into_an_error_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with hostile.HostileServer(_echo_everything) as server, _hostile_client(server) as dwolla:
        with pytest.raises(BadRequestError) as caught:
            dwolla.exchange_sessions.retrieve("fcd15e5f-8d13-4570-a9b7-7fb49e55941d")
        assert f"Bearer {hostile.TOKEN}" in server.log[-1][2]["authorization"]  # it was sent
    error = caught.value
    texts = [*_texts_of(error), repr(error.body), repr(error.headers), repr(error.details)]
    texts.append("\n".join(r.getMessage() for r in caplog.records))
    _assert_no_secret(texts)
    assert "[redacted]" in str(error)


def test_a_token_with_cr_lf_is_refused_before_it_reaches_a_header(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    injected = "tok\r\nX-Injected: yes"

    def crlf_token(exchange: hostile.Exchange) -> None:
        exchange.reply_json(
            200, {"access_token": injected, "token_type": "bearer", "expires_in": 3600}
        )

    with hostile.HostileServer(_echo_everything, token=crlf_token) as server:
        with _hostile_client(server) as dwolla, pytest.raises(ResponseValidationError) as caught:
            dwolla.exchange_sessions.retrieve("fcd15e5f-8d13-4570-a9b7-7fb49e55941d")
        assert [path for _, path, _ in server.log] == ["/token"]
    assert caught.value.token_request
    texts = [*_texts_of(caught.value), "\n".join(r.getMessage() for r in caplog.records)]
    _assert_no_secret(texts, injected, "X-Injected")


def test_a_201_token_response_is_a_token_not_an_error_holding_it() -> None:
    def created_token(exchange: hostile.Exchange) -> None:
        exchange.reply_json(
            201, {"access_token": hostile.TOKEN, "token_type": "bearer", "expires_in": 3600}
        )

    with (
        hostile.HostileServer(_echo_everything, token=created_token) as server,
        _hostile_client(server) as dwolla,
        pytest.raises(BadRequestError) as caught,
    ):
        dwolla.exchange_sessions.retrieve("fcd15e5f-8d13-4570-a9b7-7fb49e55941d")
    assert not caught.value.token_request  # the token worked; the API's echo is what failed
    _assert_no_secret([*_texts_of(caught.value), repr(caught.value.body)])


def test_a_token_error_echoing_the_secret_and_a_token_is_redacted() -> None:
    leaked = "leaked-token-value-123"

    def echoing_token_error(exchange: hostile.Exchange) -> None:
        exchange.reply_json(
            401,
            {
                "error": "invalid_client",
                "error_description": f"bad secret {SECRET}",
                "access_token": leaked,
            },
            headers={"WWW-Authenticate": f"Basic {BASIC}"},
        )

    with (
        hostile.HostileServer(_echo_everything, token=echoing_token_error) as server,
        _hostile_client(server) as dwolla,
        pytest.raises(AuthenticationError) as caught,
    ):
        dwolla.exchange_sessions.retrieve("fcd15e5f-8d13-4570-a9b7-7fb49e55941d")
    assert caught.value.token_request
    assert str(caught.value).startswith("token request: 401 invalid_client")
    _assert_no_secret(
        [*_texts_of(caught.value), repr(caught.value.body), repr(caught.value.headers)], leaked
    )


@pytest.mark.parametrize("debug", [[], ["--debug"]])
def test_cli_output_carries_no_secret_whatever_the_server_echoes(debug: list[str]) -> None:
    script = Path(sys.executable).parent / "dwolla-exchange"
    with hostile.HostileServer(_echo_everything) as server:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("DWOLLA_")}
        environment.update(
            DWOLLA_CLIENT_ID="hostile-id",
            DWOLLA_CLIENT_SECRET=SECRET,
            DWOLLA_BASE_URL=server.base_url,
        )
        result = subprocess.run(
            [str(script), "sessions", "get", "fcd15e5f-8d13-4570-a9b7-7fb49e55941d", *debug],
            capture_output=True,
            text=True,
            env=environment,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert "ValidationError" in result.stderr
    _assert_no_secret([result.stdout, result.stderr])


def _sensitive_properties() -> list[tuple[str, str]]:
    """(schema, property) for every property the spec marks `x-sensitive: true`."""
    spec = yaml.safe_load(SPEC_PATH.read_text("utf-8"))
    return [
        (schema_name, property_name)
        for schema_name, schema in spec["components"]["schemas"].items()
        for property_name, prop in schema.get("properties", {}).items()
        if prop.get("x-sensitive") is True
    ]


def test_the_spec_marks_the_known_secrets_sensitive() -> None:
    assert set(_sensitive_properties()) >= {
        ("ExchangeSession", "externalProviderSessionToken"),
        ("ExternalProviderSessionData", "payment_session_secret"),
        ("ExternalProviderSessionData", "payment_session_token"),
        ("TokenResponse", "access_token"),
    }


def _python_name(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@pytest.mark.parametrize("schema", sorted({schema for schema, _ in _sensitive_properties()}))
def test_x_sensitive_properties_are_generated_out_of_repr(schema: str) -> None:
    # The marker lives in the contract; our model template turns it into attrs repr=False,
    # for exactly the marked properties.
    marked = {_python_name(name) for s, name in _sensitive_properties() if s == schema}
    model = getattr(dwolla_exchange_api.models, schema)
    hidden = {field.name for field in attrs.fields(model) if field.repr is False}
    assert hidden == marked
