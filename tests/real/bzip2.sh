#!/bin/bash
# bzip2 1.0.8 from Debian's source package, built by its own Makefile with
# ukl-cc (examples/bzip2): a filter from standard input to standard output,
# binary both ways through the console.  It compresses 300 KB with every
# byte value in it to exactly what the same sources built for the host
# write, decompresses the host's output back to the input, and fails on a
# corrupt stream as the host build does.
. tests/common.sh
img=$BA/examples/bzip2/vmlinux host=$B/host/bzip2/bzip2
[ -f "$img" ] && [ -x "$host" ] || { fail "bzip2 built (make bzip2)"; exit 1; }
# Text, then bytes of every value (^D, DLE and NUL among them), then a run.
{ cat README.md docs/ARCHITECTURE.md
  LC_ALL=C awk 'BEGIN { srand(3); for (i = 0; i < 200000; i++) printf "%c", int(rand() * 256) }'
  head -c 60000 /dev/zero; } | head -c 300000 >"$WORK/in"
check "input: 300000 bytes" test "$(stat -c %s "$WORK/in")" = 300000
"$host" -c <"$WORK/in" >"$WORK/host.bz2"
UKL_APPEND=-c "$UKLRUN" "$img" <"$WORK/in" >"$WORK/out.bz2" 2>"$WORK/err"
check "compress: exit status 0" test $? = 0
check "compress: the host build's bytes" cmp "$WORK/out.bz2" "$WORK/host.bz2"
UKL_APPEND=-dc "$UKLRUN" "$img" <"$WORK/host.bz2" >"$WORK/back" 2>"$WORK/err"
check "decompress: exit status 0" test $? = 0
check "decompress: the input again" cmp "$WORK/back" "$WORK/in"
# A corrupt stream: bzip2's own error and exit status (2), as on the host.
head -c 5000 "$WORK/host.bz2" >"$WORK/cut.bz2"
"$host" -dc <"$WORK/cut.bz2" >/dev/null 2>"$WORK/host.err"
hrc=$?
UKL_APPEND=-dc "$UKLRUN" "$img" <"$WORK/cut.bz2" >"$WORK/out" 2>&1
rc=$?
check "truncated stream: exit status $hrc, as on the host" test $rc = $hrc
check "truncated stream: bzip2 says so" grep -q "Compressed file ends unexpectedly" "$WORK/out"
[ $rc = $hrc ] || sed 's/^/    | /' "$WORK/out" | tail -5
