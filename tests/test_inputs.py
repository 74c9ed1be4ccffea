"""Bad input is refused with ValueError/TypeError before any request is sent."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from dwolla_exchange import Dwolla
from dwolla_exchange.testing import FakeDwolla

from .conftest import ClientUnderTest

GOOD = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d"

BAD_VALUES: list[tuple[object, type[Exception]]] = [
    ("", ValueError),
    ("   ", ValueError),
    ("x" * 5000, ValueError),
    (None, TypeError),
    (42, TypeError),
    (b"fcd15e5f-8d13-4570-a9b7-7fb49e55941d", TypeError),
    ([GOOD], TypeError),
    ("not-a-uuid", ValueError),
    (GOOD + "/", ValueError),
    (GOOD + "/..", ValueError),
    ("../exchange-partners/" + GOOD, ValueError),
    (GOOD + "?x=1", ValueError),
    (GOOD + "#frag", ValueError),
    ("fcd15e5f%2F8d13-4570-a9b7-7fb49e55941d", ValueError),
    (" " + GOOD, ValueError),
    (GOOD + "\n", ValueError),
    (GOOD + "\t", ValueError),
    ("fcd15e5f-8d13-4570-a9b7-7fb49e55941", ValueError),
    ("{" + GOOD + "}", ValueError),
    (GOOD.replace("-", ""), ValueError),
]


# {base} is the fake's origin (http://127.0.0.1:port); {host} is the part after "http://".
BAD_HREFS = [
    f"https://api.dwolla.com/exchange-sessions/{GOOD}",  # another origin than the configured one
    f"https://evil.example/exchange-sessions/{GOOD}",
    f"{{base}}/exchange-partners/{GOOD}",  # not this resource
    f"{{base}}/exchange-sessions/{GOOD}/extra",
    f"{{base}}/exchange-sessions/{GOOD}?expand=1",
    f"{{base}}/exchange-sessions/{GOOD}#x",
    f"{{base}}/exchange-sessions/..%2F{GOOD}",
    f"{{base}}/exchange-sessions/%2e%2e/{GOOD}",
    "{base}/exchange-sessions/not-a-uuid",
    "{base}/exchange-sessions/",
    f"{{base}}/customers/x/../../exchange-sessions/{GOOD}",
    f"http://user:pw@{{host}}/exchange-sessions/{GOOD}",
    f"https://{{host}}/exchange-sessions/{GOOD}",
]


@pytest.fixture
def dwolla(fake: FakeDwolla) -> Iterator[Dwolla]:
    fake.clear_requests()
    with fake.client() as client:
        yield client
    assert fake.requests == [], "a refused input still sent a request"


@pytest.mark.parametrize(("value", "error"), BAD_VALUES, ids=[repr(v)[:40] for v, _ in BAD_VALUES])
@pytest.mark.parametrize("resource", ["exchange_sessions", "exchange_partners"])
def test_bad_id_is_refused_before_sending(
    fake: FakeDwolla,
    client_under_test: ClientUnderTest,
    resource: str,
    value: object,
    error: type[Exception],
) -> None:
    dwolla = client_under_test.open(fake)
    with pytest.raises(error):
        client_under_test.call(lambda: getattr(dwolla, resource).retrieve(value))
    assert fake.requests == []


@pytest.mark.parametrize("template", BAD_HREFS)
def test_bad_href_is_refused_before_sending(
    fake: FakeDwolla, dwolla: Dwolla, template: str
) -> None:
    href = template.format(base=fake.base_url, host=fake.base_url.removeprefix("http://"))
    fake.clear_requests()
    # Every refusal names what it refused: the origin, the collection or the id.
    with pytest.raises(ValueError, match=r"origin|exchange-sessions"):
        dwolla.exchange_sessions.retrieve(href)
    assert fake.requests == []


def test_error_message_names_the_problem(dwolla: Dwolla) -> None:
    with pytest.raises(ValueError, match="not a valid exchange-sessions id"):
        dwolla.exchange_sessions.retrieve("abc")
    with pytest.raises(ValueError, match="not on the configured API origin"):
        dwolla.exchange_sessions.retrieve(f"https://evil.example/exchange-sessions/{GOOD}")
    with pytest.raises(TypeError, match="got int"):
        dwolla.exchange_sessions.retrieve(42)  # type: ignore[arg-type]  # the type checker says so too


def test_uuid_objects_and_upper_case_are_accepted(fake: FakeDwolla) -> None:
    with fake.client() as client:
        session_id = fake.example_id("PlaidExchangeSession")
        a = client.exchange_sessions.retrieve(uuid.UUID(session_id))
        b = client.exchange_sessions.retrieve(session_id.upper())
    assert a.created == b.created


def test_caller_input_is_not_mutated(fake: FakeDwolla) -> None:
    link = {"href": fake.examples["PlaidExchangePartner"], "resource-type": "exchange-partner"}
    snapshot = dict(link)
    with fake.client() as client:
        client.follow(link)
    assert link == snapshot
