# syntax=docker/dockerfile:1
# tcp-echo-master image: the master runs in the foreground as PID 1 and logs to stdout.
#   docker build -t tcp-echo-master .
#   docker run --stop-timeout 15 -p 8090:8090 tcp-echo-master
#   docker exec <container> tcp-echo-master status
# --stop-timeout 15: `docker stop` waits 10 s before SIGKILL by default, exactly the shutdown-timeout
# the master gives open connections, so without it a slow drain would be cut short.
# scripts/e2e.sh reads this file and runs its ENTRYPOINT, CMD, ENV and HEALTHCHECK outside Docker
# on the same layout: keep instructions one per line (continuations are fine) and ENV as KEY=value.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The whole tree, not poms first: the reactor gains modules (it, bench) and a per-module pom COPY
# list would break the build each time one is forgotten. The cache mount keeps ~/.m2 between builds,
# which is what poms-first was for. .dockerignore keeps target/ and .git out of the context.
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -ntp -DskipTests package

FROM eclipse-temurin:17-jre
# A fixed numeric uid so `runAsNonRoot` policies can check it. The control socket lives under
# XDG_RUNTIME_DIR, a directory only this user may enter (the master refuses one others can write).
# With --read-only, mount a tmpfs there (owned by 10001); with --user other than 10001, point
# XDG_RUNTIME_DIR at a directory that user owns.
RUN groupadd --gid 10001 tcpecho \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin tcpecho \
 && install -d -o 10001 -g 10001 -m 0700 /run/tcp-echo-master
COPY --from=build /src/target/dist /opt/tcp-echo-master/dist
COPY --from=build /src/bin /opt/tcp-echo-master/bin
COPY --from=build /src/config/tcp-echo.toml /etc/tcp-echo-master/tcp-echo.toml
ENV TCP_ECHO_DIST=/opt/tcp-echo-master/dist
ENV XDG_RUNTIME_DIR=/run/tcp-echo-master
ENV PATH=/opt/tcp-echo-master/bin:$PATH
USER 10001:10001
WORKDIR /opt/tcp-echo-master
EXPOSE 8090
# TERM is the graceful stop: workers finish open connections for up to shutdown-timeout (10 s).
STOPSIGNAL SIGTERM
# Checks the data path itself (a byte round trip through a worker), not just that the master lives.
# bash /dev/tcp: the JRE image has no nc. PORT, if set, overrides the config's port, as in the master.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8090} && printf ping >&3 && timeout 2 head -c4 <&3 | grep -qx ping"]
# bin/tcp-echo-master execs java, so the master is PID 1 and gets `docker stop`'s TERM and
# `docker kill -s HUP`'s HUP directly (it installs handlers, so the kernel's PID 1 rule of dropping
# unhandled signals does not bite). As PID 1 it also reaps every child, not only its workers: the
# processes that `docker exec` or a timed-out HEALTHCHECK leave behind are re-parented to it.
# So no tini is needed (--init still works: then tini is PID 1 and forwards the signals).
# scripts/pid1.sh checks all this in a PID namespace of its own.
ENTRYPOINT ["/opt/tcp-echo-master/bin/tcp-echo-master"]
CMD ["start", "-c", "/etc/tcp-echo-master/tcp-echo.toml"]
