#!/usr/bin/env python3
"""The attacks on the session-layer listeners, for bench/hostile.sh (bench/hostile.py has the older
ones): a TLS listener's handshakes, a PROXY-protocol listener's header stage, and a listener with a
latency fault flooded by clients that never read. Each prints one JSON object. While it attacks, a
probe echoes on the plain echo listener every 50 ms and records its round trips, so the report says
whether the attack on one port slowed another. Traffic goes to 127.0.0.1 only; attackers send from
their own 127.x addresses.

  hostile_listeners.py tls-flood PORT ADDR COUNT WAIT_S ECHO_PORT CAFILE
  hostile_listeners.py proxy-flood PORT COUNT WAIT_S ECHO_PORT UNTRUSTED_ADDR
  hostile_listeners.py write-flood PORT ADDR COUNT SECONDS ECHO_PORT
"""
import json
import os
import selectors
import socket
import ssl
import subprocess
import sys
import threading
import time


class EchoProbe(threading.Thread):
    """Echoes 32 bytes on a plain listener every 50 ms until stopped; keeps each round trip (ms)."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.rtts, self.failed, self.done = port, [], 0, threading.Event()

    def run(self):
        while not self.done.is_set():
            started = time.monotonic()
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
                    s.sendall(b"p" * 32)
                    got = b""
                    while len(got) < 32:
                        chunk = s.recv(64)
                        if not chunk:
                            break
                        got += chunk
                if got != b"p" * 32:
                    self.failed += 1
                else:
                    self.rtts.append((time.monotonic() - started) * 1000)
            except OSError:
                self.failed += 1
            self.done.wait(0.05)

    def report(self):
        self.done.set()
        self.join()
        rtts = sorted(self.rtts)
        return {"probes": len(rtts), "failed": self.failed,
                "p50_ms": round(rtts[len(rtts) // 2], 1) if rtts else None,
                "max_ms": round(rtts[-1], 1) if rtts else None}


def connect_from(addr, port):
    s = socket.socket()
    s.bind((addr, 0))
    s.connect(("127.0.0.1", port))
    s.setblocking(False)
    return s


def watch_closes(conns, wait_s, trickle=None):
    """conns: {socket: [kind, opened_at]}. Reads each until the server closes it (EOF or reset) or
    wait_s passes; trickle(sock) is called every 0.3 s for each open one (slow senders).
    Returns {kind: {"opened", "closed", "max_close_s", "bytes_back"}}, and the still-open count."""
    result = {}
    for kind, _ in conns.values():
        r = result.setdefault(kind, {"opened": 0, "closed": 0, "max_close_s": 0.0, "bytes_back": 0})
        r["opened"] += 1
    sel = selectors.DefaultSelector()
    for s in conns:
        sel.register(s, selectors.EVENT_READ)
    deadline = time.monotonic() + wait_s
    next_trickle = time.monotonic() + 0.3
    while conns and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.1):
            s = key.fileobj
            kind, opened = conns[s]
            try:
                data = s.recv(65536)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if data:
                result[kind]["bytes_back"] += len(data)
                continue
            r = result[kind]
            r["closed"] += 1
            r["max_close_s"] = max(r["max_close_s"], round(time.monotonic() - opened, 2))
            sel.unregister(s)
            s.close()
            del conns[s]
        if trickle and time.monotonic() >= next_trickle:
            next_trickle += 0.3
            for s in list(conns):
                try:
                    trickle(s)
                except OSError:
                    pass
    still_open = len(conns)
    for s in conns:
        s.close()
    return result, still_open


def client_hello():
    """A real ClientHello's bytes, from Python's OpenSSL, without a server."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ctx.wrap_bio(incoming, outgoing, server_hostname="localhost")
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


