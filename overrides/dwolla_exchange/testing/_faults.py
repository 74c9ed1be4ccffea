"""Faults the fake can be told to produce, per route and per count."""

from __future__ import annotations

import fnmatch
import threading
from dataclasses import dataclass

__all__ = ["Fault", "FaultQueue"]

_HTML_PAGE = (
    b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
)


@dataclass(frozen=True)
class Fault:
    """One way to misbehave. Build with the class methods; ``kind`` names the behaviour."""

    kind: str
    status: int = 200
    retry_after: str | None = None
    seconds: float = 0.0
    body: bytes = b""
    content_type: str = "application/vnd.dwolla.v1.hal+json"

    @classmethod
    def error(cls, status: int, *, retry_after: str | float | None = None) -> Fault:
        """A Dwolla error body with this status (429 TooManyRequests, 500 ServerError, ...)."""
        return cls(
            "error", status=status, retry_after=None if retry_after is None else str(retry_after)
        )

    @classmethod
    def latency(cls, seconds: float) -> Fault:
        """Answer normally, ``seconds`` late."""
        return cls("latency", seconds=seconds)

    @classmethod
    def reset_before_response(cls) -> Fault:
        return cls("reset_before")

    @classmethod
    def reset_during_body(cls) -> Fault:
        """Half the body, then a reset; for a bodiless answer (a 201), the request is
        processed and the answer lost, which is what idempotency keys exist for."""
        return cls("reset_during")

    @classmethod
    def truncated_body(cls) -> Fault:
        """The right resource, cut in half (with a matching Content-Length)."""
        return cls("truncated")

    @classmethod
    def non_json_body(cls, status: int = 200) -> Fault:
        return cls(
            "respond",
            status=status,
            body=b"this is not JSON",
            content_type="application/vnd.dwolla.v1.hal+json",
        )

    @classmethod
    def html_error_page(cls, status: int = 502) -> Fault:
        """An HTML page, as a proxy or load balancer sends."""
        return cls(
            "respond", status=status, body=_HTML_PAGE, content_type="text/html; charset=utf-8"
        )

    @classmethod
    def wrong_content_type(cls) -> Fault:
        """The right body labelled as text/plain."""
        return cls("wrong_content_type")

    @classmethod
    def respond(
        cls, status: int, body: bytes, content_type: str = "application/vnd.dwolla.v1.hal+json"
    ) -> Fault:
        """Any status and body, for cases the other faults do not cover."""
        return cls("respond", status=status, body=body, content_type=content_type)

    @classmethod
    def drop_field(cls, name: str) -> Fault:
        """The right resource without top-level field ``name``."""
        return cls("drop_field", body=name.encode())

    @classmethod
    def replace_field(cls, name: str, json_value: str) -> Fault:
        """The right resource with top-level field ``name`` set to a raw JSON value."""
        return cls("replace_field", body=f"{name}\x00{json_value}".encode())


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
