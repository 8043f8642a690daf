#!/bin/bash
# zstd 1.5.4 from Debian's source package, built by its own Makefile with
# ukl-cc and its thread support (examples/zstd): -T4 runs a pool of four
# worker threads.  It compresses 2 MiB of text from the initrd (cut into
# four 512 KiB jobs with -B, so all four workers have one) to exactly the
# bytes the same sources built for the host write, and decompresses the
# host's output back to the input.  The input comes from the initrd and is
# compressible, so only the small compressed stream crosses the slow
# console one way; the decompressed 2 MiB crosses it once.  Both linkers.
. tests/common.sh
img=$BA/examples/zstd/vmlinux host=$B/host/zstd/programs/zstd
[ -f "$img" ] && [ -x "$host" ] || { fail "zstd built (make zstd)"; exit 1; }
mkdir -p "$WORK/root"
# Source text, each copy numbered so copies differ: compressible (about
# 9:1), not trivial.
for i in 1 2 3 4 5 6 7 8 9; do
	cat runtime/*.c runtime/fs/*.c ukld/*.c | sed "s/^/$i /"
done | head -c 2097152 >"$WORK/root/in"
check "input: 2 MiB" test "$(stat -c %s "$WORK/root/in")" = 2097152
opts="-T4 -B524288"
"$host" $opts -q -c "$WORK/root/in" >"$WORK/root/host.zst"
(cd "$WORK/root" && printf '%s\n' in host.zst | cpio -o -H newc --quiet >"$WORK/initrd")

# The image as zstd's Makefile linked it through ukl-cc (GNU ld), and its
# objects linked again by ukld with lld.
objs=$(ls -d "$BA"/zstd-build/programs/obj/conf_*)
"$UKLD" --linker=lld --name zstd "$objs"/*.o "$KERNEL" -o "$WORK/zstd.lld" 2>"$WORK/link.err" ||
	{ cat "$WORK/link.err"; fail "lld: link"; }
for linker in bfd lld; do
	i=$img
	[ $linker = lld ] && i=$WORK/zstd.lld
	[ -f "$i" ] || continue
	UKL_INITRD="$WORK/initrd" UKL_TIMEOUT=60 "$UKLRUN" "$i" $opts -q -c /in >"$WORK/out.zst" 2>"$WORK/err"
	rc=$?
	check "$linker: compress -T4: exit status 0" test $rc = 0
	check "$linker: compress -T4: the host build's bytes" cmp "$WORK/out.zst" "$WORK/root/host.zst"
	[ $rc = 0 ] || sed 's/^/    | /' "$WORK/err" | tail -5

	UKL_INITRD="$WORK/initrd" UKL_TIMEOUT=60 "$UKLRUN" "$i" -q -d -c /host.zst >"$WORK/back" 2>"$WORK/err"
	rc=$?
	check "$linker: decompress: exit status 0" test $rc = 0
	check "$linker: decompress: the input again" cmp "$WORK/back" "$WORK/root/in"
	[ $rc = 0 ] || sed 's/^/    | /' "$WORK/err" | tail -5
done
