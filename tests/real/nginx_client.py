#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The part of tests/real/nginx.sh that needs many sockets at once, against
# nginx on 127.0.0.1:PORT:
#   concurrent PORT N PATH FILE   open N connections (all of them before
#       any request, so the server holds N at once), then send a GET of
#       PATH?i=K on each, then read every reply (HTTP/1.1, Connection:
#       close: the body is what comes before the end of the connection);
#       each must be 200 with FILE's bytes exactly.  Prints "N of N
#       replies byte-exact" and exits 0 when all are.
import select
import socket
import sys
import time


def main():
    if len(sys.argv) != 6 or sys.argv[1] != "concurrent":
        sys.exit("usage: nginx_client.py concurrent PORT N PATH FILE")
    port, n, path = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    want = open(sys.argv[5], "rb").read()
    deadline = time.monotonic() + 60
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        socks.append(s)
    print("%d connections open" % len(socks), flush=True)
    for k, s in enumerate(socks):
        s.sendall(b"GET %s?i=%d HTTP/1.1\r\nHost: ukl\r\nConnection: close\r\n\r\n"
                  % (path.encode(), k))
    bufs = {s: bytearray() for s in socks}
    open_ = set(socks)
    for s in socks:
        s.setblocking(False)
    while open_ and time.monotonic() < deadline:
        r, _, _ = select.select(list(open_), [], [], 1.0)
        for s in r:
            try:
                d = s.recv(1 << 16)
            except BlockingIOError:
                continue
            if d:
                bufs[s] += d
            else:
                open_.discard(s)
                s.close()
    good = 0
    for k, s in enumerate(socks):
        head, sep, body = bytes(bufs[s]).partition(b"\r\n\r\n")
        status = head.split(b"\r\n", 1)[0]
        if s in open_:
            print("connection %d: no end of reply in time (%d bytes)" % (k, len(bufs[s])))
        elif not sep or not status.startswith(b"HTTP/1.1 200"):
            print("connection %d: %r" % (k, status))
        elif body != want:
            print("connection %d: body of %d bytes differs from the file's %d"
                  % (k, len(body), len(want)))
        else:
            good += 1
    print("%d of %d replies byte-exact" % (good, n))
    sys.exit(0 if good == n else 1)


if __name__ == "__main__":
    main()
