"""dwolla-exchange: a typed client for Dwolla's open-banking exchange sessions.

The models are the ones generated from openapi.yaml (``dwolla_exchange_api.models``),
re-exported here.
"""

from typing import TYPE_CHECKING, Any

from dwolla_exchange_api.models import ExchangePartner, ExchangeSession, HalLink

from . import errors
from ._client import AsyncDwolla, Dwolla
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DwollaError,
    ExchangeRedirectError,
    ForbiddenError,
    NotFoundError,
    RateLimitError,
    ResponseTooLargeError,
    ResponseValidationError,
    ServerError,
    UnsafeLinkError,
    UpdateCredentialsError,
    WebhookPayloadError,
    WebhookReplayError,
    WebhookSignatureError,
)
from .sessions import (
    CheckoutPaymentSession,
    Handoff,
    MxConnectWidget,
    PlaidLink,
    ProviderPage,
    external_provider_session_url,
    handoff,
    plaid_link_token,
    redirect_result,
    session_id,
)

if TYPE_CHECKING:
    from dwolla_exchange_api.models import (
        Amount,
        AvailableExchangeConnection,
        Exchange,
        FundingSource,
        FundingSourceBalance,
        WebhookEvent,
    )

    from . import webhooks
    from ._aiohttp import DefaultAioHttpClient

# Imported on first use (docs/benchmarks.md: import time, and fewer objects for the GC).
_LAZY_MODELS = (
    "Amount",
    "AvailableExchangeConnection",
    "Exchange",
    "FundingSource",
    "FundingSourceBalance",
    "WebhookEvent",
)


def __getattr__(name: str) -> Any:
    if name in _LAZY_MODELS:
        from dwolla_exchange_api import models

        return getattr(models, name)
    if name == "webhooks":  # `from . import webhooks` here would ask this function again
        from importlib import import_module

        return import_module(".webhooks", __name__)
    # aiohttp is an optional extra and slow to import.
    if name == "DefaultAioHttpClient":
        from ._aiohttp import DefaultAioHttpClient

        return DefaultAioHttpClient
    raise AttributeError(f"module 'dwolla_exchange' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names, those loaded on first use included (for dir() and completion)."""
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "Amount",
    "AsyncDwolla",
    "AuthenticationError",
    "AvailableExchangeConnection",
    "BadRequestError",
    "CheckoutPaymentSession",
    "ConflictError",
    "DefaultAioHttpClient",
    "Dwolla",
    "DwollaError",
    "Exchange",
    "ExchangePartner",
    "ExchangeRedirectError",
    "ExchangeSession",
    "ForbiddenError",
    "FundingSource",
    "FundingSourceBalance",
    "HalLink",
    "Handoff",
    "MxConnectWidget",
    "NotFoundError",
    "PlaidLink",
    "ProviderPage",
    "RateLimitError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "ServerError",
    "UnsafeLinkError",
    "UpdateCredentialsError",
    "WebhookEvent",
    "WebhookPayloadError",
    "WebhookReplayError",
    "WebhookSignatureError",
    "__version__",
    "errors",
    "external_provider_session_url",
    "handoff",
    "plaid_link_token",
    "redirect_result",
    "session_id",
    "webhooks",
]
