#!/bin/bash
# SPDX-License-Identifier: MIT
# ukl-arches: x86_64
#
# Tests of `ukld check`: objects compiled here from heredocs, with the right
# switches and with the wrong ones, and the libc archives we can find.
# Prints one `PASS name` / `FAIL name` (or `SKIP name: why`) line per case,
# then `N passed, N failed`; exits non-zero if any case failed.
#
#   UKLD=path/to/ukld tests/check/run.sh      (default: build/bin/ukld)
#   DEBIAN_MUSL=/usr/lib/x86_64-linux-musl/libc.a (from the musl-dev package)
#   PROJECT_MUSL=build/x86_64/sysroot/lib/libc.a
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
UKLD=${UKLD:-$ROOT/build/bin/ukld}
CC=${CC:-gcc}
DEBIAN_MUSL=${DEBIAN_MUSL:-/usr/lib/x86_64-linux-musl/libc.a}
PROJECT_MUSL=${PROJECT_MUSL:-$ROOT/build/x86_64/sysroot/lib/libc.a}
T=$(mktemp -d "${TMPDIR:-/tmp}/ukld-check.XXXXXX")
trap 'rm -rf "$T"' EXIT
passed=0 failed=0

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; failed=$((failed + 1)); }
skip() { echo "SKIP $1: $2"; }

# check NAME EXPECTED_STATUS ARGS...: run `ukld check ARGS`, keep stdout in
# $T/NAME.out and stderr in $T/NAME.err; fail unless the status matches.
check() {
	local name=$1 want=$2
	shift 2
	"$UKLD" check "$@" >"$T/$name.out" 2>"$T/$name.err"
	local rc=$?
	if [ "$rc" != "$want" ]; then
		fail "$name" "exit status $rc, expected $want"
		sed 's/^/    /' "$T/$name.err" "$T/$name.out" | head -20
		return 1
	fi
	return 0
}

# has NAME PATTERN: stderr or stdout of case NAME matches the ERE PATTERN.
has() { grep -Eq -- "$2" "$T/$1.err" "$T/$1.out"; }
count() { cat "$T/$1.err" "$T/$1.out" | grep -Ec -- "$2"; }
why() { echo "    expected /$2/ in:"; sed 's/^/    /' "$T/$1.err" "$T/$1.out" | head -20; }

if [ ! -x "$UKLD" ]; then
	echo "FAIL setup: no ukld at $UKLD (make build/bin/ukld first)"
	echo "0 passed, 1 failed"
	exit 1
fi

# ---- sources ----
# A leaf function with a local array: without -mno-red-zone gcc keeps the
# array below %rsp.  Its line is 3.
cat >"$T/leaf.c" <<'SRC'
int g[4];
int f(int i)
{ volatile int a[8]; a[i & 7] = i; return a[(i + 1) & 7]; }
int *p(void) { return &g[1]; }
int q(int i) { return g[i & 3]; }
SRC
# Hand-written cases: what is use and what only looks like it.
cat >"$T/asm_ok.s" <<'SRC'
	.text
	.globl probe
	.type probe,@function
probe:	lea -8(%rsp),%rax            # an address, not an access
	orq $0,-0x1000(%rsp)          # a stack probe
	prefetcht0 -64(%rsp)
	nopw -2(%rsp,%rax,1)
	mov %fs:-8,%rax
	ret
	.globl framed
	.type framed,@function
framed:	push %rbx
	sub $0x40,%rsp
	mov $2,%ebx
	mov %rdx,-0x8(%rsp,%rbx,8)    # an index into the frame (musl's tsearch)
	add $0x40,%rsp
	pop %rbx
	ret
	.globl fp_frame
	.type fp_frame,@function
fp_frame:
	push %rbp
	mov %rsp,%rbp
	sub $0x20,%rsp
	mov %edi,-0x14(%rbp)          # inside the frame
	leave
	ret
	.globl fp_alloca
	.type fp_alloca,@function
fp_alloca:
	push %rbp
	mov %rsp,%rbp
	sub %rdi,%rsp                 # unknown size: not judged on %rbp
	mov %edi,-0x14(%rbp)
	leave
	ret
	.globl not_fp
	.type not_fp,@function
not_fp:	mov %rdi,%rbp                 # %rbp as a plain register
	mov -8(%rbp),%rax
	ret
	.section .note.GNU-stack,"",@progbits
