from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.available_exchange_connections_embedded import (
        AvailableExchangeConnectionsEmbedded,
    )
    from ..models.available_exchange_connections_links import (
        AvailableExchangeConnectionsLinks,
    )


T = TypeVar("T", bound="AvailableExchangeConnections")


@_attrs_define
class AvailableExchangeConnections:
    links: AvailableExchangeConnectionsLinks
    """ Links of the list; Dwolla names the customer `customers` (plural). """
    embedded: AvailableExchangeConnectionsEmbedded
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        links = self.links.to_dict()

        embedded = self.embedded.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_links": links,
                "_embedded": embedded,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.available_exchange_connections_embedded import (
            AvailableExchangeConnectionsEmbedded,
        )
        from ..models.available_exchange_connections_links import (
            AvailableExchangeConnectionsLinks,
        )

        d = dict(src_dict)
        links = AvailableExchangeConnectionsLinks.from_dict(d.pop("_links"))

        embedded = AvailableExchangeConnectionsEmbedded.from_dict(d.pop("_embedded"))

        available_exchange_connections = cls(
            links=links,
            embedded=embedded,
        )

        available_exchange_connections.additional_properties = d
        return available_exchange_connections

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
