#!/usr/bin/env bash
# Re-records master/src/main/cds/cli.classlist, the class list the build dumps the CLI's
# class-data-sharing archive from (scripts/dump-cli-cds.sh). A class a client command loads that is
# not in the list is parsed from its jar at every run, so re-run this after changing the CLI (then
# rebuild).
#
#   scripts/record-cli-classlist.sh
#
# Starts a master on a free port (127.0.0.1 only), runs each client command against it with CDS off
# and its loaded classes listed, and merges the lists (each class once, in first-seen order; a
# @lambda-proxy line as many times as one command's list has it: see below).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"
[[ -f "$here/target/dist/master/cli.jar" ]] || (cd "$here" && mvn -q -DskipTests package)
work=$(mktemp -d /tmp/tcp-echo-cli-classlist.XXXXXX)
target=(--control-socket "$work/c.sock")
# start -d returns once the worker serves; the pid file names the master to kill if this script fails.
trap '[[ -f "$work/m.pid" ]] && kill -9 "$(cat "$work/m.pid")" 2>/dev/null; rm -rf "$work"' EXIT
port=$(free_port)
"$here/bin/tcp-echo-master" start -d -w 1 -b 127.0.0.1 -p "$port" "${target[@]}" --pid-file "$work/m.pid" \
  --log-file "$work/m.log" >/dev/null

n=0
client() {
  n=$((n + 1))
  # -Xshare:off comes after the archive the launcher may pass, so it wins: every class is listed.
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
