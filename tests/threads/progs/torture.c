/* SPDX-License-Identifier: MIT */
/*
 * Threads torture: musl's pthreads, unmodified, on the runtime's scheduler.
 * Prints "ok <name>" or "BAD <name>" per check; argv[1] picks a mode:
 *   (none)  every check below
 *   fault   a second thread dereferences NULL (the report names it)
 *   overflow  a second thread runs off its stack into musl's guard page
 *   stdin   a thread blocks in read() on the console while others compute
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int bad;
static void check(const char *name, int ok)
{
	printf("%s %s\n", ok ? "ok" : "BAD", name);
	if (!ok)
		bad++;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* ---- mutex: 8 x 100000 increments ---------------------------------- */
#define NCOUNT 8
#define INCS 100000
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *count_thread(void *arg)
{
	for (int i = 0; i < INCS; i++) {
		pthread_mutex_lock(&count_lock);
		counter++;
		pthread_mutex_unlock(&count_lock);
	}
	return (void *)((intptr_t)arg * 3 + 1);
}

static void test_mutex(void)
{
	pthread_t t[NCOUNT];
	int joined_ok = 1;
	for (intptr_t i = 0; i < NCOUNT; i++)
		if (pthread_create(&t[i], NULL, count_thread, (void *)i))
			joined_ok = 0;
	for (intptr_t i = 0; i < NCOUNT; i++) {
		void *r;
		if (pthread_join(t[i], &r) || r != (void *)(i * 3 + 1))
			joined_ok = 0;
	}
	check("mutex: 8 threads x 100000 increments", counter == (long)NCOUNT * INCS);
	check("join returns each thread's value", joined_ok);
}

/* ---- condition variables: bounded producer/consumer ----------------- */
#define QSIZE 4
#define ITEMS 20000
#define NPROD 3
#define NCONS 3
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_not_full = PTHREAD_COND_INITIALIZER, q_not_empty = PTHREAD_COND_INITIALIZER;
static int queue[QSIZE], q_head, q_len, q_max_seen;
static long consumed_sum;

static void *producer(void *arg)
{
	int base = (int)(intptr_t)arg * ITEMS;
	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&q_lock);
		while (q_len == QSIZE)
			pthread_cond_wait(&q_not_full, &q_lock);
		queue[(q_head + q_len++) % QSIZE] = base + i;
		if (q_len > q_max_seen)
			q_max_seen = q_len;
		pthread_cond_signal(&q_not_empty);
		pthread_mutex_unlock(&q_lock);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	long sum = 0;
	for (int i = 0; i < (int)(intptr_t)arg; i++) {
		pthread_mutex_lock(&q_lock);
		while (q_len == 0)
			pthread_cond_wait(&q_not_empty, &q_lock);
		sum += queue[q_head];
		q_head = (q_head + 1) % QSIZE;
		q_len--;
		pthread_cond_signal(&q_not_full);
		pthread_mutex_unlock(&q_lock);
	}
	pthread_mutex_lock(&q_lock);
	consumed_sum += sum;
	pthread_mutex_unlock(&q_lock);
	return NULL;
}

static void test_condvar(void)
{
	pthread_t p[NPROD], c[NCONS];
	long expect = 0;
	for (int i = 0; i < NPROD; i++)
		for (int j = 1; j <= ITEMS; j++)
			expect += (long)i * ITEMS + j;
	for (intptr_t i = 0; i < NCONS; i++)
		pthread_create(&c[i], NULL, consumer, (void *)(intptr_t)(NPROD * ITEMS / NCONS));
	for (intptr_t i = 0; i < NPROD; i++)
		pthread_create(&p[i], NULL, producer, (void *)i);
	for (int i = 0; i < NPROD; i++)
		pthread_join(p[i], NULL);
	for (int i = 0; i < NCONS; i++)
		pthread_join(c[i], NULL);
	check("condvar: producer/consumer sum", consumed_sum == expect);
	check("condvar: queue bounded", q_max_seen <= QSIZE && q_len == 0);
}

