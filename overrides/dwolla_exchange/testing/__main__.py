"""python -m dwolla_exchange.testing: serve the offline fake Dwolla until stopped."""

from __future__ import annotations

import argparse
import errno
import json
import os
import select
import signal
import sys
import threading
import uuid

from ._fake import FakeDwolla
from ._linking import MX_ACCOUNTS

# The exchanges printed for `sessions reauth` keep their ids from one start to the next, so a
# command copied from an earlier run (or a script) still works.
_REAUTH_EXCHANGES = {
    "MX": str(uuid.uuid5(uuid.NAMESPACE_URL, "dwolla-exchange-fake/exchange/MX")),
    "Plaid": str(uuid.uuid5(uuid.NAMESPACE_URL, "dwolla-exchange-fake/exchange/Plaid")),
}
_ANY_CUSTOMER = str(uuid.uuid5(uuid.NAMESPACE_URL, "dwolla-exchange-fake/customer"))


class _Console:
    """Lines to stdout; when the reader goes away (``| head -2``) the fake stops quietly,
    as a command killed by SIGPIPE would, instead of a BrokenPipeError traceback."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        # Errors and hang-ups are always reported, whatever the mask: a pipe whose reader has
        # exited shows POLLERR even when nothing more is written to it.
        self._poll = select.poll()
        self._poll.register(sys.stdout.fileno(), 0)

    def reader_gone(self) -> bool:
        gone = any(events & select.POLLERR for _fd, events in self._poll.poll(0))
        if gone:
            self._silence()
        return gone

    def say(self, line: str) -> None:
        if self.stop.is_set():
            return
        try:
            print(line, flush=True)
        except BrokenPipeError:
            self._silence()

    def _silence(self) -> None:
        # stdout now points at /dev/null, so the flush at interpreter exit cannot fail too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        self.stop.set()


def serve(port: int, host: str = "127.0.0.1", latency: float = 0.0, verbose: bool = False) -> int:
    """Run the fake in the foreground; returns the exit status (0 stopped, 1 could not start)."""
    console = _Console()
    say = console.say
    signal.signal(signal.SIGTERM, lambda *_: console.stop.set())
    fake = FakeDwolla(host=host, port=port, latency=latency, log=say if verbose else None)
    try:
        fake.start()
    except OSError as exc:
        reason = (
            "the port is in use (--port 0 picks a free one)"
            if exc.errno == errno.EADDRINUSE
            else exc.strerror or str(exc)
        )
        print(f"error: cannot listen on {host}:{port}: {reason}", file=sys.stderr)
        return 1
    try:
        # Every line but the first is valid shell: the block can be pasted as it is.
        say(f"Fake Dwolla listening on {fake.base_url}")
        say(f"export DWOLLA_BASE_URL={fake.base_url}")
        say(f"export DWOLLA_CLIENT_ID={fake.client_id}")
        say(f"export DWOLLA_CLIENT_SECRET={fake.client_secret}")
        say("# (that secret is the fake's public demo secret; no real key works here)")
        say("# Documented sessions, for `dwolla-exchange sessions get`:")
        for name, href in fake.examples.items():
            say(f"#   example {name}: {href}")
        for partner, exchange_id in _REAUTH_EXCHANGES.items():
            fake.add_exchange(partner, exchange_id)
            say(f"#   exchange ({partner}, for sessions reauth): {exchange_id}")
        say(f"#   customer (for sessions create; any UUID works): {_ANY_CUSTOMER}")
        say("# The end user finishing a session (MX: the accounts they connect, by name):")
        accounts = json.dumps({"accounts": list(MX_ACCOUNTS)})
        complete = f"{fake.base_url}/_fake/exchange-sessions/<id>/complete"
        say(f"#   curl -X POST {complete} -d '{accounts}'")
        say(f"#   (no body: MX connects {MX_ACCOUNTS[0]!r}; Plaid and Checkout.com answer a token)")
        say("# The bank asking the end user to sign in again:")
        say(f"#   curl -X POST {fake.base_url}/_fake/exchanges/<id>/require-reauth")
        say("Press Ctrl-C to stop.")
        try:
            while not console.stop.wait(0.2) and not console.reader_gone():
                pass
        except KeyboardInterrupt:
            pass
    finally:
        fake.stop()
    return 0


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port (0 to 65535)")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 60:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 60 seconds")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dwolla_exchange.testing",
        description="Serve the offline fake Dwolla on 127.0.0.1 until Ctrl-C.",
    )
    parser.add_argument("--port", type=_port, default=0, help="port on 127.0.0.1 (0: a free one)")
    parser.add_argument(
        "--latency", type=_seconds, default=0.0, help="seconds added to every API response"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print one line per request as it is answered"
    )
    args = parser.parse_args(argv)
    return serve(args.port, latency=args.latency, verbose=args.verbose)


if __name__ == "__main__":
    sys.exit(main())
