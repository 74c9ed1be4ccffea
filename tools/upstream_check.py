"""Compare our contract with an upstream OpenAPI description, operation by operation.

    python tools/upstream_check.py openapi.yaml path/to/upstream/openapi.yml

For every operation both files describe (same method, same path once parameter names are
ignored), it prints what differs: statuses, media types, response headers, required fields,
enum values, formats, types, properties missing on either side, and whether every response
example upstream documents validates against our schema for that status. Upstream examples
are taken from `example`/`examples` on media types, from the JSON after `...` in its bash code
samples (how Dwolla publishes its responses), and assembled from the property-level
`example`s of its schemas.

A finding is REJECT when it means our client would refuse a success response that upstream
calls valid (the client parses 2xx bodies against our schemas); the exit status is 1 when there
is one. Error statuses only ever give notes: the client turns any error body, valid or not,
into a typed error by status. A place where ours is stricter on purpose carries
`x-stricter-than-upstream: <why>` on our schema node; its findings print as `deliberate` with
that reason and do not fail the check. Request differences are notes: they change what we
send, not what we accept.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
MISSING: Any = object()


@dataclass
class Document:
    """One OpenAPI file with its `$ref`s inlined (local and relative-file references)."""

    path: Path
    root: dict[str, Any]
    _files: dict[Path, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> Document:
        resolved = Path(path).resolve()
        doc = cls(resolved, {})
        doc.root = doc._file(resolved)
        return doc

    def _file(self, path: Path) -> Any:
        if path not in self._files:
            self._files[path] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return self._files[path]

    def inline(self, node: Any, base: Path | None = None, stack: tuple[str, ...] = ()) -> Any:
        """`node` with every `$ref` replaced by its target; a cycle becomes `{}` (any)."""
        base = base or self.path
        if isinstance(node, list):
            return [self.inline(item, base, stack) for item in node]
        if not isinstance(node, dict):
            return node
        if isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            target_file, _, pointer = ref.partition("#")
            target = (base.parent / target_file).resolve() if target_file else base
            key = f"{target}#{pointer}"
            if key in stack:
                return {}
            value = self._file(target)
            for part in filter(None, pointer.split("/")):
                value = value[part.replace("~1", "/").replace("~0", "~")]
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            merged = self.inline(value, target, (*stack, key))
            return {**merged, **self.inline(siblings, base, stack)} if siblings else merged
        return {key: self.inline(value, base, stack) for key, value in node.items()}

    def operations(self) -> dict[tuple[str, str], dict[str, Any]]:
        found = {}
        for path, item in (self.root.get("paths") or {}).items():
            for method in METHODS:
                if isinstance(item, dict) and method in item:
                    operation = self.inline(item[method])
                    operation["x-path"] = path
                    found[(method.upper(), re.sub(r"\{[^}]*\}", "{}", path))] = operation
        return found


@dataclass
class Finding:
    severity: str  # REJECT, deliberate or note
    text: str
    reason: str = ""  # for a deliberate one: our `x-stricter-than-upstream`


def _types(schema: dict[str, Any]) -> set[str] | None:
    """The JSON types a schema admits; an untyped schema with properties is read as an
    object (how Dwolla writes `_links`), and an integer is a number."""
    kind = schema.get("type")
    if kind is None:
        return {"object"} if "properties" in schema or "additionalProperties" in schema else None
    kinds = {kind} if isinstance(kind, str) else set(kind)
    return kinds | {"integer"} if "number" in kinds else kinds


def _merged(schema: dict[str, Any]) -> dict[str, Any]:
    """An `allOf` folded into one schema, so both sides compare property by property."""
    if "allOf" not in schema:
        return schema
    result: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    for part in schema["allOf"]:
        part = _merged(part)
        result.setdefault("properties", {}).update(part.get("properties", {}))
        result["required"] = sorted({*result.get("required", []), *part.get("required", [])})
        for key, value in part.items():
            result.setdefault(key, value)
    return result


def compare_schemas(ours: dict[str, Any], theirs: dict[str, Any], where: str) -> Iterator[Finding]:
    """Differences at `where` and below; REJECT where ours refuses what theirs allows."""
    ours, theirs = _merged(ours), _merged(theirs)
    if any(k in theirs for k in ("oneOf", "anyOf")):
        yield Finding("note", f"{where}: upstream is a oneOf/anyOf; compared through its examples")
        return
    reason = ours.get("x-stricter-than-upstream", "")

    def strict(text: str) -> Finding:
        return Finding("deliberate", text, reason) if reason else Finding("REJECT", text)

    ours_types, their_types = _types(ours), _types(theirs)
    if ours_types is not None and (their_types is None or not their_types <= ours_types):
        yield strict(
            f"{where}: type {sorted(their_types or {'any'})} upstream, ours {sorted(ours_types)}"
        )
    if "enum" in ours:
        extra = [v for v in theirs.get("enum", []) if v not in ours["enum"]]
        if "enum" not in theirs:
            yield strict(f"{where}: ours is an enum {ours['enum']}, upstream an open set")
        elif extra:
            yield strict(f"{where}: enum values {extra} upstream, not in ours")
    elif "enum" in theirs:
        yield Finding(
            "note", f"{where}: upstream closes it to {theirs['enum']}; ours is an open set"
        )
    if "format" in ours and ours["format"] != theirs.get("format"):
        upstream_format = theirs.get("format", "none")
        yield strict(
            f"{where}: ours requires format {ours['format']} (upstream: {upstream_format})"
        )
    elif "format" in theirs and "format" not in ours:
        yield Finding("note", f"{where}: upstream format {theirs['format']}; ours accepts any")
    for name in sorted(set(ours.get("required", [])) - set(theirs.get("required", []))):
        yield strict(f"{where}: ours requires `{name}`, upstream does not")
    ours_props, their_props = ours.get("properties", {}), theirs.get("properties", {})
    their_extra = theirs.get("additionalProperties")
    ours_extra = ours.get("additionalProperties")
    for name in sorted(set(their_props) - set(ours_props)):
        if ours_extra is False:
            yield strict(f"{where}: upstream has `{name}`; ours forbids unknown properties")
        elif isinstance(ours_extra, dict):
            yield from compare_schemas(ours_extra, their_props[name], f"{where}.{name}")
        else:
            yield Finding(
                "note", f"{where}: upstream has `{name}`; ours keeps it as an unknown field"
            )
    for name in sorted(set(ours_props) - set(their_props)):
        if isinstance(their_extra, dict):
            yield from compare_schemas(ours_props[name], their_extra, f"{where}.{name}")
        else:
            yield Finding("note", f"{where}: only ours describes `{name}`")
    for name in sorted(set(ours_props) & set(their_props)):
        yield from compare_schemas(ours_props[name], their_props[name], f"{where}.{name}")
    if isinstance(ours.get("items"), dict) and isinstance(theirs.get("items"), dict):
        yield from compare_schemas(ours["items"], theirs["items"], f"{where}[]")
    if isinstance(ours_extra, dict) and isinstance(their_extra, dict):
        yield from compare_schemas(ours_extra, their_extra, f"{where}.*")


def assembled_example(schema: dict[str, Any]) -> Any:
    """An instance built from a schema's own `example`s, or MISSING where one is lacking."""
    schema = _merged(schema)
    if "example" in schema:
        return schema["example"]
    if schema.get("examples"):
        return schema["examples"][0]
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            return assembled_example(schema[key][0])
    if "properties" in schema or schema.get("type") == "object":
        instance = {}
        for name, sub in schema.get("properties", {}).items():
            value = assembled_example(sub)
            if value is not MISSING:
                instance[name] = value
            elif name in schema.get("required", []):
                return MISSING
        return instance
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        item = assembled_example(schema["items"])
        return [] if item is MISSING else [item]
    return MISSING


