/* SPDX-License-Identifier: MIT */
/*
 * epoll, the Linux way (fs/eventpoll.c).  An epoll instance is a file
 * holding items, one per (file, descriptor) added.  Each item has a wait
 * entry on every wait queue its file's poll names; when the file wakes one
 * with events the item wants, the entry's function puts the item on the
 * instance's ready list and wakes whoever waits in epoll_wait (and the
 * epolls this one is itself in: nested epoll).  epoll_wait takes the ready
 * list and polls each item again: what is ready now is reported; a
 * level-triggered item still ready goes back on the list, an edge-
 * triggered one waits for its next wake-up, a one-shot item is disarmed
 * until EPOLL_CTL_MOD.  An item goes when it is deleted, when its epoll is
 * closed, or when its file's last descriptor is (Linux: the description's
 * last close).
 */
#include <arch/epoll.h>
#include <ukl/fs.h>
#include <ukl/mm.h>
#include <ukl/poll.h>
#include <ukl/syscall.h>

#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3
#define EPOLL_CLOEXEC O_CLOEXEC

#define EPOLLEXCLUSIVE (1u << 28)
#define EPOLLWAKEUP    (1u << 29)
#define EPOLLONESHOT   (1u << 30)
#define EPOLLET        (1u << 31)
/* The bits that are modes, not events: what a disarmed one-shot item keeps. */
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
/* What EPOLLEXCLUSIVE may come with. */
#define EPOLLEXCLUSIVE_OK (EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | \
			   EPOLLET | EPOLLEXCLUSIVE)
/* Linux's limit of epolls within epolls (EP_MAX_NESTS). */
#define EP_MAX_NESTS 4
#define EP_MAX_EVENTS (INT32_MAX / (long)sizeof(struct epoll_event))
/* Wait queues one file's poll may name (a socket: one; sockets of other
 * stacks: two). */
#define EP_MAX_QUEUES 2

struct epitem;

struct eventpoll {
	struct eventpoll *next_ep;      /* every instance: for epoll_file_gone */
	struct file *file;              /* this epoll's own file */
	struct epitem *items;
	struct epitem *rdlist, **rdtail;
	struct waitq wq;                /* epoll_wait's sleepers */
	struct waitq pollwq;            /* poll of the epoll itself */
};

struct epitem {
	struct epitem *next;            /* in the instance's items */
	struct epitem *rdnext;          /* in the ready list (or the list being
	                                 * reported) */
	bool ready;                     /* on one of those lists */
	struct eventpoll *ep;
	struct file *file;
	int fd;
	uint32_t events;
	uint64_t data;
	unsigned nwait;
	struct wait_entry wait[EP_MAX_QUEUES];
};

static struct eventpoll *instances;
static const struct file_ops epoll_ops;

static bool is_epoll(const struct file *f)
{
	return f->ops == &epoll_ops;
}

static void rdlist_add(struct eventpoll *ep, struct epitem *it)
{
	if (it->ready)
		return;
	it->ready = true;
	it->rdnext = NULL;
	*ep->rdtail = it;
	ep->rdtail = &it->rdnext;
}

/* A wait queue of the item's file was woken (any context, interrupts off). */
static void ep_callback(struct wait_entry *e, unsigned events)
{
	struct epitem *it = e->data;
	struct eventpoll *ep = it->ep;

	if (!(it->events & ~EP_PRIVATE_BITS))
		return;   /* a one-shot that fired: disarmed until MOD */
	if (events && !(events & it->events))
		return;   /* not what the item waits for */
	rdlist_add(ep, it);
	waitq_wake(&ep->wq, EPOLLIN);
	waitq_wake(&ep->pollwq, EPOLLIN | EPOLLRDNORM);
}

struct ep_pt {
	struct poll_table pt;
	struct epitem *it;
};

