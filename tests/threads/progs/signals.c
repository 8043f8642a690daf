#define _GNU_SOURCE
/*
 * Signal handlers of an application in ring 0: SIGALRM from an interval
 * timer interrupts a busy loop (no system call in it); a handler for a
 * signal another thread sends runs while the target is blocked in read(),
 * which SA_RESTART restarts and a handler without it cuts short with
 * EINTR; a signal blocked but for the wait of pselect, ppoll and
 * epoll_pwait runs its handler; a busy thread is preempted so that others
 * run.  With the argument
 * "direct" the same for a read by stdio (musl's readv there is a direct
 * call, not a cancellation point's trap instruction), which Linux's
 * __ukl_syscall (linux/ukl.patch) and the runtime's SYSCALL_RESTARTABLE
 * restart.  The same source runs on the host (the tests compare): tests/linux/linux.sh
 * on Linux, tests/threads/signals.sh on the runtime.  Prints `ok NAME` or
 * `BAD NAME: why`.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int bad;
#define OK(name, cond, ...) do { if (cond) printf("ok %s\n", name); \
	else { bad++; printf("BAD %s: ", name); printf(__VA_ARGS__); printf("\n"); } } while (0)

static volatile sig_atomic_t alarms, usr1s;
static void on_alarm(int sig) { (void)sig; alarms++; }
static void on_usr1(int sig) { (void)sig; usr1s++; }

static int fds[2];
static volatile int reader_ready;
static char line[64];
static int read_errno;

static int use_stdio;

static void *reader(void *a)
{
	FILE *f = a;
	reader_ready = 1;
	errno = 0;
	if (use_stdio) {
		char *r = fgets(line, sizeof(line), f);
		read_errno = r ? 0 : errno;
		if (!r)
			line[0] = 0;
	} else {
		ssize_t n = read(fileno(f), line, sizeof(line) - 1);
		read_errno = n < 0 ? errno : 0;
		line[n > 0 ? n : 0] = 0;
	}
	return NULL;
}

static void wait_blocked(void)
{
	while (!reader_ready)
		sched_yield();
	usleep(100 * 1000);   /* into its read */
}

static void handler_during_read(int restart)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = restart ? SA_RESTART : 0 };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	pipe(fds);
	FILE *f = fdopen(fds[0], "r");
	pthread_t t;
	reader_ready = usr1s = 0;
	pthread_create(&t, NULL, reader, f);
	wait_blocked();
	pthread_kill(t, SIGUSR1);
	usleep(100 * 1000);   /* the handler runs, the read restarts or ends */
	write(fds[1], "after\n", 6);
	pthread_join(t, NULL);
	char name[80];
	const char *how = use_stdio ? "stdio" : "read";
	snprintf(name, sizeof(name), "%s, %sSA_RESTART: the handler ran", how, restart ? "" : "no ");
	OK(name, usr1s == 1, "usr1s %d", (int)usr1s);
	if (restart) {
		snprintf(name, sizeof(name), "%s, SA_RESTART: the read went on and got the line", how);
		OK(name, !strcmp(line, "after\n"), "line '%s' errno %d", line, read_errno);
	} else {
		snprintf(name, sizeof(name), "%s, no SA_RESTART: the read ended with EINTR", how);
		OK(name, read_errno == EINTR && !line[0], "line '%s' errno %d", line, read_errno);
	}
	fclose(f);
	close(fds[1]);
}

/* A signal blocked except during the wait (pselect's point): another
 * thread sends it while this one waits; the handler runs and the wait
 * ends with EINTR. */
static pthread_t waiter_thread;
static void *poke(void *a)
{
	(void)a;
	usleep(100 * 1000);
	pthread_kill(waiter_thread, SIGUSR2);
	return NULL;
}

static volatile sig_atomic_t usr2s;
static void on_usr2(int sig) { (void)sig; usr2s++; }

static void wait_with_mask(const char *what)
{
	sigset_t block, during;
	int p[2], ep = -1, r;
	pthread_t t;
	char name[80];

	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &block, NULL);
	sigemptyset(&during);
	pipe(p);
	usr2s = 0;
	waiter_thread = pthread_self();
	pthread_create(&t, NULL, poke, NULL);
	errno = 0;
	if (!strcmp(what, "pselect")) {
		fd_set rd;
		FD_ZERO(&rd);
		FD_SET(p[0], &rd);
		r = pselect(p[0] + 1, &rd, NULL, NULL, NULL, &during);
	} else if (!strcmp(what, "ppoll")) {
		struct pollfd pf = { .fd = p[0], .events = POLLIN };
		r = ppoll(&pf, 1, NULL, &during);
	} else {
		struct epoll_event ev = { .events = EPOLLIN };
		ep = epoll_create1(0);
		epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
		r = epoll_pwait(ep, &ev, 1, -1, &during);
	}
	int e = errno;
	pthread_join(t, NULL);
	snprintf(name, sizeof(name), "%s with the signal let through: handler, then EINTR", what);
	OK(name, r == -1 && e == EINTR && usr2s == 1, "r %d errno %d usr2s %d", r, e, (int)usr2s);
	sigset_t now;
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	snprintf(name, sizeof(name), "%s: the caller's mask is back", what);
	OK(name, sigismember(&now, SIGUSR2), "SIGUSR2 not blocked");
	pthread_sigmask(SIG_UNBLOCK, &block, NULL);
	close(p[0]);
	close(p[1]);
	if (ep >= 0)
		close(ep);
}

static volatile int spinner_running, stop_spin;
static void *spinner(void *a)
{
	(void)a;
	spinner_running = 1;
	while (!stop_spin)
		;
	return NULL;
}

int main(int argc, char **argv)
{
	/* An interval timer's SIGALRM interrupts code that makes no call. */
	signal(SIGALRM, on_alarm);
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	volatile unsigned long n = 0;
	for (;;) {
		for (int i = 0; i < 100000 && alarms < 3; i++)
			n++;
		if (alarms >= 3)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (t1.tv_sec - t0.tv_sec > 20)
			break;
	}
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &off, NULL);
	OK("SIGALRM interrupts a busy loop, three times", alarms >= 3, "alarms %d", (int)alarms);

	handler_during_read(1);
	handler_during_read(0);
	if (argc > 1 && !strcmp(argv[1], "direct")) {
		use_stdio = 1;
		handler_during_read(1);
		handler_during_read(0);
	}

	signal(SIGUSR2, on_usr2);
	wait_with_mask("pselect");
	wait_with_mask("ppoll");
	wait_with_mask("epoll_pwait");

	/* A busy thread is preempted: this one goes on while it spins. */
	pthread_t t;
	pthread_create(&t, NULL, spinner, NULL);
	while (!spinner_running)
		sched_yield();
	int rounds = 0;
	for (int i = 0; i < 5; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		rounds++;
	}
	stop_spin = 1;
	pthread_join(t, NULL);
	OK("a spinning thread is preempted", rounds == 5, "rounds %d", rounds);

	printf("%s\n", bad ? "signals: FAILED" : "signals: all ok");
	return bad != 0;
}
