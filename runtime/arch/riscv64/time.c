/* SPDX-License-Identifier: MIT */
/*
 * Clocks: the `time` counter (rdtime) at the device tree's timebase
 * frequency (/cpus/timebase-frequency: the platform's timer rate, given,
 * never measured; QEMU's virt: 10 MHz of its virtual clock, which follows
 * the host's time, or the instruction count under -icount), and the wall time at boot from QEMU virt's Goldfish RTC at
 * 0x101000 (nanoseconds since the epoch; reading the low word latches the
 * high one).
 */
#include <arch/dt.h>
#include <arch/riscv.h>
#include <ukl/arch.h>
#include <ukl/time.h>

#define GOLDFISH_RTC_BASE 0x101000ul
#define RTC_TIME_LOW  0x00
#define RTC_TIME_HIGH 0x04

uint64_t arch_counter(void)
{
	return rdtime();
}

const char *arch_time_init(uint64_t *counter_hz, int64_t *boot_epoch_sec)
{
	volatile uint32_t *rtc = mmio(GOLDFISH_RTC_BASE);
	uint64_t lo = rtc[RTC_TIME_LOW / 4];
	uint64_t hi = rtc[RTC_TIME_HIGH / 4];

	*counter_hz = dt_timebase_hz;
	*boot_epoch_sec = (int64_t)((hi << 32 | lo) / NSEC_PER_SEC);
	return "the device tree's timebase-frequency";
}
