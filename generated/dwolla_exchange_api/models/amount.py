from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Amount")


@_attrs_define
class Amount:
    """A money amount. `value` is a decimal string, never a float."""

    value: str = _attrs_field(metadata={"pattern": "^-?[0-9]+(\\.[0-9]+)?$"})
    """ ASCII digits with an optional minus and decimal part: no exponent, sign `+`,
    spaces, separators, NaN or Infinity. The client offers it as `amount.decimal`.
     """
    currency: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    @property
    def decimal(self) -> Decimal:
        """`value` as a decimal.Decimal (exact: never a float)."""
        return Decimal(self.value)

    def to_dict(self) -> dict[str, Any]:
        value = self.value

        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        value = d.pop("value")

        currency = d.pop("currency")

        amount = cls(
            value=value,
            currency=currency,
        )

        amount.additional_properties = d
        return amount

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
