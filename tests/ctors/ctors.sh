#!/bin/bash
# Constructors and destructors (examples/ctors): .preinit_array,
# constructor(101..65535) and unprioritised ones, legacy .ctors/.dtors,
# .fini_array, atexit, exit() and return from main; with GNU ld and ld.lld,
# with musl and with -nostdlib (the kernel's ctors/runtime.c).  Checked in
# the image (the arrays' entries, in order, against the declared priorities;
# no undefined names) and by the program's output after boot, which must be
# the output of the same program built by the host's gcc -static.
. tests/common.sh
ex=examples/ctors

# What a static Linux executable prints (glibc's order; musl itself runs no
# .preinit_array, but ukld puts those entries at the head of the init array).
cat >"$WORK/head" <<'END'
preinit_array 1
preinit_array 2
constructor(101)
legacy .ctors.65335 (priority 200)
constructor(1000)
constructor(30000)
constructor legacy.c
legacy .ctors 2
legacy .ctors 1
constructor main.c
constructor(65535)
constructor prio.c
main
prio.c linked
legacy.c linked
every constructor ran once: ok
END
cat >"$WORK/tail" <<'END'
atexit registered second in main
atexit registered first in main
atexit registered by a constructor
destructor(65535)
destructor prio.c
fini_array by hand
destructor main.c
legacy .dtors 1
legacy .dtors 2
destructor(1000)
legacy .dtors.65335 (priority 200)
destructor(101)
END
{ cat "$WORK/head"; echo "return from main"; cat "$WORK/tail"; } >"$WORK/expected"
{ cat "$WORK/head"; echo "exit(7) from a nested call"; cat "$WORK/tail"; } >"$WORK/expected-exit"
grep -v '^atexit' "$WORK/expected" >"$WORK/expected-bare"

# The arrays in the image, in the order they run.
cat >"$WORK/init" <<'END'
ukl_preinit1
ukl_preinit2
ukl_c101
ukl_legacy_c200
ukl_c1000
ukl_c30000
ukl_cplain
ukl_legacy_c2
ukl_legacy_c1
ukl_main_ctor
ukl_c65535
ukl_cplain
END
cat >"$WORK/fini" <<'END'
ukl_d101
ukl_legacy_d200
ukl_d1000
ukl_legacy_d2
ukl_legacy_d1
ukl_main_dtor
ukl_fini_by_hand
ukl_dplain
ukl_d65535
END
head -2 "$WORK/init" >"$WORK/preinit"

# The host's static executable, objects in the order of app.a's members.
if host_native; then
	gcc -static -O2 -o "$WORK/host" $ex/legacy.c $ex/main.c $ex/prio.c &&
	"$WORK/host" >"$WORK/console"
	expect_output "host: gcc -static prints the expected lines" "$WORK/expected"
	"$WORK/host" exit >"$WORK/console"; rc=$?
	expect_output "host: exit() prints the expected lines" "$WORK/expected-exit"
	check "host: exit status 7" test $rc = 7
fi

# musl's own static executable (musl-gcc) runs the same, except that musl
# runs no .preinit_array (ukld runs it, at the head of the init array).
mgcc=$(command -v $ARCH-linux-musl-gcc || command -v musl-gcc)
if host_native && [ -n "$mgcc" ]; then
	"$mgcc" -static -O2 -o "$WORK/host-musl" $ex/legacy.c $ex/main.c $ex/prio.c &&
	"$WORK/host-musl" >"$WORK/console"
	grep -v '^preinit_array' "$WORK/expected" >"$WORK/expected-musl"
	sed -i 's/^every constructor ran once: ok$/constructor 0 ran 0 times\nconstructor 1 ran 0 times\nevery constructor ran once: WRONG/' "$WORK/expected-musl"
	expect_output "host: musl-gcc -static: the same but for .preinit_array" "$WORK/expected-musl"
fi

