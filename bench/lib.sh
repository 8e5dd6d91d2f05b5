# Helpers shared by the bench scripts (chaos, soak, faults, fleet, tls, worker-footprint; sourced, not run). The caller sets
# $master_cli, $work (its private temp dir, holding ctl.sock) and $master_pid.

passed=0
failed=0

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# json FILE EXPR: evaluates EXPR over the JSON object d read from FILE (tcp-echo-bench --json reports).
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }
ok() { echo "PASS $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }
# check NAME CONDITION: ok or bad as the bash CONDITION holds.
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
ctl() { "$master_cli" "$1" --control-socket "$work/ctl.sock" "${@:2}"; }
# fault_ctl VERB ARGS...: `fault VERB` on this master (the socket option belongs to VERB, not to fault).
fault_ctl() { "$master_cli" fault "$1" --control-socket "$work/ctl.sock" "${@:2}"; }
worker_pids() { pgrep -P "$master_pid" | sort -n || true; }
# status_json: the master's status object, asked on the control socket directly (a CLI run is a JVM
# start, too slow and heavy to sample every few seconds on a loaded machine).
status_json() {
  python3 - "$work/ctl.sock" <<'PY'
import socket, sys, urllib.parse
s = socket.socket(socket.AF_UNIX); s.settimeout(10); s.connect(sys.argv[1]); s.sendall(b"STATUS\n")
line = b""
while not line.endswith(b"\n"):
    chunk = s.recv(65536)
    if not chunk:
        sys.exit("status: the master closed the connection without a reply")
    line += chunk
verb, _, rest = line.decode().strip().partition(" ")
fields = dict(f.split("=", 1) for f in rest.split(" ") if "=" in f)
if verb != "OK":
    sys.exit("status: " + line.decode().strip())
print(urllib.parse.unquote_plus(fields["status"]))
PY
}
# status_workers: "pid generation state accepted" per worker, from status_json.
status_workers() {
  status_json | python3 -c 'import json,sys
for w in json.load(sys.stdin)["workers"]: print(w["pid"], w["generation"], w["state"], w["accepted"])'
}
# held_by PID: established TCP connections that process PID has open to 127.0.0.1:$port.
held_by() { ss -Htnp state established "( dst 127.0.0.1:$port )" | grep -c "pid=$1," || true; }
# await DESCRIPTION SECONDS CONDITION: polls the bash CONDITION every 0.1 s; false with a line naming
# what was awaited if it does not hold within SECONDS.
await() {
  local deadline=$((SECONDS + $2))
  until eval "$3"; do
    if (( SECONDS >= deadline )); then echo "  gave up after $2 s waiting for $1"; return 1; fi
    sleep 0.1
  done
}
rss_kib() { awk '/^VmRSS/ {print $2}' /proc/"$1"/status 2>/dev/null || echo 0; }
# load_figures FILE: "attempts failed_connects broken wrong_bytes other_failures ok" from a bench --json
# report; broken = established connections that failed (reset, early EOF, read timeout, I/O error).
load_figures() {
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); f = d["failures"]; c = d["counts"]
connect = f["connect_refused"] + f["connect_timeout"]
broken = f["reset"] + f["early_eof"] + f["read_timeout"] + f["io_error"]
other = sum(f.values()) - connect - broken - f["wrong_bytes"]
print(next(c[k] for k in ("attempts", "attempted", "messages") if k in c), connect, broken, f["wrong_bytes"], other, "yes" if d["ok"] else "no")
PY
}
