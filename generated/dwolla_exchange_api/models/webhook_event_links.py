from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.hal_link import HalLink


T = TypeVar("T", bound="WebhookEventLinks")


@_attrs_define
class WebhookEventLinks:
    """`resource` is what the event is about (the exchange, the funding source), `customer`
    its customer, `account` the Dwolla account, `self` the event itself.

    """

    self_: HalLink | Unset = UNSET
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    resource: HalLink | Unset = UNSET
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    customer: HalLink | Unset = UNSET
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    account: HalLink | Unset = UNSET
    """ A HAL link. Clients follow only same-origin API links (see `resource-type`). """
    additional_properties: dict[str, HalLink] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        self_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.self_, Unset):
            self_ = self.self_.to_dict()

        resource: dict[str, Any] | Unset = UNSET
        if not isinstance(self.resource, Unset):
            resource = self.resource.to_dict()

        customer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.customer, Unset):
            customer = self.customer.to_dict()

        account: dict[str, Any] | Unset = UNSET
        if not isinstance(self.account, Unset):
            account = self.account.to_dict()

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        field_dict.update({})
        if self_ is not UNSET:
            field_dict["self"] = self_
        if resource is not UNSET:
            field_dict["resource"] = resource
        if customer is not UNSET:
            field_dict["customer"] = customer
        if account is not UNSET:
            field_dict["account"] = account

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.hal_link import HalLink

        d = dict(src_dict)
        _self_ = d.pop("self", UNSET)
        self_: HalLink | Unset
        if isinstance(_self_, Unset):
            self_ = UNSET
        else:
            self_ = HalLink.from_dict(_self_)

        _resource = d.pop("resource", UNSET)
        resource: HalLink | Unset
        if isinstance(_resource, Unset):
            resource = UNSET
        else:
            resource = HalLink.from_dict(_resource)

        _customer = d.pop("customer", UNSET)
        customer: HalLink | Unset
        if isinstance(_customer, Unset):
            customer = UNSET
        else:
            customer = HalLink.from_dict(_customer)

        _account = d.pop("account", UNSET)
        account: HalLink | Unset
        if isinstance(_account, Unset):
            account = UNSET
        else:
            account = HalLink.from_dict(_account)

        webhook_event_links = cls(
            self_=self_,
            resource=resource,
            customer=customer,
            account=account,
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = HalLink.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        webhook_event_links.additional_properties = additional_properties
        return webhook_event_links

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> HalLink:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: HalLink) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