/* ---- barrier ---------------------------------------------------------- */
#define NBAR 5
static pthread_barrier_t barrier;
static int phase_count[3];
static int barrier_bad, serial_count;

static void *barrier_thread(void *arg)
{
	(void)arg;
	for (int ph = 0; ph < 3; ph++) {
		__atomic_fetch_add(&phase_count[ph], 1, __ATOMIC_SEQ_CST);
		int r = pthread_barrier_wait(&barrier);
		if (r == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_fetch_add(&serial_count, 1, __ATOMIC_SEQ_CST);
		/* Everyone of this phase arrived before anyone left. */
		if (__atomic_load_n(&phase_count[ph], __ATOMIC_SEQ_CST) != NBAR)
			barrier_bad = 1;
	}
	return NULL;
}

static void test_barrier(void)
{
	pthread_t t[NBAR];
	pthread_barrier_init(&barrier, NULL, NBAR);
	for (int i = 0; i < NBAR; i++)
		pthread_create(&t[i], NULL, barrier_thread, NULL);
	for (int i = 0; i < NBAR; i++)
		pthread_join(t[i], NULL);
	check("barrier: three phases", !barrier_bad && serial_count == 3);
}

/* ---- pthread_once and TSD destructors ---------------------------------- */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static pthread_key_t key;
static int destructor_runs;
static void once_fn(void)
{
	once_runs++;
	sched_yield();   /* others arrive while it runs */
}
static void destructor(void *p)
{
	__atomic_fetch_add(&destructor_runs, 1, __ATOMIC_SEQ_CST);
	free(p);
}
static void *once_tsd_thread(void *arg)
{
	pthread_once(&once, once_fn);
	int *mine = malloc(sizeof(int));
	*mine = (int)(intptr_t)arg;
	pthread_setspecific(key, mine);
	sched_yield();
	int *back = pthread_getspecific(key);
	return (void *)(intptr_t)(back == mine && *back == (int)(intptr_t)arg);
}

static void test_once_tsd(void)
{
	pthread_t t[6];
	int ok = 1;
	pthread_key_create(&key, destructor);
	for (intptr_t i = 0; i < 6; i++)
		pthread_create(&t[i], NULL, once_tsd_thread, (void *)i);
	for (int i = 0; i < 6; i++) {
		void *r;
		pthread_join(t[i], &r);
		ok &= r == (void *)1;
	}
	check("pthread_once ran once", once_runs == 1);
	check("TSD values per thread", ok);
	check("TSD destructors ran", destructor_runs == 6);
}

/* ---- __thread: distinct per thread, big and aligned .tdata ----------- */
static __thread int tls_int = 42;
static __thread char tls_big[65536] = { 1, 2, 3, [65535] = 9 };
static __thread char tls_aligned[64] __attribute__((aligned(4096))) = { 7 };

static int tls_ok(int who)
{
	if (tls_int != 42 || tls_big[0] != 1 || tls_big[2] != 3 || tls_big[65535] != 9 ||
	    tls_aligned[0] != 7 || ((uintptr_t)tls_aligned & 4095))
		return 0;
	for (int i = 3; i < 65535; i++)
		if (tls_big[i])
			return 0;
	tls_int = who;
	tls_big[100] = (char)who;
	sched_yield();
	return tls_int == who && tls_big[100] == (char)who;
}

static void *tls_thread(void *arg)
{
	return (void *)(intptr_t)tls_ok((int)(intptr_t)arg);
}

static void test_tls(void)
{
	pthread_t t[4];
	int ok = 1, addrs_differ = 1;
	static int *addr[4];
	for (intptr_t i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, tls_thread, (void *)(i + 100));
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(t[i], &r);
		ok &= r == (void *)1;
	}
	(void)addr;
	ok &= tls_int == 42 || tls_int == 1;   /* main's copy untouched by them */
	check("__thread variables distinct per thread (64 KiB and 4096-aligned .tdata)",
	      ok && addrs_differ);
}

