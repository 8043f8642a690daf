/* SPDX-License-Identifier: MIT */
/*
 * Pipes: pipe and pipe2.  Two files over one buffer of 64 KiB, Linux's
 * default capacity, kept in pages taken as the data needs them.  A read
 * waits for data or for the last writer to go (end of file); a write of at
 * most PIPE_BUF bytes goes in whole or waits for the room (atomic), a
 * larger one goes in as room appears.  Writing with no reader left raises
 * SIGPIPE and fails with EPIPE.  O_NONBLOCK: -EAGAIN where either would
 * wait.  One wait queue serves both ends; wake-ups say which side changed
 * (EPOLLIN: data came or the writers went; EPOLLOUT: room came or the
 * readers went).  The buffer and its rules are also one direction of a
 * socket pair (runtime/net/unix.c, through <ukl/pipe.h>).
 */
#include <ukl/fs.h>
#include <ukl/mm.h>
#include <ukl/pipe.h>
#include <ukl/poll.h>
#include <ukl/syscall.h>

#define PIPE_PAGES (PIPE_SIZE / PAGE_SIZE)
#define FIONREAD   0x541b
#define SIGPIPE    13

static struct pipe *pipe_of(struct file *f)
{
	return f->priv;
}

/* Where the byte at ring offset off (mod PIPE_SIZE) goes, and how many
 * bytes fit from there to its page's end; pages appear as writes need
 * them. */
static bool ring_span(struct pipe *p, uint32_t off, char **at, uint32_t *room)
{
	off %= PIPE_SIZE;
	char **pg = &p->pages[off / PAGE_SIZE];
	if (!*pg && !(*pg = kpage_alloc()))
		return false;
	*at = *pg + off % PAGE_SIZE;
	*room = (uint32_t)(PAGE_SIZE - off % PAGE_SIZE);
	return true;
}

struct pipe *pipe_new(void)
{
	struct pipe *p = kmalloc(sizeof(*p));   /* zeroed: empty, no ends */

	if (p)
		waitq_init(&p->wq);
	return p;
}

long pipe_rx(struct pipe *p, void *buf, size_t n, bool nonblock, bool peek)
{
	char *dst = buf;
	size_t got = 0;

	if (!n)
		return 0;
	if (!p->len) {
		if (!p->writers)
			return 0;
		if (nonblock)
			return -EAGAIN;
		long r = wait_event(&p->wq, p->len || !p->writers, 0);
		if (r)
			return r;
		if (!p->len)
			return 0;
	}
	uint32_t head = p->head, len = p->len;
	while (got < n && len) {
		/* Held bytes have their page. */
		char *at = p->pages[head / PAGE_SIZE] + head % PAGE_SIZE;
		size_t span = MIN(MIN(PAGE_SIZE - head % PAGE_SIZE, n - got), (size_t)len);
		memcpy(dst + got, at, span);
		got += span;
		head = (uint32_t)((head + span) % PIPE_SIZE);
		len -= (uint32_t)span;
	}
	if (peek)
		return (long)got;
	p->head = len ? head : 0;   /* keep to the first pages while traffic is light */
	p->len = len;
	waitq_wake(&p->wq, EPOLLOUT | EPOLLWRNORM);
	return (long)got;
}

static long pipe_read(struct file *f, void *buf, size_t n)
{
	return pipe_rx(pipe_of(f), buf, n, f->flags & O_NONBLOCK, false);
}

long pipe_broken(bool nosignal)
{
	if (!nosignal)
		sys_tkill(sched_tid(), SIGPIPE, 0, 0, 0, 0);   /* ignored or handled: go on */
	return -EPIPE;
}

