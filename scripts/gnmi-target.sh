#!/usr/bin/env bash
# Starts the Python gNMI target (scripts/peers/gnmi_target.py) for trying
# examples/gnmi.yaml: 127.0.0.1:57400, user noc, password noc-secret.
# Extra arguments go to the target (e.g. --interfaces 8, --close-after 5).
# Needs Debian's protobuf-compiler, libprotobuf-dev and python3-grpcio
# (scripts/install-test-deps.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/peers"
exec /usr/bin/python3 gnmi_target.py --port "${GNMI_PORT:-57400}" --username noc --password noc-secret "$@"
