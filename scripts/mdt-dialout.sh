#!/usr/bin/env bash
# Runs the Python dial-out "router" (scripts/peers/mdt_dialout.py) against
# examples/mdt.yaml: streams kvGPB interface counters to 127.0.0.1:57000,
# one message a second until stopped. Extra arguments go to the router
# (e.g. --count 3, --bad, --streams 4).
set -euo pipefail
cd "$(dirname "$0")/peers"
exec /usr/bin/python3 mdt_dialout.py --target "${MDT_TARGET:-127.0.0.1:57000}" --count 0 --interval 1 "$@"
