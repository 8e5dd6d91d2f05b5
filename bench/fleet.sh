#!/usr/bin/env bash
# A fleet of three tcp-echo-master hosts behind HAProxy (deploy/haproxy/haproxy.cfg), each host a
# network namespace of its own with its own address on a veth bridge. A verifying churn load
# (tcp-echo-bench churn: new connections continuously, random bytes, every echoed byte checked) goes
# through HAProxy while the script
#   (a) reloads the three hosts one after another,
#   (b) live-upgrades the three one after another (tcp-echo-master upgrade),
#   (c) kills one whole host with SIGKILL (master and workers), waits until HAProxy takes it out,
#       starts it again and waits until HAProxy puts it back;
#   (d) with PROXY protocol (when this build has the listener keys): checks that every host logged
#       the client's address, not HAProxy's.
# Each phase has a load of its own and prints connections, failed connects, broken connections and
# wrong bytes, each checked against its bound: 0 in (a) and (b), and no host marked down; in (c)
# still 0 failed connects (HAProxy retries a connect the dead host refuses on another host) and
# broken connections at most the sessions HAProxy saw the killed host cut: those it held, and those
# the kernel still queued for it until its sockets closed; none on the other hosts.
#
#   bench/fleet.sh            full run (~3-5 minutes)
#   bench/fleet.sh --short    the CI version (~1 minute; test.sh runs it)
#
# Needs root (network namespaces) and haproxy. Everything happens inside a network namespace the
# script makes for itself (unshare -n): the bridge, the hosts' namespaces (each held by a process of
# ours, so it vanishes with it), HAProxy on that namespace's 127.0.0.1. Nothing reaches the
# machine's own interfaces, and everything is gone when the script ends, on failure too: the trap
# kills every process it started, by pid, and the namespaces die with their last process.
# Ends with "fleet: N passed, N failed".
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
short=false
[[ "${1:-}" == "--short" ]] && short=true
# GAP: seconds of load between two hosts' turns (and before the first, after the last), so HAProxy
# checks each host several times while the next one is untouched. LIMIT bounds the whole run.
if $short; then
  RATE=150; GAP=2; HOLD=30; LIMIT=300
else
  RATE=300; GAP=8; HOLD=90; LIMIT=600
fi

if [[ "${FLEET_SANDBOX:-}" != inside ]]; then
  if [[ $(id -u) -ne 0 ]] || ! command -v haproxy >/dev/null || ! command -v ip >/dev/null; then
    echo "fleet: needs root, haproxy and ip (iproute2)"
    echo "fleet: 0 passed, 1 failed"
    exit 1
  fi
  [[ -f "$here/target/dist/master/master.jar" && -f "$here/target/dist/bench/bench.jar" ]] \
    || (cd "$here" && mvn -q -DskipTests package)
  # The whole run in a network namespace of its own, bounded in time (TERM lets the trap clean up).
  exec env FLEET_SANDBOX=inside timeout --kill-after=15 "$LIMIT" unshare -n -- bash "$0" "$@"
fi

master_cli="$here/bin/tcp-echo-master"
bench="$here/bin/tcp-echo-bench"
config="$here/deploy/haproxy/haproxy.cfg"
work=$(mktemp -d /tmp/tcp-echo-fleet.XXXXXX)
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"
SUBNET=10.77.0
BALANCER=$SUBNET.1
LB_PORT=8090
declare -a holders=()
haproxy_pid=""
hold_pid=""
churn_pid=""