static void ep_queue(struct poll_table *pt, struct waitq *wq)
{
	struct epitem *it = ((struct ep_pt *)pt)->it;

	if (it->nwait == EP_MAX_QUEUES)
		return;   /* a file with more queues: its first ones */
	struct wait_entry *e = &it->wait[it->nwait++];
	e->next = e->prev = NULL;
	e->func = ep_callback;
	e->data = it;
	waitq_add(wq, e);
}

/* The item's events now: Linux's ep_item_poll. */
static unsigned item_poll(struct epitem *it, struct poll_table *pt)
{
	return file_poll(it->file, pt) & it->events;
}

static void item_remove(struct epitem *it)
{
	struct eventpoll *ep = it->ep;
	unsigned long fl = irq_save();

	for (unsigned i = 0; i < it->nwait; i++)
		waitq_del(&it->wait[i]);
	if (it->ready) {
		struct epitem **pp = &ep->rdlist;
		while (*pp && *pp != it)
			pp = &(*pp)->rdnext;
		if (*pp) {
			*pp = it->rdnext;
			if (ep->rdtail == &it->rdnext)
				ep->rdtail = pp;
		}
	}
	for (struct epitem **pp = &ep->items; *pp; pp = &(*pp)->next) {
		if (*pp == it) {
			*pp = it->next;
			break;
		}
	}
	irq_restore(fl);
	kfree(it);
}

void epoll_file_gone(struct file *f)
{
	for (struct eventpoll *ep = instances; ep; ep = ep->next_ep) {
		for (struct epitem *it = ep->items, *n; it; it = n) {
			n = it->next;
			if (it->file == f)
				item_remove(it);
		}
	}
}

/* ---- the epoll file ------------------------------------------------------ */

/* Readable when an item is ready now (polled again, without registering:
 * Linux's ep_read_events_proc). */
static unsigned epoll_poll(struct file *f, struct poll_table *pt)
{
	struct eventpoll *ep = f->priv;
	unsigned long fl = irq_save();
	unsigned m = 0;

	poll_wait(pt, &ep->pollwq);
	for (struct epitem *it = ep->rdlist; it; it = it->rdnext) {
		if (item_poll(it, NULL)) {
			m = EPOLLIN | EPOLLRDNORM;
			break;
		}
	}
	irq_restore(fl);
	return m;
}

static void epoll_release(struct file *f)
{
	struct eventpoll *ep = f->priv;

	while (ep->items)
		item_remove(ep->items);
	for (struct eventpoll **pp = &instances; *pp; pp = &(*pp)->next_ep) {
		if (*pp == ep) {
			*pp = ep->next_ep;
			break;
		}
	}
	kfree(ep);
}

static const struct file_ops epoll_ops = {
	.poll = epoll_poll,
	.release = epoll_release,
};

SYSCALL(epoll_create1)
{
	struct eventpoll *ep;
	struct file *f;
	long fd;

	if (a1 & ~(long)EPOLL_CLOEXEC)
		return -EINVAL;
	if (!(ep = kmalloc(sizeof(*ep))))
		return -ENOMEM;
	ep->rdtail = &ep->rdlist;
	waitq_init(&ep->wq);
	waitq_init(&ep->pollwq);
	/* An anonymous inode, as eventfd's. */
	if (!(f = file_open_ops(0600, &epoll_ops, ep, O_RDWR))) {
		kfree(ep);
		return -ENOMEM;
	}
	ep->file = f;
	ep->next_ep = instances;
	instances = ep;
	fd = fd_install(f, 0, a1 & EPOLL_CLOEXEC);
	file_put(f);
	return fd;
}

SYSCALL(epoll_create)
{
	if ((int)a1 <= 0)
		return -EINVAL;   /* the size is a hint, but must be positive */
	return sys_epoll_create1(0, 0, 0, 0, 0, 0);
}

/* ---- epoll_ctl ------------------------------------------------------------- */

static struct epitem *item_find(struct eventpoll *ep, struct file *f, int fd)
{
	for (struct epitem *it = ep->items; it; it = it->next)
		if (it->file == f && it->fd == fd)
			return it;
	return NULL;
}

