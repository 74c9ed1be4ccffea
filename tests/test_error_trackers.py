"""What an error tracker records never holds a secret.

Sentry's ``include_local_variables`` and rich's ``show_locals`` record the locals of every
frame of a traceback; error trackers also record ``str(err)``, ``err.body`` and the chained
cause. A hostile server may hide the secret from a byte-level scrub (a reason phrase, UTF-16,
JSON escapes); a configuration mistake raises while the secret is being set up.
"""

from __future__ import annotations

import asyncio
import base64
import json
import math
import os
import traceback
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from dwolla_exchange import AsyncDwolla, Dwolla, DwollaError
from dwolla_exchange.cli import main

from . import hostile

SECRET = "tracker-secret-0123456789"
BASIC = base64.b64encode(f"tracker-id:{SECRET}".encode()).decode()
SESSION_ID = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d"
FORBIDDEN = (SECRET, BASIC, hostile.TOKEN)


def _escaped(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in text)


def _raw(status: str, body: bytes, content_type: str = "application/json") -> hostile.Script:
    def answer(exchange: hostile.Exchange) -> None:
        head = f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nContent-Type: {content_type}"
        exchange.send(head.encode("latin-1") + b"\r\n\r\n" + body)

    return answer


def _json_in(encoding: str) -> bytes:
    return json.dumps(
        {"code": "ValidationError", "message": f"bad secret {SECRET} and {hostile.TOKEN}"}
    ).encode(encoding)


# (API script, token script): each hides the secret or the token from a byte-level scrub.
CHANNELS: dict[str, tuple[hostile.Script, hostile.Script]] = {
    "token 401 reason phrase": (
        _raw("404 Not Found", b"{}"),
        _raw(f"401 bad {SECRET}", b""),
    ),
    "api reason phrase": (_raw(f"418 teapot {hostile.TOKEN}", b""), hostile.good_token),
    "utf-16 body": (_raw("400 Bad Request", _json_in("utf-16")), hostile.good_token),
    "utf-16-be body": (_raw("400 Bad Request", _json_in("utf-16-be")), hostile.good_token),
    "utf-32 body": (_raw("400 Bad Request", _json_in("utf-32")), hostile.good_token),
    "escaped json": (
        _raw(
            "400 Bad Request",
            (
                '{"code": "ValidationError", "message": "'
                + _escaped(SECRET)
                + " "
                + _escaped(hostile.TOKEN)
                + '", "_embedded": {"errors": [{"code": "x", "message": "'
                + _escaped(BASIC)
                + '", "path": "/a"}]}}'
            ).encode(),
        ),
        hostile.good_token,
    ),
}


def _failure(flavour: str, base_url: str) -> DwollaError:
    """The error one retrieve raises, with the ``sync`` or ``async`` client."""
    options: dict[str, Any] = {
        "client_id": "tracker-id",
        "client_secret": SECRET,
        "base_url": base_url,
        "max_retries": 0,
    }
    if flavour == "sync":
        with Dwolla(**options) as dwolla, pytest.raises(DwollaError) as caught:
            dwolla.exchange_sessions.retrieve(SESSION_ID)
        return caught.value

    async def run() -> None:
        async with AsyncDwolla(**options) as dwolla:
            await dwolla.exchange_sessions.retrieve(SESSION_ID)

    with pytest.raises(DwollaError) as caught:
        asyncio.run(run())
    return caught.value


def _shown(error: BaseException) -> list[str]:
    """Everything about an error that a person or a tracker reads."""
    texts = [str(error), repr(error), repr(vars(error)), repr(error.args)]
    response = getattr(error, "response", None)
    if isinstance(response, httpx.Response):
        texts += [response.reason_phrase, response.text, repr(dict(response.headers))]
    cause = error.__cause__
    if cause is not None:
        texts += [str(cause), repr(cause)]
    return texts


def _assert_clean(texts: list[str]) -> None:
    for text in texts:
        for secret in FORBIDDEN:
            assert secret not in text, (secret, text)


