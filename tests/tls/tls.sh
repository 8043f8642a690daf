#!/bin/bash
# TLS in every shape (examples/tls, tests/tls/progs/shape.c), with GNU ld and
# ld.lld, with musl and with -nostdlib (the kernel's tls/runtime.c), and the
# dynamic models from -fPIC objects (x86_64).  Each image is checked twice:
# PT_TLS against the TLS sections with readelf, and the program's output
# after boot against the expected lines (and against the same program built
# by the host's gcc -static, where the host runs $ARCH).
. tests/common.sh
ex=examples/tls
cat >"$WORK/expected" <<'END'
tls: main .tdata ok
tls: main .tbss ok
tls: alignment 1..4096 ok
tls: 1 MiB .tbss, 64 KiB .tdata ok
tls: access models ok
tls: initial-exec across objects ok
tls: written and read back ok
tls: errno ok
tls: errno reset ok
tls: all ok
END
grep -v errno "$WORK/expected" >"$WORK/expected-bare"

if host_native; then
	gcc -static -O2 -o "$WORK/host" $ex/*.c && "$WORK/host" >"$WORK/console"
	expect_output "host: gcc -static prints the expected lines" "$WORK/expected"
fi

# phdr_check NAME IMAGE MIN_ALIGN MIN_FILESZ MIN_MEMSZ: PT_TLS is the TLS
# sections (start, sizes, the largest alignment), and only app symbols are TLS.
phdr_check() {
	local n=$1 img=$2 want_align=$3 min_file=$4 min_mem=$5
	local tls td tb vaddr filesz memsz align
	tls=$(readelf -lW "$img" | awk '$1=="TLS"{print $3, $5, $6, $8}')
	read -r vaddr filesz memsz align <<<"$tls"
	td=$(readelf -SW "$img" | sed -n 's/^ *\[ *[0-9]*\] *//p' | awk '$1==".tdata"{print $3, $5, $NF}')
	tb=$(readelf -SW "$img" | sed -n 's/^ *\[ *[0-9]*\] *//p' | awk '$1==".tbss"{print $3, $5, $NF}')
	local ta=0 ts=0 tal=1 ba=0 bs=0 bal=1
	[ -n "$td" ] && read -r ta ts tal <<<"$td"
	[ -n "$tb" ] && read -r ba bs bal <<<"$tb"
	ta=$((0x$ta)) ts=$((0x$ts)) ba=$((0x$ba)) bs=$((0x$bs))
	if [ "$min_mem" = 0 ]; then
		check "$n: no TLS sections, no TLS segment" test $((ts + bs)) = 0 -a "$((${memsz:-0}))" = 0
		return
	fi
	check "$n: PT_TLS present" test -n "$tls"
	[ $ts -gt 0 ] && check "$n: PT_TLS starts at .tdata" test $((vaddr)) = $ta
	check "$n: PT_TLS filesz is .tdata's size" test $((filesz)) = $ts
	local end=$((ta + ts)); [ $bs -gt 0 ] && end=$((ba + bs))
	check "$n: PT_TLS memsz reaches the end of .tbss" test $((vaddr + memsz)) -ge $end
	local big=$tal; [ $bs -gt 0 ] && [ $bal -gt $big ] && big=$bal
	[ $ts -gt 0 ] || big=$bal
	check "$n: PT_TLS alignment is the sections' ($big)" test $((align)) = $big
	check "$n: PT_TLS alignment is $want_align" test $((align)) = $want_align
	check "$n: PT_TLS sizes >= $min_file/$min_mem" test $((filesz)) -ge $min_file -a $((memsz)) -ge $min_mem
	check "$n: every TLS symbol is the application's" test -z \
		"$(readelf -sW "$img" | awk '$4=="TLS" && $8 !~ /^ukl_/')"
	check "$n: no undefined symbols" test -z "$($NM -u "$img")"
}

# boot_expect NAME IMAGE EXPECTED: boots, exit status 0, output as expected.
boot_expect() {
	boot "$2"; local rc=$?
	check "$1: exit status 0" test $rc = 0
	expect_output "$1: output" "$3"
}

