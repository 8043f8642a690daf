#!/bin/bash
# musl's pthreads, unmodified, on the runtime's scheduler (tests/threads/
# progs/torture.c): mutex, condition variables, barrier, once, TSD, __thread
# (64 KiB and 4096-aligned .tdata), join values, detached threads,
# preemption of a thread that never makes a system call, sleepers waking on
# time, futex errors, one CPU; a thread blocked in read() on the console
# while others compute; a fault in a second thread, and a thread running off
# its stack into musl's guard page, end the machine with the report naming
# the function and the thread.
# Timing checks run under -icount shift=0,sleep=off (virtual time =
# instructions, and a halted CPU jumps to the next timer), so
# a loaded host does not move them.
. tests/common.sh
build_app "$WORK/app.a" tests/threads/progs/torture.c || { fail compile; exit 1; }
for linker in bfd lld; do
	link_app torture "$WORK/app.a" --linker=$linker 2>"$WORK/link.err" ||
		{ cat "$WORK/link.err"; fail "$linker: link"; continue; }

	UKL_QEMU_ARGS="-icount shift=0,sleep=off" UKL_TIMEOUT=60 boot "$WORK/torture"
	rc=$?
	sed -n "s/^ok /PASS $linker: /p; s/^BAD /FAIL $linker: /p" "$WORK/console"
	check "$linker: every check ran" console_has "done 0 bad"
	check "$linker: exit status 0" test $rc = 0
	check "$linker: fork named once on the console" \
		test "$(grep -c 'there is one process only' "$WORK/console")" = 1
	[ $rc = 0 ] || show_console
	if [ "$ARCH" = x86_64 ]; then
		# microvm: the same LAPIC timer, no PIC or PIT behind it.
		UKL_QEMU_ARGS="-M microvm -icount shift=0,sleep=off" UKL_TIMEOUT=60 boot "$WORK/torture"
		rc=$?
		check "$linker: microvm: every check ran" console_has "done 0 bad"
		check "$linker: microvm: exit status 0" test $rc = 0
		[ $rc = 0 ] || show_console
	fi

	boot "$WORK/torture" fault
	rc=$?
	check "$linker: fault in a thread: status 255" test $rc = 255
	check "$linker: fault in a thread: names the thread" \
		grep -qE "fault: .* in thread [2-9]" "$WORK/console"
	check "$linker: fault in a thread: names the function" console_has "faulter+"
	check "$linker: fault in a thread: did not go on" bash -c "! grep -q survived '$WORK/console'"

	boot "$WORK/torture" overflow
	rc=$?
	check "$linker: thread stack overflow: status 255" test $rc = 255
	check "$linker: thread stack overflow: said so" console_has "thread stack overflow"
	check "$linker: thread stack overflow: names the thread and the function" \
		bash -c "grep -qE 'in thread [2-9]' '$WORK/console' && grep -q recurse_deep '$WORK/console'"

	# The input is sent only once the others have computed: the reader
	# was blocked in read() all along (bounded wait for the guest).
	rm -f "$WORK/in"; mkfifo "$WORK/in"
	UKL_APPEND=stdin UKL_TIMEOUT=60 "$UKLRUN" "$WORK/torture" <"$WORK/in" >"$WORK/console" 2>&1 &
	pid=$!
	exec 3>"$WORK/in"
	for _ in $(seq 600); do
		console_has "computed while reading" && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
	echo hello >&3
	exec 3>&-
	wait $pid
	rc=$?
	sed -n "s/^ok /PASS $linker: stdin: /p; s/^BAD /FAIL $linker: stdin: /p" "$WORK/console"
	check "$linker: stdin: exit status 0" test $rc = 0
	check "$linker: stdin: all ran" console_has "done 0 bad"
	[ $rc = 0 ] || show_console
done
