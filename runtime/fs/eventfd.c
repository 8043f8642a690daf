/* SPDX-License-Identifier: MIT */
/*
 * eventfd and eventfd2: a 64-bit counter as a file.  A write of 8 bytes
 * adds to it (waiting while the sum would pass 0xfffffffffffffffe), a read
 * of 8 bytes takes it all and leaves 0, or with EFD_SEMAPHORE takes 1;
 * reading 0 waits.  Readable when the counter is not 0, writable while 1
 * more fits, as Linux.
 */
#include <ukl/fs.h>
#include <ukl/mm.h>
#include <ukl/poll.h>
#include <ukl/syscall.h>

#define EFD_SEMAPHORE 1
#define EFD_CLOEXEC   O_CLOEXEC
#define EFD_NONBLOCK  O_NONBLOCK
#define EFD_MAX       0xfffffffffffffffeull

struct eventfd {
	uint64_t count;
	bool semaphore;
	struct waitq wq;
};

static long eventfd_read(struct file *f, void *buf, size_t n)
{
	struct eventfd *e = f->priv;
	uint64_t v;

	if (n < sizeof(v))
		return -EINVAL;
	if (!e->count) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		long r = wait_event(&e->wq, e->count != 0, 0);
		if (r)
			return r;
	}
	v = e->semaphore ? 1 : e->count;
	e->count -= v;
	memcpy(buf, &v, sizeof(v));
	waitq_wake(&e->wq, EPOLLOUT | EPOLLWRNORM);
	return sizeof(v);
}

static long eventfd_write(struct file *f, const void *buf, size_t n)
{
	struct eventfd *e = f->priv;
	uint64_t v;

	if (n < sizeof(v))
		return -EINVAL;
	memcpy(&v, buf, sizeof(v));
	if (v == UINT64_MAX)
		return -EINVAL;
	if (EFD_MAX - e->count < v) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		long r = wait_event(&e->wq, EFD_MAX - e->count >= v, 0);
		if (r)
			return r;
	}
	e->count += v;
	if (v)
		waitq_wake(&e->wq, EPOLLIN | EPOLLRDNORM);
	return sizeof(v);
}

static unsigned eventfd_poll(struct file *f, struct poll_table *pt)
{
	struct eventfd *e = f->priv;
	unsigned m = 0;

	poll_wait(pt, &e->wq);
	if (e->count)
		m |= EPOLLIN | EPOLLRDNORM;
	if (e->count < EFD_MAX)
		m |= EPOLLOUT | EPOLLWRNORM;
	return m;
}

static void eventfd_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops eventfd_ops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.release = eventfd_release,
};

SYSCALL(eventfd2)
{
	struct eventfd *e;
	struct file *f;
	long fd;

	if (a2 & ~(long)(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK))
		return -EINVAL;
	if (!(e = kmalloc(sizeof(*e))))
		return -ENOMEM;
	e->count = (unsigned)a1;
	e->semaphore = a2 & EFD_SEMAPHORE;
	waitq_init(&e->wq);
	/* An anonymous inode: Linux's have no file type, mode 0600. */
	if (!(f = file_open_ops(0600, &eventfd_ops, e, O_RDWR | ((uint32_t)a2 & EFD_NONBLOCK)))) {
		kfree(e);
		return -ENOMEM;
	}
	fd = fd_install(f, 0, a2 & EFD_CLOEXEC);
	file_put(f);
	return fd;
}

SYSCALL(eventfd)
{
	return sys_eventfd2(a1, 0, 0, 0, 0, 0);
}
