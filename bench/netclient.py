#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench/netclient.py PORT [--rtt N] [--bulk MB]: the host side of make
bench's network rows, against tests/net/progs/echo_server.c in a guest
behind 127.0.0.1:PORT.  One connection: N 1-byte ping-pongs (the mean round
trip), then MB MiB sent while the echo is read back (the rate of the
echo), then a QUIT connection that ends the server.  Prints
`bench rtt_us X` and `bench bulk_kbps Y`.  Every step has a time limit."""
import argparse, socket, sys, threading, time

ap = argparse.ArgumentParser()
ap.add_argument("port", type=int)
ap.add_argument("--rtt", type=int, default=10000)
ap.add_argument("--bulk", type=int, default=20)
ap.add_argument("--timeout", type=float, default=120)
a = ap.parse_args()

def connect():
    end = time.time() + 30
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", a.port), timeout=a.timeout)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return s
        except OSError:
            if time.time() > end:
                raise
            time.sleep(0.2)

s = connect()
t0 = time.perf_counter()
for _ in range(a.rtt):
    s.sendall(b"x")
    if s.recv(1) != b"x":
        sys.exit("netclient: the echo differs or ended")
rtt = (time.perf_counter() - t0) / max(a.rtt, 1)
print("bench rtt_us %d" % int(rtt * 1e6), flush=True)

total = a.bulk << 20
chunk = b"y" * 65536
def send():
    left = total
    while left:
        n = min(left, len(chunk))
        s.sendall(chunk[:n])
        left -= n
t0 = time.perf_counter()
th = threading.Thread(target=send)
th.start()
got = 0
while got < total:
    d = s.recv(1 << 20)
    if not d:
        sys.exit("netclient: the echo ended after %d bytes" % got)
    got += len(d)
th.join()
dt = time.perf_counter() - t0
print("bench bulk_kbps %d" % int(total / 1024 / dt), flush=True)
s.close()
q = connect()
q.sendall(b"QUIT\n")
q.close()
