#!/bin/bash
# Broken inputs (tests/bad/make-corpus): each is refused with exit status
# 1, one error line naming the file, and no output (nor temporary) file.
. tests/common.sh
c=$WORK/corpus
UKLCC=$UKLCC bash tests/bad/make-corpus "$c" >"$WORK/make.log" 2>&1 ||
	{ cat "$WORK/make.log"; fail "make the corpus"; exit 1; }
mkdir -p "$WORK/out"

# refused NAME NEEDLE UKLD-ARGS...: ukld fails as it should; NEEDLE (the
# file's name) is in the one error line.
refused() {
	local n=$1 needle=$2; shift 2
	"$UKLD" -o "$WORK/out/image" "$@" >"$WORK/stdout" 2>"$WORK/err"
	local rc=$?
	if [ $rc = 1 ] && [ "$(wc -l <"$WORK/err")" = 1 ] && grep -qF -- "$needle" "$WORK/err" &&
	   grep -q ': error: ' "$WORK/err" && [ -z "$(ls -A "$WORK/out")" ]; then
		pass "$n"
	else
		fail "$n (exit $rc, output dir: $(ls -A "$WORK/out" | tr '\n' ' '))"
		sed 's/^/    | /' "$WORK/err" | head -5
	fi
	rm -rf "$WORK/out"/* "$WORK/out"/.[!.]* 2>/dev/null
	sed 's/^/    /' "$WORK/err" | head -1
}

# Every broken file as the application, with the real kernel.
for f in "$c"/*; do
	b=$(basename "$f")
	case $b in good.*|pair) continue ;; esac
	refused "$b" "$b" -nostdlib "$f" "$KERNEL"
done
# ukld check reads with the same reader: the same one line, exit 1 (it
# takes objects of any machine, so ehdr-machine.o is only a warning there).
for f in "$c"/*; do
	b=$(basename "$f")
	case $b in good.*|pair|missing.*|dup.a|ehdr-machine.o) continue ;; esac
	"$UKLD" check "$f" >/dev/null 2>"$WORK/err"
	rc=$?
	if [ $rc = 1 ] && [ "$(wc -l <"$WORK/err")" = 1 ] && grep -qF "$b" "$WORK/err" &&
	   grep -q ": error: " "$WORK/err"; then
		pass "check $b"
	else
		fail "check $b (exit $rc)"; head -3 "$WORK/err"
	fi
done
# The good ones link (so the refusals above are about the damage).
for b in good.o good.a; do
	"$UKLD" -nostdlib "$c/$b" "$KERNEL" -o "$WORK/out/image" 2>"$WORK/err"
	check "$b: links" test -f "$WORK/out/image"
	rm -f "$WORK/out/image"
done

refused "duplicate definition between objects" "multiple definition of 'foo'" \
	-nostdlib "$c/pair/foo1.o" "$c/pair/foo2.o" "$KERNEL"
grep -q "foo1.o" "$WORK/err" && grep -q "foo2.o" "$WORK/err"
check "duplicate definition: names both objects" test $? = 0
refused "duplicate definition between members" "dup.a[foo1.o]" -nostdlib "$c/dup.a" "$KERNEL"
refused "no kernel note" "good.o" -nostdlib "$c/good.a" "$c/good.o"
# With the libc (no -nostdlib) the missing kernel is still the error, not
# the libc that has no target to come from.
refused "no kernel, with the libc" "no kernel object among the inputs" "$c/good.a" "$c/good.o"
head -c 3000 "$KERNEL" >"$WORK/kernel-truncated.o"
refused "truncated kernel" "kernel-truncated.o" -nostdlib "$c/good.a" "$WORK/kernel-truncated.o"
refused "output cannot be written" "/proc/ukld-no/image" -nostdlib "$c/good.o" "$KERNEL" -o /proc/ukld-no/image
refused "output is a directory" "$WORK" -nostdlib "$c/good.o" "$KERNEL" -o "$WORK"
refused "missing input" "no-such.o" -nostdlib "$c/no-such.o" "$KERNEL"
# --image (the flat image) is riscv64's: refused elsewhere before any work;
# on riscv64 a bad path is refused as a bad -o is, and neither is written.
if [ "$ARCH" = riscv64 ]; then
	refused "--image cannot be written" "/proc/ukld-no/Image" -nostdlib "$c/good.o" "$KERNEL" \
		--image /proc/ukld-no/Image
	refused "--image is a directory" "$WORK" -nostdlib "$c/good.o" "$KERNEL" --image "$WORK"
	refused "--image is also -o" "$WORK/out/image" -nostdlib "$c/good.o" "$KERNEL" \
		--image "$WORK/out/image"
	refused "--image is also an input" "good.o" -nostdlib "$c/good.o" "$KERNEL" --image "$c/good.o"
	"$UKLD" -nostdlib "$c/good.o" "$KERNEL" -o "$WORK/out/image" --image "$WORK/out/Image" 2>"$WORK/err"
	check "good.o: links with --image" test -f "$WORK/out/image" -a -f "$WORK/out/Image"
	rm -f "$WORK/out/image" "$WORK/out/Image"
else
	refused "--image on $ARCH" "$WORK/out/Image" -nostdlib "$c/good.o" "$KERNEL" --image "$WORK/out/Image"
	grep -q "has no flat image" "$WORK/err"; check "--image on $ARCH: says why" test $? = 0
fi

# An empty library found by -l is no error (musl's libm.a), as with ld.
mkdir -p "$WORK/lib"; cp "$c/empty.a" "$WORK/lib/libempty.a"
"$UKLD" -nostdlib -L "$WORK/lib" -lempty "$c/good.o" "$KERNEL" -o "$WORK/out/image" 2>"$WORK/err"
check "-lempty (empty archive by -l): links" test -f "$WORK/out/image"
cat "$WORK/err"
