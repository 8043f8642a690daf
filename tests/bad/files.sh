#!/bin/bash
# Inputs that are not what they seem (issue 18, items 5 and 7): a FIFO
# named as an input, a --kernel, or an image to verify is refused at once
# ("not a regular file"), never waited on; a sparse 1 GiB file holding a
# small object links as that object without reading the gigabyte (under a
# 256 MiB data limit, in seconds; its prefixed copy is small); an object with e_shnum 0 is refused
# naming it (tests/bad/make-corpus has the files, bad.sh the messages).
. tests/common.sh
cat >"$WORK/main.c" <<'C'
int main(void) { return 0; }
C
"$UKLCC" -O2 -c "$WORK/main.c" -o "$WORK/main.o" || { fail build; exit 1; }
mkfifo "$WORK/fifo"
# A writer that never writes would keep a blocking open waiting: the
# time-out makes the test fail in seconds instead.
t() { timeout 10 "$@"; }
t "$UKLD" "$WORK/fifo" "$KERNEL" -o "$WORK/x" 2>"$WORK/err"
check "FIFO input: refused" test $? = 1
check "FIFO input: not a regular file" grep -q "fifo: error: not a regular file" "$WORK/err"
t "$UKLD" "$WORK/main.o" --kernel "$WORK/fifo" -o "$WORK/x" 2>"$WORK/err"
check "FIFO --kernel: refused, not waited on" test $? = 1
t "$UKLD" check "$WORK/fifo" >/dev/null 2>"$WORK/err"
check "FIFO to ukld check: refused" test $? = 1
t "$UKLD" verify "$WORK/fifo" >/dev/null 2>"$WORK/err"
check "FIFO to ukld verify: refused" test $? = 1
check "FIFO to ukld verify: not a regular file" grep -q "not a regular file" "$WORK/err"
check "no output" test ! -e "$WORK/x"

cp "$WORK/main.o" "$WORK/sparse.o"
truncate -s 1G "$WORK/sparse.o"
# The data limit holds malloc to 256 MiB; a sanitized ukld (make test
# SANITIZE=1) reserves more for its shadow memory at start, so there the
# prefixed copy's size says it alone.
limit="ulimit -d 262144"
case $UKLD in *bin-san*) limit=: ;; esac
for ld in bfd lld; do
	rm -rf "$WORK/tmp"; mkdir -p "$WORK/tmp"
	(eval "$limit"; TMPDIR=$WORK/tmp t "$UKLD" --save-temps --linker=$ld "$WORK/sparse.o" "$KERNEL" \
		-o "$WORK/sparse-$ld") 2>"$WORK/err"
	check "$ld: sparse 1 GiB object links within 256 MiB" test $? = 0
	sed 's/^/    | /' "$WORK/err" | grep -v "note: work directory kept" | head -3
	copy=$(find "$WORK/tmp" -name '*sparse.o' -size -1024k | head -1)
	check "$ld: the prefixed copy is the object's bytes, not the gigabyte" test -n "$copy"
	"$UKLD" --linker=$ld --name sparse-$ld "$WORK/main.o" "$KERNEL" -o "$WORK/plain-$ld"
	check "$ld: ... into the same image as the object alone" cmp -s "$WORK/sparse-$ld" "$WORK/plain-$ld"
done
