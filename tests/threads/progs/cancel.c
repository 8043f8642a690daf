#define _GNU_SOURCE
/*
 * pthread_cancel of another thread, at each kind of place a thread waits
 * (musl's cancellation points: read on a pipe, nanosleep, a condition
 * variable's futex, poll, epoll_wait), deferred at pthread_testcancel,
 * held while cancellation is disabled, asynchronous in a busy loop; the
 * cleanup handlers run and join sees PTHREAD_CANCELED.  Then handlers as
 * Linux runs them: an SA_SIGINFO handler's siginfo and ucontext for a
 * signal sent to another thread, its own signal blocked while it runs (not
 * with SA_NODEFER), SA_RESETHAND.  The same source runs on the host (the
 * test compares).  Prints `ok NAME` or `BAD NAME: why`.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

static int bad;
#define OK(name, cond, ...) do { if (cond) printf("ok %s\n", name); \
	else { bad++; printf("BAD %s: ", name); printf(__VA_ARGS__); printf("\n"); } } while (0)

static int fds[2], ep;
static volatile int cleaned, started, spin_stop;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

static void cleanup(void *a) { (void)a; cleaned++; }

static void *in_read(void *a)
{
	char c;
	(void)a;
	started = 1;
	read(fds[0], &c, 1);
	return (void *)1;
}

static void *in_sleep(void *a)
{
	(void)a;
	started = 1;
	for (;;)
		sleep(10);
	return (void *)1;
}

static void unlock(void *m) { pthread_mutex_unlock(m); }

static void *in_cond(void *a)
{
	(void)a;
	pthread_mutex_lock(&mu);
	pthread_cleanup_push(unlock, &mu);
	started = 1;
	for (;;)
		pthread_cond_wait(&cv, &mu);
	pthread_cleanup_pop(1);
	return (void *)1;
}

static void *in_poll(void *a)
{
	struct pollfd p = { .fd = fds[0], .events = POLLIN };
	(void)a;
	started = 1;
	poll(&p, 1, -1);
	return (void *)1;
}

static void *in_epoll(void *a)
{
	struct epoll_event ev;
	(void)a;
	started = 1;
	epoll_wait(ep, &ev, 1, -1);
	return (void *)1;
}

static void *in_testcancel(void *a)
{
	volatile unsigned long n = 0;
	(void)a;
	started = 1;
	for (;;) {
		for (int i = 0; i < 1000; i++)
			n++;
		pthread_testcancel();
	}
	return (void *)1;
}

/* Cancellation disabled around a sleep: the section runs to its end (a
 * sleep the signal cuts short goes on for the rest: musl signals a
 * disabled thread too, glibc does not), then the cancel acts at the
 * first cancellation point after it is enabled. */
static volatile int finished_disabled;
static void *disabled(void *a)
{
	struct timespec ts = { 0, 200 * 1000 * 1000 };
	(void)a;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	started = 1;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
	finished_disabled = 1;
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
	pthread_testcancel();
	return (void *)1;
}

static void *async_spin(void *a)
{
	(void)a;
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
	started = 1;
	while (!spin_stop)
		;
	return (void *)1;
}

static int cancel_one(const char *name, void *(*fn)(void *), int cleanups)
{
	pthread_t t;
	void *ret = NULL;
	char what[80];

	cleaned = started = 0;
	if (pthread_create(&t, NULL, fn, NULL))
		return printf("BAD %s: pthread_create\n", name), bad++;
	while (!started)
		sched_yield();
	usleep(50 * 1000);   /* let it reach its wait */
	int c = pthread_cancel(t);
	int j = pthread_join(t, &ret);
	snprintf(what, sizeof(what), "cancel in %s", name);
	OK(what, c == 0 && j == 0 && ret == PTHREAD_CANCELED && cleaned == cleanups,
	   "cancel %d join %d canceled %d cleanups %d", c, j, ret == PTHREAD_CANCELED, cleaned);
	return 0;
}

#define WITH_CLEANUP(fn) \
	static void *fn##_c(void *a) { void *r; pthread_cleanup_push(cleanup, 0); r = fn(a); \
		pthread_cleanup_pop(0); return r; }
