from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.exchange_partner_links import ExchangePartnerLinks


T = TypeVar("T", bound="ExchangePartner")


@_attrs_define
class ExchangePartner:
    """An open-banking provider that Dwolla exchanges bank-account data with."""

    links: ExchangePartnerLinks
    """ Links of an exchange partner. Unknown relations are still HAL links. """
    id: UUID
    """ The partner's id. """
    name: str
    """ The provider's name. Known today: `MX`, `Plaid`, `Flinks`, `Finicity`,
    `Checkout.com`, `Visa`. Dwolla adds partners over time, so this is an open set,
    not an enum.
     """
    status: str
    """ The partner's status. Known today `active`; an open set. """
    created: datetime.datetime | Unset = UNSET
    """ When the partner was added (RFC 3339, UTC). Dwolla's schema requires it, but its
    own list example leaves it out, so it is optional here.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        links = self.links.to_dict()

        id = str(self.id)

        name = self.name

        status = self.status

        created: str | Unset = UNSET
        if not isinstance(self.created, Unset):
            created = self.created.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_links": links,
                "id": id,
                "name": name,
                "status": status,
            }
        )
        if created is not UNSET:
            field_dict["created"] = created

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.exchange_partner_links import ExchangePartnerLinks

        d = dict(src_dict)
        links = ExchangePartnerLinks.from_dict(d.pop("_links"))

        id = UUID(d.pop("id"))

        name = d.pop("name")

        status = d.pop("status")

        _created = d.pop("created", UNSET)
        created: datetime.datetime | Unset
        if isinstance(_created, Unset):
            created = UNSET
        else:
            created = datetime.datetime.fromisoformat(_created)

        exchange_partner = cls(
            links=links,
            id=id,
            name=name,
            status=status,
            created=created,
        )

        exchange_partner.additional_properties = d
        return exchange_partner

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