def sample_bodies(operation: dict[str, Any]) -> list[Any]:
    """JSON response bodies in bash code samples: Dwolla writes them after a `...` line."""
    bodies = []
    for sample in operation.get("x-codeSamples", []) or []:
        if sample.get("lang") not in ("bash", "shell", "http"):
            continue
        parts = re.split(r"^\s*\.\.\.\s*$", sample.get("source", ""), maxsplit=1, flags=re.M)
        if len(parts) == 2 and parts[1].strip().startswith("{"):
            try:
                bodies.append(json.loads(parts[1]))
            except json.JSONDecodeError:
                continue
    return bodies


def upstream_examples(
    operation: dict[str, Any], status: str, media: dict[str, Any]
) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    if "example" in media:
        found.append(("media example", media["example"]))
    for name, example in (media.get("examples") or {}).items():
        if isinstance(example, dict) and "value" in example:
            found.append((f"example {name}", example["value"]))
    if status.startswith("2"):
        found += [(f"code sample {i + 1}", body) for i, body in enumerate(sample_bodies(operation))]
    if isinstance(media.get("schema"), dict):
        assembled = assembled_example(media["schema"])
        if assembled is not MISSING:
            found.append(("assembled from property examples", assembled))
    return found


def _schema_of(media: dict[str, Any]) -> dict[str, Any]:
    schema = media.get("schema")
    return schema if isinstance(schema, dict) else {}


