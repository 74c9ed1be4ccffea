from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_event_links import WebhookEventLinks


T = TypeVar("T", bound="WebhookEvent")


@_attrs_define
class WebhookEvent:
    """An event, as delivered to a webhook subscription. Dwolla's own schema requires
    nothing; this one requires `id` (to deduplicate deliveries) and `topic` (to act on
    it). Older guides show `timestamp`, sometimes next to `created`: both are described.

    """

    id: str
    """ The event's id; the same event may be delivered more than once. """
    topic: str
    """ What happened; an open set. Known for this flow:
    `customer_exchange_reauth_required` (the exchange is pending deactivation until
    the end user re-authenticates), `customer_funding_source_added`,
    `customer_funding_source_verified`, `customer_funding_source_unverified`,
    `customer_funding_source_updated`, `customer_funding_source_removed`,
    `customer_funding_source_negative`.
     """
    links: WebhookEventLinks | Unset = UNSET
    """ `resource` is what the event is about (the exchange, the funding source), `customer`
    its customer, `account` the Dwolla account, `self` the event itself.
     """
    resource_id: str | Unset = UNSET
    """ The id of `_links.resource`. """
    created: datetime.datetime | Unset = UNSET
    timestamp: datetime.datetime | Unset = UNSET
    """ Older guides' name for `created`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        topic = self.topic

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        resource_id = self.resource_id

        created: str | Unset = UNSET
        if not isinstance(self.created, Unset):
            created = self.created.isoformat()

        timestamp: str | Unset = UNSET
        if not isinstance(self.timestamp, Unset):
            timestamp = self.timestamp.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "topic": topic,
            }
        )
        if links is not UNSET:
            field_dict["_links"] = links
        if resource_id is not UNSET:
            field_dict["resourceId"] = resource_id
        if created is not UNSET:
            field_dict["created"] = created
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_event_links import WebhookEventLinks

        d = dict(src_dict)
        id = d.pop("id")

        topic = d.pop("topic")

        _links = d.pop("_links", UNSET)
        links: WebhookEventLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = WebhookEventLinks.from_dict(_links)

        resource_id = d.pop("resourceId", UNSET)

        _created = d.pop("created", UNSET)
        created: datetime.datetime | Unset
        if isinstance(_created, Unset):
            created = UNSET
        else:
            created = datetime.datetime.fromisoformat(_created)

        _timestamp = d.pop("timestamp", UNSET)
        timestamp: datetime.datetime | Unset
        if isinstance(_timestamp, Unset):
            timestamp = UNSET
        else:
            timestamp = datetime.datetime.fromisoformat(_timestamp)

        webhook_event = cls(
            id=id,
            topic=topic,
            links=links,
            resource_id=resource_id,
            created=created,
            timestamp=timestamp,
        )

        webhook_event.additional_properties = d
        return webhook_event

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
