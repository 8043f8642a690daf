#!/bin/bash
# The compiler's support routines in the sysroot's libgcc.a (compiler-rt
# builtins built with the kernel flags, runtime/libc/builtins.mk) pass
# `ukld check` (no red zone, kernel code model), and a program that needs
# them (128-bit division, complex arithmetic, x87 conversions,
# __builtin_cpu_supports) links and prints what the same program prints
# when built normally and run on the host.
# ukl-arches: x86_64
. tests/common.sh
libgcc=$BA/sysroot/lib/libgcc.a
"$UKLD" check "$libgcc" >"$WORK/check" 2>&1
check "libgcc.a: ukld check finds no error" test $? = 0
check "libgcc.a: ukld check looked at its members" grep -q ' 0 errors' "$WORK/check"

src=tests/boot/progs/builtins.c
gcc -O2 -o "$WORK/host" "$src" || { fail "host build"; exit 1; }
"$WORK/host" >"$WORK/expected" || { fail "host run"; exit 1; }
build_app "$WORK/app.a" "$src" || { fail compile; exit 1; }
for linker in bfd lld; do
	link_app builtins "$WORK/app.a" --linker=$linker >"$WORK/link" 2>&1
	check "$linker: link (ukld check passes on the pulled libgcc members)" test $? = 0
	nm "$WORK/builtins" | grep -q ' ukl___udivti3$'
	check "$linker: __udivti3 came from the sysroot's libgcc.a" test $? = 0
	boot "$WORK/builtins"; rc=$?
	check "$linker: exit status 0" test $rc = 0
	tr -d '\r' <"$WORK/console" | grep -xFf "$WORK/expected" >"$WORK/got"
	check "$linker: output equals the host build's" cmp -s "$WORK/expected" "$WORK/got"
	[ $rc = 0 ] && cmp -s "$WORK/expected" "$WORK/got" || { show_console; diff "$WORK/expected" "$WORK/got"; }
done
