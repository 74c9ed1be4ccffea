from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.hal_link import HalLink


T = TypeVar("T", bound="ExchangeSessionLinks")


@_attrs_define
class ExchangeSessionLinks:
    """Links of an exchange session. Unknown relations are still HAL links."""

    self_: HalLink
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    exchange_partner: HalLink
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    external_provider_session: HalLink | Unset = UNSET
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    additional_properties: dict[str, HalLink] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        self_ = self.self_.to_dict()

        exchange_partner = self.exchange_partner.to_dict()

        external_provider_session: dict[str, Any] | Unset = UNSET
        if not isinstance(self.external_provider_session, Unset):
            external_provider_session = self.external_provider_session.to_dict()

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        field_dict.update(
            {
                "self": self_,
                "exchange-partner": exchange_partner,
            }
        )
        if external_provider_session is not UNSET:
            field_dict["external-provider-session"] = external_provider_session

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.hal_link import HalLink

        d = dict(src_dict)
        self_ = HalLink.from_dict(d.pop("self"))

        exchange_partner = HalLink.from_dict(d.pop("exchange-partner"))

        _external_provider_session = d.pop("external-provider-session", UNSET)
        external_provider_session: HalLink | Unset
        if isinstance(_external_provider_session, Unset):
            external_provider_session = UNSET
        else:
            external_provider_session = HalLink.from_dict(_external_provider_session)

        exchange_session_links = cls(
            self_=self_,
            exchange_partner=exchange_partner,
            external_provider_session=external_provider_session,
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = HalLink.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        exchange_session_links.additional_properties = additional_properties
        return exchange_session_links

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
