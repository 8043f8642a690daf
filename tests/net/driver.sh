#!/bin/bash
# The virtio-net driver on every transport, before any network stack: the
# kernel's `ukl.nettest` self-test sends an ARP request for 10.0.2.2 on
# QEMU's user network (ukl-run's UKL_NET) and prints the gateway's address
# from the reply, which slirp makes 52:55:0a:00:02:02; the driver's line
# says which transport it drove.  The kernel's words never reach argv, and
# an image with no NIC boots as before.
. tests/common.sh
img=$BA/examples/hello/vmlinux
[ "$ARCH" = riscv64 ] && UKL_TIMEOUT=30
export UKL_TIMEOUT

# nettest NAME TRANSPORT QEMU-ARGS: boot with a NIC and the self-test.
nettest() {
	local name=$1 transport=$2
	UKL_NET=on UKL_QEMU_ARGS=$3 boot "$img" "ukl.nettest alpha"
	local rc=$?
	check "$name: exit status 0" test $rc = 0
	check "$name: driven through virtio $transport" \
		grep -q "^virtio-net0: 52:54:00:12:34:56, virtio $transport, irq [0-9]" "$WORK/console"
	check "$name: ARP reply from the gateway" \
		console_has "nettest: virtio-net0 52:54:00:12:34:56: 10.0.2.2 is at 52:55:0a:00:02:02"
	check "$name: the program runs after" console_has "Hello from hello"
	check "$name: argv is the program's words only" \
		test "$(grep '^argv\[' "$WORK/console")" = "argv[1] = alpha"
	[ $rc = 0 ] && console_has "10.0.2.2 is at" || show_console
}

case $ARCH in
x86_64)
	nettest "pc, modern" pci-modern ""
	nettest "pc, legacy" pci-legacy "-global virtio-net-pci.disable-modern=on"
	# Default microvm: ACPI, two I/O APICs, no virtio_mmio.device= words.
	nettest "microvm, mmio v1" mmio-v1 "-M microvm"
	nettest "microvm, mmio v2" mmio-v2 "-M microvm -global virtio-mmio.force-legacy=false"
	# Without ACPI QEMU appends virtio_mmio.device=512@0xfeb00e00:12 to the
	# command line: the driver uses it, argv does not see it.
	nettest "microvm acpi=off, from the command line" mmio-v1 "-M microvm,acpi=off"
	check "microvm acpi=off: line 12 from the command line" \
		grep -q "^virtio-net0: .*, irq 12," "$WORK/console"
	;;
riscv64)
	nettest "virt, mmio v1" mmio-v1 ""
	check "virt: slot 7, PLIC source 8" grep -q "^virtio-net0: .*, irq 8," "$WORK/console"
	nettest "virt, mmio v2" mmio-v2 "-global virtio-mmio.force-legacy=false"
	;;
esac

# No NIC: nothing changes but the self-test's one line.
boot "$img" "alpha"
rc=$?
check "no NIC: exit status 0" test $rc = 0
check "no NIC: no driver output" test -z "$(grep -i 'virtio\|nettest' "$WORK/console")"
check "no NIC: the program runs" console_has "argv[1] = alpha"
boot "$img" "ukl.nettest alpha"
check "no NIC, ukl.nettest: says so" console_has "nettest: no network device"
check "no NIC, ukl.nettest: argv" test "$(grep '^argv\[' "$WORK/console")" = "argv[1] = alpha"
