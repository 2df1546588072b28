#!/usr/bin/env bash
# Installs, idempotently, the Debian packages the integration tests start as
# real peers. Runs before every `npm test`; does nothing when all are present.
set -euo pipefail

# Each issue's integration tests add the packages they start.
PACKAGES=(
  python3
  # Modbus/TCP device for the modbus collector tests (pymodbus needs serial-asyncio to import)
  python3-pymodbus
  python3-serial-asyncio
  snmpd snmp snmptrapd prometheus-snmp-exporter iproute2
  influxdb
  influxdb-client
  victoria-metrics
  openssl
  protobuf-compiler
  libprotobuf-dev
  python3-grpcio
  python3-protobuf
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies: all ${#PACKAGES[@]} Debian packages present"
  exit 0
fi

echo "test dependencies: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
# One install at a time when several checkouts run their tests at once.
exec 9>/tmp/noctua-apt.lock
flock 9
# Daemons must not start on their default ports: the tests start their own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
