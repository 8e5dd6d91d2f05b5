#!/usr/bin/env bash
# How close each fault comes to its setting, measured by a real client on 127.0.0.1.
#
#   bash bench/faults.sh [OUT_FILE]      (about 1 minute; needs a build: mvn -DskipTests package)
#
# Starts its own master (1 worker, a free port on 127.0.0.1, its own control socket) and, one fault
# at a time added with `tcp-echo-master fault add` and cleared after, measures: the round trip of
# 100 bytes without a fault, with `latency 100ms jitter 0` and with `latency 100ms jitter 20ms`
# (p50/p99, and what the fault added over the unfaulted p50); the echoed rate under `bandwidth`
# 100 and 1000 KB/s over 5 s; the sizes of the reads under `slicer 100 +/- 20 bytes, 10 ms apart`.
# Prints a table (and writes it to OUT_FILE if given). Stops the master by its pid on exit.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out=${1:-}
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"
master_cli="$here/bin/tcp-echo-master"
probe="$here/bench/faults_probe.py"
work=$(mktemp -d /tmp/tcp-echo-faults.XXXXXX)
port=$(free_port)
master_pid=

cleanup() {
  if [[ -n $master_pid ]] && kill -0 "$master_pid" 2>/dev/null; then
    kill -TERM "$master_pid"
    wait "$master_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$master_cli" start -p "$port" -b 127.0.0.1 -w 1 --control-socket "$work/ctl.sock" \
  --pid-file "$work/m.pid" --log-file "$work/m.log" >"$work/out" 2>&1 &
master_pid=$!
await "the master to answer status" 60 'ctl status >/dev/null 2>&1'

# faults VERB ARGS...: `tcp-echo-master fault VERB` on this master; fault ARGS...: replaces the faults with this one.
faults() { fault_ctl "$@" >/dev/null; }
fault() { faults clear echo; faults add echo "$@"; }
probe() { timeout 60 python3 "$probe" "$1" "$port" "$2"; }

rows=()
row() { rows+=("$(printf '| %s | %s | %s |' "$1" "$2" "$3")"); }

read -r base50 base99 _ _ < <(probe rtt 200)
row "none (round trip of 100 bytes)" "-" "p50 ${base50} ms, p99 ${base99} ms"

for jitter in 0 20; do
  fault latency --latency 100ms --jitter "${jitter}ms"
  read -r p50 p99 min max < <(probe rtt 60)
  added() { python3 -c "print(f'{$1 - $base50:.1f}')"; }
  row "latency 100ms jitter ${jitter}ms (60 round trips)" "100 ms$([[ $jitter == 0 ]] || echo " +/- ${jitter} ms")" \
    "added p50 $(added "$p50") ms, p99 $(added "$p99") ms (min $(added "$min"), max $(added "$max"))"
done

for rate in 100 1000; do
  fault bandwidth --rate "$rate"
  got=$(probe rate 5)
  row "bandwidth rate ${rate} (5 s)" "${rate} KB/s" \
    "${got} KB/s ($(python3 -c "print(f'{100 * $got / $rate:.1f}')")% of the cap)"
done

fault slicer --average-size 100 --size-variation 20 --delay 10ms
sizes=$(probe chunks 10000)
row "slicer 100 +/- 20 bytes, 10ms (10,000 bytes)" "80..120 bytes a read" "$(python3 - "$sizes" <<'PY'
import sys
sizes = [int(s) for s in sys.argv[1].split()]
body = sizes[:-1]  # the last chunk is what is left
inside = sum(1 for s in body if 80 <= s <= 120)
print(f"{len(sizes)} reads, {min(body)}..{max(body)} bytes, median {sorted(body)[len(body) // 2]}, "
      f"{inside} of {len(body)} in range (last {sizes[-1]})")
PY
)"
faults clear echo

table=$(printf '%s\n' "| fault | setting | measured |" "|---|---|---|" "${rows[@]}")
echo "$table"
[[ -z $out ]] || printf '%s\n' "# bash bench/faults.sh, $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg)" "" "$table" >"$out"
