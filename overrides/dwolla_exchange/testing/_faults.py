"""Faults the fake can be told to produce, per route and per count.

A fault wraps the handler: ``fault.answer(request, api)`` returns what the fake sends instead
of (or made from) ``api.handle(request)``. Build them with ``Fault``'s class methods.
"""

from __future__ import annotations

import fnmatch
import json
import threading
from dataclasses import dataclass, replace

from ._api import HAL, DwollaApi, FakeRequest, FakeResponse

__all__ = ["Fault", "FaultQueue"]

_HTML_PAGE = (
    b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
)


class Fault:
    """One way to misbehave."""

    #: True for faults that cut the connection (the client sees no complete response).
    resets: bool = False

    def answer(self, request: FakeRequest, api: DwollaApi) -> FakeResponse:
        raise NotImplementedError

    @staticmethod
    def error(status: int, *, retry_after: str | float | None = None) -> Fault:
        """A Dwolla error body with this status (429 TooManyRequests, 500 ServerError, ...)."""
        return _Error(status, None if retry_after is None else str(retry_after))

    @staticmethod
    def latency(seconds: float) -> Fault:
        """Answer normally, ``seconds`` late."""
        return _Latency(seconds)

    @staticmethod
    def reset_before_response() -> Fault:
        """The connection is reset before anything is sent; the request is not processed."""
        return _ResetBefore()

    @staticmethod
    def reset_during_body() -> Fault:
        """Half the body, then a reset; for a bodiless answer (a 201), the request is
        processed and the answer lost, which is what idempotency keys exist for."""
        return _ResetDuring()

    @staticmethod
    def truncated_body() -> Fault:
        """The right resource, cut in half (with a matching Content-Length)."""
        return _Truncated()

    @staticmethod
    def non_json_body(status: int = 200) -> Fault:
        return _Respond(status, b"this is not JSON", HAL)

    @staticmethod
    def html_error_page(status: int = 502) -> Fault:
        """An HTML page, as a proxy or load balancer sends."""
        return _Respond(status, _HTML_PAGE, "text/html; charset=utf-8")

    @staticmethod
    def wrong_content_type() -> Fault:
        """The right body labelled as text/plain."""
        return _Relabel("text/plain")

    @staticmethod
    def respond(
        status: int, body: bytes, content_type: str = HAL, headers: dict[str, str] | None = None
    ) -> Fault:
        """Any status, body and headers, for cases the other faults do not cover."""
        return _Respond(status, body, content_type, tuple((headers or {}).items()))

    @staticmethod
    def drop_field(name: str) -> Fault:
        """The right resource without top-level field ``name``."""
        return _EditField(name, None)

    @staticmethod
    def replace_field(name: str, json_value: str) -> Fault:
        """The right resource with top-level field ``name`` set to a raw JSON value."""
        return _EditField(name, json_value)


@dataclass(frozen=True)
class _Error(Fault):
    status: int
    retry_after: str | None

    def answer(self, request: FakeRequest, api: DwollaApi) -> FakeResponse:
        response = api.error(self.status)
        if self.retry_after is not None:
            response.headers["Retry-After"] = self.retry_after
        return response


@dataclass(frozen=True)
class _Respond(Fault):
    status: int
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()

    def answer(self, request: FakeRequest, api: DwollaApi) -> FakeResponse:
        return FakeResponse(self.status, self.body, self.content_type, dict(self.headers))


@dataclass(frozen=True)
class _Latency(Fault):
    seconds: float

    def answer(self, request: FakeRequest, api: DwollaApi) -> FakeResponse:
        response = api.handle(request)
        response.delay += self.seconds
        return response


@dataclass(frozen=True)
class _ResetBefore(Fault):
    resets = True

    def answer(self, request: FakeRequest, api: DwollaApi) -> FakeResponse:
        return FakeResponse(0, reset="before_response")


class _OnSuccess(Fault):
    """Changes a 2xx answer; any other answer goes out as it is."""

    def answer(self, request: FakeRequest, api: DwollaApi) -> FakeResponse:
        response = api.handle(request)
        return self.change(response) if 200 <= response.status < 300 else response

    def change(self, response: FakeResponse) -> FakeResponse:
        raise NotImplementedError


@dataclass(frozen=True)
class _ResetDuring(_OnSuccess):
    resets = True

    def change(self, response: FakeResponse) -> FakeResponse:
        return replace(response, reset="during_body")


@dataclass(frozen=True)
class _Truncated(_OnSuccess):
    def change(self, response: FakeResponse) -> FakeResponse:
        return replace(response, body=response.body[: len(response.body) // 2])


@dataclass(frozen=True)
class _Relabel(_OnSuccess):
    content_type: str

    def change(self, response: FakeResponse) -> FakeResponse:
        return replace(response, content_type=self.content_type)


@dataclass(frozen=True)
class _EditField(_OnSuccess):
    name: str
    json_value: str | None  # None: drop the field

    def change(self, response: FakeResponse) -> FakeResponse:
        document = response.json()
        if self.json_value is None:
            document.pop(self.name, None)
        else:
            document[self.name] = json.loads(self.json_value)
        return replace(response, body=json.dumps(document).encode())


@dataclass
class _Armed:
    fault: Fault
    route: str
    method: str | None
    remaining: int | None


class FaultQueue:
    """Armed faults; the first that matches a request fires and counts down."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: list[_Armed] = []

    def add(self, fault: Fault, route: str, method: str | None, times: int | None) -> None:
        if times is not None and times < 1:
            raise ValueError("times must be >= 1, or None for every request")
        with self._lock:
            self._armed.append(_Armed(fault, route, method.upper() if method else None, times))

    def replace(self, fault: Fault, route: str, method: str) -> None:
        """Arm ``fault`` for every request to ``route``, instead of what was armed for it."""
        with self._lock:
            self._armed = [a for a in self._armed if (a.route, a.method) != (route, method.upper())]
            self._armed.insert(0, _Armed(fault, route, method.upper(), None))

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()

    def take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for armed in self._armed:
                if (armed.method is None or armed.method == method) and fnmatch.fnmatchcase(
                    path, armed.route
                ):
                    if armed.remaining is not None:
                        armed.remaining -= 1
                        if armed.remaining == 0:
                            self._armed.remove(armed)
                    return armed.fault
        return None
