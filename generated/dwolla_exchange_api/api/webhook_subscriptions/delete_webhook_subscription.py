from typing import Any
from urllib.parse import quote
from uuid import UUID

__all__ = ["build_request"]


def build_request(
    id: UUID,
) -> dict[str, Any]:
    """``DELETE /webhook-subscriptions/{id}``: arguments for ``httpx.Request`` (the url is relative to the API origin)."""

    _kwargs: dict[str, Any] = {
        "method": "DELETE",
        "url": "/webhook-subscriptions/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs
