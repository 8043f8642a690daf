#!/bin/bash
# A link whose inputs the check refuses (the check runs beside the linker,
# ukld/main.c check_start()): exit status 1, the findings naming the
# archive member and the function, "not linking" last, no image and no
# temporary file, and no process of ukld's left behind; --no-check links
# the same inputs.  Also when the linker fails on them too.
. tests/common.sh
# The application's own object, built without the kernel's flags.
case $ARCH in
x86_64)
	# Reads the red zone (a leaf's locals below %rsp), and a small-model
	# absolute address (R_X86_64_32), which ld cannot fit in the top 2 GiB.
	cat >"$WORK/bad.c" <<'C'
int table[4] = { 1, 2, 3, 4 };
__attribute__((noinline)) int leaf(int i) { volatile int a[8]; a[i & 7] = i; return a[(i + 1) & 7]; }
int main(void) { return leaf(3); }
C
	cat >"$WORK/worse.c" <<'C'
int table[4] = { 1, 2, 3, 4 };
__attribute__((noinline)) int *where(void) { return &table[1]; }
int main(void) { return *where() == 2 ? 0 : 1; }
C
	cc=(gcc -O2 -mred-zone -fno-pic -fno-pie -fno-stack-protector -ffreestanding)
	finding="leaf+0x[0-9a-f]*.*red zone"
	worse=(-mcmodel=small) worse_finding="R_X86_64_32 against table"
	;;
riscv64)
	# A 32-bit absolute data address (R_RISCV_32), which cannot hold an
	# address in the top 2 GiB.
	cat >"$WORK/bad.c" <<'C'
int table[4] = { 1, 2, 3, 4 };
int main(void) { return table[1] == 2 ? 0 : 1; }
__asm__(".section .data.ptr,\"aw\"\n.globl leaf_ptr\nleaf_ptr: .word table\n");
C
	cp "$WORK/bad.c" "$WORK/worse.c"
	cc=(riscv64-linux-gnu-gcc -O2 -mcmodel=medany -mno-relax -fno-pic -fno-pie -fno-stack-protector -ffreestanding)
	finding="R_RISCV_32 against table"
	worse=() worse_finding="R_RISCV_32 against table"
	;;
esac
"${cc[@]}" -c -o "$WORK/bad.o" "$WORK/bad.c" && ar rcs "$WORK/bad.a" "$WORK/bad.o" &&
"${cc[@]}" "${worse[@]}" -c -o "$WORK/worse.o" "$WORK/worse.c" && ar rcs "$WORK/worse.a" "$WORK/worse.o" ||
	{ fail compile; exit 1; }

# refused NAME ARCHIVE FINDING: the link refuses, as above.
refused() {
	local n=$1 a=$2 re=$3
	rm -rf "$WORK/out"; mkdir -p "$WORK/out"
	"$UKLD" -nostdlib "$a" "$KERNEL" -o "$WORK/out/vmlinux" >"$WORK/stdout" 2>"$WORK/err"
	local rc=$?
	check "$n: exit status 1" test $rc = 1
	check "$n: the finding names the member" grep -q "$(basename "$a")\[$(basename "$a" .a).o\]: error: .*$re" "$WORK/err"
	check "$n: \"not linking\" is the last line" bash -c "tail -1 '$WORK/err' | grep -q 'error: not linking: [0-9]* problems'"
	check "$n: no image, no temporary file" test -z "$(ls -A "$WORK/out")"
	check "$n: no ukld process left" bash -c "! ps -eo args | grep -q '[u]kld .*-o $WORK/out/vmlinux'"
	[ $rc = 1 ] || sed 's/^/    | /' "$WORK/err" | head -10
}
refused "check refuses" "$WORK/bad.a" "$finding"
"$UKLD" -nostdlib --no-check "$WORK/bad.a" "$KERNEL" -o "$WORK/out/vmlinux" 2>"$WORK/err"
check "--no-check: the same inputs link" test -f "$WORK/out/vmlinux"
# The linker fails too (x86_64: R_X86_64_32 does not fit; riscv64: the
# same object, which ld takes): the check's findings are all there still.
refused "check and linker refuse" "$WORK/worse.a" "$worse_finding"
