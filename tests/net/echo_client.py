#!/usr/bin/env python3
"""Echo client for tests/net: N concurrent TCP connections to 127.0.0.1:PORT,
each sending BYTES of pseudo-random data in random-sized writes and checking
that every byte comes back in order.  Bounded by --timeout; exit 0 if every
connection got its bytes back, 1 otherwise (with a line saying why).
--quit: afterwards, one more connection sending "QUIT\\n" (the server exits).
--sequential: one connection at a time (a server without epoll)."""
import argparse, random, selectors, socket, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("port", type=int)
ap.add_argument("--conns", type=int, default=50)
ap.add_argument("--bytes", type=int, default=2 * 1024 * 1024)
ap.add_argument("--timeout", type=float, default=60)
ap.add_argument("--stall", type=float, default=20,
                help="fail when no byte moves for this long (seconds)")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--quit", action="store_true")
ap.add_argument("--sequential", action="store_true")
a = ap.parse_args()
deadline = time.monotonic() + a.timeout


def connect():
    while True:
        try:
            return socket.create_connection(("127.0.0.1", a.port), timeout=5)
        except OSError as e:
            if time.monotonic() > deadline:
                sys.exit(f"connect: {e}")
            time.sleep(0.1)


class Conn:
    def __init__(self, i):
        rnd = random.Random(a.seed * 1000 + i)
        self.data = rnd.randbytes(a.bytes)
        self.rnd = rnd
        self.sent = self.got = 0
        self.s = connect()
        self.s.setblocking(False)
        self.i = i


def run(conns):
    sel = selectors.DefaultSelector()
    for c in conns:
        sel.register(c.s, selectors.EVENT_READ | selectors.EVENT_WRITE, c)
    left = len(conns)
    moved = time.monotonic()
    while left:
        now = time.monotonic()
        if now > deadline or now - moved > a.stall:
            why = "timed out" if now > deadline else f"nothing moved for {a.stall} s"
            for c in conns:
                if c.got < a.bytes:
                    print(f"conn {c.i}: {why}, sent {c.sent} got {c.got}")
            return False
        for key, ev in sel.select(timeout=1):
            moved = time.monotonic()
            c = key.data
            if ev & selectors.EVENT_WRITE and c.sent < a.bytes:
                n = min(c.rnd.randint(1, 65536), a.bytes - c.sent)
                try:
                    c.sent += c.s.send(c.data[c.sent:c.sent + n])
                except BlockingIOError:
                    pass
                if c.sent == a.bytes:
                    c.s.shutdown(socket.SHUT_WR)
                    sel.modify(c.s, selectors.EVENT_READ, c)
            if ev & selectors.EVENT_READ:
                try:
                    b = c.s.recv(262144)
                except BlockingIOError:
                    continue
                if not b:
                    print(f"conn {c.i}: end of file after {c.got} of {a.bytes} bytes")
                    return False
                if b != c.data[c.got:c.got + len(b)]:
                    print(f"conn {c.i}: wrong bytes at offset {c.got}")
                    return False
                c.got += len(b)
                if c.got == a.bytes:
                    sel.unregister(c.s)
                    c.s.close()
                    left -= 1
    return True


ok = True
if a.sequential:
    for i in range(a.conns):
        ok = ok and run([Conn(i)])
else:
    ok = run([Conn(i) for i in range(a.conns)])
if ok:
    print(f"{a.conns} connections x {a.bytes} bytes echoed")
if a.quit:
    q = connect()
    q.sendall(b"QUIT\n")
    q.close()
sys.exit(0 if ok else 1)
