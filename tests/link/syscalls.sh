#!/bin/bash
# ukld knows at link time which system calls the program can make and which
# the kernel implements (issue 18, item 13): a musl wrapper (acct) and a
# syscall() site with a constant number (swapon), neither of which the
# runtime implements, are named in one warning, with GNU ld and lld, and in
# `ukld check --format=json`'s "syscalls" member; getppid, which it
# implements, is among the used but not the missing ones.  The kernel's set
# comes from its table's own section (runtime/syscall.c).
. tests/common.sh
cat >"$WORK/sc.c" <<'C'
#define _GNU_SOURCE
#include <unistd.h>
#include <sys/syscall.h>
int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 5) {
		acct("/x");
		syscall(SYS_swapon, "/x", 0);
		syscall(SYS_getppid);
	}
	return getppid() == 0 ? 0 : 1;
}
C
build_app "$WORK/sc.a" "$WORK/sc.c" || { fail build; exit 1; }
check "the kernel carries its table" bash -c "readelf -SW '$KERNEL' | grep -q '\.rodata\.ukl_syscalls'"
for ld in bfd lld; do
	"$UKLD" --linker=$ld "$WORK/sc.a" "$KERNEL" -o "$WORK/sc-$ld" 2>"$WORK/err"
	check "$ld: links" test $? = 0
	check "$ld: one warning names acct and swapon" \
		bash -c "[ \$(grep -c 'warning: the program can call' '$WORK/err') = 1 ] &&
			 grep 'warning: the program can call' '$WORK/err' | grep -q 'acct' &&
			 grep 'warning: the program can call' '$WORK/err' | grep -q 'swapon'"
	check "$ld: getppid is not in it" bash -c "! grep 'can call' '$WORK/err' | grep -q getppid"
	boot "$WORK/sc-$ld"
	check "$ld: the image runs" test $? = 0
done
# ukld check looks at the inputs it is given (not the libc a link adds):
# the syscall() sites of sc.o.
"$UKLD" check --format=json "$WORK/sc.a" "$KERNEL" >"$WORK/json" 2>/dev/null
j=$(grep '"syscalls"' "$WORK/json")
check "check --format=json: used has swapon and getppid" \
	bash -c "grep -q '\"used\": \[.*\"swapon\"' <<<'$j' && grep -q '\"used\": \[.*\"getppid\"' <<<'$j'"
check "check --format=json: missing has swapon, not getppid" \
	bash -c "m=\$(sed 's/.*\"missing\"//' <<<'$j'); grep -q swapon <<<\"\$m\" && ! grep -q getppid <<<\"\$m\""
"$UKLD" check --format=json "$WORK/sc.a" >"$WORK/json" 2>/dev/null
check "check --format=json without a kernel: missing is null" grep -q '"missing": null' "$WORK/json"
