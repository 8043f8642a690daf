#!/bin/bash
# The system calls an ordinary program makes work in the kernel, through the
# direct-call shim and through the system call instruction (x86_64: a ring-0
# `syscall`; riscv64: `ecall`, which ukld rewrites into a trapping `ebreak`
# and says so).
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/syscalls.c || { fail compile; exit 1; }
for linker in bfd lld; do
	link_app syscalls "$WORK/app.a" --linker=$linker 2>"$WORK/link.err" ||
		{ cat "$WORK/link.err"; fail "$linker: link"; continue; }
	if [ "$ARCH" = riscv64 ]; then
		# syscalls.c's two raw `ecall`s, at least (musl's clone.s etc.
		# are only there if something pulls them in).
		n=$(sed -n 's/.*note: \([0-9]*\) `ecall` rewritten to `ebreak`.*/\1/p' "$WORK/link.err")
		check "$linker: ukld reports the ecalls it rewrote" test "${n:-0}" -ge 2
	fi
	boot "$WORK/syscalls"
	rc=$?
	sed -n "s/^ok /PASS $linker: /p; s/^BAD /FAIL $linker: /p" "$WORK/console"
	check "$linker: exit status 0" test $rc = 0
	check "$linker: unsupported syscall logged once by name" \
		test "$(grep -c 'unsupported syscall io_setup' "$WORK/console")" = 1
	[ $rc = 0 ] || show_console
done
