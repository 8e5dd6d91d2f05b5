#!/usr/bin/env python3
"""Client side of bench/faults.sh: measures what one fault does to an echo listener on 127.0.0.1.

  faults_probe.py rtt PORT N           N round trips of 100 bytes on one connection: "p50 p99 min max" in ms
  faults_probe.py rate PORT SECONDS    echoed bytes per second while a writer keeps the connection full: KB/s
  faults_probe.py chunks PORT BYTES    sends BYTES at once, prints the size of each read until all are back
"""
import socket
import sys
import threading
import time


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_exactly(s, n):
    got = 0
    while got < n:
        chunk = s.recv(n - got)
        if not chunk:
            sys.exit(f"EOF after {got} of {n} bytes")
        got += len(chunk)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def rtt(port, n):
    s = connect(port)
    data = b"x" * 100
    times = []
    for _ in range(n):
        start = time.monotonic()
        s.sendall(data)
        read_exactly(s, len(data))
        times.append((time.monotonic() - start) * 1000)
    s.close()
    print(f"{percentile(times, 50):.1f} {percentile(times, 99):.1f} {min(times):.1f} {max(times):.1f}")


def rate(port, seconds):
    s = connect(port)
    done = threading.Event()

    def writer():
        block = b"y" * 65536
        try:
            while not done.is_set():
                s.sendall(block)
        except OSError:
            pass  # closed by the reader at the end

    threading.Thread(target=writer, daemon=True).start()
    s.recv(65536)  # the clock starts once the first echoed bytes are in; they do not count
    first = time.monotonic()
    total = 0
    while time.monotonic() - first < seconds:
        total += len(s.recv(65536))
    elapsed = time.monotonic() - first
    done.set()
    s.close()
    print(f"{total / elapsed / 1000:.1f}")


def chunks(port, n):
    s = connect(port)
    s.sendall(b"z" * n)
    sizes = []
    while sum(sizes) < n:
        chunk = s.recv(65536)
        if not chunk:
            sys.exit(f"EOF after {sum(sizes)} of {n} bytes")
        sizes.append(len(chunk))
    s.close()
    print(" ".join(map(str, sizes)))


if __name__ == "__main__":
    mode, port, arg = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"rtt": lambda: rtt(port, int(arg)), "rate": lambda: rate(port, float(arg)),
     "chunks": lambda: chunks(port, int(arg))}[mode]()
