#!/usr/bin/env bash
# TLS figures for BENCHMARKS.md, on loopback: (1) echo throughput of a TLS listener against a
# reference TLS echo peer, socat's OPENSSL-LISTEN with PIPE (OpenSSL in C), the same client (socat
# OPENSSL:, 50 MB of random bytes, every byte compared) for both; (2) the worker RSS an idle TLS 1.3
# connection costs: 2,000 connections held per worker (handshaken, one echo each), RSS before and after.
#
#   bench/tls.sh [--rounds N] [--per-worker N]      (defaults: 3 rounds, 2000 connections per worker)
#
# Needs openssl, socat and python3; certificates are made by scripts/test-certs.sh into a temporary
# directory. Every process it starts is stopped by pid at the end.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
rounds=3
per_worker=2000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --per-worker) per_worker=$2; shift 2 ;;
    *) echo "usage: bench/tls.sh [--rounds N] [--per-worker N]" >&2; exit 2 ;;
  esac
done
workers=2
master_cli="$here/bin/tcp-echo-master"
work=$(mktemp -d /tmp/tcp-echo-tls.XXXXXX)
master_pid=""
peer_pid=""
hold_pid=""
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"

cleanup() {
  [[ -n "$hold_pid" ]] && kill "$hold_pid" 2>/dev/null || true
  [[ -n "$peer_pid" ]] && kill "$peer_pid" 2>/dev/null || true
  if [[ -n "$master_pid" ]]; then
    ctl stop --fast >/dev/null 2>&1 || kill "$master_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$here/scripts/test-certs.sh" "$work/certs"
port=$(free_port)
peer_port=$(free_port)
cat > "$work/tls.toml" <<TOML
workers = $workers
log-level = "warn"
[[listener]]
name = "tls"
bind = "127.0.0.1"
port = $port
tls-cert = "$work/certs/server-ec.pem"
tls-key = "$work/certs/server-ec.key"
TOML
"$master_cli" start -c "$work/tls.toml" --control-socket "$work/ctl.sock" \
  --pid-file "$work/m.pid" --log-file "$work/m.log" >"$work/out.txt" 2>&1 &
master_pid=$!
socat OPENSSL-LISTEN:"$peer_port",bind=127.0.0.1,reuseaddr,fork,cert="$work/certs/server-ec.pem",key="$work/certs/server-ec.key",verify=0 PIPE &
peer_pid=$!
await "the workers ready" 30 'ctl status 2>/dev/null | grep -q ready'

head -c 50000000 /dev/urandom > "$work/random.bin"
# One socat client run: prints the seconds it took; fails on any byte that differs.
echo_once() {
  local start end
  start=$(date +%s.%N)
  socat -t 10 -b 65536 - OPENSSL:127.0.0.1:"$1",cafile="$work/certs/ca.pem",verify=1 < "$work/random.bin" > "$work/back.bin"
  end=$(date +%s.%N)
  cmp -s "$work/random.bin" "$work/back.bin" || { echo "tls: echo from port $1 differs from what was sent" >&2; exit 1; }
  echo "$end - $start" | bc -l
}

echo "throughput: 50 MB of random bytes through socat OPENSSL:, $rounds rounds each (MB/s of echoed bytes)"
echo_once "$port" >/dev/null   # warm-up: the worker's C2 compiles the AES-GCM path
for r in $(seq 1 "$rounds"); do
  ours=$(echo_once "$port")
  theirs=$(echo_once "$peer_port")
  printf '  round %d: tcp-echo-master %.0f MB/s   socat OPENSSL-LISTEN PIPE %.0f MB/s\n' "$r" \
    "$(echo "50 / $ours" | bc -l)" "$(echo "50 / $theirs" | bc -l)"
done

mapfile -t pids < <(worker_pids)
declare -A before
for pid in "${pids[@]}"; do before[$pid]=$(rss_kib "$pid"); done
total=$((per_worker * workers))
coproc HOLD { python3 "$here/bench/tls_hold.py" "$port" "$total" "$work/certs/ca.pem"; }
hold_pid=$HOLD_PID
read -r line <&"${HOLD[0]}"
echo "memory: $line idle TLS 1.3 connections over $workers workers"
sleep 2
for pid in "${pids[@]}"; do
  after=$(rss_kib "$pid")
  conns=$(status_json | python3 -c "import json,sys; print([w['connections'] for w in json.load(sys.stdin)['workers'] if w['pid']==$pid][0])")
  printf '  worker pid %s: RSS %d -> %d KiB with %d connections: %.1f KiB per idle TLS connection\n' "$pid" \
    "${before[$pid]}" "$after" "$conns" "$(echo "($after - ${before[$pid]}) / $conns" | bc -l)"
done