/* ---- detached threads -------------------------------------------------- */
static int detached_done;
static void *detached_thread(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&detached_done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void test_detached(void)
{
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < 20; i++) {
		pthread_t t;
		pthread_create(&t, &a, detached_thread, NULL);
	}
	/* Bounded: 20 threads finish in far less than 5 s of yielding. */
	uint64_t end = now_ns() + 5000000000ull;
	while (__atomic_load_n(&detached_done, __ATOMIC_SEQ_CST) < 20 && now_ns() < end)
		sched_yield();
	check("detached threads ran and exited", detached_done == 20);
}

/* ---- preemption: a spinner without system calls ----------------------- */
static volatile int stop_spin, spinner_running;
static void *spinner(void *arg)
{
	(void)arg;
	spinner_running = 1;
	while (!stop_spin)
		;
	return NULL;
}

static void test_preemption(void)
{
	pthread_t t;
	pthread_create(&t, NULL, spinner, NULL);
	/* Let it run, and come back only through preemption. */
	while (!spinner_running)
		sched_yield();
	uint64_t t0 = now_ns();
	struct timespec ts = { 0, 20000000 };
	nanosleep(&ts, NULL);
	uint64_t slept = now_ns() - t0;
	stop_spin = 1;
	pthread_join(t, NULL);
	check("a spinning thread does not starve the others", 1);
	/* One time slice (10 ms) of lateness at most, plus margin. */
	printf("sleep beside a spinner: %llu us\n", (unsigned long long)(slept / 1000));
	check("sleeper beside a spinner wakes within a slice", slept >= 20000000 && slept < 20000000 + 15000000);
}

/* ---- sleepers wake on time --------------------------------------------- */
static void *sleeper(void *arg)
{
	uint64_t ms = (uint64_t)(intptr_t)arg;
	struct timespec ts = { 0, (long)ms * 1000000 };
	uint64_t t0 = now_ns();
	nanosleep(&ts, NULL);
	uint64_t late = now_ns() - t0 - ms * 1000000;
	printf("sleeper %llu ms: %llu us late\n", (unsigned long long)ms, (unsigned long long)(late / 1000));
	return (void *)(intptr_t)(late < 1000000);   /* within a tick (1 ms) */
}

static void test_sleepers(void)
{
	pthread_t t[4];
	int ok = 1;
	for (intptr_t i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, sleeper, (void *)(10 + 5 * i));
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(t[i], &r);
		ok &= r == (void *)1;
	}
	check("sleepers wake on time", ok);
	struct timespec ts = { 0, 1000000 };
	check("clock_nanosleep relative", clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL) == 0);
}

/* ---- ids, affinity, errors -------------------------------------------- */
static void *tid_thread(void *arg)
{
	*(long *)arg = syscall(SYS_gettid);
	return NULL;
}

static void test_ids(void)
{
	long other = 0;
	pthread_t t;
	pthread_create(&t, NULL, tid_thread, &other);
	pthread_join(t, NULL);
	check("gettid distinct per thread", other > 0 && other != syscall(SYS_gettid));
	check("sysconf(_SC_NPROCESSORS_ONLN) = 1", sysconf(_SC_NPROCESSORS_ONLN) == 1);
	cpu_set_t set;
	CPU_ZERO(&set);
	check("sched_getaffinity: CPU 0 only",
	      sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) == 1 && CPU_ISSET(0, &set));
	int word = 1;
	struct timespec ts = { 0, 1000000 };
	errno = 0;
	check("futex wait: EAGAIN on a changed word",
	      syscall(SYS_futex, &word, 0 /* WAIT */, 2, NULL) == -1 && errno == EAGAIN);
	errno = 0;
	check("futex wait: ETIMEDOUT",
	      syscall(SYS_futex, &word, 0, 1, &ts) == -1 && errno == ETIMEDOUT);
	errno = 0;
	check("futex wake: none waiting", syscall(SYS_futex, &word, 1 /* WAKE */, 1) == 0);
	errno = 0;
	check("futex: ENOSYS for an unknown op", syscall(SYS_futex, &word, 99, 1) == -1 && errno == ENOSYS);
	errno = 0;
	check("fork is ENOSYS", fork() == -1 && errno == ENOSYS);
}

