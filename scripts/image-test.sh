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
passed=0
failed=0
t0=$SECONDS

step() { echo "image: $* [$((SECONDS - t0)) s]"; }
pass() { echo "  ok    $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL  $*"; failed=$((failed + 1)); }
finish() { echo "image: $passed passed, $failed failed"; [[ $failed -eq 0 ]]; exit $?; }
# Polls a command until it succeeds or the deadline (seconds) passes.
eventually() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    grep -qi -- "$(printf ':%04X ' "$port")" /proc/net/tcp /proc/net/tcp6 2>/dev/null || { echo "$port"; return; }
  done
}

# --- Tools ----------------------------------------------------------------------------------------
if [[ $(id -u) -ne 0 ]]; then
  echo "image-test: needs root (podman's storage, debootstrap)" >&2
  fail "run as root"
  finish
fi
declare -A packages=([podman]=podman [runc]=runc [debootstrap]=debootstrap [docker-compose]=docker-compose
                     [nc]=netcat-openbsd [script]=bsdutils [flock]=util-linux)
missing=()
for cmd in "${!packages[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${packages[$cmd]}")
done
if ((${#missing[@]})); then
  step "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [[ ! -f "$root/target/dist/master/master.jar" ]]; then
  (cd "$root" && mvn -B -q -ntp -DskipTests package)
fi

# --- Podman, self-contained -------------------------------------------------------------------------
# One run at a time per state dir: runs share the stand-in bases and the image tag.
mkdir -p "$state/storage" "$state/tmp" "$state/networks"
exec 9>"$state/lock"
flock -w 900 9 || { fail "another image-test holds $state/lock"; finish; }
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

containers=()   # ids of containers this run started; removed at exit
service_pid=""
compose_up=""
cleanup() {
  local id
  if [[ -n "$compose_up" ]]; then docker-compose down -t 1 >/dev/null 2>&1 || true; fi
  for id in "${containers[@]}"; do podman rm -f -t 0 "$id" >/dev/null 2>&1 || true; done
  if [[ -n "$service_pid" ]]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  rm -rf "$run"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# A run killed before its cleanup leaves its containers in the storage (ours alone): drop them.
podman rm -a -f -t 0 >/dev/null 2>&1 || true

# --- Stand-in bases -----------------------------------------------------------------------------------
suite=bookworm
mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null | awk -v s="$suite" '$2 == s {print $1; exit}')
mirror=${mirror:-http://deb.debian.org/debian/}

# A root file system like debian:bookworm-slim's: minbase, without docs, man pages, locales or apt
# lists, and told (as slim is) not to install those again.
slim_rootfs() {
  local dir=$1
  debootstrap --variant=minbase "$suite" "$dir" "$mirror" >"$run/debootstrap.log" 2>&1 ||
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
key=$( { declare -f slim_rootfs; echo "$suite $mirror"; } | sha256sum | cut -c1-12)
base_image=localhost/tcp-echo-standin-slim:$key
build_key=$( { echo "$key"; build_containerfile; } | sha256sum | cut -c1-12)
build_image=localhost/tcp-echo-standin-build:$build_key

if podman image exists "$base_image"; then
  step "stand-in BASE_IMAGE $base_image (cached)"
else
  step "stand-in BASE_IMAGE: debootstrap --variant=minbase $suite from $mirror"
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
    [[ $(cat "/proc/$kid/comm" 2>/dev/null) == tcp-echo\[wrk* ]] && echo "$kid"
  done | sort -n | tr '\n' ' ' | sed 's/ $//'
}
show_logs() { echo "  --- podman logs $1"; podman logs --tail 20 "$1" 2>&1 | sed 's/^/  | /'; }
start_container() {
  local name=$1 port=$2
  shift 2
  local id
  id=$(podman run -d --name "$name" -p "127.0.0.1:$port:8090" "$@" "$image") || return 1
  containers+=("$id")
  echo "$id"
}

port=$(free_port)
step "podman run -d -p 127.0.0.1:$port:8090 $image"
if ! cid=$(start_container tcp-echo-image-test-main "$port"); then fail "podman run"; finish; fi
if eventually 30 echoes "$port" hello; then pass "echo through the published port 127.0.0.1:$port"; else fail "no echo on 127.0.0.1:$port"; show_logs "$cid"; finish; fi
if out=$(podman exec "$cid" tcp-echo-master status 2>&1); then
  pass "podman exec tcp-echo-master status exits 0 ($(grep -c 'wrk\|worker' <<<"$out") worker lines)"
else
  fail "status through podman exec: $out"
fi

step "PID 1, worker names, reaping"
master=$(host_pid "$cid")
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
podman exec "$cid" sh -c 'sleep 3 </dev/null >/dev/null 2>&1 & exit 0'
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

step "uid"
uids=$(for p in "$master" $(workers_of "$master"); do awk '/^Uid:/ {print $2}' "/proc/$p/status"; done | sort -u | tr '\n' ' ')
if [[ $uids == '10001 ' && $(podman exec "$cid" id -u) == 10001 ]]; then pass "master and workers run as uid 10001"; else fail "uids: $uids"; fi
