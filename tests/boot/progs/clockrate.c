/*
 * clockrate: the kernel's clock runs at the TSC's rate.  Under QEMU's
 * -icount shift=0,sleep=off the TSC counts guest instructions at exactly
 * 1 GHz of virtual time, so CLOCK_MONOTONIC must advance one nanosecond
 * per TSC tick over a busy loop, on every machine type (the calibration
 * against the PIT once went wrong on microvm, which has no port 0x61).
 * Prints `ns per 1000 ticks: N`.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

int main(void)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	uint64_t t0 = rdtsc();
	for (volatile long i = 0; i < 5000000; i++)
		;
	uint64_t t1 = rdtsc();
	clock_gettime(CLOCK_MONOTONIC, &b);
	int64_t ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
	printf("ns per 1000 ticks: %lld\n", (long long)(ns * 1000 / (int64_t)(t1 - t0)));
	return 0;
}
