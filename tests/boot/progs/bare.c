/* A program with no libc (-nostdlib): the kernel sets up its TLS block, runs
 * its constructors, calls main(argc, argv, envp) and then its destructors.
 * It speaks to the kernel only through the exported syscall entry (the
 * numbers from the libc's header: the architecture's own). */
#include <sys/syscall.h>

long __ukl_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

static unsigned long len(const char *s) { unsigned long n = 0; while (s[n]) n++; return n; }
static void say(const char *s) { __ukl_syscall(SYS_write, 1, (long)s, (long)len(s), 0, 0, 0); }

__thread long tdata_word = 0x1234;          /* .tdata */
__thread char tbss_buf[100];                /* .tbss, must be zero */
_Alignas(64) __thread char aligned64 = 7;   /* alignment honoured */
static int order;

__attribute__((constructor(101))) static void c101(void) { if (order == 0) order = 1; }
__attribute__((constructor)) static void cplain(void) { if (order == 1) order = 2; }
__attribute__((destructor)) static void dtor(void) { say("destructor ran\n"); }

int main(int argc, char **argv, char **envp)
{
	int ok = 1;
	for (int i = 0; i < 100; i++) ok &= tbss_buf[i] == 0;
	say(ok ? "tbss zeroed\n" : "tbss NOT zeroed\n");
	say(tdata_word == 0x1234 ? "tdata initialised\n" : "tdata WRONG\n");
	say(aligned64 == 7 && ((unsigned long)&aligned64 & 63) == 0 ? "tls alignment 64 ok\n" : "tls alignment WRONG\n");
	say(order == 2 ? "constructors in priority order\n" : "constructors WRONG\n");
	say(argc >= 1 && argv[0] && envp ? "argv ok\n" : "argv WRONG\n");
	tbss_buf[5] = 9;
	return tbss_buf[5] == 9 ? 5 : 1;
}
