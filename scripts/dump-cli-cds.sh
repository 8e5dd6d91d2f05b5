#!/usr/bin/env bash
# Records the CLI's class-data-sharing archive for one JDK, with exactly the options and class path
# bin/tcp-echo-master runs a client command with (dist/master/cli.options, dist/master/cli.jar), into
# dist/master/cli-<JDK>.jsa. <JDK> is the runtime's version from its `release` file, which the
# launcher reads without starting a JVM; a JDK without that file runs the CLI without an archive.
#
#   scripts/dump-cli-cds.sh JAVA DIST      e.g. scripts/dump-cli-cds.sh /opt/java/bin/java /opt/tcp-echo-master/dist
#
# As for the workers' archive (scripts/dump-worker-cds.sh): run it with the java the CLI will run and
# where dist will stay. An archive that does not fit (another JVM build with the same version, jars
# rebuilt since) is dropped by the JVM, silently under cli.options: the CLI is only slower.
set -euo pipefail
fail() { echo "dump-cli-cds: $*" >&2; exit 1; }

(($# == 2)) || { echo "usage: $0 JAVA DIST" >&2; exit 2; }
java=$1 master=$2/master
[[ -x "$java" ]] || fail "$java is not an executable java"
for file in cli.options cli.classlist cli.jar master.jar; do
  [[ -f "$master/$file" ]] || fail "$master/$file is missing: build first (mvn -q -DskipTests package)"
done
master=$(cd "$master" && pwd)
home=$(dirname "$(dirname "$(readlink -f "$java")")")
# bin/tcp-echo-master computes the same name (cli_archive there).
version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$home/release" 2>/dev/null)
[[ -n "$version" ]] || version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release" 2>/dev/null)
[[ -n "$version" ]] || fail "$home/release names no JAVA_RUNTIME_VERSION or JAVA_VERSION: the launcher could not find an archive"
archive=$master/cli-$(printf %s "$version" | tr -c 'A-Za-z0-9._+-' _).jsa

log=$(mktemp /tmp/dump-cli-cds.XXXXXX)
partial=$archive.partial
trap 'rm -f "$log" "$partial"' EXIT
# -Xshare:dump and the cds log come after the options file, so they win over its -Xlog:cds*=off.
# The dump warns about classes in the list that this JDK lacks or cannot archive (picocli's, compiled
# for Java 5, are linked by the old verifier and skipped): harmless, kept in the log.
if ! "$java" @"$master/cli.options" -Xlog:cds=warning -Xshare:dump -XX:SharedClassListFile="$master/cli.classlist" \
     -XX:SharedArchiveFile="$partial" -cp "$master/cli.jar" >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  fail "$java -Xshare:dump failed (above)"
fi
# -Xshare:on makes any misfit an error instead of a silent fallback: the CLI on this JDK maps the
# archive, or the build says why not.
if ! "$java" @"$master/cli.options" -Xlog:cds=warning -Xshare:on -XX:SharedArchiveFile="$partial" -cp "$master/cli.jar" \
     -version >"$log" 2>&1 || grep -q '\[\(error\|warning\) *\]' "$log"; then
  cat "$log" >&2
  fail "the archive dumped by $java does not load with the CLI's options (above)"
fi
mv -f "$partial" "$archive"
echo "dump-cli-cds: $archive ($(( $(stat -c %s "$archive") / 1024 / 1024 )) MB, $version)"
