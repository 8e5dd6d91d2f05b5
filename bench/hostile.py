#!/usr/bin/env python3
"""The attackers of bench/hostile.sh, one subcommand each; every one prints one JSON object.

Traffic goes to 127.0.0.1 only. Attackers send from their own addresses in 127.0.0.0/8 (Linux
routes the whole range to loopback and root may bind any of it), so the per-address limits see
them apart from the well-behaved client, which connects from 127.0.0.1.
"""
import json
import os
import random
import selectors
import socket
import sys
import time
import urllib.request

HOST = "127.0.0.1"


def source(prefix, i):
    """The i-th address of a /16 such as "127.77": 127.77.0.0 is skipped (a network address)."""
    i += 1
    return "%s.%d.%d" % (prefix, (i >> 8) & 255, i & 255)


def udp_flood(port, prefix, sources, count):
    """COUNT datagrams spread over SOURCES addresses, then datagrams from loop-prone ports 7 and 19."""
    socks = []
    for i in range(sources):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((source(prefix, i), 0))
        s.setblocking(False)
        socks.append(s)
    payload = b"flood" * 10
    kernel_before = udp_rcvbuf_errors()
    sent = 0
    for n in range(count):
        try:
            socks[n % sources].sendto(payload, (HOST, port))
            sent += 1
        except BlockingIOError:
            pass
        if n % 500 == 499:
            time.sleep(0.01)
    time.sleep(0.5)
    loop = []
    for p in (7, 19):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((source(prefix, sources + p), p))
        s.setblocking(False)
        loop.append(s)
    loop_sent = 0
    for s in loop:
        for _ in range(50):
            s.sendto(b"loop?", (HOST, port))
            loop_sent += 1
    time.sleep(1.0)
    answered = sum(drain(s) for s in socks)
    loop_answered = sum(drain(s) for s in loop)
    for s in socks + loop:
        s.close()
    return {"sent": sent, "sources": sources, "answered": answered, "loop_sent": loop_sent,
            "loop_answered": loop_answered, "kernel_dropped": udp_rcvbuf_errors() - kernel_before}


def udp_rcvbuf_errors():
    """Datagrams the kernel dropped because a socket's receive buffer was full (/proc/net/snmp)."""
    with open("/proc/net/snmp") as f:
        rows = [line.split() for line in f if line.startswith("Udp:")]
    return int(rows[1][rows[0].index("RcvbufErrors")])


def drain(sock):
    n = 0
    while True:
        try:
            sock.recv(65536)
            n += 1
        except BlockingIOError:
            return n


def connect_flood(port, prefix, sources, count):
    """COUNT connections as fast as possible, each sending 8 bytes and expecting them back; from one
    address (SOURCES 1: PREFIX is the address) or spread over SOURCES addresses of PREFIX."""
    echoed = closed = failed = 0
    for i in range(count):
        addr = prefix if sources == 1 else source(prefix, i % sources)
        s = socket.socket()
        s.settimeout(5)
        try:
            s.bind((addr, 0))
            s.connect((HOST, port))
            s.sendall(b"12345678")
            data = b""
            while len(data) < 8:
                chunk = s.recv(8 - len(data))
                if not chunk:
                    break
                data += chunk
            if data == b"12345678":
                echoed += 1
            else:
                closed += 1
        except ConnectionResetError:
            closed += 1
        except OSError:
            failed += 1
        finally:
            s.close()
    return {"attempts": count, "sources": sources, "echoed": echoed, "closed_at_accept": closed, "failed": failed}


def slowloris(named_ports, addr, count, seconds):
    """COUNT connections per TCP port (NAME=PORT,...) from ADDR, one byte every 0.5 s each, never reading much."""
    result = {}
    conns = []
    for name, port in named_ports:
        opened = 0
        for _ in range(count):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.settimeout(2)
            try:
                s.bind((addr, 0))
                s.connect((HOST, port))
                s.setblocking(False)
                conns.append((name, s))
                opened += 1
            except OSError:
                s.close()
        result[name] = {"opened": opened, "closed_by_server": 0}
    for name, s in hold(conns, seconds, lambda key: b"x", 1):
        result[name]["closed_by_server"] += 1
    for r in result.values():
        r["open_at_end"] = r["opened"] - r["closed_by_server"]
    return result


