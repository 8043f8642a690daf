/* SPDX-License-Identifier: MIT */
/*
 * poll, ppoll, select and pselect6 over every kind of descriptor: each
 * file's readiness comes from file_poll (ukl/fs.h).  The first scan hands a
 * poll_table that puts one wait entry of the calling thread on every wait
 * queue the files name; when nothing is ready the thread sleeps until one
 * of them is woken or the time-out passes, then scans again without
 * registering (Linux's do_poll).  Scans and the sleep run with interrupts
 * off, so a wake-up between a scan and the sleep is not lost.
 */
#include <ukl/fs.h>
#include <ukl/mm.h>
#include <ukl/poll.h>
#include <ukl/syscall.h>
#include <ukl/time.h>

#define SIG_SETMASK 2
#define FD_SETSIZE_BITS (8 * sizeof(unsigned long))

struct timespec {
	long tv_sec, tv_nsec;
};

struct timeval {
	long tv_sec, tv_usec;
};

struct pollfd {
	int fd;
	short events, revents;
};

/* ---- shared with epoll ------------------------------------------------ */

static uint64_t deadline_after(uint64_t ns)
{
	uint64_t now = time_monotonic_ns();
	return ns > UINT64_MAX - now ? 0 : now + ns;
}

uint64_t poll_deadline_ms(long ms)
{
	return ms < 0 ? 0 : deadline_after((uint64_t)ms * 1000000u);
}