SRC
cat >"$T/asm_bad.s" <<'SRC'
	.text
	.globl after_push
	.type after_push,@function
after_push:
	push %rbx
	mov %rax,-8(%rsp)             # below %rsp, push or not
	pop %rbx
	ret
	.globl fenv_like
	.type fenv_like,@function
fenv_like:
	stmxcsr -8(%rsp)
	ldmxcsr -8(%rsp)
	ret
	.globl fp_leaf
	.type fp_leaf,@function
fp_leaf:
	push %rbp
	mov %rsp,%rbp
	sub $0x10,%rsp
	mov %edi,-0x14(%rbp)          # 4 bytes below the 0x10 it allocated
	leave
	ret
	.section .note.GNU-stack,"",@progbits
SRC

GOOD="-O2 -mno-red-zone -mcmodel=kernel -fno-pic -fno-pie"
build() { # OUT FLAGS...
	local out=$1
	shift
	"$CC" "$@" -c "$T/leaf.c" -o "$T/$out" 2>"$T/$out.ccerr" ||
		{ echo "    $CC $* failed:"; sed 's/^/    /' "$T/$out.ccerr"; }
}
build good.o $GOOD
build good_g.o $GOOD -g
build good_O0.o -O0 -g -mno-red-zone -mcmodel=kernel -fno-pic -fno-pie
build rz.o -O2 -mcmodel=kernel -fno-pic -fno-pie
build rz_g.o -O2 -g -mcmodel=kernel -fno-pic -fno-pie
build rz_O0.o -O0 -g -mcmodel=kernel -fno-pic -fno-pie
build rz_fs.o -O2 -g -ffunction-sections -mcmodel=kernel -fno-pic -fno-pie
build small.o -O2 -g -mno-red-zone -mcmodel=small -fno-pic -fno-pie
build pie.o -O2 -g -fPIE
build switches.o -O2 -frecord-gcc-switches -mcmodel=kernel -fno-pic -fno-pie -DUNUSED
"$CC" -c "$T/asm_ok.s" -o "$T/asm_ok.o"
"$CC" -c "$T/asm_bad.s" -o "$T/asm_bad.o"

# ---- cases ----
# The right switches, with and without DWARF: nothing to say but notes.
for o in good good_g good_O0; do
	if check "$o" 0 "$T/$o.o"; then
		if has "$o" 'error:|warning:'; then fail "$o" "unexpected finding"; why "$o" 'no error'
		elif ! has "$o" '1 objects, 0 errors, 0 warnings'; then fail "$o" "summary"; why "$o" 'summary'
		else pass "$o"; fi
	fi
done

# The producer is read relocated: unrelocated, every CU's DW_AT_producer is
# the string at .debug_str offset 0, and the code model would be wrong.
if check producer_relocated 0 "$T/good_g.o" &&
   has producer_relocated 'note: code model: kernel \(DW_AT_producer of .*leaf.c\)'; then
	pass producer_relocated
else fail producer_relocated; why producer_relocated 'code model: kernel'; fi

# Red zone without DWARF: function, offset, section, instruction.
if check redzone_nodebug 1 "$T/rz.o" &&
   has redzone_nodebug "rz.o: error: f\+0x[0-9a-f]+ \(\.text\+0x[0-9a-f]+\): mov[a-z]* %edi, -0x[0-9a-f]+\(%rsp, %r[a-z0-9]+, 4\): writes the red zone" &&
   [ "$(count redzone_nodebug 'red zone')" = 2 ] && ! has redzone_nodebug ' p\+| q\+'; then
	pass redzone_nodebug
else fail redzone_nodebug; why redzone_nodebug 'f+0x.. (.text+0x..): mov ... red zone, twice'; fi

# With DWARF: the source line too.
if check redzone_line 1 "$T/rz_g.o" &&
   has redzone_line "error: f\+0x[0-9a-f]+ \(\.text\+0x[0-9a-f]+, [^)]*leaf\.c:3\): mov" &&
   has redzone_line 'note: compiled without -mno-red-zone'; then
	pass redzone_line
else fail redzone_line; why redzone_line 'f+0x.. (.text+0x.., leaf.c:3)'; fi

# -ffunction-sections: the section is .text.f.
if check redzone_section 1 "$T/rz_fs.o" &&
   has redzone_section "error: f\+0x[0-9a-f]+ \(\.text\.f\+0x[0-9a-f]+, [^)]*leaf\.c:3\)"; then
	pass redzone_section
