# Helpers shared by bench/chaos.sh and bench/soak.sh (sourced, not run). The caller sets
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
worker_pids() { pgrep -P "$master_pid" | sort -n || true; }
