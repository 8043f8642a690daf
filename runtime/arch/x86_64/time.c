/* SPDX-License-Identifier: MIT */
/*
 * The TSC as the clock.  Its rate comes from, in order:
 *   1. the command line, ukl.tsc_khz=N: whoever starts the machine knows
 *      it best (ukl-run: 1000000 under QEMU's -icount, where the TSC
 *      counts guest instructions as nanoseconds; on plain TCG the guest
 *      reads the host's own TSC, whose rate ukl-run measures on the host);
 *   2. CPUID, when a hypervisor or the CPU says it: leaf 0x40000010 (the
 *      timing leaf of VMware's that QEMU gives a KVM guest whose TSC is
 *      invariant, +invtsc; EAX = TSC kHz), or leaf 0x15 (TSC / crystal
 *      ratio and the crystal's Hz; with no crystal rate, leaf 0x16's base
 *      MHz for it, as Linux does).  QEMU's TCG offers neither;
 *   3. measuring it against channel 0 of the PIT (1.193182 MHz) over 2 ms,
 *      by latching and reading the counter as it counts down; interrupts
 *      are off, so its IRQ 0 goes nowhere.  Not channel 2 gated through
 *      port 0x61, as many kernels do: QEMU's microvm has a PIT but no port
 *      0x61 (it reads 0xff, "done" at once, and the TSC came out several
 *      times too slow there).  Under -icount these 2 ms are 2 million
 *      guest instructions of boot, hence 1 and 2.
 * Wall time is read from the CMOS RTC once.
 */
#include <arch/x86.h>
#include <ukl/arch.h>
#include <ukl/cmdline.h>

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

/* The PIT's count and the TSC at the same moment: the TSC is read on both
 * sides of the PIT's latch, *gap apart (the pair's uncertainty). */
static uint16_t pit0_at(uint64_t *tsc, uint64_t *gap)
{
	uint64_t a = rdtsc();
	uint16_t c = pit0_count();
	uint64_t b = rdtsc();

	*tsc = a + (b - a) / 2;
	*gap = b - a;
	return c;
}

/* One measurement; *gaps: the uncertainty of its two ends, in TSC ticks. */
static uint64_t pit_tsc_hz_once(uint64_t *gaps)
{
	uint16_t ticks = PIT_HZ / (1000 / CALIBRATE_MS);
	uint64_t t0, t1, g0, g1;

	outb(0x43, 0x30);                   /* ch 0, lo/hi byte, mode 0 */
	outb(0x40, 0xff);                   /* from 0xffff: 55 ms to count */
	outb(0x40, 0xff);
	uint16_t start = pit0_count();
	while (start == 0xffff || start == 0)  /* until it is counting */
		start = pit0_count();
	start = pit0_at(&t0, &g0);
	uint16_t end;
	do
		end = pit0_at(&t1, &g1);
	while ((uint16_t)(start - end) < ticks);
	*gaps = g0 + g1;
	return (t1 - t0) * PIT_HZ / (uint16_t)(start - end);
}

/* On plain TCG the vCPU's thread can be preempted on a loaded host between
 * reading the PIT and the TSC, and 20 us there is 1% of the 2 ms: a
 * measurement whose ends are not tight is made again (a few times; the
 * tightest is kept).  Under -icount the ends are always tight. */
static uint64_t pit_tsc_hz(void)
{
	uint64_t best = 0, best_gaps = UINT64_MAX;

	for (int i = 0; i < 8; i++) {
		uint64_t gaps, hz = pit_tsc_hz_once(&gaps);
		if (gaps < best_gaps) {
			best = hz;
			best_gaps = gaps;
		}
		/* Each end's midpoint is within half its gap: gaps under 0.5%
		 * of the 2 ms are an error under 0.25%. */
		if (best_gaps < hz / 200 * CALIBRATE_MS / 1000)
			break;
	}
	return best;
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

/* ukl.tsc_khz=N: N decimal, 1 kHz to 100 GHz; 0 if absent or not that. */
static uint64_t cmdline_tsc_hz(void)
{
	const char *s = cmdline_param("ukl.tsc_khz");
	uint64_t khz = 0;

	if (!s)
		return 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || khz > 100000000) {
			khz = 0;
			break;
		}
		khz = khz * 10 + (uint64_t)(*p - '0');
	}
	if (!khz || khz > 100000000) {
		printk("ukl: ukl.tsc_khz=%s: not a rate in kHz (1 to 100000000); ignored\n", s);
		return 0;
	}
	return khz * 1000;
}

static uint64_t cpuid_tsc_hz(const char **source)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	if (r[2] & (1u << 31)) {        /* a hypervisor: its leaves */
		cpuid(0x40000000, 0, r);
		if (r[0] >= 0x40000010 && r[0] < 0x40010000) {
			cpuid(0x40000010, 0, r);
			if (r[0]) {
				*source = "CPUID 0x40000010";
				return (uint64_t)r[0] * 1000;
			}
		}
	}
	cpuid(0, 0, r);
	uint32_t max = r[0];
	if (max < 0x15)
		return 0;
	cpuid(0x15, 0, r);
	uint64_t denom = r[0], numer = r[1], crystal = r[2];
	if (!denom || !numer)
		return 0;
	*source = "CPUID 0x15";
	if (!crystal && max >= 0x16) {
		uint32_t f[4];
		cpuid(0x16, 0, f);
		crystal = (uint64_t)(f[0] & 0xffff) * 1000000 * denom / numer;
		*source = "CPUID 0x15 and 0x16";
	}
	if (!crystal)
		return 0;
	return crystal * numer / denom;
}

const char *arch_time_init(uint64_t *counter_hz, int64_t *epoch_sec)
{
	const char *source = "the command line (ukl.tsc_khz)";

	*epoch_sec = rtc_epoch();
	if ((*counter_hz = cmdline_tsc_hz()))
		return source;
	if ((*counter_hz = cpuid_tsc_hz(&source)))
		return source;
	*counter_hz = pit_tsc_hz();
	return "a calibration against the PIT (no ukl.tsc_khz, no CPUID leaf)";
}

uint64_t arch_counter(void)
{
	return rdtsc();
}
