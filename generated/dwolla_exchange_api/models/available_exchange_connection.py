from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AvailableExchangeConnection")


@_attrs_define
class AvailableExchangeConnection:
    """One bank account the end user connected in MX."""

    available_connection_token: str = _attrs_field(repr=False)
    """ Names this account when creating an exchange (`mx.availableConnectionToken`). One use. """
    name: str
    """ The account's name as MX shows it, e.g. `XYZ Checking`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available_connection_token = self.available_connection_token

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "availableConnectionToken": available_connection_token,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        available_connection_token = d.pop("availableConnectionToken")

        name = d.pop("name")

        available_exchange_connection = cls(
            available_connection_token=available_connection_token,
            name=name,
        )

        available_exchange_connection.additional_properties = d
        return available_exchange_connection

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
