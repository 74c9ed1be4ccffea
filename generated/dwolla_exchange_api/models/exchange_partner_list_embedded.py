from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.exchange_partner import ExchangePartner


T = TypeVar("T", bound="ExchangePartnerListEmbedded")


@_attrs_define
class ExchangePartnerListEmbedded:
    exchange_partners: list[ExchangePartner]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        exchange_partners = []
        for exchange_partners_item_data in self.exchange_partners:
            exchange_partners_item = exchange_partners_item_data.to_dict()
            exchange_partners.append(exchange_partners_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "exchange-partners": exchange_partners,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.exchange_partner import ExchangePartner

        d = dict(src_dict)
        exchange_partners = []
        _exchange_partners = d.pop("exchange-partners")
        for exchange_partners_item_data in _exchange_partners:
            exchange_partners_item = ExchangePartner.from_dict(
                exchange_partners_item_data
            )

            exchange_partners.append(exchange_partners_item)

        exchange_partner_list_embedded = cls(
            exchange_partners=exchange_partners,
        )

        exchange_partner_list_embedded.additional_properties = d
        return exchange_partner_list_embedded

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
