"""FakeDwolla: a real HTTP server on loopback that behaves like Dwolla for openapi.yaml."""

from __future__ import annotations

import contextlib
import copy
import ipaddress
import json
import socket
import struct
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from .._terminal import terminal_safe
from ._behaviour import HAL, DwollaBehaviour
from ._faults import Fault, FaultQueue
from ._seed import Seed, load_seed, load_spec, rewrite_origin

if TYPE_CHECKING:
    from collections.abc import Callable

    from .._client import AsyncDwolla, Dwolla

__all__ = ["FakeDwolla", "RecordedRequest"]

DEFAULT_CLIENT_ID = "fake-client-id"
DEFAULT_CLIENT_SECRET = "fake-client-secret"  # noqa: S105 - the fake's public demo secret


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased, as HTTP treats them: headers["authorization"]
    body: bytes
    time: float
    client_port: int = 0  # the connection it came on: equal ports mean a kept-alive connection


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
        self.server.fake._handle(self)

    def __getattr__(self, name: str) -> Any:
        # Every method reaches the fake, which answers 405 like Dwolla (not http.server's 501).
        if name.startswith("do_"):
            return self.do_GET
        raise AttributeError(name)


class FakeDwolla(DwollaBehaviour):
    """An offline Dwolla for demos and tests, seeded from openapi.yaml's examples.

    >>> with FakeDwolla() as fake:
    ...     client = fake.client()
    ...     session = client.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    """

    def __init__(
        self,
        *,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        token_lifetime: float = 3600.0,
        latency: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
        spec_path: str | Path | None = None,
        max_body_bytes: int = 1024 * 1024,
        max_connections: int = 256,
        idle_timeout: float = 10.0,
        log: Callable[[str], None] | None = None,
    ) -> None:
        """``log``, when given, receives one line per answered request (``GET /path -> 200``)."""
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError("the fake binds to loopback addresses only")
        if not 0 <= latency <= 60:
            raise ValueError(f"latency must be 0 to 60 seconds, got {latency!r}")
        self._log = log
        self.max_body_bytes = max_body_bytes
        self.max_connections = max_connections
        self.idle_timeout = idle_timeout
        self.client_id = client_id
        self._client_secret = client_secret
        self.token_lifetime = token_lifetime
        self.latency = latency
        self._host, self._port = host, port
        self._spec = load_spec(spec_path)
        self._lock = threading.Lock()
        self._tokens: dict[str, float] = {}
        self._requests: list[RecordedRequest] = []
        self.faults = FaultQueue()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._seed: Seed | None = None
        self._exchanges: dict[str, str] = {}
        self._idempotent: dict[str, str] = {}

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> Self:
        server = _Server((self._host, self._port), self, self.max_connections)
        self._server = server
        self._seed = load_seed(self._spec, self.base_url)
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = self.base_url if self._server else "stopped"
        return f"FakeDwolla({state})"

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the fake is not running; use start() or a with block")
        host, port = self._server.server_address[:2]
        name = str(host)
        return f"http://[{name}]:{port}" if ":" in name else f"http://{name}:{port}"

    @property
    def client_secret(self) -> str:
        return self._client_secret

    # -- data ----------------------------------------------------------------------------

    @property
    def _data(self) -> Seed:
        if self._seed is None:
            raise RuntimeError("the fake is not running; use start() or a with block")
        return self._seed

    def example_id(self, example_name: str) -> str:
        """The id under which the spec example ``example_name`` is served."""
        return self._data.example_ids[example_name]

    @property
    def examples(self) -> dict[str, str]:
        """The href of every seeded resource, by the name of its example in openapi.yaml."""
        data = self._data
        hrefs = {}
        for name, resource_id in data.example_ids.items():
            for collection, resources in data.resources.items():
                if resource_id in resources:
                    hrefs[name] = self.href(collection, resource_id)
        return hrefs

    def href(self, collection: str, resource_id: str) -> str:
        return f"{self.base_url}/{collection}/{resource_id}"

    def ids(self, collection: str) -> list[str]:
        with self._lock:
            return list(self._data.resources[collection])

    def add_resource(
        self, collection: str, body: dict[str, Any], resource_id: str | None = None
    ) -> str:
        """Serve ``body`` (Dwolla hrefs rewritten to the fake) under ``collection``; returns its id."""
        body = rewrite_origin(copy.deepcopy(body), self.base_url)
        if resource_id is None:
            resource_id = (
                body.get("_links", {})
                .get("self", {})
                .get("href", "")
                .rstrip("/")
                .rsplit("/", 1)[-1]
            )
            resource_id = resource_id or str(uuid.uuid4())
        if "id" in body:
            body["id"] = resource_id  # the id field and the self link name one resource
        body.setdefault("_links", {})["self"] = {
            "href": self.href(collection, resource_id),
            "type": HAL,
            "resource-type": collection,
        }
        with self._lock:
            self._data.resources[collection][resource_id] = body
        return resource_id

    def add_session(self, body: dict[str, Any], session_id: str | None = None) -> str:
        return self.add_resource("exchange-sessions", body, session_id)

    def add_partner(self, body: dict[str, Any], partner_id: str | None = None) -> str:
        return self.add_resource("exchange-partners", body, partner_id)

    def add_exchange(self, partner: str, exchange_id: str | None = None) -> str:
        """Register an exchange with the partner named ``partner`` (or with that partner id)."""
        partner_id = self._partner_id(partner)
        if partner_id is None:
            raise ValueError(f"no partner named or with id {partner!r}")
        exchange_id = exchange_id or str(uuid.uuid4())
        with self._lock:
            self._exchanges[exchange_id] = partner_id
        return exchange_id

    # -- faults, tokens and the log ------------------------------------------------------

    def inject(
        self, fault: Fault, route: str = "*", *, method: str | None = None, times: int | None = 1
    ) -> None:
        """Arm ``fault`` for the next ``times`` requests whose path matches ``route`` (glob)."""
        self.faults.add(fault, route, method, times)

    def expire_tokens(self) -> None:
        """Make every token issued so far expired, as an hour passing would."""
        with self._lock:
            self._tokens = dict.fromkeys(self._tokens, 0.0)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def requests_to(self, path_prefix: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.startswith(path_prefix)]

    @property
    def token_requests(self) -> int:
        return len(self.requests_to("/token"))

    @property
    def issued_tokens(self) -> list[str]:
        """Every access token this fake has issued: what a leak check looks for."""
        with self._lock:
            return list(self._tokens)

    def client(self, **options: Any) -> Dwolla:
        """A ``Dwolla`` client pointed at this fake with its credentials."""
        from .._client import Dwolla

        options.setdefault("retry_backoff", 0.001)
        return Dwolla(
            client_id=self.client_id,
            client_secret=self._client_secret,
            base_url=self.base_url,
            **options,
        )

    def async_client(self, **options: Any) -> AsyncDwolla:
        from .._client import AsyncDwolla

        options.setdefault("retry_backoff", 0.001)
        return AsyncDwolla(
            client_id=self.client_id,
            client_secret=self._client_secret,
            base_url=self.base_url,
            **options,
        )

    # -- request handling ----------------------------------------------------------------

    def _read_body(self, handler: _Handler) -> bytes | None:
        """The request body, or None after answering a malformed or oversized one."""
        raw = handler.headers.get("Content-Length") or "0"
        if not raw.isascii() or not raw.strip().isdigit() or len(raw) > 19:
            handler.close_connection = True
            self._send(handler, 400, self._error_body(400, "BadRequest"), HAL)
            return None
        length = int(raw)
        if length > self.max_body_bytes:
            handler.close_connection = True  # the body is never read, so the connection ends
            self._send(handler, 413, self._error_body(413, "RequestEntityTooLarge"), HAL)
            return None
        return handler.rfile.read(length) if length else b""

    def _request_origin(self, handler: _Handler) -> str | None:
        """The origin the request named when it is another loopback name for this server
        (``localhost`` for ``127.0.0.1``): links must work on the origin the client uses."""
        try:
            named = urlsplit("http://" + handler.headers.get("Host", ""))
            name, port = named.hostname, named.port
        except ValueError:
            return None
        if name is None or port != self._server_port():
            return None
        if name != "localhost":
            try:
                if not ipaddress.ip_address(name).is_loopback:
                    return None
            except ValueError:
                return None
        origin = f"http://[{name}]:{port}" if ":" in name else f"http://{name}:{port}"
        return None if origin == self.base_url else origin

    def _server_port(self) -> int | None:
        server = self._server
        return int(server.server_address[1]) if server is not None else None

    def _handle(self, handler: _Handler) -> None:
        body = self._read_body(handler)
        if body is None:
            return
        handler.origin = self._request_origin(handler)
        if handler.origin is not None:  # hrefs the client sends back, in the fake's own terms
            body = body.replace(handler.origin.encode(), self.base_url.encode())
        path = handler.path.split("?", 1)[0]
        with self._lock:
            self._requests.append(
                RecordedRequest(
                    handler.command,
                    handler.path,
                    {name.lower(): value for name, value in handler.headers.items()},
                    body,
                    time.time(),
                    handler.client_address[1],
                )
            )
        fault = self.faults.take(handler.command, path)
        if fault is not None and fault.kind == "latency":
            time.sleep(fault.seconds)
            fault = None
        if fault is not None and fault.kind in ("reset_before", "error", "respond"):
            self._fire(handler, fault, b"")
            return
        extra: dict[str, str] = {}
        if path == "/token":
            status, payload, content_type = self._token(handler, body)
        else:
            if self.latency:
                time.sleep(self.latency)
            status, payload, content_type = self._api(handler, path, body, extra)
        if fault is not None and 200 <= status < 300:
            self._fire(handler, fault, payload)
            return
        if status == 405:
            extra["Allow"] = (
                "POST" if path == "/token" or path.endswith("/exchange-sessions") else "GET, HEAD"
            )
        self._send(handler, status, payload, content_type, extra)

    def _send(
        self,
        handler: _Handler,
        status: int,
        payload: bytes,
        content_type: str,
        extra: dict[str, str] | None = None,
    ) -> None:
        if handler.origin is not None:
            payload = payload.replace(self.base_url.encode(), handler.origin.encode())
            extra = {k: v.replace(self.base_url, handler.origin) for k, v in (extra or {}).items()}
        handler.send_response(status)
        if payload:
            handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(payload)))
        handler.send_header("X-Request-Id", str(uuid.uuid4()))
        for name, value in (extra or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(payload)
        self._log_line(handler, str(status))

    def _log_line(self, handler: _Handler, outcome: str) -> None:
        if self._log is not None:
            self._log(terminal_safe(f"{handler.command} {handler.path} -> {outcome}"))

    def _reset(self, handler: _Handler) -> None:
        # SO_LINGER 0 makes close() send RST: the client sees a reset, not a clean close.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
        handler.close_connection = True
        self._log_line(handler, "connection reset (injected fault)")

    def _fire(self, handler: _Handler, fault: Fault, payload: bytes) -> None:
        if fault.kind == "reset_before":
            self._reset(handler)
        elif fault.kind == "reset_during" and not payload:
            self._reset(handler)  # processed (e.g. a 201 was due), but the answer is lost
        elif fault.kind == "reset_during":
            handler.send_response(200)
            handler.send_header("Content-Type", HAL)
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload[: len(payload) // 2])
            handler.wfile.flush()
            self._reset(handler)
        elif fault.kind == "error":
            extra = {"Retry-After": fault.retry_after} if fault.retry_after is not None else None
            self._send(handler, fault.status, self._error_body(fault.status), HAL, extra)
        elif fault.kind == "respond":
            self._send(handler, fault.status, fault.body, fault.content_type)
        elif fault.kind == "truncated":
            self._send(handler, 200, payload[: len(payload) // 2], HAL)
        elif fault.kind == "wrong_content_type":
            self._send(handler, 200, payload, "text/plain")
        elif fault.kind in ("drop_field", "replace_field"):
            document = json.loads(payload)
            if fault.kind == "drop_field":
                document.pop(fault.body.decode(), None)
            else:
                name, raw = fault.body.decode().split("\x00", 1)
                document[name] = json.loads(raw)
            self._send(handler, 200, json.dumps(document).encode(), HAL)
        else:
            raise ValueError(f"unknown fault kind {fault.kind!r}")
