#!/bin/bash
# Direct system calls (docs/ARCHITECTURE.md, the contract's "System calls"):
# - the kernel exports __ukl_sys_<nr> for exactly the numbers of its table,
#   each the handler itself (same address), and musl's getppid() binds to it;
# - a call the kernel does not implement (acct) gets a stub from ukld that
#   goes through __ukl_syscall: ENOSYS, named once, whatever the linker; the
#   stub object passes `ukld check`;
# - with a kernel whose exports are only the generic entry (the runtime
#   with its __ukl_sys_<nr> names taken out of .ukl.exports, as Linux with
#   linux/ukl.patch exports them), every direct call goes through a stub,
#   arguments shifted, and tests/boot/progs/syscalls.c passes as it does on
#   the handlers themselves.
. tests/common.sh
nr_of() { sed -n "s/^SYSCALL_NR($1, \([0-9]*\))$/\1/p" runtime/arch/$ARCH/include/arch/syscall_list.h; }
ACCT=$(nr_of acct) GETPPID=$(nr_of getppid)
[ -n "$ACCT" ] && [ -n "$GETPPID" ] || { fail "syscall numbers of acct and getppid"; exit 1; }

# value NAME FILE: a symbol's value in FILE's symbol table.
value() { $NM "$2" | awk -v n="$1" '$3 == n { print $1; exit }'; }

# ---- the kernel's exports ---------------------------------------------
$READELF -p .ukl.exports "$KERNEL" | grep -o '__ukl_sys_[0-9]*' | sort >"$WORK/exported"
$READELF -rW "$KERNEL" >"$WORK/relocs"
awk '/^Relocation section/ { t = index($0, ".rela.rodata.ukl_syscalls") > 0; next }
     t && $1 ~ /^[0-9a-f]+$/ { print $1 }' "$WORK/relocs" |
	while read -r off; do echo "__ukl_sys_$((0x$off / 8))"; done | sort >"$WORK/table"
check "the kernel exports __ukl_sys_<nr> for each number of its table, no other" \
	bash -c "[ -s '$WORK/table' ] && cmp -s '$WORK/table' '$WORK/exported'"
v1=$(value "__ukl_sys_$GETPPID" "$KERNEL") v2=$(value sys_getppid "$KERNEL")
check "__ukl_sys_$GETPPID is sys_getppid's address" test -n "$v1" -a "$v1" = "$v2"
check "no __ukl_sys_$ACCT: the runtime has no acct" bash -c "! grep -qx '__ukl_sys_$ACCT' '$WORK/exported'"

# ---- a stub for a call the kernel lacks ---------------------------------
cat >"$WORK/acct.c" <<'C'
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	int r1 = acct("/x"), e1 = errno;
	int r2 = acct(NULL), e2 = errno;
	printf("acct %d %d %d %d getppid %d\n", r1, e1 == ENOSYS, r2, e2 == ENOSYS, (int)getppid());
	return 0;
}
C
build_app "$WORK/acct.a" "$WORK/acct.c" || { fail "acct: build"; exit 1; }
for ld in bfd lld; do
	mkdir -p "$WORK/tmp-$ld"
	TMPDIR=$WORK/tmp-$ld link_app acct-$ld "$WORK/acct.a" --linker=$ld --save-temps -v 2>"$WORK/err"
	check "$ld: links" test $? = 0
	stubs=$(ls "$WORK"/tmp-$ld/ukld-*/ukl-sys-stubs.o 2>/dev/null)
	check "$ld: ukld wrote a stub object" test -n "$stubs"
	[ -n "$stubs" ] || continue
	$NM "$stubs" >"$WORK/stubs.nm"
	check "$ld: one stub, __ukl_sys_$ACCT, calling __ukl_syscall" \
		bash -c "[ \$(grep -c ' T ' '$WORK/stubs.nm') = 1 ] && grep -q ' T __ukl_sys_$ACCT\$' '$WORK/stubs.nm' &&
			 grep -q ' U __ukl_syscall\$' '$WORK/stubs.nm'"
	check "$ld: ukld check accepts the stub object" "$UKLD" check "$stubs"
	img=$WORK/acct-$ld
	v1=$(value "__ukl_sys_$GETPPID" "$img") v2=$(value sys_getppid "$img")
	check "$ld: getppid binds to the handler" test -n "$v1" -a "$v1" = "$v2"
	check "$ld: the stub is kernel code, not prefixed" bash -c "$NM '$img' | grep -q ' T __ukl_sys_$ACCT\$'"
	check "$ld: ukld verify" "$UKLD" verify --kernel "$KERNEL" "$img"
	boot "$img"
	rc=$?
	check "$ld: exit status 0" test $rc = 0
	check "$ld: acct fails with ENOSYS twice, getppid is 0" console_has "acct -1 1 -1 1 getppid 0"
	check "$ld: acct named once" test "$(grep -c 'unsupported syscall acct' "$WORK/console")" = 1
	[ $rc = 0 ] || show_console
