from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.webhook_subscription import WebhookSubscription


T = TypeVar("T", bound="WebhookSubscriptionListEmbedded")


@_attrs_define
class WebhookSubscriptionListEmbedded:
    webhook_subscriptions: list[WebhookSubscription]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        webhook_subscriptions = []
        for webhook_subscriptions_item_data in self.webhook_subscriptions:
            webhook_subscriptions_item = webhook_subscriptions_item_data.to_dict()
            webhook_subscriptions.append(webhook_subscriptions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "webhook-subscriptions": webhook_subscriptions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_subscription import WebhookSubscription

        d = dict(src_dict)
        webhook_subscriptions = []
        _webhook_subscriptions = d.pop("webhook-subscriptions")
        for webhook_subscriptions_item_data in _webhook_subscriptions:
            webhook_subscriptions_item = WebhookSubscription.from_dict(
                webhook_subscriptions_item_data
            )

            webhook_subscriptions.append(webhook_subscriptions_item)

        webhook_subscription_list_embedded = cls(
            webhook_subscriptions=webhook_subscriptions,
        )

        webhook_subscription_list_embedded.additional_properties = d
        return webhook_subscription_list_embedded

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
