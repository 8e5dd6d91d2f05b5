#!/usr/bin/env bash
# Hostile traffic against a real master serving every protocol (issue 12): UDP floods from many
# source addresses and from loop-prone ports, connect floods from one address and from many,
# slowloris on every TCP protocol, 50 stuck metrics clients, random bytes to every port. Meanwhile a
# well-behaved client (tcp-echo-bench churn, from 127.0.0.1) keeps echoing and checking every byte
# and a Prometheus-style scrape runs every 0.25 s. Attackers send from their own 127.x addresses
# (bench/hostile.py); traffic goes to 127.0.0.1 only; needs root (binding ports 7 and 19).
#
#   bench/hostile.sh            full run (about 2.5 minutes)
#   bench/hostile.sh --short    the CI version (about 100 s)
#
# Per attack it prints what was dropped and why (status counters), the workers' CPU and largest
# RSS, and checks each figure against a bound; it ends with "hostile: N passed, N failed".
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
short=false
[[ "${1:-}" == "--short" ]] && short=true
if $short; then
  LOAD_SECONDS=90; UDP_SOURCES=500; UDP_COUNT=10000; FLOOD=1000; SPRAY=1000; SLOW_SECONDS=4
  HANDSHAKES=200; HEADERS=60; WRITERS=20
else
  LOAD_SECONDS=130; UDP_SOURCES=2000; UDP_COUNT=60000; FLOOD=4000; SPRAY=4000; SLOW_SECONDS=10
  HANDSHAKES=800; HEADERS=200; WRITERS=50
fi
# The session-layer listeners' timeouts (g, h), in seconds: the checks hold the server to these. The
# HOSTILE_* variables change only the config, to show the checks fail on a broken setup (a 60 s
# handshake timeout, 127.0.0.2 trusted); nothing else sets them.
handshake_s=2; header_s=2
HANDSHAKE_TIMEOUT=${HOSTILE_HANDSHAKE_TIMEOUT:-${handshake_s}s}; HEADER_TIMEOUT=${HOSTILE_HEADER_TIMEOUT:-${header_s}s}
PROXY_FROM=${HOSTILE_PROXY_FROM:-'"127.0.0.1"'}
# An attacker's connection is closed by its timeout, give or take a loaded machine's scheduling.
CLOSE_SLACK=2
# wait_for TIMEOUT_S: how long an attack waits for the server's closes: 3 s past the timeout, 10 s at most.
wait_for() { echo $(( $1 + 3 < 10 ? $1 + 3 : 10 )); }
# The plain echo listener's round trip while another port is attacked: its median stays that of an
# idle server; one slow trip on a loaded 2-core machine is allowed, a worker stuck for a timeout is not.
PROBE_P50_MS=50; PROBE_MAX_MS=2000
# Limits the attacks meet; the good client (50 connections/s from 127.0.0.1) stays well inside them.
PER_IP=64; RATE_PER_IP=500; IDLE=3
# The workers' own bounds while attacked: the UDP loop this guards against drove a worker to 88% of
# a core, and an unbounded per-address table would grow the heap past its 32 MiB.
RSS_BOUND_KIB=$((256 * 1024)); CPU_BOUND=100

master_cli="$here/bin/tcp-echo-master"
bench="$here/bin/tcp-echo-bench"
attack="$here/bench/hostile.py"
work=$(mktemp -d /tmp/tcp-echo-hostile.XXXXXX)
master_pid=""
churn_pid=""
scrape_pid=""
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"

