#!/bin/bash
# Unit tests of ukld's passes (tests/unit/ukld_unit.c) on objects made here.
# ukl-arches: host
. tests/common.sh
d=$WORK
cc() { gcc -O2 -mno-red-zone -mcmodel=kernel -fno-pic -fno-pie -c -x c -o "$d/$1" -; }
cc main.o <<'C'
extern int used_fn(void);
extern int kexported(int);
extern void (*__init_array_start[])(void);
extern int weak_maybe(void) __attribute__((weak));
int main(void) { return used_fn() + kexported(1) + (int)(long)__init_array_start + (weak_maybe ? 1 : 0); }
C
cc used.o <<'C'
extern int weakonly_fn(void) __attribute__((weak));
int used_fn(void) { return weakonly_fn ? weakonly_fn() : 2; }
C
cc unused.o <<<'int unused_fn(void) { return 3; }'
cc weakonly.o <<<'int weakonly_fn(void) { return 4; }'
cc needs_hidden.o <<<'extern int khidden(void); int needs_hidden(void) { return khidden(); }'
ar rcs "$d/lib.a" "$d/used.o" "$d/unused.o" "$d/weakonly.o"
gcc -c -x assembler -o "$d/kernel.o" - <<'S'
	.text
	.globl kexported, khidden
kexported: ret
khidden: ret
	.section .ukl.exports,"a"
	.asciz "kexported"
	.section .note.ukl,"a"
	.balign 4
	.long 4, 8, 0x554b4c01
	.asciz "UKL"
	.long 1, 1
S
# Broken inputs.
head -c 40 "$d/main.o" >"$d/truncated.o"
sz=$(stat -c %s "$d/main.o"); head -c $((sz - 10)) "$d/main.o" >"$d/trunc-sections.o"
head -c 2000 /dev/urandom >"$d/garbage.o"
printf '!<arch>\n' >"$d/empty.a"
head -c 300 "$d/lib.a" >"$d/trunc.a"
gcc -m32 -c -x c -o "$d/i386.o" - <<<'int x;' 2>/dev/null || echo 'int x;' | gcc -c -x c -o "$d/i386.o" - && objcopy -O elf32-i386 "$d/i386.o" "$d/i386.o" 2>/dev/null
echo 'int main(void){return 0;}' | gcc -x c -o "$d/exec" -
: >"$d/empty"
$HOSTB/tests/ukld_unit "$d"
