#!/usr/bin/env python3
"""A one-connection TCP echo server on 127.0.0.1:PORT for tests/net: prints
"ready" once listening, echoes one connection until end of file, shuts its
side, and exits 0 (1 when no connection came within --timeout seconds)."""
import socket, sys

port, timeout = int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 60
l = socket.socket()
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("127.0.0.1", port))
l.listen(1)
l.settimeout(timeout)
print("ready", flush=True)
try:
    c, _ = l.accept()
except socket.timeout:
    sys.exit("host_echo: no connection")
c.settimeout(timeout)
n = 0
while True:
    b = c.recv(65536)
    if not b:
        break
    c.sendall(b)
    n += len(b)
c.shutdown(socket.SHUT_WR)
c.close()
print(f"echoed {n} bytes", flush=True)
