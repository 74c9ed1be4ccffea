"""`make upstream-check`: what it reports for each class of difference, against fixtures written
in Dwolla's layout (tests/fixtures/upstream/), and that it fails only when the client would
reject a response upstream documents as valid."""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "upstream"
_spec = importlib.util.spec_from_file_location(
    "upstream_check", ROOT / "tools" / "upstream_check.py"
)
assert _spec is not None
assert _spec.loader is not None
upstream_check: Any = importlib.util.module_from_spec(_spec)
sys.modules["upstream_check"] = upstream_check  # dataclasses look their module up there
_spec.loader.exec_module(upstream_check)


def _check(upstream: Path) -> tuple[int, str]:
    out = io.StringIO()
    status = upstream_check.run(str(ROOT / "openapi.yaml"), str(upstream), out)
    return status, out.getvalue()


def _variant(tmp_path: Path, change: Callable[[dict[str, Any], dict[str, Any]], None]) -> Path:
    """A copy of the passing fixture with `change(paths, schemas)` applied to it."""
    copy = tmp_path / "upstream"
    shutil.copytree(FIXTURE, copy)
    main, schemas = copy / "openapi.yml", copy / "schemas" / "session.yml"
    document, schema_file = yaml.safe_load(main.read_text()), yaml.safe_load(schemas.read_text())
    change(document["paths"], schema_file)
    main.write_text(yaml.safe_dump(document))
    schemas.write_text(yaml.safe_dump(schema_file))
    return main


def _session_200(paths: dict[str, Any]) -> dict[str, Any]:
    response: dict[str, Any] = paths["/exchange-sessions/{id}"]["get"]["responses"]["200"]
    return response


def test_the_fixture_passes_with_its_examples_and_deliberate_strictness_listed() -> None:
    status, report = _check(FIXTURE / "openapi.yml")
    assert status == 0, report
    assert (
        "GET /exchange-sessions/{id}  (ours retrieveExchangeSession, upstream retrieveSessionUpstream)"
        in report
    )
    # The code sample's body, the assembled 200 and the assembled 404: all three were checked.
    assert "examples   3 of 3 upstream examples valid against ours" in report
    assert "deliberate Dwolla's ids are UUIDs" in report
    assert "upstream closes it to ['MX', 'Plaid']; ours is an open set" in report
    assert "1 upstream operations not in ours (not compared)" in report
    assert "0 difference(s) that would make the client reject" in report


def _set(mapping: dict[str, Any], key: str, value: Any) -> None:
    mapping[key] = value