cleanup() {
  local pid
  for pid in $churn_pid $scrape_pid; do kill "$pid" 2>/dev/null || true; done
  [[ -n "$master_pid" ]] && { ctl stop --fast >/dev/null 2>&1 || kill -9 "$master_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

if [[ $(id -u) -ne 0 ]]; then
  echo "hostile.sh: needs root, to send datagrams from the loop-prone ports 7 and 19" >&2
  exit 1
fi
if ! command -v promtool >/dev/null 2>&1; then
  echo "hostile.sh: promtool is missing: installing Debian's prometheus (it ships promtool)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
fi

echo_port=$(free_port); upstream_port=$(free_port); udp_port=$(free_port); discard_port=$(free_port)
chargen_port=$(free_port); daytime_port=$(free_port); proxy_port=$(free_port); metrics_port=$(free_port)
tls_port=$(free_port); pp_port=$(free_port); slow_port=$(free_port)
# Certificates made now, in the run's temp dir (removed at exit): no key is ever committed.
bash "$here/scripts/test-certs.sh" "$work/certs" >/dev/null
tcp_ports="$echo_port,$discard_port,$chargen_port,$daytime_port,$proxy_port"
cat > "$work/hostile.toml" <<EOF
bind = "127.0.0.1"
workers = 2
idle-timeout = "${IDLE}s"
max-connections-per-ip = $PER_IP
connect-rate-per-ip = "$RATE_PER_IP/s"
metrics = "127.0.0.1:$metrics_port"
[[listener]]
name = "echo"
port = $echo_port
[[listener]]
name = "udp"
protocol = "echo-udp"
port = $udp_port
[[listener]]
name = "discard"
protocol = "discard"
port = $discard_port
[[listener]]
name = "chargen"
protocol = "chargen"
port = $chargen_port
[[listener]]
name = "daytime"
protocol = "daytime"
port = $daytime_port
[[listener]]
name = "proxy"
protocol = "proxy"
port = $proxy_port
upstream = "127.0.0.1:$upstream_port"
# The proxy's upstream connections all come from 127.0.0.1, as the good client's do: no per-IP
# limit on the listener they go to.
[[listener]]
name = "upstream"
port = $upstream_port
max-connections-per-ip = 0
connect-rate-per-ip = "off"
# (g), (h), (i): the per-IP limits are off on these, so the timeouts and max-unsent are what hold.
[[listener]]
name = "tls"
port = $tls_port
tls-cert = "$work/certs/server.pem"
tls-key = "$work/certs/server.key"
tls-handshake-timeout = "$HANDSHAKE_TIMEOUT"
max-connections-per-ip = 0
connect-rate-per-ip = "off"
[[listener]]
name = "pp"
port = $pp_port
max-connections-per-ip = 0
connect-rate-per-ip = "off"
proxy-protocol = true
proxy-protocol-from = [$PROXY_FROM]
proxy-protocol-timeout = "$HEADER_TIMEOUT"
[[listener]]
name = "slow"
port = $slow_port
max-connections-per-ip = 0
connect-rate-per-ip = "off"
[[listener.fault]]
type = "latency"
latency = "1s"
EOF
"$master_cli" start -d -c "$work/hostile.toml" --control-socket "$work/ctl.sock" --pid-file "$work/master.pid" \
  --log-file "$work/master.log" >/dev/null
master_pid=$(cat "$work/master.pid")
workers_before=$(worker_pids | tr '\n' ' ')

# drops: every listener's drops by reason, as one JSON object, from the metrics (a curl costs far
# less than a status command's JVM; status --json has the same counters).
drops() {
  curl -s -m 2 "http://127.0.0.1:$metrics_port/metrics" | python3 -c '
import json, re, sys
total = {}
for line in sys.stdin:
    m = re.match(r"tcp_echo_listener_dropped_total\{.*reason=\"([^\"]+)\"\} (\d+)", line)
    if m:
        total[m.group(1)] = total.get(m.group(1), 0) + int(m.group(2))
print(json.dumps(total))'
}
# delta BEFORE AFTER: the reasons whose count grew, "reason n, ..." (or "none").
delta() {
  python3 -c '
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
d = {k: v - a.get(k, 0) for k, v in b.items() if v - a.get(k, 0) > 0}
print(", ".join("%s %d" % kv for kv in sorted(d.items())) or "none")' "$1" "$2"
}
count() { python3 -c 'import json,sys; a,b=json.loads(sys.argv[1]),json.loads(sys.argv[2]); print(b.get(sys.argv[3],0)-a.get(sys.argv[3],0))' "$@"; }
# Heartbeats carry the counters once a second: wait until REASON grew by at least N (5 s at most).
await_drops() { # BEFORE REASON N
  local i
  for i in $(seq 1 25); do
    [[ $(count "$1" "$(drops)" "$2") -ge $3 ]] && return 0
    sleep 0.2
  done
}
usage_start() { u0=$(python3 "$attack" workers $(worker_pids)); t0=$(date +%s.%N); d0=$(drops); }
# usage_line: the workers' CPU over the attack (percent of one core, both summed) and largest RSS.
usage_end() {
  local u1 t1
  u1=$(python3 "$attack" workers $(worker_pids)); t1=$(date +%s.%N)
  cpu=$(python3 -c 'import json,sys; a,b=json.loads(sys.argv[1]),json.loads(sys.argv[2]); print(round((b["ticks"]-a["ticks"])/b["clk_tck"]/(float(sys.argv[4])-float(sys.argv[3]))*100))' "$u0" "$u1" "$t0" "$t1")
  rss=$(json <(echo "$u1") 'd["rss_kib"]')
  d1=$(drops)
}
figures() {
  echo "    workers: CPU ${cpu}% (of one core, both), largest RSS $((rss / 1024)) MiB; dropped: $(delta "$d0" "$d1");" \
    "at +$(( $(date +%s) - load_started )) s"
}
# fields JSON NAME=EXPR...: sets each shell variable NAME to EXPR over the object d, in one python run.
fields() {
  eval "$(python3 -c '
import json, shlex, sys
d = json.loads(sys.argv[1])
for a in sys.argv[2:]:
    name, expr = a.split("=", 1)
    print("%s=%s" % (name, shlex.quote(str(eval(expr)))))' "$@")"
}
probe_ok() { [[ $probes -gt 0 && $probe_failed == 0 && $probe_p50 -lt $PROBE_P50_MS && $probe_max -lt $PROBE_MAX_MS ]]; }
within_bounds() { [[ $rss -le $RSS_BOUND_KIB && $cpu -lt $CPU_BOUND ]]; }

load_started=$(date +%s)
"$bench" churn -p "$echo_port" --rate 50 -s 256 -d "${LOAD_SECONDS}s" --timeout 10s --json > "$work/churn.json" &
churn_pid=$!
python3 "$attack" scrape "$metrics_port" "$LOAD_SECONDS" "$work/scrape.txt" > "$work/scrape.json" &
scrape_pid=$!
sleep 1

# (a) UDP flood from many addresses, then datagrams from loop-prone source ports.
usage_start
r=$(python3 "$attack" udp-flood "$udp_port" 127.77 "$UDP_SOURCES" "$UDP_COUNT")
await_drops "$d0" loop-port "$(json <(echo "$r") 'd["loop_sent"]')" || true
usage_end
echo "(a) UDP flood: $(json <(echo "$r") 'd["sent"]') datagrams from $UDP_SOURCES addresses, $(json <(echo "$r") 'd["answered"]') answered," \
  "$(json <(echo "$r") 'd["kernel_dropped"]') dropped by the kernel (receive buffer full);" \
  "$(json <(echo "$r") 'd["loop_sent"]') from ports 7 and 19, $(json <(echo "$r") 'd["loop_answered"]') answered"
figures
check "(a) no more answers than datagrams sent" '[[ $(json <(echo "$r") "d[\"answered\"] <= d[\"sent\"]") == True ]]'
check "(a) no loop-prone datagram answered, each one counted" \
  '[[ $(json <(echo "$r") "d[\"loop_answered\"]") == 0 && $(count "$d0" "$d1" loop-port) -ge $(json <(echo "$r") "d[\"loop_sent\"]") ]]'
check "(a) workers under ${CPU_BOUND}% CPU and $((RSS_BOUND_KIB / 1024)) MiB RSS" within_bounds

# (a2) one datagram spoofed (raw socket) from the listener's own address and port: without the
# own-socket check the worker answers itself forever (230,000-660,000 datagrams/s at 88% CPU, FACTS.md).
# It must cost exactly one drop. The raw-socket sender is the one UdpLoopIT uses.
usage_start
python3 "$here/it/src/test/resources/spoof-udp.py" 127.0.0.1 "$udp_port" 127.0.0.1 "$udp_port" loop
await_drops "$d0" own-socket 1 || true
# A loop would keep the counter growing; two heartbeats more show whether it stays at one.
sleep 2
usage_end
own=$(count "$d0" "$d1" own-socket)
echo "(a2) one self-addressed spoofed datagram: own-socket drops $own"
figures
check "(a2) the self-addressed datagram costs exactly one drop, not a loop" '[[ $own == 1 ]]'
check "(a2) workers under ${CPU_BOUND}% CPU and $((RSS_BOUND_KIB / 1024)) MiB RSS" within_bounds

# (b) connect flood from one address: over connect-rate-per-ip is closed at accept.
usage_start
started=$(date +%s.%N)
r=$(python3 "$attack" connect-flood "$echo_port" 127.0.0.66 1 "$FLOOD")
secs=$(python3 -c "import sys; print(round($(date +%s.%N) - $started, 2))")
closed=$(json <(echo "$r") 'd["closed_at_accept"]'); echoed=$(json <(echo "$r") 'd["echoed"]')
await_drops "$d0" connect-rate-per-ip "$closed" || true
usage_end
# 2 workers, each 250/s with a bucket of 50: at most 100 at once, then 500 a second.
bound=$(python3 -c "import math; print(100 + math.ceil($secs * $RATE_PER_IP))")
echo "(b) connect flood from one address: $FLOOD in ${secs}s, $echoed echoed (bound $bound), $closed closed at accept"
figures
check "(b) the rate holds and every refusal is counted" \
  '[[ $echoed -le $bound && $closed -gt 0 && $(count "$d0" "$d1" connect-rate-per-ip) -eq $closed ]]'
check "(b) workers under ${CPU_BOUND}% CPU and $((RSS_BOUND_KIB / 1024)) MiB RSS" within_bounds

# (c) connect flood from many addresses: each one new, so each within its limits.
usage_start
r=$(python3 "$attack" connect-flood "$echo_port" 127.88 "$SPRAY" "$SPRAY")
usage_end
echo "(c) connect flood from $SPRAY addresses: $(json <(echo "$r") 'd["echoed"]') echoed," \
  "$(json <(echo "$r") 'd["closed_at_accept"]') closed at accept, $(json <(echo "$r") 'd["failed"]') failed"
figures
check "(c) every sprayed address served" '[[ $(json <(echo "$r") "d[\"echoed\"]") == "$SPRAY" ]]'
check "(c) workers under ${CPU_BOUND}% CPU and $((RSS_BOUND_KIB / 1024)) MiB RSS" within_bounds

# (d) slowloris on every TCP protocol: 80 connections each from one address, a byte every 0.5 s.
usage_start
r=$(python3 "$attack" slowloris "echo=$echo_port,discard=$discard_port,chargen=$chargen_port,daytime=$daytime_port,proxy=$proxy_port" \
  127.0.0.77 80 "$SLOW_SECONDS")
await_drops "$d0" max-connections-per-ip 1 || true
usage_end
held=$(json <(echo "$r") 'max(v["open_at_end"] for v in d.values())')
echo "(d) slowloris, 80 connections on each of 5 TCP protocols from one address for ${SLOW_SECONDS}s, open at the end:" \
  "$(json <(echo "$r") '", ".join("%s %d" % (k, v["open_at_end"]) for k, v in d.items())')"
figures
check "(d) one address holds at most $PER_IP connections of a listener" '[[ $held -le $PER_IP ]]'
check "(d) the rest closed at accept and counted" '[[ $(count "$d0" "$d1" max-connections-per-ip) -gt 0 ]]'
check "(d) workers under ${CPU_BOUND}% CPU and $((RSS_BOUND_KIB / 1024)) MiB RSS" within_bounds

# (e) 50 stuck metrics clients: the scrape keeps answering; each stuck one is closed at the 5 s request timeout.
usage_start
r=$(python3 "$attack" stuck-metrics "$metrics_port" 50 7)
usage_end
timeouts=$(curl -s -m 2 "http://127.0.0.1:$metrics_port/metrics" | awk '/^tcp_echo_metrics_http_dropped_total\{reason="timeout"\}/ {print $2}')
echo "(e) 50 stuck metrics clients for 7s: $(json <(echo "$r") 'd["closed_by_server"]') closed by the endpoint" \
  "(request timeout 5s; tcp_echo_metrics_http_dropped_total{reason=\"timeout\"} $timeouts)"
figures
check "(e) every stuck metrics client closed at the timeout" '[[ $(json <(echo "$r") "d[\"closed_by_server\"]") == 50 && ${timeouts:-0} -ge 50 ]]'
check "(e) workers under ${CPU_BOUND}% CPU and $((RSS_BOUND_KIB / 1024)) MiB RSS" within_bounds

# (f) random bytes to every port, the metrics port included.
usage_start
r=$(python3 "$attack" random-bytes "$tcp_ports" "$udp_port" "$metrics_port" 127.0.0.55)
usage_end
echo "(f) random bytes: $(json <(echo "$r") 'd["tcp_connections"]') TCP connections of 4 KiB, $(json <(echo "$r") 'd["datagrams"]')" \
  "datagrams; metrics answered $(json <(echo "$r") '", ".join("%s x%d" % kv for kv in sorted(d["http_answers"].items()))')"
figures
check "(f) the metrics endpoint answers garbage with 4xx/5xx" \
  '[[ $(json <(echo "$r") "all(k.split(\" \")[1][0] in \"45\" for k in d[\"http_answers\"])") == True ]]'
check "(f) workers under ${CPU_BOUND}% CPU and $((RSS_BOUND_KIB / 1024)) MiB RSS" within_bounds

# (g) a TLS listener flooded with handshakes that never finish, from one address: stalled (nothing
# sent), random bytes, plain text and a ClientHello cut in half. Each must be closed by
# tls-handshake-timeout at the latest; meanwhile socat OPENSSL (verifying the test CA) is served and
# the plain echo listener keeps its round trip (hostile_listeners.py probes it every 50 ms).
listeners="$here/bench/hostile_listeners.py"
usage_start
r=$(python3 "$listeners" tls-flood "$tls_port" 127.0.0.44 "$HANDSHAKES" "$(wait_for "$handshake_s")" "$echo_port" "$work/certs/ca.pem")
usage_end
fields "$r" closes='", ".join("%s %d/%d (latest %.2fs)" % (k, v["closed"], v["opened"], v["max_close_s"]) for k, v in d["kinds"].items())' \
  open='d["still_open"]' latest='max(v["max_close_s"] for v in d["kinds"].values())' \
  tls_served='d["tls_client"]["served"]' tls_failed='d["tls_client"]["failed"]' tls_ms='round(d["tls_client"]["max_ms"] or 99999)' \
  probes='d["echo_probe"]["probes"]' probe_failed='d["echo_probe"]["failed"]' \
  probe_p50='round(d["echo_probe"]["p50_ms"] or 99999)' probe_max='round(d["echo_probe"]["max_ms"] or 99999)'
echo "(g) $HANDSHAKES unfinished TLS handshakes (timeout ${handshake_s}s, configured $HANDSHAKE_TIMEOUT) closed by the server: $closes; still open $open"
echo "    socat OPENSSL meanwhile: $tls_served echoed, $tls_failed failed, slowest $tls_ms ms;" \
  "plain echo probe: $probes round trips, p50 $probe_p50 ms, max $probe_max ms, $probe_failed failed"
figures
check "(g) every unfinished handshake closed within the timeout (+${CLOSE_SLACK}s)" \
  '[[ $open == 0 && $(python3 -c "print($latest <= $handshake_s + $CLOSE_SLACK)") == True ]]'
check "(g) socat OPENSSL served meanwhile, each echo within 2 s" '[[ $tls_served -gt 0 && $tls_failed == 0 && $tls_ms -lt 2000 ]]'
check "(g) the plain echo listener not slowed: p50 under $PROBE_P50_MS ms, none over $PROBE_MAX_MS ms" probe_ok
check "(g) workers under ${CPU_BOUND}% CPU and $((RSS_BOUND_KIB / 1024)) MiB RSS" within_bounds

# (h) a PROXY-protocol listener trusting 127.0.0.1: headers sent a byte every 0.3 s (never done within
# proxy-protocol-timeout), v2 headers claiming 65,535 bytes, and valid headers from 127.0.0.2, which
# is not trusted. All closed unserved, each counted under its reason; invalid and timed-out headers
# log one line each, the untrusted are only summed up in the once-a-second line; a good client behind
# the "balancer" is served.
log_lines=$(wc -l < "$work/master.log")
usage_start
r=$(python3 "$listeners" proxy-flood "$pp_port" "$HEADERS" "$(wait_for "$header_s")" "$echo_port" 127.0.0.2)
await_drops "$d0" proxy-protocol-timeout "$HEADERS" || true
await_drops "$d0" proxy-protocol-untrusted "$HEADERS" || true
usage_end
new_log=$(tail -n +"$((log_lines + 1))" "$work/master.log")
pp_lines=$(grep -c "listener 'pp'\| on pp " <<< "$new_log" || true)
untrusted_lines=$(grep '127\.0\.0\.2' <<< "$new_log" | grep -vc 'since the last report' || true)
fields "$r" closes='", ".join("%s %d/%d (latest %.2fs, %d bytes back)" % (k, v["closed"], v["opened"], v["max_close_s"], v["bytes_back"]) for k, v in d["kinds"].items())' \
  open='d["still_open"]' latest='max(v["max_close_s"] for v in d["kinds"].values())' back='sum(v["bytes_back"] for v in d["kinds"].values())' \
  good='d["good_client_served"]' probes='d["echo_probe"]["probes"]' probe_failed='d["echo_probe"]["failed"]' \
  probe_p50='round(d["echo_probe"]["p50_ms"] or 99999)' probe_max='round(d["echo_probe"]["max_ms"] or 99999)'
untrusted=$(count "$d0" "$d1" proxy-protocol-untrusted); invalid=$(count "$d0" "$d1" proxy-protocol-invalid)
timeouts=$(count "$d0" "$d1" proxy-protocol-timeout)
echo "(h) $HEADERS each of slow headers, oversized v2 headers and untrusted peers (timeout ${header_s}s, configured $HEADER_TIMEOUT): $closes;" \
  "still open $open; good client served: $good"
echo "    counted: untrusted $untrusted, invalid $invalid, timeout $timeouts; log: $pp_lines lines about 'pp'," \
  "$untrusted_lines naming 127.0.0.2 outside the summary; plain echo probe p50 $probe_p50 ms, max $probe_max ms"
figures
check "(h) every attacker closed unserved within the timeout (+${CLOSE_SLACK}s)" \
  '[[ $open == 0 && $back == 0 && $(python3 -c "print($latest <= $header_s + $CLOSE_SLACK)") == True ]]'
check "(h) counted: proxy-protocol-untrusted, -invalid and -timeout $HEADERS each" \
  '[[ $untrusted -ge $HEADERS && $invalid -ge $HEADERS && $timeouts -ge $HEADERS ]]'
check "(h) log bounded: untrusted peers only in the summary, at most $((2 * HEADERS + 20)) lines about 'pp'" \
  '[[ $untrusted_lines == 0 && $pp_lines -le $((2 * HEADERS + 20)) ]]'
check "(h) a good client with a valid header served" '[[ $good == True ]]'
check "(h) the plain echo listener not slowed: p50 under $PROBE_P50_MS ms, none over $PROBE_MAX_MS ms" probe_ok
check "(h) workers under ${CPU_BOUND}% CPU and $((RSS_BOUND_KIB / 1024)) MiB RSS" within_bounds

# (i) a listener with a 1 s latency fault, written to as fast as it takes by clients that never read:
# the worker holds at most max-unsent (64 KiB) a connection; the rest waits in the kernel's buffers.
usage_start
rss_before=$(json <(echo "$u0") 'd["rss_kib"]')
r=$(python3 "$listeners" write-flood "$slow_port" 127.0.0.33 "$WRITERS" 3 "$echo_port")
usage_end
fields "$r" total='d["sent_total_kib"]' most='d["sent_max_kib"]' probes='d["echo_probe"]["probes"]' probe_failed='d["echo_probe"]["failed"]' \
  probe_p50='round(d["echo_probe"]["p50_ms"] or 99999)' probe_max='round(d["echo_probe"]["max_ms"] or 99999)'
echo "(i) $WRITERS clients writing to a 1 s latency listener for 3 s, never reading: $total KiB taken (at most $most KiB" \
  "by one, kernel buffers included); largest worker RSS $((rss_before / 1024)) -> $((rss / 1024)) MiB; plain echo probe p50 $probe_p50 ms, max $probe_max ms"
figures
check "(i) largest worker RSS grew by under $((WRITERS * 64 / 1024 + 16)) MiB ($WRITERS x max-unsent + 16)" \
  '[[ $(( rss - rss_before )) -lt $(( (WRITERS * 64 / 1024 + 16) * 1024 )) ]]'
check "(i) the plain echo listener not slowed: p50 under $PROBE_P50_MS ms, none over $PROBE_MAX_MS ms" probe_ok
check "(i) workers under ${CPU_BOUND}% CPU and $((RSS_BOUND_KIB / 1024)) MiB RSS" within_bounds

# The good client and the scraper, over all the attacks.
attacks_took=$(( $(date +%s) - load_started ))
check "the attacks ($attacks_took s) ran while the good client and the scraper did (${LOAD_SECONDS} s)" \
  '[[ $attacks_took -le $LOAD_SECONDS ]]'
wait "$churn_pid" || true; churn_pid=""
wait "$scrape_pid" || true; scrape_pid=""
f="$work/churn.json"
attempts=$(json "$f" 'd["counts"]["attempts"]')
connect_failed=$(json "$f" 'd["failures"]["connect_refused"] + d["failures"]["connect_timeout"]')
broken=$(json "$f" 'd["failures"]["reset"] + d["failures"]["early_eof"] + d["failures"]["read_timeout"] + d["failures"]["io_error"]')
wrong=$(json "$f" 'd["failures"]["wrong_bytes"]')
echo "good client: $attempts connections at 50/s, failed connects $connect_failed, broken $broken, wrong bytes $wrong"
check "good client: 0 failed connects, 0 broken, 0 wrong bytes" '[[ $attempts -gt 0 && $connect_failed == 0 && $broken == 0 && $wrong == 0 ]]'
s="$work/scrape.json"
echo "scrapes: $(json "$s" 'd["scrapes"]') answered, $(json "$s" 'd["failed"]') failed, slowest $(json "$s" 'd["max_ms"]') ms"
check "every scrape answered within 1 s" '[[ $(json "$s" "d[\"failed\"]") == 0 && $(json "$s" "d[\"max_ms\"]") -lt 1000 ]]'
check "promtool check metrics finds nothing wrong" 'promtool check metrics < "$work/scrape.txt" >/dev/null 2>&1'
workers_after=$(worker_pids | tr '\n' ' ')
check "no worker died ($workers_before)" '[[ "$workers_before" == "$workers_after" ]]'

echo "hostile: $passed passed, $failed failed"
[[ $failed == 0 ]]
