/* SPDX-License-Identifier: MIT */
/* Clocks and sleeping (time.c has the clock).  There is one process and no
 * scheduler, so CPU-time clocks are the monotonic clock and sleeping is
 * waiting. */
#include <ukl/mm.h>
#include <ukl/sched.h>
#include <ukl/syscall.h>
#include <ukl/thread.h>
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

/* ---- interval timers and resource usage --------------------------------
 * CPU time is the monotonic clock here (above), so the three interval
 * timers count the same time and differ only in their signal: ITIMER_REAL
 * SIGALRM, ITIMER_VIRTUAL SIGVTALRM, ITIMER_PROF SIGPROF.  Each is a
 * kernel timer whose expiry (interrupt context) sends the signal to the
 * process (signal_process) and re-arms itself by the interval. */
#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2
#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

struct itimerval {
	struct timeval it_interval, it_value;
};

static struct itimer {
	struct ktimer kt;
	uint64_t interval;       /* ns, 0 = one shot */
	int sig;
} itimers[3] = {
	{ .sig = 14 /* SIGALRM */ }, { .sig = 26 /* SIGVTALRM */ }, { .sig = 27 /* SIGPROF */ },
};

static void itimer_fire(struct ktimer *kt)
{
	struct itimer *it = (struct itimer *)kt;   /* kt is the first member */

	if (it->interval)
		ktimer_arm(&it->kt, it->kt.deadline + it->interval);
	signal_process(it->sig);
}

static bool timeval_valid(const struct timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

static uint64_t timeval_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * NSEC_PER_SEC + (uint64_t)tv->tv_usec * 1000;
}

static void to_timeval(uint64_t ns, struct timeval *tv)
{
	tv->tv_sec = (long)(ns / NSEC_PER_SEC);
	tv->tv_usec = (long)(ns % NSEC_PER_SEC / 1000);
}

/* The time left and the interval of timer `which`, interrupts off. */
static void itimer_get(int which, struct itimerval *out)
{
	struct itimer *it = &itimers[which];
	uint64_t now = time_monotonic_ns(), left = 0;

	if (it->kt.armed) {
		left = it->kt.deadline > now ? it->kt.deadline - now : 0;
		if (left < 1000)   /* Linux reports an armed timer as >= 1 us */
			left = 1000;
	}
	to_timeval(left, &out->it_value);
	to_timeval(it->interval, &out->it_interval);
}

SYSCALL(getitimer)
{
	if (a1 < ITIMER_REAL || a1 > ITIMER_PROF)
		return -EINVAL;
	unsigned long fl = irq_save();
	itimer_get((int)a1, (struct itimerval *)a2);
	irq_restore(fl);
	return 0;
}

SYSCALL(setitimer)
{
	const struct itimerval *new = (const struct itimerval *)a2;
	struct itimerval *old = (struct itimerval *)a3;

	if (a1 < ITIMER_REAL || a1 > ITIMER_PROF)
		return -EINVAL;
	/* A null new value disarms, as Linux has accepted since 2.6.22. */
	if (new && (!timeval_valid(&new->it_value) || !timeval_valid(&new->it_interval)))
		return -EINVAL;
	struct itimer *it = &itimers[a1];
	unsigned long fl = irq_save();
	if (old)
		itimer_get((int)a1, old);
	ktimer_cancel(&it->kt);
	it->kt.fn = itimer_fire;
	it->interval = 0;
	if (new && timeval_ns(&new->it_value)) {
		it->interval = timeval_ns(&new->it_interval);
		ktimer_arm(&it->kt, time_monotonic_ns() + timeval_ns(&new->it_value));
	}
	irq_restore(fl);
	return 0;
}

/* struct rusage: two timevals and 14 longs, as Linux has it. */
struct rusage {
	struct timeval ru_utime, ru_stime;
	long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap,
	     ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

/* The process's and a thread's CPU time is the time since boot (there is
 * no other process and no accounting of idle time), all of it user time
 * (the kernel runs on the application's behalf, as a library would); the
 * resident size is the memory taken from the frame allocator.  Children
 * there are none. */
SYSCALL(getrusage)
{
	struct rusage *ru = (struct rusage *)a2;

	if (a1 != RUSAGE_SELF && a1 != RUSAGE_CHILDREN && a1 != RUSAGE_THREAD)
		return -EINVAL;
	memset(ru, 0, sizeof(*ru));
	if (a1 == RUSAGE_CHILDREN)
		return 0;
	to_timeval(time_monotonic_ns(), &ru->ru_utime);
	ru->ru_maxrss = (long)((pmm_total_bytes() - pmm_free_bytes()) / 1024);
	return 0;
}
