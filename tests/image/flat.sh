#!/bin/bash
# riscv64's flat Image (ukld --image), as the examples' build writes it with
# each linker: its bytes are the ELF's loaded bytes (read from the program
# headers with dd, and as objcopy -O binary makes them from the sections),
# its header has what QEMU and U-Boot's booti read, and it is written only
# when the whole link succeeds.
# ukl-arches: riscv64
. tests/common.sh
app=$BA/examples/hello/app.a

# u64/u32/hex FILE OFFSET: a little-endian field of the header, or N bytes.
u64() { od -An -tu8 -j "$2" -N 8 "$1" | tr -d ' '; }
u32() { od -An -tu4 -j "$2" -N 4 "$1" | tr -d ' '; }
hex() { od -An -tx1 -j "$2" -N "$3" "$1" | tr -d ' \n'; }
sym() { $NM "$1" | awk -v n="$2" '$3==n{print $1}'; }

# from_segments ELF OUT: what a loader puts in memory from the program
# headers, from the lowest PT_LOAD's p_paddr to the last file-backed byte
# (readelf and dd: neither ukld nor objcopy, which works from sections).
from_segments() {
	local elf=$1 out=$2 low off pa fs
	readelf -lW "$elf" | awk '$1=="LOAD" && $6 != "0x000000" {print $2, $4, $5}' >"$WORK/loads"
	low=$(awk '{print $2}' "$WORK/loads" | sort | head -1)
	: >"$out"
	while read -r off pa fs; do
		[ $((fs)) -gt 0 ] || continue
		dd if="$elf" of="$out" bs=64K iflag=skip_bytes,count_bytes oflag=seek_bytes \
			skip=$((off)) seek=$((pa - low)) count=$((fs)) conv=notrunc status=none
	done <"$WORK/loads"
}

for l in "" .lld; do
	elf=$BA/examples/hello/vmlinux$l img=$BA/examples/hello/Image$l n=Image$l
	[ -f "$img" ] || { fail "$n: written beside vmlinux$l"; continue; }
	pass "$n: written beside vmlinux$l"

	# The bytes.
	from_segments "$elf" "$WORK/segments"
	check "$n: the ELF's PT_LOAD bytes at p_paddr - 0x80200000, gaps zero" cmp "$img" "$WORK/segments"
	$OBJCOPY -O binary "$elf" "$WORK/objcopy"
	check "$n: the same bytes as objcopy -O binary" cmp "$img" "$WORK/objcopy"
	file_end=0 mem_end=0
	while read -r pa fs ms; do
		[ $((pa + fs)) -gt $file_end ] && file_end=$((pa + fs))
		[ $((pa + ms)) -gt $mem_end ] && mem_end=$((pa + ms))
	done < <(readelf -lW "$elf" | awk '$1=="LOAD" {print $4, $5, $6}')
	size=$(stat -c %s "$img")
	check "$n: ends at the last file-backed byte (no .bss)" test "$size" = $((file_end - 0x80200000))
	check "$n: the .bss is not in it" test $((mem_end - 0x80200000)) -gt "$size"

	# The header (Linux Documentation/riscv/boot-image-header.rst).
	start=$(sym "$elf" __ukl_image_start) end=$(sym "$elf" __ukl_image_end)
	sk=$(sym "$elf" _start_kernel)
	j=$($OBJDUMP -D -b binary -m riscv:rv64 --stop-address=4 "$img" | awk '$1=="0:"{print $3, $4}')
	check "$n: code0 jumps to _start_kernel (+$((0x$sk - 0x$start)))" test "$j" = "j 0x$(printf '%x' $((0x$sk - 0x$start)))"
	check "$n: code1 is 0" test "$(u32 "$img" 4)" = 0
	check "$n: text_offset is 2 MiB" test "$(u64 "$img" 8)" = $((2 << 20))
	isz=$(u64 "$img" 16)
	check "$n: image_size is __ukl_image_end - __ukl_image_start" test "$isz" = $((0x$end - 0x$start))
	check "$n: image_size covers every segment's memory" test "$isz" -ge $((mem_end - 0x80200000))
	check "$n: flags 0 (little-endian)" test "$(u64 "$img" 24)" = 0
	check "$n: version 0.2" test "$(u32 "$img" 32)" = $(((0 << 16) | 2))
	check "$n: res1, res2 are 0" test "$(hex "$img" 36 12)" = 000000000000000000000000
	check "$n: magic \"RISCV\\0\\0\\0\" at 48" test "$(hex "$img" 48 8)" = 5249534356000000
	check "$n: magic2 \"RSC\\x05\" at 56" test "$(hex "$img" 56 4)" = 52534305
	check "$n: res3 0 (no PE/COFF header)" test "$(u32 "$img" 60)" = 0

	# What the runtime reads about itself is in the loaded bytes.
	ph=$(( 0x$(sym "$elf" __ukl_phdrs) - 0x$start ))
	phnum=$(readelf -hW "$elf" | awk '/Number of program headers/{print $NF}')
	check "$n: holds .ukl.phdrs filled (PHDR, e_phnum)" test "$(hex "$img" $ph 8)" = "50484452$(printf '%02x000000' "$phnum")"
	ks=$(( 0x$(sym "$elf" __ukl_ksyms_start) - 0x$start ))
	$OBJCOPY -O binary -j .ukl.ksyms "$elf" "$WORK/ksyms"
	tail -c +$((ks + 1)) "$img" | head -c "$(stat -c %s "$WORK/ksyms")" >"$WORK/flat-ksyms"
	check "$n: holds the function table (KSYM...)" bash -c \
		"cmp -s '$WORK/ksyms' '$WORK/flat-ksyms' && test \"\$(head -c 4 '$WORK/ksyms')\" = KSYM"