long pipe_tx(struct pipe *p, const void *buf, size_t n, bool nonblock, bool nosignal)
{
	const char *src = buf;
	size_t done = 0;

	if (!n)
		return 0;   /* before the readers are looked at, as Linux */
	if (!p->readers)
		return pipe_broken(nosignal);
	while (done < n) {
		size_t want = n - done;
		/* Atomic writes wait for room for all of them; others for any. */
		size_t need = n <= PIPE_BUF ? want : 1;
		if (PIPE_SIZE - p->len < need) {
			if (nonblock)
				return done ? (long)done : -EAGAIN;
			long r = wait_event(&p->wq, PIPE_SIZE - p->len >= need || !p->readers, 0);
			if (r)
				return done ? (long)done : r;
			if (!p->readers)
				return done ? (long)done : pipe_broken(nosignal);
		}
		size_t chunk = MIN(want, (size_t)(PIPE_SIZE - p->len));
		size_t put = 0;
		while (put < chunk) {
			char *at;
			uint32_t span;
			if (!ring_span(p, p->head + p->len, &at, &span))
				break;
			span = (uint32_t)MIN((size_t)span, chunk - put);
			memcpy(at, src + done + put, span);
			put += span;
			p->len += span;
		}
		done += put;
		if (put)
			waitq_wake(&p->wq, EPOLLIN | EPOLLRDNORM);
		if (put < chunk)   /* no memory for a page */
			return done ? (long)done : -ENOMEM;
	}
	return (long)done;
}

static long pipe_write(struct file *f, const void *buf, size_t n)
{
	return pipe_tx(pipe_of(f), buf, n, f->flags & O_NONBLOCK, false);
}

static unsigned pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = pipe_of(f);
	unsigned m = 0;

	poll_wait(pt, &p->wq);
	/* Linux's pipe_poll: the read end is readable with data and hung up
	 * without writers; the write end writable with room (here: room for an
	 * atomic write) and in error without readers. */
	if (file_readable(f)) {
		if (p->len)
			m |= EPOLLIN | EPOLLRDNORM;
		if (!p->writers)
			m |= EPOLLHUP;
	}
	if (file_writable(f)) {
		if (PIPE_SIZE - p->len >= PIPE_BUF)
			m |= EPOLLOUT | EPOLLWRNORM;
		if (!p->readers)
			m |= EPOLLERR;
	}
	return m;
}

static long pipe_ioctl(struct file *f, unsigned long cmd, unsigned long arg)
{
	if (cmd != FIONREAD)
		return -ENOTTY;
	*(int *)arg = (int)pipe_of(f)->len;
	return 0;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = pipe_of(f);

	if (file_readable(f))
		p->readers--;
	if (file_writable(f))
		p->writers--;
	pipe_end_gone(p);
}

void pipe_end_gone(struct pipe *p)
{
	if (p->readers || p->writers) {
		waitq_wake(&p->wq, p->readers ? EPOLLIN | EPOLLHUP : EPOLLOUT | EPOLLERR);
		return;
	}
	for (unsigned i = 0; i < PIPE_PAGES; i++)
		if (p->pages[i])
			kpage_free(p->pages[i]);
	kfree(p);
}

static const struct file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

static long do_pipe2(int *fds, long flags)
{
	struct file *rf = NULL, *wf = NULL;
	struct pipe *p;
	long r = -ENOMEM, rfd, wfd;

	if (flags & ~(long)(O_NONBLOCK | O_CLOEXEC | O_DIRECT))
		return -EINVAL;
	if (!fds)
		return -EFAULT;
	if (!(p = pipe_new()))
		return -ENOMEM;
	uint32_t fl = (uint32_t)flags & (O_NONBLOCK | O_DIRECT);
	if (!(rf = file_open_ops(S_IFIFO | 0600, &pipe_ops, p, O_RDONLY | fl)))
		goto out;
	p->readers = 1;
	if (!(wf = file_open_ops(S_IFIFO | 0600, &pipe_ops, p, O_WRONLY | fl)))
		goto out;
	p->writers = 1;
	wf->inode->ino = rf->inode->ino;   /* one pipe: one inode to fstat */
	if ((rfd = fd_install(rf, 0, flags & O_CLOEXEC)) < 0) {
		r = rfd;
		goto out;
	}
	if ((wfd = fd_install(wf, 0, flags & O_CLOEXEC)) < 0) {
		fd_close(rfd);
		r = wfd;
		goto out;
	}
	fds[0] = (int)rfd;
	fds[1] = (int)wfd;
	r = 0;
out:
	if (wf)
		file_put(wf);
	if (rf)
		file_put(rf);   /* the last of p frees it */
	else
		kfree(p);
	return r;
}

SYSCALL(pipe2)
{
	return do_pipe2((int *)a1, a2);
}

SYSCALL(pipe)
{
	return do_pipe2((int *)a1, 0);
}