def stuck_metrics(port, count, seconds):
    """COUNT metrics clients that stall: a third send "G", a third nothing, a third drip a header."""
    socks = []
    for i in range(count):
        s = socket.create_connection((HOST, port), timeout=2)
        if i % 3 == 0:
            s.sendall(b"G")
        elif i % 3 == 2:
            s.sendall(b"GET /metrics HTTP/1.1\r\nX-Slow: ")
        s.setblocking(False)
        socks.append(s)
    closed = hold(list(enumerate(socks)), seconds, lambda i: b"a" if i % 3 == 2 else None, 4096)
    return {"clients": count, "closed_by_server": len(closed)}


def hold(conns, seconds, poke, read):
    """Keeps (key, socket) pairs open for SECONDS: every 0.5 s each is sent poke(key) (None: nothing)
    and read up to READ bytes; returns the pairs the server closed meanwhile (the rest are closed)."""
    end = time.time() + seconds
    alive, closed = list(conns), []
    while time.time() < end and alive:
        still = []
        for key, s in alive:
            try:
                data = poke(key)
                if data:
                    s.send(data)
                try:
                    if s.recv(read) == b"":
                        raise ConnectionResetError
                except BlockingIOError:
                    pass
                still.append((key, s))
            except OSError:
                closed.append((key, s))
                s.close()
        alive = still
        time.sleep(0.5)
    for _, s in alive:
        s.close()
    return closed


def random_bytes(tcp_ports, udp_port, metrics_port, addr):
    """Random bytes to every port: 10 connections of 4 KiB per TCP port, 200 datagrams, 10 HTTP ones."""
    rng = random.Random(12)
    tcp = 0
    for port in tcp_ports:
        for _ in range(10):
            with socket.socket() as s:
                s.settimeout(2)
                s.bind((addr, 0))
                s.connect((HOST, port))
                s.settimeout(0.2)
                try:
                    s.sendall(rng.randbytes(4096))
                    s.recv(65536)
                except OSError:
                    pass  # discard never answers; a timeout is what it does
                tcp += 1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        u.bind((addr, 0))
        for _ in range(200):
            u.sendto(rng.randbytes(rng.randint(1, 1400)), (HOST, udp_port))
    statuses = {}
    for _ in range(10):
        with socket.create_connection((HOST, metrics_port), timeout=5) as s:
            s.sendall(rng.randbytes(rng.choice((100, 9000))) + b"\r\n\r\n")
            try:
                line = s.recv(64).split(b"\r\n")[0].decode("latin-1")
            except OSError:
                line = "reset"
            statuses[line] = statuses.get(line, 0) + 1
    return {"tcp_connections": tcp, "datagrams": 200, "http_answers": statuses}


def scrape(port, seconds, out):
    """Scrapes every 0.25 s for SECONDS (1 s timeout each); keeps the last body in OUT."""
    ok = failed = 0
    worst = 0.0
    end = time.time() + seconds
    while time.time() < end:
        started = time.time()
        try:
            with urllib.request.urlopen("http://%s:%d/metrics" % (HOST, port), timeout=1) as r:
                body = r.read()
            ok += 1
            with open(out, "wb") as f:
                f.write(body)
        except OSError:
            failed += 1
        worst = max(worst, time.time() - started)
        time.sleep(0.25)
    return {"scrapes": ok, "failed": failed, "max_ms": round(worst * 1000)}


def workers(pids):
    """Summed CPU ticks and the largest RSS (KiB) of PIDS, from /proc."""
    ticks = 0
    rss = 0
    for pid in pids:
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
            with open("/proc/%s/status" % pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss = max(rss, int(line.split()[1]))
        except OSError:
            pass
    return {"ticks": ticks, "clk_tck": os.sysconf("SC_CLK_TCK"), "rss_kib": rss}


def main(argv):
    cmd, args = argv[0], argv[1:]
    if cmd == "udp-flood":
        r = udp_flood(int(args[0]), args[1], int(args[2]), int(args[3]))
    elif cmd == "connect-flood":
        r = connect_flood(int(args[0]), args[1], int(args[2]), int(args[3]))
    elif cmd == "slowloris":
        named = [(pair.split("=")[0], int(pair.split("=")[1])) for pair in args[0].split(",")]
        r = slowloris(named, args[1], int(args[2]), float(args[3]))
    elif cmd == "stuck-metrics":
        r = stuck_metrics(int(args[0]), int(args[1]), float(args[2]))
    elif cmd == "random-bytes":
        r = random_bytes([int(p) for p in args[0].split(",")], int(args[1]), int(args[2]), args[3])
    elif cmd == "scrape":
        r = scrape(int(args[0]), float(args[1]), args[2])
    elif cmd == "workers":
        r = workers(args)
    else:
        raise SystemExit("unknown attack " + cmd)
    print(json.dumps(r))


if __name__ == "__main__":
    main(sys.argv[1:])
