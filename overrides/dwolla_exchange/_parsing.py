"""Turning a 2xx response into a generated model, or into ResponseValidationError.

The generated ``from_dict`` methods trust their input: a missing field is a KeyError and a
wrong type often passes silently. Here the body is decoded and parsed, and the result is
checked against the generated classes' own type annotations (so the check follows the spec
without repeating it), with every failure reported as one typed error.
"""

from __future__ import annotations

import datetime
import json
import re
import types
import typing
import uuid
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import attrs
import httpx

from dwolla_exchange_api import models as generated_models
from dwolla_exchange_api import types as generated_types

from .errors import ResponseValidationError, body_snippet, kept_response, request_id_of

__all__ = [
    "ContractMismatch",
    "invalid_response",
    "model_from_dict",
    "parse_json_body",
    "parse_model",
]

T = TypeVar("T")
_Checker = Callable[[Any], None]
_JSON_MEDIA_TYPES = ("application/json", "application/vnd.dwolla.v1.hal+json")


class _Mismatch(Exception):
    """A value that does not fit its field. The path to it is collected on the way out, so a
    value that fits (every value, nearly always) costs no string formatting."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.steps: list[str] = []  # innermost first

    def at(self, step: str) -> _Mismatch:
        self.steps.append(step)
        return self

    def describe(self, root: str) -> str:
        return f"{root}{''.join(reversed(self.steps))}: {self.problem}"


def _is_json_media_type(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type in _JSON_MEDIA_TYPES or media_type.endswith("+json")


def invalid_response(response: httpx.Response, reason: str) -> ResponseValidationError:
    error = ResponseValidationError(
        reason,
        status_code=response.status_code,
        request_id=request_id_of(response.headers),
        body_snippet=body_snippet(response.content),
    )
    error.response = kept_response(response)
    return error


def parse_json_body(response: httpx.Response) -> dict[str, Any]:
    """The body as a JSON object, or ResponseValidationError saying why not."""
    content_type = response.headers.get("content-type", "")
    if not _is_json_media_type(content_type):
        raise invalid_response(
            response, f"expected a JSON (HAL) body, got content type {content_type or 'none'!r}"
        )
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise invalid_response(response, f"body is not valid JSON ({exc})") from None
    except RecursionError:
        raise invalid_response(response, "body is JSON nested too deeply to decode") from None
    if not isinstance(body, dict):
        raise invalid_response(response, f"expected a JSON object, got {type(body).__name__}")
    return body


def _checker_for(annotation: Any) -> _Checker:
    """A function that raises _Mismatch when a value does not fit ``annotation``."""
    origin = typing.get_origin(annotation)
    if annotation is Any:
        return lambda value: None
    if origin in (typing.Union, types.UnionType):
        # An optional field left out is UNSET: accepted at once, not after another
        # option has failed (a raised _Mismatch per absent field per response).
        unset = generated_types.Unset in typing.get_args(annotation)
        options = [
            _checker_for(arg)
            for arg in typing.get_args(annotation)
            if arg is not generated_types.Unset
        ]
        if unset and len(options) == 1:
            (only,) = options

            def check_optional(value: Any) -> None:
                if not isinstance(value, generated_types.Unset):
                    only(value)  # its own mismatch says what is wrong inside

            return check_optional

        def check_union(value: Any) -> None:
            if unset and isinstance(value, generated_types.Unset):
                return
            for option in options:
                try:
                    option(value)
                    return
                except _Mismatch:
                    continue
            raise _Mismatch(f"unexpected {type(value).__name__}")

        return check_union
    if origin is dict:
        _, value_type = typing.get_args(annotation)
        check_value = _checker_for(value_type)

        def check_dict(value: Any) -> None:
            if not isinstance(value, dict):
                raise _Mismatch(f"expected an object, got {type(value).__name__}")
            for key, item in value.items():
                try:
                    check_value(item)
                except _Mismatch as exc:
                    raise exc.at(f".{key}") from None

        return check_dict
    if origin is list:
        (item_type,) = typing.get_args(annotation)
        check_item = _checker_for(item_type)

        def check_list(value: Any) -> None:
            if not isinstance(value, list):
                raise _Mismatch(f"expected an array, got {type(value).__name__}")
            for index, item in enumerate(value):
                try:
                    check_item(item)
                except _Mismatch as exc:
                    raise exc.at(f"[{index}]") from None

        return check_list
    if isinstance(annotation, type) and attrs.has(annotation):
        return lambda value: _check_instance(value, annotation)
    if annotation is datetime.datetime:

        def check_datetime(value: Any) -> None:
            if not isinstance(value, datetime.datetime) or value.tzinfo is None:
                raise _Mismatch("expected an RFC 3339 timestamp with a time zone")

        return check_datetime
    if annotation in (str, int, float, bool, uuid.UUID, generated_types.Unset):
        expected: type = annotation
        # bool is an int in Python, never in JSON; and JSON has one number type, so a whole
        # number is a valid `number` (float) field.
        allowed = (int, float) if expected is float else expected
        refuse_bool = expected is not bool

        def check_plain(value: Any) -> None:
            if not isinstance(value, allowed) or (refuse_bool and isinstance(value, bool)):
                raise _Mismatch(f"expected {expected.__name__}, got {type(value).__name__}")

        return check_plain
    raise TypeError(f"no checker for annotation {annotation!r}")  # a new kind of generated field


def _with_pattern(check: _Checker, pattern: str | None) -> _Checker:
    """``check``, and for a string, the spec's ``pattern`` (which our model template carries
    as attrs metadata). JSON Schema patterns are ECMA-262: there ``$`` is the very end, while
    Python's also matches before a final newline."""
    if pattern is None:
        return check
    ecma = (
        pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith("\\$") else pattern
    )
    search = re.compile(ecma).search

    def check_pattern(value: Any) -> None:
        check(value)
        if isinstance(value, str) and search(value) is None:
            raise _Mismatch(f"{value[:40]!r} does not match the contract's pattern {pattern}")

    return check_pattern


