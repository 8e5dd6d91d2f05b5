#!/usr/bin/env bash
# Worker start time and idle RSS of one or more built checkouts, for a before/after comparison:
#   bench/worker-footprint.sh [-n RUNS] HOME [HOME ...]
# Each run starts a fresh master (start -d, one worker, default config) from each HOME in turn, so
# the machine's drift falls on all alike; start time is spawn to READY as the master logs it
# ("started in N ms"), RSS the worker's VmRSS after 1 s idle. Prints every run, then each HOME's
# median. Each HOME must be built (mvn -q -DskipTests package).
set -euo pipefail

runs=9
if [[ "${1:-}" == -n ]]; then runs=$2; shift 2; fi
(($# > 0)) || { echo "usage: $0 [-n RUNS] HOME [HOME ...]" >&2; exit 2; }

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"
work=$(mktemp -d /tmp/worker-footprint.XXXXXX)
master_pid=
cleanup() {
  if [[ -n "$master_pid" ]] && kill -0 "$master_pid" 2>/dev/null; then kill -KILL "$master_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

# one HOME N: one fresh master with one worker; appends "start_ms rss_kib" to $work/N.txt.
one() {
  local home=$1 n=$2 port dir
  port=$(free_port)
  dir="$work/run"
  rm -rf "$dir" && mkdir -p "$dir"
  "$home/bin/tcp-echo-master" start -d -w 1 -p "$port" -b 127.0.0.1 --log-file "$dir/m.log" \
      --control-socket "$dir/c.sock" --pid-file "$dir/m.pid" >/dev/null
  master_pid=$(cat "$dir/m.pid")
  local worker
  worker=$(pgrep -P "$master_pid" | head -1)
  sleep 1
  local rss start
  rss=$(rss_kib "$worker")
  start=$(grep -o 'started in [0-9]* ms' "$dir/m.log" | head -1 | grep -o '[0-9]*')
  kill -TERM "$master_pid"
  for _ in $(seq 200); do kill -0 "$master_pid" 2>/dev/null || break; sleep 0.05; done
  for _ in $(seq 200); do kill -0 "$worker" 2>/dev/null || break; sleep 0.05; done
  master_pid=
  echo "$start $rss" >>"$work/$n.txt"
  echo "run $3 $home: worker start ${start} ms, idle RSS ${rss} KiB"
}

for run in $(seq "$runs"); do
  n=0
  for home in "$@"; do
    one "$home" "$n" "$run"
    n=$((n + 1))
  done
done
n=0
for home in "$@"; do
  echo "median of $runs: $home: worker start $(cut -d' ' -f1 "$work/$n.txt" | median) ms," \
       "idle RSS $(cut -d' ' -f2 "$work/$n.txt" | median) KiB"
  n=$((n + 1))
done
