from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.exchange_session_links import ExchangeSessionLinks
    from ..models.external_provider_session_data import ExternalProviderSessionData


T = TypeVar("T", bound="ExchangeSession")


@_attrs_define
class ExchangeSession:
    """An exchange session. MX sessions carry `_links.external-provider-session`
    (the widget URL, `text/html`, off Dwolla); Plaid sessions carry
    `externalProviderSessionToken`; Checkout.com sessions carry
    `externalProviderSessionData`. Newer API revisions add partner-specific
    fields; they are kept, never rejected.

    """

    created: datetime.datetime
    """ When the session was created (RFC 3339, UTC, milliseconds). """
    links: ExchangeSessionLinks
    """ Links of an exchange session. Unknown relations are still HAL links. """
    external_provider_session_token: str | Unset = _attrs_field(
        default=UNSET, repr=False
    )
    """ Plaid only. A short-lived, one-use Plaid Link token. """
    external_provider_session_data: ExternalProviderSessionData | Unset = UNSET
    """ Checkout.com only: the payment session that starts Checkout.com's Flow component
    for debit-card capture (Push to Card); Flow then gives a `pay_...` token. The
    secret and token are for the front end that opens Flow, never for logs.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created.isoformat()

        links = self.links.to_dict()

        external_provider_session_token = self.external_provider_session_token

        external_provider_session_data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.external_provider_session_data, Unset):
            external_provider_session_data = (
                self.external_provider_session_data.to_dict()
            )

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "_links": links,
            }
        )
        if external_provider_session_token is not UNSET:
            field_dict["externalProviderSessionToken"] = external_provider_session_token
        if external_provider_session_data is not UNSET:
            field_dict["externalProviderSessionData"] = external_provider_session_data

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.exchange_session_links import ExchangeSessionLinks
        from ..models.external_provider_session_data import ExternalProviderSessionData

        d = dict(src_dict)
        created = datetime.datetime.fromisoformat(d.pop("created"))

        links = ExchangeSessionLinks.from_dict(d.pop("_links"))

        external_provider_session_token = d.pop("externalProviderSessionToken", UNSET)

        _external_provider_session_data = d.pop("externalProviderSessionData", UNSET)
        external_provider_session_data: ExternalProviderSessionData | Unset
        if isinstance(_external_provider_session_data, Unset):
            external_provider_session_data = UNSET
        else:
            external_provider_session_data = ExternalProviderSessionData.from_dict(
                _external_provider_session_data
            )

        exchange_session = cls(
            created=created,
            links=links,
            external_provider_session_token=external_provider_session_token,
            external_provider_session_data=external_provider_session_data,
        )

        exchange_session.additional_properties = d
        return exchange_session

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
