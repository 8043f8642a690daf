#!/bin/bash
# ukld verify: every invariant passes on the example images; each one fails,
# naming itself, on an image broken in just that way; and a link whose image
# fails verify writes nothing (unless --no-verify).  The shared invariants
# are broken the same way on both architectures; each architecture's own
# (x86_64: the PVH note, raw system calls, hlt; riscv64: the Image header,
# the program headers' copy, ecall) below them.
. tests/common.sh
img=$BA/examples/hello/vmlinux

for i in "$img" "$img.lld"; do
	l=$(basename "$i")
	"$UKLD" verify --kernel "$KERNEL" "$i" >"$WORK/out" 2>&1
	rc=$?
	check "$l: exit 0" test $rc = 0
	check "$l: every invariant printed as pass" test "$(grep -c '^pass ' "$WORK/out")" -ge 12
	check "$l: no FAIL" bash -c "! grep -q '^FAIL' '$WORK/out'"
	[ $rc = 0 ] || cat "$WORK/out"
done

# poke FILE OFFSET HEXBYTES: overwrite bytes in place.
poke() { printf "$(sed 's/\(..\)/\\x\1/g' <<<"$3")" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
# broken NAME ITEM: verify $WORK/NAME fails with exit 1 and a FAIL line for ITEM.
broken() {
	"$UKLD" verify "$WORK/$1" >"$WORK/out" 2>&1
	local rc=$?
	check "$1: exit 1" test $rc = 1
	check "$1: FAIL $2" grep -q "^FAIL $2 " "$WORK/out"
	grep "^FAIL" "$WORK/out" | sed 's/^/    /'
}
le64() { printf '%016x' "$1" | sed 's/../& /g' | awk '{for(i=NF;i>0;i--) printf "%s", $i}'; }
phoff=$((0x$(od -An -tx8 -j32 -N8 "$img" | tr -d ' ')))
# Program header N's field at byte OFF.
ph() { echo $((phoff + $1 * 56 + $2)); }
nph=$(readelf -lW "$img" | awk '/^ *(LOAD|TLS|NOTE)/' | wc -l)
idx() { readelf -lW "$img" | awk '/^ *[A-Z_]+ +0x/' | awk -v t="$1" '$1==t{print NR-1; exit}'; }
data=$(readelf -lW "$img" | awk '/^ *[A-Z_]+ +0x/' | awk '$1=="LOAD"{n++} $1=="LOAD" && /RW/{print NR-1; exit}')

cp "$img" "$WORK/wx"; poke "$WORK/wx" "$(ph "$data" 4)" 07
broken wx wx
# The data segment moved (its address only) to right after the text: a page
# writable and executable both, though each segment alone is W^X.
text=$(readelf -lW "$img" | awk '/^ *[A-Z_]+ +0x/' | awk '$1=="LOAD" && /R E/{print NR-1; exit}')
text_end=$(readelf -lW "$img" | awk '$1=="LOAD" && /R E/{print $3, $6; exit}' |
	(read -r a m; printf '%d' $(((a + m + 15) & ~15))))
cp "$img" "$WORK/wxpage"; poke "$WORK/wxpage" "$(ph "$data" 16)" "$(le64 "$text_end")"
broken wxpage wx
check "wxpage: says the page is shared" grep -q "^FAIL wx .*share a 4096-byte page" "$WORK/out"
cp "$img" "$WORK/paddr"; poke "$WORK/paddr" "$(ph "$text" 24)" "$(le64 0x200000)"
broken paddr load-address
cp "$img" "$WORK/entry"; poke "$WORK/entry" 24 "$(le64 $((0xffffffff80100000)))"
broken entry entry
cp "$img" "$WORK/tls"; poke "$WORK/tls" "$(ph "$(idx TLS)" 48)" "$(le64 64)"
broken tls tls
# The function table's magic gone: no table, and no prefix to judge by.
shoff() { readelf -SW "$img" | sed -n 's/^ *\[ *[0-9]*\] *//p' | awk -v s="$1" '$1==s{print $4}'; }
cp "$img" "$WORK/ksyms"; poke "$WORK/ksyms" $((0x$(shoff .ukl.ksyms))) 00000000
broken ksyms ksyms
# Symbols: ukl_main made undefined; ukl_main renamed main (st_name + 4);
# __ehdr_start moved off the ELF header.
symoff=$((0x$(shoff .symtab)))
sym() { readelf -sW "$img" | awk -v s="$1" '$8==s{sub(":","",$1); print $1; exit}'; }
n=$(sym ukl_main)
cp "$img" "$WORK/undef"; poke "$WORK/undef" $((symoff + n * 24 + 6)) 0000
broken undef undefined
name=$((0x$(od -An -tx4 -j$((symoff + n * 24)) -N4 "$img" | tr -d ' ')))
cp "$img" "$WORK/unprefixed"; poke "$WORK/unprefixed" $((symoff + n * 24)) "$(le64 $((name + 4)) | cut -c1-8)"
broken unprefixed prefix
check "unprefixed: names main" grep -q "function 'main'" "$WORK/out"

# Not an image.
"$UKLD" verify "$KERNEL" >"$WORK/out" 2>&1
check "object: exit 1" test $? = 1
check "object: one line naming it" test "$(grep -c "vmlinux.o: error: not a 64-bit ELF executable" "$WORK/out")" = 1

# A script template that makes the data segment executable.
sed 's/FLAGS(6)/FLAGS(7)/' lds/$ARCH.lds.in >"$WORK/rwx.lds.in"
"$UKLD" --script "$WORK/rwx.lds.in" "$BA/examples/hello/app.a" "$KERNEL" -o "$WORK/rwx" 2>"$WORK/err"
rc=$?
cat "$WORK/err"
check "RWX script: link fails with exit 1" test $rc = 1
check "RWX script: says wx" grep -q "rwx: error: verify: wx: " "$WORK/err"
check "RWX script: no image" test ! -e "$WORK/rwx"

if [ "$ARCH" = riscv64 ]; then
	# The Image header: QEMU and U-Boot's booti read it at the first
	# byte loaded (the text segment's first file byte).
	hdr=$(readelf -lW "$img" | awk '$1=="LOAD" && /R E/{print $2; exit}')
	cp "$img" "$WORK/magic2"; poke "$WORK/magic2" $((hdr + 56)) 00000000
	broken magic2 image-header
	cp "$img" "$WORK/textoff"; poke "$WORK/textoff" $((hdr + 8)) "$(le64 0x400000)"
	broken textoff image-header
	cp "$img" "$WORK/imgsize"; poke "$WORK/imgsize" $((hdr + 16)) "$(le64 0x1000)"
	broken imgsize image-header
	# The program headers' copy (AT_PHDR points at it) emptied.
	cp "$img" "$WORK/phdrs"; poke "$WORK/phdrs" $((0x$(shoff .ukl.phdrs))) 0000000000000000
	broken phdrs phdrs
	# An `ecall` in the application (here inline; musl's clone.s has
	# one) is rewritten into `ebreak` by ukld; written back, it would call
	# the firmware in S-mode.
	cat >"$WORK/ec.c" <<'C'
__attribute__((noinline)) long raw_getpid(void) { register long a7 __asm__("a7") = 172, a0 __asm__("a0"); __asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory"); return a0; }
int main(void) { return raw_getpid() > 0 ? 0 : 1; }
C
	build_app "$WORK/ec.a" "$WORK/ec.c" || fail "compile ec.c"
	link_app ec "$WORK/ec.a" 2>"$WORK/err"
	check "ecall: links, rewritten" test -f "$WORK/ec"
	fn=$($NM "$WORK/ec" | awk '$3=="ukl_raw_getpid"{print $1}')
	at=$($OBJDUMP -d --start-address=0x$fn --stop-address=$((0x$fn + 64)) "$WORK/ec" |
		awk '$2=="00100073" {sub(":","",$1); print $1; exit}')
	read -r toff tva < <(readelf -lW "$WORK/ec" | awk '$1=="LOAD" && /R E/{print $2, $3; exit}')
	if [ -n "$at" ]; then
		poke "$WORK/ec" $((toff + 0x$at - tva)) 73000000
		broken ec ecall
		check "ecall: names the function" grep -q "raw_getpid" "$WORK/out"
	else
		fail "ecall: raw_getpid's ecall became an ebreak"
	fi
	exit 0
fi

# x86_64: the PVH note aligned to 8 (QEMU would read a wrong entry).
cp "$img" "$WORK/note8"; poke "$WORK/note8" "$(ph "$(idx NOTE)" 48)" "$(le64 8)"
broken note8 pvh-note
# __ehdr_start moved off the ELF header.
n=$(sym __ehdr_start)
cp "$img" "$WORK/phdrs"; poke "$WORK/phdrs" $((symoff + n * 24 + 8)) "$(le64 0xffffffff80200000)"
broken phdrs phdrs

# A raw `syscall` in app code passes while the kernel's note says it handles
# it, and fails when it does not.
cat >"$WORK/sc.c" <<'C'
__attribute__((noinline)) long raw_getpid(void) { long r; __asm__ volatile("syscall" : "=a"(r) : "a"(39L) : "rcx", "r11", "memory"); return r; }
int main(void) { return raw_getpid() > 0 ? 0 : 1; }
C
build_app "$WORK/sc.a" "$WORK/sc.c" || fail "compile sc.c"
link_app sc "$WORK/sc.a"
check "raw syscall: links (kernel handles it)" test -f "$WORK/sc"
off=$(grep -obUaP 'UKL\x00\x01\x00\x00\x00\x03\x00\x00\x00' "$WORK/sc" | head -1 | cut -d: -f1)
poke "$WORK/sc" $((off + 8)) 02
broken sc syscall
check "raw syscall: names the function" grep -q "raw_getpid" "$WORK/out"

# A link whose image fails verify writes nothing; --no-verify writes it.
cat >"$WORK/int80.c" <<'C'
__attribute__((noinline)) long old_getpid(void) { long r; __asm__ volatile("int $0x80" : "=a"(r) : "a"(20L) : "memory"); return r; }
int main(void) { return old_getpid() > 0 ? 0 : 1; }
C
build_app "$WORK/int80.a" "$WORK/int80.c" || fail "compile int80.c"
"$UKLD" "$WORK/int80.a" "$KERNEL" -o "$WORK/int80" 2>"$WORK/err"
rc=$?
cat "$WORK/err"
check "int \$0x80: link fails with exit 1" test $rc = 1
check "int \$0x80: the error names the image, the item, the function" grep -q "int80: error: verify: syscall: .*int.*0x80.*old_getpid" "$WORK/err"
check "int \$0x80: no image" test ! -e "$WORK/int80"
check "int \$0x80: no temporary left" test -z "$(ls -A "$WORK" | grep ukld-)"
"$UKLD" --no-verify "$WORK/int80.a" "$KERNEL" -o "$WORK/int80" 2>"$WORK/err"
check "--no-verify: image written" test -f "$WORK/int80"

# hlt in the application would hang the guest (interrupts stay off).
cat >"$WORK/hlt.c" <<'C'
__attribute__((noinline)) void wait_forever(void) { __asm__ volatile("hlt"); }
int main(void) { wait_forever(); return 0; }
C
build_app "$WORK/hlt.a" "$WORK/hlt.c" || fail "compile hlt.c"
"$UKLD" "$WORK/hlt.a" "$KERNEL" -o "$WORK/hlt" 2>"$WORK/err"
rc=$?
cat "$WORK/err"
check "hlt: link fails with exit 1" test $rc = 1
check "hlt: the error names the item and the function" grep -q "hlt: error: verify: halt: .*hlt.*wait_forever" "$WORK/err"
check "hlt: no image" test ! -e "$WORK/hlt"

