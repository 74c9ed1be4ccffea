from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.create_exchange_session_links import CreateExchangeSessionLinks


T = TypeVar("T", bound="CreateExchangeSessionRequest")


@_attrs_define
class CreateExchangeSessionRequest:
    """Names the exchange partner; Plaid on mobile adds `redirect-url` (an https URL on
    iOS, the app's package name on Android); Visa requires it (an https URL).

    """

    links: CreateExchangeSessionLinks
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        links = self.links.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_links": links,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_exchange_session_links import CreateExchangeSessionLinks

        d = dict(src_dict)
        links = CreateExchangeSessionLinks.from_dict(d.pop("_links"))

        create_exchange_session_request = cls(
            links=links,
        )

        create_exchange_session_request.additional_properties = d
        return create_exchange_session_request

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
