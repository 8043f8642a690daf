/*
 * sysbench: the guest half of `make bench`.  One ordinary static C program,
 * built twice from this file: with ukl-cc and linked by ukld into a kernel
 * image, and with Debian's musl-gcc -static as /init of an initramfs for a
 * stock Debian Linux kernel.  Both run under QEMU with -icount
 * shift=0,sleep=off, where the TSC advances by one per guest instruction,
 * so rdtsc deltas are instruction counts (as long as the guest does not
 * halt: then the clock jumps to its next timer).
 *
 * On riscv64 it is built with riscv64-ukl-cc only (Debian 12 has no
 * riscv64 kernel package to run it under), and the counter is rdcycle,
 * which under -icount also counts instructions.
 *
 * It prints one line per figure, `bench KEY VALUE`, which bench/run.sh
 * reads back:
 *   tsc_main       TSC at main: instructions since the machine's reset
 *   tsc_entry      TSC at the kernel's first instruction (ukld kernel only:
 *                  __ukl_boot_tsc, recorded by pvh_start; riscv64: by
 *                  _start_kernel)
 *   overhead       two back-to-back rdtsc (subtracted from the rest)
 *   call           a call to an empty function that is not inlined
 *   getppid_libc   musl's getppid(): in the ukld kernel a direct call of
 *                  __ukl_sys_110 (riscv64: 173), which is the handler;
 *                  the `syscall` instruction under Linux
 *   getppid_insn   an inline `syscall` instruction (ukld: the ring-0
 *                  entry, runtime/arch/x86_64/syscall_entry.S); riscv64:
 *                  `ecall`, which ukld rewrites into `ebreak`, the trap
 *                  the runtime serves (runtime/arch/riscv64/trap_entry.S);
 *                  not measured when linked into Linux (ring 0, where
 *                  Linux's `syscall` entry would take it for user mode)
 *   write1         write(1, "x", 1) to the serial console: musl's write(),
 *                  a cancellation point, calls __syscall_cp(SYS_write, ...),
 *                  whose number is not a constant: in the ukld kernel the
 *                  generic entry __ukl_syscall
 *   write1_insn    the same write as an inline system call instruction
 *                  (measured where getppid_insn is)
 *   pingpong       a round trip between two threads through a futex: each
 *                  wakes the other and sleeps (two context switches)
 *   thread_create  pthread_create of a thread that returns at once, and
 *                  pthread_join of it
 * Each figure is the median of RUNS samples, less the rdtsc overhead.
 * Under Linux, /init cannot return: it ends QEMU through isa-debug-exit.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __x86_64__
#include <sys/io.h>
#endif
#include <sys/syscall.h>
#include <sys/utsname.h>

#define RUNS 101

/* Set by the ukld kernel's entry code; absent (NULL) under Linux. */
extern const uint64_t __ukl_boot_tsc __attribute__((weak));

static inline uint64_t rdtsc(void)
{
#ifdef __riscv
	uint64_t c;

	__asm__ volatile("rdcycle %0" : "=r"(c) :: "memory");
	return c;
#else
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return (uint64_t)hi << 32 | lo;
#endif
}

static __attribute__((noinline)) long empty_function(long x)
{
	__asm__ volatile("" ::: "memory");
	return x;
}

static long raw_getppid(void)
{
#ifdef __riscv
	register long a7 __asm__("a7") = SYS_getppid;
	register long a0 __asm__("a0");

	__asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
	return a0;
#else
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "a"((long)SYS_getppid)
			 : "rcx", "r11", "memory");
	return r;
#endif
}

static long raw_write(int fd, const void *buf, unsigned long len)
{
#ifdef __riscv
	register long a7 __asm__("a7") = SYS_write;
	register long a0 __asm__("a0") = fd;
	register long a1 __asm__("a1") = (long)buf;
	register long a2 __asm__("a2") = (long)len;

	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
	return a0;
#else
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "a"((long)SYS_write), "D"((long)fd),
			 "S"(buf), "d"(len) : "rcx", "r11", "memory");
	return r;
