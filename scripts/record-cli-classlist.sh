#!/usr/bin/env bash
# Re-records master/src/main/cds/cli.classlist and master.classlist, the class lists the build dumps
# the CLI's and the master's class-data-sharing archives from (scripts/dump-cli-cds.sh,
# scripts/dump-master-cds.sh). A class missing from a list is parsed from its jar at every run, so
# re-run this after changing the CLI or what the master loads at start (then rebuild).
#
#   scripts/record-cli-classlist.sh
#
# Starts a foreground master on a free port (127.0.0.1 only) with CDS off and its loaded classes
# listed, until its worker serves and it has answered status; runs each client command against it
# the same way, and merges their lists (each class once, in first-seen order; a @lambda-proxy line
# as many times as one command's list has it: see below). start -d's own JVM loads a few classes
# beside the master's (it spawns with ProcessBuilder): they stay out, as listing both of its JVMs
# into one file would mix their lines.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"
[[ -f "$here/target/dist/master/cli.jar" ]] || (cd "$here" && mvn -q -DskipTests package)
work=$(mktemp -d /tmp/tcp-echo-cli-classlist.XXXXXX)
target=(--control-socket "$work/c.sock")
# The pid file names the master to kill if this script fails.
trap '[[ -f "$work/m.pid" ]] && kill -9 "$(cat "$work/m.pid")" 2>/dev/null; rm -rf "$work"' EXIT
port=$(free_port)
# -Xshare:off comes after the archive the launcher may pass, so it wins: every class is listed.
TCP_ECHO_JAVA_OPTS="-Xshare:off -XX:DumpLoadedClassList=$work/master.classlist" \
  "$here/bin/tcp-echo-master" start -w 1 -b 127.0.0.1 -p "$port" "${target[@]}" --pid-file "$work/m.pid" \
  --log-file "$work/m.log" >/dev/null 2>&1 &
master=$!
for _ in $(seq 100); do
  "$here/bin/tcp-echo-master" status "${target[@]}" 2>/dev/null | grep -q ' ready ' && break
  sleep 0.1
done
"$here/bin/tcp-echo-master" status "${target[@]}" | grep -q ' ready ' || { cat "$work/m.log" >&2; exit 1; }

n=0
client() {
  n=$((n + 1))
  TCP_ECHO_JAVA_OPTS="-Xshare:off -XX:DumpLoadedClassList=$work/$n.classlist" \
    "$here/bin/tcp-echo-master" "$@" >/dev/null 2>&1 || true
}
client status --json "${target[@]}"
client status "${target[@]}"
client status -p "$port"
client check -p "$port"
client fault list "${target[@]}"
client reopen "${target[@]}"
client reload "${target[@]}"
client status --bogus
client stop "${target[@]}"

out=$here/master/src/main/cds/cli.classlist
{
  sed -n '/^#/p' "$work/1.classlist"
  # The JVM lists one @lambda-proxy line per call site, and the archive holds one proxy per line:
  # call sites alike (the same method reference twice in a class) give identical lines, and with
  # only one of them kept the others were spun at run time (5 in StandardRows, 2 in the JDK's FindOps).
  # So a line is kept as often as the command that has it most.
  for list in $(seq -f "$work/%g.classlist" 1 "$n"); do grep -v '^#' "$list"; echo '#end'; done |
    awk '$0 == "#end" { delete here; next } { if (++here[$0] > kept[$0]) { kept[$0]++; print } }'
} >"$out"
echo "cli.classlist: $(grep -vc '^#' "$out") lines from $n commands"
wait "$master" || true
cp "$work/master.classlist" "$here/master/src/main/cds/master.classlist"
echo "master.classlist: $(grep -vc '^#' "$here/master/src/main/cds/master.classlist") lines"
