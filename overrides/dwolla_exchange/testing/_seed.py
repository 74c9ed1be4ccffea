"""The fake's starting data: the named 200 examples of openapi.yaml, read at start."""

from __future__ import annotations

import copy
import datetime
import json
import uuid
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["DWOLLA_ORIGINS", "Seed", "load_seed", "load_spec", "now_timestamp", "rewrite_origin"]

DWOLLA_ORIGINS = ("https://api.dwolla.com", "https://api-sandbox.dwolla.com")
_COLLECTIONS = ("exchange-sessions", "exchange-partners", "exchanges", "funding-sources")


@dataclass
class Seed:
    """Resources by collection and id, and which example each id came from."""

    resources: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {c: {} for c in _COLLECTIONS}
    )
    example_ids: dict[str, str] = field(default_factory=dict)
    # Served by id but left out of the partner list: Dwolla lists one partner per name, and
    # the second documented MX id is only reachable from the session that links to it.
    unlisted: set[str] = field(default_factory=set)
    error_examples: dict[str, dict[str, Any]] = field(default_factory=dict)


def load_spec(path: str | Path | None = None) -> dict[str, Any]:
    """The contract: the package's JSON copy (written by `make generate`), or the file at
    ``path`` (JSON, or YAML when PyYAML is installed)."""
    if path is None:
        spec_file = resources.files("dwolla_exchange.testing").joinpath("openapi.json")
        spec: dict[str, Any] = json.loads(spec_file.read_text("utf-8"))
        return spec
    text = Path(path).read_text("utf-8")
    if str(path).endswith(".json"):
        spec = json.loads(text)
        return spec
    try:
        import yaml
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            f"reading a YAML spec ({path}) needs PyYAML: pip install pyyaml (or pass a JSON file)"
        ) from None
    spec = yaml.safe_load(text)
    return spec


def rewrite_origin(value: Any, base_url: str) -> Any:
    """A copy of ``value`` whose Dwolla hrefs point at ``base_url``; other hosts are kept."""
    if isinstance(value, dict):
        return {k: rewrite_origin(v, base_url) for k, v in value.items()}
    if isinstance(value, list):
        return [rewrite_origin(v, base_url) for v in value]
    if isinstance(value, str):
        for origin in DWOLLA_ORIGINS:
            if value == origin or value.startswith(origin + "/"):
                return base_url + value[len(origin) :]
    return value


def now_timestamp() -> str:
    """Now, as Dwolla writes times: RFC 3339, UTC, milliseconds, ``Z``."""
    return (
        datetime.datetime.now(datetime.UTC)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


def _example_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def load_seed(spec: dict[str, Any], base_url: str) -> Seed:
    seed = Seed()
    examples = spec.get("components", {}).get("examples", {})
    for path, item in spec.get("paths", {}).items():
        collection = path.strip("/").split("/", 1)[0]
        if collection not in _COLLECTIONS or path.count("/") != 2 or "{" not in path:
            continue
        content = item.get("get", {}).get("responses", {}).get("200", {}).get("content", {})
        for media in content.values():
            for named in media.get("examples", {}).values():
                name = _example_name(named["$ref"]) if "$ref" in named else None
                value = examples[name]["value"] if name else named["value"]
                body = rewrite_origin(copy.deepcopy(value), base_url)
                resource_id = body["_links"]["self"]["href"].rstrip("/").rsplit("/", 1)[-1]
                if resource_id in seed.resources[collection]:
                    # Dwolla's page documents two MX sessions under one id; keep both.
                    resource_id = str(
                        uuid.uuid5(uuid.NAMESPACE_URL, f"dwolla-exchange-fake/{name}")
                    )
                    body["_links"]["self"]["href"] = f"{base_url}/{collection}/{resource_id}"
                    if "id" in body:
                        body["id"] = resource_id
                if collection == "exchange-partners" and any(
                    str(p.get("name", "")).lower() == str(body.get("name", "")).lower()
                    for p in seed.resources[collection].values()
                ):
                    seed.unlisted.add(resource_id)
                seed.resources[collection][resource_id] = body
                if name:
                    seed.example_ids[name] = resource_id
    for example in examples.values():
        value = example.get("value")
        if isinstance(value, dict) and set(value) >= {"code", "message"}:
            seed.error_examples[str(value["code"]).lower()] = value
    return seed
