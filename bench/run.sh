#!/usr/bin/env bash
# bench/run.sh: tcp-echo-master against the peer go-echo, alternating, N rounds, medians and ratios,
# and its footprint, start and CLI times against a bare JVM and `java -version` measured in the same
# rounds. Writes bench/results/latest.json and regenerates BENCHMARKS.md (targets, tables, SVG chart).
#
#   bash bench/run.sh --rounds 5   # the table in BENCHMARKS.md: 5 rounds (the default), 10 s per workload
#   bash bench/run.sh --quick      # 1 round, 3 s per workload, 2000 held connections: a smoke run
#   bash bench/run.sh --quick --only footprint   # one part: throughput,latency,churn,hold,affinity,log-warn,footprint
#   bash bench/run.sh --render     # only regenerate BENCHMARKS.md from bench/results/latest.json
#   bash bench/run.sh --rounds 2 --only latency --out /tmp/t.json   # a trial: /tmp/t.json and /tmp/t.json.md, BENCHMARKS.md untouched
#
# Every process it starts is stopped by pid on exit; other tcp-echo processes on the machine are left alone.
set -euo pipefail

home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$home"

if ! command -v python3 >/dev/null; then
  echo "run.sh: installing python3 (Debian) for the driver and the report" >&2
  apt-get install -y python3 >/dev/null
fi

if [[ " $* " == *" --render "* ]]; then
  exec python3 -B bench/report.py bench/results/latest.json BENCHMARKS.md
fi

echo "run.sh: building tcp-echo-master (mvn -q -DskipTests package)" >&2
mvn -q -DskipTests package

if ! command -v go >/dev/null; then
  echo "run.sh: installing golang-go (Debian) for the peer go-echo" >&2
  apt-get install -y golang-go >/dev/null
fi
peer_dir=${GO_ECHO_DIR:-$home/../shared/peers/go-echo}
[[ -d $peer_dir ]] || peer_dir=/work/shared/peers/go-echo
work=$(mktemp -d /tmp/tcp-echo-bench-run.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "run.sh: building go-echo from $peer_dir" >&2
(cd "$peer_dir" && go build -o "$work/go-echo" .)

# The hold workload keeps 10,000 connections open: the client needs 10,000 fds and each of the two
# workers about 5,000. Servers started from here inherit this limit.
want=20000
hard=$(ulimit -Hn)
[[ $hard != unlimited && $hard -lt $want ]] && want=$hard
ulimit -n "$want"
echo "run.sh: raised the open-file limit (ulimit -n) to $(ulimit -n) for the hold workload" >&2

python3 -B bench/driver.py --work "$work" --go-echo "$work/go-echo" --ulimit "$(ulimit -n)" "$@"
# The report is of this run's results: with --out FILE, FILE and a FILE.md beside it, so a trial run
# leaves BENCHMARKS.md and bench/results/ as they are; without it, BENCHMARKS.md.
results=bench/results/latest.json report=BENCHMARKS.md
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in
    --out) results=${args[i + 1]:-$results} report=$results.md ;;
    --out=*) results=${args[i]#--out=} report=$results.md ;;
  esac
done
python3 -B bench/report.py "$results" "$report"
