"""Text from a server or a request, made safe to print on a terminal."""

from __future__ import annotations

__all__ = ["terminal_safe"]


def terminal_safe(text: str) -> str:
    """Control characters (ESC sequences, BEL, CR...) shown as escapes, so that a hostile
    value cannot move the cursor, retitle the window or clear the screen."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
