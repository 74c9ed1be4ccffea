from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.hal_link import HalLink


T = TypeVar("T", bound="WebhookSubscriptionLinks")


@_attrs_define
class WebhookSubscriptionLinks:
    self_: HalLink
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    webhooks: HalLink | Unset = UNSET
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        self_ = self.self_.to_dict()

        webhooks: dict[str, Any] | Unset = UNSET
        if not isinstance(self.webhooks, Unset):
            webhooks = self.webhooks.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "self": self_,
            }
        )
        if webhooks is not UNSET:
            field_dict["webhooks"] = webhooks

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.hal_link import HalLink

        d = dict(src_dict)
        self_ = HalLink.from_dict(d.pop("self"))

        _webhooks = d.pop("webhooks", UNSET)
        webhooks: HalLink | Unset
        if isinstance(_webhooks, Unset):
            webhooks = UNSET
        else:
            webhooks = HalLink.from_dict(_webhooks)

        webhook_subscription_links = cls(
            self_=self_,
            webhooks=webhooks,
        )

        webhook_subscription_links.additional_properties = d
        return webhook_subscription_links

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
