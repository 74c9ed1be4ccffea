from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_funding_source_request_bank_account_type import (
    CreateFundingSourceRequestBankAccountType,
)

if TYPE_CHECKING:
    from ..models.create_funding_source_links import CreateFundingSourceLinks


T = TypeVar("T", bound="CreateFundingSourceRequest")


@_attrs_define
class CreateFundingSourceRequest:
    links: CreateFundingSourceLinks
    name: str
    """ The name the customer sees, at most 50 characters. """
    bank_account_type: CreateFundingSourceRequestBankAccountType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        links = self.links.to_dict()

        name = self.name

        bank_account_type = self.bank_account_type.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_links": links,
                "name": name,
                "bankAccountType": bank_account_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_funding_source_links import CreateFundingSourceLinks

        d = dict(src_dict)
        links = CreateFundingSourceLinks.from_dict(d.pop("_links"))

        name = d.pop("name")

        bank_account_type = CreateFundingSourceRequestBankAccountType(
            d.pop("bankAccountType")
        )

        create_funding_source_request = cls(
            links=links,
            name=name,
            bank_account_type=bank_account_type,
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
