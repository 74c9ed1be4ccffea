"""The errors this client raises, catchable at any level of the hierarchy.

One function, :func:`error_from_response`, turns a non-2xx response into the right class.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Mapping
from typing import Any, NamedTuple, TypeAlias

import httpx

from ._redact import redact_request_credentials

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "DwollaError",
    "ExchangeRedirectError",
    "ForbiddenError",
    "NotFoundError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "ServerError",
    "UnsafeLinkError",
    "UpdateCredentialsError",
    "ValidationDetail",
    "WebhookPayloadError",
    "WebhookReplayError",
    "WebhookSignatureError",
    "error_from_response",
]

#: A decoded JSON document, as an error's ``body`` holds it (or the text of a non-JSON body).
JSON: TypeAlias = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None

REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id")
BODY_SNIPPET_CHARS = 200


class ValidationDetail(NamedTuple):
    """One entry of Dwolla's `_embedded.errors`."""

    code: str
    message: str
    path: str | None


def _rebuild(cls: type[DwollaError], args: tuple[Any, ...], state: dict[str, Any]) -> DwollaError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class DwollaError(Exception):
    """Base class of every error this client raises on purpose.

    Every subclass pickles with its type and fields (keyword-only constructors defeat
    Exception's default pickling), so errors cross process pools intact.
    """

    #: True when the failure happened while fetching the access token from ``/token``.
    token_request: bool = False
    #: The response this error is about, body read, when there was one (its request's
    #: credentials are redacted). It pickles with the error (httpx drops its stream).
    response: httpx.Response | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))

    def _where(self) -> str:
        return "token request: " if self.token_request else ""


class UnsafeLinkError(DwollaError, ValueError):
    """A link this client refuses to fetch with credentials (another origin, text/html, ...)."""


class ExchangeRedirectError(DwollaError, ValueError):
    """The page-based partner (Visa) sent the browser back with ``?error=CODE`` instead of an
    exchange. ``code``: AUTHENTICATION_ERROR, USER_CANCELLED, TEMPORARY_ERROR (or None for a
    URL naming no exchange); ``may_retry``: the end user may simply start again."""

    def __init__(self, code: str | None, reason: str, *, may_retry: bool) -> None:
        super().__init__(code, reason, may_retry)
        self.code = code
        self.reason = reason
        self.may_retry = may_retry

    def __str__(self) -> str:
        said = f"{self.code}: " if self.code else ""
        return f"exchange redirect: {said}{self.reason}"


class WebhookSignatureError(DwollaError):
    """A webhook delivery whose signature is missing or does not match its body and secret:
    do not act on it (answer 401 or 400; Dwolla's own deliveries will verify)."""


class WebhookPayloadError(DwollaError, ValueError):
    """A signed webhook body that is not an event (not JSON, or missing ``id``/``topic``)."""


class WebhookReplayError(WebhookPayloadError):
    """A correctly signed event older than ``parse(..., max_age=...)`` allows (or with no
    creation time): a captured delivery sent again. Answer 2xx or 4xx, but do not act on it."""


class APIConnectionError(DwollaError):
    """No usable response: connection refused or reset, DNS, TLS, protocol errors."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.method = request.method if request is not None else None
        self.url = str(request.url) if request is not None else None

    def __str__(self) -> str:
        where = f" ({self.method} {self.url})" if self.method else ""
        return f"{self._where()}{self.message}{where}"


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool)."""