done

# --image leaves the ELF as it was, and the same inputs give the same bytes.
lk() { "$UKLD" --name hello "$app" "$KERNEL" "$@"; }
lk -o "$WORK/a" --image "$WORK/a.Image" && lk -o "$WORK/b" --image "$WORK/b.Image"
check "the ELF is the same with --image" cmp -s "$WORK/a" "$BA/examples/hello/vmlinux"
check "reproducible flat Image" cmp -s "$WORK/a.Image" "$WORK/b.Image"
check "matches the example build" cmp -s "$WORK/a.Image" "$BA/examples/hello/Image"
check "the flat Image is not executable (0644)" test "$(stat -c %a "$WORK/a.Image")" = 644

# No flat Image unless the whole link succeeds; an old one stays as it was.
# not_written NAME UKLD-ARGS...: exit 1, one error line, no file (nor
# temporary) but the old Image, unchanged.
not_written() {
	local n=$1; shift
	rm -rf "$WORK/out"; mkdir -p "$WORK/out"
	echo old >"$WORK/out/Image"
	"$UKLD" --name hello "$@" -o "$WORK/out/vmlinux" --image "$WORK/out/Image" 2>"$WORK/err"
	local rc=$?
	if [ $rc = 1 ] && [ "$(ls -A "$WORK/out")" = Image ] && [ "$(cat "$WORK/out/Image")" = old ]; then
		pass "$n: exit 1, nothing written"
	else
		fail "$n: exit 1, nothing written (exit $rc, files: $(ls -A "$WORK/out" | tr '\n' ' '))"
	fi
	sed 's/^/    /' "$WORK/err" | head -3
}
echo 'extern int nowhere(void); int main(void) { return nowhere(); }' >"$WORK/undef.c"
build_app "$WORK/undef.a" "$WORK/undef.c"
not_written "link fails (unresolved name)" "$WORK/undef.a" "$KERNEL"
# A script whose image_size is too small for the image: verify refuses it,
# and with --no-verify the flat Image's own header check does.
sed 's/^\t__ukl_image_size = .*/\t__ukl_image_size = 0x1000;/' lds/riscv64.lds.in >"$WORK/small.lds"
check "the small script differs" bash -c "! cmp -s lds/riscv64.lds.in '$WORK/small.lds'"
not_written "verify fails (image_size too small)" --script "$WORK/small.lds" "$app" "$KERNEL"
grep -q 'image-header' "$WORK/err"; check "verify names the header" test $? = 0
not_written "--no-verify: the header check fails" --no-verify --script "$WORK/small.lds" "$app" "$KERNEL"
check "--no-verify: the error names the Image and the field" \
	grep -q "out/Image: error: not a bootable Linux RISC-V Image: image_size 0x1000 does not cover" "$WORK/err"
# (Warnings, such as the system calls the kernel lacks, are not errors.)
check "--no-verify: one error line" test "$(grep -c ': error: ' "$WORK/err")" = 1

# ukld image: the flat Image of an image linked before (a project's own
# build links through ukl-cc), the same bytes as --image writes.
for l in "" .lld; do
	"$UKLD" image -o "$WORK/later$l.Image" "$BA/examples/hello/vmlinux$l"
	check "ukld image$l: exit 0" test $? = 0
	check "ukld image$l: the bytes --image wrote" cmp -s "$WORK/later$l.Image" "$BA/examples/hello/Image$l"
done
# image_refused NAME NEEDLE ARGS...: exit 1, one error line naming NEEDLE,
# no output file (nor temporary).
image_refused() {
	local n=$1 needle=$2; shift 2
	rm -rf "$WORK/iout"; mkdir -p "$WORK/iout"
	"$UKLD" image "$@" 2>"$WORK/err"
	local rc=$?
	if [ $rc = 1 ] && [ "$(wc -l <"$WORK/err")" = 1 ] && grep -qF -- "$needle" "$WORK/err" &&
	   [ -z "$(ls -A "$WORK/iout")" ]; then
		pass "ukld image: $n"
	else
		fail "ukld image: $n (exit $rc, files: $(ls -A "$WORK/iout" | tr '\n' ' '))"
	fi
	sed 's/^/    /' "$WORK/err" | head -2
}
image_refused "x86_64 image" "x86_64 images have no flat image" -o "$WORK/iout/I" "$B/x86_64/examples/hello/vmlinux"
image_refused "an object" "not a linked 64-bit image" -o "$WORK/iout/I" "$KERNEL"
echo text >"$WORK/text"
image_refused "not ELF" "text: error: not a readable ELF image: not an ELF file" -o "$WORK/iout/I" "$WORK/text"
head -c 2000 "$BA/examples/hello/vmlinux" >"$WORK/cut"
image_refused "truncated image" "cut: error:" -o "$WORK/iout/I" "$WORK/cut"
image_refused "no -o" "give -o FILE" "$BA/examples/hello/vmlinux"
image_refused "output in a missing directory" "iout/no/I" -o "$WORK/iout/no/I" "$BA/examples/hello/vmlinux"
image_refused "output is the input" "is also an input: the flat image would overwrite it" -o "$BA/examples/hello/vmlinux" "$BA/examples/hello/vmlinux"