# image_check NAME IMAGE: the arrays hold exactly the expected functions in
# the expected order, the libc's names for them are the arrays, nothing is
# left undefined, and the kernel's init array holds none of them.
image_check() {
	local n=$1 img=$2 w
	for w in preinit init fini; do
		array_names "$img" $w >"$WORK/got-$w"
		if diff -u "$WORK/$w" "$WORK/got-$w" >"$WORK/diff"; then
			pass "$n: $w array in priority order"
		else
			fail "$n: $w array in priority order"; sed 's/^/    | /' "$WORK/diff"
		fi
	done
	check "$n: no undefined symbols" test -z "$($NM -u "$img")"
	$NM "$img" >"$WORK/nm"
	addr() { awk -v n="$1" '$3==n{print $1}' "$WORK/nm"; }
	local ks ke
	ks=$(addr __kernel_init_array_start) ke=$(addr __kernel_init_array_end)
	check "$n: the kernel's init array is apart" test -n "$ks" -a "$ks" != "$(addr __ukl_app_init_array_start)"
	# The libc runs the init array from its head, the preinit entries
	# (its __init_array_start is ukld's __ukl_libc_init_array_start).
	if grep -q ' ukl___ukl_libc_init_array_start$' "$WORK/nm"; then
		check "$n: the libc's __init_array_start/end are the application's, preinit first" \
			test "$(addr ukl___ukl_libc_init_array_start)" = "$(addr __ukl_app_init_array_start)" -a \
			     "$(addr ukl___init_array_end)" = "$(addr __ukl_app_init_array_end)"
		check "$n: the libc's __fini_array_start/end are the application's" \
			test "$(addr ukl___fini_array_start)" = "$(addr __ukl_app_fini_array_start)" -a \
			     "$(addr ukl___fini_array_end)" = "$(addr __ukl_app_fini_array_end)"
	fi
}

boot_expect() {
	boot "$2" "${4:-}"; local rc=$?
	check "$1: exit status ${5:-0}" test $rc = "${5:-0}"
	expect_output "$1: output" "$3"
}

# With musl: the example as make builds it.
for img in $BA/examples/ctors/vmlinux $BA/examples/ctors/vmlinux.lld; do
	l=libc-$(basename "$img")
	image_check "$l" "$img"
	boot_expect "$l" "$img" "$WORK/expected"
	boot_expect "$l: exit()" "$img" "$WORK/expected-exit" exit 7
done
# riscv64: its flat Images (ukld --image) boot the same.
if [ "$ARCH" = riscv64 ]; then
	for img in $BA/examples/ctors/Image $BA/examples/ctors/Image.lld; do
		l=libc-$(basename "$img")
		boot_expect "$l" "$img" "$WORK/expected"
		boot_expect "$l: exit()" "$img" "$WORK/expected-exit" exit 7
	done
fi

# Without a libc: the kernel runs the arrays.
objs=()
for s in legacy main prio; do
	"$UKLCC" -O2 -DUKL_BARE -ffreestanding -c -o "$WORK/bare-$s.o" $ex/$s.c || fail "bare: compile $s"
	objs+=("$WORK/bare-$s.o")
done
ar rcs "$WORK/bare.a" "${objs[@]}"
for linker in bfd lld; do
	n=bare-$linker
	link_app $n "$WORK/bare.a" -nostdlib --linker=$linker || { fail "$n: link"; continue; }
	image_check "$n" "$WORK/$n"
	boot_expect "$n" "$WORK/$n" "$WORK/expected-bare"
done

# A kernel with a constructor of its own: it stays in the kernel's array,
# and the application's constructors still run once each.
case $ARCH in
x86_64) ldr=ld ;;
*) ldr=$ARCH-linux-gnu-ld ;;
esac
"$UKLCC" -O2 -ffreestanding -c -o "$WORK/kctor.o" tests/ctors/progs/kctor.c &&
	$ldr -r -o "$WORK/kernel-ctor.o" "$KERNEL" "$WORK/kctor.o" || fail "kernel with a constructor: build"
for linker in bfd lld; do
	n=kctor-$linker
	"$UKLD" --name ctors --linker=$linker "$BA/examples/ctors/app.a" "$WORK/kernel-ctor.o" -o "$WORK/$n" ||
		{ fail "$n: link"; continue; }
	image_check "$n" "$WORK/$n"
	ks=$(awk '$3=="__kernel_init_array_start"{print $1}' "$WORK/nm")
	ke=$(awk '$3=="__kernel_init_array_end"{print $1}' "$WORK/nm")
	check "$n: the kernel's constructor is in the kernel's init array" test $((0x$ke - 0x$ks)) = 8
	check "$n: the kernel's constructor is in no application array" \
		bash -c "! grep -qx kernel_side_ctor '$WORK/got-init' '$WORK/got-fini'"
	boot_expect "$n" "$WORK/$n" "$WORK/expected"
done

# A .ctors list named by no priority is refused, naming the object.
"$UKLCC" -O2 -c -o "$WORK/badname.o" tests/ctors/progs/badname.c
"$UKLD" "$WORK/badname.o" "$KERNEL" -o "$WORK/bad" 2>"$WORK/err"; rc=$?
check "unnamed .ctors priority: refused" test $rc = 1
check "unnamed .ctors priority: names the object and the section" grep -q 'badname.o.*\.ctors\.first' "$WORK/err"
check "unnamed .ctors priority: one line" test "$(wc -l <"$WORK/err")" = 1
check "unnamed .ctors priority: no output" test ! -e "$WORK/bad"
