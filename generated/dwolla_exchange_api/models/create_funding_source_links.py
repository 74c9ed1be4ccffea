from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.hal_link import HalLink


T = TypeVar("T", bound="CreateFundingSourceLinks")


@_attrs_define
class CreateFundingSourceLinks:
    exchange: HalLink
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    on_demand_authorization: HalLink | Unset = UNSET
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        exchange = self.exchange.to_dict()

        on_demand_authorization: dict[str, Any] | Unset = UNSET
        if not isinstance(self.on_demand_authorization, Unset):
            on_demand_authorization = self.on_demand_authorization.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "exchange": exchange,
            }
        )
        if on_demand_authorization is not UNSET:
            field_dict["on-demand-authorization"] = on_demand_authorization

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.hal_link import HalLink

        d = dict(src_dict)
        exchange = HalLink.from_dict(d.pop("exchange"))

        _on_demand_authorization = d.pop("on-demand-authorization", UNSET)
        on_demand_authorization: HalLink | Unset
        if isinstance(_on_demand_authorization, Unset):
            on_demand_authorization = UNSET
        else:
            on_demand_authorization = HalLink.from_dict(_on_demand_authorization)

        create_funding_source_links = cls(
            exchange=exchange,
            on_demand_authorization=on_demand_authorization,
        )

        create_funding_source_links.additional_properties = d
        return create_funding_source_links

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