long poll_deadline_ts(const struct timespec *ts, uint64_t *deadline)
{
	*deadline = 0;
	if (!ts)
		return 0;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
		return -EINVAL;
	if ((uint64_t)ts->tv_sec > UINT64_MAX / NSEC_PER_SEC - 1)
		return 0;   /* centuries: no deadline */
	*deadline = deadline_after((uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec);
	return 0;
}

long poll_sigmask_set(const uint64_t *mask, size_t size, uint64_t *old)
{
	if (!mask)
		return 0;
	if (size != sizeof(uint64_t))
		return -EINVAL;
	return sys_rt_sigprocmask(SIG_SETMASK, (long)mask, (long)old, 8, 0, 0);
}

void poll_sigmask_restore(const uint64_t *mask, const uint64_t *old, long r)
{
	if (!mask)
		return;
	/* Linux runs the handlers of what cut the wait short before it
	 * restores the caller's mask: a signal the wait's mask let through
	 * (pselect's point) is delivered, not left pending and blocked. */
	if (r == -EINTR)
		signal_interrupted(false);
	sys_rt_sigprocmask(SIG_SETMASK, (long)old, 0, 8, 0, 0);
}

/* ---- the wait entries of one poll/select call ------------------------- */

/* The first entries are on the stack (most calls watch a few queues),
 * the rest come in pages; a call watching more queues than it could
 * allocate entries for wakes every millisecond instead (overflow). */
#define INLINE_ENTRIES 16
/* An entry holds a reference to its file, so that a thread closing the
 * descriptor meanwhile cannot free the queue the entry is on (Linux's
 * poll_table_entry does the same). */
struct poll_entry {
	struct wait_entry we;
	struct file *file;
};

struct entry_page {
	struct entry_page *next;
	unsigned used;
	struct poll_entry e[(PAGE_SIZE - 16) / sizeof(struct poll_entry)];
};

struct poll_wqueues {
	struct poll_table pt;
	struct file *cur;               /* the file being polled */
	struct entry_page *pages;
	bool overflow;
	unsigned inline_used;
	struct poll_entry inline_e[INLINE_ENTRIES];
};

static void queue_entry(struct poll_table *pt, struct waitq *wq)
{
	struct poll_wqueues *pw = (struct poll_wqueues *)pt;
	struct entry_page *pg = pw->pages;
	struct poll_entry *e;

	if (pw->inline_used < INLINE_ENTRIES) {
		e = &pw->inline_e[pw->inline_used++];
	} else {
		if (!pg || pg->used == ARRAY_SIZE(pg->e)) {
			pg = kpage_alloc();
			if (!pg) {
				pw->overflow = true;
				return;
			}
			pg->next = pw->pages;
			pw->pages = pg;
		}
		e = &pg->e[pg->used++];
	}
	e->file = pw->cur;
	e->file->refs++;
	wait_entry_init_current(&e->we);
	waitq_add(wq, &e->we);
}

static void entry_free(struct poll_entry *e)
{
	waitq_del(&e->we);
	file_put(e->file);
}

static void poll_freewait(struct poll_wqueues *pw)
{
	for (unsigned i = 0; i < pw->inline_used; i++)
		entry_free(&pw->inline_e[i]);
	while (pw->pages) {
		struct entry_page *pg = pw->pages;
		pw->pages = pg->next;
		for (unsigned i = 0; i < pg->used; i++)
			entry_free(&pg->e[i]);
		kpage_free(pg);
	}
}

/* file_poll, telling the poll_table (if any) whose queues it is given. */
static unsigned poll_file(struct file *f, struct poll_table *pt)
{
	if (pt)
		((struct poll_wqueues *)pt)->cur = f;
	return file_poll(f, pt);
}

/* Scan until something is ready or the deadline (0: none; timeout0: do
 * not wait at all) passes: the count of ready descriptors, or -EINTR. */
typedef long scan_fn(void *arg, struct poll_table *pt);

static long poll_loop(scan_fn *scan, void *arg, uint64_t deadline, bool timeout0)
{
	struct poll_wqueues pw = { .pt = { queue_entry } };
	struct poll_table *pt = timeout0 ? NULL : &pw.pt;
	bool timed_out = timeout0;
	unsigned long fl = irq_save();
	long n;

	for (;;) {
		n = scan(arg, pt);
		pt = NULL;
		if (n || timed_out)
			break;
		uint64_t dl = deadline;
		if (pw.overflow) {
			uint64_t soon = deadline_after(1000000);
			dl = dl && dl < soon ? dl : soon;
		}
		long r = sched_sleep(dl);
		if (r == -EINTR) {
			n = -EINTR;
			break;
		}
		if (r == -ETIMEDOUT && deadline && time_monotonic_ns() >= deadline)
			timed_out = true;   /* one last scan, as Linux */
	}
	poll_freewait(&pw);
	irq_restore(fl);
	return n;
}

/* What is left of a time-out, written back by select, pselect6 and ppoll
 * as Linux does. */
static void time_left(uint64_t deadline, long *sec, long *sub, long per_sec)
{
	uint64_t now = time_monotonic_ns();
	uint64_t left = deadline > now ? deadline - now : 0;

	if (!deadline)
		return;   /* a time-out too long to have a deadline */
	*sec = (long)(left / NSEC_PER_SEC);
	*sub = (long)(left % NSEC_PER_SEC / (NSEC_PER_SEC / (uint64_t)per_sec));
}

/* ---- poll, ppoll ------------------------------------------------------- */

struct poll_args {
	struct pollfd *fds;
	unsigned long n;
};

static long scan_pollfds(void *arg, struct poll_table *pt)
{
	struct poll_args *a = arg;
	long ready = 0;

	for (unsigned long i = 0; i < a->n; i++) {
		struct pollfd *p = &a->fds[i];
		struct file *f;
		unsigned m = 0;
		if (p->fd < 0)
			m = 0;
		else if (!(f = fd_get(p->fd)))
			m = EPOLLNVAL;
		else   /* POLLERR and POLLHUP are reported whether asked or not */
			m = poll_file(f, pt) & ((unsigned)(uint16_t)p->events | EPOLLERR | EPOLLHUP);
		p->revents = (short)m;
		ready += m != 0;
	}
	return ready;
}

static long do_poll(struct pollfd *fds, unsigned long n, uint64_t deadline, bool timeout0)
{
	struct poll_args a = { fds, n };

	if (n > NR_OPEN)   /* RLIMIT_NOFILE */
		return -EINVAL;
	if (n && !fds)
		return -EFAULT;
	return poll_loop(scan_pollfds, &a, deadline, timeout0);
}

SYSCALL_INTERRUPTIBLE(poll)
{
	int ms = (int)a3;
	return do_poll((struct pollfd *)a1, (unsigned long)a2, poll_deadline_ms(ms), ms == 0);
}

SYSCALL_INTERRUPTIBLE(ppoll)
{
	struct timespec *ts = (struct timespec *)a3;
	uint64_t deadline, old;
	long r = poll_deadline_ts(ts, &deadline);

	if (r)
		return r;
	if ((r = poll_sigmask_set((const uint64_t *)a4, (size_t)a5, &old)))
		return r;
	r = do_poll((struct pollfd *)a1, (unsigned long)a2, deadline,
		    ts && !ts->tv_sec && !ts->tv_nsec);
	poll_sigmask_restore((const uint64_t *)a4, &old, r);
	if (ts && r != -EFAULT)
		time_left(deadline, &ts->tv_sec, &ts->tv_nsec, 1000000000);
	return r;
}

/* ---- select, pselect6 ---------------------------------------------------- */

/* Linux's POLLIN_SET, POLLOUT_SET and POLLEX_SET. */
#define SEL_IN  (EPOLLRDNORM | EPOLLRDBAND | EPOLLIN | EPOLLHUP | EPOLLERR)
#define SEL_OUT (EPOLLWRBAND | EPOLLWRNORM | EPOLLOUT | EPOLLERR)
#define SEL_EX  EPOLLPRI

struct select_args {
	long n;
	unsigned long *in, *out, *ex;          /* the caller's sets */
	unsigned long want[3][NR_OPEN / FD_SETSIZE_BITS];
	unsigned long got[3][NR_OPEN / FD_SETSIZE_BITS];
};

static bool bit(const unsigned long *set, long fd)
{
	return set[fd / FD_SETSIZE_BITS] & (1ul << (fd % FD_SETSIZE_BITS));
}

static long scan_fdsets(void *arg, struct poll_table *pt)
{
	struct select_args *a = arg;
	static const unsigned masks[3] = { SEL_IN, SEL_OUT, SEL_EX };
	long ready = 0;

	memset(a->got, 0, sizeof(a->got));
	for (long fd = 0; fd < a->n; fd++) {
		if (!bit(a->want[0], fd) && !bit(a->want[1], fd) && !bit(a->want[2], fd))
			continue;
		struct file *f = fd_get(fd);
		if (!f)
			continue;   /* closed meanwhile: checked before the first scan */
		unsigned m = poll_file(f, pt);
		for (int k = 0; k < 3; k++) {
			if (bit(a->want[k], fd) && (m & masks[k])) {
				a->got[k][fd / FD_SETSIZE_BITS] |= 1ul << (fd % FD_SETSIZE_BITS);
				ready++;
			}
		}
	}
	return ready;
}

static long do_select(long n, unsigned long *in, unsigned long *out, unsigned long *ex,
		      uint64_t deadline, bool timeout0)
{
	struct select_args *a;
	long r;

	if (n < 0)
		return -EINVAL;
	if (n > NR_OPEN)
		n = NR_OPEN;   /* Linux: the table's size */
	a = kpage_alloc();   /* 512 bytes of sets: off the syscall's stack */
	if (!a)
		return -ENOMEM;
	_Static_assert(sizeof(*a) <= PAGE_SIZE, "select_args fits a page");
	a->n = n;
	size_t words = ((size_t)n + FD_SETSIZE_BITS - 1) / FD_SETSIZE_BITS;
	unsigned long *sets[3] = { in, out, ex };
	for (int k = 0; k < 3; k++)
		if (sets[k])
			memcpy(a->want[k], sets[k], words * sizeof(long));
	/* Bits past n in the last word are not looked at. */
	if (n % FD_SETSIZE_BITS)
		for (int k = 0; k < 3; k++)
			a->want[k][words - 1] &= (1ul << (n % FD_SETSIZE_BITS)) - 1;
	for (long fd = 0; fd < n; fd++)
		if ((bit(a->want[0], fd) || bit(a->want[1], fd) || bit(a->want[2], fd)) &&
		    !fd_get(fd)) {
			kpage_free(a);
			return -EBADF;
		}
	r = poll_loop(scan_fdsets, a, deadline, timeout0);
	if (r >= 0)
		for (int k = 0; k < 3; k++)
			if (sets[k])
				memcpy(sets[k], a->got[k], words * sizeof(long));
	kpage_free(a);
	return r;
}

SYSCALL_INTERRUPTIBLE(select)
{
	struct timeval *tv = (struct timeval *)a5;
	uint64_t deadline = 0;

	if (tv) {
		if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
			return -EINVAL;
		struct timespec ts = { tv->tv_sec, tv->tv_usec * 1000 };
		poll_deadline_ts(&ts, &deadline);
	}
	long r = do_select(a1, (unsigned long *)a2, (unsigned long *)a3, (unsigned long *)a4,
			   deadline, tv && !tv->tv_sec && !tv->tv_usec);
	if (tv && r != -EINVAL && r != -EBADF)
		time_left(deadline, &tv->tv_sec, &tv->tv_usec, 1000000);
	return r;
}

SYSCALL_INTERRUPTIBLE(pselect6)
{
	struct timespec *ts = (struct timespec *)a5;
	/* The sixth argument: { const sigset_t *mask; size_t size; }. */
	const struct { const uint64_t *mask; size_t size; } *sig = (const void *)a6;
	const uint64_t *mask = sig ? sig->mask : NULL;
	uint64_t deadline, old;
	long r = poll_deadline_ts(ts, &deadline);

	if (r)
		return r;
	if ((r = poll_sigmask_set(mask, sig ? sig->size : 0, &old)))
		return r;
	r = do_select(a1, (unsigned long *)a2, (unsigned long *)a3, (unsigned long *)a4,
		      deadline, ts && !ts->tv_sec && !ts->tv_nsec);
	poll_sigmask_restore(mask, &old, r);
	if (ts && r != -EINVAL && r != -EBADF)
		time_left(deadline, &ts->tv_sec, &ts->tv_nsec, 1000000000);
	return r;
}