class APIStatusError(DwollaError):
    """Dwolla answered with a non-2xx status. ``response`` is always that answer."""

    response: httpx.Response

    def __init__(
        self,
        *,
        status_code: int,
        code: str | None,
        message: str,
        body: JSON,
        headers: Mapping[str, str],
        request_id: str | None,
        details: list[ValidationDetail] | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        # Made here when the error is built by hand (tests): never None for a status error.
        self.response = response or httpx.Response(status_code, headers=dict(headers))
        self.status_code = status_code
        self.code = code
        self.message = message
        self.body = body
        self.headers = dict(headers)
        self.request_id = request_id
        self.details: list[ValidationDetail] = list(details or [])

    def __str__(self) -> str:
        code = f" {self.code}" if self.code else ""
        rid = f" (request id {self.request_id})" if self.request_id else ""
        extra = ""
        if self.details:
            extra = (
                " ["
                + "; ".join(f"{d.path or '-'}: {d.code} {d.message}" for d in self.details)
                + "]"
            )
        return f"{self._where()}{self.status_code}{code}: {self.message}{extra}{rid}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class BadRequestError(APIStatusError):
    """400: ValidationError, BadRequest, UpdateCredentials."""


class UpdateCredentialsError(BadRequestError):
    """400 UpdateCredentials: the end user must sign in to their bank again. Pass the error
    to ``client.exchange_sessions.reauth(error)`` for the re-authentication session."""

    @property
    def reauth_href(self) -> str | None:
        """Where Dwolla says to create that session (``_links.about``), if it said."""
        links = self.body.get("_links") if isinstance(self.body, Mapping) else None
        about = links.get("about") if isinstance(links, Mapping) else None
        href = about.get("href") if isinstance(about, Mapping) else None
        return href if isinstance(href, str) else None


class AuthenticationError(APIStatusError):
    """401, or a failed token request (bad client id or secret)."""


class ForbiddenError(APIStatusError):
    """403: the credentials may not see or change the resource."""


class NotFoundError(APIStatusError):
    """404: no resource with this id."""


class ConflictError(APIStatusError):
    """409: for example a repeated Idempotency-Key whose first request is still running."""


class RateLimitError(APIStatusError):
    """429: too many requests. ``retry_after`` is the server's hint in seconds, if any."""

    def __init__(self, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.retry_after = retry_after


class ServerError(APIStatusError):
    """5xx."""


class ResponseValidationError(DwollaError):
    """A 2xx response whose body does not match the contract in openapi.yaml."""

    def __init__(
        self,
        reason: str,
        *,
        status_code: int,
        request_id: str | None,
        body_snippet: str,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status_code = status_code
        self.request_id = request_id
        self.body_snippet = body_snippet

    def __str__(self) -> str:
        rid = f" (request id {self.request_id})" if self.request_id else ""
        return f"{self._where()}{self.status_code} response does not match the contract: {self.reason}{rid}; body: {self.body_snippet!r}"


class ResponseTooLargeError(DwollaError):
    """A response body (after decompression) larger than the client's ``max_response_bytes``.

    Reading stops at the limit, so a huge or maliciously compressed body cannot exhaust memory.
    """

    def __init__(self, *, limit: int, status_code: int, request_id: str | None) -> None:
        super().__init__(limit, status_code, request_id)
        self.limit = limit
        self.status_code = status_code
        self.request_id = request_id

    def __str__(self) -> str:
        rid = f" (request id {self.request_id})" if self.request_id else ""
        return (
            f"{self._where()}{self.status_code} response body exceeds max_response_bytes="
            f"{self.limit}; reading stopped there{rid}"
        )


_CLASS_BY_CODE: dict[str, type[APIStatusError]] = {
    "badrequest": BadRequestError,
    "validationerror": BadRequestError,
    "updatecredentials": UpdateCredentialsError,
    "invalidcredentials": AuthenticationError,
    "invalidaccesstoken": AuthenticationError,
    "expiredaccesstoken": AuthenticationError,
    "invalidscope": AuthenticationError,
    "invalidscopes": AuthenticationError,
    "invalid_client": AuthenticationError,
    "invalid_grant": AuthenticationError,
    "forbidden": ForbiddenError,
    "invalidresourcestate": ForbiddenError,
    "notfound": NotFoundError,
    "conflict": ConflictError,
    "toomanyrequests": RateLimitError,
    "servererror": ServerError,
}

_CLASS_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date), None if absent or bad."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def json_or_none(content: bytes) -> Any:
    """The decoded JSON document, or None for an empty, malformed or absurdly nested body."""
    if not content:
        return None
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def request_id_of(headers: Mapping[str, str]) -> str | None:
    lowered = {k.lower(): v for k, v in headers.items()}
    for name in REQUEST_ID_HEADERS:
        if name in lowered:
            return lowered[name]
    return None


def body_snippet(content: bytes) -> str:
    return content[: BODY_SNIPPET_CHARS * 4].decode("utf-8", "replace")[:BODY_SNIPPET_CHARS]


def _class_for(status_code: int, code: str | None) -> type[APIStatusError]:
    if code is not None:
        by_code = _CLASS_BY_CODE.get(code.lower())
        # A code only refines the class when it agrees with the status family; a 500 that
        # says "NotFound" is still a server error.
        by_status = _CLASS_BY_STATUS.get(status_code)
        if by_code is not None and (
            (by_status is not None and issubclass(by_code, by_status))
            or (by_code is ServerError and status_code >= 500)
        ):
            return by_code
    if status_code in _CLASS_BY_STATUS:
        return _CLASS_BY_STATUS[status_code]
    if status_code >= 500:
        return ServerError
    return APIStatusError


def _details(body: Mapping[str, Any]) -> list[ValidationDetail]:
    embedded = body.get("_embedded")
    if not isinstance(embedded, Mapping):
        return []
    errors = embedded.get("errors")
    if not isinstance(errors, list):
        return []
    details = []
    for item in errors:
        if isinstance(item, Mapping):
            path = item.get("path")
            details.append(
                ValidationDetail(
                    code=str(item.get("code", "")),
                    message=str(item.get("message", "")),
                    path=str(path) if path is not None else None,
                )
            )
    return details


def error_from_response(response: httpx.Response) -> APIStatusError:
    """Build the typed error for a non-2xx response, whatever its body looks like."""
    content = response.content
    body = json_or_none(content)
    code: str | None = None
    message: str | None = None
    details: list[ValidationDetail] = []
    if isinstance(body, Mapping):
        raw_code = body.get("code", body.get("error"))
        code = raw_code if isinstance(raw_code, str) else None
        raw_message = body.get("message", body.get("error_description"))
        message = raw_message if isinstance(raw_message, str) else None
        details = _details(body)
    if body is None and content:
        body = body_snippet(content)
    if message is None:
        message = response.reason_phrase or "HTTP error"
        if isinstance(body, str) and body:
            message = f"{message} (non-JSON body: {body[:80]!r})"
    cls = _class_for(response.status_code, code)
    kwargs: dict[str, Any] = {
        "response": kept_response(response),
        "status_code": response.status_code,
        "code": code,
        "message": message,
        "body": body,
        "headers": response.headers,
        "request_id": request_id_of(response.headers),
        "details": details,
    }
    if cls is RateLimitError:
        kwargs["retry_after"] = parse_retry_after(response.headers.get("retry-after"))
    return cls(**kwargs)


def kept_response(response: httpx.Response) -> httpx.Response:
    """``response``, to keep on an error: its request's credentials are redacted first (the
    request is over; auth would set the header again for any other attempt)."""
    try:
        request = response.request
    except RuntimeError:  # a response built without a request
        return response
    redact_request_credentials(request)
    return response