class _GeneratedNames(Mapping[str, Any]):
    """The generated models by name, for resolving annotations: a model module names the
    others only under TYPE_CHECKING, and the models package imports each on first use."""

    def __getitem__(self, name: str) -> Any:
        try:
            return getattr(generated_models, name)
        except AttributeError:
            raise KeyError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(generated_models.__all__)

    def __len__(self) -> int:
        return len(generated_models.__all__)


_FIELD_CHECKERS: dict[type, list[tuple[str, _Checker]]] = {}


def _field_checkers(cls: type) -> list[tuple[str, _Checker]]:
    checkers = _FIELD_CHECKERS.get(cls)
    if checkers is None:
        module = __import__(cls.__module__, fromlist=["_"])
        hints = typing.get_type_hints(cls, globalns=vars(module), localns=_GeneratedNames())
        checkers = [
            (f.name, _with_pattern(_checker_for(hints[f.name]), f.metadata.get("pattern")))
            for f in attrs.fields(cls)
        ]
        _FIELD_CHECKERS[cls] = checkers
    return checkers


def _check_instance(value: Any, cls: type) -> None:
    if not isinstance(value, cls):
        raise _Mismatch(f"expected an object, got {type(value).__name__}")
    for name, check in _FIELD_CHECKERS.get(cls) or _field_checkers(cls):
        try:
            check(getattr(value, name))
        except _Mismatch as exc:
            raise exc.at(f".{name}") from None


def parse_model(response: httpx.Response, model: type[T], body: dict[str, Any] | None = None) -> T:
    """Parse a 2xx response into the generated ``model``, or raise ResponseValidationError."""
    if body is None:
        body = parse_json_body(response)
    try:
        return model_from_dict(model, body)
    except ContractMismatch as exc:
        raise invalid_response(response, str(exc)) from None


class ContractMismatch(ValueError):
    """A document that does not fit the generated model (why, in words)."""


def model_from_dict(model: type[T], body: dict[str, Any]) -> T:
    """The generated ``model`` from ``body``, checked against its annotations, or
    ContractMismatch saying what does not fit."""
    try:
        parsed = model.from_dict(body)  # type: ignore[attr-defined]
    except KeyError as exc:
        raise ContractMismatch(f"required field {exc.args[0]!r} is missing") from None
    except (TypeError, ValueError, AttributeError, OverflowError, RecursionError) as exc:
        raise ContractMismatch(f"a field has the wrong type or format ({exc})") from None
    try:
        _check_instance(parsed, model)
    except _Mismatch as exc:
        raise ContractMismatch(exc.describe(model.__name__)) from None
    return typing.cast(T, parsed)
