from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.funding_source_card_details import FundingSourceCardDetails
    from ..models.funding_source_links import FundingSourceLinks


T = TypeVar("T", bound="FundingSource")


@_attrs_define
class FundingSource:
    """A customer's bank account (or other source of funds) at Dwolla."""

    links: FundingSourceLinks
    """ Links of a funding source. Unknown relations are still HAL links. """
    id: UUID
    status: str | Unset = UNSET
    """ Known today `verified` and `unverified`; an open set. """
    type_: str | Unset = UNSET
    """ Known today `bank`, `balance` and `card`; an open set. """
    bank_account_type: str | Unset = UNSET
    name: str | Unset = UNSET
    created: datetime.datetime | Unset = UNSET
    removed: bool | Unset = UNSET
    channels: list[str] | Unset = UNSET
    bank_name: str | Unset = UNSET
    fingerprint: str | Unset = UNSET
    card_details: FundingSourceCardDetails | Unset = UNSET
    """ A card funding source's card (only `type` `card`). Never the card number. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        links = self.links.to_dict()

        id = str(self.id)

        status = self.status

        type_ = self.type_

        bank_account_type = self.bank_account_type

        name = self.name

        created: str | Unset = UNSET
        if not isinstance(self.created, Unset):
            created = self.created.isoformat()

        removed = self.removed

        channels: list[str] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = self.channels

        bank_name = self.bank_name

        fingerprint = self.fingerprint

        card_details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.card_details, Unset):
            card_details = self.card_details.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_links": links,
                "id": id,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if type_ is not UNSET:
            field_dict["type"] = type_
        if bank_account_type is not UNSET:
            field_dict["bankAccountType"] = bank_account_type
        if name is not UNSET:
            field_dict["name"] = name
        if created is not UNSET:
            field_dict["created"] = created
        if removed is not UNSET:
            field_dict["removed"] = removed
        if channels is not UNSET:
            field_dict["channels"] = channels
        if bank_name is not UNSET:
            field_dict["bankName"] = bank_name
        if fingerprint is not UNSET:
            field_dict["fingerprint"] = fingerprint
        if card_details is not UNSET:
            field_dict["cardDetails"] = card_details

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.funding_source_card_details import FundingSourceCardDetails
        from ..models.funding_source_links import FundingSourceLinks

        d = dict(src_dict)
        links = FundingSourceLinks.from_dict(d.pop("_links"))

        id = UUID(d.pop("id"))

        status = d.pop("status", UNSET)

        type_ = d.pop("type", UNSET)

        bank_account_type = d.pop("bankAccountType", UNSET)

        name = d.pop("name", UNSET)

        _created = d.pop("created", UNSET)
        created: datetime.datetime | Unset
        if isinstance(_created, Unset):
            created = UNSET
        else:
            created = datetime.datetime.fromisoformat(_created)

        removed = d.pop("removed", UNSET)

        channels = cast(list[str], d.pop("channels", UNSET))

        bank_name = d.pop("bankName", UNSET)

        fingerprint = d.pop("fingerprint", UNSET)

        _card_details = d.pop("cardDetails", UNSET)
        card_details: FundingSourceCardDetails | Unset
        if isinstance(_card_details, Unset):
            card_details = UNSET
        else:
            card_details = FundingSourceCardDetails.from_dict(_card_details)

        funding_source = cls(
            links=links,
            id=id,
            status=status,
            type_=type_,
            bank_account_type=bank_account_type,
            name=name,
            created=created,
            removed=removed,
            channels=channels,
            bank_name=bank_name,
            fingerprint=fingerprint,
            card_details=card_details,
        )

        funding_source.additional_properties = d
        return funding_source

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
