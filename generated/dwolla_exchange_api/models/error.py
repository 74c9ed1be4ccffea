from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_embedded import ErrorEmbedded
    from ..models.error_links import ErrorLinks


T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """Dwolla's error body. `code` spelling is not consistent across Dwolla's own
    sources (`NotFound` / `notFound`), so clients match it case-insensitively and
    fall back on the HTTP status.

    """

    code: str
    message: str
    embedded: ErrorEmbedded | Unset = UNSET
    links: ErrorLinks | Unset = UNSET
    """ Where to go next; for `UpdateCredentials`, `about` is where to create the
    re-authentication session (`POST /exchanges/{id}/exchange-sessions`).
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        embedded: dict[str, Any] | Unset = UNSET
        if not isinstance(self.embedded, Unset):
            embedded = self.embedded.to_dict()

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
        if embedded is not UNSET:
            field_dict["_embedded"] = embedded
        if links is not UNSET:
            field_dict["_links"] = links

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.error_embedded import ErrorEmbedded
        from ..models.error_links import ErrorLinks

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        _embedded = d.pop("_embedded", UNSET)
        embedded: ErrorEmbedded | Unset
        if isinstance(_embedded, Unset):
            embedded = UNSET
        else:
            embedded = ErrorEmbedded.from_dict(_embedded)

        _links = d.pop("_links", UNSET)
        links: ErrorLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = ErrorLinks.from_dict(_links)

        error = cls(
            code=code,
            message=message,
            embedded=embedded,
            links=links,
        )

        error.additional_properties = d
        return error

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
