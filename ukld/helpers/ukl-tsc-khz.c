/* SPDX-License-Identifier: MIT */
/*
 * ukl-tsc-khz: the host's TSC rate in kHz, on standard output, for
 * ukl-run's ukl.tsc_khz= word (runtime/arch/x86_64/time.c).  Under QEMU's
 * TCG without -icount the guest's rdtsc reads the host's own TSC (QEMU's
 * cpu_get_host_ticks), so its rate is the host's, which the guest would
 * otherwise measure against the PIT at every boot.
 *
 * Measured against CLOCK_MONOTONIC_RAW over 10 ms: each end is a TSC read
 * between two clock reads, taken again until they are less than 2 us
 * apart (a preemption between them would stretch one end), so the error
 * is below 0.04%.  Three measurements, the median printed.
 *
 * Exit status 1, nothing printed, when the TSC is not one rate a guest can
 * rely on: not an x86_64 host, or a TSC the host's kernel does not call
 * constant and non-stop (/proc/cpuinfo's constant_tsc, nonstop_tsc).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__)
static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return (uint64_t)hi << 32 | lo;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The TSC at the clock's *ns, read within 2 us of it; -1 if the host never
 * gave 2 us without a preemption in 1000 tries. */
static int pair(int64_t *ns, uint64_t *tsc)
{
	for (int i = 0; i < 1000; i++) {
		int64_t a = now_ns();
		uint64_t t = rdtsc();
		int64_t b = now_ns();
		if (b - a < 2000) {
			*ns = a + (b - a) / 2;
			*tsc = t;
			return 0;
		}
	}
	return -1;
}

static int invariant_tsc(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[8192];
	int ok = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5)) {
			ok = strstr(line, " constant_tsc") && strstr(line, " nonstop_tsc");
			break;
		}
	fclose(f);
	return ok;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int main(void)
{
	uint64_t khz[3];

	if (!invariant_tsc())
		return 1;
	for (int i = 0; i < 3; i++) {
		int64_t n0, n1;
		uint64_t t0, t1;
		struct timespec d = { 0, 10 * 1000 * 1000 };
		if (pair(&n0, &t0))
			return 1;
		nanosleep(&d, NULL);
		if (pair(&n1, &t1) || n1 <= n0)
			return 1;
		/* kHz = ticks per ms, rounded */
		khz[i] = (uint64_t)(((unsigned __int128)(t1 - t0) * 1000000 + (uint64_t)(n1 - n0) / 2) /
				    (uint64_t)(n1 - n0));
	}
	qsort(khz, 3, sizeof(khz[0]), cmp_u64);
	printf("%llu\n", (unsigned long long)khz[1]);
	return 0;
}
#else
int main(void)
{
	return 1;
}
#endif
