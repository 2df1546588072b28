#!/usr/bin/env bash
# Starts a local Debian snmpd for trying the SNMP collector (examples/snmp.yaml):
# 127.0.0.1:16161/udp, v2c community "public", v3 user "noctua" (SHA/AES,
# passphrases "authpass123"/"privpass123"). Runs in the foreground; Ctrl-C stops it.
#   bash scripts/snmpd-try.sh [PORT]
set -euo pipefail
port="${1:-16161}"
command -v /usr/sbin/snmpd >/dev/null || { echo "snmpd missing: run scripts/install-test-deps.sh" >&2; exit 1; }
dir="$(mktemp -d /tmp/noctua-snmpd-try.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
cat >"$dir/snmpd.conf" <<CONF
agentAddress udp:127.0.0.1:${port}
rocommunity public 127.0.0.1
createUser noctua SHA "authpass123" AES "privpass123"
rouser noctua priv
sysName noctua-try
dontLogTCPWrappersConnects yes
CONF
mkdir -p "$dir/persist"
run=()
if [ "$(id -u)" -eq 0 ]; then
  chown -R Debian-snmp:Debian-snmp "$dir"
  run=(setpriv --reuid=Debian-snmp --regid=Debian-snmp --init-groups)
fi
echo "snmpd on 127.0.0.1:${port}/udp (Ctrl-C stops it); try:"
echo "  SNMP_COMMUNITY=public SNMP_AUTH_KEY=authpass123 SNMP_PRIV_KEY=privpass123 node dist/cli.js run -c examples/snmp.yaml --once"
MIBS= SNMP_PERSISTENT_DIR="$dir/persist" "${run[@]}" /usr/sbin/snmpd -f -LE 4 -I -smux -C -c "$dir/snmpd.conf"
