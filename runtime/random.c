/* SPDX-License-Identifier: MIT */
/*
 * Random bytes for AT_RANDOM (the libc's stack canary and pointer guard) and
 * getrandom.  The hardware source when there is one (x86_64: rdrand), else
 * splitmix64 seeded from the counter at boot and mixed with it on every
 * call: not cryptographic, but different on every boot.
 */
#include <ukl/arch.h>
#include <ukl/random.h>

static uint64_t state;

static uint64_t splitmix64(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void random_init(void)
{
	state = arch_counter();
	splitmix64();
}

uint64_t random_u64(void)
{
	uint64_t v;

	if (arch_random(&v))
		return v;
	state ^= arch_counter();
	return splitmix64();
}

void random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n) {
		uint64_t v = random_u64();
		size_t k = MIN(n, sizeof(v));
		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
}
