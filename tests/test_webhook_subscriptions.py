"""Webhook subscriptions through the client and the CLI: create, list, retrieve, delete on
every flavour against the fake; Dwolla's documented bodies and errors (from its published
description) typed; the secret never shown."""

from __future__ import annotations

import json
import logging
import os
import socket
from typing import Any

import pytest
from click.testing import CliRunner

from dwolla_exchange import BadRequestError, ForbiddenError, NotFoundError, errors
from dwolla_exchange.cli import main
from dwolla_exchange.testing import FakeDwolla, Fault
from dwolla_exchange_api.models import WebhookSubscription

from .conftest import ClientUnderTest

SECRET = "whsec-subscription-0123456789"
DOCUMENTED_ID = "077dfffb-4852-412f-96b6-0fe668066589"
# Dwolla's published description: a subscription, and the 400s of POST /webhook-subscriptions.
DOCUMENTED_SUBSCRIPTION = {
    "_links": {
        "self": {"href": f"https://api.dwolla.com/webhook-subscriptions/{DOCUMENTED_ID}"},
        "webhooks": {
            "href": f"https://api.dwolla.com/webhook-subscriptions/{DOCUMENTED_ID}/webhooks"
        },
    },
    "id": DOCUMENTED_ID,
    "url": "http://myapplication.com/webhooks",
    "paused": True,
    "created": "2022-10-28T16:20:47+00:00",
}
DOCUMENTED_ERRORS: dict[
    str, tuple[int, dict[str, Any], type[errors.APIStatusError], str | None]
] = {
    "invalid url": (
        400,
        {
            "code": "ValidationError",
            "message": "Validation error(s) present. See embedded errors list for more details.",
            "_embedded": {
                "errors": [
                    {
                        "code": "InvalidFormat",
                        "message": "Url must be a valid url.",
                        "path": "/url",
                        "_links": {},
                    }
                ]
            },
        },
        BadRequestError,
        "/url",
    ),
    "secret too long": (
        400,
        {
            "code": "ValidationError",
            "message": "Validation error(s) present. See embedded errors list for more details.",
            "_embedded": {
                "errors": [
                    {
                        "code": "InvalidFormat",
                        "message": "Secret must be 128 or fewer characters.",
                        "path": "/secret",
                        "_links": {},
                    }
                ]
            },
        },
        BadRequestError,
        "/secret",
    ),
    "max subscriptions": (
        400,
        {
            "code": "MaxNumberOfResources",
            "message": "The maximum number of subscriptions has been reached.",
        },
        BadRequestError,
        None,
    ),
    "forbidden": (
        403,
        {
            "code": "Forbidden",
            "message": "The supplied credentials are not authorized for this resource.",
        },
        ForbiddenError,
        None,
    ),
}


@pytest.fixture
def endpoint() -> str:
    """A loopback URL (the fake delivers to loopback only); nothing needs to answer."""
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{reserved.getsockname()[1]}/dwolla/webhooks"


def test_create_list_retrieve_delete(
    fake: FakeDwolla, client_under_test: ClientUnderTest, endpoint: str
) -> None:
    call, dwolla = client_under_test.call, client_under_test.open(fake)
    href = call(lambda: dwolla.webhook_subscriptions.create(endpoint, SECRET))
    assert href.startswith(f"{fake.base_url}/webhook-subscriptions/")
    created = fake.requests[-1]
    assert json.loads(created.body) == {"url": endpoint, "secret": SECRET}  # as Dwolla takes it
    assert created.headers.get("idempotency-key")
    subscription = call(lambda: dwolla.webhook_subscriptions.retrieve(href))
    assert isinstance(subscription, WebhookSubscription)
    assert (subscription.url, subscription.paused) == (endpoint, False)
    assert [s.id for s in call(lambda: dwolla.webhook_subscriptions.list())] == [subscription.id]
    deleted = call(lambda: dwolla.webhook_subscriptions.delete(subscription))
    assert deleted.id == subscription.id
    assert call(lambda: dwolla.webhook_subscriptions.list()) == []
    gone = client_under_test.outcome(lambda: dwolla.webhook_subscriptions.retrieve(href))
    assert isinstance(gone, NotFoundError)