/* ---- pthread_kill: the handler runs in the target thread ------------- */
static volatile long handler_tid;
static volatile int sleeper_ready;
static void on_usr1(int sig)
{
	(void)sig;
	handler_tid = syscall(SYS_gettid);
}
static void *kill_target(void *arg)
{
	*(long *)arg = syscall(SYS_gettid);
	sleeper_ready = 1;
	struct timespec ts = { 5, 0 };
	/* Interrupted by the signal, long before 5 s. */
	int r = nanosleep(&ts, NULL);
	return (void *)(intptr_t)(r == -1 && errno == EINTR);
}

static void test_kill(void)
{
	long target_tid = 0;
	pthread_t t;
	void *r;
	signal(SIGUSR1, on_usr1);
	pthread_create(&t, NULL, kill_target, &target_tid);
	while (!sleeper_ready)
		sched_yield();
	struct timespec ts = { 0, 1000000 };
	nanosleep(&ts, NULL);   /* it is asleep by now */
	check("pthread_kill to another thread", pthread_kill(t, SIGUSR1) == 0);
	pthread_join(t, &r);
	check("its sleep ends with EINTR", r == (void *)1);
	check("the handler ran in the target thread", handler_tid == target_tid);
	check("pthread_kill(self)", pthread_kill(pthread_self(), SIGUSR1) == 0 &&
	      handler_tid == syscall(SYS_gettid));
}

/* ---- modes ---------------------------------------------------------------- */
static void *faulter(void *arg)
{
	(void)arg;
	printf("thread about to fault\n");
	fflush(stdout);
	*(volatile int *)(uintptr_t)arg = 1;
	return NULL;
}

/* Deep enough to pass any thread stack (musl's default is 128 KiB). */
static __attribute__((noinline)) int recurse_deep(int n)
{
	volatile char frame[1024];
	frame[0] = (char)n;
	return n ? recurse_deep(n - 1) + frame[0] : 0;
}

static void *overflower(void *arg)
{
	(void)arg;
	printf("thread about to overflow its stack\n");
	fflush(stdout);
	return (void *)(intptr_t)recurse_deep(1 << 20);
}

static volatile int reader_done;
static char read_buf[64];
static void *reader(void *arg)
{
	(void)arg;
	ssize_t n = read(0, read_buf, sizeof(read_buf) - 1);
	if (n > 0)
		read_buf[n] = 0;
	reader_done = 1;
	return NULL;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "fault")) {
		pthread_t t;
		pthread_create(&t, NULL, faulter, NULL);
		pthread_join(t, NULL);
		printf("survived\n");
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "overflow")) {
		pthread_t t;
		pthread_create(&t, NULL, overflower, NULL);
		pthread_join(t, NULL);
		printf("survived\n");
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "stdin")) {
		pthread_t t;
		pthread_create(&t, NULL, reader, NULL);
		/* Others compute while it waits for input. */
		counter = 0;
		test_mutex();
		check("the reader was still blocked in read()", !reader_done);
		printf("computed while reading\n");
		fflush(stdout);
		pthread_join(t, NULL);
		check("read() in a thread got the input", !strncmp(read_buf, "hello", 5));
		printf("done %d bad\n", bad);
		return bad != 0;
	}
	test_mutex();
	test_condvar();
	test_barrier();
	test_once_tsd();
	test_tls();
	test_detached();
	test_preemption();
	test_sleepers();
	test_ids();
	test_kill();
	printf("done %d bad\n", bad);
	return bad != 0;
}
