"""The caller's side: one impatient or cancelled caller never fails the others.

A token fetch belongs to the client: every caller waits for it within its own deadline, and
one caller's short timeout or cancellation ends only that caller's wait. Real loopback
sockets (tests/hostile.py), both clients.
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from dwolla_exchange import APITimeoutError, AsyncDwolla, Dwolla, DwollaError, NotFoundError

from .hostile import Exchange, HostileServer, good_token

SESSION_ID = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d"
SLOW_TOKEN_SECONDS = 1.5


def _slow_token(exchange: Exchange) -> None:
    time.sleep(SLOW_TOKEN_SECONDS)
    good_token(exchange)


def _not_found(exchange: Exchange) -> None:
    # Any answer from the API proves the caller got a token; a 404 is the simplest.
    exchange.reply_json(404, {"code": "NotFound", "message": "nope"})


def _client(cls: type[Any], server: HostileServer, **options: Any) -> Any:
    return cls(client_id="id", client_secret="callers-secret", base_url=server.base_url, **options)


def _outcome(call: Any) -> object:
    try:
        return call()
    except DwollaError as exc:
        return exc


def test_threads_a_short_deadline_that_starts_the_token_fetch_fails_only_itself() -> None:
    with HostileServer(_not_found, token=_slow_token) as server:
        with _client(Dwolla, server, timeout=30) as dwolla, ThreadPoolExecutor(9) as pool:
            impatient = pool.submit(
                _outcome, lambda: dwolla.exchange_sessions.retrieve(SESSION_ID, timeout=0.5)
            )
            time.sleep(0.1)  # the impatient caller is the one that starts the fetch
            patient = [
                pool.submit(_outcome, lambda: dwolla.exchange_sessions.retrieve(SESSION_ID))
                for _ in range(8)
            ]
            first = impatient.result()
            assert isinstance(first, APITimeoutError), first
            assert first.token_request
            # A newcomer right after the impatient caller gave up is not handed its failure.
            late = _outcome(lambda: dwolla.exchange_sessions.retrieve(SESSION_ID))
            outcomes = [f.result() for f in patient]
        assert server.count("/token") == 1
    assert all(isinstance(o, NotFoundError) for o in outcomes), outcomes
    assert isinstance(late, NotFoundError), late


def test_tasks_a_short_deadline_that_starts_the_token_fetch_fails_only_itself() -> None:
    async def run(server: HostileServer) -> tuple[object, list[object], object]:
        async with _client(AsyncDwolla, server, timeout=30) as dwolla:

            async def one(**options: Any) -> object:
                try:
                    return await dwolla.exchange_sessions.retrieve(SESSION_ID, **options)
                except DwollaError as exc:
                    return exc

            impatient = asyncio.create_task(one(timeout=0.5))
            await asyncio.sleep(0.1)
            patient = [asyncio.create_task(one()) for _ in range(8)]
            first = await impatient
            late = await one()
            return first, list(await asyncio.gather(*patient)), late

    with HostileServer(_not_found, token=_slow_token) as server:
        first, outcomes, late = asyncio.run(run(server))
        assert server.count("/token") == 1
    assert isinstance(first, APITimeoutError), first
    assert first.token_request
    assert all(isinstance(o, NotFoundError) for o in outcomes), outcomes
    assert isinstance(late, NotFoundError), late


@pytest.mark.parametrize("how", ["cancel", "wait_for"])
def test_cancelling_the_task_that_started_the_token_fetch_fails_only_that_task(how: str) -> None:
    async def run(server: HostileServer) -> tuple[BaseException | None, list[object]]:
        async with _client(AsyncDwolla, server) as dwolla:

            async def one() -> object:
                try:
                    return await dwolla.exchange_sessions.retrieve(SESSION_ID)
                except DwollaError as exc:
                    return exc

            if how == "cancel":
                leader = asyncio.create_task(one())
                await asyncio.sleep(0.1)
                waiters = [asyncio.create_task(one()) for _ in range(8)]
                await asyncio.sleep(0.1)
                leader.cancel()
                caught: BaseException | None = None
                try:
                    await leader
                except asyncio.CancelledError as exc:
                    caught = exc
            else:
                waiters = []

                async def start_waiters() -> None:
                    await asyncio.sleep(0.1)
                    waiters.extend(asyncio.create_task(one()) for _ in range(8))

                starter = asyncio.create_task(start_waiters())
                try:
                    await asyncio.wait_for(dwolla.exchange_sessions.retrieve(SESSION_ID), 0.3)
                    caught = None
                except TimeoutError as exc:
                    caught = exc
                await starter
            return caught, list(await asyncio.gather(*waiters))

    with HostileServer(_not_found, token=_slow_token) as server:
        caught, outcomes = asyncio.run(run(server))
        assert server.count("/token") == 1
    expected = asyncio.CancelledError if how == "cancel" else TimeoutError
    assert isinstance(caught, expected), caught
    assert len(outcomes) == 8
    assert all(isinstance(o, NotFoundError) for o in outcomes), outcomes


def test_closing_an_async_client_during_its_token_fetch_ends_the_fetch() -> None:
    async def run(server: HostileServer) -> list[asyncio.Task[Any]]:
        dwolla = _client(AsyncDwolla, server)
        call = asyncio.create_task(dwolla.exchange_sessions.retrieve(SESSION_ID))
        await asyncio.sleep(0.2)
        await dwolla.aclose()
        call.cancel()
        await asyncio.gather(call, return_exceptions=True)
        await asyncio.sleep(0)
        return [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]

    with HostileServer(_not_found, token=_slow_token) as server:
        left = asyncio.run(run(server))
    assert left == []  # no fetch task of the client's outlives aclose()


# -- event loops --------------------------------------------------------------------------------


def test_an_async_client_works_again_in_a_second_asyncio_run() -> None:
    with HostileServer(_not_found, token=good_token) as server:
        dwolla = _client(AsyncDwolla, server)

        async def call() -> object:
            try:
                return await dwolla.exchange_sessions.retrieve(SESSION_ID)
            except DwollaError as exc:
                return exc

        outcomes = [asyncio.run(call()) for _ in range(3)]
        asyncio.run(dwolla.aclose())
        assert server.count("/token") == 1  # the token outlives the loop; the pool does not
    assert all(isinstance(o, NotFoundError) for o in outcomes), outcomes


def test_an_async_client_with_its_own_http_client_says_why_it_cannot_change_loops() -> None:
    with HostileServer(_not_found, token=good_token) as server:
        dwolla = _client(AsyncDwolla, server, http_client=httpx.AsyncClient())

        async def call() -> object:
            try:
                return await dwolla.exchange_sessions.retrieve(SESSION_ID)
            except DwollaError as exc:
                return exc

        assert isinstance(asyncio.run(call()), NotFoundError)
        with pytest.raises(
            RuntimeError, match=r"event loop that has ended.*inside the asyncio.run"
        ):
            asyncio.run(call())


def test_an_async_client_in_use_on_another_loop_is_refused_with_the_fix() -> None:
    with HostileServer(_not_found, token=_slow_token) as server:
        dwolla = _client(AsyncDwolla, server)
        started = threading.Event()

        async def hold() -> None:
            started.set()
            await dwolla.exchange_sessions.retrieve(SESSION_ID)

        other = threading.Thread(target=lambda: _outcome(lambda: asyncio.run(hold())))
        other.start()
        started.wait(5)
        time.sleep(0.1)
        with pytest.raises(RuntimeError, match="one client per event loop"):
            asyncio.run(dwolla.exchange_sessions.retrieve(SESSION_ID))
        other.join(10)
