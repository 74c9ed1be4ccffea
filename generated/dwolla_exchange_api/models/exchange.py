from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.exchange_links import ExchangeLinks


T = TypeVar("T", bound="Exchange")


@_attrs_define
class Exchange:
    """Dwolla's lasting link to a customer's account at an exchange partner."""

    links: ExchangeLinks
    """ Links of an exchange. Unknown relations are still HAL links. """
    id: UUID
    status: str
    """ Known today `active`, `deactivated` and `removed`; an open set (Dwolla does
    not document what each means).
     """
    created: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        links = self.links.to_dict()

        id = str(self.id)

        status = self.status

        created = self.created.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_links": links,
                "id": id,
                "status": status,
                "created": created,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.exchange_links import ExchangeLinks

        d = dict(src_dict)
        links = ExchangeLinks.from_dict(d.pop("_links"))

        id = UUID(d.pop("id"))

        status = d.pop("status")

        created = datetime.datetime.fromisoformat(d.pop("created"))

        exchange = cls(
            links=links,
            id=id,
            status=status,
            created=created,
        )

        exchange.additional_properties = d
        return exchange

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