@pytest.mark.parametrize("channel", list(CHANNELS))
@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_decoded_error_text_is_scrubbed(channel: str, flavour: str) -> None:
    api, token = CHANNELS[channel]
    with hostile.HostileServer(api, token=token) as server:
        error = _failure(flavour, server.base_url)
    _assert_clean(_shown(error))
    assert "[redacted]" in " ".join(_shown(error))  # there was something to scrub


@pytest.mark.parametrize("channel", ["token 401 reason phrase", "utf-16 body", "escaped json"])
def test_the_cli_prints_no_secret_from_decoded_error_text(
    channel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    api, token = CHANNELS[channel]
    with hostile.HostileServer(api, token=token) as server:
        monkeypatch.setenv("DWOLLA_CLIENT_ID", "tracker-id")
        monkeypatch.setenv("DWOLLA_CLIENT_SECRET", SECRET)
        monkeypatch.setenv("DWOLLA_BASE_URL", server.base_url)
        result = CliRunner().invoke(main, ["sessions", "get", SESSION_ID])
    assert result.exit_code == 1, result.output
    _assert_clean([result.output, result.stderr])


# -- configuration mistakes: the locals of every frame ------------------------------------------

DATABASE_URL = "postgres://app:db-password-123@db.internal/app"


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.startswith("DWOLLA_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("DATABASE_URL", DATABASE_URL)
    return monkeypatch


def _locals_of_our_frames(error: BaseException) -> str:
    """The frame locals an error tracker would record, from the library's own frames."""
    seen = traceback.TracebackException.from_exception(error, capture_locals=True)
    lines = []
    for frame in seen.stack:
        if "dwolla_exchange" in frame.filename:
            lines.append(f"{frame.filename}:{frame.name} {frame.locals!r}")
    assert lines, "the error was raised outside the library"
    return "\n".join(lines)


MISTAKES: dict[str, tuple[dict[str, str], dict[str, Any]]] = {
    # name: (environment, arguments)
    "base_url typo": ({"DWOLLA_CLIENT_SECRET": SECRET}, {"base_url": "htps://api.dwolla.com"}),
    "environment typo": (
        {"DWOLLA_CLIENT_SECRET": SECRET, "DWOLLA_ENVIRONMENT": "sandbx"},
        {},
    ),
    "negative timeout": ({}, {"client_secret": SECRET, "timeout": -1}),
    "nan backoff": ({}, {"client_secret": SECRET, "retry_backoff_max": math.nan}),
    "bad max_response_bytes": ({}, {"client_secret": SECRET, "max_response_bytes": 0}),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
@pytest.mark.parametrize("cls", [Dwolla, AsyncDwolla])
def test_a_configuration_mistake_leaves_no_secret_in_any_frames_locals(
    mistake: str, cls: type[Any], environment: pytest.MonkeyPatch
) -> None:
    env, arguments = MISTAKES[mistake]
    for name, value in env.items():
        environment.setenv(name, value)
    with pytest.raises((ValueError, TypeError)) as caught:
        cls(client_id="tracker-id", **arguments)
    recorded = _locals_of_our_frames(caught.value)
    assert SECRET not in recorded
    assert DATABASE_URL not in recorded  # no copy of os.environ kept as a local
    assert "'[redacted]'" in recorded or "Secret(" in recorded  # the secret was there, wrapped


def test_repr_of_a_half_built_client_is_safe_for_capture_locals(
    environment: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ValueError, match="timeout") as caught:
        Dwolla(client_id="tracker-id", client_secret=SECRET, timeout=-1)
    # Formats `self` (a client whose __init__ stopped half way) among the locals.
    text = "".join(
        traceback.TracebackException.from_exception(caught.value, capture_locals=True).format()
    )
    assert "Dwolla(<not configured>)" in text
    assert SECRET not in text


@pytest.mark.parametrize("flavour", ["sync", "async", "sync-token", "async-token"])
def test_the_chained_httpx_error_after_a_reset_holds_no_credentials(flavour: str) -> None:
    def reset(exchange: hostile.Exchange) -> None:
        exchange.sock.close()
        exchange.closed = True

    token_reset = flavour.endswith("token")

    with hostile.HostileServer(reset, token=reset if token_reset else hostile.good_token) as s:
        error = _failure(flavour.split("-")[0], s.base_url)
    cause = error.__cause__
    texts = [_locals_of_cause(error)]
    if not token_reset:  # a token failure reaches each waiter as its own copy, without a cause
        assert isinstance(cause, httpx.TransportError), repr(error)
        assert cause.request.headers["authorization"] == "[redacted]"
        texts.append(repr(dict(cause.request.headers)))
    _assert_clean(texts)


def _locals_of_cause(error: BaseException) -> str:
    """The locals of every frame but the test's own, through the chained causes (httpx's
    and httpcore's frames included)."""
    seen: traceback.TracebackException | None = traceback.TracebackException.from_exception(
        error, capture_locals=True
    )
    lines = []
    while seen is not None:
        lines += [f"{f.name} {f.locals!r}" for f in seen.stack if "/tests/" not in f.filename]
        seen = seen.__cause__ or seen.__context__
    return "\n".join(lines)


# -- options that would fail every call -----------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("timeout", math.inf),
        ("timeout", 1e300),
        ("timeout", math.nan),
        ("timeout", -1),
        ("timeout", httpx.Timeout(math.nan)),
        ("timeout", httpx.Timeout(5.0, read=math.inf)),
        ("retry_backoff", math.nan),
        ("retry_backoff_max", math.nan),
        ("retry_backoff_max", math.inf),
        ("retry_budget", math.nan),
    ],
    ids=repr,
)
@pytest.mark.parametrize("cls", [Dwolla, AsyncDwolla])
def test_non_finite_options_are_refused_when_the_client_is_made(
    cls: type[Any], option: str, value: object
) -> None:
    with pytest.raises(ValueError, match=option.split("_max")[0]):
        cls(client_id="a", client_secret="b" * 8, **{option: value})


@pytest.mark.parametrize("value", [math.inf, math.nan, 1e300])
def test_non_finite_per_call_timeouts_are_refused_before_sending(value: float) -> None:
    with hostile.HostileServer(_raw("404 Not Found", b"{}")) as server:
        with (
            Dwolla(client_id="a", client_secret="b" * 8, base_url=server.base_url) as dwolla,
            pytest.raises(ValueError, match="timeout"),
        ):
            dwolla.exchange_sessions.retrieve(SESSION_ID, timeout=value)
        assert server.log == []


# -- a malformed base_url never quotes its password ---------------------------------------------

PASSWORD = "url-password-987654"


@pytest.mark.parametrize(
    "base_url",
    [
        f"htps://svc:{PASSWORD}@api.dwolla.com",
        f"https//svc:{PASSWORD}@api.dwolla.com",
        f"https://svc:{PASSWORD}@api.dwolla.com:port",
        f"https://svc:{PASSWORD}@[::1",
        f"http://svc:{PASSWORD}@example.com",
        f"https://svc:{PASSWORD}@api.dwolla.com/?q=1",
        f"https://svc:{PASSWORD}@api.dwolla.com",
    ],
)
def test_a_base_url_with_userinfo_is_refused_without_quoting_it(
    base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ValueError, match="base_url") as caught:
        Dwolla(client_id="a", client_secret="b" * 8, base_url=base_url)
    assert PASSWORD not in str(caught.value)
    monkeypatch.setenv("DWOLLA_CLIENT_ID", "a")
    monkeypatch.setenv("DWOLLA_CLIENT_SECRET", "b" * 8)
    result = CliRunner().invoke(main, ["sessions", "get", SESSION_ID, "--base-url", base_url])
    assert result.exit_code != 0
    assert PASSWORD not in result.output
    assert "base_url" in result.output or "base-url" in result.output
