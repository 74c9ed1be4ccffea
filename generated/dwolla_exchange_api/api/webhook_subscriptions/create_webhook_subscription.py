from typing import Any

from ...models.create_webhook_subscription_request import (
    CreateWebhookSubscriptionRequest,
)
from ...types import UNSET, Unset

__all__ = ["build_request"]


def build_request(
    *,
    body: CreateWebhookSubscriptionRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    """``POST /webhook-subscriptions``: arguments for ``httpx.Request`` (the url is relative to the API origin)."""
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "POST",
        "url": "/webhook-subscriptions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs
