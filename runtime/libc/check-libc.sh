#!/bin/bash
# SPDX-License-Identifier: MIT
# check-libc.sh ARCH SYSROOT UKL_CC
#
# Sanity checks of the kernel-flavoured musl in SYSROOT (`make musl-check`):
#   1. undefined symbols of libc.a that no member defines: only
#      __ukl_syscall (strong) and weak linker-provided names are allowed;
#   2. `syscall` instructions per member: none in C-compiled members (those
#      with a .comment section), listed for the assembly ones;
#   3. R_X86_64_32 relocations in allocated sections: none (they cannot
#      reach the top 2 GiB; DWARF's in .debug_* are section offsets: fine);
#   4. stack accesses below %rsp (red zone) in libc.a and libgcc.a (the
#      compiler-rt builtins of builtins.mk): none;
#   5. UKL_CC compiles a printf hello world, a __thread variable and a
#      constructor, and `ar rcs` makes app.a of them; their objects pass 2-4;
#   6. the libgcc.a members a hello world pulls (host link with a stub
#      __ukl_syscall, only to see what gets pulled).
# Prints a report; exits non-zero if a check fails.
set -u
arch=$1 sysroot=$2 uklcc=$3
[ "$arch" = x86_64 ] || { echo "check-libc.sh: only x86_64 is checked so far" >&2; exit 0; }
libc=$sysroot/lib/libc.a
libgcc=$sysroot/lib/libgcc.a
fail=0
bad() { echo "FAIL: $*"; fail=1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ukl-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---- 1. undefined symbols ------------------------------------------------
nm "$libc" 2>/dev/null | awk '
	/^$/ || /:$/ { next }
	NF == 2 && ($1 == "U" || $1 == "w" || $1 == "v") { und[$2] = und[$2] ? und[$2] : $1; next }
	NF == 3 { def[$3] = 1 }
	END { for (s in und) if (!(s in def)) print und[s], s }' | sort -k2 >"$tmp/undef"
nm -g --defined-only "$libgcc" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u >"$tmp/gccdefs"
echo "== 1. undefined symbols of libc.a defined by no member ($(wc -l <"$tmp/undef")):"
while read -r t s; do
	if grep -qx "$s" "$tmp/gccdefs"; then
		echo "   $t $s    (libgcc.a)"
	else
		echo "   $t $s"
	fi
	if [ "$t" = U ] && [ "$s" != __ukl_syscall ] && ! grep -qx "$s" "$tmp/gccdefs"; then
		echo "FAIL: strong undefined $s is neither __ukl_syscall nor in libgcc.a"
	fi
done <"$tmp/undef" | tee "$tmp/undefrep"
grep -q FAIL "$tmp/undefrep" && fail=1

# ---- helpers: per-member scans of objdump output --------------------------
# Members are keyed N:name (N = position in the archive): names repeat
# (src/linux/clone.c and src/thread/x86_64/clone.s both give clone.o).
# member_langs FILE: "member C|asm" (C = has a .comment section from gcc)
member_langs() {
	objdump -h "$1" | awk '
		/file format/ { m = ++nm ":" $1; sub(/:$/, "", m); lang[m] = "asm"; order[n++] = m; next }
		$2 == ".comment" { lang[m] = "C" }
		END { for (i = 0; i < n; i++) print order[i], lang[order[i]] }'
}
# per_member_count FILE REGEX: "member count" for members with matches
per_member_count() {
	objdump -d "$1" | awk -v re="$2" '
		/file format/ { m = ++nm ":" $1; sub(/:$/, "", m); next }
		$0 ~ re { c[m]++ }
		END { for (k in c) print k, c[k] }' | sort
}
# r32 FILE: R_X86_64_32 relocations in allocated sections, "member section count"
r32() {
	objdump -h "$1" | awk '
		/file format/ { m = ++nm ":" $1; sub(/:$/, "", m); next }
		$1 ~ /^[0-9]+$/ { sec = $2; getline; if ($0 ~ /ALLOC/) print m, sec }' >"$tmp/alloc"
	objdump -r "$1" | awk -v allocf="$tmp/alloc" '
		BEGIN { while ((getline l < allocf) > 0) { split(l, a, " "); alloc[a[1] " " a[2]] = 1 } }
		/file format/ { m = ++nm ":" $1; sub(/:$/, "", m); next }
		/^RELOCATION RECORDS FOR/ { s = $4; sub(/^\[/, "", s); sub(/\]:$/, "", s); next }
		$2 == "R_X86_64_32" { k = m " " s; if (k in alloc) c[k]++; else dbg++ }
		END { for (k in c) print k, c[k]; if (dbg) print "(non-allocated sections, e.g. .debug_*):", dbg > "/dev/stderr" }' | sort
}
SYSCALL_RE='\tsyscall *$'
REDZONE_RE='[^0-9a-fx]-0x[0-9a-f]+\(%rsp\)'

# ---- 2. syscall instructions ---------------------------------------------
member_langs "$libc" >"$tmp/langs"
per_member_count "$libc" "$SYSCALL_RE" >"$tmp/sys"
echo "== 2. \`syscall\` instructions in libc.a: $(awk '{s += $2} END {print s + 0}' "$tmp/sys") in $(wc -l <"$tmp/sys") members"
join <(sort "$tmp/sys") <(sort "$tmp/langs") | while read -r m c l; do
	echo "   $m: $c ($l)"
	[ "$l" = C ] && echo "FAIL: C-compiled member $m executes syscall"
done | tee "$tmp/sysrep"
grep -q FAIL "$tmp/sysrep" && fail=1
echo "   C-compiled members: $(grep -c ' C$' "$tmp/langs"), assembly members: $(grep -c ' asm$' "$tmp/langs")"

# ---- 3. R_X86_64_32 ------------------------------------------------------
echo "== 3. R_X86_64_32 relocations in allocated sections of libc.a:"
r32 "$libc" 2>"$tmp/r32dbg" >"$tmp/r32"
echo "   $(awk '{s += $3} END {print s + 0}' "$tmp/r32") $(cat "$tmp/r32dbg")"
sed 's/^/   /' "$tmp/r32"
[ -s "$tmp/r32" ] && bad "R_X86_64_32 in libc.a"
echo "   relocation types used in allocated code/data:"
objdump -r "$libc" | awk '/^RELOCATION RECORDS FOR \[\.debug/ { skip = 1; next }
	/^RELOCATION RECORDS FOR/ { skip = 0; next }
	!skip && $2 ~ /^R_X86_64_/ { c[$2]++ } END { for (k in c) printf "      %s %d\n", k, c[k] }' | sort

# ---- 4. red zone ---------------------------------------------------------
per_member_count "$libc" "$REDZONE_RE" >"$tmp/rz"
echo "== 4. accesses below %rsp: libc.a $(awk '{s += $2} END {print s + 0}' "$tmp/rz")"
sed 's/^/   /' "$tmp/rz"
[ -s "$tmp/rz" ] && bad "libc.a uses the red zone"
per_member_count "$libgcc" "$REDZONE_RE" >"$tmp/rzg"
echo "   libgcc.a (compiler-rt builtins, builtins.mk): $(awk '{s += $2} END {print s + 0}' "$tmp/rzg")"
sed 's/^/   /' "$tmp/rzg"
[ -s "$tmp/rzg" ] && bad "libgcc.a uses the red zone"

# ---- 5. compile examples with ukl-cc -------------------------------------
echo "== 5. ukl-cc examples"
cat >"$tmp/hello.c" <<'EOF'
#include <stdio.h>
int main(int argc, char **argv)
{
	printf("hello, world from %s (%d args)\n", argv[0], argc);
	return 0;
}
EOF
cat >"$tmp/tls.c" <<'EOF'
#include <stdio.h>
__thread int counter = 42;
__thread char buf[64];
static _Thread_local long zeroed;
int tls_bump(void) { buf[0] = 'x'; zeroed++; return ++counter + (int)zeroed; }
EOF
cat >"$tmp/ctor.c" <<'EOF'
#include <stdlib.h>
int ctor_ran;
__attribute__((constructor)) static void init(void) { ctor_ran = 1; }
__attribute__((destructor)) static void fini(void) { ctor_ran = 2; }
static void bye(void) { }
int register_bye(void) { return atexit(bye); }
EOF
for f in hello tls ctor; do
	"$uklcc" -O2 -g -Wall -c "$tmp/$f.c" -o "$tmp/$f.o" || bad "ukl-cc -c $f.c"
done
ar rcs "$tmp/app.a" "$tmp/hello.o" "$tmp/tls.o" "$tmp/ctor.o" || bad "ar rcs app.a"
echo "   app.a: $(ar t "$tmp/app.a" | tr '\n' ' ')"
echo "   relocations: $(objdump -r "$tmp/app.a" | awk '/^RELOCATION RECORDS FOR \[\.debug/ { skip = 1; next }
	/^RELOCATION RECORDS FOR/ { skip = 0; next }
	!skip && $2 ~ /^R_X86_64_/ { c[$2]++ } END { for (k in c) printf "%s=%d ", k, c[k] }')"
[ -n "$(r32 "$tmp/app.a" 2>/dev/null)" ] && bad "R_X86_64_32 in ukl-cc output"
[ -n "$(per_member_count "$tmp/app.a" "$SYSCALL_RE")" ] && bad "syscall in ukl-cc output"
[ -n "$(per_member_count "$tmp/app.a" "$REDZONE_RE")" ] && bad "red zone in ukl-cc output"
readelf -S -W "$tmp/ctor.o" | grep -q '\.init_array' || bad "no .init_array in ctor.o"
readelf -S -W "$tmp/tls.o" | grep -q '\.tdata' || bad "no .tdata in tls.o"
"$uklcc" -E -dM -x c /dev/null | grep -q '__STDC_HOSTED__' || bad "ukl-cc -E"
"$uklcc" -S -o "$tmp/hello.s" "$tmp/hello.c" || bad "ukl-cc -S"

# ---- 6. libgcc members a hello world needs --------------------------------
echo 'long __ukl_syscall(long n, long a, long b, long c, long d, long e, long f) { return -38; }' >"$tmp/stub.c"
"$uklcc" -c "$tmp/stub.c" -o "$tmp/stub.o"
# (never run the result: its __ukl_syscall stub fails every call.)
if ld -static -nostdlib -o "$tmp/hello.elf" -Map="$tmp/map" \
	"$sysroot/lib/crt1.o" "$sysroot/lib/crti.o" "$tmp/hello.o" "$tmp/stub.o" \
	"$libc" "$libgcc" "$sysroot/lib/crtn.o" >"$tmp/trace" 2>&1; then
	echo "== 6. libgcc.a members a printf hello world pulls: [$(grep -o '^[^ ]*libgcc\.a([^)]*)' "$tmp/map" | sed 's/.*(\(.*\))/\1/' | tr '\n' ' ')]"
	echo "   libc.a members it pulls: $(grep -c '^[^ ]*libc\.a(' "$tmp/map"); text+data+bss: $(size "$tmp/hello.elf" | awk 'NR == 2 { print $4 }') bytes"
else
	bad "host test link of hello world"; cat "$tmp/trace"
fi
echo "   libgcc.a symbols the whole libc.a may need: $(awk '{print $2}' "$tmp/undef" | sort | comm -12 - "$tmp/gccdefs" | tr '\n' ' ')"

[ $fail = 0 ] && echo "musl-check: all checks passed" || echo "musl-check: FAILED"
exit $fail
