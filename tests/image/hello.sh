#!/bin/bash
# Checks of the hello image produced by each linker, with readelf/nm/objdump:
# the contract holds in the image, not just in ukld's own view of it.
. tests/common.sh
app=$BA/examples/hello/app.a

# riscv64: the image starts with the Linux RISC-V Image header (QEMU starts
# the firmware's next stage at the lowest load address, U-Boot's booti
# wants the header), is loaded at 0x80200000, carries its program headers
# in .ukl.phdrs, and no `ecall` is left in the application's code.
riscv_image_checks() {
	local img=$1 l
	l=$(basename "$img")
	local start end entry low
	start=$(awk '$3=="__ukl_image_start"{print $1}' "$WORK/nm")
	end=$(awk '$3=="__ukl_image_end"{print $1}' "$WORK/nm")
	entry=$(readelf -hW "$img" | awk '/Entry point/{print $NF}')
	low=$(awk '$1=="LOAD"{print $3; exit}' "$WORK/phdrs")
	check "$l: entry is the first byte of the image" test "$((entry))" = "$((0x$start))"
	check "$l: loaded at 0x80200000" test "$(awk '$1=="LOAD"{print $4; exit}' "$WORK/phdrs")" = 0x0000000080200000
	bad=0
	while read -r _ _ v p _; do
		[ $((v - p)) = $((0xffffffff80000000 - 0x80000000)) ] || bad=1
	done < <(awk '$1=="LOAD"' "$WORK/phdrs")
	check "$l: p_paddr = p_vaddr - 0xffffffff80000000 + 0x80000000" test $bad = 0
	# The header: code0 a jump, magic2 "RSC\x05" at 56, image_size at 16.
	off=$(readelf -lW "$img" | awk '$1=="LOAD"{print $2; exit}')
	hdr=$(od -An -tx1 -j $((off)) -N 64 "$img" | tr -d ' \n')
	check "$l: Image header magic RISCV" test "${hdr:96:10}" = 5249534356
	check "$l: Image header magic2 RSC\\x05" test "${hdr:112:8}" = 52534305
	size=$(od -An -tu8 -j $((off + 16)) -N 8 "$img" | tr -d ' ')
	check "$l: Image header image_size is the image's" test "$size" = "$((0x$end - 0x$start))"
	check "$l: Image header code0 is a jump" bash -c "$OBJDUMP -d --start-address=0x$start --stop-address=$((0x$start + 4)) '$img' | grep -qw j"
	# .ukl.phdrs: "PHDR", then the count, which is e_phnum.
	phnum=$(readelf -hW "$img" | awk '/Number of program headers/{print $NF}')
	ph=$(readelf -x .ukl.phdrs "$img" | awk '/^ *0x/{print $2 $3}' | head -1)
	check "$l: .ukl.phdrs filled (PHDR, e_phnum)" test "$ph" = "50484452$(printf '%02x000000' "$phnum")"
	check "$l: __global_pointer\$ defined" grep -q ' __global_pointer\$$' "$WORK/nm"
	# No ecall in the application's code (it would go to the firmware).
	ts=$(awk '$3=="__ukl_app_text_start"{print $1}' "$WORK/nm")
	te=$(awk '$3=="__ukl_app_text_end"{print $1}' "$WORK/nm")
	check "$l: no ecall left in the application's code" bash -c \
		"! $OBJDUMP -d --start-address=0x$ts --stop-address=0x$te '$img' | grep -qw ecall"
}