#endif
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *d)
{
	qsort(d, RUNS, sizeof(*d), cmp_u64);
	return d[RUNS / 2];
}

static volatile long sink;
static uint64_t samples[RUNS];

/* The median cost of STMT over RUNS samples, rdtsc included. */
#define MEASURE(stmt) ({                                   \
	for (int i_ = 0; i_ < RUNS; i_++) {                \
		uint64_t t0_ = rdtsc();                    \
		stmt;                                      \
		samples[i_] = rdtsc() - t0_;               \
	}                                                  \
	median(samples);                                   \
})

static void report(const char *key, uint64_t v)
{
	printf("bench %s %llu\n", key, (unsigned long long)v);
}

static int under_ukl(void)
{
	struct utsname u;

	return uname(&u) == 0 && strstr(u.release, "ukl") != NULL;
}

/* Ring 0: under ukld's runtime, and linked into Linux by ukld (the
 * application runs in the kernel there too).  Linux's `syscall` entry
 * expects to come from user mode, so the inline instruction is measured
 * only where an entry for it exists: ukld's runtime and user mode. */
static int ring0(void)
{
#ifdef __x86_64__
	uint16_t cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	return (cs & 3) == 0;
#else
	return under_ukl();
#endif
}

/* The ping-pong: turn 1 = the partner's move, 0 = main's. */
static volatile int turn, stop;

static void futex_wait(volatile int *w, int val)
{
	syscall(SYS_futex, w, 0 /* FUTEX_WAIT */, val, NULL);
}

static void futex_wake(volatile int *w)
{
	syscall(SYS_futex, w, 1 /* FUTEX_WAKE */, 1);
}

static void *partner(void *arg)
{
	(void)arg;
	for (;;) {
		while (turn == 0)
			futex_wait(&turn, 0);
		if (stop)
			return NULL;
		turn = 0;
		futex_wake(&turn);
	}
}

static void round_trip(void)
{
	turn = 1;
	futex_wake(&turn);
	while (turn == 1)
		futex_wait(&turn, 1);
}

static void *nothing(void *arg)
{
	return arg;
}

static void create_join(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, nothing, NULL) == 0)
		pthread_join(t, NULL);
}

int main(void)
{
	uint64_t at_main = rdtsc();

	report("tsc_main", at_main);
	if (&__ukl_boot_tsc)
		report("tsc_entry", __ukl_boot_tsc);

	uint64_t overhead = MEASURE((void)0);
	report("overhead", overhead);
	report("call", MEASURE(sink = empty_function(1)) - overhead);
	report("getppid_libc", MEASURE(sink = getppid()) - overhead);
	if (under_ukl() || !ring0())
		report("getppid_insn", MEASURE(sink = raw_getppid()) - overhead);
	fflush(stdout);
	uint64_t w = MEASURE(sink = write(1, "x", 1)) - overhead;
	printf("\n");
	report("write1", w);
	if (under_ukl() || !ring0()) {
		fflush(stdout);
		w = MEASURE(sink = raw_write(1, "y", 1)) - overhead;
		printf("\n");
		report("write1_insn", w);
	}

	pthread_t p;
	if (pthread_create(&p, NULL, partner, NULL) == 0) {
		round_trip();   /* the partner is up and waiting */
		report("pingpong", MEASURE(round_trip()) - overhead);
		stop = 1;
		turn = 1;
		futex_wake(&turn);
		pthread_join(p, NULL);
	}
	create_join();
	report("thread_create", MEASURE(create_join()) - overhead);
	report("done", 1);
	fflush(stdout);

#ifdef __x86_64__
	if (!ring0() && getpid() == 1) {
		/* Linux /init: QEMU's isa-debug-exit, status 0 (host 1). */
		if (ioperm(0xf4, 4, 1) == 0)
			outl(0, 0xf4);
		perror("sysbench: isa-debug-exit");
		for (;;)
			pause();
	}
#else
	(void)ring0;
#endif
	return 0;
}