else fail redzone_section; why redzone_section '.text.f+'; fi

# -O0: the locals are below %rbp, which equals %rsp in a leaf function: f's
# array and q's copy of its argument (p has no local).
if check redzone_O0 1 "$T/rz_O0.o" &&
   has redzone_O0 "error: f\+0x[0-9a-f]+ \([^)]*leaf\.c:3\): mov[a-z]* %edi, -0x[0-9a-f]+\(%rbp\): writes the red zone" &&
   has redzone_O0 "error: q\+0x4 \([^)]*leaf\.c:5\): mov[a-z]* %edi, -4\(%rbp\)" &&
   ! has redzone_O0 'error: p\+'; then
	pass redzone_O0
else fail redzone_O0; why redzone_O0 'f+..: movl %edi, -0x..(%rbp)'; fi

# --allow-red-zone: the same findings as notes, and the link may go on.
if check allow_red_zone 0 --allow-red-zone "$T/rz_g.o" &&
   has allow_red_zone 'note: f\+0x[0-9a-f]+ .*red zone' && ! has allow_red_zone 'error:'; then
	pass allow_red_zone
else fail allow_red_zone; why allow_red_zone 'note: f+..'; fi

# The small non-PIC model: R_X86_64_32 from &g[1] in p; q's R_X86_64_32S is fine.
if check small_model 1 "$T/small.o" &&
   has small_model "error: p\+0x[0-9a-f]+ \(\.text\+0x[0-9a-f]+, [^)]*leaf\.c:4\): mov[a-z]* \\\$0, %eax: R_X86_64_32 against g\+4: " &&
   [ "$(count small_model 'error:')" = 1 ] &&
   has small_model 'note: code model: small, not PIC'; then
	pass small_model
else fail small_model; why small_model 'p+..: R_X86_64_32 against g+4, one error'; fi

# PIE with the red zone: the red zone is caught, the model is fine.
if check pie 1 "$T/pie.o" && has pie 'error: f\+.*red zone' &&
   ! has pie 'R_X86_64' && has pie 'note: code model: PIE'; then
	pass pie
else fail pie; why pie 'red zone, no relocation error, PIE note'; fi

# .GCC.command.line: switches without DWARF.  f uses the red zone here, so
# the switch is a note next to the errors.
if check gcc_command_line 1 "$T/switches.o" &&
   has gcc_command_line 'note: compiled without -mno-red-zone \(\.GCC\.command\.line\)' &&
   has gcc_command_line 'note: code model: kernel \(\.GCC\.command\.line\)'; then
	pass gcc_command_line
else fail gcc_command_line; why gcc_command_line '.GCC.command.line'; fi

# Without -mno-red-zone but with no red-zone use: a warning, not an error.
printf 'int g;\nint get(void) { return g; }\n' >"$T/plain.c"
"$CC" -O2 -g -mcmodel=kernel -fno-pic -fno-pie -c "$T/plain.c" -o "$T/plain.o"
if check switch_warning 0 "$T/plain.o" &&
   has switch_warning 'warning: compiled without -mno-red-zone \(DW_AT_producer of [^)]*plain\.c\): the scan found no red-zone use' &&
   ! has switch_warning 'error:'; then
	pass switch_warning
else fail switch_warning; why switch_warning 'warning: compiled without -mno-red-zone'; fi

# clang: no .debug_aranges, no switches in DW_AT_producer; the line still.
if command -v clang >/dev/null; then
	clang -O2 -g -ffunction-sections -c "$T/leaf.c" -o "$T/clang.o"
	if check clang 1 "$T/clang.o" &&
	   has clang "error: f\+0x[0-9a-f]+ \(\.text\.f\+0x[0-9a-f]+, [^)]*leaf\.c:3\): mov.*red zone" &&
	   [ "$(count clang 'error:')" = 2 ]; then
		pass clang
	else fail clang; why clang 'f+.. (.text.f+.., leaf.c:3)'; fi
else
	skip clang "no clang"
fi

# What only looks like red-zone use.
if check asm_no_false_positive 0 "$T/asm_ok.o" && ! has asm_no_false_positive 'error:|warning:'; then
	pass asm_no_false_positive
else fail asm_no_false_positive; why asm_no_false_positive 'no finding'; fi

