#!/usr/bin/env bash
# Records the workers' class-data-sharing archive for one JDK, with exactly the options the workers
# run with (dist/worker/jvm.options), into dist/worker/worker-<java.vm.version>.jsa; on JDK 25 and
# later an AOT cache with jvm25.options too, worker-<java.vm.version>.aot. A master on that JDK maps
# it into every worker; on a JDK with no archive of its own it starts workers without one.
#
#   scripts/dump-worker-cds.sh JAVA DIST      e.g. scripts/dump-worker-cds.sh /opt/java/bin/java /opt/tcp-echo-master/dist
#
# Run it with the java the master will run (the build does, for the JDK that built it; an image does
# after jlink, for its own runtime) and where dist will stay: the archive holds the jars' absolute
# paths, sizes and times, and the JVM refuses it after any of them change, or for other module options
# (JDK 25: "[error][cds] Mismatched values for property jdk.module.addopens") or another JDK build.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 JAVA DIST" >&2
  exit 2
fi
java=$1
fail() { echo "dump-worker-cds: $*" >&2; exit 1; }
[[ -x "$java" ]] || fail "$java is not an executable java"
worker=$(cd "$2/worker" 2>/dev/null && pwd) || fail "$2/worker: no such directory: build first (mvn -q -DskipTests package)"
for file in jvm.options worker.classlist common.jar worker.jar; do
  [[ -f "$worker/$file" ]] || fail "$worker/$file is missing: build first (mvn -q -DskipTests package)"
done

classlist=$worker/worker.classlist
settings=$("$java" -XshowSettings:properties -version 2>&1)
version=$(sed -n 's/^ *java\.vm\.version = //p' <<<"$settings")
feature=$(sed -n 's/^ *java\.specification\.version = //p' <<<"$settings")
[[ -n "$version" && -n "$feature" ]] || fail "$java did not report its java.vm.version and java.specification.version"
# The class path exactly as the master passes it: the archive accepts only that one.
classpath=$worker/common.jar:$worker/worker.jar
# The master computes the same name and options from its own JVM (WorkerCommand.archiveFileName,
# archiveOption; WorkerJvmOptions.read). From JDK 25 on, an AOT cache (JEP 483): the same classes,
# also linked at dump time, with the options of jvm25.options.
name=worker-$(printf %s "$version" | tr -c 'A-Za-z0-9._+-' _)
options=(@"$worker/jvm.options")
if ((feature >= 25)); then
  [[ -f "$worker/jvm25.options" ]] || fail "$worker/jvm25.options is missing: build first (mvn -q -DskipTests package)"
  options+=(@"$worker/jvm25.options")
  # The list recorded on 25 where there is one: 17's names internal classes 25 lacks, and its
  # lambda lines do not match 25's, so a cache dumped from it leaves ~100 classes to load at start.
  [[ -f "$worker/worker25.classlist" ]] && classlist=$worker/worker25.classlist
  archive=$worker/$name.aot
  dump=(-XX:+AOTClassLinking)
  use=(-XX:AOTMode=on -XX:AOTCache)
else
  archive=$worker/$name.jsa
  dump=()
  use=(-Xshare:on -XX:SharedArchiveFile)
fi

log=$(mktemp /tmp/dump-worker-cds.XXXXXX)
partial=$archive.partial
trap 'rm -f "$log" "$partial"' EXIT
# -Xshare:dump comes after the options file, so it wins over any -Xshare there. The dump warns
# about classes in the list that this JDK lacks or cannot archive: harmless, kept in the log.
if ! "$java" "${options[@]}" -Xshare:dump "${dump[@]}" -XX:SharedClassListFile="$classlist" \
     -XX:SharedArchiveFile="$partial" -cp "$classpath" >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  fail "$java -Xshare:dump failed (above)"
fi
# -Xshare:on (AOTMode=on) makes any misfit an error instead of a silent fallback: a worker on this
# JDK with these options maps the archive, or the build says why not.
if ! "$java" "${options[@]}" "${use[0]}" "${use[1]}=$partial" -cp "$classpath" -version >"$log" 2>&1 \
   || grep -q '\[\(error\|warning\) *\]' "$log"; then
  cat "$log" >&2
  fail "the archive dumped by $java does not load with the workers' options (above)"
fi
mv -f "$partial" "$archive"
# The single archive of earlier builds, dumped without the workers' module options.
rm -f "$worker/worker.jsa"
echo "dump-worker-cds: $archive ($(( $(stat -c %s "$archive") / 1024 / 1024 )) MB, java.vm.version $version)"
