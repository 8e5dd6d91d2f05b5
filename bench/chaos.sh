#!/usr/bin/env bash
# Chaos proof of the zero-downtime lifecycle (issue 3): a verifying churn load (new connections
# continuously, random bytes checked byte for byte) runs against a real master while we reload,
# kill, scale and break it. Traffic goes to 127.0.0.1 only; every step is bounded in time.
#
#   bench/chaos.sh            full scenarios (~3 minutes)
#   bench/chaos.sh --short    the CI version (a few seconds per scenario)
#
#   (h) live upgrades (tcp-echo-master upgrade, as USR2) under the same load
#   (i) faults added and removed at run time on one listener, under churn and reloads: the other
#       listener's load sees no failure, nothing leaks (master fds and threads, worker fds, RSS)
#
# Prints one figure line per scenario and ends with "N passed, N failed".
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
short=false
[[ "${1:-}" == "--short" ]] && short=true
if $short; then
  RELOADS=5; KILL_FOR=6; RELOADS_LEAK=30; RATE=200; UPGRADES=3
else
  RELOADS=20; KILL_FOR=30; RELOADS_LEAK=100; RATE=250; UPGRADES=10
fi

master_cli="$here/bin/tcp-echo-master"
bench="$here/bin/tcp-echo-bench"
work=$(mktemp -d /tmp/tcp-echo-chaos.XXXXXX)
master_pid=""
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"
declare -a seen_pids=()

