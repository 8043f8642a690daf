#!/bin/bash
# The application's standard input is the console, which ukl-run feeds
# from its own and ends with ^D (runtime/fs/dev.c): nothing (/dev/null),
# a file of lines of every length, a last line without a newline, reads
# smaller than a line, every byte value; the end stays the end.  The output must be the same
# program's on the host (the output does not depend on the machine).
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/stdin.c || { fail compile; exit 1; }
link_app stdin "$WORK/app.a" || { fail link; exit 1; }
gcc -O2 -o "$WORK/host" tests/boot/progs/stdin.c || { fail "host build"; exit 1; }

# feed NAME INPUT MODE: boot with INPUT as ukl-run's standard input; the
# console must be the host program's output.
# (The reads' second line, how they fell on lines, is the console's own.)
feed() {
	local n=$1 in=$2 mode=$3
	"$WORK/host" "$mode" <"$in" | head -1 >"$WORK/expected"
	UKL_APPEND="$mode" "$UKLRUN" "$WORK/stdin" <"$in" >"$WORK/out" 2>&1
	local rc=$?
	check "$n: exit status 0" test $rc = 0
	head -1 "$WORK/out" >"$WORK/console"
	expect_output "$n: as on the host" "$WORK/expected"
	[ $rc = 0 ] || sed 's/^/    | /' "$WORK/out" | tail -5
}
feed "nothing" /dev/null lines
check "nothing: end of file at once" grep -q '^lines 0 bytes 0 .* eof 1 again 0$' "$WORK/console"
# 800 lines from 0 to 999 bytes long (longer than stdio's buffer), an
# empty one among them, and bytes of every value but ^D and NUL.
awk 'BEGIN { for (i = 0; i < 800; i++) { s = ""; n = (i * 7919) % 1000;
	for (j = 0; j < n; j++) s = s sprintf("%c", 32 + (i + j) % 95); print s } }' >"$WORK/lines"
printf 'tab\there\r\nhigh \xe4\xb8\xad bytes \x01\x7f\x80\xff\n' >>"$WORK/lines"
check "the input is over 300 KB" test "$(stat -c %s "$WORK/lines")" -gt 300000
feed "300 KB of lines" "$WORK/lines" lines
feed "300 KB of lines, 7-byte reads" "$WORK/lines" reads
check "7-byte reads: none past a newline (a terminal's lines)" grep -qx 'reads past a newline: 0' "$WORK/out"
# Every byte value, ^D (the end to the console), DLE (its escape) and NUL
# among them: the input is data, 8-bit clean.
LC_ALL=C awk 'BEGIN { for (r = 0; r < 64; r++) for (i = 0; i < 256; i++) printf "%c", (i + r) % 256 }' \
	>"$WORK/bytes"
check "the binary input has every byte, 64 times" test "$(od -An -tx1 -v "$WORK/bytes" | tr ' ' '\n' | grep . | sort -u | wc -l)" = 256
feed "every byte value" "$WORK/bytes" reads
check "every byte value: all 16384 of them" grep -q '^bytes 16384 ' "$WORK/console"
printf 'first\nlast line, no newline' >"$WORK/nonl"
feed "no newline at the end" "$WORK/nonl" lines
check "no newline at the end: both lines" grep -q '^lines 2 bytes 27 ' "$WORK/console"

