/* SPDX-License-Identifier: MIT */
/* Clocks and sleeping (time.c has the clock).  There is one process and no
 * scheduler, so CPU-time clocks are the monotonic clock and sleeping is
 * waiting. */
#include <ukl/syscall.h>
#include <ukl/time.h>

#define CLOCK_REALTIME 0
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_TAI 11
#define CLOCK_MAX 12
#define TIMER_ABSTIME 1

struct timespec {
	long tv_sec, tv_nsec;
};
struct timeval {
	long tv_sec, tv_usec;
};

static bool clock_valid(long clk)
{
	/* 0-11 except 10 (unused); 8/9 are the alarm clocks. */
	return clk >= 0 && clk < CLOCK_MAX && clk != 10;
}

static uint64_t clock_ns(long clk)
{
	if (clk == CLOCK_REALTIME || clk == CLOCK_REALTIME_COARSE || clk == CLOCK_TAI ||
	    clk == 8 /* CLOCK_REALTIME_ALARM */)
		return time_realtime_ns();
	return time_monotonic_ns();
}

static void to_timespec(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (long)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
}

SYSCALL(clock_gettime)
{
	if (!clock_valid(a1))
		return -EINVAL;
	to_timespec(clock_ns(a1), (struct timespec *)a2);
	return 0;
}

SYSCALL(clock_getres)
{
	if (!clock_valid(a1))
		return -EINVAL;
	if (a2)
		to_timespec(1, (struct timespec *)a2);
	return 0;
}

SYSCALL(gettimeofday)
{
	struct timeval *tv = (struct timeval *)a1;
	uint64_t ns = time_realtime_ns();

	if (tv) {
		tv->tv_sec = (long)(ns / NSEC_PER_SEC);
		tv->tv_usec = (long)(ns % NSEC_PER_SEC / 1000);
	}
	if (a2)  /* struct timezone: UTC */
		memset((void *)a2, 0, 2 * sizeof(int));
	return 0;
}

SYSCALL(time)
{
	long t = (long)(time_realtime_ns() / NSEC_PER_SEC);
	if (a1)
		*(long *)a1 = t;
	return t;
}

static long sleep(long clk, int flags, const struct timespec *req, struct timespec *rem)
{
	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	uint64_t ns = (uint64_t)req->tv_sec * NSEC_PER_SEC + (uint64_t)req->tv_nsec;
	uint64_t now = clock_ns(clk);
	uint64_t until = flags & TIMER_ABSTIME ? ns : now + ns;
	if (until > now) {
		uint64_t end = time_monotonic_ns() + (until - now);
		if (time_sleep_until(end) == -EINTR) {
			/* Linux: the time left, for a relative sleep. */
			uint64_t left = end - MIN(end, time_monotonic_ns());
			if (rem && !(flags & TIMER_ABSTIME))
				to_timespec(left, rem);
			return -EINTR;
		}
	}
	if (rem && !(flags & TIMER_ABSTIME))
		to_timespec(0, rem);
	return 0;
}

SYSCALL(nanosleep)
{
	return sleep(1 /* CLOCK_MONOTONIC */, 0, (const struct timespec *)a1,
		     (struct timespec *)a2);
}

SYSCALL(clock_nanosleep)
{
	if (!clock_valid(a1))
		return -EINVAL;
	return sleep(a1, (int)a2, (const struct timespec *)a3, (struct timespec *)a4);
}
