#!/usr/bin/env bash
# The container image, for real: builds the project's own Dockerfile with Debian's podman and checks
# the running container (echo, status, PID 1 and reaping, HUP reload under load, HEALTHCHECK, stop,
# uid, --read-only, size, worker start and RSS) and the README's docker-compose quickstart, with
# Debian's docker-compose against podman's API socket. Needs root and apt (it installs podman, runc,
# debootstrap, docker-compose and netcat-openbsd if missing). Ends with "image: N passed, N failed".
#
# No registry is reachable, so the Dockerfile's bases (build arguments) are stand-ins made from Debian
# packages: a minbase bookworm root file system (debootstrap, from the mirror apt uses) for
# BASE_IMAGE, plus a JDK and Maven for BUILD_IMAGE. They are kept, tagged with a hash of their
# definition, in podman storage under $TCP_ECHO_IMAGE_STATE (default /var/tmp/tcp-echo-image-test),
# so a second run skips debootstrap and reuses Maven's cache. Podman's run-time state is per run.
# Traffic goes to 127.0.0.1 only; every container, process and network it starts is removed at exit.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
state=${TCP_ECHO_IMAGE_STATE:-/var/tmp/tcp-echo-image-test}
image=tcp-echo-master:local
checks_suite=image
# shellcheck source=scripts/checks.sh
source "$root/scripts/checks.sh"
t0=$SECONDS

step() { echo "image: $* [$((SECONDS - t0)) s]"; }

# --- Tools ----------------------------------------------------------------------------------------
if [[ $(id -u) -ne 0 ]]; then
  echo "image-test: needs root (podman's storage, debootstrap)" >&2
  fail "run as root"
  finish
fi
declare -A packages=([podman]=podman [runc]=runc [debootstrap]=debootstrap [docker-compose]=docker-compose
                     [nc]=netcat-openbsd [script]=bsdutils )
