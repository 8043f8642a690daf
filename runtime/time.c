/* SPDX-License-Identifier: MIT */
/*
 * Time.  The arch counter (x86_64: the TSC) is read directly; its frequency
 * is known once at boot (arch/<arch>/time.c says from where; the kernel
 * parameter ukl.clockinfo prints it).  ns = ticks * mult >> 32, with mult fixed at
 * boot, avoids a division on every clock_gettime.
 */
#include <ukl/arch.h>
#include <ukl/cmdline.h>
#include <ukl/errno.h>
#include <ukl/thread.h>
#include <ukl/time.h>

static uint64_t counter0, mult;
static int64_t boot_epoch_sec;

void time_init(void)
{
	uint64_t hz;

	const char *source = arch_time_init(&hz, &boot_epoch_sec);
	if (!hz)
		panic("time: counter frequency unknown");
	if (cmdline_param("ukl.clockinfo"))
		printk("ukl: clock: counter at %lu kHz, from %s\n", (unsigned long)(hz / 1000),
		       source);
	/* 1e9 < 2^30, so 1e9 << 32 fits in 64 bits. */
	mult = (NSEC_PER_SEC << 32) / hz;
	counter0 = arch_counter();
}

uint64_t time_monotonic_ns(void)
{
	unsigned __int128 t = (unsigned __int128)(arch_counter() - counter0) * mult;
	return (uint64_t)(t >> 32);
}

uint64_t time_realtime_ns(void)
{
	return (uint64_t)boot_epoch_sec * NSEC_PER_SEC + time_monotonic_ns();
}

long time_sleep_until(uint64_t ns)
{
	unsigned long fl = irq_save();
	long r;

	/* 0 is a wake-up meant for someone else's wait: sleep on. */
	while ((r = sched_sleep(ns ? ns : 1)) == 0)
		;
	irq_restore(fl);
	if (r != -EINTR)
		return 0;
	/* The handler runs before the call returns, as on Linux. */
	sched_run_signals();
	return r;
}
