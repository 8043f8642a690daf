/* SPDX-License-Identifier: MIT */
/*
 * AF_UNIX stream socket pairs: socketpair(AF_UNIX, SOCK_STREAM).  Each end
 * is a socket file (S_IFSOCK, O_RDWR) over two pipes crossed (fs/pipe.c,
 * <ukl/pipe.h>): what one end writes the other reads.  Programs use them
 * to talk between their own threads, and nginx asks one at start-up
 * whether epoll reports EPOLLRDHUP.  Named sockets (socket(AF_UNIX) with
 * bind/connect to a path) are not offered: socket() refuses AF_UNIX with
 * EAFNOSUPPORT (socket.c), so a program finds out at the first call.
 *
 * As Linux's af_unix: a write waits until all of it is in (unless
 * non-blocking); a read returns what is there, 0 once the peer has shut
 * its writing down or closed; writing towards a peer that has shut its
 * reading down or closed fails with EPIPE and raises SIGPIPE (not with
 * MSG_NOSIGNAL).  Readiness: EPOLLRDHUP (and EPOLLIN) once no more data
 * can come, EPOLLHUP once neither direction is open.  Runs in system calls
 * only (the kernel is not preempted), so the pipes need no lock.
 */
#include <ukl/errno.h>
#include <ukl/fs.h>
#include <ukl/mm.h>
#include <ukl/pipe.h>
#include <ukl/poll.h>
#include <ukl/syscall.h>

#include "sockabi.h"
#include "unix.h"


struct unix_end {
	struct pipe *rx, *tx;        /* from the peer, to the peer */
	bool shut_rd, shut_wr;       /* our shutdown(): each drops one end once */
};

static struct unix_end *end_of(struct file *f)
{
	return f->priv;
}

/* No more data can come: we shut reading down, or the peer's writing end
 * is gone (shutdown or close). */
static bool rcv_shut(const struct unix_end *e)
{
	return e->shut_rd || !e->rx->writers;
}

static bool snd_shut(const struct unix_end *e)
{
	return e->shut_wr || !e->tx->readers;
}

