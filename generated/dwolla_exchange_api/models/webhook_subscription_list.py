from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_subscription_links import WebhookSubscriptionLinks
    from ..models.webhook_subscription_list_embedded import (
        WebhookSubscriptionListEmbedded,
    )


T = TypeVar("T", bound="WebhookSubscriptionList")


@_attrs_define
class WebhookSubscriptionList:
    embedded: WebhookSubscriptionListEmbedded
    links: WebhookSubscriptionLinks | Unset = UNSET
    total: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        embedded = self.embedded.to_dict()

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_embedded": embedded,
            }
        )
        if links is not UNSET:
            field_dict["_links"] = links
        if total is not UNSET:
            field_dict["total"] = total

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_subscription_links import WebhookSubscriptionLinks
        from ..models.webhook_subscription_list_embedded import (
            WebhookSubscriptionListEmbedded,
        )

        d = dict(src_dict)
        embedded = WebhookSubscriptionListEmbedded.from_dict(d.pop("_embedded"))

        _links = d.pop("_links", UNSET)
        links: WebhookSubscriptionLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = WebhookSubscriptionLinks.from_dict(_links)

        total = d.pop("total", UNSET)

        webhook_subscription_list = cls(
            embedded=embedded,
            links=links,
            total=total,
        )

        webhook_subscription_list.additional_properties = d
        return webhook_subscription_list

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
