"""A small loopback HTTP receiver for webhook deliveries (``dwolla-exchange webhooks listen``):
each POST is verified and parsed with ``dwolla_exchange.webhooks``; a valid event gets 200, a
bad signature 401, a body that is not an event 400."""

from __future__ import annotations

from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from dwolla_exchange_api.models import WebhookEvent

from .errors import WebhookPayloadError, WebhookSignatureError
from .webhooks import parse

__all__ = ["WebhookReceiver"]

_MAX_BODY_BYTES = 1024 * 1024
_READ_TIMEOUT_SECONDS = 10.0  # Dwolla itself waits 10 s for an answer


class WebhookReceiver:
    def __init__(
        self,
        port: int,
        secret: str,
        on_event: Callable[[bytes, WebhookEvent], None],
        on_rejected: Callable[[str], None],
    ) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            # A sender that stalls mid-request is dropped after this long, not kept forever.
            timeout = _READ_TIMEOUT_SECONDS

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
        self._on_event = on_event
        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True

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
        try:
            event = parse(body, dict(handler.headers.items()), self._secret)
        except WebhookSignatureError as exc:
            return 401, str(exc)
        except WebhookPayloadError as exc:
            return 400, str(exc)
        self._on_event(body, event)
        return 200, ""

    def serve_forever(self) -> None:
        self._server.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        """Make ``serve_forever`` return (from another thread)."""
        self._server.shutdown()

    def close(self) -> None:
        self._server.server_close()
