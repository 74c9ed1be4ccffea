from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.validation_error_item_links import ValidationErrorItemLinks


T = TypeVar("T", bound="ValidationErrorItem")


@_attrs_define
class ValidationErrorItem:
    """One problem with a request, as listed under `_embedded.errors`."""

    code: str
    """ Required, Invalid, InvalidFormat, Duplicate, ReadOnly, NotAllowed, Restricted, ... """
    message: str
    path: str | Unset = UNSET
    """ JSON-pointer-like path of the offending field, e.g. `/_links/exchange-partner/href`. """
    links: ValidationErrorItemLinks | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        path = self.path

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if path is not UNSET:
            field_dict["path"] = path
        if links is not UNSET:
            field_dict["_links"] = links

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.validation_error_item_links import ValidationErrorItemLinks

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        path = d.pop("path", UNSET)

        _links = d.pop("_links", UNSET)
        links: ValidationErrorItemLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = ValidationErrorItemLinks.from_dict(_links)

        validation_error_item = cls(
            code=code,
            message=message,
            path=path,
            links=links,
        )

        validation_error_item.additional_properties = d
        return validation_error_item

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