# What is.
if check asm_uses 1 "$T/asm_bad.o" &&
   has asm_uses 'error: after_push\+0x1 \(\.text\+0x1\): movq %rax, -8\(%rsp\): writes the red zone' &&
   has asm_uses 'error: fenv_like\+0x0 .*stmxcsr -8\(%rsp\): writes' &&
   has asm_uses 'error: fenv_like\+0x5 .*ldmxcsr -8\(%rsp\): reads' &&
   has asm_uses 'error: fp_leaf\+0x8 .*-0x14\(%rbp\)' &&
   [ "$(count asm_uses 'error:')" = 4 ]; then
	pass asm_uses
else fail asm_uses; why asm_uses 'four errors'; fi

# Archives: a finding names lib.a[member.o]; clean members say nothing.
cp "$T/rz.o" "$T/bad.o"
ar rcs "$T/lib.a" "$T/good.o" "$T/bad.o" "$T/asm_ok.o" 2>/dev/null
if check archive 1 "$T/lib.a" && has archive 'lib\.a\[bad\.o\]: error: f\+' &&
   ! has archive '\[(good|asm_ok)\.o\]' && has archive '3 objects, 2 errors'; then
	pass archive
else fail archive; why archive 'lib.a[bad.o]: error: f+'; fi

# JSON: one object, the same findings.
if check json 1 --format=json "$T/lib.a" "$T/small.o"; then
	if command -v python3 >/dev/null; then
		if python3 - "$T/json.out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["findings"]
keys = {"file", "member", "function", "section", "offset", "instruction",
        "line", "kind", "severity", "message"}
assert all(keys <= set(x) for x in f), "missing keys"
rz = [x for x in f if x["kind"] == "red-zone"]
assert len(rz) == 2 and all(x["member"] == "bad.o" and x["function"] == "f"
                            and x["severity"] == "error" for x in rz), rz
cm = [x for x in f if x["kind"] == "code-model"]
assert len(cm) == 1 and cm[0]["function"] == "p" and cm[0]["line"].endswith("leaf.c:4"), cm
assert d["summary"]["errors"] == 3 and d["summary"]["objects"] == 4, d["summary"]
PY
		then pass json; else fail json; fi
	elif has json '"kind": "red-zone"' && has json '"summary"'; then pass json
	else fail json; fi
fi

# Bad input: a missing file and a file that is not ELF.
echo "not an object" >"$T/text.o"
if check bad_input 1 "$T/missing.o" "$T/text.o" && has bad_input 'missing\.o: error' &&
   has bad_input 'text\.o: error'; then
	pass bad_input
else fail bad_input; why bad_input 'errors naming both files'; fi

# Debian's musl (package musl-dev) is built without -mno-red-zone: exactly the
# leaf math/fenv functions that keep data below %rsp, 116 accesses in 43
# functions (tsearch's -0x8(%rsp,%rbx,8) indexes its frame and is not one),
# and the whole archive in well under a second.
if [ -f "$DEBIAN_MUSL" ]; then
	t0=$(date +%s%N)
	check debian_musl 1 --format=json "$DEBIAN_MUSL"
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	if command -v python3 >/dev/null &&
	   out=$(python3 - "$T/debian_musl.out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rz = [x for x in d["findings"] if x["kind"] == "red-zone"]
other = [x for x in d["findings"] if x["kind"] != "red-zone" and x["severity"] != "note"]
fns = {(x["member"], x["function"]) for x in rz}
ok = (len(rz) == 116 and len(fns) == 43 and not other
      and ("tsearch.lo", "tsearch") not in fns
      and ("fenv.lo", "feclearexcept") in fns and ("cbrtl.lo", "cbrtl") in fns)
print(f"{len(rz)} accesses in {len(fns)} functions, {len(other)} other findings")
sys.exit(0 if ok else 1)
PY
	); then
		if [ "$ms" -lt 1000 ]; then pass "debian_musl ($out, ${ms} ms)"
		else fail debian_musl "took ${ms} ms"; fi
	else
		fail debian_musl "${out:-no python3}"
	fi
else
	skip debian_musl "no $DEBIAN_MUSL (apt-get install musl-dev)"
fi

# The project's musl is built with the kernel's switches: nothing to find.
if [ -f "$PROJECT_MUSL" ]; then
	if check project_musl 0 --quiet-notes "$PROJECT_MUSL" &&
	   has project_musl ' 0 errors, 0 warnings'; then
		pass project_musl
	else fail project_musl; why project_musl '0 errors, 0 warnings'; fi
else
	skip project_musl "not built yet ($PROJECT_MUSL)"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
