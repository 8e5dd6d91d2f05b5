#!/usr/bin/env bash
# The master as PID 1, as in a container (no Docker engine here): bin/tcp-echo-master start runs in
# a new PID namespace (unshare --pid --fork --mount-proc), where it is PID 1. Checks that it serves,
# reaps a process re-parented to it (what `docker exec sh -c 'sleep 1 &'` leaves behind), respawns
# a killed worker, and stops gracefully on TERM with exit 0 within docker-compose.yml's
# stop_grace_period. Needs root, or unprivileged user namespaces. Ends with "pid1: N passed, N failed".
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
bin=$root/bin/tcp-echo-master
work=$(mktemp -d /tmp/tcp-echo-pid1.XXXXXX)
checks_suite=pid1
# shellcheck source=scripts/checks.sh
source "$root/scripts/checks.sh"
ns_pid=""
master=""

cleanup() {
  # Only ours: the unshare we started (the namespace dies with its PID 1, taking every worker along).
  if [[ -n "$master" && $(cat "/proc/$master/comm" 2>/dev/null) == 'tcp-echo[mastr]' ]]; then
    kill -9 "$master" 2>/dev/null || true
  fi
  [[ -n "$ns_pid" ]] && kill -9 "$ns_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

show_log() { echo "  --- $work/m.log"; tail -n 30 "$work/m.log" 2>/dev/null | sed 's/^/  | /'; tail -n 10 "$work/out" | sed 's/^/  | /'; }

if [[ ! -f "$root/target/dist/master/master.jar" ]]; then
  (cd "$root" && mvn -B -q -DskipTests package)
fi
unshare_cmd=(unshare --pid --fork --mount-proc)
[[ $(id -u) -eq 0 ]] || unshare_cmd=(unshare --user --map-root-user --pid --fork --mount-proc)
if ! "${unshare_cmd[@]}" true 2>"$work/unshare.err"; then
  fail "cannot make a PID namespace with ${unshare_cmd[*]}: $(cat "$work/unshare.err")"
  finish
fi

grace=$(sed -n 's/^[[:space:]]*stop_grace_period:[[:space:]]*\([0-9]*\)s.*/\1/p' "$root/docker-compose.yml")
grace=${grace:-10}
port=$(free_port)
echo "pid1: ${unshare_cmd[*]} tcp-echo-master start -p $port -w 2 (shutdown-timeout 10s, compose grace ${grace}s)"
"${unshare_cmd[@]}" "$bin" start -p "$port" -b 127.0.0.1 -w 2 --control-socket "$work/c.sock" \
  --pid-file "$work/m.pid" --log-file "$work/m.log" </dev/null >"$work/out" 2>&1 &
ns_pid=$!

find_master() { master=$(pgrep -P "$ns_pid" | head -n1); [[ -n "$master" && $(cat "/proc/$master/comm" 2>/dev/null) == 'tcp-echo[mastr]' ]]; }
if ! eventually 20 find_master; then fail "no tcp-echo[mastr] under unshare $ns_pid"; show_log; finish; fi
ns_view=$(awk '/^NSpid:/ {print $NF}' "/proc/$master/status")
if [[ "$ns_view" == 1 ]]; then pass "master (host pid $master) is PID 1 in its namespace"; else fail "master is pid '$ns_view' in its namespace"; finish; fi

serving() { [[ "$(printf 'hello\n' | timeout 5 nc -q1 127.0.0.1 "$port" 2>/dev/null)" == hello ]]; }
if eventually 30 serving; then pass "echo on port $port"; else fail "no echo on port $port"; show_log; finish; fi

# An orphan: sh starts sleep in the namespace and exits, so the kernel re-parents sleep to PID 1.
nsenter --target "$master" --pid -- sh -c 'sleep 1 & exit 0'
orphan=""
adopted() { orphan=$(pgrep -P "$master" -x sleep | head -n1); [[ -n "$orphan" ]]; }
if eventually 5 adopted; then
  pass "sleep (host pid $orphan) was re-parented to the master"
  reaped() { [[ ! -e "/proc/$orphan" ]]; }
  if eventually 10 reaped; then
    pass "the master reaped it when it exited (no zombie)"
  else
    fail "pid $orphan is still there, state $(awk '{print $3}' "/proc/$orphan/stat" 2>/dev/null)"
  fi
  grep -q "reaped pid .*re-parented to the master as PID 1" "$work/m.log" && pass "the log names the reaped pid" || fail "no 'reaped pid' line in the log"
else
  fail "no sleep re-parented to master $master"
fi

victim=$(pgrep -P "$master" -f 'tcp-echo\[wrk1\]' | head -n1 || true)
if [[ -n "$victim" ]]; then
  kill -9 "$victim"
  respawned() { local w; w=$(pgrep -P "$master" -f 'tcp-echo\[wrk1\]' | head -n1 || true); [[ -n "$w" && "$w" != "$victim" ]]; }
  if eventually 15 respawned && eventually 15 serving; then pass "a SIGKILLed worker is reaped and respawned"; else fail "worker[1] not respawned"; show_log; fi
else
  fail "no worker[1] under master $master"
fi

start=$SECONDS
kill -TERM "$master"
gone() { ! kill -0 "$ns_pid" 2>/dev/null; }
if eventually "$grace" gone; then
  rc=0
  wait "$ns_pid" || rc=$?
  if [[ $rc -eq 0 ]]; then pass "TERM: graceful stop, exit 0 in $((SECONDS - start)) s (< ${grace} s)"; else fail "TERM: exit code $rc"; show_log; fi
  ns_pid=""
else
  fail "still running ${grace} s after TERM"
  show_log
fi
finish
