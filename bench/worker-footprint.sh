#!/usr/bin/env bash
# Worker start, idle footprint and kill -9 recovery of one or more built checkouts, for a
# before/after comparison, against a bare JVM with the workers' own flags measured in the same run:
#   bench/worker-footprint.sh [-n RUNS] [-w WORKERS] [-s SETTLE_SECONDS] HOME [HOME ...]
# Each run starts a fresh master (start -d, WORKERS workers (1), default config) from each HOME in
# turn, so the machine's drift falls on all alike, and then a bare JVM (an idle main, the HOME's
# dist/worker/jvm.options, no archive of ours) with the same java, as the reference the workers'
# RSS is judged against. Figures per run: start is spawn to READY as the master logs it ("started in
# N ms"); RSS and PSS are the workers' mean after SETTLE_SECONDS (1) idle; kill9 is SIGKILL of one worker until 32
# probe connections opened right after it have all echoed and the successor's pid is seen, as
# bench/run.sh measures it (servers.py's all_probes_echo). Prints every run, then each HOME's
# min/median/max and the load average. The java is $JAVA_HOME's, as for bin/tcp-echo-master.
# Each HOME must be built (mvn -q -DskipTests package).
set -euo pipefail

runs=9
workers=1
settle=1
while [[ "${1:-}" == -[nws] ]]; do
  case $1 in -n) runs=$2 ;; -w) workers=$2 ;; -s) settle=$2 ;; esac
  shift 2
done
(($# > 0)) || { echo "usage: $0 [-n RUNS] [-w WORKERS] [-s SETTLE_SECONDS] HOME [HOME ...]" >&2; exit 2; }

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
work=$(mktemp -d /tmp/worker-footprint.XXXXXX)
master_pid=
bare_pid=
cleanup() {
  for pid in $master_pid $bare_pid; do
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

# The bare reference: bench/run.sh's IdleJvm, which prints a line once in main, then sleeps.
idle_jar=$here/target/dist/bench/bench.jar
[[ -f "$idle_jar" ]] || { echo "$idle_jar is missing: build first (mvn -q -DskipTests package)" >&2; exit 1; }
jdk=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')

pss_kib() { awk '/^Pss:/ {print $2}' /proc/"$1"/smaps_rollup 2>/dev/null || echo 0; }
mean() { awk '{s+=$1} END {printf "%d\n", NR ? s/NR : 0}'; }
stats() { sort -n | awk '{v[NR]=$1} END {m=(NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%s/%s/%s", v[1], m, v[NR]}'; }

# kill9 PORT PID: kills PID, prints ms until every probe echoed and a new child of the master is seen.
kill9() {
  python3 - "$here/bench" "$1" "$2" "$master_pid" <<'PY'
import os, signal, sys, time
sys.path.insert(0, sys.argv[1])
from procfs import alive, children
from servers import all_probes_echo
port, victim, master = map(int, sys.argv[2:])
before = set(children(master))
os.kill(victim, signal.SIGKILL)
t0 = time.monotonic()
_, echoed = all_probes_echo(port, 32, 5.0)
seen = None
while seen is None and time.monotonic() - t0 < 5:
    if set(p for p in children(master) if alive(p)) - before:
        seen = time.monotonic() - t0
    else:
        time.sleep(0.002)
print(-1 if echoed is None or seen is None else round(1000 * max(echoed, seen)))
PY
}

# one HOME N RUN: one fresh master, then the bare JVM; appends "start rss pss kill9 bare_rss" to $work/N.txt.
one() {
  local home=$1 n=$2 port dir pids start rss pss ms bare
  port=$(free_port)
  dir="$work/run"
  rm -rf "$dir" && mkdir -p "$dir"
  "$home/bin/tcp-echo-master" start -d -w "$workers" -p "$port" -b 127.0.0.1 --log-file "$dir/m.log" \
      --control-socket "$dir/c.sock" --pid-file "$dir/m.pid" >/dev/null
  master_pid=$(cat "$dir/m.pid")
  sleep "$settle"
  pids=$(worker_pids)
  rss=$(for p in $pids; do rss_kib "$p"; done | mean)
  pss=$(for p in $pids; do pss_kib "$p"; done | mean)
  start=$(grep -o 'started in [0-9]* ms' "$dir/m.log" | grep -o '[0-9]*' | mean)
  ms=$(kill9 "$port" "$(echo "$pids" | head -1)")
  pids=$(worker_pids)
  kill -TERM "$master_pid"
  for _ in $(seq 200); do kill -0 "$master_pid" 2>/dev/null || break; sleep 0.05; done
  for p in $pids; do for _ in $(seq 200); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done; done
  master_pid=

  local options=(@"$home/target/dist/worker/jvm.options")
  # On JDK 25 the workers run with jvm25.options too (WorkerJvmOptions): so does their reference.
  if ((jdk >= 25)) && [[ -f "$home/target/dist/worker/jvm25.options" ]]; then
    options+=(@"$home/target/dist/worker/jvm25.options")
  fi
  "$java" "${options[@]}" -cp "$idle_jar" tcpecho.bench.idle.IdleJvm >"$dir/idle.out" &
  bare_pid=$!
  await "the bare JVM's main" 30 '[[ -s "$dir/idle.out" ]]'
  sleep "$settle"
  bare=$(rss_kib "$bare_pid")
  kill -KILL "$bare_pid"
  wait "$bare_pid" 2>/dev/null || true
  bare_pid=
  echo "$start $rss $pss $ms $bare" >>"$work/$n.txt"
  echo "run $3 $home: worker start ${start} ms, idle RSS ${rss} KiB (bare JVM ${bare}, +$((rss - bare))), PSS ${pss} KiB," \
       "kill -9 -> serving ${ms} ms"
}

echo "java: $("$java" -version 2>&1 | head -1); $workers worker(s), measured after $settle s; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq "$runs"); do
  n=0
  for home in "$@"; do
    one "$home" "$n" "$run"
    n=$((n + 1))
  done
done
n=0
for home in "$@"; do
  f="$work/$n.txt"
  echo "min/median/max of $runs: $home: worker start $(cut -d' ' -f1 "$f" | stats) ms," \
       "idle RSS $(cut -d' ' -f2 "$f" | stats) KiB, bare JVM $(cut -d' ' -f5 "$f" | stats) KiB," \
       "RSS - bare $(awk '{print $2 - $5}' "$f" | stats) KiB, PSS $(cut -d' ' -f3 "$f" | stats) KiB," \
       "kill -9 -> serving $(cut -d' ' -f4 "$f" | stats) ms"
  n=$((n + 1))
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
