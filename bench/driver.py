#!/usr/bin/env python3
"""Runs each workload against tcp-echo-master and go-echo, alternating, and writes results JSON.

Called by bench/run.sh (which builds, raises the open-file limit and renders BENCHMARKS.md).
Every server gets a fresh start per run; every process started here is stopped by its pid.
"""
import argparse
import json
import os
import platform
import select
import signal
import socket
import statistics
import subprocess
import sys
import time

HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MASTER = os.path.join(HOME, "bin", "tcp-echo-master")
BENCH = os.path.join(HOME, "bin", "tcp-echo-bench")
CONFIG = os.path.join(HOME, "config", "tcp-echo.toml")
CLK_TCK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count()


def log(msg):
    print(time.strftime("%H:%M:%S ") + msg, file=sys.stderr, flush=True)


# ---------- /proc ----------

def cpu_seconds(pids):
    """utime + stime of each pid (threads included), in seconds."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of proc(5))
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total / CLK_TCK


def status_kib(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def children(pid):
    kids = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                kids += [int(p) for p in f.read().split()]
    except FileNotFoundError:
        pass
    return kids


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except (FileNotFoundError, PermissionError):
        return 0


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


# ---------- echo probes ----------

def echo_once(port, timeout=0.2):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(b"ping")
            got = b""
            while len(got) < 4:
                chunk = s.recv(4 - len(got))
                if not chunk:
                    return False
                got += chunk
            return got == b"ping"
    except OSError:
        return False


def all_probes_echo(port, n=32, deadline_s=5.0):
    """Opens n connections at once and returns seconds until every one has echoed, or None.

    With SO_REUSEPORT the kernel spreads the connects over every worker's socket by hash, so with
    32 probes each socket gets some (all missing one of two has odds 2^-32): the last echo is the
    moment the slowest socket is served again.
    """
    t0 = time.monotonic()
    socks, waiting = [], {}
    for i in range(n):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        socks.append(s)
        waiting[s.fileno()] = (s, b"probe%03d" % i, b"", False)
    try:
        while waiting and time.monotonic() - t0 < deadline_s:
            unsent = [w[0] for w in waiting.values() if not w[3]]
            r, w, _ = select.select([v[0] for v in waiting.values()], unsent, [], 0.01)
            for s in w:
                sock, msg, got, _ = waiting[s.fileno()]
                try:
                    sock.send(msg)
                    waiting[s.fileno()] = (sock, msg, got, True)
                except (BlockingIOError, OSError):
                    pass
            for s in r:
                if s.fileno() not in waiting:
                    continue
                sock, msg, got, sent = waiting[s.fileno()]
                try:
                    data = sock.recv(64)
                except (BlockingIOError, ConnectionError, OSError):
                    continue
                got += data
                if got == msg:
                    del waiting[s.fileno()]
                else:
                    waiting[s.fileno()] = (sock, msg, got, sent)
        return None if waiting else time.monotonic() - t0
    finally:
        for s in socks:
            s.close()


# ---------- servers ----------

class TcpEcho:
    name = "tcp-echo-master"

    def __init__(self, work, port, workers=None, affinity=None, log_level=None):
        self.work, self.port, self.workers, self.affinity = work, port, workers, affinity
        self.log_level = log_level
        self.dir = os.path.join(work, f"te-{port}")
        os.makedirs(self.dir, exist_ok=True)
        self.sock = os.path.join(self.dir, "c.sock")
        self.pidfile = os.path.join(self.dir, "master.pid")
        self.master = None
        self.start_s = None
        self.serving_s = None

    def config(self):
        if self.affinity is None:
            return CONFIG
        path = os.path.join(self.dir, "tcp-echo.toml")
        with open(CONFIG) as src, open(path, "w") as dst:
            dst.write(src.read() + f'\nworker-cpu-affinity = "{self.affinity}"\n')
        return path

    def start(self):
        cmd = [MASTER, "start", "-d", "-p", str(self.port), "-c", self.config(),
               "--control-socket", self.sock, "--pid-file", self.pidfile]
        if self.workers:
            cmd += ["-w", str(self.workers)]
        if self.log_level:
            cmd += ["--log-level", self.log_level]
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        first_echo = None
        while proc.poll() is None or first_echo is None:
            if first_echo is None and echo_once(self.port, 0.05):
                first_echo = time.monotonic() - t0
            elif first_echo is None:
                time.sleep(0.005)
            if time.monotonic() - t0 > 30:
                break
        rc = proc.wait()
        returned = time.monotonic() - t0
        if rc != 0:
            raise RuntimeError(f"tcp-echo-master start failed ({rc}): {proc.stderr.read()}")
        with open(self.pidfile) as f:
            self.master = int(f.read().strip())
        self.start_s = max(returned, first_echo or returned)
        self.serving_s = first_echo
        self.wait_workers()
        return self

    def wait_workers(self):
        want = self.workers or CORES
        deadline = time.monotonic() + 10
        while len(self.worker_pids()) < want and time.monotonic() < deadline:
            time.sleep(0.02)

    def worker_pids(self):
        return [p for p in children(self.master) if alive(p)]

    def pids(self):
        return [self.master] + self.worker_pids()

    def stop(self):
        if not self.master:
            return
        pids = self.pids()
        try:
            os.kill(self.master, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + 15
        while any(alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        for p in pids:
            if alive(p):
                log(f"{self.name} pid {p} still alive after SIGTERM + 15 s: SIGKILL")
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.master = None


class GoEcho:
    name = "go-echo"

    def __init__(self, binary, port):
        self.binary, self.port, self.proc = binary, port, None

    def start(self):
        self.proc = subprocess.Popen([self.binary, "-addr", f"127.0.0.1:{self.port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not echo_once(self.port, 0.05):
            if time.monotonic() > deadline:
                raise RuntimeError("go-echo did not start")
            time.sleep(0.01)
        return self

    def worker_pids(self):
        return [self.proc.pid]

    def pids(self):
        return [self.proc.pid]

    def stop(self):
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None


# ---------- workloads ----------

def bench(args, timeout):
    out = subprocess.run([BENCH] + args + ["--json"], capture_output=True, text=True, timeout=timeout)
    try:
        return json.loads(out.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"tcp-echo-bench {' '.join(args)} printed no JSON (rc {out.returncode}): "
                           f"{out.stdout[-500:]} {out.stderr[-500:]}")


def failures(result):
    return sum(result.get("failures", {}).values())


def run_throughput(server, opt):
    pids = server.pids()
    c0 = cpu_seconds(pids)
    r = bench(["throughput", "-p", str(server.port), "-c", "50", "-s", "1024", "-d", str(opt.duration)],
              opt.duration + 60)
    cpu = cpu_seconds(pids) - c0
    echoed = r["counts"]["echoed_bytes"]
    return {"bytes_per_s": r["rates"]["bytes_per_s"], "server_cpu_s": round(cpu, 2),
            "server_cpu_pct": round(100 * cpu / r["duration_s"], 1),
            "bytes_per_cpu_s": echoed / cpu if cpu > 0 else None,
            "worker_rss_kib_after": sum(status_kib(p, "VmRSS") for p in server.worker_pids()),
            "failures": failures(r), "ok": r["ok"]}


def run_latency(server, opt):
    r = bench(["latency", "-p", str(server.port), "-c", "10", "-r", "1000", "-s", "64", "-d", str(opt.duration)],
              opt.duration + 60)
    return {"p50_us": r["latency_us"]["p50"], "p99_us": r["latency_us"]["p99"],
            "p999_us": r["latency_us"]["p99.9"], "failures": failures(r), "ok": r["ok"]}


def run_churn(server, opt):
    pids = server.pids()
    c0 = cpu_seconds(pids)
    r = bench(["churn", "-p", str(server.port), "--rate", "0", "-d", str(opt.duration)], opt.duration + 60)
    cpu = cpu_seconds(pids) - c0
    done = r["counts"]["successes"]
    # CPU per connection drifts less than the rate with other load on the machine.
    return {"connections_per_s": r["rates"]["connections_per_s"], "server_cpu_us_per_conn": 1e6 * cpu / max(1, done),
            "failures": failures(r), "ok": r["ok"]}


def run_churn_sustained(server, opt):
    r = bench(["churn", "-p", str(server.port), "--rate", "2000", "-d", str(opt.duration)], opt.duration + 60)
    return {"connections_per_s": r["rates"]["connections_per_s"], "attempts": r["counts"]["attempts"],
            "failures": failures(r), "ok": r["ok"]}


def run_hold(server, opt):
    n = opt.hold_connections
    workers = server.worker_pids()
    time.sleep(0.5)
    rss0 = sum(status_kib(p, "VmRSS") for p in workers)
    fds0 = sum(fd_count(p) for p in workers)
    proc = subprocess.Popen([BENCH, "hold", "-p", str(server.port), "-c", str(n), "--hold", str(opt.hold_s),
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    held_rss, all_open = 0, False
    while proc.poll() is None:
        fds = sum(fd_count(p) for p in workers) - fds0
        if fds >= n:
            all_open = True
            held_rss = max(held_rss, sum(status_kib(p, "VmRSS") for p in workers))
        time.sleep(0.25)
    out, _ = proc.communicate()
    r = json.loads(out)
    growth = (held_rss - rss0) / n if all_open else None
    return {"connections": n, "opened": r["counts"]["opened"], "echoed_after_hold": r["counts"]["echoed_after_hold"],
            "worker_rss_kib_idle": rss0, "worker_rss_kib_held": held_rss,
            "rss_growth_kib_per_conn": round(growth, 3) if growth is not None else None,
            "failures": failures(r), "ok": r["ok"] and r["counts"]["echoed_after_hold"] == n}


def run_footprint(opt, work, port):
    """Fresh default start: start -d time, idle worker RSS/PSS, then kill -9 of a worker and recovery."""
    te = TcpEcho(work, port).start()
    try:
        time.sleep(1.0)
        workers = te.worker_pids()
        rss = [status_kib(p, "VmRSS") for p in workers]
        before = set(workers)
        victim = workers[0]
        os.kill(victim, signal.SIGKILL)
        t0 = time.monotonic()
        recovered = all_probes_echo(port, 32, 5.0)
        new_pid_s = None
        while time.monotonic() - t0 < 5:
            if set(te.worker_pids()) - before:
                new_pid_s = time.monotonic() - t0
                break
            time.sleep(0.002)
        # The probes may have been served by the new worker before we saw its pid; take the later.
        respawn_s = None if recovered is None or new_pid_s is None else max(recovered, new_pid_s)
        return {"start_d_s": round(te.start_s, 3), "first_echo_s": round(te.serving_s or 0, 3),
                "idle_worker_rss_kib": max(rss), "kill9_new_worker_seen_s": new_pid_s,
                "kill9_all_sockets_echo_s": recovered, "kill9_recovery_ms": respawn_s and round(1000 * respawn_s, 1)}
    finally:
        te.stop()


def run_pss4(work, port):
    te = TcpEcho(work, port, workers=4).start()
    try:
        time.sleep(1.5)
        w = te.worker_pids()
        return {"workers": len(w), "pss_kib": [pss_kib(p) for p in w], "rss_kib": [status_kib(p, "VmRSS") for p in w],
                "mean_pss_kib": sum(pss_kib(p) for p in w) / max(1, len(w))}
    finally:
        te.stop()


WORKLOADS = {"throughput": run_throughput, "latency": run_latency, "churn": run_churn, "hold": run_hold}


def machine_facts():
    def cmd(*c):
        try:
            r = subprocess.run(c, capture_output=True, text=True, timeout=30)
            return (r.stdout + r.stderr).strip()
        except OSError as e:
            return str(e)
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = f.readline().split()[1]
    return {"nproc": CORES, "cpu_model": model, "kernel": platform.release(), "mem_kib": int(mem),
            "java": cmd("java", "-version").splitlines()[0:2], "go": cmd("go", "version"),
            "loadavg_at_start": open("/proc/loadavg").read().split()[:3]}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--go-echo", required=True)
    ap.add_argument("--ulimit", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default="", help="comma list of workloads (throughput,latency,churn,hold,affinity,footprint)")
    ap.add_argument("--out", default=os.path.join(HOME, "bench", "results", "latest.json"))
    opt = ap.parse_args()
    opt.duration = 3 if opt.quick else 10
    opt.hold_connections = 2000 if opt.quick else 10000
    opt.hold_s = 3 if opt.quick else 10
    if opt.quick:
        opt.rounds = 1
    only = set(filter(None, opt.only.split(",")))

    def wanted(name):
        return not only or name in only

    results = {"machine": machine_facts(), "settings": {
        "rounds": opt.rounds, "duration_s": opt.duration, "hold_connections": opt.hold_connections,
        "hold_s": opt.hold_s, "workers": CORES, "open_file_limit": opt.ulimit, "quick": opt.quick,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}, "runs": []}
    started = []

    def record(rnd, workload, server, variant, metrics):
        row = {"round": rnd, "workload": workload, "server": server, "variant": variant, **metrics}
        results["runs"].append(row)
        log(f"round {rnd} {workload:<10} {server:<16} {variant:<12} " +
            " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in metrics.items()
                     if not isinstance(v, list)))

    def variant(rnd, workload, name, run, **server_options):
        """One extra tcp-echo-master run with non-default settings (log level, affinity), recorded apart."""
        server = TcpEcho(opt.work, free_port(), **server_options)
        started.append(server)
        server.start()
        try:
            record(rnd, workload, server.name, name, run(server, opt))
        finally:
            server.stop()

    try:
        for rnd in range(1, opt.rounds + 1):
            for workload, fn in WORKLOADS.items():
                if not wanted(workload):
                    continue
                order = ["tcp", "go"] if rnd % 2 == 1 else ["go", "tcp"]
                for which in order:
                    port = free_port()
                    server = TcpEcho(opt.work, port) if which == "tcp" else GoEcho(opt.go_echo, port)
                    started.append(server)
                    server.start()
                    try:
                        record(rnd, workload, server.name, "default", fn(server, opt))
                        if which == "tcp" and workload == "churn":
                            record(rnd, "churn-2000", server.name, "default", run_churn_sustained(server, opt))
                    finally:
                        server.stop()
                    if which == "tcp" and workload == "churn" and wanted("log-warn"):
                        # What the two info lines per connection cost: the same churn at log-level warn.
                        variant(rnd, "churn", "log-warn", run_churn, log_level="warn")
                    if which == "tcp" and workload == "throughput" and wanted("affinity"):
                        variant(rnd, "throughput", "affinity-auto", run_throughput, affinity="auto")
            if wanted("footprint"):
                record(rnd, "footprint", "tcp-echo-master", "default", run_footprint(opt, opt.work, free_port()))
                record(rnd, "pss-4-workers", "tcp-echo-master", "default", run_pss4(opt.work, free_port()))
    finally:
        for s in started:
            try:
                s.stop()
            except Exception as e:  # noqa: BLE001 - keep stopping the others
                log(f"stop of {s.name} failed: {e}")
    results["settings"]["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    results["machine"]["loadavg_at_end"] = open("/proc/loadavg").read().split()[:3]
    results["medians"] = medians(results["runs"])
    os.makedirs(os.path.dirname(opt.out), exist_ok=True)
    with open(opt.out, "w") as f:
        json.dump(results, f, indent=1)
    log(f"wrote {opt.out}")


def medians(runs):
    groups = {}
    for r in runs:
        key = f'{r["workload"]}|{r["server"]}|{r["variant"]}'
        for k, v in r.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool) and k != "round":
                groups.setdefault(key, {}).setdefault(k, []).append(v)
            if isinstance(v, bool):
                groups.setdefault(key, {}).setdefault(k, []).append(v)
    out = {}
    for key, metrics in groups.items():
        out[key] = {}
        for k, vs in metrics.items():
            if all(isinstance(v, bool) for v in vs):
                out[key][k] = all(vs)
            elif k == "failures":
                out[key][k] = sum(vs)
            else:
                out[key][k] = statistics.median(vs)
    return out


if __name__ == "__main__":
    main()
