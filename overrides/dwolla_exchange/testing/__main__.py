"""``python -m dwolla_exchange.testing --port 0``: serve the fake until stopped."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from ._server import FakeDwolla


def serve(port: int, host: str = "127.0.0.1", latency: float = 0.0) -> int:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with FakeDwolla(host=host, port=port, latency=latency) as fake:
        print(f"Fake Dwolla listening on {fake.base_url}", flush=True)
        print(f"  DWOLLA_BASE_URL={fake.base_url}", flush=True)
        print(f"  DWOLLA_CLIENT_ID={fake.client_id}", flush=True)
        print(
            f"  DWOLLA_CLIENT_SECRET={fake.client_secret}  (the fake's public demo secret)",
            flush=True,
        )
        for name, href in fake.examples.items():
            print(f"  example {name}: {href}", flush=True)
        for partner in ("MX", "Plaid"):
            exchange_id = fake.add_exchange(partner)
            print(f"  exchange ({partner}, for sessions reauth): {exchange_id}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        try:
            while not stop.wait(0.2):
                pass
        except KeyboardInterrupt:
            pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dwolla_exchange.testing", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds added to every API response"
    )
    args = parser.parse_args(argv)
    return serve(args.port, latency=args.latency)


if __name__ == "__main__":
    sys.exit(main())
