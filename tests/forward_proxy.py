"""A loopback forward proxy (absolute-form requests and CONNECT tunnels) and a loopback
https origin whose certificate comes from a private CA: what an egress proxy and a
TLS-inspecting or private CA look like to the client, on real sockets."""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import trustme

TOKEN = "proxy-test-token-0123456789"


def _pipe(source: socket.socket, target: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while chunk := source.recv(65536):
            target.sendall(chunk)
    with contextlib.suppress(OSError):
        target.shutdown(socket.SHUT_WR)


class ForwardProxy:
    """Logs each request as (method, target): ``CONNECT host:port`` for tunnels, the absolute
    URL for plain-http forwarding."""

    def __init__(self) -> None:
        self.log: list[tuple[str, str]] = []
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.1)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._open: list[socket.socket] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def __enter__(self) -> ForwardProxy:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stopping.set()
        self._thread.join(5)
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.close()
        self._sock.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._sock.accept()
            except TimeoutError:
                continue
            client.settimeout(10)
            self._open.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        head = b""
        with contextlib.suppress(OSError):
            while b"\r\n\r\n" not in head and (chunk := client.recv(65536)):
                head += chunk
        if b"\r\n\r\n" not in head:
            client.close()
            return
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        method, target, _ = request_line.split(" ", 2)
        self.log.append((method, target))
        if method == "CONNECT":
            host, port = target.rsplit(":", 1)
            upstream = socket.create_connection((host, int(port)), timeout=10)
            self._open.append(upstream)
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            rest = head.split(b"\r\n\r\n", 1)[1]
            if rest:
                upstream.sendall(rest)
        else:
            authority, _, path = target.removeprefix("http://").partition("/")
            host, port = authority.rsplit(":", 1)
            upstream = socket.create_connection((host, int(port)), timeout=10)
            self._open.append(upstream)
            upstream.sendall(head.replace(target.encode(), b"/" + path.encode(), 1))
        threading.Thread(target=_pipe, args=(client, upstream), daemon=True).start()
        _pipe(upstream, client)


class TlsOrigin:
    """A Dwolla-like https origin on 127.0.0.1 ("localhost" in its certificate): /token
    gives a token, every other request a 404 NotFound. ``ca`` is the private CA."""

    def __init__(self, *, drip: bool = False) -> None:
        self.ca = trustme.CA()
        self.requests: list[str] = []
        certificate = self.ca.issue_cert("localhost", "127.0.0.1")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        certificate.configure_cert(context)
        origin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self, status: int, document: dict[str, Any], media: str) -> None:
                body = json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                origin.requests.append(f"POST {self.path}")
                token = {"access_token": TOKEN, "token_type": "bearer", "expires_in": 3600}
                self._answer(200, token, "application/json")

            def do_GET(self) -> None:
                origin.requests.append(f"GET {self.path}")
                if drip:  # a byte every 0.3 s: each read is quick, the response never ends
                    for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b" " * 1000:
                        try:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                        except OSError:
                            return
                        time.sleep(0.3)
                    return
                not_found = {"code": "NotFound", "message": "not here"}
                self._answer(404, not_found, "application/vnd.dwolla.v1.hal+json")

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"https://localhost:{self._server.server_address[1]}"

    @contextlib.contextmanager
    def ca_file(self) -> Iterator[str]:
        with self.ca.cert_pem.tempfile() as path:
            yield path

    def client_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        self.ca.configure_trust(context)
        return context

    def __enter__(self) -> TlsOrigin:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
