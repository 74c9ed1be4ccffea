"""httpx's default sync transport, with every socket wait cut short at the call's deadline.

httpx's timeouts bound each socket read, not the response: a server that drips one byte a
second holds a call forever. httpcore takes a network backend, so ours wraps the standard
one and shortens each connect, read and write to what is left of the deadline that
``_sender`` publishes for the current attempt. Async clients need none of this: a cancel
scope bounds the whole attempt there.
"""

from __future__ import annotations

import ssl
import time
import typing

import httpcore
import httpx

from ._sender import current_deadline

__all__ = ["DeadlineTransport"]

DEFAULT_LIMITS = httpx.Limits(
    max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0
)


def _remaining(timeout: float | None, expired: type[Exception]) -> float | None:
    deadline = current_deadline()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise expired("the call's deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _remaining(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _remaining(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(
            self._stream.start_tls(
                ssl_context, server_hostname, _remaining(timeout, httpcore.ConnectTimeout)
            )
        )

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(
            host, port, _remaining(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_unix_socket(
            path, _remaining(timeout, httpcore.ConnectTimeout), socket_options
        )
        return _DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class DeadlineTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` (direct or through a proxy) whose connection pool runs on the
    deadline-aware backend."""

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | bool = True,
        trust_env: bool = True,
        limits: httpx.Limits = DEFAULT_LIMITS,
        proxy: httpx.Proxy | None = None,
    ) -> None:
        super().__init__(verify=verify, trust_env=trust_env, limits=limits, proxy=proxy)
        # httpcore's pools (direct, HTTP proxy, SOCKS) take a network backend, which
        # HTTPTransport does not pass on: ours replaces the default on the pool it built.
        if not hasattr(self._pool, "_network_backend"):  # pragma: no cover - a new httpcore
            raise RuntimeError("this httpcore has no _network_backend; pin httpcore 1.0.x")
        self._pool._network_backend = _DeadlineBackend()


class DeadlineClient(httpx.Client):
    """``httpx.Client`` whose every transport is a DeadlineTransport: the direct one and those
    for proxies, from ``proxy=`` or from the environment exactly as httpx reads it
    (HTTP(S)_PROXY, ALL_PROXY, NO_PROXY; SSL_CERT_FILE and SSL_CERT_DIR for ``verify``).
    Passing ``transport=`` would make httpx skip environment proxies, hence these hooks."""

    def _init_transport(
        self,
        verify: ssl.SSLContext | str | bool = True,
        cert: typing.Any = None,
        trust_env: bool = True,
        http1: bool = True,
        http2: bool = False,
        limits: httpx.Limits = DEFAULT_LIMITS,
        transport: httpx.BaseTransport | None = None,
    ) -> httpx.BaseTransport:
        assert not isinstance(verify, str)  # our clients pass an SSLContext or True
        return transport or DeadlineTransport(verify=verify, trust_env=trust_env, limits=limits)

    def _init_proxy_transport(
        self,
        proxy: httpx.Proxy,
        verify: ssl.SSLContext | str | bool = True,
        cert: typing.Any = None,
        trust_env: bool = True,
        http1: bool = True,
        http2: bool = False,
        limits: httpx.Limits = DEFAULT_LIMITS,
    ) -> httpx.BaseTransport:
        assert not isinstance(verify, str)
        return DeadlineTransport(verify=verify, trust_env=trust_env, limits=limits, proxy=proxy)
