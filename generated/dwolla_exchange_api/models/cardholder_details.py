from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.billing_address import BillingAddress


T = TypeVar("T", bound="CardholderDetails")


@_attrs_define
class CardholderDetails:
    """The cardholder, for a debit card from a Checkout.com exchange (Push to Card)."""

    first_name: str
    last_name: str
    billing_address: BillingAddress
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        first_name = self.first_name

        last_name = self.last_name

        billing_address = self.billing_address.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "firstName": first_name,
                "lastName": last_name,
                "billingAddress": billing_address,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.billing_address import BillingAddress

        d = dict(src_dict)
        first_name = d.pop("firstName")

        last_name = d.pop("lastName")

        billing_address = BillingAddress.from_dict(d.pop("billingAddress"))

        cardholder_details = cls(
            first_name=first_name,
            last_name=last_name,
            billing_address=billing_address,
        )

        cardholder_details.additional_properties = d
        return cardholder_details

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
