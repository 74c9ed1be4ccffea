from typing import Any

from ...models.token_request import TokenRequest

__all__ = ["build_request"]


def build_request(
    *,
    body: TokenRequest,
) -> dict[str, Any]:
    """``POST /token``: arguments for ``httpx.Request`` (the url is relative to the API origin)."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "POST",
        "url": "/token",
    }

    _kwargs["data"] = body.to_dict()

    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs
