#!/bin/bash
# -nostdlib: no libc; the kernel's TLS and constructor halves (tls/runtime.c,
# ctors/runtime.c) do what the libc would.
. tests/common.sh
"$UKLCC" -O2 -ffreestanding -fno-tree-loop-distribute-patterns -c -o "$WORK/bare.o" tests/boot/progs/bare.c || { fail compile; exit 1; }
for linker in bfd lld; do
	"$UKLD" -nostdlib --linker=$linker --name bare "$WORK/bare.o" "$KERNEL" -o "$WORK/bare" ||
		{ fail "$linker: link"; continue; }
	boot "$WORK/bare"
	rc=$?
	check "$linker: main's return value is the status" test $rc = 5
	for s in "tbss zeroed" "tdata initialised" "tls alignment 64 ok" \
		 "constructors in priority order" "argv ok" "destructor ran"; do
		check "$linker: $s" console_has "$s"
	done
	[ $rc = 5 ] || show_console
done
