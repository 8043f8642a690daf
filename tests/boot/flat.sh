#!/bin/bash
# riscv64's flat Image (ukld --image) boots as its ELF does: QEMU's virt
# machine loads it as raw bytes at 0x80200000 after OpenSBI, with a1 = the
# device tree, and ukl-run knows it by its header.  Same console output,
# same exit status; the command line and the initrd arrive (both through
# the device tree); and it boots with garbage where its .bss goes, as after
# U-Boot's booti, which moves image_size bytes, not the file's.
# (examples/tls and examples/ctors boot from their flat Images in
# tests/tls/tls.sh and tests/ctors/ctors.sh.)
# ukl-arches: riscv64
. tests/common.sh

# same_boot NAME ELF IMAGE [APPEND]: both boot to the same console and status.
same_boot() {
	local n=$1 elf=$2 img=$3   # rc_elf, rc_img: for the caller too
	boot "$elf" "${4:-}"; rc_elf=$?
	mv "$WORK/console" "$WORK/console-elf"
	boot "$img" "${4:-}"; rc_img=$?
	check "$n: exit status $rc_elf, as the ELF's" test $rc_img = $rc_elf
	if diff -u "$WORK/console-elf" "$WORK/console" >"$WORK/diff"; then
		pass "$n: the ELF's console output"
	else
		fail "$n: the ELF's console output"; sed 's/^/    | /' "$WORK/diff" | head -20
	fi
}

for l in "" .lld; do
	elf=$BA/examples/hello/vmlinux$l img=$BA/examples/hello/Image$l n=hello-Image$l
	same_boot "$n" "$elf" "$img" "alpha beta=2"
	check "$n: exit status 0" test $rc_img = 0
	check "$n: greeting" console_has "Hello from hello, linked into the kernel by ukld!"
	check "$n: __thread initialised" console_has '__thread: counter = 42, scratch = "thread-local"'
	check "$n: constructor ran" console_has "constructor ran: yes"
	check "$n: argv from the command line" console_has "argv[2] = beta=2"

	# image_size bytes as booti moves them: the file, then garbage.
	isz=$(od -An -tu8 -j 16 -N 8 "$img" | tr -d ' ')
	cp "$img" "$WORK/dirty"
	head -c $((isz - $(stat -c %s "$img"))) /dev/urandom | tr '\000' '\377' >>"$WORK/dirty"
	boot "$WORK/dirty" "alpha beta=2"; rc=$?
	check "$n: boots with garbage in the .bss (head.S clears it)" test $rc = 0
	check "$n: garbage in the .bss: the same output" diff -q "$WORK/console-elf" "$WORK/console"
done

# Exit statuses, from main and from exit().
build_app "$WORK/status.a" tests/boot/progs/status.c || { fail "status: compile"; exit 1; }
for linker in bfd lld; do
	link_app status-$linker "$WORK/status.a" --linker=$linker --image "$WORK/status-$linker.Image" ||
		{ fail "status-$linker: link"; continue; }
	same_boot "status-$linker.Image: return 3" "$WORK/status-$linker" "$WORK/status-$linker.Image" 3
	check "status-$linker.Image: return 3 from main" test $rc_img = 3
	same_boot "status-$linker.Image: exit(42)" "$WORK/status-$linker" "$WORK/status-$linker.Image" "exit 42"
	check "status-$linker.Image: exit(42)" test $rc_img = 42
done

# The initrd: QEMU puts it after the kernel and names it in /chosen.
cat >"$WORK/cat.c" <<'C'
#include <stdio.h>
int main(void)
{
	char line[80];
	FILE *f = fopen("/etc/greeting", "r");
	if (!f || !fgets(line, sizeof(line), f))
		return 1;
	printf("initrd: %s", line);
	return 0;
}
C
mkdir -p "$WORK/root/etc"
echo "hello from the initrd" >"$WORK/root/etc/greeting"
(cd "$WORK/root" && find . | sort | cpio -o -H newc --quiet) >"$WORK/initrd.cpio"
build_app "$WORK/cat.a" "$WORK/cat.c" && link_app cat "$WORK/cat.a" --image "$WORK/cat.Image" ||
	{ fail "initrd: link"; exit 1; }
UKL_INITRD=$WORK/initrd.cpio boot "$WORK/cat.Image"; rc=$?
check "initrd: exit status 0" test $rc = 0
check "initrd: a file of it read" console_has "initrd: hello from the initrd"
[ $rc = 0 ] || show_console
