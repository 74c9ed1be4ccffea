from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.funding_source_card_details_billing_address import (
        FundingSourceCardDetailsBillingAddress,
    )


T = TypeVar("T", bound="FundingSourceCardDetails")


@_attrs_define
class FundingSourceCardDetails:
    """A card funding source's card (only `type` `card`). Never the card number."""

    brand: str | Unset = UNSET
    last_four: str | Unset = UNSET
    expiration_month: int | Unset = UNSET
    expiration_year: int | Unset = UNSET
    name_on_card: str | Unset = UNSET
    bin_: str | Unset = UNSET
    billing_address: FundingSourceCardDetailsBillingAddress | Unset = UNSET
    """ The card's billing address, as Dwolla returns it. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        brand = self.brand

        last_four = self.last_four

        expiration_month = self.expiration_month

        expiration_year = self.expiration_year

        name_on_card = self.name_on_card

        bin_ = self.bin_

        billing_address: dict[str, Any] | Unset = UNSET
        if not isinstance(self.billing_address, Unset):
            billing_address = self.billing_address.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if brand is not UNSET:
            field_dict["brand"] = brand
        if last_four is not UNSET:
            field_dict["lastFour"] = last_four
        if expiration_month is not UNSET:
            field_dict["expirationMonth"] = expiration_month
        if expiration_year is not UNSET:
            field_dict["expirationYear"] = expiration_year
        if name_on_card is not UNSET:
            field_dict["nameOnCard"] = name_on_card
        if bin_ is not UNSET:
            field_dict["bin"] = bin_
        if billing_address is not UNSET:
            field_dict["billingAddress"] = billing_address

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.funding_source_card_details_billing_address import (
            FundingSourceCardDetailsBillingAddress,
        )

        d = dict(src_dict)
        brand = d.pop("brand", UNSET)

        last_four = d.pop("lastFour", UNSET)

        expiration_month = d.pop("expirationMonth", UNSET)

        expiration_year = d.pop("expirationYear", UNSET)

        name_on_card = d.pop("nameOnCard", UNSET)

        bin_ = d.pop("bin", UNSET)

        _billing_address = d.pop("billingAddress", UNSET)
        billing_address: FundingSourceCardDetailsBillingAddress | Unset
        if isinstance(_billing_address, Unset):
            billing_address = UNSET
        else:
            billing_address = FundingSourceCardDetailsBillingAddress.from_dict(
                _billing_address
            )

        funding_source_card_details = cls(
            brand=brand,
            last_four=last_four,
            expiration_month=expiration_month,
            expiration_year=expiration_year,
            name_on_card=name_on_card,
            bin_=bin_,
            billing_address=billing_address,
        )

        funding_source_card_details.additional_properties = d
        return funding_source_card_details

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