# The example, with musl.
for img in $BA/examples/tls/vmlinux $BA/examples/tls/vmlinux.lld; do
	l=libc-$(basename "$img")
	phdr_check "$l" "$img" 4096 65536 $((1048576 + 65536))
	boot_expect "$l" "$img" "$WORK/expected"
done
# riscv64: its flat Images (ukld --image), which carry PT_TLS only in the
# program headers' copy, boot the same.
if [ "$ARCH" = riscv64 ]; then
	for img in $BA/examples/tls/Image $BA/examples/tls/Image.lld; do
		boot_expect "libc-$(basename "$img")" "$img" "$WORK/expected"
	done
fi

# The example without a libc: the kernel builds the TLS block.
bare_objs=()
for s in $ex/*.c; do
	o=$WORK/bare-$(basename "${s%.c}").o
	"$UKLCC" -O2 -DUKL_BARE -ffreestanding -c -o "$o" "$s" || fail "bare: compile $s"
	bare_objs+=("$o")
done
ar rcs "$WORK/bare.a" "${bare_objs[@]}"
for linker in bfd lld; do
	if link_app bare-$linker "$WORK/bare.a" -nostdlib --linker=$linker; then
		phdr_check "bare-$linker" "$WORK/bare-$linker" 4096 65536 $((1048576 + 65536))
		boot_expect "bare-$linker" "$WORK/bare-$linker" "$WORK/expected-bare"
	else
		fail "bare-$linker: link"
	fi
done

# The dynamic models as -fPIC objects have them (general- and local-dynamic
# through __tls_get_addr, and TLS descriptors with -mtls-dialect=gnu2), which
# the linkers relax in a static link.  -fPIC code is RIP-relative and runs in
# the top 2 GiB; ukl-cc does not make it (it forces -fno-pic), a build system
# using gcc directly does.
if [ "$ARCH" = x86_64 ]; then
	pic=(gcc -nostdinc -isystem "$("$UKLCC" --ukl-print-sysroot)/include"
	     -isystem "$(gcc -print-file-name=include)" -O2 -mno-red-zone
	     -fno-stack-protector -fPIC)
	for mode in libc bare; do
		d=; [ $mode = bare ] && d="-DUKL_BARE -ffreestanding"
		"$UKLCC" -O2 $d -c -o "$WORK/pic-main.o" $ex/main.c &&
		"${pic[@]}" $d -c -o "$WORK/pic-align.o" $ex/align.c &&
		"${pic[@]}" $d -c -o "$WORK/pic-models.o" $ex/models.c &&
		"${pic[@]}" $d -mtls-dialect=gnu2 -c -o "$WORK/pic-big.o" $ex/big.c ||
			{ fail "pic-$mode: compile"; continue; }
		relocs=$(readelf -rW "$WORK"/pic-*.o | awk '{print $3}')
		for r in R_X86_64_TLSGD R_X86_64_TLSLD R_X86_64_GOTPC32_TLSDESC R_X86_64_TLSDESC_CALL; do
			check "pic-$mode: the objects use $r" grep -qx $r <<<"$relocs"
		done
		rm -f "$WORK/pic.a"; ar rcs "$WORK/pic.a" "$WORK"/pic-*.o
		exp=$WORK/expected; nostd=
		[ $mode = bare ] && exp=$WORK/expected-bare nostd=-nostdlib
		for linker in bfd lld; do
			n=pic-$mode-$linker
			link_app $n "$WORK/pic.a" $nostd --linker=$linker || { fail "$n: link"; continue; }
			check "$n: no call of __tls_get_addr is left" test -z \
				"$(objdump -d "$WORK/$n" | grep -E 'call.*(__tls_get_addr|\*.*@tlsdesc)')"
			phdr_check "$n" "$WORK/$n" 4096 65536 $((1048576 + 65536))
			boot_expect "$n" "$WORK/$n" "$exp"
		done
	done
fi

# TLS of every shape: none, .tdata only, .tbss only, both.
echo "shape: ok" >"$WORK/expected-shape"
for shape in none tdata tbss both; do
	case $shape in
	none)  d=() file=0 mem=0 al=0 ;;
	tdata) d=(-DTDATA) file=32 mem=32 al=16 ;;   # x86_64 aligns arrays of 16+ bytes to 16
	tbss)  d=(-DTBSS) file=0 mem=320 al=32 ;;
	both)  d=(-DTDATA -DTBSS) file=32 mem=352 al=32 ;;
	esac
	[ $shape = tdata ] && [ "$ARCH" = riscv64 ] && al=8   # RISC-V does not
	for mode in libc bare; do
		f=(); nostd=
		[ $mode = bare ] && f=(-DUKL_BARE -ffreestanding) nostd=-nostdlib
		"$UKLCC" -O2 "${d[@]}" "${f[@]}" -c -o "$WORK/shape.o" tests/tls/progs/shape.c ||
			{ fail "$shape-$mode: compile"; continue; }
		for linker in bfd lld; do
			n=$shape-$mode-$linker
			link_app $n "$WORK/shape.o" $nostd --linker=$linker || { fail "$n: link"; continue; }
			phdr_check "$n" "$WORK/$n" $al $file $mem
			boot_expect "$n" "$WORK/$n" "$WORK/expected-shape"
		done
	done
done

# A TLS common symbol (assembler .tls_common): GNU ld would put it in
# .tcommon, lld in .bss, outside the TLS segment; ukld gives it a .tbss
# section in its copy of the object, so both place it in PT_TLS.
echo "tcommon: ok" >"$WORK/expected-tcommon"
"$UKLCC" -c -o "$WORK/tcommon-s.o" tests/tls/progs/tcommon.s &&
"$UKLCC" -O2 -c -o "$WORK/tcommon.o" tests/tls/progs/tcommon.c || fail "tcommon: compile"
for linker in bfd lld; do
	n=tcommon-$linker
	link_app $n "$WORK/tcommon.o" "$WORK/tcommon-s.o" --linker=$linker || { fail "$n: link"; continue; }
	phdr_check $n "$WORK/$n" 64 0 64
	check "$n: the symbol is in .tbss" test "$(readelf -sW "$WORK/$n" | awk '$8=="ukl_tc_buf"{print $7}')" = \
		"$(readelf -SW "$WORK/$n" | sed -n 's/^ *\[ *\([0-9]*\)\] *\.tbss .*/\1/p')"
	boot_expect $n "$WORK/$n" "$WORK/expected-tcommon"
