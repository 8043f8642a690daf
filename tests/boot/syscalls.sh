#!/bin/bash
# The system calls an ordinary program makes work in the kernel, through the
# direct-call shim and through a ring-0 `syscall` instruction.
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/syscalls.c || { fail compile; exit 1; }
for linker in bfd lld; do
	link_app syscalls "$WORK/app.a" --linker=$linker || { fail "$linker: link"; continue; }
	boot "$WORK/syscalls"
	rc=$?
	sed -n "s/^ok /PASS $linker: /p; s/^BAD /FAIL $linker: /p" "$WORK/console"
	check "$linker: exit status 0" test $rc = 0
	check "$linker: unsupported syscall logged once by name" \
		test "$(grep -c 'unsupported syscall io_setup' "$WORK/console")" = 1
	[ $rc = 0 ] || show_console
done
