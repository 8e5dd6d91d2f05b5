#!/usr/bin/env bash
# Re-records worker/src/main/cds/worker.classlist, the class list the worker build dumps its
# class-data-sharing archive from (with JAVA_HOME on JDK 25: worker25.classlist, for the AOT cache).
# A class a worker loads that is not in the list is parsed from the jar at every worker start, so
# re-run this (with both JDKs) after adding worker classes (then rebuild).
#
#   scripts/record-worker-classlist.sh
#
# One worker (CDS off, so every class is listed) serves every protocol; each is driven briefly,
# then reopen and a graceful stop (control messages, drain). No reload: a second worker would
# write the same list file at the same time. Traffic goes to 127.0.0.1 only.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"
work=$(mktemp -d /tmp/tcp-echo-classlist.XXXXXX)
master_pid=""
cleanup() {
  [[ -n "$master_pid" ]] && kill -9 "$master_pid" $(pgrep -P "$master_pid") 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

[[ -f "$here/target/dist/master/master.jar" ]] || (cd "$here" && mvn -q -DskipTests package)
echo_port=$(free_port); udp_port=$(free_port); day_port=$(free_port); dis_port=$(free_port)
gen_port=$(free_port); proxy_port=$(free_port)
ctl=(--control-socket "$work/c.sock")

# -Xshare:off comes after the archive the master may pass, so it wins: every class is loaded, and listed.
TCP_ECHO_WORKER_JAVA_OPTS="-Xshare:off -XX:DumpLoadedClassList=$work/worker.classlist" \
  "$here/bin/tcp-echo-master" start -w 1 -b 127.0.0.1 "${ctl[@]}" --pid-file "$work/m.pid" \
  --log-file "$work/m.log" --idle-timeout 1s --listen "echo:$echo_port" --listen "echo-udp:$udp_port" \
  --listen "daytime:$day_port" --listen "discard:$dis_port" --listen "chargen:$gen_port" \
  --listen "proxy:$proxy_port=127.0.0.1:$echo_port" --dump >"$work/out" 2>&1 &
master_pid=$!
for _ in $(seq 1 100); do "$here/bin/tcp-echo-master" status "${ctl[@]}" >/dev/null 2>&1 && break; sleep 0.2; done

"$here/bin/tcp-echo-bench" churn -p "$echo_port" --rate 200 -d 2s >/dev/null
"$here/bin/tcp-echo-bench" throughput -p "$echo_port" -c 4 -d 2s >/dev/null
"$here/bin/tcp-echo-bench" churn -p "$proxy_port" --rate 100 -d 2s >/dev/null
/usr/bin/python3 - "$udp_port" "$day_port" "$dis_port" "$gen_port" <<'PY'
import socket, sys, time
udp, day, dis, gen = map(int, sys.argv[1:])
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(5)
for size in (1, 1000, 65507):
    u.sendto(b"x" * size, ("127.0.0.1", udp)); u.recvfrom(65536)
with socket.create_connection(("127.0.0.1", day), 5) as s:
    s.recv(100)
with socket.create_connection(("127.0.0.1", dis), 5) as s:
    s.sendall(b"y" * 100000)
with socket.create_connection(("127.0.0.1", gen), 5) as s:
    s.recv(10000)
idle = socket.create_connection(("127.0.0.1", dis), 5)
time.sleep(2.5)  # idle-timeout 1 s and its sweep: the lingering close path
idle.close()
PY
"$here/bin/tcp-echo-master" reopen "${ctl[@]}" >/dev/null
"$here/bin/tcp-echo-master" stop "${ctl[@]}" >/dev/null
wait "$master_pid" || true
master_pid=""

# Each JDK's list is its own (internal class names, lambda lines): on 25 and later worker25.classlist,
# which scripts/dump-worker-cds.sh dumps the AOT cache from.
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jdk=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
list=worker.classlist
((jdk >= 25)) && list=worker25.classlist
cp "$work/worker.classlist" "$here/worker/src/main/cds/$list"
echo "$list: $(grep -vc '^#' "$here/worker/src/main/cds/$list") classes"
