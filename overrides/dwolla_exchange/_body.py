"""Reading a response body: decoded here, in chunks, within a size cap and a deadline.

httpx decompresses each network chunk whole, so one 64 KiB chunk of a gzip bomb becomes
64 MiB (and more while zlib grows its buffer) before anyone can count it. Here the raw
chunks are decompressed with an output limit of what the cap still allows, so memory never
runs far past ``max_response_bytes``, whatever the server sends. Only the encodings this
client asks for (``Accept-Encoding: gzip, deflate``) are accepted.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass

import httpx

from ._redact import Redactor
from .errors import APITimeoutError, ResponseTooLargeError, ResponseValidationError, request_id_of

__all__ = ["ACCEPT_ENCODING", "Limits", "async_read_body", "deadline_error", "sync_read_body"]

ACCEPT_ENCODING = "gzip, deflate"


@dataclass(frozen=True, slots=True)
class Limits:
    """What bounds every response of one client, besides its timeout and retry policy."""

    max_response_bytes: int
    redactor: Redactor | None = None


def deadline_error(request: httpx.Request) -> APITimeoutError:
    return APITimeoutError(
        "the call's timeout ran out before the response was complete", request=request
    )


class _Reader:
    """Accumulates one body: decodes raw chunks under the cap, then stores the result."""

    def __init__(self, response: httpx.Response, limits: Limits) -> None:
        self._response = response
        self._limits = limits
        self._chunks: list[bytes] = []
        self._size = 0
        encoding = response.headers.get("content-encoding", "").strip().lower()
        self._decoder: zlib._Decompress | None
        if encoding in ("", "identity"):
            self._decoder = None
        elif encoding in ("gzip", "x-gzip"):
            self._decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif encoding == "deflate":
            self._decoder = zlib.decompressobj()
        else:
            raise self._invalid(f"unsupported Content-Encoding {encoding[:40]!r}")

    def _invalid(self, reason: str) -> ResponseValidationError:
        return ResponseValidationError(
            reason,
            status_code=self._response.status_code,
            request_id=request_id_of(self._response.headers),
            body_snippet="",
        )

    def feed(self, raw: bytes) -> None:
        room = self._limits.max_response_bytes - self._size
        if self._decoder is None:
            chunk = raw
        else:
            try:
                # Never more than one byte past the cap: enough to know it was exceeded.
                chunk = self._decoder.decompress(raw, room + 1)
            except zlib.error as exc:
                raise self._invalid(f"body could not be decompressed: {exc}") from None
        self._size += len(chunk)
        if self._size > self._limits.max_response_bytes:
            raise ResponseTooLargeError(
                limit=self._limits.max_response_bytes,
                status_code=self._response.status_code,
                request_id=request_id_of(self._response.headers),
            )
        self._chunks.append(chunk)

    def finish(self) -> None:
        self._response._content = b"".join(self._chunks)  # what httpx's read() does with a body
        _scrub(self._response, self._limits)


def _scrub(response: httpx.Response, limits: Limits) -> None:
    if limits.redactor is not None:
        limits.redactor.scrub_response(response)


def sync_read_body(response: httpx.Response, limits: Limits, deadline: float | None) -> None:
    """Read the body into ``response.content``, within the size cap and the deadline.

    A body already read (by auth's 401 check, or an in-process transport) is only scrubbed.
    """
    if response.is_stream_consumed:
        _scrub(response, limits)
        return
    try:
        reader = _Reader(response, limits)
        for raw in response.iter_raw():
            reader.feed(raw)
            if deadline is not None and time.monotonic() > deadline:
                raise deadline_error(response.request)
    finally:
        response.close()
    reader.finish()


async def async_read_body(response: httpx.Response, limits: Limits) -> None:
    """See :func:`sync_read_body`; the deadline is the caller's cancel scope."""
    if response.is_stream_consumed:
        _scrub(response, limits)
        return
    try:
        reader = _Reader(response, limits)
        async for raw in response.aiter_raw():
            reader.feed(raw)
    finally:
        await response.aclose()
    reader.finish()
