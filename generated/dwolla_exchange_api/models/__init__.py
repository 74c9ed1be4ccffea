"""Contains all the data models used in inputs/outputs"""

from .create_exchange_session_links import CreateExchangeSessionLinks
from .create_exchange_session_request import CreateExchangeSessionRequest
from .error import Error
from .error_embedded import ErrorEmbedded
from .exchange_partner import ExchangePartner
from .exchange_partner_links import ExchangePartnerLinks
from .exchange_partner_list import ExchangePartnerList
from .exchange_partner_list_embedded import ExchangePartnerListEmbedded
from .exchange_session import ExchangeSession
from .exchange_session_links import ExchangeSessionLinks
from .external_provider_session_data import ExternalProviderSessionData
from .hal_link import HalLink
from .oauth_error import OAuthError
from .re_auth_exchange_session_links import ReAuthExchangeSessionLinks
from .re_auth_exchange_session_request import ReAuthExchangeSessionRequest
from .redirect_url_link import RedirectUrlLink
from .token_request import TokenRequest
from .token_request_grant_type import TokenRequestGrantType
from .token_response import TokenResponse
from .validation_error_item import ValidationErrorItem
from .validation_error_item_links import ValidationErrorItemLinks

__all__ = (
    "CreateExchangeSessionLinks",
    "CreateExchangeSessionRequest",
    "Error",
    "ErrorEmbedded",
    "ExchangePartner",
    "ExchangePartnerLinks",
    "ExchangePartnerList",
    "ExchangePartnerListEmbedded",
    "ExchangeSession",
    "ExchangeSessionLinks",
    "ExternalProviderSessionData",
    "HalLink",
    "OAuthError",
    "ReAuthExchangeSessionLinks",
    "ReAuthExchangeSessionRequest",
    "RedirectUrlLink",
    "TokenRequest",
    "TokenRequestGrantType",
    "TokenResponse",
    "ValidationErrorItem",
    "ValidationErrorItemLinks",
)
