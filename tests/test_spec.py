"""The contract itself: every example fits its schema; the generated models read them all."""

from __future__ import annotations

import datetime
from typing import Any

import jsonschema
import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from dwolla_exchange_api.models import Error, ExchangePartner, ExchangeSession, HalLink

from .conftest import EXAMPLES, PARTNER_EXAMPLES, SESSION_EXAMPLES, SPEC, example_value

REGISTRY: Registry[Any] = Registry().with_resource("urn:spec", DRAFT202012.create_resource(SPEC))


def _validator(schema_ref: str) -> jsonschema.Draft202012Validator:
    schema = {"$ref": "urn:spec" + schema_ref}
    return jsonschema.Draft202012Validator(
        schema, registry=REGISTRY, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _example_uses() -> list[tuple[str, str]]:
    """(example name, schema $ref) for every example referenced from a request or response."""
    uses: list[tuple[str, str]] = []

    def media_examples(content: dict[str, Any]) -> None:
        for media in content.values():
            schema_ref = media["schema"]["$ref"]
            for named in media.get("examples", {}).values():
                uses.append((named["$ref"].rsplit("/", 1)[-1], schema_ref))

    for item in [*SPEC["paths"].values(), *SPEC.get("webhooks", {}).values()]:
        for operation in item.values():
            media_examples(operation.get("requestBody", {}).get("content", {}))
            for response in operation["responses"].values():
                if "$ref" in response:
                    continue
                media_examples(response.get("content", {}))
    for response in SPEC["components"]["responses"].values():
        media_examples(response.get("content", {}))
    return uses


EXAMPLE_USES = _example_uses()


def test_every_example_is_used_by_a_response() -> None:
    used = {name for name, _ in EXAMPLE_USES}
    assert used == set(EXAMPLES)


@pytest.mark.parametrize(("name", "schema_ref"), EXAMPLE_USES, ids=[n for n, _ in EXAMPLE_USES])
def test_example_validates_against_its_schema(name: str, schema_ref: str) -> None:
    _validator("#" + schema_ref.split("#", 1)[1]).validate(example_value(name))


def test_schema_validation_catches_a_broken_example() -> None:
    broken = example_value("PlaidExchangeSession")
    del broken["created"]
    with pytest.raises(jsonschema.ValidationError):
        _validator("#/components/schemas/ExchangeSession").validate(broken)


def _same_json(original: Any, round_tripped: Any, where: str = "") -> None:
    """Equal keys and values, with timestamps compared as instants."""
    if isinstance(original, dict):
        assert isinstance(round_tripped, dict), where
        assert set(original) == set(round_tripped), where
        for key in original:
            _same_json(original[key], round_tripped[key], f"{where}.{key}")
    elif isinstance(original, str) and where.endswith("created"):
        assert datetime.datetime.fromisoformat(original) == datetime.datetime.fromisoformat(
            round_tripped
        ), where
    else:
        assert original == round_tripped, where


@pytest.mark.parametrize("name", SESSION_EXAMPLES)
def test_session_examples_round_trip(name: str) -> None:
    value = example_value(name)
    session = ExchangeSession.from_dict(value)
    _same_json(value, session.to_dict())


@pytest.mark.parametrize("name", PARTNER_EXAMPLES)
def test_partner_examples_round_trip(name: str) -> None:
    value = example_value(name)
    partner = ExchangePartner.from_dict(value)
    assert partner.name == value["name"]
    _same_json(value, partner.to_dict())


@pytest.mark.parametrize("name", [n for n, ref in EXAMPLE_USES if ref.endswith("/Error")])
def test_error_examples_round_trip(name: str) -> None:
    value = example_value(name)
    _same_json(value, Error.from_dict(value).to_dict())


@pytest.mark.parametrize(
    ("name", "instant"),
    [
        (
            "MxExchangeSession",
            datetime.datetime(2024, 3, 25, 17, 13, 38, 430000, tzinfo=datetime.UTC),
        ),
        (
            "PlaidExchangeSession",
            datetime.datetime(2024, 11, 18, 18, 48, 11, 357000, tzinfo=datetime.UTC),
        ),
        (
            "MxExchangeSessionSecond",
            datetime.datetime(2024, 3, 25, 17, 13, 38, 430000, tzinfo=datetime.UTC),
        ),
    ],
)
def test_documented_sessions_parse_into_typed_models(name: str, instant: datetime.datetime) -> None:
    session = ExchangeSession.from_dict(example_value(name))
    assert session.created.tzinfo is not None
    assert session.created == instant
    assert session.links.exchange_partner.href.startswith(
        "https://api.dwolla.com/exchange-partners/"
    )
    assert session.links.self_.resource_type == "exchange-sessions"
    if name.startswith("Mx"):
        widget = session.links.external_provider_session
        assert isinstance(widget, HalLink)
        assert widget.resource_type == "text/html"
        assert widget.href.startswith("https://int-widgets.moneydesktop.com/")
    else:
        assert (
            session.external_provider_session_token
            == "link-production-b41e8ed3-0874-4c64-b07d-a77088979d5f"
        )


def test_unknown_fields_and_link_relations_are_kept() -> None:
    value = example_value("PlaidExchangeSession")
    value["externalProviderSessionWidget"] = {"id": "w_1", "theme": "dark"}  # a field from later
    value["_links"]["customer"] = {
        "href": "https://api.dwolla.com/customers/1b1f5b40-1a1e-4c3f-8d6a-7a1a3d2a1e11",
        "type": "application/vnd.dwolla.v1.hal+json",
        "resource-type": "customer",
    }
    session = ExchangeSession.from_dict(value)
    assert session["externalProviderSessionWidget"]["id"] == "w_1"
    assert session.links["customer"].resource_type == "customer"
    assert session.links["customer"].href.endswith(
        "/customers/1b1f5b40-1a1e-4c3f-8d6a-7a1a3d2a1e11"
    )
    _same_json(value, session.to_dict())


def test_partner_name_is_an_open_set() -> None:
    value = example_value("FlinksExchangePartner")
    value["name"] = "SomeNewPartner"
    value["status"] = "paused"
    partner = ExchangePartner.from_dict(value)
    assert (partner.name, partner.status) == ("SomeNewPartner", "paused")


def test_no_schema_forbids_additional_properties() -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            assert node.get("additionalProperties") is not False
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(SPEC)
