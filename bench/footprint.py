#!/usr/bin/env python3
"""Issue 15's footprint and start-up figures, each beside the reference it is judged against,
measured in the same run: a bare JVM with the master's flags and one with the worker's, and a bare
`java -version` for the CLI.

A bare JVM here is an idle `java` with the same flags running tcpecho.bench.idle.IdleJvm, which
prints a line and sleeps: what those flags cost before any code of ours runs. The master's flags
come from the running master's command line (and the argument file it names), the worker's from
dist/worker/jvm.options, both read at run time so the references follow changes to either.
"""
import os
import select
import shlex
import signal
import statistics
import subprocess
import time

from procfs import alive, pss_kib, status_kib, threads
from servers import HOME, MASTER, TcpEcho, all_probes_echo

DIST = os.environ.get("TCP_ECHO_DIST", os.path.join(HOME, "target", "dist"))
IDLE_CLASSPATH = os.path.join(DIST, "bench", "bench.jar")
IDLE_MAIN = "tcpecho.bench.idle.IdleJvm"
# Servers and bare JVMs alike sit this long after they are up before memory and threads are read.
SETTLE_S = 2.0
# java options whose value is the next argument (the launcher's spelling, java --help).
TAKES_VALUE = {"--add-opens", "--add-exports", "--add-reads", "--add-modules", "--module-path", "-p",
               "--upgrade-module-path", "--patch-module", "--limit-modules", "--enable-native-access"}
CLASS_PATH = {"-cp", "-classpath", "--class-path"}


def expand(args):
    """The arguments with each @FILE replaced by the file's (the java launcher's argument files)."""
    out = []
    for a in args:
        if a.startswith("@") and os.path.isfile(a[1:]):
            with open(a[1:]) as f:
                out += shlex.split(f.read(), comments=True)
        else:
            out.append(a)
    return out


def jvm_flags(pid):
    """The JVM options of a running java: its command line up to the main class, class path left out."""
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        args = expand([a.decode() for a in f.read().split(b"\0")[1:] if a])
    flags, i = [], 0
    while i < len(args) and args[i].startswith("-"):
        a = args[i]
        if a in CLASS_PATH:
            i += 2
            continue
        take = 2 if a in TAKES_VALUE else 1
        flags += args[i:i + take]
        i += take
    return flags


def worker_flags():
    """The worker's options file as the master reads it: '#' starts a comment, whitespace separates."""
    path = os.path.join(DIST, "worker", "jvm.options")
    flags = []
    with open(path) as f:
        for line in f:
            flags += line.split("#", 1)[0].split()
    return flags


def bare_jvms(specs):
    """Starts one IdleJvm per (java, flags), waits until each runs main, lets them settle, measures.

    Started together and measured after the same settle time as the servers, so the comparison does
    not depend on how long either has been up.
    """
    procs = []
    try:
        for java, flags in specs:
            procs.append(subprocess.Popen([java] + flags + ["-cp", IDLE_CLASSPATH, IDLE_MAIN],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE))
        deadline = time.monotonic() + 30
        for p in procs:
            ready, _, _ = select.select([p.stdout], [], [], max(0.0, deadline - time.monotonic()))
            line = p.stdout.readline() if ready else b""
            if line.strip() != b"idle":
                raise RuntimeError(f"bare JVM {p.args} did not start: {line!r} {p.stderr.read1(2000)!r}")
        time.sleep(SETTLE_S)
        return [{"rss_kib": status_kib(p.pid, "VmRSS"), "pss_kib": pss_kib(p.pid), "threads": threads(p.pid),
                 "flags": " ".join(flags)} for p, (_, flags) in zip(procs, specs)]
    finally:
        for p in procs:
            p.kill()
            p.wait()


def wall_s(cmd):
    t0 = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr[-500:]}")
    return time.monotonic() - t0


def cli_times(te, java, runs):
    """`status --json` against the idle server and `java -version`, alternating, medians of `runs`."""
    status, version = [], []
    for _ in range(runs):
        version.append(wall_s([java, "-version"]))
        status.append(wall_s([MASTER, "status", "--json", "--control-socket", te.sock]))
    s, v = statistics.median(status), statistics.median(version)
    return {"status_json_s": round(s, 3), "java_version_s": round(v, 3), "status_vs_java_version": round(s / v, 2)}


def kill9(te, port):
    """kill -9 of one worker, until probes spread over every worker's socket all echo again."""
    before = set(te.worker_pids())
    os.kill(min(before), signal.SIGKILL)
    t0 = time.monotonic()
    _, recovered = all_probes_echo(port, 32, 5.0)
    new_pid_s = None
    while time.monotonic() - t0 < 5:
        if set(te.worker_pids()) - before:
            new_pid_s = time.monotonic() - t0
            break
        time.sleep(0.002)
    # The probes may have been served by the new worker before we saw its pid; take the later.
    respawn_s = None if recovered is None or new_pid_s is None else max(recovered, new_pid_s)
    return {"kill9_new_worker_seen_s": new_pid_s, "kill9_all_sockets_echo_s": recovered,
            "kill9_recovery_ms": respawn_s and round(1000 * respawn_s, 1)}


def run_footprint(opt, work, port):
    """Default config, 2 workers: start -d, idle memory and threads, the CLI, kill -9; then the bare
    JVMs with the master's and the worker's flags. Returns (workload, server, variant, metrics) rows."""
    te = TcpEcho(work, port, workers=2)
    try:
        te.start()
        time.sleep(SETTLE_S)
        workers = te.worker_pids()
        java = os.readlink(f"/proc/{te.master}/exe")
        worker_java = os.readlink(f"/proc/{workers[0]}/exe")
        master_flags = jvm_flags(te.master)
        fp = {"workers": len(workers), "start_d_s": te.start_s and round(te.start_s, 3),
              "first_echo_s": te.serving_s and round(te.serving_s, 3),
              "master_rss_kib": status_kib(te.master, "VmRSS"), "master_pss_kib": pss_kib(te.master),
              "master_threads": threads(te.master),
              "idle_worker_rss_kib": max(status_kib(p, "VmRSS") for p in workers),
              "worker_threads": max(threads(p) for p in workers)}
        cli = cli_times(te, java, opt.cli_runs)
        fp.update(kill9(te, port))
    finally:
        te.stop()
    bare_master, bare_worker = bare_jvms([(java, master_flags), (worker_java, worker_flags())])
    return [("footprint", TcpEcho.name, "default", fp),
            ("cli", TcpEcho.name, "default", cli),
            ("bare-jvm", "java", "master-flags", bare_master),
            ("bare-jvm", "java", "worker-flags", bare_worker)]


def run_four_workers(work, port):
    """4 workers: each worker's PSS (the shared pages split between them), and the master's threads."""
    te = TcpEcho(work, port, workers=4)
    try:
        te.start()
        time.sleep(SETTLE_S)
        w = [p for p in te.worker_pids() if alive(p)]
        pss = [pss_kib(p) for p in w]
        return {"workers": len(w), "pss_kib": pss, "rss_kib": [status_kib(p, "VmRSS") for p in w],
                "mean_pss_kib": sum(pss) / max(1, len(w)), "max_pss_kib": max(pss, default=0),
                "master_threads": threads(te.master), "master_rss_kib": status_kib(te.master, "VmRSS"),
                "start_d_s": te.start_s and round(te.start_s, 3)}
    finally:
        te.stop()
