from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BillingAddress")


@_attrs_define
class BillingAddress:
    address1: str
    city: str
    state_province_region: str
    """ Two-letter state, province or region code. """
    country: str
    """ Two-letter country code (ISO 3166-1 alpha-2). """
    postal_code: str
    address2: str | Unset = UNSET
    address3: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        address1 = self.address1

        city = self.city

        state_province_region = self.state_province_region

        country = self.country

        postal_code = self.postal_code

        address2 = self.address2

        address3 = self.address3

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "address1": address1,
                "city": city,
                "stateProvinceRegion": state_province_region,
                "country": country,
                "postalCode": postal_code,
            }
        )
        if address2 is not UNSET:
            field_dict["address2"] = address2
        if address3 is not UNSET:
            field_dict["address3"] = address3

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        address1 = d.pop("address1")

        city = d.pop("city")

        state_province_region = d.pop("stateProvinceRegion")

        country = d.pop("country")

        postal_code = d.pop("postalCode")

        address2 = d.pop("address2", UNSET)

        address3 = d.pop("address3", UNSET)

        billing_address = cls(
            address1=address1,
            city=city,
            state_province_region=state_province_region,
            country=country,
            postal_code=postal_code,
            address2=address2,
            address3=address3,
        )

        billing_address.additional_properties = d
        return billing_address

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
