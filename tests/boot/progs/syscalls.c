#define _GNU_SOURCE
/*
 * The system calls an ordinary static musl program makes, each through the
 * direct-call shim (musl rebuilt) and a few through the system call
 * instruction: x86_64's `syscall` executed at ring 0; riscv64's `ecall`,
 * which ukld rewrites into a trapping `ebreak`.  Prints `ok NAME` or
 * `BAD NAME: why`.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

static int bad;
#define OK(name, cond, ...) do { if (cond) printf("ok %s\n", name); \
	else { bad++; printf("BAD %s: ", name); printf(__VA_ARGS__); printf("\n"); } } while (0)

static long raw_syscall1(long nr, long a)
{
#if defined(__x86_64__)
	long ret;
	__asm__ volatile ("syscall" : "=a"(ret) : "a"(nr), "D"(a)
			  : "rcx", "r11", "memory");
	return ret;
#elif defined(__riscv)
	register long a7 __asm__("a7") = nr;
	register long a0 __asm__("a0") = a;
	__asm__ volatile ("ecall" : "+r"(a0) : "r"(a7) : "memory");
	return a0;
#else
#error "no system call instruction for this architecture"
#endif
}

static double now(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	/* Memory: malloc large (mmap) and small (brk), mremap, mprotect. */
	size_t big = 8 << 20;
	unsigned char *p = malloc(big);
	OK("malloc 8 MiB", p != NULL, "NULL");
	if (p) {
		memset(p, 0xa5, big);
		OK("8 MiB writable", p[big - 1] == 0xa5 && p[0] == 0xa5, "readback");
		free(p);
	}
	void *m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	OK("mmap anonymous", m != MAP_FAILED, "errno %d", errno);
	OK("mmap zeroed", m != MAP_FAILED && ((char *)m)[12345] == 0, "not zero");
	void *m2 = mremap(m, 1 << 20, 4 << 20, MREMAP_MAYMOVE);
	OK("mremap grow", m2 != MAP_FAILED, "errno %d", errno);
	if (m2 != MAP_FAILED) {
		((char *)m2)[(4 << 20) - 1] = 1;
		OK("mprotect", mprotect(m2, 4096, PROT_READ) == 0, "errno %d", errno);
		OK("madvise", madvise(m2, 4096, MADV_DONTNEED) == 0, "errno %d", errno);
		OK("munmap", munmap(m2, 4 << 20) == 0, "errno %d", errno);
	}
	long b0 = syscall(SYS_brk, 0);
	long b1 = syscall(SYS_brk, b0 + 65536);
	OK("brk grows", b0 > 0 && b1 == b0 + 65536, "%lx -> %lx", b0, b1);
	if (b1 == b0 + 65536) {
		memset((void *)b0, 1, 65536);
		OK("brk memory writable", ((char *)b0)[65535] == 1, "readback");
	}
	char *small[1000];
	int okm = 1;
	for (int i = 0; i < 1000; i++) {
		small[i] = malloc(i * 7 + 1);
		okm &= small[i] != NULL;
		if (small[i]) memset(small[i], i, i * 7 + 1);
	}
	for (int i = 0; i < 1000; i++) free(small[i]);
	OK("1000 small mallocs", okm, "a malloc failed");

	/* Time: clocks advance, sleeping sleeps. */
	double t0 = now(CLOCK_MONOTONIC), r0 = now(CLOCK_REALTIME);
	struct timespec req = { 0, 50 * 1000 * 1000 };
	OK("nanosleep", nanosleep(&req, NULL) == 0, "errno %d", errno);
	double t1 = now(CLOCK_MONOTONIC);
	OK("monotonic clock advances across a 50 ms sleep", t1 - t0 >= 0.045 && t1 - t0 < 5,
	   "%.3f s", t1 - t0);
	OK("realtime clock is after 2020", r0 > 1577836800.0, "%.0f", r0);
	struct timeval tv;
	OK("gettimeofday", gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 1577836800, "%ld", (long)tv.tv_sec);
	OK("time", time(NULL) > 1577836800, "%ld", (long)time(NULL));
	req.tv_nsec = 10 * 1000 * 1000;
	OK("clock_nanosleep", clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL) == 0, "failed");

	/* Identity. */
	OK("getpid", getpid() > 0, "%d", getpid());
	OK("getppid", getppid() >= 0, "%d", getppid());
	OK("gettid", syscall(SYS_gettid) > 0, "");
	OK("uids", getuid() == 0 && geteuid() == 0 && getgid() == 0 && getegid() == 0, "");
	struct utsname u;
	OK("uname", uname(&u) == 0 && u.sysname[0], "errno %d", errno);
	printf("uname: %s %s %s\n", u.sysname, u.release, u.machine);

	/* Randomness, limits, system information, signals, scheduling. */
	unsigned char rnd[32] = { 0 }, zero[32] = { 0 };
	OK("getrandom", getrandom(rnd, sizeof(rnd), 0) == sizeof(rnd) && memcmp(rnd, zero, 32), "");
	struct rlimit rl;
	OK("getrlimit", getrlimit(RLIMIT_STACK, &rl) == 0, "errno %d", errno);
	struct sysinfo si;
	OK("sysinfo", sysinfo(&si) == 0 && si.totalram > 0, "errno %d", errno);
	struct sigaction sa = { .sa_handler = SIG_IGN };
	OK("sigaction", sigaction(SIGPIPE, &sa, NULL) == 0, "errno %d", errno);
	sigset_t set;
	sigemptyset(&set);
	OK("sigprocmask", sigprocmask(SIG_BLOCK, &set, NULL) == 0, "errno %d", errno);
	OK("sched_yield", sched_yield() == 0, "");
	struct winsize ws;
	OK("ioctl TIOCGWINSZ: not a tty", ioctl(1, TIOCGWINSZ, &ws) < 0 && errno == ENOTTY, "errno %d", errno);
	OK("isatty(1) is 0", !isatty(1), "");

	/* Console I/O through writev. */
	struct iovec iov[2] = { { "writev ", 7 }, { "works\n", 6 } };
	OK("writev", writev(1, iov, 2) == 13, "");

	/* An unknown system call is ENOSYS. */
	OK("unsupported syscall is ENOSYS", syscall(SYS_io_setup, 1, 0) < 0 && errno == ENOSYS, "errno %d", errno);

	/* The system call instruction path. */
	OK("syscall instruction: getpid", raw_syscall1(SYS_getpid, 0) == getpid(), "");
	OK("syscall instruction: bad fd is -EBADF", raw_syscall1(SYS_close, 1000) == -EBADF ||
	   raw_syscall1(SYS_close, 1000) == -ENOSYS, "");
	errno = 0;
	OK("errno is thread-local and works", write(99, "x", 1) < 0 && errno == EBADF, "errno %d", errno);

	printf("%s: %d bad\n", bad ? "FAILED" : "ALL OK", bad);
	return bad ? 1 : 0;
}
