"""The fake over real sockets: a threading HTTP server on loopback that turns each request
into a ``FakeRequest`` for ``FakeDwolla.handle`` and writes (or, for a fault, cuts) the answer.
Resets, truncation and idle connections need sockets; everything else is also in-process."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .._terminal import terminal_safe
from ._api import FakeRequest, FakeResponse

if TYPE_CHECKING:
    from ._fake import FakeDwolla

__all__ = ["LoopbackServer"]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default listen backlog is 5: a burst of new connections (32 clients
    # starting together) overflows it and the kernel makes the rest retry their SYN a
    # second later.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], fake: FakeDwolla, max_connections: int) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.fake = fake
        # One thread per connection, so connections are bounded: a flood of idle ones must
        # not become thousands of threads.
        self._slots = threading.BoundedSemaphore(max_connections)
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(_TOO_MANY_CONNECTIONS)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that goes away mid-connection, or idles past the timeout, is normal here.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


_TOO_MANY_CONNECTIONS = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
    b"Content-Length: 66\r\nConnection: close\r\n\r\n"
    b'{"code": "ServiceUnavailable", "message": "Too many connections."}'
)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, the client's delayed ACK
    # would add ~40 ms to every keep-alive response.
    disable_nagle_algorithm = True
    server: _Server
    # The origin this request named (Host), when it is another loopback name for the fake.
    origin: str | None = None

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the fake's request log is FakeDwolla.requests

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # a fault may already have reset the connection
            super().finish()

    def setup(self) -> None:
        # A half-sent or idle connection is dropped after this (socketserver sets it on the socket).
        self.request.settimeout(self.server.fake.idle_timeout)
        super().setup()

    def do_GET(self) -> None:
        _serve(self)

    def __getattr__(self, name: str) -> Any:
        # Every method reaches the fake, which answers 405 like Dwolla (not http.server's 501).
        if name.startswith("do_"):
            return self.do_GET
        raise AttributeError(name)


class LoopbackServer:
    """A running server for ``fake``, on a free port unless told otherwise."""

    def __init__(self, fake: FakeDwolla, address: tuple[str, int]) -> None:
        self._server = _Server(address, fake, fake.max_connections)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        name = str(self._server.server_address[0])
        return f"http://[{name}]:{self.port}" if ":" in name else f"http://{name}:{self.port}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _read_body(handler: _Handler) -> bytes | FakeResponse:
    """The request body, or the error answer for a malformed or oversized one."""
    fake = handler.server.fake
    raw = handler.headers.get("Content-Length") or "0"
    if not raw.isascii() or not raw.strip().isdigit() or len(raw) > 19:
        handler.close_connection = True
        return fake.api.error(400, "BadRequest")
    length = int(raw)
    if length > fake.max_body_bytes:
        handler.close_connection = True  # the body is never read, so the connection ends
        return fake.api.error(413, "RequestEntityTooLarge")
    return handler.rfile.read(length) if length else b""


def _named_origin(handler: _Handler) -> str | None:
    """The origin the request named when it is another loopback name for this server
    (``localhost`` for ``127.0.0.1``): links must work on the origin the client uses."""
    try:
        named = urlsplit("http://" + handler.headers.get("Host", ""))
        name, port = named.hostname, named.port
    except ValueError:
        return None
    if name is None or port != handler.server.server_address[1]:
        return None
    if name != "localhost":
        try:
            if not ipaddress.ip_address(name).is_loopback:
                return None
        except ValueError:
            return None
    return f"http://[{name}]:{port}" if ":" in name else f"http://{name}:{port}"


def _serve(handler: _Handler) -> None:
    fake = handler.server.fake
    body = _read_body(handler)
    if isinstance(body, FakeResponse):
        _write(handler, body)
        return
    headers = {name.lower(): value for name, value in handler.headers.items()}
    request = FakeRequest(handler.command, handler.path, headers, body)
    response = fake.handle(request, _named_origin(handler), handler.client_address[1])
    if response.delay:
        time.sleep(response.delay)
    if response.reset == "during_body" and response.body:
        handler.send_response(response.status)
        handler.send_header("Content-Type", response.content_type)
        handler.send_header("Content-Length", str(len(response.body)))
        handler.end_headers()
        handler.wfile.write(response.body[: len(response.body) // 2])
        handler.wfile.flush()
    if response.reset is not None:
        # SO_LINGER 0 makes close() send RST: the client sees a reset, not a clean close.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
        handler.close_connection = True
        _log_line(handler, "connection reset (injected fault)")
        return
    _write(handler, response)


def _write(handler: _Handler, response: FakeResponse) -> None:
    handler.send_response(response.status)
    if response.body:
        handler.send_header("Content-Type", response.content_type)
    handler.send_header("Content-Length", str(len(response.body)))
    for name, value in response.headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(response.body)
    _log_line(handler, str(response.status))


def _log_line(handler: _Handler, outcome: str) -> None:
    log = handler.server.fake.log
    if log is not None:
        log(terminal_safe(f"{handler.command} {handler.path} -> {outcome}"))
