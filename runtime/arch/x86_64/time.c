/* SPDX-License-Identifier: MIT */
/*
 * The TSC as the clock: its rate is measured against channel 0 of the PIT
 * (1.193182 MHz) over 2 ms, by latching and reading the counter as it
 * counts down; interrupts are off, so its IRQ 0 goes nowhere.  Not channel
 * 2 gated through port 0x61, as many kernels do: QEMU's microvm has a PIT
 * but no port 0x61 (it reads 0xff, "done" at once, and the TSC came out
 * several times too slow there).  Under QEMU TCG the TSC follows the host
 * or, with -icount, counts guest instructions; measuring covers both.
 * Wall time is read from the CMOS RTC once.
 */
#include <arch/x86.h>
#include <ukl/arch.h>

#define PIT_HZ 1193182u
/* 2386 PIT ticks: one tick of error (the last poll) is 0.04%, and under
 * QEMU's -icount every millisecond here is a million instructions of boot. */
#define CALIBRATE_MS 2

static uint16_t pit0_count(void)
{
	outb(0x43, 0x00);                   /* latch channel 0 */
	uint8_t lo = inb(0x40);
	return lo | (uint16_t)inb(0x40) << 8;
}

static uint64_t tsc_hz(void)
{
	uint16_t ticks = PIT_HZ / (1000 / CALIBRATE_MS);

	outb(0x43, 0x30);                   /* ch 0, lo/hi byte, mode 0 */
	outb(0x40, 0xff);                   /* from 0xffff: 55 ms to count */
	outb(0x40, 0xff);
	uint16_t start = pit0_count();
	while (start == 0xffff || start == 0)  /* until it is counting */
		start = pit0_count();
	uint64_t t0 = rdtsc();
	while ((uint16_t)(start - pit0_count()) < ticks)
		;
	uint64_t t1 = rdtsc();
	return (t1 - t0) * PIT_HZ / ticks;
}

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned bcd(uint8_t v, bool binary)
{
	return binary ? v : (v & 0x0f) + (v >> 4) * 10;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int64_t rtc_epoch(void)
{
	uint8_t r[6], again[6];
	static const uint8_t regs[6] = { 0x00, 0x02, 0x04, 0x07, 0x08, 0x09 };

	/* Read until two reads agree outside an update cycle. */
	do {
		while (cmos(0x0a) & 0x80)
			;
		for (int i = 0; i < 6; i++)
			r[i] = cmos(regs[i]);
		for (int i = 0; i < 6; i++)
			again[i] = cmos(regs[i]);
	} while (memcmp(r, again, sizeof(r)));

	uint8_t b = cmos(0x0b);
	bool binary = b & 0x04, h24 = b & 0x02;
	unsigned hour = bcd(r[2] & 0x7f, binary);
	if (!h24 && (r[2] & 0x80))
		hour = (hour % 12) + 12;
	else if (!h24 && hour == 12)
		hour = 0;
	int64_t year = 2000 + bcd(r[5], binary);  /* QEMU's RTC: 20xx */
	int64_t days = days_from_civil(year, bcd(r[4], binary), bcd(r[3], binary));
	return days * 86400 + hour * 3600 + bcd(r[1], binary) * 60 + bcd(r[0], binary);
}

void arch_time_init(uint64_t *counter_hz, int64_t *epoch_sec)
{
	*counter_hz = tsc_hz();
	*epoch_sec = rtc_epoch();
}

uint64_t arch_counter(void)
{
	return rdtsc();
}
