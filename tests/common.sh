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
UKLCC=$BIN/ukl-cc
UKLRUN=$BIN/ukl-run
KERNEL=$BA/vmlinux.o
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
