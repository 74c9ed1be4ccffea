from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_subscription_links import WebhookSubscriptionLinks


T = TypeVar("T", bound="WebhookSubscription")


@_attrs_define
class WebhookSubscription:
    """A subscription. Its secret is never part of it."""

    links: WebhookSubscriptionLinks
    id: UUID
    url: str
    paused: bool | Unset = UNSET
    """ True when Dwolla stopped delivering (after 400 failures in a row) or it was paused. """
    created: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        links = self.links.to_dict()

        id = str(self.id)

        url = self.url

        paused = self.paused

        created: str | Unset = UNSET
        if not isinstance(self.created, Unset):
            created = self.created.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_links": links,
                "id": id,
                "url": url,
            }
        )
        if paused is not UNSET:
            field_dict["paused"] = paused
        if created is not UNSET:
            field_dict["created"] = created

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_subscription_links import WebhookSubscriptionLinks

        d = dict(src_dict)
        links = WebhookSubscriptionLinks.from_dict(d.pop("_links"))

        id = UUID(d.pop("id"))

        url = d.pop("url")

        paused = d.pop("paused", UNSET)

        _created = d.pop("created", UNSET)
        created: datetime.datetime | Unset
        if isinstance(_created, Unset):
            created = UNSET
        else:
            created = datetime.datetime.fromisoformat(_created)

        webhook_subscription = cls(
            links=links,
            id=id,
            url=url,
            paused=paused,
            created=created,
        )

        webhook_subscription.additional_properties = d
        return webhook_subscription

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
