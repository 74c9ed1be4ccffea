from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="HalLink")


@_attrs_define
class HalLink:
    """A HAL link. Clients follow only same-origin API links (see `resource-type`)."""

    href: str
    """ Absolute URL of the linked resource. """
    type_: str | Unset = UNSET
    """ Media type Dwolla declares for the link, usually `application/vnd.dwolla.v1.hal+json`. """
    resource_type: str | Unset = UNSET
    """ What the link points to: a Dwolla resource type such as `exchange-sessions`
    or `exchange-partner`, or `text/html` for a page meant for a browser
    (which is not an API resource, whatever `type` says).
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        href = self.href

        type_ = self.type_

        resource_type = self.resource_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "href": href,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_
        if resource_type is not UNSET:
            field_dict["resource-type"] = resource_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        href = d.pop("href")

        type_ = d.pop("type", UNSET)

        resource_type = d.pop("resource-type", UNSET)

        hal_link = cls(
            href=href,
            type_=type_,
            resource_type=resource_type,
        )

        hal_link.additional_properties = d
        return hal_link

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
