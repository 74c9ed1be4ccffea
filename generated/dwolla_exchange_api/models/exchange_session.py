from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.exchange_session_links import ExchangeSessionLinks


T = TypeVar("T", bound="ExchangeSession")


@_attrs_define
class ExchangeSession:
    """An exchange session. MX sessions carry `_links.external-provider-session`
    (the widget URL, `text/html`, off Dwolla); Plaid sessions carry
    `externalProviderSessionToken`. Newer API revisions add partner-specific
    fields; they are kept, never rejected.

    """

    created: datetime.datetime
    """ When the session was created (RFC 3339, UTC, milliseconds). """
    links: ExchangeSessionLinks
    """ Links of an exchange session. Unknown relations are still HAL links. """
    external_provider_session_token: str | Unset = UNSET
    """ Plaid only. A short-lived, one-use Plaid Link token. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created.isoformat()

        links = self.links.to_dict()

        external_provider_session_token = self.external_provider_session_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "_links": links,
            }
        )
        if external_provider_session_token is not UNSET:
            field_dict["externalProviderSessionToken"] = external_provider_session_token

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.exchange_session_links import ExchangeSessionLinks

        d = dict(src_dict)
        created = datetime.datetime.fromisoformat(d.pop("created"))

        links = ExchangeSessionLinks.from_dict(d.pop("_links"))

        external_provider_session_token = d.pop("externalProviderSessionToken", UNSET)

        exchange_session = cls(
            created=created,
            links=links,
            external_provider_session_token=external_provider_session_token,
        )

        exchange_session.additional_properties = d
        return exchange_session

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
