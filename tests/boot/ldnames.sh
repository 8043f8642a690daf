#!/bin/bash
# The names a static link defines resolve for the prefixed application as
# in a normal static link (issue 18, item 12), with GNU ld and lld:
# __preinit_array_*, __init_array_*, __fini_array_* bound their own
# entries (musl still runs the preinit ones: its own __init_array_start is
# the head of the init array), __executable_start, etext/_etext/__etext,
# edata/_edata, __bss_start, end/_end and __ehdr_start where they belong
# (tests/boot/progs/ldnames.c says which).  The host's gcc -static build of
# the same source prints the same lines.
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/ldnames.c || { fail compile; exit 1; }
if host_native; then
	gcc -static -O2 -o "$WORK/host" tests/boot/progs/ldnames.c && "$WORK/host" >"$WORK/host.out"
	check "the host's static build agrees with itself" test $? = 0
fi
for ld in bfd lld; do
	link_app ldnames "$WORK/app.a" --linker=$ld || { fail "$ld: link"; continue; }
	boot "$WORK/ldnames"
	rc=$?
	check "$ld: every name where it belongs (exit 0)" test $rc = 0
	grep "^bad" "$WORK/console" | sed 's/^/    | /'
	check "$ld: 12 names checked" test "$(grep -c '^ok' "$WORK/console")" = 12
	if host_native; then
		check "$ld: the same lines as the host's static build" diff -u "$WORK/host.out" "$WORK/console"
	fi
done