class SocatTlsClient(threading.Thread):
    """The well-behaved TLS client: socat OPENSSL, verifying the test CA, echoes one line every
    0.2 s; keeps the time from start to the echo (connect, handshake, echo) of each."""

    def __init__(self, port, cafile):
        super().__init__(daemon=True)
        self.port, self.cafile, self.times, self.failed, self.done = port, cafile, [], 0, threading.Event()

    def run(self):
        n = 0
        while not self.done.is_set():
            n += 1
            line = b"tls probe %d\n" % n
            started = time.monotonic()
            p = subprocess.Popen(["socat", "-T", "5", "-", "OPENSSL:127.0.0.1:%d,cafile=%s,verify=1" % (self.port, self.cafile)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            try:
                p.stdin.write(line)
                p.stdin.flush()
                got = p.stdout.readline()
                if got == line:
                    self.times.append((time.monotonic() - started) * 1000)
                else:
                    self.failed += 1
            finally:
                p.kill()
                p.wait()
            self.done.wait(0.2)

    def report(self):
        self.done.set()
        self.join()
        return {"served": len(self.times), "failed": self.failed,
                "max_ms": round(max(self.times), 1) if self.times else None}


def tls_flood(port, addr, count, wait_s, echo_port, cafile):
    probe, good = EchoProbe(echo_port), SocatTlsClient(port, cafile)
    probe.start()
    good.start()
    hello = client_hello()
    payloads = {"stalled": b"", "random-bytes": os.urandom(2048), "plain-text": b"hello, not TLS\r\n" * 8,
                "cut-client-hello": hello[:len(hello) // 2]}
    kinds = list(payloads)
    conns = {}
    for i in range(count):
        kind = kinds[i % len(kinds)]
        s = connect_from(addr, port)
        if payloads[kind]:
            s.send(payloads[kind])
        conns[s] = [kind, time.monotonic()]
    kinds_report, still_open = watch_closes(conns, wait_s)
    time.sleep(0.3)  # one more TLS echo after the last close
    return {"kinds": kinds_report, "still_open": still_open, "tls_client": good.report(), "echo_probe": probe.report()}


def proxy_flood(port, count, wait_s, echo_port, untrusted):
    probe = EchoProbe(echo_port)
    probe.start()
    header = b"PROXY TCP4 203.0.113.7 127.0.0.1 5123 %d\r\n" % port
    oversized = bytes([0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0xFF, 0xFF]) + b"\0" * 512
    conns, slow_sent = {}, {}
    for i in range(count):
        s = connect_from("127.0.0.1", port)  # byte-by-byte: one byte now, one every 0.3 s
        s.send(header[:1])
        slow_sent[s] = 1
        conns[s] = ["slow-header", time.monotonic()]
        s = connect_from("127.0.0.1", port)
        s.send(oversized)
        conns[s] = ["oversized-v2", time.monotonic()]
        s = connect_from(untrusted, port)
        try:
            s.send(header + b"from an untrusted peer\n")
        except OSError:
            pass  # closed at accept already
        conns[s] = ["untrusted", time.monotonic()]

    def trickle(s):
        if s in slow_sent and slow_sent[s] < len(header):
            s.send(header[slow_sent[s]:slow_sent[s] + 1])
            slow_sent[s] += 1

    kinds_report, still_open = watch_closes(conns, wait_s, trickle)
    good = b"a good client behind the balancer\n"
    served = False
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(header + good)
            got = b""
            while len(got) < len(good):
                chunk = s.recv(4096)
                if not chunk:
                    break
                got += chunk
            served = got == good
    except OSError:
        pass
    return {"kinds": kinds_report, "still_open": still_open, "good_client_served": served, "echo_probe": probe.report()}


def write_flood(port, addr, count, seconds, echo_port):
    """COUNT clients that write as fast as the server takes it and never read."""
    probe = EchoProbe(echo_port)
    probe.start()
    conns = [connect_from(addr, port) for _ in range(count)]
    sent = [0] * count
    chunk = os.urandom(65536)
    sel = selectors.DefaultSelector()
    for i, s in enumerate(conns):
        sel.register(s, selectors.EVENT_WRITE, i)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.1):
            try:
                sent[key.data] += key.fileobj.send(chunk)
            except (BlockingIOError, OSError):
                pass
    for s in conns:
        s.close()
    return {"connections": count, "sent_max_kib": max(sent) // 1024, "sent_total_kib": sum(sent) // 1024,
            "echo_probe": probe.report()}


def main(argv):
    cmd, args = argv[0], argv[1:]
    if cmd == "tls-flood":
        r = tls_flood(int(args[0]), args[1], int(args[2]), float(args[3]), int(args[4]), args[5])
    elif cmd == "proxy-flood":
        r = proxy_flood(int(args[0]), int(args[1]), float(args[2]), int(args[3]), args[4])
    elif cmd == "write-flood":
        r = write_flood(int(args[0]), args[1], int(args[2]), float(args[3]), int(args[4]))
    else:
        sys.exit("unknown command " + cmd)
    print(json.dumps(r))


if __name__ == "__main__":
    main(sys.argv[1:])