missing=()
for cmd in "${!packages[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${packages[$cmd]}")
done
if ((${#missing[@]})); then
  step "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [[ ! -f "$root/target/dist/master/master.jar" || ! -f "$root/target/dist/bench/bench.jar" ]]; then
  (cd "$root" && mvn -B -q -ntp -DskipTests package)
fi

# --- Podman, self-contained -------------------------------------------------------------------------
# One run at a time per state dir: runs share the stand-in bases and the image tag. A directory, not
# flock: a locked descriptor would be inherited by conmon and outlive the run.
mkdir -p "$state/storage" "$state/tmp" "$state/networks"
lock=$state/lock.d
if ! mkdir "$lock" 2>/dev/null; then
  other=$(cat "$lock/pid" 2>/dev/null || true)
  if [[ -n "$other" ]] && kill -0 "$other" 2>/dev/null; then
    fail "another image-test (pid $other) is running on $state"
    finish
  fi
  rm -rf "$lock"
  mkdir "$lock"
fi
echo $$ >"$lock/pid"
run=$(mktemp -d /tmp/tcp-echo-image.XXXXXX)
# Per run: podman takes a fresh run dir for a reboot and resets what the last run left "running".
mkdir -p "$run/storage" "$run/libpod"
# Without default_ulimits every container fails (setrlimit RLIMIT_NOFILE: no CAP_SYS_RESOURCE here
# to raise it past the hard limit); crun 1.8 refuses this machine's hybrid cgroups; systemd is not
# PID 1, so cgroupfs.
cat >"$state/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$run/libpod"
[network]
network_config_dir = "$state/networks"
EOF
cat >"$state/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$state/storage"
runroot = "$run/storage"
EOF
export CONTAINERS_CONF=$state/containers.conf CONTAINERS_STORAGE_CONF=$state/storage.conf TMPDIR=$state/tmp

# conmon processes still serving a container, found by its id on their command line.
stray_conmons() {
  local id=$1 pid
  for pid in $(pgrep -x conmon); do
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- " -c $id "; then kill "$pid" 2>/dev/null || true; fi
  done
}
containers=()   # ids of containers this run started; removed at exit
service_pid=""
compose_up=""
cleanup() {
  local id
  if [[ -n "$compose_up" ]]; then (cd "$root" && timeout 60 docker-compose down -t 1 >/dev/null 2>&1) || true; fi
  for id in "${containers[@]}" ${ccid:-}; do podman rm -f -t 0 "$id" >/dev/null 2>&1 || true; stray_conmons "$id"; done
  if [[ -n "$service_pid" ]]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  rm -rf "$run" "$lock"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# A run killed before its cleanup leaves its containers in the storage (ours alone): drop them.
podman rm -a -f -t 0 >/dev/null 2>&1 || true

# --- Stand-in bases -----------------------------------------------------------------------------------
debian_suite=bookworm
mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null | awk -v s="$debian_suite" '$2 == s {print $1; exit}')
mirror=${mirror:-http://deb.debian.org/debian/}

# A root file system like debian:bookworm-slim's: minbase, without docs, man pages, locales or apt
# lists, and told (as slim is) not to install those again.
slim_rootfs() {
  local dir=$1
  debootstrap --variant=minbase "$debian_suite" "$dir" "$mirror" >"$run/debootstrap.log" 2>&1 ||
    { tail -n 20 "$run/debootstrap.log"; return 1; }
  cat >"$dir/etc/dpkg/dpkg.cfg.d/slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  find "$dir/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*
  find "$dir/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
}
build_containerfile() {
  cat <<'EOF'
FROM base
# update-alternatives fails on a missing man1 directory (removed above, as slim does). Debian's
# jlink --strip-debug also strips native symbols, with binutils' objcopy.
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven binutils \
 && rm -rf /var/lib/apt/lists/*
ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
EOF
}
# The cache keys: everything that defines each base.
key=$( { declare -f slim_rootfs; echo "$debian_suite $mirror"; } | sha256sum | cut -c1-12)
base_image=localhost/tcp-echo-standin-slim:$key
build_key=$( { echo "$key"; build_containerfile; } | sha256sum | cut -c1-12)
build_image=localhost/tcp-echo-standin-build:$build_key

if podman image exists "$base_image"; then
  step "stand-in BASE_IMAGE $base_image (cached)"
else
  step "stand-in BASE_IMAGE: debootstrap --variant=minbase $debian_suite from $mirror"
  rm -rf "$state/rootfs"
  slim_rootfs "$state/rootfs" || { fail "debootstrap"; finish; }
  tar -C "$state/rootfs" -c . | podman import - "$base_image" >/dev/null 2>&1
  rm -rf "$state/rootfs"
  step "stand-in BASE_IMAGE $base_image built"
fi
if podman image exists "$build_image"; then
  step "stand-in BUILD_IMAGE $build_image (cached)"
else
  step "stand-in BUILD_IMAGE: $base_image + openjdk-17-jdk-headless + maven"
  mkdir -p "$run/build-base"
  build_containerfile | sed "s#^FROM base#FROM $base_image#" >"$run/build-base/Containerfile"
  podman build -q --pull=never --network host -t "$build_image" "$run/build-base" >"$run/build-base.log" 2>&1 ||
    { tail -n 20 "$run/build-base.log"; fail "stand-in BUILD_IMAGE"; finish; }
  step "stand-in BUILD_IMAGE $build_image built"
fi
# Old stand-ins (another key) would pile up in the storage.
podman images --format '{{.Repository}}:{{.Tag}}' | grep -E '^localhost/tcp-echo-standin-(slim|build):' |
  grep -v -x -e "$base_image" -e "$build_image" | xargs -r podman rmi -f >/dev/null 2>&1 || true

# --- The project's image ------------------------------------------------------------------------------
# Maven inside the build reaches Maven Central only with the host's network and its Java trust
# store (the egress proxy's CA), mounted for the build alone: nothing of it lands in the image.
# --format docker: the OCI format has no HEALTHCHECK.
cacerts=$(readlink -f /etc/ssl/certs/java/cacerts 2>/dev/null || true)
mounts=()
[[ -n "$cacerts" && -f "$cacerts" ]] && mounts=(-v "$cacerts:$cacerts:ro")
# Earlier builds' untagged stages would pile up: the ~/.m2 cache mount is what makes a rebuild fast.
podman image prune -f >/dev/null 2>&1 || true
step "podman build --format docker --build-arg BUILD_IMAGE=$build_image --build-arg BASE_IMAGE=$base_image -t $image ."
build_start=$SECONDS
if podman build -q --format docker --pull=never --network host "${mounts[@]}" \
     --build-arg "BUILD_IMAGE=$build_image" --build-arg "BASE_IMAGE=$base_image" \
     -t "$image" "$root" >"$run/build.log" 2>&1; then
  pass "image built from the project's Dockerfile in $((SECONDS - build_start)) s"
else
  tail -n 40 "$run/build.log" | sed 's/^/  | /'
  fail "podman build of the Dockerfile"
  finish
fi

# --- The running container ----------------------------------------------------------------------------
# The published port answers only on 127.0.0.1; every check talks to it from the host.
echoes() {
  local port=$1 payload=$2
  [[ "$(printf '%s\n' "$payload" | timeout 10 nc -N 127.0.0.1 "$port" 2>/dev/null)" == "$payload" ]]
}
host_pid() { podman inspect -f '{{.State.Pid}}' "$1" 2>/dev/null; }
# Host pids of the workers of the container's PID 1 (its children named tcp-echo[wrkN]).
workers_of() {
  local master=$1 kid
  for kid in $(pgrep -P "$master" 2>/dev/null); do
    if [[ $(cat "/proc/$kid/comm" 2>/dev/null) == tcp-echo\[wrk* ]]; then echo "$kid"; fi
  done | sort -n | tr '\n' ' ' | sed 's/ $//'
}
show_logs() { echo "  --- podman logs $1"; podman logs --tail 20 "$1" 2>&1 | sed 's/^/  | /'; }
start_container() {
  local name=$1 port=$2
  shift 2
  podman rm -f -t 0 "$name" >/dev/null 2>&1 || true
  # stderr: podman complains that it cannot schedule the healthcheck through systemd (not PID 1 here).
  cid=$(podman run -d --name "$name" -p "127.0.0.1:$port:8090" "$@" "$image" 2>"$run/run.err") ||
    { cat "$run/run.err"; return 1; }
  containers+=("$cid")
}

port=$(free_port)
step "podman run -d -p 127.0.0.1:$port:8090 $image"
if ! start_container tcp-echo-image-test-main "$port"; then fail "podman run"; finish; fi
if eventually 30 echoes "$port" hello; then pass "echo through the published port 127.0.0.1:$port"; else fail "no echo on 127.0.0.1:$port"; show_logs "$cid"; finish; fi
# status as an operator types it: no flags, the image's environment finds the master.
status_ok() {
  local out
  out=$(podman exec "$1" tcp-echo-master status 2>&1) &&
    [[ $(head -n1 <<<"$out") == 'master pid 1, '* && $(grep -c ' ready ' <<<"$out") -ge 1 ]] ||
    { echo "    $out" | head -n 5; return 1; }
}
if status_ok "$cid"; then pass "podman exec tcp-echo-master status: master pid 1, workers ready"; else fail "status through podman exec"; fi

step "PID 1, worker names, reaping"
master=$(host_pid "$cid" || true)
pid1=$(podman exec "$cid" cat /proc/1/comm 2>/dev/null || true)
if [[ $pid1 == 'tcp-echo[mastr]' && $(cat "/proc/$master/comm") == 'tcp-echo[mastr]' ]]; then
  pass "PID 1 is tcp-echo[mastr] (host pid $master)"
else
  fail "PID 1 is '$pid1'"
fi
names=""
for w in $(workers_of "$master"); do names+="$(cat "/proc/$w/comm") "; done
if [[ $(tr ' ' '\n' <<<"$names" | sed '/^$/d' | sort | tr '\n' ' ') =~ ^(tcp-echo\[wrk[0-9]+\] )+$ ]]; then
  pass "its children are the workers: $names"
else
  fail "children of PID 1: '$names'"
fi
# sh exits at once, so the kernel re-parents sleep to the namespace's init: the master.
podman exec "$cid" sh -c 'sleep 3 </dev/null >/dev/null 2>&1 & exit 0' || true
orphan=""
adopted() { orphan=$(pgrep -P "$master" -x sleep | head -n1); [[ -n "$orphan" ]]; }
if eventually 5 adopted; then
  reaped() { [[ ! -e /proc/$orphan ]]; }
  if eventually 10 reaped; then
    pass "an orphan of podman exec (sleep, host pid $orphan) was re-parented to PID 1 and reaped"
  else
    fail "orphan $orphan not reaped: state $(awk '{print $3}' "/proc/$orphan/stat" 2>/dev/null)"
  fi
else
  fail "no orphan re-parented to PID 1"
fi
zombies=$(ps -o stat= --ppid "$master" | grep -c '^Z' || true)
if [[ $zombies -eq 0 ]]; then pass "no zombie children of PID 1"; else fail "$zombies zombie children of PID 1"; fi

step "uid, /tmp"
uids=$(for p in "$master" $(workers_of "$master"); do awk '/^Uid:/ {print $2}' "/proc/$p/status"; done | sort -u | tr '\n' ' ')
if [[ $uids == '10001 ' && $(podman exec "$cid" id -u) == 10001 ]]; then pass "master and workers run as uid 10001"; else fail "uids: $uids"; fi
# Nothing written to /tmp by the build or the running server (jffi's stub is not extracted there).
tmp_files=$(podman exec "$cid" ls -A /tmp 2>&1 | tr '\n' ' ' || true)
if [[ -z "$tmp_files" ]]; then pass "/tmp in the running container is empty"; else fail "/tmp holds: $tmp_files"; fi

step "worker start and RSS: image vs host (the same jars on the host's JDK)"
# "worker[1] pid N ready (generation 1, started in 83 ms)" and VmRSS of each idle worker.
ready_ms() { { grep -o 'started in [0-9]* ms' || true; } | awk '{print $3}'; }
rss_kib() { local p; for p in "$@"; do awk '/^VmRSS:/ {print $2}' "/proc/$p/status"; done | sort -n | tr '\n' ' '; }
median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{v[NR] = $1} END {print NR ? v[int((NR + 1) / 2)] : 0}'; }
image_rss=$(rss_kib $(workers_of "$master"))
host_port=$(free_port) host_ms="" image_ms="" host_rss="" count=$(wc -w <<<"$image_rss")
((count > 0)) || count=2
"$root/bin/tcp-echo-master" start -p "$host_port" -b 127.0.0.1 -w "$count" --control-socket "$run/host.sock" \
  --pid-file "$run/host.pid" --log-file "$run/host.log" </dev/null >"$run/host.out" 2>&1 &
host_master=$!
if eventually 30 echoes "$host_port" hello; then
  host_rss=$(rss_kib $(workers_of "$host_master"))
  # Start times move with the load of 2 shared cores, so image and host are timed in turns, each a
  # reload (a new generation's workers) right after the other's, and compared by their medians.
  for round in 1 2 3; do
    podman exec "$cid" tcp-echo-master reload >/dev/null 2>&1 &&
      image_ms+="$(podman logs "$cid" 2>&1 | ready_ms | tail -n "$count" | tr '\n' ' ')"
    "$root/bin/tcp-echo-master" reload --control-socket "$run/host.sock" >/dev/null 2>&1 &&
      host_ms+="$(ready_ms <"$run/host.log" | tail -n "$count" | tr '\n' ' ')"
  done
fi
# The next step compares worker pids across a HUP: the reloads' drained generations must be gone.
drained() { [[ $(wc -w <<<"$(workers_of "$master")") -eq $count ]]; }
eventually 30 drained || fail "the container's drained workers did not exit: $(workers_of "$master")"
kill -TERM "$host_master" 2>/dev/null || true
wait "$host_master" 2>/dev/null || true
echo "    worker ready ms (3 alternating reloads): image $image_ms| host $host_ms"
echo "    worker idle RSS KiB: image $image_rss| host $host_rss"
im_rss=$(median <<<"$image_rss") ho_rss=$(median <<<"$host_rss") im_ms=$(median <<<"$image_ms") ho_ms=$(median <<<"$host_ms")
# RSS is steady; start time on 2 shared cores is not, so it gets room for noise.
if ((im_rss > 0 && ho_rss > 0 && im_rss <= ho_rss * 105 / 100)); then
  pass "worker RSS in the image $((im_rss / 1024)) MB <= host $((ho_rss / 1024)) MB (+5%)"
else
  fail "worker RSS in the image ${im_rss} KiB against host ${ho_rss} KiB"
fi
if ((im_ms > 0 && ho_ms > 0 && im_ms <= ho_ms * 3 / 2 + 50)); then
  pass "worker start to READY in the image ${im_ms} ms, host ${ho_ms} ms (median)"
else
  fail "worker start to READY in the image ${im_ms} ms against host ${ho_ms} ms"
fi

step "podman kill -s HUP under a churn load (tcp-echo-bench churn, 200 connections/s)"
old=$(workers_of "$master")
"$root/bin/tcp-echo-bench" churn -p "$port" --rate 200 -d 8s --json >"$run/churn.json" 2>"$run/churn.err" &
bench=$!
# The load has begun once a socket on the host talks to the port.
loaded() { grep -qi -- "$(printf ' 0100007F:%04X ' "$port")" /proc/net/tcp; }
eventually 15 loaded || true
podman kill -s HUP "$cid" >/dev/null || fail "podman kill -s HUP exits non-zero"
replaced() {
  local now w
  now=$(workers_of "$master")
  [[ -n "$now" && $(wc -w <<<"$now") -eq $(wc -w <<<"$old") ]] || return 1
  for w in $now; do [[ " $old " != *" $w "* ]] || return 1; done
}
if eventually 30 replaced; then pass "HUP: new workers $old -> $(workers_of "$master")"; else fail "HUP: workers still '$(workers_of "$master")' (were '$old')"; show_logs "$cid"; fi
if echoes "$port" "after reload"; then pass "echo after the reload"; else fail "no echo after the reload"; fi
wait "$bench" || true
churn=$(cat "$run/churn.json")
ok=$(grep -o '"successes":[0-9]*' <<<"$churn" | cut -d: -f2 || true)
failures=$(grep -o '"failures":{[^}]*}' <<<"$churn" || true)
if [[ ${ok:-0} -gt 0 && -n "$failures" && ! $failures =~ :[1-9] ]]; then
  pass "churn across the reload: $ok connections echoed, no failure ($failures)"
else
  fail "churn across the reload: successes ${ok:-?}, $failures $(cat "$run/churn.err")"
fi

step "HEALTHCHECK (podman healthcheck run: no systemd here to schedule it)"
health() { podman healthcheck run "$cid" >/dev/null 2>&1; }
health_state() { podman inspect -f '{{.State.Health.Status}}' "$cid" 2>/dev/null; }
if eventually 20 health; then pass "healthy while serving ($(health_state))"; else fail "healthcheck fails while serving"; fi
# The data path broken: master and workers stopped, so a connection is queued but never echoed.
stopped=("$master" $(workers_of "$master"))
kill -STOP "${stopped[@]}" || true
unhealthy() { ! health && [[ $(health_state) == unhealthy ]]; }
if eventually 30 unhealthy; then pass "unhealthy with master and workers SIGSTOPped ($(health_state))"; else fail "still '$(health_state)' with the data path stopped"; fi
kill -CONT "${stopped[@]}" || true
if eventually 30 health && echoes "$port" "resumed"; then pass "healthy again after SIGCONT ($(health_state))"; else fail "not healthy after SIGCONT"; show_logs "$cid"; fi

step "podman stop with an open connection (compose's stop_grace_period)"
grace=$(sed -n 's/^[[:space:]]*stop_grace_period:[[:space:]]*\([0-9]*\)s.*/\1/p' "$root/docker-compose.yml")
grace=${grace:-10}
exec {conn}<>"/dev/tcp/127.0.0.1/$port" || { fail "no connection to 127.0.0.1:$port"; finish; }
printf 'before stop\n' >&"$conn"
read -r -t 5 line <&"$conn" || line=""
stop_start=$SECONDS
podman stop -t "$grace" "$cid" >/dev/null 2>&1 {conn}>&- &
stopper=$!
stopping() { podman logs "$cid" 2>&1 | grep -q 'graceful stop'; }
if [[ $line == 'before stop' ]] && eventually 10 stopping; then
  printf 'during stop\n' >&"$conn"
  read -r -t 5 line <&"$conn" || line=""
  if [[ $line == 'during stop' ]]; then pass "an open connection still echoes during the graceful stop"; else fail "open connection got '$line' during the stop"; fi
else
  fail "no echo before the stop ('$line') or no graceful stop in the log"
fi
# Closed by the client: the drain ends with it, long before shutdown-timeout.
exec {conn}>&-
wait "$stopper" || true
took=$((SECONDS - stop_start))
code=$(podman inspect -f '{{.State.ExitCode}}' "$cid" || true)
if [[ $code == 0 && $took -lt $grace ]]; then pass "podman stop: exit code 0 in $took s (< ${grace} s)"; else fail "podman stop: exit code $code after $took s (grace ${grace} s)"; show_logs "$cid"; fi
step "podman run --read-only --tmpfs /run/tcp-echo-master:U,mode=0700 (the Dockerfile's form for podman)"
port=$(free_port)
if start_container tcp-echo-image-test-ro "$port" --read-only --read-only-tmpfs=false \
     --tmpfs /run/tcp-echo-master:U,mode=0700; then
  if eventually 30 echoes "$port" "read-only" && status_ok "$cid"; then
    pass "read-only root (no other tmpfs): echo and status work"
  else
    fail "read-only container: no echo or status"
    show_logs "$cid"
  fi
  podman rm -f -t 0 "$cid" >/dev/null 2>&1 || true
else
  fail "podman run --read-only"
fi

step "size"
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1000000}'; }
size=$(podman image inspect -f '{{.Size}}' "$image" || echo 0)
base_size=$(podman image inspect -f '{{.Size}}' "$base_image" || echo 0)
added=$((size - base_size))
echo "    image $(mb "$size") MB = slim base $(mb "$base_size") MB + $(mb "$added") MB; layers:"
podman history --format '{{.Size}}\t{{.CreatedBy}}' "$image" | grep -v '^0 B' | cut -c1-110 | sed 's/^/      /'
if ((added <= 80000000)); then pass "the Dockerfile adds $(mb "$added") MB to the base (<= 80 MB)"; else fail "the Dockerfile adds $(mb "$added") MB to the base (> 80 MB)"; fi
# The runtime holds the modules the Dockerfile names; jdeps must find no other one in the jars
# (java.sql: gson's optional adapters; java.compiler: error_prone's annotations).
modules=$(podman run --rm --entrypoint java "$image" --list-modules 2>/dev/null | sed 's/@.*//' | sort | tr '\n' ' ')
needed=$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 "$root"/target/dist/master/*.jar "$root"/target/dist/worker/*.jar |
  tr ',' '\n' | grep -v -x -e java.sql -e java.compiler | sort || true)
absent=$(for m in $needed; do [[ " $modules " == *" $m "* ]] || echo "$m"; done | tr '\n' ' ')
if [[ -n "$needed" && -z "$absent" ]]; then pass "the runtime has every module jdeps finds: $modules"; else fail "the runtime lacks $absent (has: $modules)"; fi

step "README quickstart: docker-compose (Debian's 1.29) against podman's API socket"
sock=$run/podman.sock
podman system service --time=0 "unix://$sock" >"$run/service.log" 2>&1 &
service_pid=$!
port=$(free_port)
export DOCKER_HOST=unix://$sock COMPOSE_PROJECT_NAME=tcp-echo-image-test TCP_ECHO_PUBLISH=127.0.0.1:$port
compose() { (cd "$root" && timeout 120 docker-compose "$@"); }
if ! eventually 20 test -S "$sock"; then fail "podman system service: no socket $sock"; cat "$run/service.log"; finish; fi
# The image is the one built above, tagged as the compose file's image: (see "--no-build" in README).
compose_up=yes
if compose up -d --no-build >"$run/compose.log" 2>&1 && eventually 30 echoes "$port" compose; then
  pass "docker-compose up -d --no-build: echo on $TCP_ECHO_PUBLISH"
else
  fail "docker-compose up -d --no-build"
  cat "$run/compose.log"
  finish
fi
ccid=$(compose ps -q tcp-echo)
got=$(printf 'hello\n' | compose exec -T tcp-echo nc -N localhost 8090 2>&1 || true)
if [[ $got == hello ]]; then pass "printf 'hello\\n' | docker-compose exec -T tcp-echo nc -N localhost 8090 echoes"; else fail "exec -T nc: got '$got'"; fi
# The interactive form, on a terminal (script(1)): a line typed once comes back twice, the
# terminal's echo and the server's. It is typed only once nc is connected (status counts it), when
# compose has put the terminal in raw mode, so no third, local echo can stand in for the server's.
connections() { podman exec "$ccid" tcp-echo-master status 2>/dev/null | awk '$4 == "ready" {n += $5} END {print n + 0}'; }
typed() { [[ $(grep -o 'typed by hand' "$run/tty.out" | wc -l) -ge 2 ]]; }
: >"$run/tty.out"
{
  eventually 20 eval '[[ $(connections) -ge 1 ]]' || true
  printf 'typed by hand\n'
  eventually 10 typed || true
  printf '\003'
} | timeout 60 script -qfec "docker-compose exec tcp-echo nc localhost 8090" /dev/null >"$run/tty.out" 2>&1 &
typist=$!
wait "$typist" || true
if typed; then pass "docker-compose exec tcp-echo nc localhost 8090 on a terminal: the typed line came back, Ctrl-C ended it"; else fail "interactive exec: $(od -c "$run/tty.out" | head -n 5)"; fi
cmaster=$(host_pid "$ccid" || true)
old=$(workers_of "$cmaster")
if compose kill -s HUP tcp-echo >>"$run/compose.log" 2>&1 && eventually 30 eval 'master=$cmaster; replaced' && echoes "$port" "compose reload"; then
  pass "docker-compose kill -s HUP tcp-echo: new workers $old -> $(workers_of "$cmaster"), still echoing"
else
  fail "docker-compose kill -s HUP: workers '$(workers_of "$cmaster")' (were '$old')"
fi
if compose down >>"$run/compose.log" 2>&1 && [[ -z $(podman ps -a -q --filter "id=$ccid") ]] &&
   ! podman network exists "${COMPOSE_PROJECT_NAME}_default"; then
  compose_up=""
  pass "docker-compose down: container and network gone"
else
  fail "docker-compose down"
  cat "$run/compose.log"
fi
# Podman 4.3 leaves the conmon of each exec session made through its API running after the
# container is gone (two processes per `docker-compose exec`): stop those of this container.
stray_conmons "$ccid"
kill "$service_pid" 2>/dev/null || true
wait "$service_pid" 2>/dev/null || true
service_pid=""

finish
