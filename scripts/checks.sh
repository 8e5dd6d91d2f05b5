# shellcheck shell=bash
# Shared by the scenario scripts (e2e.sh, pid1.sh, image-test.sh): counted checks, polling with a
# deadline instead of sleeping, and a free port. The script sets checks_suite=NAME before sourcing this;
# finish prints "NAME: N passed, N failed", the line test.sh counts.
passed=0
failed=0
pass() { echo "  ok    $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL  $*"; failed=$((failed + 1)); }
finish() { echo "$checks_suite: $passed passed, $failed failed"; [[ $failed -eq 0 ]]; exit $?; }
# eventually SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds or the deadline passes.
eventually() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}
# A TCP port nobody on this machine uses (read from /proc/net), below the ephemeral range so no
# client socket takes it.
free_port() {
  local port i
  for i in $(seq 1 100); do
    port=$((20000 + RANDOM % 12000))
    if ! grep -qi -- "$(printf ':%04X ' "$port")" /proc/net/tcp /proc/net/tcp6 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "$checks_suite: no free port found" >&2
  return 1
}
