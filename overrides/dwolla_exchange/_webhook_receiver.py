"""A small loopback HTTP receiver for webhook deliveries (``dwolla-exchange webhooks listen``):
each POST is verified and parsed with ``dwolla_exchange.webhooks``; a valid event gets 200, a
bad signature 401, a body that is not an event 400.

Bounded as a public endpoint must be: each connection has 10 s in all (not per read, so a
sender dripping a byte at a time is cut off), at most 64 are served at once (more get 503),
a burst queues in a backlog of 128, and an event id is acted on once (the last 10,000 ids
are remembered; a repeat is answered 200 and reported, not handed on).
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from dwolla_exchange_api.models import WebhookEvent

from .errors import WebhookPayloadError, WebhookSignatureError
from .webhooks import parse

__all__ = ["WebhookReceiver"]

_MAX_BODY_BYTES = 1024 * 1024
_REQUEST_SECONDS = 10.0  # Dwolla itself waits 10 s for an answer
_MAX_CONNECTIONS = 64
_BACKLOG = 128
_REMEMBERED_EVENT_IDS = 10_000
_BUSY = b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\n\r\n"


def _cut(connection: socket.socket) -> None:
    """Wake a handler blocked on a slow sender: its next read sees the end of the stream."""
    with contextlib.suppress(OSError):  # already closed
        connection.shutdown(socket.SHUT_RDWR)


class _BoundedServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = _BACKLOG

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        request_seconds: float,
    ) -> None:
        super().__init__(address, handler)
        self._slots = threading.BoundedSemaphore(_MAX_CONNECTIONS)
        self._request_seconds = request_seconds

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.settimeout(1.0)
                request.sendall(_BUSY)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        deadline = threading.Timer(self._request_seconds, _cut, args=(request,))
        deadline.daemon = True
        deadline.start()
        try:
            super().process_request_thread(request, client_address)
        finally:
            deadline.cancel()
            self._slots.release()


class WebhookReceiver:
    def __init__(
        self,
        port: int,
        secret: str,
        on_event: Callable[[bytes, WebhookEvent], None],
        on_rejected: Callable[[str], None],
        *,
        max_age: float | datetime.timedelta | None = None,
        request_seconds: float = _REQUEST_SECONDS,
    ) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            timeout = request_seconds  # per read; the server's timer bounds the whole request

            def do_POST(self) -> None:
                status, reason = receiver._receive(self)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if reason:
                    on_rejected(reason)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the receiver prints events, not access logs."""

        self._secret = secret
        self._max_age = max_age
        self._on_event = on_event
        self._seen: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._seen_lock = threading.Lock()
        self._server = _BoundedServer(("127.0.0.1", port), Handler, request_seconds)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def _receive(self, handler: BaseHTTPRequestHandler) -> tuple[int, str]:
        try:
            length = int(handler.headers.get("Content-Length", ""))
        except ValueError:
            return 411, "no Content-Length"
        if not 0 <= length <= _MAX_BODY_BYTES:
            return 413, f"body of {length} bytes is too large"
        body = handler.rfile.read(length)
        if len(body) < length:
            return 400, "the sender stopped before the end of the body"
        try:
            event = parse(body, dict(handler.headers.items()), self._secret, max_age=self._max_age)
        except WebhookSignatureError as exc:
            return 401, str(exc)
        except WebhookPayloadError as exc:
            return 400, str(exc)
        if not self._first_time(event.id):
            return 200, f"duplicate: event {event.id} was already received; not acted on again"
        self._on_event(body, event)
        return 200, ""

    def _first_time(self, event_id: str) -> bool:
        with self._seen_lock:
            if event_id in self._seen:
                return False
            self._seen[event_id] = None
            if len(self._seen) > _REMEMBERED_EVENT_IDS:
                self._seen.popitem(last=False)
            return True

    def serve_forever(self) -> None:
        self._server.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        """Make ``serve_forever`` return (from another thread)."""
        self._server.shutdown()

    def close(self) -> None:
        self._server.server_close()
