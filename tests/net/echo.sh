#!/bin/bash
# The UKL sample's server: an epoll TCP echo server (non-blocking accept4,
# edge-triggered EPOLLIN, echo until end of file) built unmodified with
# ukl-cc, on port 5555 behind ukl-run's UKL_NET.  The host opens 50
# concurrent connections and sends 2 MB through each in random-sized writes;
# every byte must come back in order; then a "QUIT" connection stops the
# server and its exit status arrives through ukl-run.  The same source built
# for the host passes the same client first (so the test is known right).
# The full load runs once per architecture (GNU ld, the default machine);
# lld and microvm run 10 connections of 256 KB.
. tests/common.sh
. tests/net/netlib.bash
client=tests/net/echo_client.py
if host_native; then
	port=$(free_port)
	gcc -O2 -o "$WORK/host" tests/net/progs/echo_server.c || fail "host: compile"
	"$WORK/host" "$port" 127.0.0.1 >"$WORK/host.out" 2>&1 &
	hp=$!
	python3 $client "$port" --quit --timeout 60 >"$WORK/client.out" 2>&1
	rc=$?
	check "host: 50 connections x 2 MB echoed by the host build" test $rc = 0
	[ $rc = 0 ] || sed 's/^/    | /' "$WORK/client.out"
	timeout 10 tail --pid=$hp -f /dev/null; kill $hp 2>/dev/null
	check "host: the server quits" grep -q "^quit after" "$WORK/host.out"
fi
build_app "$WORK/app.a" tests/net/progs/echo_server.c || { fail compile; exit 1; }
for linker in bfd lld; do
	link_app echo_server "$WORK/app.a" --linker=$linker 2>"$WORK/link.err" ||
		{ cat "$WORK/link.err"; fail "$linker: link"; continue; }
	while read -r machine; do
		name="$linker${machine:+ $machine}"
		if [ "$linker" = bfd ] && [ -z "$machine" ]; then
			load="--conns 50 --bytes 2097152" what="50 x 2 MB"
		else
			load="--conns 10 --bytes 262144" what="10 x 256 KB"
		fi
		port=$(free_port)
		UKL_NET=$port:5555 UKL_QEMU_ARGS=$machine UKL_TIMEOUT=280 guest_start "$WORK/echo_server"
		if ! wait_console "listening on 5555" 30; then
			fail "$name: the server listens"
			guest_wait 1; show_console; continue
		fi
		# shellcheck disable=SC2086 # $load is options
		python3 $client "$port" $load --quit --timeout 240 >"$WORK/client.out" 2>&1
		rc=$?
		check "$name: $what echoed through the guest" test $rc = 0
		[ $rc = 0 ] || sed 's/^/    | /' "$WORK/client.out"
		guest_wait 20
		rc=$?
		check "$name: the server quits, exit status 0 through ukl-run" test $rc = 0
		check "$name: it saw every connection" console_has "quit after"
		[ $rc = 0 ] || show_console
	done < <(machines)
done
