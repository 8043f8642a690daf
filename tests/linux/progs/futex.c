/* A futex in the application's data (static storage: the kernel image
 * under Linux), used without FUTEX_PRIVATE_FLAG as a process-shared one:
 * a wait on a value that differs is EAGAIN (Linux cannot pin the kernel
 * image's page as it pins a user page; the patch keys it as private), and
 * a wake with no waiter wakes 0.  Then two threads hand a turn back and
 * forth through it. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FUTEX_WAIT 0   /* <linux/futex.h>: not in the sysroot */
#define FUTEX_WAKE 1

static volatile int turn = 1;

static void *partner(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++) {
		while (turn != 1)
			syscall(SYS_futex, &turn, FUTEX_WAIT, 0, NULL);
		turn = 0;
		syscall(SYS_futex, &turn, FUTEX_WAKE, 1);
	}
	return NULL;
}

int main(void)
{
	long r = syscall(SYS_futex, &turn, FUTEX_WAIT, 0, NULL);
	printf("futex: wait on a changed value: %ld %s\n", r, r == -1 && errno == EAGAIN ? "EAGAIN" : "other");
	r = syscall(SYS_futex, &turn, FUTEX_WAKE, 1);
	printf("futex: wake with no waiter: %ld\n", r);
	turn = 0;
	pthread_t t;
	if (pthread_create(&t, NULL, partner, NULL))
		return 1;
	int rounds = 0;
	for (int i = 0; i < 100; i++) {
		turn = 1;
		syscall(SYS_futex, &turn, FUTEX_WAKE, 1);
		while (turn != 0)
			syscall(SYS_futex, &turn, FUTEX_WAIT, 1, NULL);
		rounds++;
	}
	pthread_join(t, NULL);
	printf("futex: %d round trips\n", rounds);
	return 0;
}
