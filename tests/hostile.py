"""A loopback origin that plays a broken or malicious Dwolla, byte by byte.

``FakeDwolla`` behaves like Dwolla; this server does whatever a test scripts: drip headers,
send a gzip bomb, hang on ``/token``, echo credentials back. Each request on a connection is
parsed (request line, headers, Content-Length body) and handed to the script, which writes
the raw response itself through :class:`Exchange`.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

TOKEN = "hostile-token-0123456789abcdef"


@dataclass
class Exchange:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    sock: socket.socket
    closed: bool = field(default=False)

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def reply(
        self,
        status: int,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        content_type: str = "application/vnd.dwolla.v1.hal+json",
    ) -> None:
        head = [f"HTTP/1.1 {status} Whatever", f"Content-Length: {len(body)}"]
        if body:
            head.append(f"Content-Type: {content_type}")
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.send(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)

    def reply_json(self, status: int, document: object, **kwargs: object) -> None:
        self.reply(status, json.dumps(document).encode(), **kwargs)  # type: ignore[arg-type]

    def hang(self, seconds: float = 30.0) -> None:
        """Say nothing (bounded, so the server can stop)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.closed:
            time.sleep(0.05)


Script = Callable[[Exchange], None]


def good_token(exchange: Exchange) -> None:
    exchange.reply_json(
        200,
        {"access_token": TOKEN, "token_type": "bearer", "expires_in": 3600},
        content_type="application/json",
    )


class HostileServer:
    """``script`` answers API requests; ``token`` answers ``POST /token`` (a valid token by
    default). ``log`` lists every request as (method, path, headers)."""

    def __init__(self, script: Script, token: Script = good_token) -> None:
        self.script = script
        self.token = token
        self.log: list[tuple[str, str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(256)
        self._stopping = threading.Event()
        self._exchanges: list[Exchange] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def count(self, path: str) -> int:
        with self._lock:
            return sum(1 for _, p, _ in self.log if p == path)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stopping.set()
        with self._lock:
            for exchange in self._exchanges:
                exchange.closed = True
        self._thread.join(timeout=5)
        self._sock.close()

    def _accept(self) -> None:
        self._sock.settimeout(0.05)  # so that stopping is noticed: close() does not wake accept()
        while not self._stopping.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _requests(self, conn: socket.socket) -> Iterator[tuple[str, str, dict[str, str], bytes]]:
        buffer = b""
        while not self._stopping.is_set():
            while b"\r\n\r\n" not in buffer:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            head, buffer = buffer.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            while len(buffer) < length:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            body, buffer = buffer[:length], buffer[length:]
            yield method, path, headers, body

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                for method, path, headers, body in self._requests(conn):
                    exchange = Exchange(method, path, headers, body, conn)
                    with self._lock:
                        self.log.append((method, path, headers))
                        self._exchanges.append(exchange)
                    (self.token if path == "/token" else self.script)(exchange)
                    if exchange.closed:
                        return
            except OSError:
                return
