"""Shared fixtures: one fake for the session (reset for each test), and the client under
test in each of its flavours. The ``fake_dwolla`` fixture users get comes from the package's
own pytest plugin."""

from __future__ import annotations

import asyncio
import copy
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from dwolla_exchange import DwollaError
from dwolla_exchange.testing import FakeDwolla

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"


def load_spec() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text("utf-8"))
    return spec


SPEC = load_spec()
EXAMPLES: dict[str, Any] = SPEC["components"]["examples"]
SESSION_EXAMPLES = ["MxExchangeSession", "PlaidExchangeSession", "MxExchangeSessionSecond"]
PARTNER_EXAMPLES = [
    "MxExchangePartner",
    "MxExchangePartnerSecond",
    "PlaidExchangePartner",
    "FlinksExchangePartner",
    "FinicityExchangePartner",
]


def example_value(name: str) -> dict[str, Any]:
    value: dict[str, Any] = copy.deepcopy(EXAMPLES[name]["value"])
    return value


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel users install, built once per session from this checkout."""
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(folder),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = folder.glob("dwolla_exchange-*.whl")
    return wheel


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def _loopback_fake() -> Iterator[FakeDwolla]:
    with FakeDwolla() as fake:
        yield fake


@pytest.fixture
def fake(_loopback_fake: FakeDwolla) -> FakeDwolla:
    """The fake over loopback, shared by the whole session and reset before each test."""
    _loopback_fake.reset()
    return _loopback_fake


FLAVOURS = ("Dwolla", "AsyncDwolla", "AsyncDwolla+aiohttp")


class ClientUnderTest:
    """One flavour of client, driven the same way from a plain test: ``call(fn)`` runs
    ``fn()`` and, for the async flavours, awaits what it returns in this test's event loop
    (one loop per test, as an async client is bound to the loop it first ran in)."""

    def __init__(self, flavour: str) -> None:
        self.flavour = flavour
        self.is_async = flavour != "Dwolla"
        self._runner = asyncio.Runner() if self.is_async else None
        self._opened: list[Any] = []

    def open(self, fake: FakeDwolla, **options: Any) -> Any:
        """A client of this flavour for ``fake``, closed when the test ends."""
        if self._runner is None:
            client: Any = fake.client(**options)
        else:

            async def make() -> Any:
                if self.flavour.endswith("+aiohttp"):
                    from dwolla_exchange import DefaultAioHttpClient

                    options["http_client"] = DefaultAioHttpClient()
                return fake.async_client(**options)

            client = self._runner.run(make())
        self._opened.append(client)
        return client

    def call(self, fn: Callable[[], Any]) -> Any:
        result = fn()
        if inspect.isawaitable(result):
            assert self._runner is not None
            return self._runner.run(_awaited(result))
        return result

    def outcome(self, fn: Callable[[], Any]) -> Any:
        """What ``call(fn)`` returns, or the DwollaError it raises."""
        try:
            return self.call(fn)
        except DwollaError as exc:
            return exc

    def close(self) -> None:
        for client in self._opened:
            self.call(client.close)
        if self._runner is not None:
            self._runner.close()


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


@pytest.fixture(params=FLAVOURS)
def client_under_test(request: pytest.FixtureRequest) -> Iterator[ClientUnderTest]:
    under_test = ClientUnderTest(request.param)
    yield under_test
    under_test.close()


@pytest.fixture(params=["loopback", "in-process"])
def where(request: pytest.FixtureRequest, fake: FakeDwolla) -> FakeDwolla:
    """The session's loopback fake, or a fresh in-process one (no sockets)."""
    return fake if request.param == "loopback" else FakeDwolla()


def skip_aiohttp_in_process(where: FakeDwolla, under_test: ClientUnderTest) -> None:
    if where.base_url.startswith("https://") and under_test.flavour.endswith("+aiohttp"):
        pytest.skip("aiohttp brings its own transport: in-process needs httpx's")