def test_the_documented_subscription_parses(
    fake: FakeDwolla, client_under_test: ClientUnderTest
) -> None:
    fake.serve(f"/webhook-subscriptions/{DOCUMENTED_ID}", DOCUMENTED_SUBSCRIPTION)
    dwolla = client_under_test.open(fake)
    subscription = client_under_test.call(
        lambda: dwolla.webhook_subscriptions.retrieve(DOCUMENTED_ID)
    )
    assert (str(subscription.id), subscription.paused) == (DOCUMENTED_ID, True)
    assert subscription.created.utcoffset() is not None


@pytest.mark.parametrize("name", list(DOCUMENTED_ERRORS))
def test_documented_errors_are_typed(
    fake: FakeDwolla, client_under_test: ClientUnderTest, name: str, endpoint: str
) -> None:
    status, body, cls, path = DOCUMENTED_ERRORS[name]
    fake.inject(
        Fault.respond(status, json.dumps(body).encode()), "/webhook-subscriptions", method="POST"
    )
    dwolla = client_under_test.open(fake, max_retries=0)
    error = client_under_test.outcome(lambda: dwolla.webhook_subscriptions.create(endpoint, SECRET))
    assert type(error) is cls, error
    assert (error.status_code, error.code) == (status, body["code"])
    assert [d.path for d in error.details] == ([path] if path else [])


@pytest.mark.parametrize(
    ("url", "secret", "problem"),
    [
        ("ftp://example.com/hook", SECRET, "url must be"),
        ("not a url", SECRET, "url must be"),
        ("https://example.com/hook", "", "secret must be 1 to 128"),
        ("https://example.com/hook", "x" * 129, "secret must be 1 to 128"),
    ],
)
def test_bad_input_is_refused_before_sending(
    fake: FakeDwolla, url: str, secret: str, problem: str
) -> None:
    with fake.client() as dwolla, pytest.raises(ValueError, match=problem) as caught:
        dwolla.webhook_subscriptions.create(url, secret)
    assert [r for r in fake.requests if r.path.startswith("/webhook-subscriptions")] == []
    if secret:
        assert secret not in str(caught.value)


def test_the_secret_never_shows(
    fake: FakeDwolla, endpoint: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    echo = {"code": "ValidationError", "message": f"secret {SECRET} is not allowed"}
    fake.inject(
        Fault.respond(400, json.dumps(echo).encode()), "/webhook-subscriptions", method="POST"
    )
    with fake.client() as dwolla:
        with pytest.raises(BadRequestError) as caught:
            dwolla.webhook_subscriptions.create(endpoint, SECRET)
        href = dwolla.webhook_subscriptions.create(endpoint, SECRET)
        subscription = dwolla.webhook_subscriptions.retrieve(href)
    shown = [
        str(caught.value),
        repr(caught.value.body),
        caught.value.response.text,
        repr(subscription),
    ]
    shown += [r.getMessage() for r in caplog.records]
    for text in shown:
        assert SECRET not in text, text


def test_the_cli_subscribes_lists_and_unsubscribes(
    fake: FakeDwolla, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in list(os.environ):
        if name.startswith("DWOLLA_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("DWOLLA_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("DWOLLA_CLIENT_SECRET", fake.client_secret)
    monkeypatch.setenv("DWOLLA_BASE_URL", fake.base_url)
    monkeypatch.setenv("DWOLLA_WEBHOOK_SECRET", SECRET)
    runner = CliRunner()
    subscribed = runner.invoke(main, ["webhooks", "subscribe", endpoint, "--json"])
    assert subscribed.exit_code == 0, subscribed.output
    subscription = json.loads(subscribed.stdout)["subscription"]
    assert subscription["url"] == endpoint
    listed = runner.invoke(main, ["webhooks", "subscriptions"])
    assert listed.stdout.split() == [subscription["id"], endpoint]
    removed = runner.invoke(main, ["webhooks", "unsubscribe", subscription["id"]])
    assert removed.exit_code == 0, removed.output
    assert removed.stdout.startswith(f"unsubscribed: {subscription['id']}")
    assert runner.invoke(main, ["webhooks", "subscriptions"]).stdout == ""
    for result in (subscribed, listed, removed):
        assert SECRET not in result.output