WITH_CLEANUP(in_read)
WITH_CLEANUP(in_sleep)
WITH_CLEANUP(in_poll)
WITH_CLEANUP(in_epoll)
WITH_CLEANUP(in_testcancel)

/* ---- handlers ---- */
static volatile int got_sig, got_code, got_pid_ok, blocked_inside, calls, uc_ok;

static void info_handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	sigset_t now;

	got_sig = si->si_signo == sig ? sig : -1;
	got_code = si->si_code;
	got_pid_ok = si->si_pid == getpid();
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	blocked_inside = sigismember(&now, sig);
	/* The mask to restore: the thread's before the handler (SIGUSR2
	 * blocked by it, below). */
	uc_ok = uc && sigismember(&uc->uc_sigmask, SIGUSR2) && !sigismember(&uc->uc_sigmask, sig);
	calls++;
}

static void plain_handler(int sig)
{
	sigset_t now;
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	blocked_inside = sigismember(&now, sig);
	calls++;
}

static volatile int stop_waiter;
static void *waiter(void *a)
{
	sigset_t s;
	(void)a;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	started = 1;
	while (!stop_waiter)
		usleep(10 * 1000);
	return NULL;
}

int main(void)
{
	struct epoll_event ev = { .events = EPOLLIN };

	pipe(fds);
	ep = epoll_create1(0);
	epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev);

	cancel_one("read", in_read_c, 1);
	cancel_one("sleep", in_sleep_c, 1);
	cancel_one("pthread_cond_wait", in_cond, 0);
	OK("the condition's mutex is free after", pthread_mutex_trylock(&mu) == 0, "trylock");
	pthread_mutex_unlock(&mu);
	cancel_one("poll", in_poll_c, 1);
	cancel_one("epoll_wait", in_epoll_c, 1);
	cancel_one("pthread_testcancel", in_testcancel_c, 1);
	cancel_one("a sleep with cancellation disabled", disabled, 0);
	OK("the disabled section ran to its end", finished_disabled, "it did not");
	spin_stop = 0;
	cancel_one("a busy loop, asynchronous", async_spin, 0);

	/* An SA_SIGINFO handler run in another thread. */
	struct sigaction sa = { .sa_sigaction = info_handler, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	pthread_t t;
	started = stop_waiter = calls = 0;
	pthread_create(&t, NULL, waiter, NULL);
	while (!started)
		sched_yield();
	pthread_kill(t, SIGUSR1);
	for (int i = 0; i < 200 && !calls; i++)
		usleep(10 * 1000);
	stop_waiter = 1;
	pthread_join(t, NULL);
	OK("SA_SIGINFO in another thread: ran once", calls == 1, "calls %d", calls);
	OK("siginfo: si_signo", got_sig == SIGUSR1, "si_signo %d", got_sig);
	OK("siginfo: si_code SI_TKILL", got_code == SI_TKILL, "si_code %d", got_code);
	OK("siginfo: si_pid", got_pid_ok, "si_pid");
	OK("the signal is blocked inside its handler", blocked_inside, "not blocked");
	OK("ucontext: uc_sigmask is the mask to restore", uc_ok, "uc_sigmask");

	/* SA_NODEFER and SA_RESETHAND, raised in this thread. */
	struct sigaction pa = { .sa_handler = plain_handler, .sa_flags = SA_NODEFER | SA_RESETHAND };
	sigemptyset(&pa.sa_mask);
	sigaction(SIGUSR2, &pa, NULL);
	calls = 0;
	raise(SIGUSR2);
	OK("SA_NODEFER: not blocked inside", calls == 1 && !blocked_inside, "calls %d blocked %d", calls, blocked_inside);
	struct sigaction now;
	sigaction(SIGUSR2, NULL, &now);
	OK("SA_RESETHAND: back to SIG_DFL", now.sa_handler == SIG_DFL, "handler %p", (void *)now.sa_handler);
	sigset_t m;
	pthread_sigmask(SIG_BLOCK, NULL, &m);
	OK("the mask is restored after the handlers", !sigismember(&m, SIGUSR1) && !sigismember(&m, SIGUSR2), "mask");

	printf("%s\n", bad ? "cancel: FAILED" : "cancel: all ok");
	return bad != 0;
}
