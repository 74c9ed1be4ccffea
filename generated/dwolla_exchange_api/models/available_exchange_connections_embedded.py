from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.available_exchange_connection import AvailableExchangeConnection


T = TypeVar("T", bound="AvailableExchangeConnectionsEmbedded")


@_attrs_define
class AvailableExchangeConnectionsEmbedded:
    available_exchange_connections: list[AvailableExchangeConnection]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available_exchange_connections = []
        for (
            available_exchange_connections_item_data
        ) in self.available_exchange_connections:
            available_exchange_connections_item = (
                available_exchange_connections_item_data.to_dict()
            )
            available_exchange_connections.append(available_exchange_connections_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available-exchange-connections": available_exchange_connections,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.available_exchange_connection import AvailableExchangeConnection

        d = dict(src_dict)
        available_exchange_connections = []
        _available_exchange_connections = d.pop("available-exchange-connections")
        for available_exchange_connections_item_data in _available_exchange_connections:
            available_exchange_connections_item = AvailableExchangeConnection.from_dict(
                available_exchange_connections_item_data
            )

            available_exchange_connections.append(available_exchange_connections_item)

        available_exchange_connections_embedded = cls(
            available_exchange_connections=available_exchange_connections,
        )

        available_exchange_connections_embedded.additional_properties = d
        return available_exchange_connections_embedded

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
