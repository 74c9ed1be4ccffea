"""The client id and secret, with the secret wrapped from the moment it enters.

Error trackers (Sentry's ``include_local_variables``, rich's ``show_locals``) record every
frame's locals: a secret held as a plain ``str`` anywhere between the caller and the Basic
header would be recorded with the first configuration mistake. :class:`Secret` shows
``[redacted]`` in its repr and str and gives its value only to :meth:`Credentials.basic_value`.
"""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass

__all__ = ["Credentials", "Secret"]

REDACTED = "[redacted]"


class Secret:
    """A string that never shows itself: ``repr``, ``str`` and pickling give ``[redacted]``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    @classmethod
    def of(cls, value: object, name: str) -> Secret | None:
        """``value`` (a str, a Secret or None) wrapped; anything else is a TypeError that does
        not quote it."""
        if value is None or isinstance(value, Secret):
            return value
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, got {type(value).__name__}")
        return cls(value)

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return f"Secret({REDACTED!r})"

    def __str__(self) -> str:
        return REDACTED

    def __reduce__(self) -> tuple[type[Secret], tuple[str]]:
        return (Secret, (REDACTED,))  # a pickled copy is of no use to whoever reads it


@functools.cache
def _basic_value(client_id: str, secret: Secret) -> str:
    return base64.b64encode(f"{client_id}:{secret.reveal()}".encode()).decode("ascii")


@dataclass(frozen=True, slots=True)
class Credentials:
    """A client id and its secret."""

    client_id: str
    client_secret: Secret

    def basic_authorization(self) -> str:
        return "Basic " + self.basic_value()

    def basic_value(self) -> str:
        return _basic_value(self.client_id, self.client_secret)

    def secret_value(self) -> str:
        """For redaction only: the value to look for in what a server sends back."""
        return self.client_secret.reveal()
