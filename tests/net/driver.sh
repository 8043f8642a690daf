#!/bin/bash
# The virtio-net driver on every transport, before any network stack: the
# kernel's `ukl.nettest` self-test sends an ARP request for 10.0.2.2 on
# QEMU's user network (ukl-run's UKL_NET) and prints the gateway's address
# from the reply, which slirp makes 52:55:0a:00:02:02, then sends 1000
# more as fast as the transmit ring takes them and counts the replies (both
# rings wrap, transmit fills up, receive buffers are re-posted); the driver's line
# says which transport it drove and on which interrupt line, and the
# self-test how many interrupts (not polls) each line took: the I/O APIC or
# PLIC routing of that line works.  The kernel's words never reach argv, and
# an image with no NIC boots as before.  The image is a program that can
# open a socket (progs/nic.c): only such an image carries the network and
# its NIC drivers; hello, which cannot, has neither.
. tests/common.sh
build_app "$WORK/nic.a" tests/net/progs/nic.c && link_app nic "$WORK/nic.a" ||
	{ fail "compile and link nic"; exit 1; }
img=$WORK/nic
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
	check "$name: a burst of 1000 requests, every reply received" \
		grep -q "^nettest: burst: 1000 requests sent (ring full [0-9]* times), 1000 replies$" "$WORK/console"
	local irq
	irq=$(sed -n 's/^virtio-net0: .*, irq \([0-9]*\),.*/\1/p' "$WORK/console")
	check "$name: the reply came by interrupt (line ${irq:-?})" \
		grep -q "^nettest: line ${irq:-none}: [1-9][0-9]* interrupts" "$WORK/console"
	check "$name: the program runs after" console_has "socket: opened"
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
	# (The NIC alone: ukl-run's virtio-console would take a slot too.)
	UKL_CONSOLE=serial nettest "microvm acpi=off, from the command line" mmio-v1 "-M microvm,acpi=off"
	check "microvm acpi=off: line 12 from the command line" \
		grep -q "^virtio-net0: .*, irq 12," "$WORK/console"
	;;
riscv64)
	UKL_CONSOLE=serial nettest "virt, mmio v1" mmio-v1 ""
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

# A program that opens no socket: its image has no network (no lwIP, no
# virtio-net driver: ukl/initcall.h), and a NIC is left alone.
hello=$BA/examples/hello/vmlinux
check "hello: no lwIP, no virtio-net driver in the image" \
	sh -c "! nm '$hello' | grep -qw -e lwip_init -e virtio_net_probe -e nettest_run"
UKL_NET=on boot "$hello" "ukl.nettest alpha"
rc=$?
check "hello with a NIC: exit status 0" test $rc = 0
check "hello with a NIC: the NIC left alone" test -z "$(grep -i 'virtio-net\|nettest' "$WORK/console")"
check "hello with a NIC: the program runs" console_has "Hello from hello"

# ukl-run refuses a forward it cannot pass to QEMU as it is.
for bad in 0 70000 5: udp:x 1:2:3; do
	UKL_NET=$bad "$UKLRUN" "$img" >"$WORK/console" 2>&1 </dev/null
	rc=$?
	check "UKL_NET=$bad: refused (status 2)" test $rc = 2
	check "UKL_NET=$bad: says why" console_has "ukl-run: UKL_NET: bad forward"
done
