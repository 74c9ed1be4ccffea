from typing import Any

__all__ = ["build_request"]


def build_request() -> dict[str, Any]:
    """``GET /exchange-partners``: arguments for ``httpx.Request`` (the url is relative to the API origin)."""

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/exchange-partners",
    }

    return _kwargs
