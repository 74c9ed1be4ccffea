"""The configured API origin, and which URLs may carry its credentials.

Credentials go only to the origin the client was configured with (scheme, host, port).
Every id or href a caller passes is checked here before a request is built.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .errors import UnsafeLinkError

__all__ = [
    "MAX_REFERENCE_CHARS",
    "UUID_PATTERN",
    "Origin",
    "is_loopback_host",
    "parse_resource_reference",
]

MAX_REFERENCE_CHARS = 2048
_DEFAULT_PORTS = {"http": 80, "https": 443}
UUID_PATTERN = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def is_loopback_host(host: str) -> bool:
    # Only the name itself: "*.localhost" may be resolved through DNS to any address, and the
    # client secret would cross the network in cleartext.
    if host == "localhost":
        return True
    try:
        import ipaddress  # needed only for plain-http base URLs

        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# "user:password@" wherever it stands, even in a URL too broken to parse ("htps://u:p@h").
_USERINFO = re.compile(r"[^/?#@\s]*@")


def _shorten(value: str) -> str:
    """``value`` as an error may quote it: never its userinfo, never more than 80 chars."""
    value = _USERINFO.sub("[redacted]@", value)
    return repr(value) if len(value) <= 80 else repr(value[:77] + "...")


@dataclass(frozen=True, slots=True)
class Origin:
    """Scheme, host and port of the API, plus the path prefix a proxy may add."""

    scheme: str
    host: str
    port: int
    base_path: str = ""

    @classmethod
    def parse(cls, base_url: str) -> Origin:
        if not isinstance(base_url, str) or not base_url.strip():
            raise ValueError("base_url must be a non-empty URL such as 'https://api.dwolla.com'")
        try:
            parts = urlsplit(base_url.strip())
            parts.port  # noqa: B018 - raises for a port that is not a number
        except ValueError:
            raise ValueError(f"base_url is not a valid URL: {_shorten(base_url)}") from None
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or not parts.hostname:
            raise ValueError(
                f"base_url must be an http(s) URL with a host, got {_shorten(base_url)}"
            )
        if parts.username or parts.password:
            raise ValueError("base_url must not carry credentials; pass client_id/client_secret")
        if parts.query or parts.fragment:
            raise ValueError(f"base_url must not have a query or fragment: {_shorten(base_url)}")
        host = parts.hostname.lower()
        if scheme == "http" and not is_loopback_host(host):
            raise ValueError(
                f"base_url {_shorten(base_url)} uses plain http; only loopback hosts "
                "(127.0.0.1, localhost, ::1) may, so that credentials never cross a network unencrypted"
            )
        port = parts.port or _DEFAULT_PORTS[scheme]  # checked above
        return cls(scheme=scheme, host=host, port=port, base_path=parts.path.rstrip("/"))

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = "" if _DEFAULT_PORTS[self.scheme] == self.port else f":{self.port}"
        return f"{self.scheme}://{host}{port}{self.base_path}"

    def allows(self, url: str) -> bool:
        """True when ``url`` is on this origin, so that it may carry this origin's token."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return False
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or parts.username or parts.password:
            return False
        return (
            scheme == self.scheme
            and (parts.hostname or "").lower() == self.host
            and (port or _DEFAULT_PORTS[scheme]) == self.port
        )

    def resolve(self, href: str) -> str:
        """Resolve a HAL href against the API; refuse it unless it stays on this origin."""
        if not isinstance(href, str) or not href.strip():
            raise UnsafeLinkError("link has no href")
        if any(ch.isspace() or ord(ch) < 0x20 for ch in href):
            raise UnsafeLinkError(
                f"link href contains whitespace or control characters: {_shorten(href)}"
            )
        absolute = urljoin(self.url + "/", href)
        parts = urlsplit(absolute)
        if (
            parts.scheme.lower() == "http"
            and self.scheme == "https"
            and (parts.hostname or "").lower() == self.host
        ):
            raise UnsafeLinkError(
                f"refusing to follow {_shorten(href)}: it downgrades https to http"
            )
        if not self.allows(absolute):
            raise UnsafeLinkError(
                f"refusing to follow {_shorten(href)}: it is not on the API origin {self.url}, "
                "and the Dwolla token is only ever sent there"
            )
        return absolute


def parse_resource_reference(value: object, collection: str, origin: Origin) -> uuid.UUID:
    """The id in a UUID or in a full href of ``{origin}/{collection}/{id}``.

    Anything else is refused before a request exists: another origin, another path, a
    query or fragment, percent-escapes, whitespace, or an id that is not a UUID.
    """
    if isinstance(value, uuid.UUID):
        return value
    if value is None:
        raise TypeError(f"expected an {collection} id or href, got None")
    if not isinstance(value, str):
        raise TypeError(f"expected an {collection} id or href as str, got {type(value).__name__}")
    if not value:
        raise ValueError(f"{collection} id or href is empty")
    if len(value) > MAX_REFERENCE_CHARS:
        raise ValueError(f"{collection} id or href is too long ({len(value)} characters)")
    if UUID_PATTERN.fullmatch(value):  # first: the common case, and it has no whitespace
        return uuid.UUID(value)
    if any(ch.isspace() or ord(ch) < 0x20 for ch in value):
        raise ValueError(f"{collection} id or href contains whitespace: {_shorten(value)}")
    if "://" not in value:
        raise ValueError(
            f"{_shorten(value)} is not a valid {collection} id (expected a UUID such as "
            "'fcd15e5f-8d13-4570-a9b7-7fb49e55941d') or an href"
        )
    if not origin.allows(value):
        raise ValueError(f"{_shorten(value)} is not on the configured API origin {origin.url}")
    parts = urlsplit(value)
    if parts.query or parts.fragment or "?" in value or "#" in value:
        raise ValueError(f"{collection} href must not have a query or fragment: {_shorten(value)}")
    if "%" in parts.path:
        raise ValueError(f"{collection} href must not contain percent-escapes: {_shorten(value)}")
    prefix = f"{origin.base_path}/{collection}/"
    if not parts.path.startswith(prefix):
        raise ValueError(
            f"{_shorten(value)} is not an {collection} href (expected {origin.url}/{collection}/<id>)"
        )
    resource_id = parts.path[len(prefix) :]
    if not UUID_PATTERN.fullmatch(resource_id):
        raise ValueError(f"{_shorten(value)} does not end in a valid {collection} id")
    return uuid.UUID(resource_id)
