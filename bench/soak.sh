#!/usr/bin/env bash
# Soak test (issue 5): mixed load on a real master for a bounded time, with a reload every 30 s and
# a worker kill every 45 s, while the master's RSS, fd and thread counts and every worker's RSS and
# connections served are sampled. Traffic goes to 127.0.0.1 only, and everything stops by itself.
#
#   bench/soak.sh              10 minutes
#   bench/soak.sh --short      60 seconds (the CI version)
#
# Load: churn (new connections, 256 random bytes each, checked), 20 s rounds of 100 held connections
# checked at the end of each round, and 20 s rounds of throughput connections that read their echo
# slowly. Every figure printed is checked against its bound; ends with "soak: N passed, N failed".
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
duration=600; interval=10
[[ "${1:-}" == "--short" ]] && duration=60 && interval=5
master_cli="$here/bin/tcp-echo-master"
bench="$here/bin/tcp-echo-bench"
work=$(mktemp -d /tmp/tcp-echo-soak.XXXXXX)
master_pid=""
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"

# Bounds. A worker's RSS, from its first sample to its last, may grow by WORKER_KIB_PER_1000 KiB per
# 1000 connections it served meanwhile, once it has served WORKER_RATE_FROM (fewer say little beside
# its warm-up), and by WORKER_KIB_MAX KiB in all. Measured on healthy workers: 300-1,200 KiB per 1000
# over 2,600-3,500 connections; a leak of 1 MB per 100 connections shows as about 10,000. The master's
# RSS may grow by MASTER_RSS_KIB from the first sample after warm-up to the last; fds and threads by 4.
WORKER_KIB_PER_1000=5120
WORKER_RATE_FROM=1000
WORKER_KIB_MAX=24576
MASTER_RSS_KIB=16384
# Established connections a killed worker may take with it, per kill: churn's in flight, and its
# share of a round's held (100) and slow (20) connections.
BROKEN_CHURN_PER_KILL=20; BROKEN_HOLD_PER_KILL=75; BROKEN_SLOW_PER_KILL=20