cleanup() {
  local pid
  for pid in $churn_pid $hold_pid $haproxy_pid $(all_pids) "${holders[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true # our own children, just killed: no "Killed" job notices
  # FLEET_KEEP=DIR keeps the logs and reports (HAProxy's, each master's, the loads' JSON) for a look.
  [[ -n "${FLEET_KEEP:-}" ]] && mkdir -p "$FLEET_KEEP" && cp -r "$work"/. "$FLEET_KEEP"/ 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

host_addr() { echo "$SUBNET.1$1"; }
master_pid_of() { cat "$work/h$1/master.pid" 2>/dev/null || true; }
# Every master and worker pid of the three hosts now (masters from their pid files, workers their children).
all_pids() {
  local i pid
  for i in 1 2 3; do
    pid=$(master_pid_of "$i")
    [[ -n "$pid" ]] && { echo "$pid"; pgrep -P "$pid" || true; }
  done
}
in_host() { local i=$1; shift; nsenter -t "${holders[i - 1]}" -n "$@"; }
host_ctl() { local i=$1; "$master_cli" "$2" --control-socket "$work/h$i/ctl.sock" "${@:3}"; }

# The sandbox: lo, a bridge holding the balancer's address, and per host a namespace held by a
# sleeping process of ours, joined to the bridge by a veth pair.
make_network() {
  local i holder
  ip link set lo up
  ip link add fleet-br type bridge
  ip addr add "$BALANCER/24" dev fleet-br
  ip link set fleet-br up
  for i in 1 2 3; do
    unshare -n sleep 100000 &
    holder=$!
    holders+=("$holder")
    await "host $i's namespace" 5 "[[ \$(readlink /proc/$holder/ns/net) != \$(readlink /proc/self/ns/net) ]]"
    ip link add "fleet-h$i" type veth peer name eth0 netns "$holder"
    ip link set "fleet-h$i" master fleet-br up
    in_host "$i" ip link set lo up
    in_host "$i" ip addr add "$(host_addr "$i")/24" dev eth0
    in_host "$i" ip link set eth0 up
  done
}

# Does this build take the PROXY protocol listener keys? Then HAProxy sends PROXY v2 and the hosts
# require it from the balancer; else both run plain (the config's ECHO_PLAIN switch).
proxy_protocol=no
# The echo listener as a [[listener]] table with those keys (they are listener keys).
proxy_listener() {
  printf '\n[[listener]]\nprotocol = "echo"\nport = 8090\nproxy-protocol = true\nproxy-protocol-from = ["%s"]\n' "$BALANCER"
}
detect_proxy_protocol() {
  { printf 'port = 8090\nbind = "127.0.0.1"\n'; proxy_listener; } > "$work/probe.toml"
  if "$master_cli" check -c "$work/probe.toml" >/dev/null 2>&1; then proxy_protocol=yes; fi
}

write_host_config() {
  local i=$1
  mkdir -p "$work/h$i"
  cat > "$work/h$i/tcp-echo.toml" <<EOF
port = 8090
bind = "$(host_addr "$i")"
workers = 2
metrics = "$(host_addr "$i"):9145"
drain-timeout = "20s"
shutdown-timeout = "5s"
ready-timeout = "20s"
worker-timeout = "10s"
EOF
  if [[ $proxy_protocol == yes ]]; then
    proxy_listener >> "$work/h$i/tcp-echo.toml"
  fi
}

start_host() {
  local i=$1
  in_host "$i" "$master_cli" start -d -c "$work/h$i/tcp-echo.toml" --control-socket "$work/h$i/ctl.sock" \
    --pid-file "$work/h$i/master.pid" --log-file "$work/h$i/master.log" >/dev/null
}

start_haproxy() {
  local plain=()
  [[ $proxy_protocol == yes ]] || plain=(ECHO_PLAIN=1)
  env "${plain[@]}" ECHO_HOST_1="$(host_addr 1)" ECHO_HOST_2="$(host_addr 2)" ECHO_HOST_3="$(host_addr 3)" \
    LB_BIND="127.0.0.1:$LB_PORT" LB_ADMIN_SOCKET="$work/haproxy.sock" \
    haproxy -f "$config" > "$work/haproxy.log" 2>&1 &
  haproxy_pid=$!
}

# server_states: "UP UP DOWN", host1..host3, from HAProxy's runtime API (column 6 of
# `show servers state` is 2 for a running server).
server_states() {
  python3 - "$work/haproxy.sock" <<'PY' 2>/dev/null || echo "? ? ?"
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(5); s.connect(sys.argv[1])
s.sendall(b"show servers state echo_hosts\n")
text = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    text += chunk
state = {}
for line in text.decode().splitlines():
    f = line.split()
    if len(f) > 5 and f[1] == "echo_hosts":
        state[f[3]] = "UP" if f[5] == "2" else "DOWN"
print(" ".join(state.get("host%d" % i, "?") for i in (1, 2, 3)))
PY
}
host_state() { local states; read -ra states < <(server_states); echo "${states[$1 - 1]}"; }

# haproxy_figures FROM [VICTIM]: from HAProxy's log from line FROM on, "down nohost retried aborted
# aborted_elsewhere": hosts marked DOWN; sessions that found no host (termination state SC);
# sessions a host refused and another took (the retries field of the tcplog line, e.g. +1); sessions
# a host cut (termination state S., server side) on host VICTIM, and on any other host.
haproxy_figures() {
  tail -n +"$1" "$work/haproxy.log" | awk -v victim="echo_hosts/host${2:-0}" '
    /Server echo_hosts\/host[0-9]+ is DOWN/ && !/^\[/ { down++ }
    $3 == "echo" && $4 ~ /^echo_hosts\// {
      split($8, c, "/"); if (c[5] + 0 > 0) retried++
      if ($7 == "SC") nohost++
      else if ($7 ~ /^S/) { if ($4 == victim) aborted++; else elsewhere++ }
    }
    END { printf "%d %d %d %d %d\n", down, nohost, retried, aborted, elsewhere }'
}
# open_at FROM HOST EPOCH BEFORE: sessions HAProxy's log (from line FROM on) has on HOST that were
# still open at EPOCH and began before BEFORE (seconds since the epoch, with fraction): each line is a
# finished session, whose accept time and total duration (Tt, ms) give its end. The killed host's
# own sessions are those that ended after its kill and began before its restart.
open_at() {
  tail -n +"$1" "$work/haproxy.log" | python3 -c '
import sys
from datetime import datetime, timedelta
server, at, before = "echo_hosts/host" + sys.argv[1], datetime.fromtimestamp(float(sys.argv[2])), datetime.fromtimestamp(float(sys.argv[3]))
count = 0
for line in sys.stdin:
    f = line.split()
    if len(f) > 6 and f[2] == "echo" and f[3] == server and f[6] != "SC":  # SC: never reached it
        start = datetime.strptime(f[1].strip("[]"), "%d/%b/%Y:%H:%M:%S.%f")
        if start < before and start + timedelta(milliseconds=int(f[4].split("/")[2])) >= at:
            count += 1
print(count)' "$2" "$3" "$4"
}
log_lines() { wc -l < "$work/haproxy.log"; }

# churn_start NAME: the phase's load, until churn_stop (at most 200 s); its report goes to $work/NAME.json.
churn_start() {
  "$bench" churn -p "$LB_PORT" --rate "$RATE" -s 256 -d 200s --until-file "$work/$1.done" --timeout 10s \
    --json > "$work/$1.json" &
  churn_pid=$!
}
# churn_stop NAME: the load was still running (else it hit its bound before the phase ended), and ends now.
churn_stop() {
  local running=yes
  kill -0 "$churn_pid" 2>/dev/null || running=no
  touch "$work/$1.done"
  echo "$running"
}
# churn_report NAME LOG_FROM ALLOWED_BROKEN: prints the phase's figures, true if within bounds:
# the load ran and ended as bounded, 0 failed connects, 0 wrong bytes, 0 other failures, broken at
# most ALLOWED_BROKEN, and HAProxy found a host for every session.
churn_report() {
  local status=0 attempts connect_failed broken wrong other ok down nohost retried
  wait "$churn_pid" || status=$?
  churn_pid=""
  if [[ ! -s "$work/$1.json" ]]; then echo "    load: no report, exit $status"; return 1; fi
  read -r attempts connect_failed broken wrong other ok < <(load_figures "$work/$1.json")
  read -r down nohost retried _ < <(haproxy_figures "$2")
  echo "    load: $attempts connections at ${RATE}/s, exit $status, failed connects $connect_failed," \
       "broken $broken (at most $3), wrong bytes $wrong, other failures $other"
  echo "    haproxy: hosts marked down $down, sessions with no host $nohost, connects retried on another host $retried"
  (( attempts > 0 && connect_failed == 0 && wrong == 0 && other == 0 && broken <= $3 && nohost == 0 )) \
    && [[ $status == 0 || ($status == 1 && $broken -gt 0) ]]
}

phase_reloads() {
  local from i t0 ms times="" failures=0 load_ran=yes before after
  from=$(( $(log_lines) + 1 ))
  churn_start reloads
  sleep "$GAP"
  for i in 1 2 3; do
    t0=$(date +%s%N)
    before=$(status_generation "$i")
    host_ctl "$i" reload >/dev/null || failures=$((failures + 1))
    after=$(status_generation "$i")
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    times+="host$i ${ms} ms (generation $before -> $after), "
    [[ $after == $((before + 1)) ]] || failures=$((failures + 1))
    sleep "$GAP"
  done
  load_ran=$(churn_stop reloads)
  echo "(a) reload each host in turn: ${times}failed $failures; load still running after the last: $load_ran"
  if churn_report reloads "$from" 0 && [[ $failures == 0 && $load_ran == yes ]] \
      && [[ $(haproxy_figures "$from" | cut -d' ' -f1) == 0 ]]; then
    ok "(a) rolling reload through HAProxy: 0 failed connects, 0 broken, 0 wrong bytes, no host marked down"
  else
    bad "(a) rolling reload through HAProxy"
  fi
}

# host_status I EXPR: EXPR over host I's status document d (asked on its control socket).
host_status() {
  (work="$work/h$1"; status_json) | python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$2"
}
status_generation() { host_status "$1" 'd["master"]["generation"]' 2>/dev/null || echo "?"; }
accepted_of() { host_status "$1" 'sum(w["accepted"] for w in d["workers"])' 2>/dev/null || echo 0; }

phase_upgrades() {
  local from i t0 ms old new times="" failures=0 load_ran=yes left=0
  from=$(( $(log_lines) + 1 ))
  churn_start upgrades
  sleep "$GAP"
  for i in 1 2 3; do
    old=$(master_pid_of "$i")
    t0=$(date +%s%N)
    host_ctl "$i" upgrade >/dev/null || failures=$((failures + 1))
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    new=$(master_pid_of "$i")
    [[ "$new" != "$old" ]] || failures=$((failures + 1))
    times+="host$i ${ms} ms (master $old -> $new), "
    sleep "$GAP"
    # its workers drain their last connections (short ones here), then it exits
    await "the old master $old to exit" 25 "! kill -0 $old 2>/dev/null" || left=$((left + 1))
  done
  load_ran=$(churn_stop upgrades)
  echo "(b) live-upgrade each host in turn: ${times}failed $failures; old masters still there 25 s later: $left;" \
       "load still running after the last: $load_ran"
  if churn_report upgrades "$from" 0 && [[ $failures == 0 && $left == 0 && $load_ran == yes ]] \
      && [[ $(haproxy_figures "$from" | cut -d' ' -f1) == 0 ]]; then
    ok "(b) rolling live upgrade through HAProxy: 0 failed connects, 0 broken, 0 wrong bytes, no host marked down"
  else
    bad "(b) rolling live upgrade through HAProxy"
  fi
}

# Established connections on host $1's echo port, in its namespace (accepted or still queued).
held_on() { in_host "$1" ss -Htn state established "( sport = :8090 )" | wc -l; }

# Established connections HAProxy's clients have open to it (in the sandbox's own namespace).
clients_open() { ss -Htn state established "( dport = :$LB_PORT )" | wc -l; }

# Besides the churn, HOLD connections are opened through HAProxy before the kill and held across it:
# those on the killed host break (and count in its "held"), every other one must echo afterwards.
phase_kill() {
  local from victim=2 held pids t0 down_s="never" up_s="never" t1 served=0 load_ran hold_opened
  local hold_echoed hold_status=0 hold_failed_connects hold_broken hold_wrong hold_other cut cut_elsewhere own killed_at restarted_at
  from=$(( $(log_lines) + 1 ))
  churn_start kill
  "$bench" hold -p "$LB_PORT" -c "$HOLD" --hold 200s --until-file "$work/hold.done" --timeout 10s --json \
    > "$work/hold.json" &
  hold_pid=$!
  await "the $HOLD held connections to open" 30 "(( \$(clients_open) >= $HOLD ))" || true
  sleep "$GAP"
  pids=$(master_pid_of $victim; pgrep -P "$(master_pid_of $victim)" || true)
  held=$(held_on $victim)
  # taken before the kill: its sessions end (FIN from the dying kernel sockets) within a millisecond
  killed_at=$(date +%s.%N)
  # shellcheck disable=SC2086
  kill -9 $pids
  t0=$(date +%s%N)
  if await "HAProxy to mark host$victim down" 15 '[[ $(host_state '$victim') == DOWN ]]'; then
    down_s=$(awk -v n=$(( $(date +%s%N) - t0 )) 'BEGIN { printf "%.1f s", n / 1e9 }')
  fi
  rm -f "$work/h$victim/ctl.sock" "$work/h$victim/master.pid"
  restarted_at=$(date +%s.%N)
  start_host $victim
  t1=$(date +%s%N)
  if await "HAProxy to put host$victim back" 20 '[[ $(host_state '$victim') == UP ]]'; then
    up_s=$(awk -v n=$(( $(date +%s%N) - t1 )) 'BEGIN { printf "%.1f s", n / 1e9 }')
  fi
  await "host$victim to serve again" 15 '(( $(accepted_of '$victim') > 0 ))' && served=$(accepted_of $victim)
  sleep "$GAP"
  load_ran=$(churn_stop kill)
  touch "$work/hold.done"
  wait "$hold_pid" || hold_status=$?
  read -r _ hold_failed_connects hold_broken hold_wrong hold_other _ < <(load_figures "$work/hold.json")
  hold_opened=$(json "$work/hold.json" 'd["counts"]["opened"]')
  hold_echoed=$(json "$work/hold.json" 'd["counts"]["echoed_after_hold"]')
  read -r _ _ _ cut cut_elsewhere < <(haproxy_figures "$from" $victim)
  own=$(open_at "$from" $victim "$killed_at" "$restarted_at")
  echo "(c) SIGKILL host$victim (master and workers, $(wc -w <<< "$pids") processes) with $held connections established" \
       "(ss, just before): HAProxy marked it down after $down_s; restarted, back up after $up_s, then served $served" \
       "connections; load still running then: $load_ran"
  echo "    haproxy: sessions on host$victim open at the kill $own (held, or queued until its sockets closed);" \
       "of all sessions, host$victim cut $cut mid-transfer, the other hosts $cut_elsewhere"
  echo "    held through HAProxy: $hold_opened opened, $hold_echoed echoed after the kill, failed connects" \
       "$hold_failed_connects, broken $hold_broken, wrong bytes $hold_wrong, other failures $hold_other (exit $hold_status)"
  # Broken connections, the churn's and the held ones together, are at most the killed host's own.
  if churn_report kill "$from" $((own - hold_broken)) && [[ $down_s != never && $up_s != never && $served -gt 0 \
        && $load_ran == yes ]] \
      && (( hold_opened == HOLD && hold_echoed + hold_broken == HOLD && hold_failed_connects == 0 && hold_wrong == 0 \
            && hold_other == 0 && hold_broken <= own && cut_elsewhere == 0 )); then
    ok "(c) a killed host is taken out and put back: 0 failed connects, broken only its own connections, 0 wrong bytes"
  else
    bad "(c) a killed host is taken out and put back"
  fi
}

# With PROXY protocol, each host logs the client's own address (the sandbox's 127.0.0.1) and the
# balancer's as the hop: "connection from /127.0.0.1:PORT via /10.77.0.1:PORT (PROXY v2 TCP4)".
client_addresses() {
  [[ $proxy_protocol == yes ]] || return 0
  local i counts="" all=yes n
  for i in 1 2 3; do
    n=$(grep -c "connection from /127\.0\.0\.1:[0-9]* via /$BALANCER:[0-9]* (PROXY v2 TCP4)" "$work/h$i/master.log" || true)
    counts+="host$i $n, "
    (( n > 0 )) || all=no
  done
  echo "(d) connections each host logged with the client's address via HAProxy's: ${counts%, }"
  check "(d) every host logs the client's address, not the balancer's (PROXY v2)" '[[ $all == yes ]]'
}

echo "fleet: $($short && echo short || echo full) run; 3 hosts ($(host_addr 1)-3, 2 workers each) behind HAProxy $(haproxy -v | head -1 | cut -d' ' -f3) on 127.0.0.1:$LB_PORT"
make_network
detect_proxy_protocol
echo "  PROXY protocol v2 from HAProxy to the hosts: $proxy_protocol"
for i in 1 2 3; do write_host_config "$i"; done
starters=()
for i in 1 2 3; do start_host "$i" & starters+=($!); done
for pid in "${starters[@]}"; do wait "$pid" || bad "host start (see above)"; done
start_haproxy
if await "HAProxy to see the three hosts up" 30 '[[ $(server_states) == "UP UP UP" ]]'; then
  ok "three hosts up behind HAProxy (echo round trip and GET /ready)"
  phase_reloads
  phase_upgrades
  phase_kill
  client_addresses
else
  bad "three hosts up behind HAProxy: $(server_states)"
  tail -5 "$work/haproxy.log"
fi
echo "fleet: $passed passed, $failed failed"
[[ $failed == 0 ]]