def compare_operation(
    ours: dict[str, Any], theirs: dict[str, Any]
) -> tuple[list[Finding], int, int]:
    """Findings, and how many upstream examples were checked and how many ours accepted."""
    findings: list[Finding] = []
    checked = valid = 0
    our_responses, their_responses = ours.get("responses", {}), theirs.get("responses", {})
    for status in sorted(set(their_responses) - set(our_responses)):
        severity = "REJECT" if status.startswith("2") else "note"
        findings.append(Finding(severity, f"status {status} documented upstream, not in ours"))
    if extra := sorted(set(our_responses) - set(their_responses)):
        findings.append(Finding("note", f"ours also documents {', '.join(extra)}"))
    for status in sorted(set(our_responses) & set(their_responses)):
        success = status.startswith("2")
        mine, upstream = our_responses[status], their_responses[status]
        for name, header in (mine.get("headers") or {}).items():
            their_header = (upstream.get("headers") or {}).get(name)
            if header.get("required") and their_header is None:
                findings.append(
                    Finding(
                        "REJECT" if success else "note",
                        f"{status}: ours requires header {name}, upstream does not document it",
                    )
                )
            elif header.get("required") and not (their_header or {}).get("required"):
                findings.append(
                    Finding(
                        "note",
                        f"{status}: ours requires header {name}; upstream documents it without `required`",
                    )
                )
        for name in sorted(set(upstream.get("headers") or {}) - set(mine.get("headers") or {})):
            findings.append(
                Finding("note", f"{status}: upstream documents header {name}; ours does not")
            )
        our_media, their_media = mine.get("content") or {}, upstream.get("content") or {}
        for media_type in sorted(set(their_media) - set(our_media)):
            severity = "REJECT" if success else "note"
            findings.append(
                Finding(severity, f"{status}: media type {media_type} upstream, not in ours")
            )
        for media_type in sorted(set(their_media) & set(our_media)):
            our_schema = _schema_of(our_media[media_type])
            for finding in compare_schemas(
                our_schema, _schema_of(their_media[media_type]), f"{status} body"
            ):
                if not success and finding.severity == "REJECT":
                    finding = Finding("note", finding.text)
                findings.append(finding)
            validator = Draft202012Validator(our_schema, format_checker=FormatChecker())
            for label, instance in upstream_examples(theirs, status, their_media[media_type]):
                checked += 1
                error = next(iter(sorted(validator.iter_errors(instance), key=str)), None)
                if error is None:
                    valid += 1
                    continue
                at = "/".join(str(p) for p in error.absolute_path) or "(root)"
                text = f"{status}: upstream {label} fails ours at {at}: {error.message[:160]}"
                # Failing where ours is stricter on purpose is that deliberate choice.
                reason = (
                    error.schema.get("x-stricter-than-upstream")
                    if isinstance(error.schema, dict)
                    else None
                )
                if reason:
                    findings.append(Finding("deliberate", text, reason))
                else:
                    findings.append(Finding("REJECT" if success else "note", text))
    findings += compare_request(ours.get("requestBody") or {}, theirs.get("requestBody") or {})
    return findings, checked, valid


