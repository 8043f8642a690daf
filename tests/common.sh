# SPDX-License-Identifier: MIT
# Sourced by every test script: where things are, and small helpers.
# A test prints `PASS name` / `FAIL name` lines (see tests/run.sh).
ARCH=${ARCH:-x86_64}
B=${B:-build}
BA=$B/$ARCH
BIN=$B/bin
UKLD=${UKLD:-$BIN/ukld}     # make test SANITIZE=1: build/bin-san/ukld
HOSTB=${UKL_HOSTB:-$B/host} # host objects and unit tests of that build
export UKLD                 # ukl-cc links with the same ukld
if [ "$ARCH" = x86_64 ]; then UKLCC=$BIN/ukl-cc; else UKLCC=$BIN/$ARCH-ukl-cc; fi
UKLRUN=$BIN/ukl-run
KERNEL=$BA/vmlinux.o
# binutils for the target's objects (the host's know only x86_64).
case $ARCH in
x86_64) TOOLS= ;;
*) TOOLS=$ARCH-linux-gnu- ;;
esac
NM=${TOOLS}nm OBJDUMP=${TOOLS}objdump OBJCOPY=${TOOLS}objcopy READELF=readelf
UKL_TIMEOUT=${UKL_TIMEOUT:-10}
export UKL_TIMEOUT
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ukld-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }
# check NAME COMMAND...: PASS if the command succeeds.
check() { local n=$1; shift; if "$@"; then pass "$n"; else fail "$n"; fi; }

# build_app ARCHIVE SOURCE...: compile with ukl-cc into ARCHIVE.
build_app() {
	local a=$1; shift
	local objs=()
	for s in "$@"; do
		local o=$WORK/$(basename "${s%.*}").o
		"$UKLCC" -O2 -g -c -o "$o" "$s" || return 1
		objs+=("$o")
	done
	rm -f "$a"; ar rcs "$a" "${objs[@]}"
}

# boot IMAGE [APPEND]: boot under QEMU, console to $WORK/console, status in $?.
boot() {
	local img=$1; shift
	UKL_APPEND="${1:-}" "$UKLRUN" "$img" >"$WORK/console" 2>&1 </dev/null
}
# console_has TEXT: the last boot's console contains TEXT (fixed string).
console_has() { grep -qF -- "$1" "$WORK/console"; }
# link_boot NAME ARCHIVE [UKLD OPTIONS...]: link with ukld into $WORK/NAME.
link_app() {
	local n=$1 a=$2; shift 2
	"$UKLD" --name "$n" "$@" "$a" "$KERNEL" -o "$WORK/$n"
}
show_console() { sed 's/^/    | /' "$WORK/console" | tail -30; }

# host_native: the host runs $ARCH programs, so a test can build the same
# program with the host's gcc -static and compare outputs.
host_native() { [ "$ARCH" = "$(uname -m)" ] && command -v gcc >/dev/null; }
# like_host NAME STATUS HOST-OUTPUT: the last boot exited 0 and its console
# is exactly what the same program printed on the host.
like_host() {
	check "$1: exit status 0" test "$2" = 0
	check "$1: output is the host's" diff -u "$3" "$WORK/console"
}
# expect_output NAME EXPECTED-FILE: the last boot's console is exactly the
# expected lines (diff shown on failure).
expect_output() {
	if diff -u "$2" "$WORK/console" >"$WORK/diff"; then pass "$1"
	else fail "$1"; sed 's/^/    | /' "$WORK/diff" | head -40; fi
}
# array_names IMAGE preinit|init|fini: the functions in the application's
# array, one name a line, in array order (entries read with od from the
# section holding the array; 64-bit, host byte order = the image's).
array_names() {
	local img=$1 s e off
	s=$($NM "$img" | awk -v n="__ukl_app_$2_array_start" '$3==n{print $1}')
	e=$($NM "$img" | awk -v n="__ukl_app_$2_array_end" '$3==n{print $1}')
	[ -n "$s" ] && [ -n "$e" ] || return 1
	[ $((0x$e - 0x$s)) -gt 0 ] || return 0
	local name type addr o size
	while read -r name type addr o size _; do
		[ "$type" != NOBITS ] && [ $((0x$s)) -ge $((0x$addr)) ] &&
			[ $((0x$s)) -lt $((0x$addr + 0x$size)) ] &&
			{ off=$((0x$o + 0x$s - 0x$addr)); break; }
	done < <(readelf -SW "$img" | sed -n 's/^ *\[ *[0-9]*\] *//p')
	[ -n "$off" ] || return 1
	# Functions first, markers such as __ukl_app_text_start last; not the
	# local labels (.L0) and mapping symbols ($x) of RISC-V objects.
	$NM "$img" | awk '$2 ~ /^[tTwW]$/ && $3 !~ /^(ukl_)?(\.L|\$)/ {print ($3 ~ /^__/), $1, $3}' | sort -s -k1,1 |
		cut -d' ' -f2- >"$WORK/array-syms"
	od -An -v -tx8 -j "$off" -N $((0x$e - 0x$s)) "$img" | tr -s ' ' '\n' | grep . |
		while read -r a; do
			n=$(awk -v a="$a" '$1==a {print $2; exit}' "$WORK/array-syms")
			echo "${n:-0x$a}"
		done
}
