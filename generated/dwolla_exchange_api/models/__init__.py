"""Contains all the data models used in inputs/outputs.

Each model's module is imported on first use of its name (PEP 562), so that importing the
package, or one model, does not import every model.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .amount import Amount
    from .available_exchange_connection import AvailableExchangeConnection
    from .available_exchange_connections import AvailableExchangeConnections
    from .available_exchange_connections_embedded import (
        AvailableExchangeConnectionsEmbedded,
    )
    from .available_exchange_connections_links import AvailableExchangeConnectionsLinks
    from .billing_address import BillingAddress
    from .cardholder_details import CardholderDetails
    from .create_exchange_links import CreateExchangeLinks
    from .create_exchange_request import CreateExchangeRequest
    from .create_exchange_request_finicity import CreateExchangeRequestFinicity
    from .create_exchange_session_links import CreateExchangeSessionLinks
    from .create_exchange_session_request import CreateExchangeSessionRequest
    from .create_funding_source_links import CreateFundingSourceLinks
    from .create_funding_source_request import CreateFundingSourceRequest
    from .create_funding_source_request_bank_account_type import (
        CreateFundingSourceRequestBankAccountType,
    )
    from .create_webhook_subscription_request import CreateWebhookSubscriptionRequest
    from .error import Error
    from .error_embedded import ErrorEmbedded
    from .error_links import ErrorLinks
    from .exchange import Exchange
    from .exchange_links import ExchangeLinks
    from .exchange_list import ExchangeList
    from .exchange_list_embedded import ExchangeListEmbedded
    from .exchange_partner import ExchangePartner
    from .exchange_partner_links import ExchangePartnerLinks
    from .exchange_partner_list import ExchangePartnerList
    from .exchange_partner_list_embedded import ExchangePartnerListEmbedded
    from .exchange_session import ExchangeSession
    from .exchange_session_links import ExchangeSessionLinks
    from .external_provider_session_data import ExternalProviderSessionData
    from .funding_source import FundingSource
    from .funding_source_balance import FundingSourceBalance
    from .funding_source_balance_links import FundingSourceBalanceLinks
    from .funding_source_card_details import FundingSourceCardDetails
    from .funding_source_card_details_billing_address import (
        FundingSourceCardDetailsBillingAddress,
    )
    from .funding_source_links import FundingSourceLinks
    from .hal_link import HalLink
    from .mx_exchange_token import MxExchangeToken
    from .oauth_error import OAuthError
    from .plaid_exchange_token import PlaidExchangeToken
    from .re_auth_exchange_session_links import ReAuthExchangeSessionLinks
    from .re_auth_exchange_session_request import ReAuthExchangeSessionRequest
    from .redirect_url_link import RedirectUrlLink
    from .token_request import TokenRequest
    from .token_request_grant_type import TokenRequestGrantType
    from .token_response import TokenResponse
    from .validation_error_item import ValidationErrorItem
    from .validation_error_item_links import ValidationErrorItemLinks
    from .webhook_event import WebhookEvent
    from .webhook_event_links import WebhookEventLinks
    from .webhook_subscription import WebhookSubscription
    from .webhook_subscription_links import WebhookSubscriptionLinks
    from .webhook_subscription_list import WebhookSubscriptionList
    from .webhook_subscription_list_embedded import WebhookSubscriptionListEmbedded

_MODULE_OF = {
    "Amount": ".amount",
    "AvailableExchangeConnection": ".available_exchange_connection",
    "AvailableExchangeConnections": ".available_exchange_connections",
    "AvailableExchangeConnectionsEmbedded": ".available_exchange_connections_embedded",
    "AvailableExchangeConnectionsLinks": ".available_exchange_connections_links",
    "BillingAddress": ".billing_address",
    "CardholderDetails": ".cardholder_details",
    "CreateExchangeLinks": ".create_exchange_links",
    "CreateExchangeRequest": ".create_exchange_request",
    "CreateExchangeRequestFinicity": ".create_exchange_request_finicity",
    "CreateExchangeSessionLinks": ".create_exchange_session_links",
    "CreateExchangeSessionRequest": ".create_exchange_session_request",
    "CreateFundingSourceLinks": ".create_funding_source_links",
    "CreateFundingSourceRequest": ".create_funding_source_request",
    "CreateFundingSourceRequestBankAccountType": ".create_funding_source_request_bank_account_type",
    "CreateWebhookSubscriptionRequest": ".create_webhook_subscription_request",
    "Error": ".error",
    "ErrorEmbedded": ".error_embedded",
    "ErrorLinks": ".error_links",
    "Exchange": ".exchange",
    "ExchangeLinks": ".exchange_links",
    "ExchangeList": ".exchange_list",
    "ExchangeListEmbedded": ".exchange_list_embedded",
    "ExchangePartner": ".exchange_partner",
    "ExchangePartnerLinks": ".exchange_partner_links",
    "ExchangePartnerList": ".exchange_partner_list",
    "ExchangePartnerListEmbedded": ".exchange_partner_list_embedded",
    "ExchangeSession": ".exchange_session",
    "ExchangeSessionLinks": ".exchange_session_links",
    "ExternalProviderSessionData": ".external_provider_session_data",
    "FundingSource": ".funding_source",
    "FundingSourceBalance": ".funding_source_balance",
    "FundingSourceBalanceLinks": ".funding_source_balance_links",
    "FundingSourceCardDetails": ".funding_source_card_details",
    "FundingSourceCardDetailsBillingAddress": ".funding_source_card_details_billing_address",
    "FundingSourceLinks": ".funding_source_links",
    "HalLink": ".hal_link",
    "MxExchangeToken": ".mx_exchange_token",
    "OAuthError": ".oauth_error",
    "PlaidExchangeToken": ".plaid_exchange_token",
    "ReAuthExchangeSessionLinks": ".re_auth_exchange_session_links",
    "ReAuthExchangeSessionRequest": ".re_auth_exchange_session_request",
    "RedirectUrlLink": ".redirect_url_link",
    "TokenRequest": ".token_request",
    "TokenRequestGrantType": ".token_request_grant_type",
    "TokenResponse": ".token_response",
    "ValidationErrorItem": ".validation_error_item",
    "ValidationErrorItemLinks": ".validation_error_item_links",
    "WebhookEvent": ".webhook_event",
    "WebhookEventLinks": ".webhook_event_links",
    "WebhookSubscription": ".webhook_subscription",
    "WebhookSubscriptionLinks": ".webhook_subscription_links",
    "WebhookSubscriptionList": ".webhook_subscription_list",
    "WebhookSubscriptionListEmbedded": ".webhook_subscription_list_embedded",
}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = (
    "Amount",
    "AvailableExchangeConnection",
    "AvailableExchangeConnections",
    "AvailableExchangeConnectionsEmbedded",
    "AvailableExchangeConnectionsLinks",
    "BillingAddress",
    "CardholderDetails",
    "CreateExchangeLinks",
    "CreateExchangeRequest",
    "CreateExchangeRequestFinicity",
    "CreateExchangeSessionLinks",
    "CreateExchangeSessionRequest",
    "CreateFundingSourceLinks",
    "CreateFundingSourceRequest",
    "CreateFundingSourceRequestBankAccountType",
    "CreateWebhookSubscriptionRequest",
    "Error",
    "ErrorEmbedded",
    "ErrorLinks",
    "Exchange",
    "ExchangeLinks",
    "ExchangeList",
    "ExchangeListEmbedded",
    "ExchangePartner",
    "ExchangePartnerLinks",
    "ExchangePartnerList",
    "ExchangePartnerListEmbedded",
    "ExchangeSession",
    "ExchangeSessionLinks",
    "ExternalProviderSessionData",
    "FundingSource",
    "FundingSourceBalance",
    "FundingSourceBalanceLinks",
    "FundingSourceCardDetails",
    "FundingSourceCardDetailsBillingAddress",
    "FundingSourceLinks",
    "HalLink",
    "MxExchangeToken",
    "OAuthError",
    "PlaidExchangeToken",
    "ReAuthExchangeSessionLinks",
    "ReAuthExchangeSessionRequest",
    "RedirectUrlLink",
    "TokenRequest",
    "TokenRequestGrantType",
    "TokenResponse",
    "ValidationErrorItem",
    "ValidationErrorItemLinks",
    "WebhookEvent",
    "WebhookEventLinks",
    "WebhookSubscription",
    "WebhookSubscriptionLinks",
    "WebhookSubscriptionList",
    "WebhookSubscriptionListEmbedded",
)