cleanup() {
  local pid
  for pid in "${seen_pids[@]}" $master_pid; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

remember_workers() { local p; for p in $(worker_pids); do seen_pids+=("$p"); done; }

start_master() { # $1 = dist dir to run from (default: the build)
  port=$(free_port)
  cat > "$work/tcp-echo.toml" <<EOF
port = $port
bind = "127.0.0.1"
workers = 2
drain-timeout = "20s"
ready-timeout = "5s"
worker-timeout = "5s"
EOF
  TCP_ECHO_DIST=${1:-$here/target/dist} "$master_cli" start -d -c "$work/tcp-echo.toml" \
    --control-socket "$work/ctl.sock" --pid-file "$work/master.pid" --log-file "$work/master.log" >/dev/null
  master_pid=$(cat "$work/master.pid")
  remember_workers
}

stop_master() {
  ctl stop --fast >/dev/null 2>&1 || true
  master_pid=""
}

# churn_start SECONDS NAME: verifying churn load in the background, JSON report to $work/NAME.json
churn_start() {
  "$bench" churn -p "$port" --rate "$RATE" -s 256 -d "${1}s" --timeout 10s --json > "$work/$2.json" &
  churn_pid=$!
}
# churn_check NAME ALLOWED_BROKEN: the load ran (attempts > 0) and exited 0; connect failures, wrong
# bytes and other failures 0; established connections broken <= ALLOWED_BROKEN. The bench exits 1 on
# any failure, so where breaks are allowed (a killed worker's own connections) exit 1 passes only
# when broken connections are all it reports.
churn_check() {
  local status=0 attempts connect_failed broken wrong other ok
  wait "$churn_pid" || status=$?
  if [[ ! -s "$work/$1.json" ]]; then echo "  load: no report, exit $status"; return 1; fi
  read -r attempts connect_failed broken wrong other ok < <(load_figures "$work/$1.json")
  echo "  load: $attempts connections at ${RATE}/s, exit $status, failed connects $connect_failed," \
       "broken $broken (at most $2), wrong bytes $wrong, other failures $other"
  (( attempts > 0 && connect_failed == 0 && wrong == 0 && other == 0 && broken <= $2 )) \
    && [[ $status == 0 || ($status == 1 && $broken -gt 0) ]]
}

# Each reload gets its own 50 held connections: confirmed open (ss) before it starts, still open when
# it has committed, then released and checked on the draining generation. One batch cannot span
# them all: a reload waits until the generation before it has drained, i.e. until they close.
scenario_reloads() {
  start_master
  churn_start $((RELOADS * 6 + 10)) reloads
  local i failures=0 hold_pid hold_failed=0 held=0 at_commit=0 echoed=0 n load_ran=yes
  for ((i = 1; i <= RELOADS; i++)); do
    "$bench" hold -p "$port" -c 50 --hold 60s --until-file "$work/release-$i" --json > "$work/hold-$i.json" &
    hold_pid=$!
    await "the 50 connections of hold $i to open" 30 '(( $(held_by $hold_pid) == 50 ))' || true
    held=$((held + $(held_by $hold_pid)))
    ctl reload >/dev/null || failures=$((failures + 1))
    at_commit=$((at_commit + $(held_by $hold_pid)))
    remember_workers
    touch "$work/release-$i"
    wait "$hold_pid" || hold_failed=$((hold_failed + 1))
    n=$(json "$work/hold-$i.json" 'd["counts"]["echoed_after_hold"]')
    echoed=$((echoed + n))
  done
  kill -0 "$churn_pid" 2>/dev/null || load_ran=no
  echo "  (a) $RELOADS reloads, $failures failed; held connections: $held open before the reloads (of $((RELOADS * 50)))," \
       "$at_commit still open once each had committed, $echoed echoed after; holds failed $hold_failed;" \
       "load still running after the last reload: $load_ran"
  if churn_check reloads 0 && [[ $failures == 0 && $held == $((RELOADS * 50)) && $at_commit == "$held" \
        && $echoed == "$held" && $hold_failed == 0 && $load_ran == yes ]]; then
    ok "(a) reloads under load"
  else
    bad "(a) reloads under load"
  fi
  stop_master
}

scenario_kills() {
  start_master
  churn_start $((KILL_FOR + 3)) kills
  local end=$((SECONDS + KILL_FOR)) kills=0 victim
  sleep 1
  while ((SECONDS < end)); do
    victim=$(worker_pids | shuf -n 1)
    [[ -n "$victim" ]] && kill -9 "$victim" && kills=$((kills + 1))
    sleep 2
    remember_workers
  done
  echo "  (b) killed $kills workers with SIGKILL over ${KILL_FOR}s (at least $((KILL_FOR / 4)))"
  # Connections a killed worker held may break; with 256-byte echoes at this rate that is a few per kill.
  if churn_check kills $((kills * 20)) && (( kills >= KILL_FOR / 4 )); then
    ok "(b) worker kills under load"
  else
    bad "(b) worker kills under load"
  fi
  stop_master
}

# After each scale: as many worker processes as asked (the removed ones drained and gone) and as
# many ready workers in status, within drain-timeout (20 s) and a margin.
scenario_scale() {
  start_master
  churn_start 40 scale
  local n results="" wrong=0 ready running load_ran=yes
  for n in 4 1 2; do
    if ctl scale "$n" >/dev/null; then results+=" scale $n ok:"; else results+=" scale $n FAILED:"; wrong=$((wrong + 1)); fi
    remember_workers
    await "$n workers after scale $n" 25 '(( $(worker_pids | wc -l) == n && $(status_workers | grep -c " ready ") == n ))' \
      || wrong=$((wrong + 1))
    running=$(worker_pids | wc -l); ready=$(status_workers | grep -c " ready " || true)
    results+=" $running workers, $ready ready;"
  done
  kill -0 "$churn_pid" 2>/dev/null || load_ran=no
  echo "  (c)$results load still running after the last scale: $load_ran"
  if churn_check scale 0 && [[ $wrong == 0 && $load_ran == yes ]]; then ok "(c) scaling under load"; else bad "(c) scaling under load"; fi
  stop_master
}

scenario_bad_reloads() {
  # Run from a copy of the build so one reload can be given workers that cannot start.
  cp -r "$here/target/dist" "$work/dist"
  start_master "$work/dist"
  churn_start 10 bad
  sleep 1
  local generation before_pids bad_config_exit no_worker_exit
  generation=$(ctl status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["master"]["generation"])')
  before_pids=$(worker_pids)
  cp "$work/tcp-echo.toml" "$work/good.toml"
  sed -i 's/^workers = 2$/workers = "many"/' "$work/tcp-echo.toml"
  bad_config_exit=0; ctl reload > "$work/bad-config.out" 2>&1 || bad_config_exit=$?
  cp "$work/good.toml" "$work/tcp-echo.toml"
  mv "$work/dist/worker/worker.jar" "$work/worker.jar.away"
  no_worker_exit=0; ctl reload > "$work/no-worker.out" 2>&1 || no_worker_exit=$?
  mv "$work/worker.jar.away" "$work/dist/worker/worker.jar"
  echo "  (d) broken config: reload exit $bad_config_exit: $(head -c 160 "$work/bad-config.out")"
  echo "  (d) workers cannot start: reload exit $no_worker_exit: $(head -c 200 "$work/no-worker.out")"
  local after_generation
  after_generation=$(ctl status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["master"]["generation"])')
  echo "  (d) generation $generation -> $after_generation, worker pids $(echo $before_pids) -> $(echo $(worker_pids))"
  if churn_check bad 0 && [[ $bad_config_exit == 1 && $no_worker_exit == 1 && "$after_generation" == "$generation" \
        && "$(worker_pids)" == "$before_pids" && -n "$before_pids" ]] \
        && grep -q 'workers must be "auto" or a whole number' "$work/bad-config.out" \
        && grep -q "generation $generation keeps serving" "$work/no-worker.out"; then
    ok "(d) failed reloads keep the old generation serving"
  else
    bad "(d) failed reloads keep the old generation serving (generation $generation -> $after_generation)"
  fi
  stop_master
  rm -rf "$work/dist"
}

scenario_master_kill() {
  start_master
  local pids start_ns gone_ms=-1 p alive
  pids=$(worker_pids)
  start_ns=$(date +%s%N)
  kill -9 "$master_pid"
  while (( ($(date +%s%N) - start_ns) / 1000000 < 3000 )); do
    alive=0
    for p in $pids; do [[ -d /proc/$p && "$(awk '{print $3}' /proc/$p/stat 2>/dev/null)" != Z ]] && alive=1; done
    if [[ $alive == 0 ]]; then gone_ms=$(( ($(date +%s%N) - start_ns) / 1000000 )); break; fi
    sleep 0.01
  done
  local bindable=no
  python3 -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$port" && bindable=yes
  echo "  (e) master SIGKILLed: all $(echo "$pids" | wc -w) workers (of 2) gone in ${gone_ms} ms (under 1000); port bindable again: $bindable"
  if [[ $(echo "$pids" | wc -w) == 2 && $gone_ms -ge 0 && $gone_ms -lt 1000 && $bindable == yes ]]; then
    ok "(e) orphans exit"
  else
    bad "(e) orphans exit"
  fi
  master_pid=""
}

scenario_leaks() {
  start_master
  local fds_before threads_before fds_after threads_after i zombies stray
  fds_before=$(ls /proc/"$master_pid"/fd | wc -l)
  threads_before=$(awk '/^Threads/ {print $2}' /proc/"$master_pid"/status)
  local failures=0
  for ((i = 1; i <= RELOADS_LEAK; i++)); do
    ctl reload >/dev/null || failures=$((failures + 1))
    remember_workers
  done
  # Let the last drained generation be reaped before counting.
  local deadline=$((SECONDS + 10))
  while (( $(worker_pids | wc -l) != 2 && SECONDS < deadline )); do sleep 0.1; done
  fds_after=$(ls /proc/"$master_pid"/fd | wc -l)
  threads_after=$(awk '/^Threads/ {print $2}' /proc/"$master_pid"/status)
  zombies=$(ps -o stat= --ppid "$master_pid" | grep -c Z || true)
  stray=$(( $(worker_pids | wc -l) - 2 ))
  echo "  (f) $RELOADS_LEAK reloads ($failures failed): master fds $fds_before -> $fds_after, threads $threads_before -> $threads_after (each within 2), zombies $zombies, stray workers $stray"
  if (( fds_after - fds_before <= 2 && fds_before - fds_after <= 2 && threads_after - threads_before <= 2 \
        && threads_before - threads_after <= 2 && zombies == 0 && stray == 0 && failures == 0 )); then
    ok "(f) no leaks over $RELOADS_LEAK reloads"
  else
    bad "(f) no leaks over $RELOADS_LEAK reloads"
  fi
  stop_master
}

scenario_hung_worker() {
  start_master
  # Idle connections held longer than worker-timeout (5 s) must not get their worker replaced.
  local idle_exit=0
  "$bench" hold -p "$port" -c 40 --hold 7s --json > "$work/idle.json" || idle_exit=$?
  local restarts_idle
  restarts_idle=$(ctl status --json | python3 -c 'import json,sys; print(sum(w["restarts"] for w in json.load(sys.stdin)["workers"]))')
  local victim start_ns replaced_ms=-1
  victim=$(worker_pids | head -1)
  kill -STOP "$victim"
  start_ns=$(date +%s%N)
  while (( ($(date +%s%N) - start_ns) / 1000000 < 15000 )); do
    if ! worker_pids | grep -qx "$victim" && (( $(worker_pids | wc -l) == 2 )); then
      replaced_ms=$(( ($(date +%s%N) - start_ns) / 1000000 )); break
    fi
    sleep 0.05
  done
  remember_workers
  local echoed opened
  echoed=$(json "$work/idle.json" 'd["counts"]["echoed_after_hold"]'); opened=$(json "$work/idle.json" 'd["counts"]["opened"]')
  echo "  (g) $opened of 40 idle connections held 7 s (worker-timeout 5 s): $echoed echoed after, hold exit $idle_exit," \
       "restarts $restarts_idle; SIGSTOPped worker replaced after ${replaced_ms} ms (at most 7000)"
  if [[ "$opened" == 40 && "$echoed" == 40 && $idle_exit == 0 && "$restarts_idle" == 0 && $replaced_ms -ge 0 \
        && $replaced_ms -le 7000 ]]; then
    ok "(g) hung worker replaced, idle ones kept"
  else
    bad "(g) hung worker replaced, idle ones kept"
  fi
  kill -9 "$victim" 2>/dev/null || true
  stop_master
}

alive() { [[ -d /proc/$1 && "$(awk '{print $3}' /proc/"$1"/stat 2>/dev/null)" != Z ]]; }

scenario_upgrades() {
  start_master
  churn_start $((UPGRADES * 8 + 4)) upgrades
  sleep 1
  local i old failures=0 total_ms=0 start_ns deadline old_workers="" left=0 p
  for ((i = 1; i <= UPGRADES; i++)); do
    old=$master_pid
    old_workers+=" $(worker_pids)"
    start_ns=$(date +%s%N)
    if ctl upgrade >/dev/null; then
      total_ms=$((total_ms + ($(date +%s%N) - start_ns) / 1000000))
      master_pid=$(cat "$work/master.pid")
      seen_pids+=("$old")
      remember_workers
      deadline=$((SECONDS + 10))
      while alive "$old" && ((SECONDS < deadline)); do sleep 0.05; done
      [[ "$master_pid" != "$old" ]] && ! alive "$old" || failures=$((failures + 1))
    else
      failures=$((failures + 1))
    fi
    sleep 1
  done
  for p in $old_workers; do alive "$p" && left=$((left + 1)); done
  local load_ran=yes
  kill -0 "$churn_pid" 2>/dev/null || load_ran=no
  local running=no
  alive "$master_pid" && [[ "$(ctl status --json | json /dev/stdin 'd["master"]["pid"]')" == "$master_pid" ]] && running=yes
  # An upgrade gives up after ready-timeout (5 s) + 10 s; one that takes that long on average is not a pass.
  echo "  (h) $UPGRADES upgrades, $failures failed, $((total_ms / UPGRADES)) ms each on average (under 15000); pid file names" \
       "master $master_pid, which answers: $running; old masters' workers left: $left; load still running after the last: $load_ran"
  if churn_check upgrades 0 && [[ $failures == 0 && $running == yes && $left == 0 && $load_ran == yes ]] \
        && (( total_ms / UPGRADES < 15000 )); then
    ok "(h) live upgrades under load"
  else
    bad "(h) live upgrades under load"
  fi
  stop_master
}

# Faults come and go on listener "faulty" (every type, through the CLI) while churn runs on both
# listeners and reloads happen; the "plain" listener's load must not notice. Afterwards no run-time
# fault is left, the master holds what it held, and the serving workers' descriptors come back to
# what they were before the load.
worker_fds() { local p n=0; for p in $(worker_pids); do n=$((n + $(ls /proc/"$p"/fd | wc -l))); done; echo "$n"; }
worker_rss_mib() {
  local p max=0 r
  for p in $(worker_pids); do
    r=$(( $(rss_kib "$p") / 1024 ))
    (( r > max )) && max=$r
  done
  echo "$max"
}
scenario_faults() {
  local faulty rounds=$(( RELOADS * 2 )) i failures=0 fds_before threads_before fds_after threads_after
  local wfds_before wfds_after rss listed generation faulty_pid deadline
  faulty=$(free_port)
  start_master
  printf '[[listener]]\nname = "plain"\nport = %s\n[[listener]]\nname = "faulty"\nport = %s\n' "$port" "$faulty" \
    >> "$work/tcp-echo.toml"
  ctl reload >/dev/null || failures=$((failures + 1))
  remember_workers
  fds_before=$(ls /proc/"$master_pid"/fd | wc -l)
  threads_before=$(awk '/^Threads/ {print $2}' /proc/"$master_pid"/status)
  wfds_before=$(worker_fds)
  churn_start $(( rounds + 6 )) faults
  "$bench" churn -p "$faulty" --rate 50 -s 256 -d "$(( rounds + 6 ))s" --timeout 10s --json \
    > "$work/faulty.json" 2>/dev/null &
  faulty_pid=$!
  for ((i = 1; i <= rounds; i++)); do
    fault_ctl add faulty latency --latency 20ms --jitter 10ms >/dev/null || failures=$((failures + 1))
    fault_ctl add faulty slicer --average-size 64 --delay 1ms >/dev/null || failures=$((failures + 1))
    fault_ctl add faulty reset-peer --bytes 100 --toxicity 0.3 >/dev/null || failures=$((failures + 1))
    fault_ctl add faulty limit-data --bytes 200 --toxicity 0.3 >/dev/null || failures=$((failures + 1))
    fault_ctl add faulty timeout --timeout 300ms --toxicity 0.2 >/dev/null || failures=$((failures + 1))
    fault_ctl add faulty bandwidth --rate 50 --upstream >/dev/null || failures=$((failures + 1))
    sleep 0.5
    if (( i % 2 == 0 )); then
      ctl reload >/dev/null || failures=$((failures + 1))
      remember_workers
    fi
    fault_ctl remove faulty latency_downstream >/dev/null || failures=$((failures + 1))
    fault_ctl clear faulty >/dev/null || failures=$((failures + 1))
    sleep 0.5
  done
  wait "$faulty_pid" || true
  listed=$(fault_ctl list)
  generation=$("$master_cli" status --json --control-socket "$work/ctl.sock" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["master"]["generation"])')
  # The serving workers' connections end with the load (lingering ones within linger-timeout, 5 s).
  deadline=$((SECONDS + 15))
  while (( $(worker_pids | wc -l) != 2 && SECONDS < deadline )); do sleep 0.2; done
  while (( $(worker_fds) > wfds_before + 4 && SECONDS < deadline )); do sleep 0.2; done
  wfds_after=$(worker_fds)
  rss=$(worker_rss_mib)
  fds_after=$(ls /proc/"$master_pid"/fd | wc -l)
  threads_after=$(awk '/^Threads/ {print $2}' /proc/"$master_pid"/status)
  echo "  (i) $rounds rounds of 6 faults added and removed, $(( rounds / 2 )) reloads (generation $generation)," \
       "$failures failed commands; fault list after: '$listed'; master fds $fds_before -> $fds_after, threads" \
       "$threads_before -> $threads_after (each within 2); workers' fds $wfds_before -> $wfds_after (within 4)," \
       "largest worker RSS $rss MiB (under 160)"
  if churn_check faults 0 && [[ $failures == 0 && $listed == "no faults" ]] \
        && (( fds_after - fds_before <= 2 && threads_after - threads_before <= 2 && wfds_after <= wfds_before + 4 \
              && rss < 160 )); then
    ok "(i) faults under churn and reloads"
  else
    bad "(i) faults under churn and reloads"
  fi
  stop_master
}

[[ -f "$here/target/dist/master/master.jar" && -f "$here/target/dist/bench/bench.jar" ]] \
  || (cd "$here" && mvn -q -DskipTests package)
echo "chaos: $($short && echo short || echo full) run"
if [[ -n "${CHAOS_ONLY:-}" ]]; then
  # One scenario by its name (CHAOS_ONLY=faults), when working on it.
  "scenario_$CHAOS_ONLY"
else
  scenario_reloads
  scenario_kills
  scenario_scale
  scenario_bad_reloads
  scenario_master_kill
  scenario_leaks
  scenario_hung_worker
  scenario_upgrades
  scenario_faults
fi
echo "chaos: $passed passed, $failed failed"
[[ $failed == 0 ]]
