#!/usr/bin/env bash
# End-to-end checks of the built product, as a user and as the Docker image would run it.
#   1. daemon: bin/tcp-echo-master start -d, echo, process names, kill -HUP reload, stop.
#   2. image:  the Dockerfile's COPY layout, ENV, ENTRYPOINT + CMD, HEALTHCHECK and STOPSIGNAL,
#              run outside Docker (no engine here) on a copy of the image's file layout.
# Each scenario uses a free port on 127.0.0.1 and its own temp dir; it touches only the processes it
# started (by pid), so other tcp-echo masters on the machine are safe. Ends with "N passed, N failed".
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
bin=$root/bin/tcp-echo-master
# Short path: the control socket path must stay under 100 bytes.
work=$(mktemp -d /tmp/tcp-echo-e2e.XXXXXX)
checks_suite=e2e
# shellcheck source=scripts/checks.sh
source "$root/scripts/checks.sh"
recorded=()   # pids of masters and workers this script started; killed with -9 if still there at exit

cleanup() {
  local pid
  for pid in "${recorded[@]}"; do
    # Only ours: a recorded pid that is gone may have been reused by an unrelated process.
    if [[ $(cat "/proc/$pid/comm" 2>/dev/null) == tcp-echo\[* ]]; then
      echo "e2e: cleanup: kill -9 $pid" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() { echo "e2e: $*"; }

record() { recorded+=("$@"); }
children() { pgrep -P "$1" | sort -n | tr '\n' ' ' | sed 's/ $//' || true; }
comm() { ps -o comm= -p "$1" 2>/dev/null || true; }
alive() { kill -0 "$1" 2>/dev/null; }
gone() { ! kill -0 "$1" 2>/dev/null; }
quietly() { "$@" 2>/dev/null; }
is_master() { [[ $(cat "/proc/$1/comm" 2>/dev/null) == 'tcp-echo[mastr]' ]]; }

# True while some socket listens on the port (state 0A = TCP_LISTEN in /proc/net/tcp).
listening() {
  local hex
  hex=$(printf '%04X' "$1")
  awk -v h=":$hex" 'toupper(substr($2, length($2) - 4)) == h && $4 == "0A" { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Sends a line with nc and checks that exactly that line comes back.
echo_ok() {
  local port=$1 payload=$2 got
  got=$(printf '%s\n' "$payload" | timeout 10 nc -q1 127.0.0.1 "$port" 2>&1) || true
  if [[ "$got" == "$payload" ]]; then
    return 0
  fi
  echo "    sent '$payload', got '$got'"
  return 1
}

show_log() {
  [[ -f "$1" ]] || return 0
  echo "  --- last lines of $1"
  tail -n 30 "$1" | sed 's/^/  | /'
}

ensure_built() {
  if [[ ! -f "$root/target/dist/master/master.jar" || ! -f "$root/target/dist/worker/worker.jar" ]]; then
    step "target/dist missing: mvn -q -DskipTests package"
    (cd "$root" && mvn -B -q -DskipTests package)
  fi
}

# ---------------------------------------------------------------------------------------------
# Scenario 1: what a new user does with the daemon.

daemon_scenario() {
  local dir=$work/daemon port sock pidfile log mp kids old_kids names
  mkdir -p "$dir"
  port=$(free_port)
  sock=$dir/control.sock
  pidfile=$dir/master.pid
  log=$dir/master.log
  local find=(--control-socket "$sock")

  step "daemon: start -d -p $port -b 127.0.0.1 -w 2"
  if ! timeout 60 "$bin" start -d -p "$port" -b 127.0.0.1 -w 2 "${find[@]}" --pid-file "$pidfile" --log-file "$log"; then
    [[ -s "$pidfile" ]] && record "$(cat "$pidfile")"
    show_log "$log"
    fail "start -d exits 0"
    return 1
  fi
  mp=$(cat "$pidfile")
  record "$mp"
  record $(children "$mp")
  if alive "$mp"; then pass "start -d exits 0, pid file names live master $mp"; else fail "master $mp from the pid file is alive"; return 1; fi

  step "daemon: echo hi | nc -q1 127.0.0.1 $port"
  if echo_ok "$port" hi; then pass "echo returns 'hi'"; else fail "echo returns 'hi'"; show_log "$log"; return 1; fi

  step "daemon: process names of master $mp and its children"
  kids=$(children "$mp")
  names="$(comm "$mp") | $(for k in $kids; do comm "$k"; done | sort | tr '\n' ' ')"
  if [[ "$names" == "tcp-echo[mastr] | tcp-echo[wrk1] tcp-echo[wrk2] " ]]; then
    pass "ps: master $mp is tcp-echo[mastr], children $kids are tcp-echo[wrk1] tcp-echo[wrk2]"
  else
    fail "ps shows '$names' for master $mp and children '$kids'"
    return 1
  fi

  step "daemon: status"
  if timeout 30 "$bin" status "${find[@]}"; then pass "status exits 0"; else fail "status exits 0"; return 1; fi

  step "daemon: kill -HUP $mp (reload), wait for new workers"
  old_kids=$kids
  kill -HUP "$mp"
  new_generation() {
    local now k
    now=$(children "$mp")
    record $now
    [[ $(wc -w <<<"$now") -eq 2 ]] || return 1
    for k in $now; do
      [[ " $old_kids " != *" $k "* ]] || return 1
    done
  }
  if eventually 30 new_generation; then
    pass "workers replaced: $old_kids -> $(children "$mp")"
  else
    fail "workers still '$(children "$mp")' 30 s after HUP (were '$old_kids')"
    show_log "$log"
    return 1
  fi
  if echo_ok "$port" "after reload: 0123456789abcdef"; then
    pass "echo after reload returns the bytes"
  else
    fail "echo after reload returns the bytes"
    show_log "$log"
    return 1
  fi

  step "daemon: stop"
  if timeout 60 "$bin" stop "${find[@]}"; then pass "stop exits 0"; else fail "stop exits 0"; show_log "$log"; return 1; fi
  if ! alive "$mp" && [[ -z $(children "$mp") ]]; then pass "master $mp and its workers are gone"; else fail "master $mp is gone"; return 1; fi
  if ! listening "$port" && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    pass "port $port is free (nothing listens, connect refused)"
  else
    fail "port $port is still served after stop"
    return 1
  fi
  local rc=0
  timeout 30 "$bin" status "${find[@]}" >/dev/null 2>&1 || rc=$?
  if [[ $rc -eq 3 ]]; then pass "status after stop exits 3 (not running)"; else fail "status after stop exits 3, got $rc"; fi
}

# ---------------------------------------------------------------------------------------------
# Scenario 2: the Docker image, emulated. Reads the Dockerfile so the check follows it.

# The Dockerfile as logical instructions: comments dropped, "\" continuations joined.
instructions() {
  sed -e '/^[[:space:]]*#/d' "$root/Dockerfile" | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' | sed -e '/^[[:space:]]*$/d'
}
# Lines of the last stage (the runtime image).
runtime_stage() { instructions | awk '/^FROM /{buf=""} {buf = buf $0 "\n"} END {printf "%s", buf}'; }
build_stage() { instructions | awk '/^FROM /{n++} n==1'; }
# The words of a JSON exec-form array, one per line (no quotes or commas inside words, as used here).
json_words() { sed -e 's/^[^[]*\[//' -e 's/\][[:space:]]*$//' | grep -o '"[^"]*"' | sed -e 's/^"//' -e 's/"$//'; }

image_scenario() {
  local img=$work/image port log pid rc src dest from base_ok=1
  mkdir -p "$img"
  # Paths inside the image live under $img here; everything else (java, bash) is the host's.
  to_host() { sed -e "s#/opt/tcp-echo-master#$img/opt/tcp-echo-master#g" -e "s#/etc/tcp-echo-master#$img/etc/tcp-echo-master#g" -e "s#/run/tcp-echo-master#$img/run/tcp-echo-master#g"; }

  step "image: Dockerfile COPY sources, .dockerignore, stage layout"
  # What a linter would catch first (no hadolint or engine here): unknown instructions, exec-form
  # arrays that are not JSON string arrays (Docker would silently run them through /bin/sh -c),
  # COPY --from naming no stage, and the runtime stage's singletons.
  local problems=() line word stages
  stages=$(instructions | sed -n 's/^FROM .* AS \([A-Za-z0-9_-]*\)$/\1/p')
  while read -r line; do
    word=${line%% *}
    case $word in
      FROM | WORKDIR | COPY | RUN | ENV | USER | EXPOSE | STOPSIGNAL | HEALTHCHECK | ENTRYPOINT | CMD | ARG | LABEL | VOLUME) ;;
      *) problems+=("unknown instruction '$word'") ;;
    esac
    if [[ $word == ENTRYPOINT || $word == CMD || $word == HEALTHCHECK ]]; then
      local form=${line#"$word" }
      [[ $word == HEALTHCHECK ]] && form=${line#* CMD }
      [[ $form =~ ^\[\ *\"[^\"]*\"(\ *,\ *\"[^\"]*\")*\ *\]$ ]] || problems+=("$word is not a JSON exec-form array")
    fi
    if [[ $line =~ --from=([A-Za-z0-9_-]+) ]] && ! grep -qx "${BASH_REMATCH[1]}" <<<"$stages"; then
      problems+=("COPY --from=${BASH_REMATCH[1]} names no stage")
    fi
  done < <(instructions)
  for word in ENTRYPOINT CMD HEALTHCHECK USER STOPSIGNAL; do
    [[ $(runtime_stage | grep -c "^$word ") -eq 1 ]] || problems+=("runtime stage needs exactly one $word")
  done
  [[ $(runtime_stage | awk '$1=="USER"{print $2}') != @(root|0|0:*) ]] || problems+=("runtime USER is root")
  if [[ ${#problems[@]} -eq 0 ]]; then pass "Dockerfile: known instructions, JSON exec forms, stages, non-root USER"; else fail "Dockerfile: $(printf '%s; ' "${problems[@]}")"; return 1; fi

  local workdir
  workdir=$(build_stage | awk '$1=="WORKDIR"{print $2}' | tail -n1)
  if [[ $(build_stage | grep -c '^COPY') -ge 1 && $workdir == /src ]]; then
    pass "build stage copies the context into WORKDIR /src"
  else
    fail "build stage: expected COPY into WORKDIR /src, got WORKDIR '$workdir'"
    return 1
  fi
  # Files the build and the runtime stage need must not be excluded from the build context.
  local needed=(pom.xml .mvn bin/tcp-echo-master config/tcp-echo.toml) m pat excluded=()
  for m in $(sed -n 's#.*<module>\(.*\)</module>.*#\1#p' "$root/pom.xml"); do needed+=("$m/pom.xml" "$m/src"); done
  for m in "${needed[@]}"; do
    [[ -e "$root/$m" ]] || { excluded+=("$m (missing in the repo)"); continue; }
    while read -r pat; do
      [[ -z "$pat" || "$pat" == \#* || "$pat" == !* ]] && continue
      # shellcheck disable=SC2053 # glob matching is the point
      if [[ "$m" == $pat || "$m" == $pat/* ]]; then excluded+=("$m (by '$pat')"); fi
    done <"$root/.dockerignore"
  done
  if [[ ${#excluded[@]} -eq 0 ]]; then pass ".dockerignore keeps all ${#needed[@]} needed paths in the context"; else fail ".dockerignore excludes: ${excluded[*]}"; return 1; fi

  # COPY --from=build /src/X DEST: X is the repo's X after the build; copy it as Docker would.
  local copies=0 missing=()
  while read -r _ from src dest; do
    [[ $from == --from=build && $src == /src/* ]] || { missing+=("unexpected: COPY $from $src $dest"); continue; }
    # What only the build stage makes (the jlinked runtime, jffi's extracted stub): here the host's
    # java stands in for the one, jffi's own extraction for the other.
    [[ $src == /src/target/* && $src != /src/target/dist/* ]] && continue
    src=$root/${src#/src/}
    dest=$img$dest
    if [[ -d "$src" ]]; then
      mkdir -p "$dest" && cp -a "$src/." "$dest/"
    elif [[ -f "$src" ]]; then
      mkdir -p "$(dirname "$dest")" && cp -a "$src" "$dest"
    else
      missing+=("$src")
      continue
    fi
    copies=$((copies + 1))
  done < <(runtime_stage | grep '^COPY ')
  if [[ ${#missing[@]} -eq 0 && $copies -ge 3 ]]; then
    pass "runtime stage: all $copies COPY sources exist after the build and were laid out"
  else
    fail "runtime stage COPY sources: ${missing[*]:-fewer than 3 COPY lines}"
    return 1
  fi

  # ENV KEY=value lines, with $PATH taken from the host (the base image's PATH is not here).
  local envs=() line
  while read -r line; do
    line=${line#ENV }
    # The image's JAVA_HOME is its jlinked runtime (not built here): the host's java runs instead.
    [[ $line == JAVA_HOME=* ]] && continue
    line=${line//\$PATH/$PATH}
    envs+=("$(to_host <<<"$line")")
  done < <(runtime_stage | grep '^ENV ')
  [[ -n "${JAVA_HOME:-}" ]] && envs+=("JAVA_HOME=$JAVA_HOME")
  local xdg
  xdg=$(printf '%s\n' "${envs[@]}" | sed -n 's/^XDG_RUNTIME_DIR=//p')
  [[ -n "$xdg" ]] && mkdir -p -m 0700 "$xdg"
  local entry=() cmd=() health=()
  mapfile -t entry < <(runtime_stage | grep '^ENTRYPOINT ' | json_words | to_host)
  mapfile -t cmd < <(runtime_stage | grep '^CMD ' | json_words | to_host)
  mapfile -t health < <(runtime_stage | grep '^HEALTHCHECK ' | sed 's/.* CMD //' | json_words)
  if [[ ${#entry[@]} -ge 1 && -x "${entry[0]}" && ${#cmd[@]} -ge 1 && ${#health[@]} -ge 1 && -n "$xdg" ]] &&
     runtime_stage | grep -qx 'STOPSIGNAL SIGTERM' && runtime_stage | grep -qx 'EXPOSE 8090'; then
    pass "ENTRYPOINT is executable, CMD, HEALTHCHECK, XDG_RUNTIME_DIR, STOPSIGNAL SIGTERM, EXPOSE 8090 present"
  else
    fail "Dockerfile runtime stage: entrypoint '${entry[*]}', cmd '${cmd[*]}', healthcheck '${health[*]}', xdg '$xdg'"
    return 1
  fi

  port=$(free_port)
  log=$work/container.log
  local run=(env -i "${envs[@]}" "HOME=$work" "PORT=$port")
  step "image: PORT=$port ${entry[*]#$img} ${cmd[*]#$img} (foreground, as PID 1 would)"
  "${run[@]}" "${entry[@]}" "${cmd[@]}" </dev/null >"$log" 2>&1 &
  pid=$!
  record "$pid"
  # The entrypoint must exec java, so the pid Docker starts (PID 1) is the master itself.
  if eventually 20 is_master "$pid"; then
    pass "the entrypoint's own pid $pid became tcp-echo[mastr] (exec, no wrapper shell)"
  else
    fail "pid $pid is '$(cat "/proc/$pid/comm" 2>/dev/null)', not tcp-echo[mastr]"
    show_log "$log"
    return 1
  fi
  step "image: HEALTHCHECK ${health[*]}"
  if eventually 15 quietly "${run[@]}" "${health[@]}"; then
    pass "HEALTHCHECK passes within the 15 s start period"
  else
    fail "HEALTHCHECK did not pass in 15 s"
    show_log "$log"
    return 1
  fi
  record $(children "$pid")
  step "image: tcp-echo-master status (as docker exec would run it: no flags, image env)"
  if timeout 30 "${run[@]}" tcp-echo-master status; then pass "status finds the master via XDG_RUNTIME_DIR and PORT"; else fail "status in the image env"; return 1; fi

  local grace
  grace=$(sed -n 's/^[[:space:]]*stop_grace_period:[[:space:]]*\([0-9]*\)s.*/\1/p' "$root/docker-compose.yml")
  grace=${grace:-10}
  step "image: kill -TERM $pid (STOPSIGNAL), expect exit 0 within stop_grace_period ${grace}s"
  kill -TERM "$pid"
  if eventually "$grace" gone "$pid"; then
    rc=0
    wait "$pid" || rc=$?
    if [[ $rc -eq 0 ]]; then pass "master exited 0 after TERM"; else fail "master exited $rc after TERM"; show_log "$log"; return 1; fi
  else
    fail "master $pid still running ${grace}s after TERM"
    show_log "$log"
    return 1
  fi
  if ! listening "$port"; then pass "port $port is free after the container's stop"; else fail "port $port still listening"; fi
}

ensure_built
daemon_scenario || true
image_scenario || true
echo "e2e: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
