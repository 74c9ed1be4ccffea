"""The fake in-process: httpx transports that hand each request to ``FakeDwolla.handle``.

No socket, so no port and no thread: for fast tests and for users' own suites. A fault that
resets the connection is an ``httpx.ReadError`` here, as a reset socket is over loopback.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import httpx

from ._api import FakeRequest, FakeResponse

if TYPE_CHECKING:
    from ._fake import FakeDwolla

__all__ = ["AsyncFakeTransport", "FakeTransport"]


def _fake_request(request: httpx.Request, body: bytes) -> tuple[FakeRequest, str]:
    """The fake's view of ``request``, and the origin it named."""
    url = request.url
    port = f":{url.port}" if url.port is not None else ""
    headers = {name.lower(): value for name, value in request.headers.items()}
    return FakeRequest(request.method, url.raw_path.decode("ascii"), headers, body), (
        f"{url.scheme}://{url.host}{port}"
    )


def _wait(request: httpx.Request, answer: FakeResponse) -> float:
    """How long to wait before answering: the answer's delay, cut at the read timeout as a
    socket read would be (then ``_httpx_response`` raises the timeout)."""
    read = (request.extensions.get("timeout") or {}).get("read")
    if read is not None and answer.delay > read:
        answer.reset = "read_timeout"
        return float(read)
    return answer.delay


def _httpx_response(request: httpx.Request, answer: FakeResponse) -> httpx.Response:
    if answer.reset == "read_timeout":
        raise httpx.ReadTimeout("timed out (the fake answered later)", request=request)
    if answer.reset is not None:
        raise httpx.ReadError("connection reset (injected fault)", request=request)
    headers = dict(answer.headers)
    if answer.body:
        headers["Content-Type"] = answer.content_type
    return httpx.Response(answer.status, headers=headers, content=answer.body, request=request)


def _too_large(fake: FakeDwolla, body: bytes) -> FakeResponse | None:
    return fake.api.error(413, "RequestEntityTooLarge") if len(body) > fake.max_body_bytes else None


class FakeTransport(httpx.BaseTransport):
    def __init__(self, fake: FakeDwolla) -> None:
        self._fake = fake

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        fake_request, origin = _fake_request(request, body)
        answer = _too_large(self._fake, body) or self._fake.handle(fake_request, origin)
        time.sleep(_wait(request, answer))
        return _httpx_response(request, answer)


class AsyncFakeTransport(httpx.AsyncBaseTransport):
    def __init__(self, fake: FakeDwolla) -> None:
        self._fake = fake

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        import anyio

        body = await request.aread()
        fake_request, origin = _fake_request(request, body)
        answer = _too_large(self._fake, body) or self._fake.handle(fake_request, origin)
        await anyio.sleep(_wait(request, answer))
        return _httpx_response(request, answer)
