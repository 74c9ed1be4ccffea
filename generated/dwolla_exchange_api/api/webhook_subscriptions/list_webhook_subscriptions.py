from typing import Any

__all__ = ["build_request"]


def build_request() -> dict[str, Any]:
    """``GET /webhook-subscriptions``: arguments for ``httpx.Request`` (the url is relative to the API origin)."""

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/webhook-subscriptions",
    }

    return _kwargs
