#!/bin/bash
# The flat Image through U-Boot's booti, for real: QEMU's virt machine runs
# OpenSBI, then U-Boot in S-mode (Debian's u-boot-qemu, qemu-riscv64_smode);
# QEMU's generic loader puts the Image's raw bytes at 0x84000000, and
# `booti 0x84000000 - ${fdtcontroladdr}` checks its header (magic2,
# image_size), moves image_size bytes to RAM + text_offset (0x80200000) and
# jumps there with a1 = the device tree.  The program's console output and
# exit status must be those of its ELF booted by ukl-run.
# ukl-arches: riscv64
. tests/common.sh
UBOOT=${UKL_UBOOT:-/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin}
if [ ! -r "$UBOOT" ]; then
	fail "U-Boot for QEMU's riscv64 virt machine at $UBOOT (make deps installs u-boot-qemu)"
	exit 1
fi

# booti IMAGE BOOTARGS: boot through U-Boot; the console after U-Boot's
# "Starting kernel ..." goes to $WORK/console, QEMU's status to $?.
# U-Boot's commands come on the serial input, read only when U-Boot polls
# it (QEMU holds back what the UART cannot take): the first newline stops
# the autoboot, which swallows a few characters more, so more newlines
# follow (an empty command line does nothing).
booti() {
	local img=$1 args=$2 rc
	{ printf '\n\n\n\n\n\n\n\n'; printf '%s\n' "setenv bootargs $args" \
		'booti 0x84000000 - ${fdtcontroladdr}'; } >"$WORK/cmds"
	timeout --foreground "$UKL_TIMEOUT" qemu-system-riscv64 -M virt -cpu rv64 -m 256M \
		-no-reboot -serial stdio -monitor none -display none -kernel "$UBOOT" \
		-device loader,file="$img",addr=0x84000000,force-raw=on \
		<"$WORK/cmds" >"$WORK/uboot" 2>&1
	rc=$?
	sed '1,/^Starting kernel \.\.\./d' "$WORK/uboot" | sed '1{/^\r$/d}' >"$WORK/console"
	return $rc
}

for l in "" .lld; do
	n=booti-Image$l
	boot "$BA/examples/hello/vmlinux$l" "alpha beta=2"
	mv "$WORK/console" "$WORK/console-elf"
	booti "$BA/examples/hello/Image$l" "alpha beta=2"; rc=$?
	check "$n: U-Boot moved it to 0x80200000" grep -aq "Moving Image from 0x84000000 to 0x80200000" "$WORK/uboot"
	check "$n: exit status 0 (QEMU's 2*(0+1)+1)" test $rc = 3
	if diff -u "$WORK/console-elf" "$WORK/console" >"$WORK/diff"; then
		pass "$n: the ELF's console output, argv from U-Boot's bootargs"
	else
		fail "$n: the ELF's console output, argv from U-Boot's bootargs"
		sed 's/^/    | /' "$WORK/diff" | head -20; tail -15 "$WORK/uboot" | sed 's/^/    u| /'
	fi
done

build_app "$WORK/status.a" tests/boot/progs/status.c || { fail "status: compile"; exit 1; }
link_app status "$WORK/status.a" --image "$WORK/status.Image" || { fail "status: link"; exit 1; }
booti "$WORK/status.Image" "exit 42"; rc=$?
check "booti status.Image: exit(42) (QEMU's 2*(42+1)+1)" test $rc = 87
check "booti status.Image: atexit handlers ran" console_has "atexit: first registered, runs last"
