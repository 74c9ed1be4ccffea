from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.hal_link import HalLink


T = TypeVar("T", bound="ExchangeLinks")


@_attrs_define
class ExchangeLinks:
    """Links of an exchange. Unknown relations are still HAL links."""

    self_: HalLink
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    exchange_partner: HalLink | Unset = UNSET
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    customer: HalLink | Unset = UNSET
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    additional_properties: dict[str, HalLink] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        self_ = self.self_.to_dict()

        exchange_partner: dict[str, Any] | Unset = UNSET
        if not isinstance(self.exchange_partner, Unset):
            exchange_partner = self.exchange_partner.to_dict()

        customer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.customer, Unset):
            customer = self.customer.to_dict()

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        field_dict.update(
            {
                "self": self_,
            }
        )
        if exchange_partner is not UNSET:
            field_dict["exchange-partner"] = exchange_partner
        if customer is not UNSET:
            field_dict["customer"] = customer

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.hal_link import HalLink

        d = dict(src_dict)
        self_ = HalLink.from_dict(d.pop("self"))

        _exchange_partner = d.pop("exchange-partner", UNSET)
        exchange_partner: HalLink | Unset
        if isinstance(_exchange_partner, Unset):
            exchange_partner = UNSET
        else:
            exchange_partner = HalLink.from_dict(_exchange_partner)

        _customer = d.pop("customer", UNSET)
        customer: HalLink | Unset
        if isinstance(_customer, Unset):
            customer = UNSET
        else:
            customer = HalLink.from_dict(_customer)

        exchange_links = cls(
            self_=self_,
            exchange_partner=exchange_partner,
            customer=customer,
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = HalLink.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        exchange_links.additional_properties = additional_properties
        return exchange_links

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
