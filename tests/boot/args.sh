#!/bin/bash
# Every argument ukl-run is given is one argv element of the program,
# byte for byte, whatever it holds (ukl-run encodes each word for the
# kernel command line, runtime/cmdline.c decodes it); -e and UKL_ENV give
# the environment; the kernel's own words (ukl.*, ip=) never reach argv
# unless they come after "--"; a command line written by hand groups with
# double quotes as Linux's does.  The host run of the same program is the
# reference.
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/args.c || { fail compile; exit 1; }
link_app args "$WORK/app.a" || { fail link; exit 1; }
gcc -O2 -o "$WORK/host" tests/boot/progs/args.c || { fail "host build"; exit 1; }

# 20 awkward arguments: blanks, quotes, backslashes, escapes, empty,
# non-ASCII and control bytes, the kernel's own syntax, "--".
args=('plain' 'two words' '' ' lead' 'trail ' '"dq"' "'sq'" 'back\slash' '\x41'
      "$(printf 'tab\there')" "$(printf 'nl\nhere')" "$(printf '\xc3\xa9t\xc3\xa9 \xff\x01')"
      'ukl.env=X=1' 'ip=10.0.0.1/24' '--' '-e' 'a=b=c' '$HOME' '*' "$(printf '%0300d' 7)")
T_ONE='x y' T_TWO='"q" \n' HOME=/home/u "$WORK/host" "${args[@]}" >"$WORK/expected"
# UKL_ENV: one variable a line.
UKL_ENV="T_TWO=\"q\" \\n
HOME=/home/u" "$UKLRUN" -e 'T_ONE=x y' "$WORK/args" "${args[@]}" >"$WORK/console" 2>&1 </dev/null
rc=$?
check "20 arguments: exit status 0" test $rc = 0
expect_output "20 arguments and the environment byte for byte" "$WORK/expected"

# No arguments at all: argc 1.
"$UKLRUN" "$WORK/args" >"$WORK/console" 2>&1 </dev/null
check "no arguments: argc 1" grep -qx 'argc 1' "$WORK/console"

# By hand: the command line as QEMU's -append gives it (UKL_APPEND is put
# there as it is): Linux's double quotes, kernel parameters taken out.
UKL_APPEND='a "b c" d="e f" ukl.whatever=1 ip=10.0.2.15/24,10.0.2.2 "" -- ip=x' \
	"$UKLRUN" "$WORK/args" >"$WORK/console" 2>&1 </dev/null
"$WORK/host" a 'b c' 'd=e f' '' ip=x | grep -v '^env' >"$WORK/expected"
grep -v '^env' "$WORK/console" >"$WORK/c2"; mv "$WORK/c2" "$WORK/console"
expect_output "a hand-written command line: quotes group, kernel words dropped" "$WORK/expected"

# Too much for the command line: refused by ukl-run, not cut.
"$UKLRUN" "$WORK/args" "$(head -c 9000 /dev/zero | tr '\0' x)" >"$WORK/console" 2>&1 </dev/null
rc=$?
check "an 9000-byte argument: refused (status 2)" test $rc = 2
check "an 9000-byte argument: says why" grep -q 'at most 8000 fit' "$WORK/console"
