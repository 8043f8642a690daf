/* SPDX-License-Identifier: MIT */
/*
 * Readiness of open files, for poll, select and epoll.  Linux's event bits
 * (the same for poll's POLL* and epoll's EPOLL*).  A file's ops->poll(f, pt)
 * returns the events true now and, when pt is not NULL, registers the wait
 * queue(s) that will be woken when they change: poll_wait(pt, &obj->wq).
 */
#ifndef UKL_POLL_H
#define UKL_POLL_H

#include <ukl/sched.h>

#define EPOLLIN     0x001
#define EPOLLPRI    0x002
#define EPOLLOUT    0x004
#define EPOLLERR    0x008
#define EPOLLHUP    0x010
#define EPOLLNVAL   0x020
#define EPOLLRDNORM 0x040
#define EPOLLRDBAND 0x080
#define EPOLLWRNORM 0x100
#define EPOLLWRBAND 0x200
#define EPOLLMSG    0x400
#define EPOLLRDHUP  0x2000

struct poll_table {
	void (*queue)(struct poll_table *pt, struct waitq *wq);
};

static inline void poll_wait(struct poll_table *pt, struct waitq *wq)
{
	if (pt && wq)
		pt->queue(pt, wq);
}

/* fs/select.c: what poll, select and epoll_wait share. */
struct timespec;
/* The deadline (monotonic ns, 0 = none) of a relative timeout in ms
 * (negative: none), or of a timespec (NULL: none; -EINVAL if invalid). */
uint64_t poll_deadline_ms(long ms);
long poll_deadline_ts(const struct timespec *ts, uint64_t *deadline);
/* ppoll, pselect6, epoll_pwait: the signal mask for the wait (mask NULL:
 * unchanged); -EINVAL for a size other than the kernel's 8 bytes.  *old
 * is what poll_sigmask_restore puts back after the wait (result r: the
 * handlers of a signal that cut it short run first, under the wait's
 * mask). */
long poll_sigmask_set(const uint64_t *mask, size_t size, uint64_t *old);
void poll_sigmask_restore(const uint64_t *mask, const uint64_t *old, long r);

#endif
