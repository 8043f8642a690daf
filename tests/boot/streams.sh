#!/bin/bash
# The three channels: the program's stdout is ukl-run's stdout and nothing
# else, its stderr and the kernel's messages are ukl-run's stderr, byte for
# byte both ways through virtio-console (runtime/drivers/virtio/
# virtio_console.c): 10 MiB of random bytes through a cat, and through
# bzip2 when it is built.  The UART (UKL_CONSOLE=serial, QEMU by hand)
# still carries everything.  isatty follows ukl-run's own streams.
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/streams.c || { fail compile; exit 1; }
link_app streams "$WORK/app.a" || { fail link; exit 1; }
head -c $((10 << 20)) /dev/urandom >"$WORK/in"

for m in default microvm; do
	[ $m = microvm ] && [ "$ARCH" != x86_64 ] && continue
	q=; [ $m = microvm ] && q="-M microvm"
	UKL_TIMEOUT=120 UKL_QEMU_ARGS=$q "$UKLRUN" "$WORK/streams" <"$WORK/in" >"$WORK/out" 2>"$WORK/err"
	rc=$?
	check "$m: 10 MiB: exit status 0" test $rc = 0
	check "$m: 10 MiB: stdout is the input, byte for byte" cmp -s "$WORK/in" "$WORK/out"
	check "$m: stderr has the program's lines" grep -qx 'streams: copied 10485760 bytes' "$WORK/err"
	check "$m: stderr has the kernel's message" grep -q '^ukl: unsupported syscall .*(999)' "$WORK/err"
	check "$m: stdout has nothing else" test "$(stat -c %s "$WORK/out")" = $((10 << 20))
	[ $rc = 0 ] || sed 's/^/    | /' "$WORK/err" | tail -5
done

# The UART fallback: all on stdout, as before.
printf 'abc\n' | UKL_CONSOLE=serial "$UKLRUN" "$WORK/streams" >"$WORK/out" 2>"$WORK/err"
rc=$?
check "serial: exit status 0" test $rc = 0
check "serial: the program's output and messages on stdout" \
	grep -qx 'streams: copied 4 bytes' "$WORK/out"
check "serial: the data first" test "$(head -1 "$WORK/out")" = abc

# isatty: what ukl-run's streams are (a terminal from script(1) where
# present, else only the negative case).
"$UKLRUN" "$WORK/streams" isatty </dev/null >"$WORK/out" 2>"$WORK/err"
check "isatty: none of them is a terminal" grep -qx 'isatty 0 0 0' "$WORK/out"
if command -v script >/dev/null; then
	script -qec "$UKLRUN $WORK/streams isatty </dev/null" /dev/null >"$WORK/out" 2>&1
	check "isatty: stdout and stderr on a terminal" grep -q 'isatty 0 1 1' "$WORK/out"
fi

# bzip2 (tests/real/bzip2.sh builds it): 10 MiB compressed through the
# streams, the host's bytes.
img=$BA/examples/bzip2/vmlinux
if [ -x "$img" ] && command -v bzip2 >/dev/null; then
	bzip2 -c <"$WORK/in" >"$WORK/host.bz2"
	UKL_TIMEOUT=180 "$UKLRUN" "$img" -c <"$WORK/in" >"$WORK/out.bz2" 2>"$WORK/err"
	check "bzip2: 10 MiB compressed: exit status 0" test $? = 0
	check "bzip2: the host's bytes" cmp -s "$WORK/host.bz2" "$WORK/out.bz2"
fi
