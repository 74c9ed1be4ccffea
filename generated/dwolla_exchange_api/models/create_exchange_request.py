from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_exchange_links import CreateExchangeLinks
    from ..models.create_exchange_request_finicity import CreateExchangeRequestFinicity
    from ..models.mx_exchange_token import MxExchangeToken
    from ..models.plaid_exchange_token import PlaidExchangeToken


T = TypeVar("T", bound="CreateExchangeRequest")


@_attrs_define
class CreateExchangeRequest:
    """The partner and exactly one of: `mx` (MX open banking), `plaid` (Plaid open
    banking), `token` (Checkout.com's `pay_...`, or a secure-exchange processor
    token), `finicity` (a Finicity receipt, passed through as given).

    """

    links: CreateExchangeLinks
    mx: MxExchangeToken | Unset = UNSET
    plaid: PlaidExchangeToken | Unset = UNSET
    token: str | Unset = _attrs_field(default=UNSET, repr=False)
    finicity: CreateExchangeRequestFinicity | Unset = UNSET
    """ Finicity's receipt (`profile`, `version`, `receiptId`, `products`, ...). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        links = self.links.to_dict()

        mx: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mx, Unset):
            mx = self.mx.to_dict()

        plaid: dict[str, Any] | Unset = UNSET
        if not isinstance(self.plaid, Unset):
            plaid = self.plaid.to_dict()

        token = self.token

        finicity: dict[str, Any] | Unset = UNSET
        if not isinstance(self.finicity, Unset):
            finicity = self.finicity.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_links": links,
            }
        )
        if mx is not UNSET:
            field_dict["mx"] = mx
        if plaid is not UNSET:
            field_dict["plaid"] = plaid
        if token is not UNSET:
            field_dict["token"] = token
        if finicity is not UNSET:
            field_dict["finicity"] = finicity

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_exchange_links import CreateExchangeLinks
        from ..models.create_exchange_request_finicity import (
            CreateExchangeRequestFinicity,
        )
        from ..models.mx_exchange_token import MxExchangeToken
        from ..models.plaid_exchange_token import PlaidExchangeToken

        d = dict(src_dict)
        links = CreateExchangeLinks.from_dict(d.pop("_links"))

        _mx = d.pop("mx", UNSET)
        mx: MxExchangeToken | Unset
        if isinstance(_mx, Unset):
            mx = UNSET
        else:
            mx = MxExchangeToken.from_dict(_mx)

        _plaid = d.pop("plaid", UNSET)
        plaid: PlaidExchangeToken | Unset
        if isinstance(_plaid, Unset):
            plaid = UNSET
        else:
            plaid = PlaidExchangeToken.from_dict(_plaid)

        token = d.pop("token", UNSET)

        _finicity = d.pop("finicity", UNSET)
        finicity: CreateExchangeRequestFinicity | Unset
        if isinstance(_finicity, Unset):
            finicity = UNSET
        else:
            finicity = CreateExchangeRequestFinicity.from_dict(_finicity)

        create_exchange_request = cls(
            links=links,
            mx=mx,
            plaid=plaid,
            token=token,
            finicity=finicity,
        )

        create_exchange_request.additional_properties = d
        return create_exchange_request

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
