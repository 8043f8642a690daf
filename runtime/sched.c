/* SPDX-License-Identifier: MIT */
/*
 * The scheduler (ukl/sched.h, ukl/thread.h): one run queue per CPU, round
 * robin with a time slice, wait queues, sleeping with a deadline, kernel
 * timers.
 *
 * Every timed event is a ktimer: a sleeper's deadline, the end of the
 * running thread's slice, the drivers' and the network stack's timers.
 * The arch's one-shot timer interrupt is set for the earliest of them, so
 * a single thread with no timer takes no interrupt at all.  When no thread
 * can run, the CPU halts until an interrupt; device lines that have no
 * interrupt routed are polled (irq_poll_all) before halting and the halt
 * is cut to POLL_TICK_NS while any such line exists.
 *
 * schedule() runs with interrupts off on the stack of the thread giving up
 * the CPU, and so does the idle loop inside it: there is no idle thread.
 */
#include <ukl/arch.h>
#include <ukl/errno.h>
#include <ukl/irq.h>
#include <ukl/mm.h>
#include <ukl/thread.h>
#include <ukl/time.h>

#define SLICE_NS     (10 * 1000 * 1000ull)
#define POLL_TICK_NS (1000 * 1000ull)
#define RETRY_NS     (1000 * 1000ull)   /* a slice that ended in kernel code */

static struct thread main_thread = { .tid = 1, .state = THREAD_RUNNING };
/* The boot code runs as the main thread from the start (a fault report
 * names it). */
struct cpu cpu0 = { .cur = &main_thread };
static struct thread *all_threads = &main_thread;
static int live_threads = 1;
static bool started;

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

/* ---- the run queue (interrupts off) --------------------------------- */

static void rq_push(struct cpu *c, struct thread *t)
{
	t->state = THREAD_READY;
	t->rq_next = NULL;
	if (c->rq_tail)
		c->rq_tail->rq_next = t;
	else
		c->rq_head = t;
	c->rq_tail = t;
}

static struct thread *rq_pop(struct cpu *c)
{
	struct thread *t = c->rq_head;

	if (t) {
		c->rq_head = t->rq_next;
		if (!c->rq_head)
			c->rq_tail = NULL;
	}
	return t;
}

static void slice_end(struct ktimer *k __maybe_unused)
{
	this_cpu()->need_resched = true;
}

/* Someone is waiting for the CPU: make sure the running thread's slice
 * ends. */
static void slice_start(struct cpu *c)
{
	if (c->rq_head && !c->slice.armed)
		ktimer_arm(&c->slice, time_monotonic_ns() + SLICE_NS);
}

static void reprogram_timer(void)
{
	arch_timer_set(ktimer_next());
}

/* No thread can run: poll, run due timers, halt until an interrupt. */
static void idle_once(struct cpu *c)
{
	irq_poll_all();
	ktimer_run_due();
	if (c->rq_head)
		return;
	uint64_t next = ktimer_next();
	if (irq_any_polled()) {
		uint64_t tick = time_monotonic_ns() + POLL_TICK_NS;
		if (!next || tick < next)
			next = tick;
	}
	arch_timer_set(next);
	arch_idle();
}

/* Give the CPU to the next ready thread (prev stays ready if it is
 * running).  Interrupts off. */
static void schedule(void)
{
	struct cpu *c = this_cpu();
	struct thread *prev = c->cur, *next;

	c->need_resched = false;
	if (prev->state == THREAD_RUNNING)
		rq_push(c, prev);
	while (!(next = rq_pop(c)))
		idle_once(c);
	next->state = THREAD_RUNNING;
	ktimer_cancel(&c->slice);
	slice_start(c);
	if (next == prev)
		return;
	c->cur = next;
	c->sig_work = next->interrupted;
	if (prev->state == THREAD_DEAD) {
		/* On the exit stack: nothing points at prev any more (wait
		 * queues and the run queue hold sleeping and ready threads). */
		if (prev != &main_thread)
			kpage_free(prev);
		arch_switch_final(&next->arch);
	}
	arch_switch(&prev->arch, &next->arch);
}

/* ---- threads -------------------------------------------------------- */

static void sleep_timeout(struct ktimer *k);

void sched_init(void)
{
	struct cpu *c = this_cpu();

	c->cur = &main_thread;
	c->slice.fn = slice_end;
	main_thread.timer.fn = sleep_timeout;
	arch_thread_init_main(&main_thread.arch);
	arch_interrupts_init();
	started = true;
}

struct thread *sched_current(void)
{
	return this_cpu()->cur;
}

int sched_tid(void)
{
	return this_cpu()->cur->tid;
}

void sched_wake(struct thread *t)
{
	unsigned long fl = irq_save();

	t->woken = true;
	if (t->state == THREAD_SLEEPING) {
		rq_push(this_cpu(), t);
		slice_start(this_cpu());
	}
	irq_restore(fl);
}

