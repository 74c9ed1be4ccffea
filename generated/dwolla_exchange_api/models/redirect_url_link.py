from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RedirectUrlLink")


@_attrs_define
class RedirectUrlLink:
    """Where Plaid sends the end user back on mobile: the app's https URL on iOS (and
    the web), or the app's package name on Android (`com.example.app123`), which is
    not a URL. The URL must match one configured for the Dwolla account.

    """

    href: str = _attrs_field(
        metadata={
            "pattern": "^(https://[^\\s/?#@]+[^\\s]*|[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)+)$"
        }
    )
    """ An https URL, or an Android package name (dot-separated identifiers). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        href = self.href

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "href": href,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        href = d.pop("href")

        redirect_url_link = cls(
            href=href,
        )

        redirect_url_link.additional_properties = d
        return redirect_url_link

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
