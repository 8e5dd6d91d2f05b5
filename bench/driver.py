#!/usr/bin/env python3
"""Runs each workload against tcp-echo-master and go-echo, alternating, and writes results JSON.

Called by bench/run.sh (which builds, raises the open-file limit and renders BENCHMARKS.md).
Every server gets a fresh start per run; every process started here is stopped by its pid.
"""
import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import time

from procfs import cpu_seconds, fd_count, log, pss_kib, status_kib
from footprint import run_footprint, run_four_workers
from servers import CORES, HOME, GoEcho, TcpEcho

BENCH = os.path.join(HOME, "bin", "tcp-echo-bench")


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
    # On loopback the receiver's context does much of the kernel's work, so a server that moves pages
    # (go-echo's splice) shifts CPU into its client: the machine's figure is server + client.
    client = r["counts"]["client_cpu_us"] / 1e6
    return {"bytes_per_s": r["rates"]["bytes_per_s"], "server_cpu_s": round(cpu, 2),
            "server_cpu_pct": round(100 * cpu / r["duration_s"], 1),
            "client_cpu_s": round(client, 2), "client_cpu_pct": round(100 * client / r["duration_s"], 1),
            "bytes_per_cpu_s": echoed / cpu if cpu > 0 else None,
            "bytes_per_machine_cpu_s": echoed / (cpu + client) if cpu + client > 0 else None,
            "machine_cpu_ns_per_byte": 1e9 * (cpu + client) / echoed if echoed else None,
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
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default="", help="comma list of parts (throughput,latency,churn,hold,affinity,log-warn,footprint)")
    ap.add_argument("--out", default=os.path.join(HOME, "bench", "results", "latest.json"))
    opt = ap.parse_args()
    opt.duration = 3 if opt.quick else 10
    opt.hold_connections = 2000 if opt.quick else 10000
    opt.hold_s = 3 if opt.quick else 10
    opt.cli_runs = 3 if opt.quick else 5
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
    began = time.monotonic()

    def record(rnd, workload, server, variant, metrics):
        row = {"round": rnd, "workload": workload, "server": server, "variant": variant, **metrics}
        results["runs"].append(row)
        log(f"round {rnd} {workload:<10} {server:<16} {variant:<12} " +
            " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in metrics.items()
                     if not isinstance(v, list) and not (isinstance(v, str) and len(v) > 40)))

    def guarded(rnd, workload, server_name, variant_name, run):
        """Runs one measurement; one that cannot finish (a server that did not start in time on the
        loaded machine, a client that printed no JSON) is recorded with its reason as a failed run, and
        the rounds go on: the other rounds' figures still count, and the report lists the failure."""
        try:
            run()
        except (RuntimeError, OSError, ValueError, KeyError, subprocess.SubprocessError) as e:
            log(f"round {rnd} {workload} {server_name} {variant_name} FAILED: {e}")
            results["runs"].append({"round": rnd, "workload": workload, "server": server_name,
                                    "variant": variant_name, "error": str(e)[:500], "ok": False})

    def serve(rnd, workload, run, server, variant_name="default"):
        started.append(server)

        def measure():
            server.start()
            try:
                record(rnd, workload, server.name, variant_name, run(server, opt))
                if server.name == TcpEcho.name and workload == "churn" and variant_name == "default":
                    record(rnd, "churn-2000", server.name, "default", run_churn_sustained(server, opt))
            finally:
                server.stop()
        guarded(rnd, workload, server.name, variant_name, measure)

    def footprint(rnd):
        for workload, server, name, metrics in run_footprint(opt, opt.work, free_port()):
            record(rnd, workload, server, name, metrics)

    try:
        for rnd in range(1, opt.rounds + 1):
            for workload, fn in WORKLOADS.items():
                if not wanted(workload):
                    continue
                order = ["tcp", "go"] if rnd % 2 == 1 else ["go", "tcp"]
                for which in order:
                    port = free_port()
                    serve(rnd, workload, fn, TcpEcho(opt.work, port) if which == "tcp" else GoEcho(opt.go_echo, port))
                    if which == "tcp" and workload == "churn" and wanted("log-warn"):
                        # What the two info lines per connection cost: the same churn at log-level warn.
                        serve(rnd, "churn", run_churn, TcpEcho(opt.work, free_port(), log_level="warn"), "log-warn")
                    if which == "tcp" and workload == "throughput" and wanted("affinity"):
                        serve(rnd, "throughput", run_throughput, TcpEcho(opt.work, free_port(), affinity="auto"),
                              "affinity-auto")
            if wanted("footprint"):
                guarded(rnd, "footprint", TcpEcho.name, "default", lambda: footprint(rnd))
                guarded(rnd, "pss-4-workers", TcpEcho.name, "default",
                        lambda: record(rnd, "pss-4-workers", TcpEcho.name, "default",
                                       run_four_workers(opt.work, free_port())))
    finally:
        for s in started:
            try:
                s.stop()
            except Exception as e:  # noqa: BLE001 - keep stopping the others
                log(f"stop of {s.name} failed: {e}")
    results["settings"]["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    results["settings"]["elapsed_s"] = round(time.monotonic() - began)
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