for img in $BA/examples/hello/vmlinux $BA/examples/hello/vmlinux.lld; do
	l=$(basename "$img")
	[ -f "$img" ] || { fail "$l: image exists"; continue; }
	$NM "$img" >"$WORK/nm"
	readelf -lW "$img" >"$WORK/phdrs"
	readelf -SW "$img" | sed -n 's/^ *\[ *[0-9]*\] *//p' >"$WORK/sections"

	# No undefined name is left (a weak one would silently be 0).
	check "$l: no undefined symbols" test -z "$($NM -u "$img")"

	# Every definition that is not the kernel's nor the script's is prefixed.
	$NM --defined-only "$KERNEL" | awk '{print $3}' | sort -u >"$WORK/kernel-syms"
	awk '{print $3}' "$WORK/nm" | sort -u |
		grep -v -e '^ukl_' -e '^__ukl_' -e '^__kernel_init_array' \
			-e '^__bss_' -e '^KERNEL_VMA$' \
			-e '^_GLOBAL_OFFSET_TABLE_$' -e '^__ehdr_start$' \
			-e '^KERNEL_PHYS$' -e '^__global_pointer\$$' |
		comm -23 - "$WORK/kernel-syms" >"$WORK/unprefixed"
	check "$l: every app definition prefixed" test ! -s "$WORK/unprefixed"
	[ -s "$WORK/unprefixed" ] && head "$WORK/unprefixed"
	check "$l: app main is ukl_main" grep -q ' T ukl_main$' "$WORK/nm"
	check "$l: no bare main" bash -c "! grep -q ' main\$' '$WORK/nm'"

	# PT_TLS exists and covers exactly .tdata + .tbss, with their alignment.
	tls=$(awk '$1=="TLS"' "$WORK/phdrs")
	tdata=$(awk '$1==".tdata"{print $3, $5}' "$WORK/sections")
	tbss=$(awk '$1==".tbss"{print $3, $5}' "$WORK/sections")
	check "$l: PT_TLS present" test -n "$tls"
	read -r _ _ vaddr _ filesz memsz _ align <<<"$tls"
	read -r td_addr td_size <<<"$tdata"
	read -r tb_addr tb_size <<<"$tbss"
	check "$l: PT_TLS starts at .tdata" test "$((vaddr))" = "$((0x$td_addr))"
	check "$l: PT_TLS filesz is .tdata" test "$((filesz))" = "$((0x$td_size))"
	check "$l: PT_TLS memsz covers .tbss" test "$((memsz))" -ge "$((0x$tb_addr + 0x$tb_size - 0x$td_addr))"
	check "$l: PT_TLS align nonzero power of two" test "$(( align & (align - 1) ))" = 0 -a "$((align))" -gt 0

	if [ "$ARCH" = x86_64 ]; then
		# The PVH note: type 0x12 in a PT_NOTE aligned to 4 (QEMU reads it
		# by p_align), holding a 32-bit physical entry inside the image.
		note=$(readelf -nW "$img")
		check "$l: PVH note present" grep -q 'Xen.*0x00000012' <<<"$note"
		check "$l: PT_NOTE aligned to 4" test "$(awk '$1=="NOTE"{print $NF}' "$WORK/phdrs")" = 0x4
		entry=$(readelf -x .notes "$img" | awk '/0x/{print}' | head -1)
		pvh=$(nm "$img" | awk '$3=="pvh_start"{print $1}')
		check "$l: pvh_start defined" test -n "$pvh"
		phys=$(printf '%08x' $((0x$pvh - 0xffffffff80000000)))
		le=${phys:6:2}${phys:4:2}${phys:2:2}${phys:0:2}
		check "$l: PVH note holds pvh_start's physical address" \
			bash -c "readelf -x .notes '$img' | tr -d ' ' | grep -q '$le'"

		# Physical load addresses are the virtual ones less the kernel base.
		bad=0
		while read -r _ _ v p _; do
			[ $((v - p)) = $((0xffffffff80000000)) ] || bad=1
		done < <(awk '$1=="LOAD"' "$WORK/phdrs")
		check "$l: p_paddr = p_vaddr - 0xffffffff80000000" test $bad = 0
	else
		riscv_image_checks "$img"
	fi

	# The app's constructor is in the app's init array, not the kernel's.
	start=$(awk '$3=="__ukl_app_init_array_start"{print $1}' "$WORK/nm")
	end=$(awk '$3=="__ukl_app_init_array_end"{print $1}' "$WORK/nm")
	ctor=$(awk '$3=="ukl_construct"{print $1}' "$WORK/nm")
	check "$l: app init array not empty" test "$((0x$end - 0x$start))" -gt 0
	$OBJDUMP -s -j .init_array "$img" | awk 'NR>4{print $2 $3 $4 $5}' | tr -d '\n' >"$WORK/ia"
	le=$(echo "$ctor" | sed 's/../& /g' | awk '{for(i=NF;i>0;i--) printf "%s", $i}')
	check "$l: constructor in the app init array" grep -q "$le" "$WORK/ia"
	kstart=$(awk '$3=="__kernel_init_array_start"{print $1}' "$WORK/nm")
	kend=$(awk '$3=="__kernel_init_array_end"{print $1}' "$WORK/nm")
	check "$l: kernel init array holds no app constructor" test "$kstart" = "$kend"

	# The function table is filled and names app functions unprefixed.
	check "$l: function table filled" bash -c "readelf -x .ukl.ksyms '$img' | head -3 | grep -q 'KSYM'"
	check "$l: function table has main unprefixed" bash -c "readelf -p .ukl.ksyms '$img' | grep -qw 'main'"
done

# Same inputs, same bytes.
"$UKLD" --name hello "$app" "$KERNEL" -o "$WORK/a" && "$UKLD" --name hello "$app" "$KERNEL" -o "$WORK/b"
check "reproducible output" cmp -s "$WORK/a" "$WORK/b"
check "matches the example build" cmp -s "$WORK/a" "$BA/examples/hello/vmlinux"
