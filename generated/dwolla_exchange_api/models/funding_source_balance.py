from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.amount import Amount
    from ..models.funding_source_balance_links import FundingSourceBalanceLinks


T = TypeVar("T", bound="FundingSourceBalance")


@_attrs_define
class FundingSourceBalance:
    """A bank account's balance: `available` and `closing` as of `lastUpdated` (when
    Dwolla last pulled it). Dwolla's description requires `available`, its guide says
    it may be missing, so every amount is optional; a Dwolla balance answers
    `balance` and `total` instead.

    """

    links: FundingSourceBalanceLinks
    available: Amount | Unset = UNSET
    """ A money amount. `value` is a decimal string, never a float. """
    closing: Amount | Unset = UNSET
    """ A money amount. `value` is a decimal string, never a float. """
    balance: Amount | Unset = UNSET
    """ A money amount. `value` is a decimal string, never a float. """
    total: Amount | Unset = UNSET
    """ A money amount. `value` is a decimal string, never a float. """
    last_updated: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        links = self.links.to_dict()

        available: dict[str, Any] | Unset = UNSET
        if not isinstance(self.available, Unset):
            available = self.available.to_dict()

        closing: dict[str, Any] | Unset = UNSET
        if not isinstance(self.closing, Unset):
            closing = self.closing.to_dict()

        balance: dict[str, Any] | Unset = UNSET
        if not isinstance(self.balance, Unset):
            balance = self.balance.to_dict()

        total: dict[str, Any] | Unset = UNSET
        if not isinstance(self.total, Unset):
            total = self.total.to_dict()

        last_updated: str | Unset = UNSET
        if not isinstance(self.last_updated, Unset):
            last_updated = self.last_updated.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_links": links,
            }
        )
        if available is not UNSET:
            field_dict["available"] = available
        if closing is not UNSET:
            field_dict["closing"] = closing
        if balance is not UNSET:
            field_dict["balance"] = balance
        if total is not UNSET:
            field_dict["total"] = total
        if last_updated is not UNSET:
            field_dict["lastUpdated"] = last_updated

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.amount import Amount
        from ..models.funding_source_balance_links import FundingSourceBalanceLinks

        d = dict(src_dict)
        links = FundingSourceBalanceLinks.from_dict(d.pop("_links"))

        _available = d.pop("available", UNSET)
        available: Amount | Unset
        if isinstance(_available, Unset):
            available = UNSET
        else:
            available = Amount.from_dict(_available)

        _closing = d.pop("closing", UNSET)
        closing: Amount | Unset
        if isinstance(_closing, Unset):
            closing = UNSET
        else:
            closing = Amount.from_dict(_closing)

        _balance = d.pop("balance", UNSET)
        balance: Amount | Unset
        if isinstance(_balance, Unset):
            balance = UNSET
        else:
            balance = Amount.from_dict(_balance)

        _total = d.pop("total", UNSET)
        total: Amount | Unset
        if isinstance(_total, Unset):
            total = UNSET
        else:
            total = Amount.from_dict(_total)

        _last_updated = d.pop("lastUpdated", UNSET)
        last_updated: datetime.datetime | Unset
        if isinstance(_last_updated, Unset):
            last_updated = UNSET
        else:
            last_updated = datetime.datetime.fromisoformat(_last_updated)

        funding_source_balance = cls(
            links=links,
            available=available,
            closing=closing,
            balance=balance,
            total=total,
            last_updated=last_updated,
        )

        funding_source_balance.additional_properties = d
        return funding_source_balance

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
