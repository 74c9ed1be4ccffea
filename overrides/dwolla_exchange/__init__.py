"""dwolla-exchange: a typed client for Dwolla's open-banking exchange sessions.

The models are the ones generated from openapi.yaml (``dwolla_exchange_api.models``),
re-exported here.
"""

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
    ForbiddenError,
    NotFoundError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    UnsafeLinkError,
)
from .sessions import external_provider_session_url, plaid_link_token, session_id

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncDwolla",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "Dwolla",
    "DwollaError",
    "ExchangePartner",
    "ExchangeSession",
    "ForbiddenError",
    "HalLink",
    "NotFoundError",
    "RateLimitError",
    "ResponseValidationError",
    "ServerError",
    "UnsafeLinkError",
    "__version__",
    "errors",
    "external_provider_session_url",
    "plaid_link_token",
    "session_id",
]
