"""Every error class crosses a process boundary intact: pickled with its type and fields."""

from __future__ import annotations

import copy
import multiprocessing
import pickle
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import httpx
import pytest

import dwolla_exchange.errors as errors
from dwolla_exchange import Dwolla, DwollaError, NotFoundError
from dwolla_exchange.testing import FakeDwolla, Fault


def _status_error(cls: type[errors.APIStatusError]) -> errors.APIStatusError:
    return cls(
        status_code=400,
        code="ValidationError",
        message="bad",
        body={"code": "ValidationError", "_embedded": {"errors": []}},
        headers={"x-request-id": "req-1"},
        request_id="req-1",
        details=[errors.ValidationDetail("Invalid", "bad", "/x")],
    )


def _every_error() -> Iterator[DwollaError]:
    request = httpx.Request("GET", "https://api.dwolla.com/exchange-sessions/x")
    yield errors.DwollaError("base")
    yield errors.UnsafeLinkError("refusing")
    yield errors.APIConnectionError("reset", request=request)
    yield errors.APITimeoutError("slow", request=request)
    for cls in (
        errors.APIStatusError,
        errors.BadRequestError,
        errors.UpdateCredentialsError,
        errors.AuthenticationError,
        errors.ForbiddenError,
        errors.NotFoundError,
        errors.ConflictError,
        errors.ServerError,
    ):
        yield _status_error(cls)
    limited = errors.RateLimitError(
        retry_after=7.0,
        status_code=429,
        code="TooManyRequests",
        message="slow",
        body=None,
        headers={},
        request_id=None,
    )
    yield limited
    yield errors.ResponseValidationError(
        "missing created", status_code=200, request_id="r", body_snippet="{}"
    )
    yield errors.ResponseTooLargeError(limit=10, status_code=200, request_id="r")
    yield errors.WebhookSignatureError("signature does not match")
    yield errors.WebhookPayloadError("not an event")
    yield errors.WebhookReplayError("created 3 years ago")
    yield errors.ExchangeRedirectError("USER_CANCELLED", "the end user cancelled", may_retry=True)
    flagged = errors.AuthenticationError(
        status_code=401, code="invalid_client", message="no", body=None, headers={}, request_id=None
    )
    flagged.token_request = True
    yield flagged


def test_every_error_class_is_covered() -> None:
    covered = {type(e) for e in _every_error()}
    defined = {
        obj
        for obj in vars(errors).values()
        if isinstance(obj, type) and issubclass(obj, DwollaError)
    }
    assert defined == covered


@pytest.mark.parametrize("error", list(_every_error()), ids=lambda e: type(e).__name__)
def test_error_round_trips_through_pickle_and_copy(error: DwollaError) -> None:
    for clone in (pickle.loads(pickle.dumps(error)), copy.copy(error)):  # noqa: S301 - our own bytes
        assert type(clone) is type(error)
        fields = {k: v for k, v in vars(error).items() if k != "response"}
        assert {k: v for k, v in vars(clone).items() if k != "response"} == fields
        assert str(clone) == str(error)
        assert clone.args == error.args
        if isinstance(error, errors.APIStatusError):  # never None, pickled or not
            assert isinstance(clone, errors.APIStatusError)
            assert clone.response.status_code == error.status_code
            assert clone.response.headers == error.response.headers


def _raise_not_found(base_url: str, client_id: str, client_secret: str) -> None:
    with Dwolla(client_id=client_id, client_secret=client_secret, base_url=base_url) as dwolla:
        dwolla.exchange_sessions.retrieve("00000000-0000-4000-8000-000000000000")


def test_an_error_raised_in_a_process_pool_worker_arrives_whole() -> None:
    with FakeDwolla() as fake:
        fake.inject(Fault.error(404), "/exchange-sessions/*", times=1)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            future = pool.submit(
                _raise_not_found, fake.base_url, fake.client_id, fake.client_secret
            )
            with pytest.raises(NotFoundError) as caught:
                future.result(timeout=60)
            # The pool survived: it still runs work.
            assert pool.submit(pow, 2, 5).result(timeout=60) == 32
    assert caught.value.status_code == 404
    assert caught.value.request_id
    response = caught.value.response  # crossed the process boundary with the error
    assert response.status_code == 404
    assert response.json()["code"] == "NotFound"
    assert response.request.headers["authorization"] == "[redacted]"
    assert caught.value.code == "NotFound"