done

# The kernel's own thread-local data would share the application's block:
# a kernel object with some is refused, naming it.
case $ARCH in
x86_64) ldr=ld ;;
*) ldr=$ARCH-linux-gnu-ld ;;
esac
"$UKLCC" -O2 -ffreestanding -c -o "$WORK/ktls.o" tests/tls/progs/ktls.c &&
	$ldr -r -o "$WORK/kernel-tls.o" "$KERNEL" "$WORK/ktls.o" || fail "kernel with TLS: build"
"$UKLD" "$BA/examples/tls/app.a" "$WORK/kernel-tls.o" -o "$WORK/ktls" 2>"$WORK/err"; rc=$?
check "kernel with TLS: refused" test $rc = 1
check "kernel with TLS: says so" grep -q 'the kernel has thread-local data' "$WORK/err"
check "kernel with TLS: no output" test ! -e "$WORK/ktls"

# musl's own static executable (musl-gcc) agrees with glibc's on all of it.
mgcc=$(command -v $ARCH-linux-musl-gcc || command -v musl-gcc)
if host_native && [ -n "$mgcc" ]; then
	"$mgcc" -static -O2 -o "$WORK/host-musl" $ex/*.c && "$WORK/host-musl" >"$WORK/console"
	expect_output "host: musl-gcc -static prints the expected lines" "$WORK/expected"
fi
