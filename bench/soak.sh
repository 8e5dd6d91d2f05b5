#!/usr/bin/env bash
# Soak test (issue 5): mixed load on a real master for a bounded time, with a reload every 30 s and
# a worker kill every 45 s, while the master's fd and thread counts and the workers' RSS are sampled.
# Traffic goes to 127.0.0.1 only, and everything stops by itself.
#
#   bench/soak.sh              10 minutes
#   bench/soak.sh --short      60 seconds (the CI version)
#
# Load: churn (new connections, 256 random bytes each, checked), long connections held 20 s at a
# time and checked at the end of each round, and throughput connections that read their echo slowly.
# Ends with "soak: N passed, N failed".
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
duration=600
[[ "${1:-}" == "--short" ]] && duration=60
master_cli="$here/bin/tcp-echo-master"
bench="$here/bin/tcp-echo-bench"
work=$(mktemp -d /tmp/tcp-echo-soak.XXXXXX)
master_pid=""
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"

cleanup() {
  local pid
  for pid in $(jobs -p) $( [[ -n "$master_pid" ]] && pgrep -P "$master_pid" ) $master_pid; do
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

worker_rss_kib() { local p t=0; for p in $(worker_pids); do t=$((t + $(awk '/^VmRSS/ {print $2}' /proc/"$p"/status 2>/dev/null || echo 0))); done; echo $t; }

[[ -f "$here/target/dist/master/master.jar" && -f "$here/target/dist/bench/bench.jar" ]] \
  || (cd "$here" && mvn -q -DskipTests package)

port=$(free_port)
TCP_ECHO_DRAIN_TIMEOUT=25s "$master_cli" start -d -p "$port" -b 127.0.0.1 -w 2 \
  --control-socket "$work/ctl.sock" --pid-file "$work/master.pid" --log-file "$work/master.log" >/dev/null
master_pid=$(cat "$work/master.pid")
echo "soak: ${duration}s on 127.0.0.1:$port, master pid $master_pid"

"$bench" churn -p "$port" --rate 200 -s 256 -d "${duration}s" --timeout 10s --json > "$work/churn.json" &
churn=$!
# Long connections in 20 s rounds: a reload waits until the previous generation has drained (at most
# two generations), so connections must end within drain-timeout (25 s) for reloads every 30 s.
( round=0; end=$((SECONDS + duration - 20))
  while (( SECONDS < end )); do
    round=$((round + 1))
    "$bench" hold -p "$port" -c 100 --hold 20s --timeout 10s --json > "$work/hold-$round.json" || true
  done ) &
hold=$!
# Slow readers: few connections, small window, large messages, so their echo backs up in the workers.
"$bench" throughput -p "$port" -c 20 -s 65536 -w 2 -d "${duration}s" --timeout 20s --json > "$work/slow.json" &
slow=$!

series="t_s worker_rss_kib master_fds master_threads"
start=$SECONDS; next_reload=30; next_kill=45; next_sample=0; reloads=0; kills=0; reload_failures=0
while (( SECONDS - start < duration )); do
  elapsed=$((SECONDS - start))
  if (( elapsed >= next_sample )); then
    series+=$'\n'"$elapsed $(worker_rss_kib) $(ls /proc/"$master_pid"/fd | wc -l) $(awk '/^Threads/ {print $2}' /proc/"$master_pid"/status)"
    next_sample=$((next_sample + 10))
  fi
  if (( elapsed >= next_reload )); then
    ctl reload >/dev/null || reload_failures=$((reload_failures + 1))
    reloads=$((reloads + 1)); next_reload=$((next_reload + 30))
  fi
  if (( elapsed >= next_kill )); then
    victim=$(worker_pids | shuf -n 1)
    [[ -n "$victim" ]] && kill -9 "$victim" && kills=$((kills + 1))
    next_kill=$((next_kill + 45))
  fi
  sleep 1
done
wait "$churn" || true; wait "$hold" || true; wait "$slow" || true
series+=$'\n'"$((SECONDS - start)) $(worker_rss_kib) $(ls /proc/"$master_pid"/fd | wc -l) $(awk '/^Threads/ {print $2}' /proc/"$master_pid"/status)"

echo "$series" | column -t
echo "reloads $reloads (failed $reload_failures), workers killed $kills"
churn_attempts=$(json "$work/churn.json" 'd["counts"]["attempts"]')
connect_failed=$(json "$work/churn.json" 'd["failures"]["connect_refused"] + d["failures"]["connect_timeout"]')
wrong=$(json "$work/churn.json" 'd["failures"]["wrong_bytes"] ')
wrong=$((wrong + $(json "$work/slow.json" 'd["failures"]["wrong_bytes"]')))
for f in "$work"/hold-*.json; do wrong=$((wrong + $(json "$f" 'd["failures"]["wrong_bytes"]'))); done
broken=$(json "$work/churn.json" 'd["failures"]["reset"] + d["failures"]["early_eof"] + d["failures"]["read_timeout"]')
echo "churn: $churn_attempts connections, failed connects $connect_failed, broken $broken (a killed worker's own), wrong bytes (all loads) $wrong"

# Flat: the last sample within a margin of the first one after warm-up (the 10 s sample).
read -r _ rss_first fds_first threads_first < <(echo "$series" | sed -n 3p)
read -r _ rss_last fds_last threads_last < <(echo "$series" | tail -1)
check "0 wrong bytes" "[[ $wrong == 0 ]]"
check "0 failed connects" "[[ $connect_failed == 0 ]]"
check "every reload succeeded" "[[ $reload_failures == 0 && $reloads -ge 1 ]]"
check "master fds flat ($fds_first -> $fds_last)" "(( fds_last - fds_first <= 4 && fds_first - fds_last <= 4 ))"
check "master threads flat ($threads_first -> $threads_last)" "(( threads_last - threads_first <= 4 && threads_first - threads_last <= 4 ))"
check "worker RSS flat ($rss_first -> $rss_last KiB, within 20 MiB)" "(( rss_last - rss_first <= 20480 ))"
echo "soak: $passed passed, $failed failed"
[[ $failed == 0 ]]
