#!/bin/bash
# The other ways in and out of the guest, each on every machine and with
# both linkers: a blocking TCP echo server (accept, read, write; no epoll)
# serving the host's connections one after another; a UDP echo server
# behind a udp: forward (the datagrams in; see udp_client for the way back); a client in the guest connecting out through a
# guestfwd rule (UKL_NET_GUESTFWD) to a server on the host's 127.0.0.1,
# its non-blocking connect completed through poll; the static address
# from the command line (ip=) instead of DHCP.  The servers pass the same
# host client when built for the host.
. tests/common.sh
. tests/net/netlib.bash
[ "$ARCH" = riscv64 ] && T=60 || T=30

# udp_client PORT [echo]: 20 datagrams of up to 1472 bytes (one frame:
# QEMU 7.2's slirp crashes with SIGBUS on a fragmented datagram from a
# guest under restrict=on) to the server, then
# QUIT; with `echo`, each must come back (the host's own server).  The
# guest's replies cannot: libslirp drops every UDP datagram a guest sends
# under restrict=on (only its DHCP server answers), so the guest's test
# checks what its server says it received and echoed.
udp_client() {
	python3 - "$@" <<'PY'
import random, socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
port, echo, rnd, ok, total = int(sys.argv[1]), len(sys.argv) > 2, random.Random(7), 0, 0
for i in range(20):
    d = rnd.randbytes(rnd.randint(1, 1472))
    total += len(d)
    s.sendto(d, ("127.0.0.1", port))
    if echo:
        b, _ = s.recvfrom(65536)
        ok += b == d
    else:
        time.sleep(0.02)
s.sendto(b"QUIT", ("127.0.0.1", port))
print(f"echoed 20 datagrams, {total} bytes")
sys.exit(echo and ok != 20)
PY
}

if host_native; then
	for p in echo_blocking udp_echo; do
		gcc -O2 -o "$WORK/host_$p" tests/net/progs/$p.c || fail "host: compile $p"
	done
	port=$(free_port)
	"$WORK/host_echo_blocking" "$port" 127.0.0.1 >"$WORK/host.out" &
	python3 tests/net/echo_client.py "$port" --sequential --conns 3 --bytes 300000 --quit \
		--timeout 30 >"$WORK/client.out" 2>&1
	check "host: blocking server, 3 connections in turn" test $? = 0
	wait
	port=$(free_port udp)
	"$WORK/host_udp_echo" "$port" 127.0.0.1 >"$WORK/host.out" &
	for _ in $(seq 50); do grep -q listening "$WORK/host.out" && break; sleep 0.1; done
	udp_client "$port" echo >"$WORK/client.out" 2>&1
	check "host: UDP echo" test $? = 0
	wait
	check "host: UDP server counts what the client sent" \
		grep -qxF "$(cat "$WORK/client.out")" "$WORK/host.out"
fi

for p in echo_blocking udp_echo client; do
	build_app "$WORK/$p.a" tests/net/progs/$p.c || { fail "compile $p"; exit 1; }
done
for linker in bfd lld; do
	for p in echo_blocking udp_echo client; do
		link_app $p "$WORK/$p.a" --linker=$linker 2>"$WORK/link.err" ||
			{ cat "$WORK/link.err"; fail "$linker: link $p"; continue 2; }
	done
	while read -r machine; do
		name="$linker${machine:+ $machine}"
		export UKL_QEMU_ARGS=$machine UKL_TIMEOUT=$((T * 3))

		# Blocking TCP server; its address from the command line.
		port=$(free_port)
		UKL_NET=$port:5555 guest_start "$WORK/echo_blocking" 5555 ip=10.0.2.15/24,10.0.2.2
		if wait_console "listening on 5555" $T; then
			python3 tests/net/echo_client.py "$port" --sequential --conns 3 \
				--bytes 300000 --quit --timeout $((T * 2)) >"$WORK/client.out" 2>&1
			check "$name: blocking server (static ip=), 3 connections in turn" test $? = 0
		else
			fail "$name: blocking server listens"
		fi
		guest_wait $T
		rc=$?
		check "$name: blocking server quits, status 0" test $rc = 0
		[ $rc = 0 ] || { show_console; sed 's/^/    | /' "$WORK/client.out"; }

		# UDP echo.
		port=$(free_port udp)
		UKL_NET=udp:$port:7000 guest_start "$WORK/udp_echo" 7000
		if wait_console "listening on 7000" $T; then
			udp_client "$port" >"$WORK/client.out" 2>&1
		else
			fail "$name: UDP server binds"
		fi
		guest_wait $T
		rc=$?
		check "$name: UDP server quits, status 0" test $rc = 0
		check "$name: UDP server received and echoed every datagram" \
			console_has "$(cat "$WORK/client.out")"
		[ $rc = 0 ] || { show_console; sed 's/^/    | /' "$WORK/client.out"; }

		# A guest client out through guestfwd to the host's server.
		port=$(free_port)
		python3 tests/net/host_echo.py "$port" $((T * 2)) >"$WORK/host.out" 2>&1 &
		hp=$!
		for _ in $(seq 50); do grep -q ready "$WORK/host.out" && break; sleep 0.1; done
		UKL_NET_GUESTFWD=7777:$port guest_start "$WORK/client" 7777
		guest_wait $((T * 2))
		rc=$?
		sed -n "s/^ok /PASS $name: client: /p; s/^BAD /FAIL $name: client: /p" "$WORK/console"
		check "$name: client exit status 0" test $rc = 0
		[ $rc = 0 ] || show_console
		kill $hp 2>/dev/null; wait $hp 2>/dev/null
	done < <(machines)
done
