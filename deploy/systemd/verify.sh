#!/usr/bin/env bash
# Checks the unit files with systemd-analyze verify (syntax, directives, dependencies). Not part of
# test.sh: it needs systemd-analyze (Debian package systemd), and verify insists that ExecStart
# exists, so the check points it at this checkout's bin/tcp-echo-master. It runs without systemd as
# PID 1 (as in a container); starting the units for real needs a systemd host.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
home=$(cd "$here/../.." && pwd)
command -v systemd-analyze >/dev/null || { echo "verify.sh: systemd-analyze not installed (apt-get install systemd)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s#/opt/tcp-echo-master/bin/tcp-echo-master#$home/bin/tcp-echo-master#" "$here/tcp-echo-master.service" > "$tmp/tcp-echo-master.service"
cp "$here/tcp-echo-master.socket" "$tmp/"
(cd "$tmp" && systemd-analyze verify ./tcp-echo-master.service ./tcp-echo-master.socket)
echo "verify.sh: tcp-echo-master.service and tcp-echo-master.socket are valid"
