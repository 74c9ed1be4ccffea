from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.hal_link import HalLink


T = TypeVar("T", bound="AvailableExchangeConnectionsLinks")


@_attrs_define
class AvailableExchangeConnectionsLinks:
    """Links of the list; Dwolla names the customer `customers` (plural)."""

    self_: HalLink
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    customers: HalLink | Unset = UNSET
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    additional_properties: dict[str, HalLink] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        self_ = self.self_.to_dict()

        customers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.customers, Unset):
            customers = self.customers.to_dict()

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        field_dict.update(
            {
                "self": self_,
            }
        )
        if customers is not UNSET:
            field_dict["customers"] = customers

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.hal_link import HalLink

        d = dict(src_dict)
        self_ = HalLink.from_dict(d.pop("self"))

        _customers = d.pop("customers", UNSET)
        customers: HalLink | Unset
        if isinstance(_customers, Unset):
            customers = UNSET
        else:
            customers = HalLink.from_dict(_customers)

        available_exchange_connections_links = cls(
            self_=self_,
            customers=customers,
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = HalLink.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        available_exchange_connections_links.additional_properties = (
            additional_properties
        )
        return available_exchange_connections_links

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> HalLink:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: HalLink) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
