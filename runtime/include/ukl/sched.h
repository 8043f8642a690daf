/* SPDX-License-Identifier: MIT */
/*
 * Threads, sleeping and waking, kernel timers.  One CPU runs the threads of
 * the one application (runtime/sched.c); everything here may be called from
 * a system call (on the calling thread's stack) and, where it says so, from
 * an interrupt handler.
 *
 * Waiting for something follows one pattern, which loses no wake-up on one
 * CPU because the condition is checked with interrupts off:
 *
 *	struct wait_entry we;
 *	unsigned long fl = irq_save();
 *	wait_entry_init_current(&we);
 *	waitq_add(&obj->wq, &we);
 *	while (!condition && (r = sched_sleep(deadline)) == 0)
 *		;
 *	waitq_del(&we);
 *	irq_restore(fl);
 *
 * (wait_event() below is that loop.)  Whoever makes the condition true calls
 * waitq_wake(&obj->wq, events), from a system call or an interrupt handler.
 */
#ifndef UKL_SCHED_H
#define UKL_SCHED_H

#include <ukl/kernel.h>

struct thread;

/* Interrupts off / back as they were (arch/<arch>/: the flag register). */
unsigned long irq_save(void);
void irq_restore(unsigned long flags);

/* ---- wait queues ------------------------------------------------------ */
struct wait_entry;
/* Called by waitq_wake with interrupts off; events: EPOLL* bits (ukl/poll.h)
 * that became true, or 0 for "something changed". */
typedef void wait_fn(struct wait_entry *e, unsigned events);

struct wait_entry {
	struct wait_entry *next, *prev;
	wait_fn *func;
	void *data;           /* the func's: a thread, an epoll item... */
};

struct waitq {
	struct wait_entry head;   /* circular list; head.func unused */
};

#define WAITQ_INIT(q) { { &(q).head, &(q).head, NULL, NULL } }
void waitq_init(struct waitq *q);
void waitq_add(struct waitq *q, struct wait_entry *e);
void waitq_del(struct wait_entry *e);
bool waitq_empty(const struct waitq *q);
/* Call every entry's func (any context). */
void waitq_wake(struct waitq *q, unsigned events);

/* An entry whose func wakes the current thread (sched_wake). */
void wait_entry_init_current(struct wait_entry *e);

/* ---- threads ---------------------------------------------------------- */
struct thread *sched_current(void);
/* The current thread's id (gettid). */
int sched_tid(void);
/* Make t runnable; a sleeping t's sched_sleep returns 0.  Any context. */
void sched_wake(struct thread *t);
/* With interrupts off: sleep until woken, or until deadline (monotonic ns;
 * 0 = none) has passed, running other threads (or halting the CPU) meanwhile.
 * Returns 0 when woken, -ETIMEDOUT when the deadline passed, -EINTR when a
 * signal is pending for the thread.  Returns with interrupts still off.  A
 * wake that came between irq_save and the call is not lost. */
long sched_sleep(uint64_t deadline);
/* Give up the CPU to another runnable thread, if any. */
void sched_yield(void);

/* Sleep on wq until cond holds; r: 0, -ETIMEDOUT or -EINTR. */
#define wait_event(wq, cond, deadline)                                         \
	({                                                                     \
		long __r = 0;                                                  \
		if (!(cond)) {                                                 \
			struct wait_entry __we;                                \
			unsigned long __fl = irq_save();                       \
			wait_entry_init_current(&__we);                        \
			waitq_add((wq), &__we);                                \
			while (!(cond) && (__r = sched_sleep(deadline)) == 0)  \
				;                                              \
			waitq_del(&__we);                                      \
			irq_restore(__fl);                                     \
		}                                                              \
		__r;                                                           \
	})

/* ---- kernel timers ---------------------------------------------------- */
/* fn runs once, in interrupt context (interrupts off), at or soon after
 * deadline (monotonic ns).  A timer may re-arm itself from fn. */
struct ktimer {
	struct ktimer *next;
	uint64_t deadline;
	void (*fn)(struct ktimer *t);
	bool armed;
};
void ktimer_arm(struct ktimer *t, uint64_t deadline);
void ktimer_cancel(struct ktimer *t);
/* Run the timers that are due (the timer interrupt, or the idle loop). */
void ktimer_run_due(void);
/* The earliest armed deadline, 0 if none. */
uint64_t ktimer_next(void);

#endif