/* The longest chain of epolls from t down through the epolls it watches
 * (t itself is 1), or more than any limit if ep is among them (a loop).
 * The graph has no loop (none is ever let in), so this ends. */
#define EP_LOOP 1000
static int depth_below(const struct eventpoll *t, const struct eventpoll *ep)
{
	int best = 1;

	if (t == ep)
		return EP_LOOP;
	for (const struct epitem *it = t->items; it; it = it->next)
		if (is_epoll(it->file))
			best = MAX(best, 1 + depth_below(it->file->priv, ep));
	return best;
}

/* The longest chain of epolls watching ep, ep itself included. */
static int depth_above(const struct eventpoll *ep)
{
	int best = 1;

	for (const struct eventpoll *up = instances; up; up = up->next_ep)
		for (const struct epitem *it = up->items; it; it = it->next)
			if (it->file == ep->file)
				best = MAX(best, 1 + depth_above(up));
	return best;
}

static long item_insert(struct eventpoll *ep, struct file *f, int fd,
			const struct epoll_event *ev)
{
	struct epitem *it = kmalloc(sizeof(*it));
	struct ep_pt pt = { { ep_queue }, it };

	if (!it)
		return -ENOMEM;
	it->ep = ep;
	it->file = f;
	it->fd = fd;
	it->events = ev->events;
	it->data = ev->data;
	unsigned long fl = irq_save();
	it->next = ep->items;
	ep->items = it;
	if (item_poll(it, &pt.pt)) {
		rdlist_add(ep, it);
		waitq_wake(&ep->wq, EPOLLIN);
		waitq_wake(&ep->pollwq, EPOLLIN | EPOLLRDNORM);
	}
	irq_restore(fl);
	return 0;
}

static long item_modify(struct epitem *it, const struct epoll_event *ev)
{
	struct eventpoll *ep = it->ep;
	unsigned long fl = irq_save();

	it->events = ev->events;
	it->data = ev->data;
	if (item_poll(it, NULL)) {
		rdlist_add(ep, it);
		waitq_wake(&ep->wq, EPOLLIN);
		waitq_wake(&ep->pollwq, EPOLLIN | EPOLLRDNORM);
	}
	irq_restore(fl);
	return 0;
}

SYSCALL(epoll_ctl)
{
	struct file *epf = fd_get(a1), *f = fd_get(a3);
	const struct epoll_event *uev = (const struct epoll_event *)a4;
	struct epoll_event ev = { 0, 0 };
	int op = (int)a2;

	/* Linux's order of checks (do_epoll_ctl). */
	if (op != EPOLL_CTL_DEL) {
		if (!uev)
			return -EFAULT;
		ev = *uev;
	}
	if (!epf || (epf->flags & O_PATH) || !f || (f->flags & O_PATH))
		return -EBADF;
	if (!file_pollable(f))
		return -EPERM;   /* regular files, directories: always ready */
	if (!is_epoll(epf) || epf == f)
		return -EINVAL;
	if (op != EPOLL_CTL_DEL && (ev.events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD || is_epoll(f) || (ev.events & ~EPOLLEXCLUSIVE_OK))
			return -EINVAL;
	}
	struct eventpoll *ep = epf->priv;
	if (op == EPOLL_CTL_ADD && is_epoll(f)) {
		/* A loop, or a chain of more than EP_MAX_NESTS epolls
		 * under the top one: Linux's ep_loop_check. */
		if (depth_above(ep) + depth_below(f->priv, ep) > EP_MAX_NESTS + 1)
			return -ELOOP;
	}
	struct epitem *it = item_find(ep, f, (int)a3);
	switch (op) {
	case EPOLL_CTL_ADD:
		if (it)
			return -EEXIST;
		ev.events |= EPOLLERR | EPOLLHUP;
		return item_insert(ep, f, (int)a3, &ev);
	case EPOLL_CTL_DEL:
		if (!it)
			return -ENOENT;
		item_remove(it);
		return 0;
	case EPOLL_CTL_MOD:
		if (!it)
			return -ENOENT;
		if (it->events & EPOLLEXCLUSIVE)
			return -EINVAL;
		ev.events |= EPOLLERR | EPOLLHUP;
		return item_modify(it, &ev);
	default:
		return -EINVAL;
	}
}

