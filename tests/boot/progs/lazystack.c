/* SPDX-License-Identifier: MIT */
/*
 * lazystack: the application stack is mapped page by page as it is first
 * touched (runtime/vm.c), and a program cannot tell.
 *   - system calls that check a pointer before using it take one into
 *     stack memory no instruction has touched yet (sched_getaffinity's
 *     mask, a futex word), and mprotect changes such a page;
 *   - a recursion 6 MiB deep, 16 KiB a frame, keeps what every frame
 *     wrote, while a 1 ms ITIMER_REAL interrupts it: every 32 frames it
 *     waits for the next SIGALRM, whose frame the kernel writes below the
 *     deepest page touched so far (a page fault in the kernel, interrupts
 *     off), and the handler runs there.
 * One line per check; the overflow into the guard page below the 8 MiB is
 * tests/boot/harden.sh's.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define FRAME 16384
#define DEPTH 384       /* 6 MiB */
#define PAGE 4096ul
#define FUTEX_WAKE 1    /* linux/futex.h, which the sysroot has not */

static volatile sig_atomic_t ticks;
static volatile uintptr_t handler_sp;

static void on_alarm(int sig)
{
	char here;

	(void)sig;
	ticks++;
	if (!handler_sp || (uintptr_t)&here < handler_sp)
		handler_sp = (uintptr_t)&here;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Until the next SIGALRM; 0, or -1 after 5 s without one. */
static int next_tick(void)
{
	struct timespec t0;
	int t = ticks;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (ticks == t)
		if (ms_since(&t0) > 5000)
			return -1;
	return 0;
}

static long deep(int n, int *waits, int *late)
{
	volatile unsigned char buf[FRAME];

	for (size_t i = 0; i < FRAME; i += 256)
		buf[i] = (unsigned char)(n * 7 + i / 256);
	if (n % 32 == 0) {
		(*waits)++;
		if (next_tick())
			(*late)++;
	}
	long bad = n ? deep(n - 1, waits, late) : 0;
	for (size_t i = 0; i < FRAME; i += 256)
		bad += buf[i] != (unsigned char)(n * 7 + i / 256);
	return bad;
}

/* p: the middle of 1 MiB of stack below everything touched so far. */
static __attribute__((noinline)) void untouched(char *p)
{
	char *page = (char *)(((uintptr_t)p + PAGE - 1) & ~(PAGE - 1));
	cpu_set_t *set = (cpu_set_t *)page;
	int *word = (int *)(page + 2 * PAGE);
	char *prot = page + 4 * PAGE;

	int r = sched_getaffinity(0, sizeof(*set), set);
	printf("sched_getaffinity into an untouched page: %d, cpu 0 in it %d\n", r,
	       r == 0 && CPU_ISSET(0, set));
	printf("futex wake on an untouched word: %ld\n",
	       syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0));
	printf("mprotect an untouched page read-only: %d, reads %d\n",
	       mprotect(prot, PAGE, PROT_READ), *(volatile char *)prot);
	printf("mprotect it back: %d\n", mprotect(prot, PAGE, PROT_READ | PROT_WRITE));
	*(volatile char *)prot = 1;
}

static __attribute__((noinline)) void with_room(void)
{
	char room[1 << 20];

	untouched(room + sizeof(room) / 2);
	__asm__ volatile("" :: "r"(room) : "memory");
}

int main(void)
{
	char top;
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
	struct itimerval it = { { 0, 1000 }, { 0, 1000 } };
	int waits = 0, late = 0;

	with_room();

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	long bad = deep(DEPTH - 1, &waits, &late);
	it = (struct itimerval){ { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &it, NULL);
	printf("%d frames of %d KiB: every byte written read back %d\n", DEPTH, FRAME / 1024,
	       bad == 0);
	printf("a SIGALRM at each of %d waits while growing: %d\n", waits, late == 0);
	printf("the handler ran more than 5 MiB deep: %d\n",
	       handler_sp && (uintptr_t)&top - handler_sp > (5ul << 20));
	return 0;
}
