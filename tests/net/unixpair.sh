#!/bin/bash
# AF_UNIX stream socket pairs (runtime/net/unix.c) inside one image, no NIC:
# both directions, the calls on an end and their errnos, end of file,
# EPIPE/SIGPIPE and MSG_NOSIGNAL after shutdown and close, poll and epoll
# readiness with EPOLLRDHUP (nginx's probe), MSG_PEEK/MSG_DONTWAIT/
# FIONREAD, and 4 MiB from a thread byte-exact.  The same program passes on
# the host, with the same lines.
. tests/common.sh
src=tests/net/progs/unixpair.c
if host_native; then
	gcc -O2 -pthread -o "$WORK/host" $src &&
		timeout 30 "$WORK/host" >"$WORK/host.out" 2>&1
	check "host: the program passes on the host" test $? = 0
fi
build_app "$WORK/app.a" $src || { fail compile; exit 1; }
link_app unixpair "$WORK/app.a" 2>"$WORK/link.err" || { cat "$WORK/link.err"; fail link; exit 1; }
UKL_TIMEOUT=60 boot "$WORK/unixpair"
rc=$?
sed -n "s/^ok /PASS /p; s/^BAD /FAIL /p" "$WORK/console"
check "exit status 0" test $rc = 0
check "unixpair: all ok" console_has "unixpair: all ok"
if host_native && [ -s "$WORK/host.out" ]; then
	check "the same lines as on the host" diff -u "$WORK/host.out" <(tr -d '\r' <"$WORK/console" | grep -E '^(ok|BAD|unixpair:) ')
fi
[ $rc = 0 ] || show_console
