#!/bin/bash
# ukld check on riscv64 objects (the cross compiler's): no red zone in the
# psABI (a note), the code model the relocations show (medany PC-relative,
# medlow absolute lui: both reach the top 2 GiB), a 32-bit absolute data
# address refused, linker relaxation's R_RISCV_ALIGN a warning (ld.lld 14
# cannot link it), every `ecall` a note naming the function and the line;
# text and JSON.
# ukl-arches: riscv64
. tests/common.sh
cc=(riscv64-linux-gnu-gcc -O2 -g -fno-pic -fno-pie -c)
cat >"$WORK/m.c" <<'C'
int g[4];
int get(int i) { return g[i & 3]; }
void leave(void) { __asm__ volatile("li a7, 93\n\tecall" ::: "a7", "memory"); }
C
"${cc[@]}" -mcmodel=medany -mno-relax "$WORK/m.c" -o "$WORK/medany.o" &&
"${cc[@]}" -mcmodel=medlow -mno-relax "$WORK/m.c" -o "$WORK/medlow.o" &&
printf '.data\n.globl p\np: .word g\n' | riscv64-linux-gnu-as -o "$WORK/word.o" &&
printf '.option relax\n.text\n.globl f\nf: nop\n.balign 16\nret\n' | riscv64-linux-gnu-as -o "$WORK/align.o" ||
	{ fail compile; exit 1; }
# run NAME STATUS OBJECT...: ukld check exits STATUS; its messages in $WORK/NAME.
run() {
	local n=$1 want=$2; shift 2
	"$UKLD" check "$@" >"$WORK/$n.out" 2>"$WORK/$n.err"
	check "$n: exit status $want" test $? = "$want"
}
has() { grep -q -- "$2" "$WORK/$1.err"; }
run medany 0 "$WORK/medany.o"
check "medany: the code model from the relocations" has medany "note: code model: medany (1 PC-relative, 0 absolute lui addresses): reaches the top 2 GiB"
check "medany: and from DW_AT_producer" has medany "note: compiled with -mcmodel=medany (DW_AT_producer of"
check "medany: no red zone to check" has medany "note: no red zone in the RISC-V psABI"
check "medany: the ecall, its function and line" has medany "medany.o: note: leave+0x4 (.text+0x[0-9a-f]*, .*m.c:3): ecall: in S-mode this calls the firmware"
run medlow 0 "$WORK/medlow.o"
check "medlow: absolute lui, still in reach" has medlow "note: code model: medlow (0 PC-relative, 1 absolute lui addresses): reaches the top 2 GiB"
run word 1 "$WORK/word.o"
check "R_RISCV_32: an error naming the place and the symbol" has word "word.o: error: .data+0x0: R_RISCV_32 against g: a 32-bit absolute address cannot hold an address in the top 2 GiB"
check "R_RISCV_32: the summary counts it" grep -q "1 errors" "$WORK/word.out"
run align 0 "$WORK/align.o"
check "R_RISCV_ALIGN: a warning for ld.lld 14" has align "align.o: warning: built with linker relaxation (1 R_RISCV_ALIGN): GNU ld links it, ld.lld 14 cannot"
# JSON: one finding per line of the array, with its kind.
"$UKLD" check --format=json "$WORK/medany.o" "$WORK/word.o" >"$WORK/json" 2>/dev/null
check "json: valid" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$WORK/json"
check "json: the ecall is a syscall finding" python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d['findings'] if x['instruction'] == 'ecall']
assert len(f) == 1 and f[0]['kind'] == 'syscall' and f[0]['function'] == 'leave' and f[0]['severity'] == 'note'
e = [x for x in d['findings'] if x['severity'] == 'error']
assert len(e) == 1 and e[0]['kind'] == 'code-model' and d['summary']['errors'] == 1" "$WORK/json"
# The riscv64 libc ukld links: no error.
run libc 0 "$BA/sysroot/lib/libc.a"
check "the project's riscv64 musl: no error" grep -q " 0 errors" "$WORK/libc.out"
