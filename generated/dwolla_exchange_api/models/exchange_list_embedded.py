from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.exchange import Exchange


T = TypeVar("T", bound="ExchangeListEmbedded")


@_attrs_define
class ExchangeListEmbedded:
    exchanges: list[Exchange]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        exchanges = []
        for exchanges_item_data in self.exchanges:
            exchanges_item = exchanges_item_data.to_dict()
            exchanges.append(exchanges_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "exchanges": exchanges,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.exchange import Exchange

        d = dict(src_dict)
        exchanges = []
        _exchanges = d.pop("exchanges")
        for exchanges_item_data in _exchanges:
            exchanges_item = Exchange.from_dict(exchanges_item_data)

            exchanges.append(exchanges_item)

        exchange_list_embedded = cls(
            exchanges=exchanges,
        )

        exchange_list_embedded.additional_properties = d
        return exchange_list_embedded

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
