# tcp-echo-master image: the master runs in the foreground as PID 1 and logs to stdout.
#   docker build -t tcp-echo-master:local .
#   docker run --stop-timeout 15 -p 8090:8090 tcp-echo-master:local
#   docker exec <container> tcp-echo-master status
# --stop-timeout 15: `docker stop` waits 10 s before SIGKILL by default, exactly the shutdown-timeout
# the master gives open connections, so without it a slow drain would be cut short.
# scripts/image-test.sh builds this file with podman and checks the running container (CI runs it).
# scripts/e2e.sh reads this file and runs its ENTRYPOINT, CMD, ENV and HEALTHCHECK outside a
# container on the same layout: keep instructions one per line (continuations are fine) and ENV as
# KEY=value.
# No `# syntax=` line: it makes BuildKit fetch a frontend image, which fails without a registry.

# The bases are arguments so that a build without registry access can pass stand-ins made from
# Debian packages (scripts/image-test.sh does): BUILD_IMAGE needs a JDK 17 with jlink and Maven,
# BASE_IMAGE a Debian bookworm with apt. The defaults are the public images.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# The whole tree, not poms first: the reactor gains modules and a per-module pom COPY list would
# break the build each time one is forgotten. The cache mount keeps ~/.m2 between builds, which is
# what poms-first was for. .dockerignore keeps target/ and .git out of the context.
COPY . .
# Only what the image runs (-pl master,worker -am): the it and bench modules would download their
# test dependencies (the Kubernetes client alone is tens of MB) for nothing. The build's own CDS
# archives (the workers', the CLI's, the master's) are dropped: they were dumped by this JDK, not by the runtime below.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -ntp -DskipTests -pl master,worker -am package \
 && rm -f target/dist/worker/*.jsa target/dist/worker/*.aot target/dist/master/*.jsa
# A Java runtime of only the modules the master and the workers use, found with
#   jdeps --print-module-deps --ignore-missing-deps --multi-release 17 target/dist/{master,worker}/*.jar
# less java.sql (gson's optional java.sql.Date adapters) and java.compiler (error_prone's
# annotations); scripts/image-test.sh fails if jdeps ever names another module.
# java.logging: jnr-ffi; java.management: the master reads its JVM flags to start a live upgrade;
# jdk.httpserver: metrics; jdk.net: SO_PEERCRED on the control socket; jdk.unsupported: sun.misc.Signal.
# --generate-cds-archive gives the runtime its default class-data archive (the master maps it);
# the one for uncompressed oops is never used with these small heaps.
RUN jlink --add-modules java.base,java.logging,java.management,jdk.httpserver,jdk.net,jdk.unsupported \
      --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive --output target/jre \
 && rm -f target/jre/lib/server/classes_nocoops.jsa
# jnr's native stub (libjffi) goes where the JVM's default java.library.path looks first,
# /usr/java/packages/lib: found there, jffi does not extract it to java.io.tmpdir at each master
# start, which fails on a read-only root without a writable, exec-allowed /tmp.
RUN mkdir -p target/native \
 && cd target/native \
 && jar xf ../dist/master/jffi-native.jar "jni/$(uname -m)-Linux/libjffi-1.2.so" \
 && mv jni/*/libjffi-1.2.so . \
 && rm -r jni

FROM ${BASE_IMAGE}
# netcat-openbsd (this layer is 1.3 MB) is the client for trying the server from inside:
# `docker-compose exec tcp-echo nc localhost 8090`.
# A fixed numeric uid so `runAsNonRoot` policies can check it. The control socket lives under
# XDG_RUNTIME_DIR, a directory only this user may enter (the master refuses one others can write).
# With --read-only, mount a tmpfs there, owned by 10001 (scripts/image-test.sh runs podman's form):
#   docker run --read-only --tmpfs /run/tcp-echo-master:uid=10001,gid=10001,mode=0700 ...
#   podman run --read-only --read-only-tmpfs=false --tmpfs /run/tcp-echo-master:U,mode=0700 ...
# with --user other than 10001, point XDG_RUNTIME_DIR at a directory that user owns.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends netcat-openbsd \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \
 && groupadd --gid 10001 tcpecho \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin tcpecho \
 && install -d -o 10001 -g 10001 -m 0700 /run/tcp-echo-master
COPY --from=build /src/target/jre /opt/tcp-echo-master/java
COPY --from=build /src/target/native /usr/java/packages/lib
COPY --from=build /src/target/dist/master /opt/tcp-echo-master/dist/master
COPY --from=build /src/target/dist/worker /opt/tcp-echo-master/dist/worker
COPY --from=build /src/bin /opt/tcp-echo-master/bin
COPY --from=build /src/config/tcp-echo.toml /etc/tcp-echo-master/tcp-echo.toml
ENV JAVA_HOME=/opt/tcp-echo-master/java
ENV TCP_ECHO_DIST=/opt/tcp-echo-master/dist
ENV XDG_RUNTIME_DIR=/run/tcp-echo-master
ENV PATH=/opt/tcp-echo-master/bin:/opt/tcp-echo-master/java/bin:$PATH
# The workers' class-data archive (worker-<java.vm.version>.jsa), dumped here by the runtime's own
# java: an archive fits only the JVM that wrote it and the jar paths it was dumped with. (The
# script's version probe leaves the JVM's perf-data directory in /tmp.) Not the CLI's
# (scripts/dump-cli-cds.sh): 14 MB for commands run by hand took the image past image-test's 80 MB
# bound (81.7 MB); without it `docker exec ... tcp-echo-master status` runs as on a JDK without one.
# Nor the master's (scripts/dump-master-cds.sh, 20 MB): a container's master starts once.
RUN --mount=type=bind,from=build,source=/src/scripts/dump-worker-cds.sh,target=/tmp/dump-worker-cds.sh \
    bash /tmp/dump-worker-cds.sh /opt/tcp-echo-master/java/bin/java /opt/tcp-echo-master/dist \
 && rm -rf /tmp/hsperfdata_root
USER 10001:10001
WORKDIR /opt/tcp-echo-master
EXPOSE 8090
# TERM is the graceful stop: workers finish open connections for up to shutdown-timeout (10 s).
STOPSIGNAL SIGTERM
# Checks the data path itself (a byte round trip through a worker), not just that the master lives.
# PORT, if set, overrides the config's port, as in the master.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8090} && printf ping >&3 && timeout 2 head -c4 <&3 | grep -qx ping"]
# bin/tcp-echo-master execs java, so the master is PID 1 and gets `docker stop`'s TERM and
# `docker kill -s HUP`'s HUP directly (it installs handlers, so the kernel's PID 1 rule of dropping
# unhandled signals does not bite). As PID 1 it also reaps every child, not only its workers: the
# processes that `docker exec` or a timed-out HEALTHCHECK leave behind are re-parented to it.
# So no tini is needed (--init still works: then tini is PID 1 and forwards the signals).
# scripts/pid1.sh checks all this in a PID namespace of its own, scripts/image-test.sh in the image.
ENTRYPOINT ["/opt/tcp-echo-master/bin/tcp-echo-master"]
CMD ["start", "-c", "/etc/tcp-echo-master/tcp-echo.toml"]