cleanup() {
  local pid
  for pid in $(jobs -p) $( [[ -n "$master_pid" ]] && pgrep -P "$master_pid" ) $master_pid; do
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

[[ -f "$here/target/dist/master/master.jar" && -f "$here/target/dist/bench/bench.jar" ]] \
  || (cd "$here" && mvn -q -DskipTests package)

port=$(free_port)
TCP_ECHO_DRAIN_TIMEOUT=25s "$master_cli" start -d -p "$port" -b 127.0.0.1 -w 2 \
  --control-socket "$work/ctl.sock" --pid-file "$work/master.pid" --log-file "$work/master.log" >/dev/null
master_pid=$(cat "$work/master.pid")
echo "soak: ${duration}s on 127.0.0.1:$port, master pid $master_pid"
start=$SECONDS

# rounds NAME COMMAND...: runs COMMAND (a bench run of 20 s) again and again until 20 s before the
# end; each round's JSON report goes to NAME-N.json, and "N start end exit" to NAME.rounds.
# Rounds, because a reload waits until the previous generation has drained (at most two
# generations), so connections must end within drain-timeout (25 s) for reloads every 30 s.
rounds() {
  local name=$1 round=0 began status
  shift
  while (( SECONDS - start < duration - 20 )); do
    round=$((round + 1)); began=$((SECONDS - start)); status=0
    "$@" --json > "$work/$name-$round.json" || status=$?
    echo "$round $began $((SECONDS - start)) $status" >> "$work/$name.rounds"
  done
}

"$bench" churn -p "$port" --rate 200 -s 256 -d "${duration}s" --timeout 10s --json > "$work/churn.json" &
churn=$!
rounds hold "$bench" hold -p "$port" -c 100 --hold 20s --timeout 10s &
hold=$!
# Slow readers: few connections, small window, large messages, so their echo backs up in the workers.
rounds slow "$bench" throughput -p "$port" -c 20 -s 65536 -w 2 -d 20s --timeout 20s &
slow=$!

sample() { # one line of the master's series, and one line per worker in workers.tsv
  local t=$1 pid generation state accepted
  echo "$t $(rss_kib "$master_pid") $(ls /proc/"$master_pid"/fd | wc -l) $(awk '/^Threads/ {print $2}' /proc/"$master_pid"/status)" \
    >> "$work/master.tsv"
  status_workers | while read -r pid generation state accepted; do
    echo "$t $pid $generation $state $accepted $(rss_kib "$pid")" >> "$work/workers.tsv"
  done
}

next_reload=30; next_kill=45; next_sample=0; reloads=0; kills=0; reload_failures=0
while (( SECONDS - start < duration )); do
  elapsed=$((SECONDS - start))
  if (( elapsed >= next_sample )); then
    sample "$elapsed"
    next_sample=$((next_sample + interval))
  fi
  if (( elapsed >= next_reload )); then
    ctl reload >/dev/null || reload_failures=$((reload_failures + 1))
    reloads=$((reloads + 1)); next_reload=$((next_reload + 30))
  fi
  if (( elapsed >= next_kill )); then
    victim=$(worker_pids | shuf -n 1)
    if [[ -n "$victim" ]] && kill -9 "$victim"; then kills=$((kills + 1)); echo "$elapsed" >> "$work/kills"; fi
    next_kill=$((next_kill + 45))
  fi
  sleep 1
done
churn_exit=0; wait "$churn" || churn_exit=$?
wait "$hold"; wait "$slow"
sample "$((SECONDS - start))"

echo "t_s master_rss_kib master_fds master_threads"; column -t "$work/master.tsv"
echo "reloads $reloads (failed $reload_failures, at least $((duration / 30 - 1)) wanted), workers killed $kills (at least $((duration / 45)))"
check "every reload succeeded" "(( reload_failures == 0 && reloads >= duration / 30 - 1 ))"
check "workers were killed" "(( kills >= duration / 45 ))"
touch "$work/kills"

# The loads, the master's series and each worker's memory, judged in one place; prints "ok LINE" or
# "bad LINE" per check.
python3 - "$work" "$churn_exit" "$interval" <<PY > "$work/verdicts"
import glob, json, sys
work, churn_exit, interval = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
kills = [int(x) for x in open(work + "/kills").read().split()]
def figures(path):
    d = json.load(open(path)); f = d["failures"]; c = d["counts"]
    connect = f["connect_refused"] + f["connect_timeout"]
    broken = f["reset"] + f["early_eof"] + f["read_timeout"] + f["io_error"]
    return d, c, connect, broken, f["wrong_bytes"], sum(f.values()) - connect - broken - f["wrong_bytes"]
def verdict(good, line):
    print(("ok " if good else "bad ") + line)
def exit_agrees(status, broken):
    # The bench exits 1 on any failure: allowed breaks (a killed worker's own) make exit 1 right.
    return status == 0 or (status == 1 and broken > 0)

d, c, connect, broken, wrong, other = figures(work + "/churn.json")
allowed = $BROKEN_CHURN_PER_KILL * len(kills)
verdict(c["attempts"] > 0 and connect == 0 and wrong == 0 and other == 0 and broken <= allowed
        and exit_agrees(churn_exit, broken),
        f"churn: {c['attempts']} connections (more than 0), exit {churn_exit}, failed connects {connect}, "
        f"broken {broken} (at most {allowed}: {$BROKEN_CHURN_PER_KILL} per kill), wrong bytes {wrong}, other failures {other}")

for name, per_kill, size in (("hold", $BROKEN_HOLD_PER_KILL, 100), ("slow", $BROKEN_SLOW_PER_KILL, 20)):
    rounds = [line.split() for line in open(f"{work}/{name}.rounds")]
    bad_rounds, totals = [], [0, 0, 0, 0, 0, 0]
    for number, began, ended, status in rounds:
        d, c, connect, broken, wrong, other = figures(f"{work}/{name}-{number}.json")
        killed = sum(1 for k in kills if int(began) <= k <= int(ended))
        work_done = c["opened"] == size and c["echoed_after_hold"] == size - broken if name == "hold" else c["messages"] > 0
        good = (work_done and connect == 0 and wrong == 0 and other == 0 and broken <= per_kill * killed
                and exit_agrees(int(status), broken))
        if not good:
            bad_rounds.append(number)
        for i, n in enumerate((c.get("opened", c.get("messages")), c.get("echoed_after_hold", 0), connect, broken, wrong, other)):
            totals[i] += n
    what = "opened {}, echoed after the hold {}".format(*totals[:2]) if name == "hold" else f"messages {totals[0]}"
    verdict(rounds and not bad_rounds,
            f"{name}: {len(rounds)} rounds of {size} connections (at least 1), {what}, failed connects {totals[2]}, "
            f"broken {totals[3]} (at most {per_kill} per kill in the round), wrong bytes {totals[4]}, "
            f"other failures {totals[5]}; rounds failed: {', '.join(bad_rounds) or 'none'}")

# The master: from the first sample after warm-up (the second) to the last.
series = [list(map(int, line.split())) for line in open(work + "/master.tsv")]
first, last = series[1], series[-1]
verdict(last[1] - first[1] <= $MASTER_RSS_KIB, f"master RSS {first[1]} -> {last[1]} KiB (growth at most $MASTER_RSS_KIB)")
verdict(abs(last[2] - first[2]) <= 4, f"master fds {first[2]} -> {last[2]} (within 4)")
verdict(abs(last[3] - first[3]) <= 4, f"master threads {first[3]} -> {last[3]} (within 4)")

# Each worker over its own life: first and last samples, connections it accepted in between.
lives = {}
for line in open(work + "/workers.tsv"):
    t, pid, generation, state, accepted, rss = line.split()
    if int(rss) > 0:  # 0: the worker exited between the status reply and the read of its RSS
        lives.setdefault(pid, []).append((int(t), int(generation), int(accepted), int(rss)))
judged = 0
for pid, samples in lives.items():
    if len(samples) < 2:
        continue
    (t0, generation, a0, r0), (t1, _, a1, r1) = samples[0], samples[-1]
    served = a1 - a0
    rate = (r1 - r0) * 1000 // max(served, 1)
    judged += 1
    verdict(r1 - r0 <= $WORKER_KIB_MAX and (served < $WORKER_RATE_FROM or rate <= $WORKER_KIB_PER_1000),
            f"worker pid {pid} (generation {generation}), {t0}-{t1} s: RSS {r0} -> {r1} KiB over {served} connections, "
            f"{rate} KiB per 1000 (at most $WORKER_KIB_PER_1000 from $WORKER_RATE_FROM connections on; growth at most $WORKER_KIB_MAX)")
verdict(judged >= 2, f"workers with two samples or more: {judged} (at least 2)")
PY
while read -r verdict line; do
  if [[ $verdict == ok ]]; then ok "$line"; else bad "$line"; fi
done < "$work/verdicts"
echo "soak: $passed passed, $failed failed"
[[ $failed == 0 ]]
