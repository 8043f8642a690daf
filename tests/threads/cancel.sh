#!/bin/bash
# pthread_cancel of another thread wherever it waits (read on a pipe,
# sleep, a condition variable, poll, epoll_wait), at pthread_testcancel,
# held while disabled, asynchronous in a busy loop; and signal handlers as
# Linux runs them (SA_SIGINFO's siginfo and ucontext, the handler's own
# signal blocked, SA_NODEFER, SA_RESETHAND).  musl's cancellation is a
# handler that reads and sets the interrupted pc in its ucontext
# (runtime/sys_signal.c, <arch/ucontext.h>).  The same program passes on
# the host, with the same lines.  Both linkers.
. tests/common.sh
src=tests/threads/progs/cancel.c
if host_native; then
	gcc -O2 -pthread -o "$WORK/host" $src &&
		timeout 30 "$WORK/host" >"$WORK/host.out" 2>&1
	check "host: the program passes on the host" test $? = 0
fi
build_app "$WORK/app.a" $src || { fail compile; exit 1; }
for linker in bfd lld; do
	link_app cancel "$WORK/app.a" --linker=$linker 2>"$WORK/link.err" ||
		{ cat "$WORK/link.err"; fail "$linker: link"; continue; }
	UKL_TIMEOUT=60 boot "$WORK/cancel"
	rc=$?
	sed -n "s/^ok /PASS $linker: /p; s/^BAD /FAIL $linker: /p" "$WORK/console"
	check "$linker: exit status 0" test $rc = 0
	check "$linker: cancel: all ok" console_has "cancel: all ok"
	if host_native && [ -s "$WORK/host.out" ]; then
		check "$linker: the same lines as on the host" \
			diff -u "$WORK/host.out" <(tr -d '\r' <"$WORK/console" | grep -E '^(ok|BAD|cancel:) ')
	fi
	[ $rc = 0 ] || show_console
done
