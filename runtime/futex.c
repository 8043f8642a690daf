/* SPDX-License-Identifier: MIT */
/*
 * futex(2): the wait queues musl's mutexes, condition variables, barriers,
 * pthread_join and semaphores sleep on.  There is one address space and no
 * shared file mappings, so a private and a shared futex are both named by
 * their virtual address.  Waiters hang in a small hash table of lists;
 * every list operation runs with interrupts off (a waiter's timeout is a
 * ktimer, run in interrupt context).
 */
#include <ukl/arch.h>
#include <ukl/mm.h>
#include <ukl/syscall.h>
#include <ukl/thread.h>
#include <ukl/time.h>

#define FUTEX_WAIT           0
#define FUTEX_WAKE           1
#define FUTEX_REQUEUE        3
#define FUTEX_CMP_REQUEUE    4
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_ANY     0xffffffffu

#define BUCKETS 64

struct timespec {
	long tv_sec, tv_nsec;
};

struct futex_waiter {
	struct futex_waiter *next, **pprev;
	int *uaddr;
	unsigned bitset;
	struct thread *t;
	bool woken;
};

static struct futex_waiter *buckets[BUCKETS];

static struct futex_waiter **bucket(const int *uaddr)
{
	uintptr_t a = (uintptr_t)uaddr >> 2;
	return &buckets[(a ^ (a >> 6) ^ (a >> 12)) % BUCKETS];
}

static void waiter_link(struct futex_waiter *w)
{
	struct futex_waiter **b = bucket(w->uaddr);

	w->next = *b;
	if (*b)
		(*b)->pprev = &w->next;
	w->pprev = b;
	*b = w;
}

static void waiter_unlink(struct futex_waiter *w)
{
	if (!w->pprev)
		return;
	*w->pprev = w->next;
	if (w->next)
		w->next->pprev = w->pprev;
	w->next = NULL;
	w->pprev = NULL;
}

/* A word the futex may read: aligned and mapped (else EFAULT/EINVAL as
 * Linux). */
static long check_uaddr(const int *uaddr)
{
	if ((uintptr_t)uaddr & 3)
		return -EINVAL;
	if (!vm_user_phys((uintptr_t)uaddr))
		return -EFAULT;
	return 0;
}

static long futex_wait(int *uaddr, int val, uint64_t deadline, unsigned bitset)
{
	struct futex_waiter w = { .uaddr = uaddr, .bitset = bitset, .t = sched_current() };
	long r = 0;

	if (!bitset)
		return -EINVAL;
	long err = check_uaddr(uaddr);
	if (err)
		return err;
	/* The compare and the enqueue are one step for futex_wake: with
	 * interrupts off nothing runs in between on one CPU. */
	unsigned long fl = irq_save();
	if (__atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val) {
		irq_restore(fl);
		return -EAGAIN;
	}
	w.t->woken = false;
	waiter_link(&w);
	while (!w.woken && (r = sched_sleep(deadline)) == 0)
		;
	if (w.woken)
		r = 0;
	else
		waiter_unlink(&w);
	irq_restore(fl);
	/* Interrupted: the handler runs before the call returns, as on
	 * Linux. */
	if (r == -EINTR)
		sched_run_signals();
	return r;
}

/* Wake up to n waiters on uaddr whose bitset meets bitset; with uaddr2,
 * move up to n2 of the others there.  Returns the number woken + moved. */
static long wake_requeue(int *uaddr, int n, unsigned bitset, int *uaddr2, int n2)
{
	long woken = 0, moved = 0;
	unsigned long fl = irq_save();
	struct futex_waiter *w = *bucket(uaddr), *next;

	for (; w; w = next) {
		next = w->next;
		if (w->uaddr != uaddr || !(w->bitset & bitset))
			continue;
		if (woken < n) {
			waiter_unlink(w);
			w->woken = true;
			sched_wake(w->t);
			woken++;
		} else if (uaddr2 && moved < n2) {
			/* Onto the same word: it stays where it is. */
			if (uaddr2 != uaddr) {
				waiter_unlink(w);
				w->uaddr = uaddr2;
				waiter_link(w);
			}
			moved++;
		} else {
			break;
		}
	}
	irq_restore(fl);
	return woken + moved;
}

long futex_wake(int *uaddr, int n, unsigned bitset)
{
	return wake_requeue(uaddr, n, bitset, NULL, 0);
}

/* A timeout as a monotonic deadline (0 = none; absolute ones on
 * CLOCK_REALTIME are moved to the monotonic clock). */
static long deadline_of(const struct timespec *ts, bool absolute, bool realtime,
			uint64_t *out)
{
	*out = 0;
	if (!ts)
		return 0;
	if (!vm_user_phys((uintptr_t)ts))
		return -EFAULT;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	uint64_t ns = (uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec;
	uint64_t now = time_monotonic_ns();
	if (!absolute)
		*out = now + ns;
	else if (realtime) {
		uint64_t rt = time_realtime_ns();
		*out = ns > rt ? now + (ns - rt) : now;
	} else
		*out = ns;
	if (!*out)
		*out = 1;   /* already past, and not "none" */
	return 0;
}

SYSCALL(futex)
{
	int *uaddr = (int *)a1, *uaddr2 = (int *)a5;
	int op = (int)a2, cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	int val = (int)a3;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	uint64_t deadline;
	long err;

	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		/* Relative, whatever the clock flag says. */
		if ((err = deadline_of((const struct timespec *)a4, false, false, &deadline)))
			return err;
		return futex_wait(uaddr, val, deadline, FUTEX_BITSET_ANY);
	case FUTEX_WAIT_BITSET:
		if ((err = deadline_of((const struct timespec *)a4, true, realtime, &deadline)))
			return err;
		return futex_wait(uaddr, val, deadline, (unsigned)a6);
	case FUTEX_WAKE:
		return futex_wake(uaddr, val, FUTEX_BITSET_ANY);
	case FUTEX_WAKE_BITSET:
		if (!(unsigned)a6)
			return -EINVAL;
		return futex_wake(uaddr, val, (unsigned)a6);
	case FUTEX_CMP_REQUEUE:
		if ((err = check_uaddr(uaddr)))
			return err;
		if (__atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != (int)a6)
			return -EAGAIN;
		/* fall through */
	case FUTEX_REQUEUE:
		/* val2 travels in the timeout's place. */
		if (val < 0 || a4 < 0)
			return -EINVAL;
		return wake_requeue(uaddr, val, FUTEX_BITSET_ANY, uaddr2, (int)a4);
	default:
		return -ENOSYS;
	}
}
