#!/usr/bin/env bash
# The project's test command (README, CI): every Maven test (unit *Test, integration *IT, in every
# module of the reactor), then the end-to-end scenario a new user would run (scripts/e2e.sh).
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

if [[ -n "${TEST_JAVA_HOME:-}" ]]; then
  export JAVA_HOME=$TEST_JAVA_HOME
  export PATH=$JAVA_HOME/bin:$PATH
fi

# Not -q: Surefire/Failsafe print their "Tests run: ..." summaries at INFO level, and CI reads them.
mvn -B -ntp verify

bash scripts/e2e.sh
