from typing import Any
from urllib.parse import quote
from uuid import UUID

from ...models.create_exchange_request import CreateExchangeRequest
from ...types import UNSET, Unset

__all__ = ["build_request"]


def build_request(
    id: UUID,
    *,
    body: CreateExchangeRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    """``POST /customers/{id}/exchanges``: arguments for ``httpx.Request`` (the url is relative to the API origin)."""
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "POST",
        "url": "/customers/{id}/exchanges".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/vnd.dwolla.v1.hal+json"

    _kwargs["headers"] = headers
    return _kwargs
