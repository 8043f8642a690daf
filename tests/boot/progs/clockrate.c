/*
 * clockrate: the kernel's clock runs at its counter's rate.  Reads the
 * counter the kernel keeps time with (x86_64: rdtsc; riscv64: rdtime)
 * with CLOCK_MONOTONIC before and after a busy loop, and prints how many
 * counter ticks the kernel's clock counted as a millisecond:
 * `counter kHz by CLOCK_MONOTONIC: N`.  Under QEMU's -icount
 * shift=0,sleep=off the TSC counts guest instructions at exactly 1 GHz of
 * virtual time, and riscv64 virt's timer runs at 10 MHz, with -icount or
 * not; on plain TCG the guest's TSC is the host's.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static inline uint64_t counter(void)
{
#if defined(__x86_64__)
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
#else
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
#endif
}

/* CLOCK_MONOTONIC and the counter at one moment: the counter read on both
 * sides of the clock's read, the tightest of 100 tries (on plain TCG the
 * vCPU can be preempted between two reads on a loaded host). */
static int64_t at(uint64_t *mid)
{
	struct timespec ts;
	int64_t best_ns = 0;
	uint64_t best_w = UINT64_MAX;

	for (int i = 0; i < 100; i++) {
		uint64_t c0 = counter();
		clock_gettime(CLOCK_MONOTONIC, &ts);
		uint64_t c1 = counter();
		if (c1 - c0 < best_w) {
			best_w = c1 - c0;
			*mid = c0 + (c1 - c0) / 2;
			best_ns = ts.tv_sec * 1000000000LL + ts.tv_nsec;
		}
	}
	return best_ns;
}

int main(void)
{
	uint64_t t0, t1;

	int64_t a = at(&t0);
	for (volatile long i = 0; i < 5000000; i++)
		;
	int64_t b = at(&t1);
	printf("counter kHz by CLOCK_MONOTONIC: %lld\n",
	       (long long)((t1 - t0) * 1000000 / (uint64_t)(b - a)));
	return 0;
}