long unix_recvv(struct file *f, const struct iovec *iov, size_t cnt, int flags)
{
	struct unix_end *e = end_of(f);
	bool nonblock = (f->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
	/* MSG_WAITALL: wait until every buffer is full (or the end, an
	 * error, a signal), as a blocking read of that length. */
	bool waitall = (flags & MSG_WAITALL) && !(flags & MSG_PEEK) && !nonblock;
	size_t got = 0, off = 0;

	if (flags & MSG_OOB)
		return -EINVAL;   /* Linux: no out-of-band data on AF_UNIX */
	if (e->shut_rd)
		return 0;
	for (size_t i = 0; i < cnt; ) {
		if (off == iov[i].iov_len) {
			i++, off = 0;
			continue;
		}
		/* MSG_PEEK over several buffers would see the same bytes in
		 * each; Linux peeks at the front only in one go too. */
		if (flags & MSG_PEEK && got)
			break;
		/* Only the first piece may wait (all of them with
		 * MSG_WAITALL): after it, what is there. */
		long r = pipe_rx(e->rx, (char *)iov[i].iov_base + off, iov[i].iov_len - off,
				 nonblock || (got && !waitall), flags & MSG_PEEK);
		if (r < 0)
			return got ? (long)got : r;
		if (r == 0)
			break;   /* the end, or nothing more without waiting */
		got += (size_t)r;
		off += (size_t)r;
		if (off < iov[i].iov_len && !waitall)
			break;
	}
	return (long)got;
}

long unix_sendv(struct file *f, const struct iovec *iov, size_t cnt, int flags)
{
	struct unix_end *e = end_of(f);
	bool nonblock = (f->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
	bool nosignal = flags & MSG_NOSIGNAL;
	size_t done = 0;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (e->shut_wr)   /* Linux: EPIPE, and SIGPIPE, after SHUT_WR */
		return pipe_broken(nosignal);
	for (size_t i = 0; i < cnt; i++) {
		if (!iov[i].iov_len)
			continue;
		long r = pipe_tx(e->tx, iov[i].iov_base, iov[i].iov_len, nonblock, nosignal);
		if (r < 0)
			return done ? (long)done : r;
		done += (size_t)r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	return (long)done;
}

static long unix_read(struct file *f, void *buf, size_t n)
{
	struct iovec iov = { buf, n };
	return unix_recvv(f, &iov, 1, 0);
}

static long unix_write(struct file *f, const void *buf, size_t n)
{
	struct iovec iov = { (void *)buf, n };
	return unix_sendv(f, &iov, 1, 0);
}

/* Linux's unix_poll for a connected stream socket. */
static unsigned unix_poll(struct file *f, struct poll_table *pt)
{
	struct unix_end *e = end_of(f);
	unsigned m = 0;

	poll_wait(pt, &e->rx->wq);
	poll_wait(pt, &e->tx->wq);
	if (rcv_shut(e) && snd_shut(e))
		m |= EPOLLHUP;
	if (rcv_shut(e))
		m |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	if (e->rx->len)
		m |= EPOLLIN | EPOLLRDNORM;
	/* Writable with room for an atomic write, or when a write would
	 * fail at once (EPIPE) rather than wait. */
	if (snd_shut(e) || PIPE_SIZE - e->tx->len >= PIPE_BUF)
		m |= EPOLLOUT | EPOLLWRNORM;
	return m;
}

static long unix_ioctl(struct file *f, unsigned long cmd, unsigned long arg)
{
	if (cmd != FIONREAD)
		return -ENOTTY;
	if (!arg)
		return -EFAULT;
	*(int *)arg = (int)end_of(f)->rx->len;
	return 0;
}

static void drop_reader(struct unix_end *e)
{
	e->rx->readers--;
	pipe_end_gone(e->rx);
}

static void drop_writer(struct unix_end *e)
{
	e->tx->writers--;
	pipe_end_gone(e->tx);
}

/* An end goes: what its shutdown() has not dropped yet, then itself (the
 * pipes go with their last end). */
static void end_drop(struct unix_end *e)
{
	if (!e->shut_rd)
		drop_reader(e);
	if (!e->shut_wr)
		drop_writer(e);
	kfree(e);
}

static void unix_release(struct file *f)
{
	end_drop(end_of(f));
}

static const struct file_ops unix_ops = {
	.read = unix_read,
	.write = unix_write,
	.poll = unix_poll,
	.ioctl = unix_ioctl,
	.release = unix_release,
};

struct file *unix_file(long fd)
{
	struct file *f = fd_get(fd);

	return f && f->ops == &unix_ops ? f : NULL;
}

long unix_shutdown(struct file *f, int how)
{
	struct unix_end *e = end_of(f);

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	/* Each direction once: the pipe's end counts must not go below. */
	if (how != SHUT_WR && !e->shut_rd) {
		e->shut_rd = true;
		drop_reader(e);
	}
	if (how != SHUT_RD && !e->shut_wr) {
		e->shut_wr = true;
		drop_writer(e);
	}
	return 0;
}

long unix_connect(const void *uaddr, long len)
{
	/* struct sockaddr_un: the family, then up to 108 bytes of path. */
	if (len <= 2 || len > 110)
		return -EINVAL;
	if (!uaddr)
		return -EFAULT;
	const uint8_t *a = uaddr;
	if ((a[0] | a[1] << 8) != AF_UNIX)
		return -EINVAL;
	/* A path names a file, an abstract name (leading NUL) nothing. */
	return a[2] ? -ENOENT : -ECONNREFUSED;
}

/* An unnamed socket's address: the family alone (Linux: length 2). */
long unix_name(struct file *f __maybe_unused, void *uaddr, uint32_t *ulen)
{
	uint16_t fam = AF_UNIX;

	if (!ulen)
		return -EFAULT;
	if ((int)*ulen < 0)
		return -EINVAL;
	if (*ulen && !uaddr)
		return -EFAULT;
	memcpy(uaddr, &fam, MIN(*ulen, (uint32_t)sizeof(fam)));
	*ulen = sizeof(fam);
	return 0;
}

long unix_getsockopt(struct file *f __maybe_unused, int level, int opt, void *val,
		     uint32_t *len)
{
	int v;

	if (!len)
		return -EFAULT;
	if ((int)*len < 0)
		return -EINVAL;
	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;   /* Linux: no other level on AF_UNIX */
	switch (opt) {
	case SO_TYPE:       v = SOCK_STREAM; break;
	case SO_DOMAIN:     v = AF_UNIX; break;
	case SO_PROTOCOL:   v = 0; break;
	case SO_ERROR:      v = 0; break;
	case SO_ACCEPTCONN: v = 0; break;
	/* The room one direction holds; Linux counts its buffers in
	 * memory charged, not bytes, so its figure differs. */
	case SO_SNDBUF:
	case SO_RCVBUF:     v = (int)PIPE_SIZE; break;
	default:            return -ENOPROTOOPT;
	}
	uint32_t n = MIN(*len, (uint32_t)sizeof(int));
	if (n && !val)
		return -EFAULT;
	memcpy(val, &v, n);
	*len = n;
	return 0;
}

long unix_setsockopt(struct file *f __maybe_unused, int level, int opt,
		     const void *val, uint32_t len)
{
	if ((int)len < 0)
		return -EINVAL;
	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	switch (opt) {
	case SO_SNDBUF:
	case SO_RCVBUF:
		/* A request Linux also takes as a hint (it doubles and
		 * clamps it); the pipes keep their 64 KiB. */
		if (len < sizeof(int))
			return -EINVAL;
		if (!val)
			return -EFAULT;
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

long unix_socketpair(int type, int flags, int proto, int *sv)
{
	struct unix_end *e[2] = { NULL, NULL };
	struct pipe *p[2] = { NULL, NULL };
	struct file *f[2] = { NULL, NULL };
	long fd0, fd1;

	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (proto != 0 && proto != AF_UNIX)   /* PF_UNIX itself is the one protocol */
		return -EPROTONOSUPPORT;
	if (type != SOCK_STREAM)
		return -ESOCKTNOSUPPORT;   /* datagram and seqpacket pairs: not here */
	if (!sv)
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		if (!(p[i] = pipe_new()) || !(e[i] = kmalloc(sizeof(*e[i])))) {
			for (int j = 0; j < 2; j++) {
				kfree(p[j]);   /* no pages, no ends yet */
				kfree(e[j]);
			}
			return -ENOMEM;
		}
	}
	/* End i reads pipe i and writes the other's. */
	for (int i = 0; i < 2; i++) {
		e[i]->rx = p[i];
		e[i]->tx = p[!i];
		p[i]->readers = p[i]->writers = 1;
	}
	uint32_t fl = O_RDWR | ((uint32_t)flags & O_NONBLOCK);
	if (!(f[0] = file_open_ops(S_IFSOCK | 0777, &unix_ops, e[0], fl))) {
		end_drop(e[0]);
		end_drop(e[1]);   /* the last end: both pipes go */
		return -ENOMEM;
	}
	if (!(f[1] = file_open_ops(S_IFSOCK | 0777, &unix_ops, e[1], fl))) {
		end_drop(e[1]);
		file_put(f[0]);
		return -ENOMEM;
	}
	/* From here each end is its file's: file_put releases it. */
	fd0 = fd_install(f[0], 0, flags & SOCK_CLOEXEC);
	fd1 = fd0 < 0 ? fd0 : fd_install(f[1], 0, flags & SOCK_CLOEXEC);
	if (fd1 < 0 && fd0 >= 0)
		fd_close(fd0);
	file_put(f[1]);
	file_put(f[0]);   /* the descriptors hold them now, or they go */
	if (fd1 < 0)
		return fd1;
	sv[0] = (int)fd0;
	sv[1] = (int)fd1;
	return 0;
}