def compare_request(ours: dict[str, Any], theirs: dict[str, Any]) -> list[Finding]:
    findings = []
    if bool(ours.get("required")) != bool(theirs.get("required")) and (ours or theirs):
        findings.append(
            Finding(
                "note",
                f"request body required: ours {bool(ours.get('required'))}, upstream {bool(theirs.get('required'))}",
            )
        )
    our_media, their_media = ours.get("content") or {}, theirs.get("content") or {}
    for media_type in sorted(set(our_media) - set(their_media)):
        findings.append(
            Finding("note", f"request: ours sends {media_type}; upstream does not list it")
        )
    for media_type in sorted(set(our_media) & set(their_media)):
        their_schema = _schema_of(their_media[media_type])
        variants = their_schema.get("oneOf") or their_schema.get("anyOf") or [their_schema]
        validator = Draft202012Validator(_schema_of(our_media[media_type]))
        for variant in variants:
            instance = assembled_example(variant)
            if instance is not MISSING and not validator.is_valid(instance):
                title = variant.get("title", "body")
                findings.append(
                    Finding(
                        "note",
                        f"request: upstream's {title} example does not fit our request schema",
                    )
                )
    return findings


def run(ours_path: str, upstream_path: str, out: Any = sys.stdout) -> int:
    ours, theirs = Document.load(ours_path), Document.load(upstream_path)
    our_ops, their_ops = ours.operations(), theirs.operations()
    rejects = 0
    print(f"upstream-check: {ours_path} against {upstream_path}", file=out)
    for key in sorted(set(our_ops) & set(their_ops), key=lambda k: (our_ops[k]["x-path"], k[0])):
        mine, upstream = our_ops[key], their_ops[key]
        findings, checked, valid = compare_operation(mine, upstream)
        ids = f"ours {mine.get('operationId')}, upstream {upstream.get('operationId')}"
        print(f"\n{key[0]} {mine['x-path']}  ({ids})", file=out)
        for finding in (f for f in findings if f.severity == "REJECT"):
            print(f"  REJECT     {finding.text}", file=out)
        for reason in dict.fromkeys(f.reason for f in findings if f.severity == "deliberate"):
            print(f"  deliberate {reason}", file=out)
            for finding in (f for f in findings if f.reason == reason):
                print(f"               {finding.text}", file=out)
        for finding in (f for f in findings if f.severity == "note"):
            print(f"  note       {finding.text}", file=out)
        print(f"  examples   {valid} of {checked} upstream examples valid against ours", file=out)
        rejects += sum(f.severity == "REJECT" for f in findings)
    shared = len(set(our_ops) & set(their_ops))
    only_theirs = len(set(their_ops) - set(our_ops))
    only_ours = sorted(f"{m} {our_ops[(m, p)]['x-path']}" for m, p in set(our_ops) - set(their_ops))
    print(
        f"\n{shared} operations compared; {only_theirs} upstream operations not in ours (not compared)",
        file=out,
    )
    if only_ours:
        print(f"only in ours: {', '.join(only_ours)}", file=out)
    print(
        f"{rejects} difference(s) that would make the client reject a valid upstream response",
        file=out,
    )
    return 1 if rejects else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: upstream_check.py OURS.yaml UPSTREAM.yaml")
    sys.exit(run(sys.argv[1], sys.argv[2]))
