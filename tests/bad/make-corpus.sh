#!/bin/bash
# tests/bad/make-corpus.sh DIR: write the corpus of broken inputs into DIR,
# made from objects compiled here and damaged one field at a time.  Sourced
# by tests/bad/bad.sh; also the seed corpus of the fuzz harness (make fuzz).
# Each file is meant to be given to ukld as the application input.
set -e
d=$1
CC=${UKLCC:-gcc}
mkdir -p "$d"
cc() { "$CC" -O2 -c -x c -o "$d/$1" - ; }
cc good.o <<'C'
static int counter;
int helper(int x) { return x + counter++; }
int main(void) { return helper(1); }
C
cc foo1.o <<<'int foo(void) { return 1; } int bar(void) { return 3; }'
cc foo2.o <<<'int foo(void) { return 2; } extern int bar(void); int main(void) { return bar(); }'
cc missing.o <<<'extern int nowhere_defined(void); int main(void) { return nowhere_defined(); }'

# poke FILE OFFSET HEXBYTES (little-endian bytes as written)
poke() { printf "$(sed 's/\(..\)/\\x\1/g' <<<"$3")" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
le() { printf "%0$(($2 * 2))x" "$1" | sed 's/../& /g' | awk '{for(i=NF;i>0;i--) printf "%s", $i}'; }
rd() { od -An -tu$3 -j"$2" -N"$3" "$1" | tr -d ' '; }
# damage NAME OFFSET VALUE SIZE: a copy of good.o with one field changed.
damage() { cp "$d/good.o" "$d/$1"; poke "$d/$1" "$2" "$(le "$3" "$4")"; }
g=$d/good.o
shoff=$(rd "$g" 40 8)
shnum=$(rd "$g" 60 2)
# Section index of NAME in good.o.
secidx() { readelf -SW "$g" | sed -n 's/^ *\[ *\([0-9]*\)\] *\([^ ]*\).*/\1 \2/p' | awk -v s="$1" '$2==s{print $1}'; }
sh() { echo $((shoff + $(secidx "$1") * 64 + $2)); }

# The ELF header.
head -c 40 "$g" >"$d/ehdr-truncated.o"
damage ehdr-class.o 4 3 1                    # EI_CLASS invalid
damage ehdr-data.o 5 2 1                     # big-endian
damage ehdr-shoff.o 40 $((0x7fffffffffff0000)) 8
damage ehdr-shnum.o 60 60000 2
damage ehdr-shentsize.o 58 32 2
damage ehdr-shstrndx.o 62 $((shnum + 5)) 2
damage ehdr-type.o 16 2 2                    # ET_EXEC with sections of a .o
damage ehdr-machine.o 18 183 2               # aarch64
# Section headers and tables out of range.
damage sec-offset.o "$(sh .text 24)" $((0x7fffffff0000)) 8
damage sec-size.o "$(sh .symtab 32)" $((0x7fffffff0000)) 8
damage sec-name.o "$(sh .text 0)" $((0x7ffffff0)) 4
damage symtab-link.o "$(sh .symtab 40)" 999 4
damage symtab-entsize.o "$(sh .symtab 56)" 0 8
damage symtab-entsize2.o "$(sh .symtab 56)" 7 8
damage strtab-size.o "$(sh .strtab 32)" 1 8
damage rela-info.o "$(sh .rela.text 44)" 999 4
damage rela-link.o "$(sh .rela.text 40)" 999 4
# A symbol in a section beyond the table; a name beyond the string table.
symoff=$(rd "$g" "$(sh .symtab 24)" 8)
nsyms=$(( $(rd "$g" "$(sh .symtab 32)" 8) / 24 ))
damage sym-shndx.o $((symoff + (nsyms - 1) * 24 + 6)) $((0xfe00)) 2
damage sym-name.o $((symoff + (nsyms - 1) * 24)) $((0x7ffffff0)) 4
# A relocation naming a symbol beyond the symbol table.
reloff=$(rd "$g" "$(sh .rela.text 24)" 8)
damage rela-sym.o $((reloff + 12)) $((0xfffff)) 4
# Not an object at all.
echo 'int main(void) { return 0; }' >"$d/source.c"
: >"$d/empty.o"
echo 'int main(void){return 0;}' | gcc -x c -o "$d/exec" -
printf '.globl x\nx: .long 1\n' | as --32 -o "$d/elf32.o"
# Archives.
ar rcs "$d/good.a" "$g"
printf '!<arch>\n' >"$d/empty.a"
sz=$(stat -c %s "$d/good.a")
head -c $((sz - 100)) "$d/good.a" >"$d/ar-truncated.a"
head -c 70 "$d/good.a" >"$d/ar-truncated-header.a"
cp "$d/good.a" "$d/ar-size.a"; poke "$d/ar-size.a" $((8 + 48)) 3939393939393939393939 # 10 digits '9'
cp "$d/good.a" "$d/ar-size-text.a"; printf 'abcdefghij' | dd of="$d/ar-size-text.a" bs=1 seek=$((8 + 48)) conv=notrunc status=none
cp "$d/good.a" "$d/ar-fmag.a"; printf 'xx' | dd of="$d/ar-fmag.a" bs=1 seek=$((8 + 58)) conv=notrunc status=none
printf '!<arch>\nthis is no member header at all, just text............\n' >"$d/ar-garbage.a"
ar rcs "$d/ar-bad-member.a" "$d/sec-offset.o"
ar rcs "$d/ar-elf32-member.a" "$d/elf32.o"
ar rcs "$d/ar-text-member.a" "$d/source.c"
ar rcs "$d/dup.a" "$d/foo1.o" "$d/foo2.o"
ar rcs "$d/missing.a" "$d/missing.o"
mkdir -p "$d/pair"; mv "$d/foo1.o" "$d/foo2.o" "$d/pair/"
