#!/bin/bash
# A name nobody defines: the error names it and the archive member that needs
# it, the exit status is 1, and no output (nor temporary file) is left.
. tests/common.sh
cat >"$WORK/missing.c" <<'C'
extern int not_defined_anywhere(int);
int main(void) { return not_defined_anywhere(1); }
C
build_app "$WORK/app.a" "$WORK/missing.c" || { fail "compile"; exit 1; }
"$UKLD" "$WORK/app.a" "$KERNEL" -o "$WORK/out/vmlinux" 2>"$WORK/err"
check "missing dir: exit 1" test $? = 1
mkdir -p "$WORK/out"
echo previous >"$WORK/out/vmlinux"
"$UKLD" "$WORK/app.a" "$KERNEL" -o "$WORK/out/vmlinux" 2>"$WORK/err"
rc=$?
cat "$WORK/err"
check "exit status 1" test $rc = 1
check "names the symbol and the member" grep -q "app.a\[missing.o\]: error: undefined reference to 'not_defined_anywhere'" "$WORK/err"
check "old output untouched" grep -qx previous "$WORK/out/vmlinux"
check "no temporary file left" test "$(ls -A "$WORK/out")" = vmlinux

# A kernel function that exists but is not exported is not bound either.
cat >"$WORK/hidden.c" <<'C'
extern void console_putc(char);
int main(void) { console_putc('x'); return 0; }
C
build_app "$WORK/h.a" "$WORK/hidden.c"
sym=$($NM --defined-only -g "$KERNEL" | awk '$2=="T" && $3 !~ /^_/{print $3}' | grep -v -x -f <(tr '\0' '\n' < <($OBJCOPY -O binary -j .ukl.exports "$KERNEL" /dev/stdout)) | head -1)
sed -i "s/console_putc/$sym/" "$WORK/hidden.c"
build_app "$WORK/h.a" "$WORK/hidden.c"
"$UKLD" "$WORK/h.a" "$KERNEL" -o "$WORK/h" 2>"$WORK/err2"
rc=$?
cat "$WORK/err2"
check "unexported kernel symbol: exit 1" test $rc = 1
check "unexported kernel symbol: says so" grep -q "does not export it" "$WORK/err2"
check "unexported kernel symbol: no output" test ! -e "$WORK/h"
