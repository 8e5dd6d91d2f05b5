#!/usr/bin/env python3
"""The servers bench/driver.py measures (tcp-echo-master, go-echo) and the echo probes that tell when they serve.

Each server is started fresh and stopped by its own pids; nothing here stops a process by name.
"""
import os
import select
import signal
import socket
import subprocess
import threading
import time

from procfs import alive, children, log

HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MASTER = os.path.join(HOME, "bin", "tcp-echo-master")
CONFIG = os.path.join(HOME, "config", "tcp-echo.toml")
CORES = os.cpu_count()


# ---------- echo probes ----------

def accepts(port):
    """Whether something listens on the port (a connect completes), echo or not."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.05):
            return True
    except OSError:
        return False


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
    """Opens n connections at once; returns seconds until the first and until every one has echoed
    (None for what did not happen within deadline_s).

    With SO_REUSEPORT the kernel spreads the connects over every worker's socket by hash, so with
    16 probes per worker (32 at least) each socket gets some (all 32 missing one of two has odds
    2^-32): the last echo is the moment the slowest socket is served.
    """
    t0 = time.monotonic()
    first = None
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
                    first = first if first is not None else time.monotonic() - t0
                else:
                    waiting[s.fileno()] = (sock, msg, got, sent)
        return first, None if waiting else time.monotonic() - t0
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
        """Runs `start -d` and times it as a user sees it: start_s until the command has returned and
        every worker echoes, serving_s until the first echo."""
        cmd = [MASTER, "start", "-d", "-p", str(self.port), "-c", self.config(),
               "--control-socket", self.sock, "--pid-file", self.pidfile]
        if self.workers:
            cmd += ["-w", str(self.workers)]
        if self.log_level:
            cmd += ["--log-level", self.log_level]
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        returned = []
        waiter = threading.Thread(target=lambda: returned.append((proc.wait(), time.monotonic() - t0)), daemon=True)
        waiter.start()
        deadline = t0 + 30
        while not accepts(self.port) and time.monotonic() < deadline and not (returned and returned[0][0]):
            time.sleep(0.005)
        # The master binds every socket before it spawns the workers, so probes opened now wait in
        # each worker's accept queue until that worker serves.
        opened = time.monotonic() - t0
        probes = max(32, 16 * (self.workers or CORES))
        first, last = all_probes_echo(self.port, probes, max(0.1, deadline - time.monotonic()))
        waiter.join(max(0.1, deadline - time.monotonic()))
        self.master = self.read_pidfile()  # before any raise, so that stop() finds what did start
        if not returned:
            raise RuntimeError(f"tcp-echo-master start -d had not returned after 30 s: {cmd}")
        rc, returned_s = returned[0]
        if rc != 0:
            raise RuntimeError(f"tcp-echo-master start failed ({rc}): {proc.stderr.read()}")
        if not self.master:
            raise RuntimeError(f"tcp-echo-master start -d wrote no pid file {self.pidfile}")
        self.serving_s = None if first is None else opened + first
        self.start_s = None if last is None else max(returned_s, opened + last)
        self.wait_workers()
        return self

    def read_pidfile(self):
        try:
            with open(self.pidfile) as f:
                return int(f.read().strip())
        except (FileNotFoundError, ValueError):
            return None

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
        # A session of its own, as tcp-echo-master's `start -d` gets through setsid. With autogroup
        # scheduling (kernel.sched_autogroup_enabled=1 here) each session is one scheduling group: left
        # in the driver's session, go-echo would share the client's group and compete with the busy
        # client task by task (a woken go-echo preempts it), while our workers compete as a group of
        # their own. Both servers must be placed alike for their latencies to compare.
        self.proc = subprocess.Popen([self.binary, "-addr", f"127.0.0.1:{self.port}"], start_new_session=True,
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
