/* SPDX-License-Identifier: MIT */
/* Interval timers, getrusage and prctl as a server uses them (Redis's
 * watchdog arms ITIMER_REAL; its INFO reads getrusage; it disables
 * transparent huge pages with prctl).  Prints one line per check and
 * "itimer: done" at the end. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t alarms, profs;

static void on_alarm(int sig) { (void)sig; alarms++; }
static void on_prof(int sig) { (void)sig; profs++; }

static long ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

int main(void)
{
	struct itimerval it = { .it_value = { 0, 50000 } }, old;
	struct timespec t0, nap = { 1, 0 };

	signal(SIGALRM, on_alarm);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	printf("setitimer REAL 50 ms: %d\n", setitimer(ITIMER_REAL, &it, NULL));
	getitimer(ITIMER_REAL, &old);
	printf("getitimer: armed %d, <= 50 ms %d\n", old.it_value.tv_sec || old.it_value.tv_usec,
	       old.it_value.tv_sec == 0 && old.it_value.tv_usec <= 50000);
	/* The signal ends the sleep early (EINTR), as on Linux. */
	int r = nanosleep(&nap, NULL);
	long ms = ms_since(&t0);
	printf("nanosleep: %d %s, alarms %d, after >= 50 ms %d, < 1000 ms %d\n", r,
	       r ? strerror(errno) : "", (int)alarms, ms >= 50, ms < 1000);
	getitimer(ITIMER_REAL, &old);
	printf("one shot: disarmed %d\n", !old.it_value.tv_sec && !old.it_value.tv_usec);

	/* A periodic ITIMER_PROF: 5 signals of 10 ms, then disarmed. */
	signal(SIGPROF, on_prof);
	it = (struct itimerval){ { 0, 10000 }, { 0, 10000 } };
	setitimer(ITIMER_PROF, &it, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (profs < 5 && ms_since(&t0) < 5000)
		;
	setitimer(ITIMER_PROF, &(struct itimerval){ 0 }, &old);
	printf("periodic PROF: %d signals, interval 10 ms %d\n", profs >= 5,
	       old.it_interval.tv_sec == 0 && old.it_interval.tv_usec == 10000);
	r = setitimer(7, &it, NULL);
	printf("setitimer 7: %d %s\n", r, strerror(errno));
	it.it_value.tv_usec = 1000000;
	r = setitimer(ITIMER_REAL, &it, NULL);
	printf("setitimer usec 1000000: %d %s\n", r, strerror(errno));

	struct rusage ru;
	printf("getrusage SELF: %d, time > 0 %d, maxrss > 0 %d\n", getrusage(RUSAGE_SELF, &ru),
	       ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0, ru.ru_maxrss > 0);
	r = getrusage(5, &ru);
	printf("getrusage 5: %d %s\n", r, strerror(errno));

	printf("PR_SET_THP_DISABLE: %d\n", prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0));
	printf("PR_GET_THP_DISABLE: %d\n", prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));
	r = prctl(9999, 0, 0, 0, 0);
	printf("prctl 9999: %d %s\n", r, strerror(errno));

	/* SIGALRM's default action ends the process (killed by signal). */
	signal(SIGALRM, SIG_DFL);
	it = (struct itimerval){ .it_value = { 0, 20000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	printf("itimer: done\n");
	fflush(stdout);
	for (;;)
		nanosleep(&nap, NULL);
}
