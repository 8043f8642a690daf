#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The parts of tests/real/redis.sh that need bytes exact or many sockets at
# once, against Redis on 127.0.0.1:PORT.  Each mode prints what it found
# and exits 0 when it is right.
#   gen SEED N DIR      write DIR/set.resp (N SETs of key:I to random binary
#                       values, 0..1000 bytes, as RESP for redis-cli --pipe)
#                       and DIR/values (the values, for check)
#   check PORT N DIR    GET key:0..N-1 in pipelined batches: each reply is
#                       the value written, byte for byte
#   pipeline PORT N     N commands in one write (INCR, then a GET of the
#                       counter): N replies, in order, each the right one
#   hold PORT N         open N connections, PING through each, print
#                       "holding", wait for a line on stdin, close them
import pickle
import random
import socket
import sys


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Reader:
    def __init__(self, sock):
        self.s, self.buf = sock, b""

    def need(self, n):
        while len(self.buf) < n:
            d = self.s.recv(1 << 16)
            if not d:
                raise EOFError("connection closed")
            self.buf += d

    def line(self):
        while b"\r\n" not in self.buf:
            self.need(len(self.buf) + 1)
        ln, self.buf = self.buf.split(b"\r\n", 1)
        return ln

    def reply(self):
        ln = self.line()
        t, rest = ln[:1], ln[1:]
        if t in (b"+", b"-", b":"):
            return (t, rest)
        if t == b"$":
            n = int(rest)
            if n < 0:
                return None
            self.need(n + 2)
            v, self.buf = self.buf[:n], self.buf[n + 2:]
            return v
        if t == b"*":
            return [self.reply() for _ in range(int(rest))]
        raise ValueError("bad reply %r" % ln)


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def gen(seed, n, d):
    rnd = random.Random(seed)
    vals = [rnd.randbytes(rnd.randint(0, 1000)) for _ in range(n)]
    with open(d + "/set.resp", "wb") as f:
        for i, v in enumerate(vals):
            f.write(resp("SET", "key:%d" % i, v))
    with open(d + "/values", "wb") as f:
        pickle.dump(vals, f)
    print("generated %d values, %d bytes" % (n, sum(map(len, vals))))
    return 0


def check(port, n, d):
    with open(d + "/values", "rb") as f:
        vals = pickle.load(f)
    s = connect(port)
    r = Reader(s)
    bad = 0
    for lo in range(0, n, 500):
        hi = min(n, lo + 500)
        s.sendall(b"".join(resp("GET", "key:%d" % i) for i in range(lo, hi)))
        for i in range(lo, hi):
            if r.reply() != vals[i]:
                bad += 1
    print("%d of %d values differ" % (bad, n))
    return 1 if bad else 0


def pipeline(port, n):
    s = connect(port)
    r = Reader(s)
    cmds = [resp("DEL", "pipe:counter")]
    for _ in range(n - 2):
        cmds.append(resp("INCR", "pipe:counter"))
    cmds.append(resp("GET", "pipe:counter"))
    s.sendall(b"".join(cmds))
    got = [r.reply() for _ in range(n)]
    want = [None] + [(b":", b"%d" % i) for i in range(1, n - 1)] + [b"%d" % (n - 2)]
    ok = got[1:] == want[1:] and got[0][0] == b":"
    print("%d replies, %s" % (len(got), "in order" if ok else "WRONG"))
    return 0 if ok else 1


def hold(port, n):
    socks = []
    for _ in range(n):
        s = connect(port)
        s.sendall(resp("PING"))
        socks.append(s)
    for s in socks:
        if Reader(s).reply() != (b"+", b"PONG"):
            print("no PONG")
            return 1
    print("holding %d" % n, flush=True)
    sys.stdin.readline()
    for s in socks:
        s.close()
    return 0


def main(a):
    if a[0] == "gen":
        return gen(int(a[1]), int(a[2]), a[3])
    if a[0] == "check":
        return check(int(a[1]), int(a[2]), a[3])
    if a[0] == "pipeline":
        return pipeline(int(a[1]), int(a[2]))
    if a[0] == "hold":
        return hold(int(a[1]), int(a[2]))
    print("usage: see the file's head", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
