#!/usr/bin/env bash
# Records the master's class-data-sharing archive for one JDK into dist/master/master-<JDK>.jsa,
# named as scripts/dump-cli-cds.sh names the CLI's. bin/tcp-echo-master maps it in both JVMs that
# `start` runs (start -d's and the master's): their options and class path are one list, in the
# launcher, so the dump runs through the launcher and the archive fits them by construction.
#
#   scripts/dump-master-cds.sh JAVA DIST   e.g. scripts/dump-master-cds.sh /opt/java/bin/java /opt/tcp-echo-master/dist
#
# Run it with the java the master will run and where dist will stay. An archive that does not fit
# (another JVM build with the same version, jars rebuilt since) is dropped by the JVM, silently:
# the master only starts slower.
set -euo pipefail
fail() { echo "dump-master-cds: $*" >&2; exit 1; }

(($# == 2)) || { echo "usage: $0 JAVA DIST" >&2; exit 2; }
java=$1 dist=$2
[[ -x "$java" ]] || fail "$java is not an executable java"
[[ -f "$dist/master/master.classlist" ]] || fail "$dist/master/master.classlist is missing: build first (mvn -q -DskipTests package)"
dist=$(cd "$dist" && pwd)
launcher=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../bin/tcp-echo-master
home=$(dirname "$(dirname "$(readlink -f "$java")")")
version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$home/release" 2>/dev/null)
[[ -n "$version" ]] || version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release" 2>/dev/null)
[[ -n "$version" ]] || fail "$home/release names no JAVA_RUNTIME_VERSION or JAVA_VERSION: the launcher could not find an archive"
archive=$dist/master/master-$(printf %s "$version" | tr -c 'A-Za-z0-9._+-' _).jsa

log=$(mktemp /tmp/dump-master-cds.XXXXXX)
partial=$archive.partial
trap 'rm -f "$log" "$partial"' EXIT
rm -f "$archive"
# These options come after the launcher's own, so they win. With -Xshare:dump the JVM dumps and exits
# without running the master. Warnings about classes it cannot archive (picocli's, compiled for
# Java 5) are harmless and stay in the log.
if ! JAVA_HOME=$home TCP_ECHO_DIST=$dist TCP_ECHO_JAVA_OPTS="-Xlog:cds=warning -Xshare:dump \
     -XX:SharedClassListFile=$dist/master/master.classlist -XX:SharedArchiveFile=$partial" \
     "$launcher" start >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  fail "$java -Xshare:dump failed (above)"
fi
# -Xshare:on makes any misfit an error instead of a silent fallback. `start --help`, not -version: a
# JVM that runs no class checks a shorter class path (cli.jar's manifest adds to it) and refuses it.
if ! JAVA_HOME=$home TCP_ECHO_DIST=$dist TCP_ECHO_JAVA_OPTS="-Xlog:cds=warning -Xshare:on -XX:SharedArchiveFile=$partial" \
     "$launcher" start --help >"$log" 2>&1 || grep -q '\[\(error\|warning\) *\]' "$log"; then
  cat "$log" >&2
  fail "the archive dumped by $java does not load with the master's options (above)"
fi
mv -f "$partial" "$archive"
echo "dump-master-cds: $archive ($(( $(stat -c %s "$archive") / 1024 / 1024 )) MB, $version)"
