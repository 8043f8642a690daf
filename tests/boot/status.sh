#!/bin/bash
# The program's exit status is QEMU's exit status (through ukl-run), for
# return from main and for exit(), and atexit handlers run in reverse order.
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/status.c || { fail compile; exit 1; }
for linker in bfd lld; do
	link_app status "$WORK/app.a" --linker=$linker || { fail "$linker: link"; continue; }
	boot "$WORK/status" "3"; check "$linker: return 3 from main" test $? = 3
	boot "$WORK/status" "exit 42"; check "$linker: exit(42)" test $? = 42
	boot "$WORK/status" "0"; check "$linker: return 0" test $? = 0
	check "$linker: atexit handlers in reverse order" bash -c \
		"grep -n atexit '$WORK/console' | tr '\n' ' ' | grep -q '1:atexit: second.*2:atexit: first'"
done
