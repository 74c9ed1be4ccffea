from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExternalProviderSessionData")


@_attrs_define
class ExternalProviderSessionData:
    """Checkout.com only: the payment session that starts Checkout.com's Flow component
    for debit-card capture (Push to Card); Flow then gives a `pay_...` token. The
    secret and token are for the front end that opens Flow, never for logs.

    """

    id: str | Unset = UNSET
    """ The payment session's id (`ps_...`). """
    payment_session_secret: str | Unset = _attrs_field(default=UNSET, repr=False)
    """ The payment session's secret (`pss_...`). A secret. """
    payment_session_token: str | Unset = _attrs_field(default=UNSET, repr=False)
    """ The payment session's token (base64) that Flow is initialised with. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        payment_session_secret = self.payment_session_secret

        payment_session_token = self.payment_session_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if payment_session_secret is not UNSET:
            field_dict["payment_session_secret"] = payment_session_secret
        if payment_session_token is not UNSET:
            field_dict["payment_session_token"] = payment_session_token

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        payment_session_secret = d.pop("payment_session_secret", UNSET)

        payment_session_token = d.pop("payment_session_token", UNSET)

        external_provider_session_data = cls(
            id=id,
            payment_session_secret=payment_session_secret,
            payment_session_token=payment_session_token,
        )

        external_provider_session_data.additional_properties = d
        return external_provider_session_data

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
