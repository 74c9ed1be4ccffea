#!/usr/bin/env bash
# make demo: the offline fake, the three documented exchange sessions through the CLI, then
# the whole bank-linking flow for MX and Plaid (scripts/demo_flow.py).
set -euo pipefail
cd "$(dirname "$0")/.."
# `make demo` installs only the client's dependencies: the sources run from the tree.
export PYTHONPATH="$PWD/generated:$PWD/overrides${PYTHONPATH:+:$PYTHONPATH}"
PY=.venv/bin/python
log=$(mktemp)
"$PY" -m dwolla_exchange.testing --port 0 >"$log" 2>&1 &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null; wait "$fake_pid" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 100); do grep -q '^Press Ctrl-C' "$log" && break; sleep 0.1; done
grep -q '^Press Ctrl-C' "$log" || { echo "the fake did not start:" >&2; cat "$log" >&2; exit 1; }

export DWOLLA_BASE_URL DWOLLA_CLIENT_ID DWOLLA_CLIENT_SECRET
DWOLLA_BASE_URL=$(sed -n 's/^export DWOLLA_BASE_URL=//p' "$log")
DWOLLA_CLIENT_ID=$(sed -n 's/^export DWOLLA_CLIENT_ID=//p' "$log")
DWOLLA_CLIENT_SECRET=$(sed -n 's/^export DWOLLA_CLIENT_SECRET=//p' "$log")
echo "Offline fake Dwolla at $DWOLLA_BASE_URL (seeded from openapi.yaml's examples)"

for example in MxExchangeSession PlaidExchangeSession MxExchangeSessionSecond; do
  href=$(sed -n "s/^#   example $example: //p" "$log")
  echo
  echo "\$ dwolla-exchange sessions get $href --follow"
  "$PY" -m dwolla_exchange sessions get "$href" --follow
done
echo
echo "Three documented sessions retrieved, partners followed."
"$PY" scripts/demo_flow.py
echo
echo "Demo done; stopping the fake."
