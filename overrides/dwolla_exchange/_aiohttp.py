"""An optional aiohttp-backed ``httpx.AsyncClient`` for ``AsyncDwolla`` under high concurrency.

httpx's own async connection pool spends most of its time assigning requests to connections
once dozens are in flight (httpx issue 3215; the fix, httpcore PR 1035, is unreleased), which
caps 32 concurrent retrieves at about two thirds of what the network allows. httpx-aiohttp keeps the
httpx API on top of aiohttp's pool. Install with ``pip install 'dwolla-exchange[aiohttp]'``.

Two differences to know, both from the libraries underneath: httpx-aiohttp maps some aiohttp
connection errors (a reset, a server disconnect) to ``httpx.ConnectTimeout``, so they surface
as ``APITimeoutError`` (still an ``APIConnectionError``); and aiohttp resends a request once by
itself when a reused connection is reset, so a server may see up to twice this client's
attempts for such failures.
"""

from __future__ import annotations

from typing import Any

import httpx

try:
    from httpx_aiohttp import HttpxAiohttpClient
except ImportError as exc:  # pragma: no cover - depends on the optional extra
    raise ImportError(
        "DefaultAioHttpClient needs the aiohttp extra: pip install 'dwolla-exchange[aiohttp]'"
    ) from exc

__all__ = ["DefaultAioHttpClient"]


class DefaultAioHttpClient(HttpxAiohttpClient):
    """Pass as ``AsyncDwolla(http_client=DefaultAioHttpClient())``; the client then owns and closes it."""

    dwolla_owned = True

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("follow_redirects", False)
        kwargs.setdefault(
            "limits", httpx.Limits(max_connections=100, max_keepalive_connections=100)
        )
        super().__init__(**kwargs)
