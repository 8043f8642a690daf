#!/bin/bash
# Readiness and the descriptors that are not files (tests/poll/progs/
# readiness.c): pipes, eventfd, poll/ppoll/select/pselect/epoll over them,
# over files, devices and the console (fed by ukl-run), time-outs measured,
# and the small process calls; with both linkers.  Where the host runs
# this architecture, the host's build of the same program passes the same
# checks, so the expectations are Linux's.
. tests/common.sh
build_app "$WORK/app.a" tests/poll/progs/readiness.c || { fail compile; exit 1; }
if host_native; then
	gcc -O2 -o "$WORK/host" tests/poll/progs/readiness.c || { fail "host build"; exit 1; }
	timeout 20 "$WORK/host" host >"$WORK/host.out" 2>&1
	check "host: the same checks pass on Linux" grep -qx 'done 0 bad' "$WORK/host.out"
	grep '^BAD' "$WORK/host.out" | sed 's/^/    | host: /'
fi
for linker in bfd lld; do
	link_app readiness "$WORK/app.a" --linker=$linker 2>"$WORK/link.err" ||
		{ cat "$WORK/link.err"; fail "$linker: link"; continue; }
	# The lines come late, so that the program's poll and epoll have to
	# sleep until the console wakes them (whatever the timing, the
	# program's answers are the same).
	{ sleep 1; printf 'hello\n'; sleep 1; printf 'world\n'; } |
		UKL_APPEND=ukl UKL_TIMEOUT=30 "$UKLRUN" "$WORK/readiness" >"$WORK/console" 2>&1
	rc=$?
	sed -n "s/^ok /PASS $linker: /p; s/^BAD /FAIL $linker: /p" "$WORK/console"
	check "$linker: exit status 0" test $rc = 0
	check "$linker: ran to the end" grep -qx 'done 0 bad' "$WORK/console"
	check "$linker: no unsupported call" test -z "$(grep 'unsupported syscall' "$WORK/console" | grep -v clone)"
	[ $rc = 0 ] || show_console
done
