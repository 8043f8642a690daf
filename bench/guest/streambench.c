/* SPDX-License-Identifier: MIT */
/*
 * Standard stream throughput, the same source under ukld and as /prog of
 * the Linux baseline: `out N` writes N bytes to stdout, `in N` reads N
 * bytes from stdin, in 64 KiB calls, and reports on stderr
 *   bench out_kbps K   or   bench in_kbps K
 * (KB/s over the guest's own monotonic clock, from the first byte to the
 * last) and `bench done 1`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char buf[65536];

static unsigned long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	long long n = atoll(argv[2]), done = 0;
	int out = !strcmp(argv[1], "out");
	unsigned long long t0 = 0;

	memset(buf, 'x', sizeof(buf));
	while (done < n) {
		size_t k = (size_t)(n - done < (long long)sizeof(buf) ? n - done : (long long)sizeof(buf));
		ssize_t r = out ? write(1, buf, k) : read(0, buf, k);
		if (r <= 0) {
			fprintf(stderr, "streambench: %s stopped after %lld bytes\n", argv[1], done);
			return 1;
		}
		if (!done)
			t0 = now_ns();
		done += r;
	}
	unsigned long long ns = now_ns() - t0;
	fprintf(stderr, "bench %s_kbps %llu\nbench done 1\n", out ? "out" : "in",
		ns ? (unsigned long long)(n * 1000000ull / ns) : 0);
	return 0;
}
