#!/bin/bash
# ukl-arches: x86_64
# The kernel's clock (CLOCK_MONOTONIC) runs at the real rate on QEMU's pc
# and microvm machines: under -icount shift=0,sleep=off the TSC is exactly
# 1 GHz, so the TSC rate the runtime calibrated against the PIT must come
# out at 1000 ns per 1000 ticks (within 1%).  microvm has no port 0x61,
# which a channel-2 calibration reads.
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/clockrate.c || { fail compile; exit 1; }
link_app clockrate "$WORK/app.a" || { fail link; exit 1; }
for m in pc microvm; do
	UKL_QEMU_ARGS="-M $m -icount shift=0,sleep=off" boot "$WORK/clockrate"
	check "$m: boots" test $? = 0
	r=$(sed -n 's/^ns per 1000 ticks: \([0-9]*\).*/\1/p' "$WORK/console")
	check "$m: 1000 ns per 1000 TSC ticks (got ${r:-nothing})" test "${r:-0}" -ge 990 -a "${r:-0}" -le 1010
done