static void sleep_timeout(struct ktimer *k)
{
	struct thread *t = (struct thread *)((char *)k - __builtin_offsetof(struct thread, timer));

	t->timed_out = true;
	if (t->state == THREAD_SLEEPING) {
		rq_push(this_cpu(), t);
		slice_start(this_cpu());
	}
}

long sched_sleep(uint64_t deadline)
{
	struct thread *t = this_cpu()->cur;

	if (t->woken) {
		t->woken = false;
		return 0;
	}
	if (t->interrupted)
		return -EINTR;
	if (deadline) {
		if (time_monotonic_ns() >= deadline)
			return -ETIMEDOUT;
		t->timed_out = false;
		t->timer.fn = sleep_timeout;
		ktimer_arm(&t->timer, deadline);
	}
	t->state = THREAD_SLEEPING;
	schedule();
	if (deadline)
		ktimer_cancel(&t->timer);
	if (t->woken) {
		t->woken = false;
		return 0;
	}
	if (t->interrupted)
		return -EINTR;
	if (deadline && t->timed_out)
		return -ETIMEDOUT;
	return 0;
}

void sched_yield(void)
{
	unsigned long fl = irq_save();

	if (this_cpu()->rq_head)
		schedule();
	irq_restore(fl);
}

/* Is pc application code (where the thread may be switched away)? */
static bool preemptible(uintptr_t pc)
{
	extern char __ukl_app_text_start[], __ukl_app_text_end[];
	return pc >= (uintptr_t)__ukl_app_text_start && pc < (uintptr_t)__ukl_app_text_end;
}

void sched_irq_exit(uintptr_t *pc)
{
	struct cpu *c = this_cpu();

	if (!c->need_resched && !c->sig_work)
		return;
	if (!preemptible(*pc)) {
		/* Kernel code: not here, but soon. */
		if (!c->slice.armed)
			ktimer_arm(&c->slice, time_monotonic_ns() + RETRY_NS);
		return;
	}
	if (c->need_resched)
		schedule();
	/* Back in this thread's application code: a signal another thread
	 * sent it runs here, as a handler does on Linux. */
	if (c->sig_work)
		signal_deliver_irq(pc);
}

void sched_signal(struct thread *t, int sig)
{
	unsigned long fl = irq_save();

	t->sig_pending |= 1ull << (sig - 1);
	/* A blocked signal waits, and interrupts no sleep. */
	if (t->sig_blocked & (1ull << (sig - 1))) {
		irq_restore(fl);
		return;
	}
	t->interrupted = true;
	if (t == this_cpu()->cur)
		this_cpu()->sig_work = true;
	/* A thread that neither sleeps nor is preempted meets the interrupt
	 * path within RETRY_NS. */
	if (!this_cpu()->slice.armed)
		ktimer_arm(&this_cpu()->slice, time_monotonic_ns() + RETRY_NS);
	if (t->state == THREAD_SLEEPING) {
		rq_push(this_cpu(), t);
		slice_start(this_cpu());
	}
	irq_restore(fl);
}

void sched_start_thread(struct thread *t)
{
	unsigned long fl = irq_save();

	t->all_next = all_threads;
	all_threads = t;
	live_threads++;
	t->timer.fn = sleep_timeout;
	rq_push(this_cpu(), t);
	slice_start(this_cpu());
	irq_restore(fl);
}

struct thread *sched_find(int tid)
{
	for (struct thread *t = all_threads; t; t = t->all_next)
		if (t->tid == tid)
			return t;
	return NULL;
}

int sched_nthreads(void)
{
	return live_threads;
}

/* On the exit stack, interrupts off: the thread's resources go, then the
 * CPU goes to another thread for good. */
__noreturn void sched_exit_current(void)
{
	struct thread *t = this_cpu()->cur;

	for (struct thread **p = &all_threads; *p; p = &(*p)->all_next) {
		if (*p == t) {
			*p = t->all_next;
			break;
		}
	}
	live_threads--;
	ktimer_cancel(&t->timer);
	if (t->unmap_len)
		vm_unmap(t->unmap_base, t->unmap_len);
	t->state = THREAD_DEAD;
	arch_thread_release(&t->arch);
	schedule();
	panic("sched: a dead thread was resumed");
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
	if (timers == t && started)
		reprogram_timer();
	irq_restore(fl);
}

void ktimer_cancel(struct ktimer *t)
{
	unsigned long fl = irq_save();

	if (t->armed) {
		for (struct ktimer **p = &timers; *p; p = &(*p)->next) {
			if (*p == t) {
				*p = t->next;
				break;
			}
		}
		t->armed = false;
	}
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
		if (timers && timers->deadline > now)
			now = time_monotonic_ns();
	}
	if (started)
		reprogram_timer();
	irq_restore(fl);
}

uint64_t ktimer_next(void)
{
	return timers ? timers->deadline : 0;
}
