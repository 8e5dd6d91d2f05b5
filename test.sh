#!/usr/bin/env bash
# The project's test command (README, CI): every Maven test (unit *Test, integration *IT, in every
# module of the reactor), then the scenario scripts (e2e, pid1, the container image, chaos --short,
# soak --short, hostile --short, fleet --short). Ends with the unit, integration and scenario counts,
# then the one line CI reads: "total: N passed, N failed, N skipped"; exits non-zero if anything failed.
#   TEST_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./test.sh   runs both with another JDK.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"

# Installs Debian packages only for commands that are missing, so a prepared machine needs no network.
need() {
  local cmd=$1 pkg=$2
  command -v "$cmd" >/dev/null 2>&1 && return 0
  echo "test.sh: '$cmd' is missing: installing $pkg"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "test.sh: not root and no sudo: install $pkg" >&2; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$pkg" >/dev/null
}
need nc netcat-openbsd
need pgrep procps
need ps procps
# LogRotateIT runs the real logrotate; it lives in /usr/sbin, often not in a non-root PATH.
[[ -x /usr/sbin/logrotate ]] || need logrotate logrotate
# CliDocsIT renders the committed man pages; CliDocsTest loads the completion script in zsh.
need man man-db
need zsh zsh
# The bench scripts and ControlPeerIT (which runs it as user nobody) use Debian's own python3.
need /usr/bin/python3 python3

# StartRefusalsIT starts masters through systemd's socket activator (systemd need not be running).
need systemd-socket-activate systemd
# RedisProxyIT runs redis-cli through the proxy against a real redis-server.
need redis-server redis-server
need redis-cli redis-tools

# bench/hostile.sh checks a scrape with promtool, which Debian ships only in its prometheus package.
need promtool prometheus
need curl curl
# TlsIT: the TLS clients and scanner users run; scripts/test-certs.sh makes its certificates with openssl.
need openssl openssl
need socat socat
need sslscan sslscan
# bench/fleet.sh puts a real HAProxy in front of three hosts, each a network namespace (ip, ss);
# HaproxyIT validates and runs deploy/haproxy/haproxy.cfg with it; ProxyProtocolHaproxyIT puts it in
# front of (and behind) proxy-protocol listeners.
need haproxy haproxy
need ip iproute2
need ss iproute2

if [[ -n "${TEST_JAVA_HOME:-}" ]]; then
  export JAVA_HOME=$TEST_JAVA_HOME
  export PATH=$JAVA_HOME/bin:$PATH
fi

log=$(mktemp /tmp/tcp-echo-test.XXXXXX)
scenarios=$(mktemp /tmp/tcp-echo-scenarios.XXXXXX)
trap 'rm -f "$log" "$scenarios"' EXIT
status=0

# Not -q: Surefire/Failsafe print their "Tests run: ..." summaries at INFO level, and CI reads them.
# style.color and the sed: Debian's Maven 3.8 writes ANSI codes even in batch mode.
mvn -B -ntp -Dstyle.color=never verify 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g' | tee "$log" || status=1

# scenario NAME COMMAND...: runs a scenario script, which ends with "NAME: N passed, N failed"; one
# that exits without that line (it died half-way) counts as one failed check. The scripts go on
# after a failed one, so the closing line always comes.
scenario() {
  local name=$1 rc=0
  shift
  "$@" 2>&1 | tee "$scenarios.one" || rc=$?
  cat "$scenarios.one" >> "$scenarios"
  if ! grep -qE "^$name: [0-9]+ passed, [0-9]+ failed\$" "$scenarios.one"; then
    echo "$name: ended without its summary line (exit $rc)" | tee -a "$scenarios"
  fi
  rm -f "$scenarios.one"
  (( rc == 0 )) || status=1
}

scenario e2e bash scripts/e2e.sh

# The master as PID 1 in a PID namespace of its own, as in a container: signals, reaping, TERM.
scenario pid1 bash scripts/pid1.sh

# The image built from the Dockerfile with podman, and the running container checked (needs root:
# it installs podman, runc, debootstrap and docker-compose if missing; a first run makes the stand-in
# bases in a few minutes, later runs reuse them).
scenario image bash scripts/image-test.sh

# The lifecycle under a verifying load, shortened (bench/chaos.sh without --short is the full proof).
scenario chaos bash bench/chaos.sh --short

# Mixed load with reloads and worker kills for 60 s (bench/soak.sh without --short runs 10 minutes).
scenario soak bash bench/soak.sh --short

# Hostile traffic on every protocol while a good client echoes and metrics are scraped (~1 minute).
scenario hostile bash bench/hostile.sh --short

# Three hosts (network namespaces of its own) behind HAProxy: rolling reload, rolling live upgrade,
# one host killed and restarted, under a verifying load through HAProxy (~1 minute; needs root).
scenario fleet bash bench/fleet.sh --short

# The closing line CI reads, and its break-down above it. Unit and integration: Maven's per-module
# totals (lines that end at "Skipped: N"; per-class lines go on with "Time elapsed"), by the plugin
# that printed them (Surefire runs *Test, Failsafe *IT). Scenario checks: every
# "NAME: N passed, N failed" line of the scripts above (e2e, pid1, image, chaos, soak, hostile, fleet,
# and any other script added to this list), each a check with a bound that can fail.
awk '
  function num(label) {
    return match($0, label ": [0-9]+") ? substr($0, RSTART + length(label) + 2, RLENGTH - length(label) - 2) + 0 : 0
  }
  FILENAME == ARGV[1] && /--- (maven-)?surefire/ { kind = "unit" }
  FILENAME == ARGV[1] && /--- (maven-)?failsafe/ { kind = "integration" }
  FILENAME == ARGV[1] && /Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$/ {
    run[kind] += num("Tests run"); failed[kind] += num("Failures") + num("Errors"); skipped[kind] += num("Skipped")
  }
  FILENAME == ARGV[2] && /^[a-z0-9_-]+: [0-9]+ passed, [0-9]+ failed$/ {
    run["scenario"] += $2 + $4; failed["scenario"] += $4; names = names sep substr($1, 1, length($1) - 1) " " $2 "/" $4; sep = ", "
  }
  FILENAME == ARGV[2] && /^[a-z0-9_-]+: ended without its summary line/ {
    run["scenario"]++; failed["scenario"]++; names = names sep substr($1, 1, length($1) - 1) " died"; sep = ", "
  }
  END {
    split("unit integration scenario", kinds, " ")
    for (i = 1; i <= 3; i++) {
      k = kinds[i]
      printf "%-12s %d passed, %d failed, %d skipped%s\n", k ":", run[k] - failed[k] - skipped[k], failed[k], skipped[k],
        k == "scenario" ? " (passed/failed: " names ")" : ""
      total += run[k]; totalFailed += failed[k]; totalSkipped += skipped[k]
    }
    printf "total: %d passed, %d failed, %d skipped\n", total - totalFailed - totalSkipped, totalFailed, totalSkipped
  }
' "$log" "$scenarios"
exit $status
