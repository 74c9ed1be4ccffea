from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_funding_source_request_bank_account_type import (
    CreateFundingSourceRequestBankAccountType,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cardholder_details import CardholderDetails
    from ..models.create_funding_source_links import CreateFundingSourceLinks


T = TypeVar("T", bound="CreateFundingSourceRequest")


@_attrs_define
class CreateFundingSourceRequest:
    """A funding source from an exchange: a bank account (`bankAccountType`, from an MX,
    Plaid or other bank exchange) or a debit card (`cardDetails`, from a Checkout.com
    exchange), exactly one of the two.

    """

    links: CreateFundingSourceLinks
    name: str
    """ The name the customer sees, at most 50 characters. """
    bank_account_type: CreateFundingSourceRequestBankAccountType | Unset = UNSET
    card_details: CardholderDetails | Unset = UNSET
    """ The cardholder, for a debit card from a Checkout.com exchange (Push to Card). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        links = self.links.to_dict()

        name = self.name

        bank_account_type: str | Unset = UNSET
        if not isinstance(self.bank_account_type, Unset):
            bank_account_type = self.bank_account_type.value

        card_details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.card_details, Unset):
            card_details = self.card_details.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_links": links,
                "name": name,
            }
        )
        if bank_account_type is not UNSET:
            field_dict["bankAccountType"] = bank_account_type
        if card_details is not UNSET:
            field_dict["cardDetails"] = card_details

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.cardholder_details import CardholderDetails
        from ..models.create_funding_source_links import CreateFundingSourceLinks

        d = dict(src_dict)
        links = CreateFundingSourceLinks.from_dict(d.pop("_links"))

        name = d.pop("name")

        _bank_account_type = d.pop("bankAccountType", UNSET)
        bank_account_type: CreateFundingSourceRequestBankAccountType | Unset
        if isinstance(_bank_account_type, Unset):
            bank_account_type = UNSET
        else:
            bank_account_type = CreateFundingSourceRequestBankAccountType(
                _bank_account_type
            )

        _card_details = d.pop("cardDetails", UNSET)
        card_details: CardholderDetails | Unset
        if isinstance(_card_details, Unset):
            card_details = UNSET
        else:
            card_details = CardholderDetails.from_dict(_card_details)

        create_funding_source_request = cls(
            links=links,
            name=name,
            bank_account_type=bank_account_type,
            card_details=card_details,
        )

        create_funding_source_request.additional_properties = d
        return create_funding_source_request

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
