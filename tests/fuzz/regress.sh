#!/bin/bash
# Inputs make fuzz found a bug with, kept after the fix: ukld reads each
# without crashing, hanging (20 s) or a sanitizer report (make test
# SANITIZE=1), refusing a broken one with exit 1 and one error naming it.
#   regress/input/*  objects and archives: linked as the application, checked
#   regress/image/*  images: ukld verify
# ukl-arches: x86_64
. tests/common.sh
mkdir -p "$WORK/out"
for f in tests/fuzz/regress/input/*; do
	[ -f "$f" ] || continue
	b=$(basename "$f")
	timeout 20 "$UKLD" -nostdlib "$f" "$KERNEL" -o "$WORK/out/image" >/dev/null 2>"$WORK/err"
	rc=$?
	if [ $rc = 0 ] || { [ $rc = 1 ] && [ "$(wc -l <"$WORK/err")" = 1 ] && grep -qF "$b" "$WORK/err"; }; then
		pass "input $b: link"
	else
		fail "input $b: link (exit $rc)"; head -5 "$WORK/err"
	fi
	rm -f "$WORK/out/image"
	timeout 20 "$UKLD" check "$f" >/dev/null 2>"$WORK/err"
	rc=$?
	check "input $b: check exits 0 or 1 ($rc)" test $rc -le 1
done
for f in tests/fuzz/regress/image/*; do
	[ -f "$f" ] || continue
	b=$(basename "$f")
	timeout 20 "$UKLD" verify "$f" >/dev/null 2>"$WORK/err"
	rc=$?
	check "image $b: verify exits 0 or 1 ($rc)" test $rc -le 1
	[ $rc -le 1 ] || head -5 "$WORK/err"
done

# make fuzz found libelf leaking when verify read bytes with elf_rawfile()
# on a read (not mmapped) handle; with the sanitizers, a leak fails this
# (ukld verify frees what it takes; a link leaves it to exit, so ukld's own
# sanitizer defaults turn leak detection off).
echo 'int main(void) { return 0; }' | "$UKLCC" -O2 -c -x c -o "$WORK/small.o" -
"$UKLD" -nostdlib --no-verify "$WORK/small.o" "$KERNEL" -o "$WORK/small"
ASAN_OPTIONS=detect_leaks=1 "$UKLD" verify --kernel "$KERNEL" "$WORK/small" >"$WORK/out.txt" 2>&1
rc=$?
check "verify of a small image: no leak, all pass" test $rc = 0
[ $rc = 0 ] || tail -20 "$WORK/out.txt"