done

# ---- every direct call through a stub -----------------------------------
# The same kernel with only the generic entry: the __ukl_sys_<nr> aliases
# and their names in .ukl.exports taken out.  With the aliases left in
# but not exported the link must fail, saying why.
$OBJCOPY -O binary --only-section=.ukl.exports "$KERNEL" "$WORK/exports.bin"
tr '\0' '\n' <"$WORK/exports.bin" | grep -v '^__ukl_sys_[0-9]*$' | grep . | tr '\n' '\0' >"$WORK/exports.new"
$OBJCOPY --update-section .ukl.exports="$WORK/exports.new" "$KERNEL" "$WORK/unexported.o"
$OBJCOPY --wildcard --strip-symbol='__ukl_sys_*' "$WORK/unexported.o" "$WORK/generic.o"
check "the generic-entry kernel exports __ukl_syscall and has no __ukl_sys_<nr>" \
	bash -c "$READELF -p .ukl.exports '$WORK/generic.o' | grep -q '__ukl_syscall\$' &&
		 ! $READELF -p .ukl.exports '$WORK/generic.o' | grep -q '__ukl_sys_' &&
		 ! $NM '$WORK/generic.o' | grep -q '__ukl_sys_'"
"$UKLD" "$WORK/acct.a" "$WORK/unexported.o" -o "$WORK/unexported" 2>"$WORK/err"
check "a kernel defining __ukl_sys_$GETPPID without exporting it: refused" test $? != 0
check "... saying the kernel does not export it" \
	grep -q "undefined reference to '__ukl_sys_$GETPPID': the kernel defines it but does not export it" "$WORK/err"
build_app "$WORK/sc.a" tests/boot/progs/syscalls.c || { fail "syscalls.c: build"; exit 1; }
# The reference: the same program on the handlers themselves.
link_app sc-direct "$WORK/sc.a" 2>/dev/null && boot "$WORK/sc-direct"
check "syscalls.c on the handlers: exit status 0" test $? = 0
grep '^ok ' "$WORK/console" >"$WORK/ok-direct"
for ld in bfd lld; do
	"$UKLD" --name syscalls --linker=$ld -v "$WORK/sc.a" "$WORK/generic.o" -o "$WORK/sc-$ld" 2>"$WORK/err"
	check "$ld: links against the generic entry" test $? = 0
	n=$(sed -n 's/.*: \([0-9]*\) system call stubs to __ukl_syscall.*/\1/p' "$WORK/err")
	check "$ld: a stub for each direct call (${n:-none})" test "${n:-0}" -ge 20
	boot "$WORK/sc-$ld"
	rc=$?
	check "$ld: syscalls.c through the stubs: exit status 0" test $rc = 0
	check "$ld: syscalls.c through the stubs: no BAD line" bash -c "! grep -q '^BAD' '$WORK/console'"
	grep '^ok ' "$WORK/console" >"$WORK/ok-stubs"
	check "$ld: syscalls.c through the stubs: the same ok lines as on the handlers" \
		bash -c "[ -s '$WORK/ok-stubs' ] && cmp -s '$WORK/ok-direct' '$WORK/ok-stubs'"
	[ $rc = 0 ] || show_console
done