/* ---- epoll_wait ------------------------------------------------------------ */

/* Report the ready items into evs (interrupts off): how many. */
static int send_events(struct eventpoll *ep, struct epoll_event *evs, int max)
{
	struct epitem *tx = ep->rdlist;
	int n = 0;

	/* The list taken is reported; wake-ups meanwhile start a new one.
	 * Items on tx keep ready = true, so a wake-up does not move them. */
	ep->rdlist = NULL;
	ep->rdtail = &ep->rdlist;
	while (tx && n < max) {
		struct epitem *it = tx;
		tx = it->rdnext;
		it->ready = false;
		unsigned m = item_poll(it, NULL);
		if (!m)
			continue;
		evs[n].events = m;
		evs[n].data = it->data;
		n++;
		if (it->events & EPOLLONESHOT)
			it->events &= EP_PRIVATE_BITS;
		else if (!(it->events & EPOLLET))
			rdlist_add(ep, it);   /* level-triggered: asked again next time */
	}
	/* What did not fit goes first next time. */
	if (tx) {
		struct epitem *last = tx;
		while (last->rdnext)
			last = last->rdnext;
		last->rdnext = ep->rdlist;
		if (!ep->rdlist)
			ep->rdtail = &last->rdnext;
		ep->rdlist = tx;
	}
	return n;
}

static long do_epoll_wait(long epfd, struct epoll_event *evs, long max, uint64_t deadline,
			  bool timeout0)
{
	struct file *f = fd_get(epfd);

	if (max <= 0 || max > EP_MAX_EVENTS)
		return -EINVAL;
	if (!evs)
		return -EFAULT;
	if (!f || (f->flags & O_PATH))
		return -EBADF;
	if (!is_epoll(f))
		return -EINVAL;

	struct eventpoll *ep = f->priv;
	struct wait_entry we;
	unsigned long fl = irq_save();
	long r = 0;
	int n;

	f->refs++;   /* the instance stays while this thread sleeps in it */
	wait_entry_init_current(&we);
	waitq_add(&ep->wq, &we);
	for (;;) {
		n = send_events(ep, evs, (int)max);
		if (n || timeout0)
			break;
		r = sched_sleep(deadline);
		if (r == -EINTR)
			break;
		if (r == -ETIMEDOUT) {
			n = send_events(ep, evs, (int)max);
			r = 0;
			break;
		}
	}
	waitq_del(&we);
	file_put(f);
	irq_restore(fl);
	return r ? r : n;
}

SYSCALL_INTERRUPTIBLE(epoll_wait)
{
	int ms = (int)a4;
	return do_epoll_wait(a1, (struct epoll_event *)a2, (int)a3, poll_deadline_ms(ms), ms == 0);
}

SYSCALL_INTERRUPTIBLE(epoll_pwait)
{
	int ms = (int)a4;
	uint64_t old;
	long r = poll_sigmask_set((const uint64_t *)a5, (size_t)a6, &old);

	if (r)
		return r;
	r = do_epoll_wait(a1, (struct epoll_event *)a2, (int)a3, poll_deadline_ms(ms), ms == 0);
	poll_sigmask_restore((const uint64_t *)a5, &old, r);
	return r;
}

SYSCALL_INTERRUPTIBLE(epoll_pwait2)
{
	struct { long tv_sec, tv_nsec; } *ts = (void *)a4;
	uint64_t deadline, old;
	long r = poll_deadline_ts((void *)ts, &deadline);

	if (r)
		return r;
	if ((r = poll_sigmask_set((const uint64_t *)a5, (size_t)a6, &old)))
		return r;
	r = do_epoll_wait(a1, (struct epoll_event *)a2, (int)a3, deadline,
			  ts && !ts->tv_sec && !ts->tv_nsec);
	poll_sigmask_restore((const uint64_t *)a5, &old, r);
	return r;
}
