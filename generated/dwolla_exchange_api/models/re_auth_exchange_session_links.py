from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.redirect_url_link import RedirectUrlLink


T = TypeVar("T", bound="ReAuthExchangeSessionLinks")


@_attrs_define
class ReAuthExchangeSessionLinks:
    redirect_url: RedirectUrlLink | Unset = UNSET
    """ Where Plaid sends the end user back on mobile: the app's https URL on iOS (and
    the web), or the app's package name on Android (`com.example.app123`), which is
    not a URL. The URL must match one configured for the Dwolla account.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        redirect_url: dict[str, Any] | Unset = UNSET
        if not isinstance(self.redirect_url, Unset):
            redirect_url = self.redirect_url.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if redirect_url is not UNSET:
            field_dict["redirect-url"] = redirect_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.redirect_url_link import RedirectUrlLink

        d = dict(src_dict)
        _redirect_url = d.pop("redirect-url", UNSET)
        redirect_url: RedirectUrlLink | Unset
        if isinstance(_redirect_url, Unset):
            redirect_url = UNSET
        else:
            redirect_url = RedirectUrlLink.from_dict(_redirect_url)

        re_auth_exchange_session_links = cls(
            redirect_url=redirect_url,
        )

        re_auth_exchange_session_links.additional_properties = d
        return re_auth_exchange_session_links

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
