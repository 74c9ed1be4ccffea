"""The ``fake_dwolla`` pytest fixture, registered through the ``pytest11`` entry point."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._fake import FakeDwolla


@pytest.fixture
def fake_dwolla() -> Iterator[FakeDwolla]:
    """A running FakeDwolla, stopped after the test. ``fake_dwolla.client()`` talks to it."""
    with FakeDwolla() as fake:
        yield fake
