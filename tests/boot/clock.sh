#!/bin/bash
# ukl-arches: x86_64 riscv64
# The kernel's clock (CLOCK_MONOTONIC) runs at the real rate, within 1%,
# on QEMU's pc and microvm machines and on riscv64 virt, with and without
# -icount; and the rate comes from where it should (ukl.clockinfo prints
# the kernel's line saying which source it took):
#   x86_64 under -icount shift=0,sleep=off: the TSC counts instructions at
#     exactly 1 GHz; ukl-run says so (ukl.tsc_khz=1000000), and with no
#     word (UKL_TSC_KHZ=none: QEMU started by hand) the kernel's fallback,
#     its measurement against the PIT, must come out the same (microvm has
#     no port 0x61, which a channel-2 calibration reads);
#   x86_64 on plain TCG: the guest's TSC is the host's; ukl-run gives the
#     host's rate (ukl-tsc-khz), and the PIT measurement, whose clock is
#     QEMU's virtual clock (the host's time), must agree with it: each
#     checks the other;
#   a bad ukl.tsc_khz= is said to be ignored, and the PIT decides;
#   riscv64: the device tree's timebase (10 MHz on virt), measured nowhere.
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/clockrate.c || { fail compile; exit 1; }
link_app clockrate "$WORK/app.a" || { fail link; exit 1; }

# near A B: A is within 1% of B.
near() { [ -n "$1" ] && [ -n "$2" ] && [ $(( ($1 - $2) * 100 )) -le "$2" ] && [ $(( ($2 - $1) * 100 )) -le "$2" ]; }
# clock_boot NAME QEMU-ARGS TSC_KHZ [APPEND]: boot clockrate; $khz is what
# the program measured, $kern_khz and $source the kernel's line.
clock_boot() {
	local n=$1
	UKL_QEMU_ARGS=$2 UKL_TSC_KHZ=$3 boot "$WORK/clockrate" "ukl.clockinfo${4:+ $4}"
	check "$n: boots" test $? = 0
	khz=$(sed -n 's/^counter kHz by CLOCK_MONOTONIC: \([0-9]*\)$/\1/p' "$WORK/console")
	kern_khz=$(sed -n 's/^ukl: clock: counter at \([0-9]*\) kHz, from .*/\1/p' "$WORK/console")
	source=$(sed -n 's/^ukl: clock: counter at [0-9]* kHz, from //p' "$WORK/console")
	check "$n: CLOCK_MONOTONIC at the kernel's rate ($khz kHz by it, ${kern_khz:-no line} said)" \
		near "$khz" "$kern_khz"
}

if [ "$ARCH" = riscv64 ]; then
	for q in "-icount shift=0,sleep=off" ""; do
		n="virt${q:+ $q}"
		clock_boot "$n" "$q" ""
		check "$n: 10 MHz ($khz kHz)" near "$khz" 10000
		check "$n: from the device tree ($source)" test "$source" = "the device tree's timebase-frequency"
	done
	exit 0
fi

host_khz=$("$BIN/ukl-tsc-khz")
check "the host's TSC rate measured (${host_khz:-none})" test -n "$host_khz"
for m in pc microvm; do
	q="-M $m -icount shift=0,sleep=off"
	clock_boot "$m -icount" "$q" ""
	check "$m -icount: 1 GHz ($khz kHz)" near "$khz" 1000000
	check "$m -icount: the rate from ukl-run's ukl.tsc_khz ($source)" \
		test "$source" = "the command line (ukl.tsc_khz)"
	check "$m -icount: exactly 1000000 kHz given" test "$kern_khz" = 1000000

	clock_boot "$m -icount, no rate given" "$q" none
	check "$m -icount, no rate given: 1 GHz ($khz kHz)" near "$khz" 1000000
	check "$m -icount, no rate given: measured ($source)" \
		test "$source" = "a calibration against the PIT (no ukl.tsc_khz, no CPUID leaf)"

	clock_boot "$m -icount, a bad rate" "$q" none "ukl.tsc_khz=1GHz"
	check "$m -icount, a bad rate: said to be ignored" \
		console_has "ukl: ukl.tsc_khz=1GHz: not a rate in kHz (1 to 100000000); ignored"
	check "$m -icount, a bad rate: measured, 1 GHz ($khz kHz)" near "$khz" 1000000

	clock_boot "$m TCG" "-M $m" ""
	check "$m TCG: the rate from ukl-run's ukl.tsc_khz ($source)" \
		test "$source" = "the command line (ukl.tsc_khz)"
	check "$m TCG: the host's TSC rate ($kern_khz kHz, the host's $host_khz)" near "$kern_khz" "$host_khz"

	clock_boot "$m TCG, no rate given" "-M $m" none
	check "$m TCG, no rate given: measured ($source)" \
		test "$source" = "a calibration against the PIT (no ukl.tsc_khz, no CPUID leaf)"
	check "$m TCG, no rate given: the PIT and the host agree ($kern_khz kHz, the host's $host_khz)" \
		near "$kern_khz" "$host_khz"
done
