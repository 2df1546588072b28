#!/usr/bin/env bash
# Starts the simulated Modbus/TCP device the tests use (Debian's python3-pymodbus)
# on 127.0.0.1, serving units 1 and 2: every type in every byte order, a bit
# register, input registers, coils and discrete inputs (see the script's header).
#   scripts/modbus-device.sh [PORT] [extra options, e.g. --delay 1.5]
# Stop it with Ctrl-C. Install the packages first: bash scripts/install-test-deps.sh
set -euo pipefail
port="${1:-5020}"
shift || true
exec /usr/bin/python3 "$(dirname "$0")/../tests/simulators/modbus_device.py" --port "$port" "$@" >/dev/null
