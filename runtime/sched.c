/* SPDX-License-Identifier: MIT */
/*
 * Sleeping and waking, wait queues and kernel timers (ukl/sched.h).
 *
 * For now there is one thread, and sleeping is a poll loop: device handlers
 * (irq_poll_all) and due timers run until the thread is woken or its
 * deadline passes.  The threads work replaces the thread half with a
 * scheduler; the interface stays.
 */
#include <ukl/arch.h>
#include <ukl/errno.h>
#include <ukl/irq.h>
#include <ukl/sched.h>
#include <ukl/syscall.h>
#include <ukl/time.h>

/* ---- wait queues ---------------------------------------------------- */

void waitq_init(struct waitq *q)
{
	q->head.next = q->head.prev = &q->head;
	q->head.func = NULL;
	q->head.data = NULL;
}

void waitq_add(struct waitq *q, struct wait_entry *e)
{
	unsigned long fl = irq_save();

	e->prev = q->head.prev;
	e->next = &q->head;
	q->head.prev->next = e;
	q->head.prev = e;
	irq_restore(fl);
}

void waitq_del(struct wait_entry *e)
{
	unsigned long fl = irq_save();

	if (e->next) {
		e->prev->next = e->next;
		e->next->prev = e->prev;
		e->next = e->prev = NULL;
	}
	irq_restore(fl);
}

bool waitq_empty(const struct waitq *q)
{
	return q->head.next == &q->head;
}

void waitq_wake(struct waitq *q, unsigned events)
{
	unsigned long fl = irq_save();

	/* An entry's func may delete that entry (not others). */
	for (struct wait_entry *e = q->head.next, *n; e != &q->head; e = n) {
		n = e->next;
		e->func(e, events);
	}
	irq_restore(fl);
}

static void wake_thread(struct wait_entry *e, unsigned events __maybe_unused)
{
	sched_wake(e->data);
}

void wait_entry_init_current(struct wait_entry *e)
{
	e->next = e->prev = NULL;
	e->func = wake_thread;
	e->data = sched_current();
}

/* ---- the one thread ------------------------------------------------- */

struct thread {
	bool woken;
};

static struct thread main_thread;

struct thread *sched_current(void)
{
	return &main_thread;
}

int sched_tid(void)
{
	return UKL_PID;
}

void sched_wake(struct thread *t)
{
	t->woken = true;
}

long sched_sleep(uint64_t deadline)
{
	struct thread *t = sched_current();

	for (;;) {
		if (t->woken) {
			t->woken = false;
			return 0;
		}
		if (deadline && time_monotonic_ns() >= deadline)
			return -ETIMEDOUT;
		irq_poll_all();
		ktimer_run_due();
		arch_relax();
	}
}

void sched_yield(void)
{
}

/* ---- kernel timers: a list sorted by deadline ----------------------- */

static struct ktimer *timers;

void ktimer_arm(struct ktimer *t, uint64_t deadline)
{
	unsigned long fl = irq_save();
	struct ktimer **p;

	if (t->armed)
		ktimer_cancel(t);
	t->deadline = deadline;
	for (p = &timers; *p && (*p)->deadline <= deadline; p = &(*p)->next)
		;
	t->next = *p;
	*p = t;
	t->armed = true;
	irq_restore(fl);
}

void ktimer_cancel(struct ktimer *t)
{
	unsigned long fl = irq_save();

	for (struct ktimer **p = &timers; *p; p = &(*p)->next) {
		if (*p == t) {
			*p = t->next;
			break;
		}
	}
	t->armed = false;
	irq_restore(fl);
}

void ktimer_run_due(void)
{
	unsigned long fl = irq_save();
	uint64_t now = time_monotonic_ns();

	while (timers && timers->deadline <= now) {
		struct ktimer *t = timers;
		timers = t->next;
		t->armed = false;
		t->fn(t);
	}
	irq_restore(fl);
}

uint64_t ktimer_next(void)
{
	return timers ? timers->deadline : 0;
}
