#!/usr/bin/env bash
# The project's test command (README, CI): every Maven test (unit *Test, integration *IT, in every
# module of the reactor), then the end-to-end scenario a new user would run (scripts/e2e.sh), the
# master as PID 1 (scripts/pid1.sh), the container image (scripts/image-test.sh), chaos and soak.
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

if [[ -n "${TEST_JAVA_HOME:-}" ]]; then
  export JAVA_HOME=$TEST_JAVA_HOME
  export PATH=$JAVA_HOME/bin:$PATH
fi

log=$(mktemp /tmp/tcp-echo-test.XXXXXX)
trap 'rm -f "$log"' EXIT

# Not -q: Surefire/Failsafe print their "Tests run: ..." summaries at INFO level, and CI reads them.
# style.color and the sed: Debian's Maven 3.8 writes ANSI codes even in batch mode.
mvn -B -ntp -Dstyle.color=never verify 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g' | tee "$log"

bash scripts/e2e.sh | tee -a "$log"

# The master as PID 1 in a PID namespace of its own, as in a container: signals, reaping, TERM.
bash scripts/pid1.sh | tee -a "$log"

# The image built from the Dockerfile with podman, and the running container checked (needs root:
# it installs podman, runc, debootstrap and docker-compose if missing; a first run makes the stand-in
# bases in a few minutes, later runs reuse them).
bash scripts/image-test.sh | tee -a "$log"

# The lifecycle under a verifying load, shortened (bench/chaos.sh without --short is the full proof).
bash bench/chaos.sh --short | tee -a "$log"

# Mixed load with reloads and worker kills for 60 s (bench/soak.sh without --short runs 10 minutes).
bash bench/soak.sh --short | tee -a "$log"

# Hostile traffic on every protocol while a good client echoes and metrics are scraped (~1 minute).
bash bench/hostile.sh --short | tee -a "$log"

# One closing line for everything: Maven's per-module totals (lines that end at "Skipped: N";
# per-class lines go on with "Time elapsed") plus the e2e, pid1, image, chaos, soak and hostile checks.
awk '
  function num(label) {
    return match($0, label ": [0-9]+") ? substr($0, RSTART + length(label) + 2, RLENGTH - length(label) - 2) + 0 : 0
  }
  /Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$/ {
    run += num("Tests run"); failed += num("Failures") + num("Errors"); skipped += num("Skipped")
  }
  /^(e2e|chaos|soak|pid1|image|hostile): [0-9]+ passed, [0-9]+ failed$/ { run += $2 + $4; failed += $4 }
  END { printf "total: %d passed, %d failed, %d skipped\n", run - failed - skipped, failed, skipped }
' "$log"
