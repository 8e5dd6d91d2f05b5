#!/usr/bin/env bash
# A/B throughput of two builds of tcp-echo-master, alternating, to tell a regression from noise.
#
#   bench/ab.sh OLD_CHECKOUT NEW_CHECKOUT [ROUNDS]
#
# Each checkout must be built (mvn -DskipTests package). Each round starts a master from each
# checkout on 127.0.0.1 (2 workers), runs `tcp-echo-bench throughput -c 50 -s 1024 -d 10s` against
# it and stops it; the builds alternate so that drift of the machine hits both. Prints every run,
# then each side's mean and the difference. Traffic goes to 127.0.0.1 only.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
old=$(readlink -f "${1:?usage: bench/ab.sh OLD_CHECKOUT NEW_CHECKOUT [ROUNDS]}")
new=$(readlink -f "${2:?usage: bench/ab.sh OLD_CHECKOUT NEW_CHECKOUT [ROUNDS]}")
rounds=${3:-3}
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"

run() {
  local dir=$1 port work mpid rate
  port=$(free_port)
  work=$(mktemp -d /tmp/tcp-echo-ab.XXXXXX)
  "$dir/bin/tcp-echo-master" start -p "$port" -b 127.0.0.1 -w 2 --control-socket "$work/c.sock" \
    --pid-file "$work/m.pid" --log-file "$work/m.log" >"$work/out" 2>&1 &
  mpid=$!
  for _ in $(seq 1 150); do
    "$dir/bin/tcp-echo-master" status --control-socket "$work/c.sock" >/dev/null 2>&1 && break
    sleep 0.2
  done
  rate=$("$here/bin/tcp-echo-bench" throughput -p "$port" -c 50 -s 1024 -d 10s --json \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["rates"]["MB_per_s"])')
  kill -TERM "$mpid"
  wait "$mpid" 2>/dev/null || true
  rm -rf "$work"
  echo "$rate"
}

results=()
for round in $(seq 1 "$rounds"); do
  for side in old new; do
    dir=$old; [[ $side == new ]] && dir=$new
    rate=$(run "$dir")
    echo "round $round $side: $rate MB/s"
    results+=("$side $rate")
  done
done
printf '%s\n' "${results[@]}" | python3 -c '
import statistics, sys
runs = {"old": [], "new": []}
for line in sys.stdin:
    side, rate = line.split()
    runs[side].append(float(rate))
o, n = statistics.mean(runs["old"]), statistics.mean(runs["new"])
spread = statistics.stdev(runs["old"] + runs["new"]) if len(runs["old"]) > 1 else 0
print(f"old {o:.0f} MB/s, new {n:.0f} MB/s: {100 * (n - o) / o:+.1f}% (one run varies by +-{100 * spread / o:.0f}%)")
'
