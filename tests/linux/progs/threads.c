/*
 * threads: pthread_create/join, a mutex and a condition variable (futex
 * waits and wakes), thread-local storage per thread, on the Linux target.
 */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4
#define ROUNDS 1000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn = PTHREAD_COND_INITIALIZER;
static long total;
static int next;              /* whose turn it is in the relay */
static __thread long mine;    /* each thread's own */

static void *work(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		total += id + 1;
		pthread_mutex_unlock(&lock);
		mine += id + 1;
	}
	/* A relay through the condition variable: thread k waits for k. */
	pthread_mutex_lock(&lock);
	while (next != id)
		pthread_cond_wait(&turn, &lock);
	next++;
	pthread_cond_broadcast(&turn);
	pthread_mutex_unlock(&lock);
	return (void *)mine;
}

int main(void)
{
	pthread_t t[NTHREADS];
	long sum = 0;

	for (long i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, work, (void *)i)) {
			printf("pthread_create failed\n");
			return 1;
		}
	for (int i = 0; i < NTHREADS; i++) {
		void *r;
		pthread_join(t[i], &r);
		sum += (long)r;
	}
	printf("threads: total %ld, per-thread sums %ld, relay %d, main's own %ld\n",
	       total, sum, next, mine);
	return total == sum && total == ROUNDS * (1 + 2 + 3 + 4) && next == NTHREADS && mine == 0 ? 0 : 1;
}
