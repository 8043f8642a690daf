#!/bin/bash
# Signal handlers as Linux runs them (runtime/sys_signal.c), each program
# printing exactly what it prints on the host:
# - tests/threads/progs/cancel.c: pthread_cancel of another thread wherever
#   it waits (read on a pipe, sleep, a condition variable, poll,
#   epoll_wait), at pthread_testcancel, held while disabled, asynchronous
#   in a busy loop; SA_SIGINFO's siginfo and ucontext, the handler's own
#   signal blocked, SA_NODEFER, SA_RESETHAND.  musl's cancellation is a
#   handler that reads and sets the interrupted pc in its ucontext
#   (<arch/ucontext.h>);
# - tests/threads/progs/signals.c "direct": SIGALRM into a busy loop,
#   SA_RESTART restarting read() and stdio's direct readv (or EINTR
#   without it), a spinning thread preempted.
# Both linkers.
. tests/common.sh
for prog in tests/threads/progs/cancel.c tests/threads/progs/signals.c; do
	n=$(basename "$prog" .c) args=
	[ $n = signals ] && args=direct
	if host_native; then
		gcc -O2 -pthread -o "$WORK/$n.host" $prog &&
			timeout 30 "$WORK/$n.host" $args >"$WORK/$n.host.out" 2>&1
		check "$n: the program passes on the host" test $? = 0
	fi
	build_app "$WORK/$n.a" $prog || { fail "$n: compile"; continue; }
	for linker in bfd lld; do
		link_app "$n" "$WORK/$n.a" --linker=$linker 2>"$WORK/link.err" ||
			{ cat "$WORK/link.err"; fail "$n-$linker: link"; continue; }
		UKL_TIMEOUT=60 boot "$WORK/$n" "$args"
		rc=$?
		sed -n "s/^ok /PASS $n-$linker: /p; s/^BAD /FAIL $n-$linker: /p" "$WORK/console"
		check "$n-$linker: exit status 0" test $rc = 0
		check "$n-$linker: all ok" console_has "$n: all ok"
		if host_native && [ -s "$WORK/$n.host.out" ]; then
			check "$n-$linker: the same lines as on the host" \
				diff -u "$WORK/$n.host.out" <(tr -d '\r' <"$WORK/console" | grep -E "^(ok|BAD|$n:) ")
		fi
		[ $rc = 0 ] || show_console
	done
done