VARIANTS: dict[str, tuple[Callable[[dict[str, Any], dict[str, Any]], None], str]] = {
    "status": (
        lambda paths, _: _set(
            paths["/exchange-sessions/{id}"]["get"]["responses"], "203", {"description": "x"}
        ),
        "REJECT     status 203 documented upstream, not in ours",
    ),
    "required field": (
        lambda _, schemas: _set(schemas["Session"], "required", ["_links"]),
        "REJECT     200 body: ours requires `created`, upstream does not",
    ),
    "media type": (
        lambda paths, _: _set(
            _session_200(paths)["content"], "application/json", {"schema": {"type": "object"}}
        ),
        "REJECT     200: media type application/json upstream, not in ours",
    ),
    "format": (
        lambda _, schemas: schemas["Session"]["properties"]["created"].pop("format"),
        "REJECT     200 body.created: ours requires format date-time (upstream: none)",
    ),
    "type": (
        lambda _, schemas: _set(
            schemas["Session"]["properties"]["externalProviderSessionToken"],
            "type",
            ["string", "null"],
        ),
        "REJECT     200 body.externalProviderSessionToken: type ['null', 'string'] upstream, ours ['string']",
    ),
    "example": (
        lambda paths, _: _set(
            paths["/exchange-sessions/{id}"]["get"]["x-codeSamples"][0],
            "source",
            'GET x\n\n...\n\n{"created": "2025-02-03 04:05:06", "_links": {"self": {"href": "https://a.test/s"},'
            ' "exchange-partner": {"href": "https://a.test/p"}}}\n',
        ),
        "REJECT     200: upstream code sample 1 fails ours at created: '2025-02-03 04:05:06' is not a 'date-time'",
    ),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_each_class_of_rejecting_difference_is_named_and_fails(tmp_path: Path, name: str) -> None:
    change, line = VARIANTS[name]
    status, report = _check(_variant(tmp_path, change))
    assert status == 1, report
    assert f"  {line}" in report.splitlines(), report


def test_a_property_only_upstream_has_is_a_note_because_ours_keeps_unknown_fields(
    tmp_path: Path,
) -> None:
    def add(_: dict[str, Any], schemas: dict[str, Any]) -> None:
        schemas["Session"]["properties"]["externalProviderSessionWidget"] = {"type": "object"}

    status, report = _check(_variant(tmp_path, add))
    assert status == 0, report
    assert (
        "upstream has `externalProviderSessionWidget`; ours keeps it as an unknown field" in report
    )


def test_an_error_body_ours_would_not_describe_is_only_a_note(tmp_path: Path) -> None:
    def integer_code(_: dict[str, Any], schemas: dict[str, Any]) -> None:
        schemas["Problem"]["properties"]["code"] = {"type": "integer", "example": 404}

    status, report = _check(_variant(tmp_path, integer_code))
    assert status == 0, report
    assert "note       404: upstream assembled from property examples fails ours at code" in report


def test_enums_and_closed_objects_compare_as_documented() -> None:
    compare = upstream_check.compare_schemas
    more_values = list(compare({"enum": ["active"]}, {"enum": ["active", "inactive"]}, "status"))
    assert [(f.severity, f.text) for f in more_values] == [
        ("REJECT", "status: enum values ['inactive'] upstream, not in ours")
    ]
    open_upstream = list(compare({"type": "string", "enum": ["a"]}, {"type": "string"}, "s"))
    assert [f.severity for f in open_upstream] == ["REJECT"]
    closed = list(
        compare({"type": "object", "additionalProperties": False}, {"properties": {"x": {}}}, "o")
    )
    assert [(f.severity, f.text) for f in closed] == [
        ("REJECT", "o: upstream has `x`; ours forbids unknown properties")
    ]
    marked = {"type": "string", "format": "uuid", "x-stricter-than-upstream": "ids are UUIDs"}
    assert [(f.severity, f.reason) for f in compare(marked, {"type": "string"}, "id")] == [
        ("deliberate", "ids are UUIDs")
    ]


def test_a_required_header_upstream_omits_rejects_a_success() -> None:
    ours = {
        "responses": {
            "201": {"headers": {"Location": {"required": True, "schema": {"type": "string"}}}}
        }
    }
    theirs = {"responses": {"201": {"description": "created"}}}
    findings, _, _ = upstream_check.compare_operation(ours, theirs)
    assert [(f.severity, f.text) for f in findings] == [
        ("REJECT", "201: ours requires header Location, upstream does not document it")
    ]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_target_runs_the_check_and_asks_for_upstream() -> None:
    ok = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "upstream-check",
            f"UPSTREAM={FIXTURE / 'openapi.yml'}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "2 operations compared" in ok.stdout
    missing = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "upstream-check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert missing.returncode == 2
    assert "usage: make upstream-check UPSTREAM=" in missing.stderr


def test_an_example_failing_where_ours_is_stricter_on_purpose_is_deliberate() -> None:
    strict = {"type": "object", "required": ["_links"], "x-stricter-than-upstream": "self links"}
    ours = {"responses": {"200": {"content": {"application/json": {"schema": strict}}}}}
    example = {"example": {"id": "x"}, "schema": {"type": "object"}}
    theirs = {"responses": {"200": {"content": {"application/json": example}}}}
    findings, checked, valid = upstream_check.compare_operation(ours, theirs)
    assert (checked, valid) == (2, 0)  # the media example, and the one assembled from it
    assert {(f.severity, f.reason) for f in findings if "fails ours" in f.text} == {
        ("deliberate", "self links")
    }
