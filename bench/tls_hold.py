#!/usr/bin/env python3
"""Holds N TLS connections to 127.0.0.1:PORT open (each handshaken and checked with one echo) until
stdin closes; prints 'held N' once all are up. Used by bench/tls.sh to measure the worker memory an
idle TLS connection costs. Usage: tls_hold.py PORT N CAFILE"""
import socket
import ssl
import sys


def main():
    port, count, cafile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    context = ssl.create_default_context(cafile=cafile)
    held = []
    for i in range(count):
        raw = socket.create_connection(("127.0.0.1", port), timeout=30)
        tls = context.wrap_socket(raw, server_hostname="localhost")
        probe = b"hold %d\n" % i
        tls.sendall(probe)
        got = b""
        while len(got) < len(probe):
            chunk = tls.recv(len(probe) - len(got))
            if not chunk:
                raise SystemExit("connection %d closed before its echo" % i)
            got += chunk
        if got != probe:
            raise SystemExit("connection %d echoed %r" % (i, got))
        held.append(tls)
    print("held %d" % len(held), flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
