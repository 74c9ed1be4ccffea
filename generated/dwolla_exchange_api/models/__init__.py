"""Contains all the data models used in inputs/outputs"""

from .error import Error
from .error_embedded import ErrorEmbedded
from .exchange_partner import ExchangePartner
from .exchange_partner_links import ExchangePartnerLinks
from .exchange_session import ExchangeSession
from .exchange_session_links import ExchangeSessionLinks
from .hal_link import HalLink
from .validation_error_item import ValidationErrorItem
from .validation_error_item_links import ValidationErrorItemLinks

__all__ = (
    "Error",
    "ErrorEmbedded",
    "ExchangePartner",
    "ExchangePartnerLinks",
    "ExchangeSession",
    "ExchangeSessionLinks",
    "HalLink",
    "ValidationErrorItem",
    "ValidationErrorItemLinks",
)
