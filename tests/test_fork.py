"""fork(): a child never shares the parent's pooled connections, locks or token flight.

gunicorn --preload, Celery prefork and multiprocessing's fork start method all create a
client in the parent and use it in children. Each trial forks while the parent's pool holds
a keep-alive connection; parent and child then retrieve different sessions at once, and each
must get its own.
"""

from __future__ import annotations

import asyncio
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from dwolla_exchange import AsyncDwolla, Dwolla, session_id
from dwolla_exchange.testing import FakeDwolla, Fault

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

TRIALS = 30
CHILD_SECONDS = 10.0


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeDwolla]:
    with FakeDwolla() as running:
        yield running


def _fork(child: Callable[[], str]) -> tuple[int, int]:
    """Run ``child`` in a forked process; returns (pid, read end of its result pipe)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report one line, never return into pytest
        try:
            os.close(read_end)
            try:
                message = child()
            except BaseException as exc:
                message = f"error:{type(exc).__name__}:{exc}"
            os.write(write_end, message.encode()[:4000])
        finally:
            os._exit(0)
    os.close(write_end)
    return pid, read_end


def _collect(pid: int, read_end: int) -> str | None:
    """The child's line, or None if it hung (then it is killed)."""
    try:
        ready, _, _ = select.select([read_end], [], [], CHILD_SECONDS)
        if not ready:
            os.kill(pid, signal.SIGKILL)
            return None
        return os.read(read_end, 4096).decode()
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)


def _tally(results: list[tuple[str, str]], parent_id: str, child_id: str) -> None:
    crosstalk = [r for r in results if r[0] == child_id or r[1] == parent_id]
    ok = [r for r in results if r == (parent_id, child_id)]
    assert crosstalk == [], crosstalk
    assert len(ok) >= 0.9 * TRIALS, results


def test_sync_parent_and_child_never_read_each_others_responses(fake: FakeDwolla) -> None:
    parent_id, child_id = (
        fake.example_id("MxExchangeSession"),
        fake.example_id("PlaidExchangeSession"),
    )
    results: list[tuple[str, str]] = []
    with fake.client() as dwolla:
        for _ in range(TRIALS):
            dwolla.exchange_sessions.retrieve(parent_id)  # the pool now holds a live connection
            pid, read_end = _fork(
                lambda: str(session_id(dwolla.exchange_sessions.retrieve(child_id, timeout=5)))
            )
            try:
                mine = str(session_id(dwolla.exchange_sessions.retrieve(parent_id)))
            except Exception as exc:
                mine = f"error:{type(exc).__name__}"
            results.append((mine, _collect(pid, read_end) or "hang"))
    _tally(results, parent_id, child_id)


def test_async_parent_and_child_never_read_each_others_responses(fake: FakeDwolla) -> None:
    parent_id, child_id = (
        fake.example_id("MxExchangeSession"),
        fake.example_id("PlaidExchangeSession"),
    )

    def in_child(dwolla: AsyncDwolla) -> str:
        # The child's copy of the parent's running loop is unusable: a new loop in a thread.
        outcome: list[str] = []

        def run() -> None:
            session = asyncio.run(dwolla.exchange_sessions.retrieve(child_id, timeout=5))
            outcome.append(str(session_id(session)))

        thread = threading.Thread(target=run)
        thread.start()
        thread.join(CHILD_SECONDS)
        return outcome[0] if outcome else "error:no result"

    async def trials() -> list[tuple[str, str]]:
        results = []
        async with fake.async_client() as dwolla:
            for _ in range(TRIALS):
                await dwolla.exchange_sessions.retrieve(parent_id)
                pid, read_end = _fork(lambda: in_child(dwolla))
                try:
                    mine = str(session_id(await dwolla.exchange_sessions.retrieve(parent_id)))
                except Exception as exc:
                    mine = f"error:{type(exc).__name__}"
                line = await asyncio.to_thread(_collect, pid, read_end)
                results.append((mine, line or "hang"))
        return results

    _tally(asyncio.run(trials()), parent_id, child_id)


def test_fork_during_a_token_fetch_does_not_hang_the_child(fake: FakeDwolla) -> None:
    parent_id, child_id = (
        fake.example_id("MxExchangeSession"),
        fake.example_id("PlaidExchangeSession"),
    )
    fake.clear_requests()
    fake.inject(Fault.latency(1.5), "/token", times=1)
    with fake.client() as dwolla:
        parent = threading.Thread(target=dwolla.exchange_sessions.retrieve, args=(parent_id,))
        parent.start()
        deadline = time.monotonic() + 5
        while not fake.requests_to("/token") and time.monotonic() < deadline:
            time.sleep(0.01)  # the parent's thread is now inside the token request
        started = time.monotonic()
        pid, read_end = _fork(
            lambda: str(session_id(dwolla.exchange_sessions.retrieve(child_id, timeout=5)))
        )
        line = _collect(pid, read_end)
        parent.join(10)
    assert line == child_id
    assert time.monotonic() - started < 5  # its own token fetch, not the parent's held lock


def test_child_with_a_users_http_client_gets_a_clear_error(fake: FakeDwolla) -> None:
    http = httpx.Client()
    with Dwolla(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    ) as dwolla:
        dwolla.exchange_sessions.retrieve(fake.example_id("MxExchangeSession"))
        pid, read_end = _fork(
            lambda: str(dwolla.exchange_sessions.retrieve(fake.example_id("MxExchangeSession")))
        )
        line = _collect(pid, read_end)
        # The parent keeps working with its own client.
        dwolla.exchange_sessions.retrieve(fake.example_id("MxExchangeSession"))
    http.close()
    assert line is not None
    assert line.startswith("error:RuntimeError:")
    assert "create the client (and its http_client) in the child process" in line
