/* SPDX-License-Identifier: MIT */
/*
 * I/O on descriptors: read, write and their vector and positioned forms,
 * lseek, ioctl, poll.  Descriptors 0, 1 and 2 start as the console
 * (fs/dev.c), whose reads wait for a line.  Files and the other devices
 * never block, and poll finds every descriptor ready: a program that polls
 * the console then waits in its read, as it would for a slow terminal.
 */
#include <ukl/fs.h>
#include <ukl/syscall.h>

#define POLLIN   0x001
#define POLLOUT  0x004
#define POLLNVAL 0x020
#define UIO_MAXIOV 1024
#define SEEK_SET  0
#define SEEK_CUR  1
#define SEEK_END  2
#define SEEK_DATA 3
#define SEEK_HOLE 4

struct iovec {
	void *iov_base;
	size_t iov_len;
};

struct pollfd {
	int fd;
	short events, revents;
};

struct timespec {
	long tv_sec, tv_nsec;
};

/* Is pread/pwrite/lseek refused (ESPIPE)?  The console, as a tty. */
static bool unseekable(const struct file *f)
{
	return S_ISCHR(f->inode->mode) && f->inode->chr.dev->tty;
}

/* Read or write the vector at off, or at the file's position if off < 0. */
static long rw(long fd, const struct iovec *iov, long cnt, int64_t off, bool write)
{
	struct file *f = fd_get(fd);
	long total = 0;

	if (!f || (f->flags & O_PATH))
		return -EBADF;
	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	if (!(write ? file_writable(f) : file_readable(f)))
		return -EBADF;
	uint64_t pos = off < 0 ? f->pos : (uint64_t)off;
	for (long i = 0; i < cnt; i++) {
		if (write && off < 0 && (f->flags & O_APPEND) && S_ISREG(f->inode->mode))
			pos = f->inode->size;
		long r = write ? file_write(f, iov[i].iov_base, iov[i].iov_len, &pos)
			       : file_read(f, iov[i].iov_base, iov[i].iov_len, &pos);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	if (off < 0)
		f->pos = pos;
	return total;
}

static long prw(long fd, const struct iovec *iov, long cnt, long off, bool write)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	if (off < 0)
		return -EINVAL;
	if (unseekable(f))
		return -ESPIPE;
	return rw(fd, iov, cnt, off, write);
}

SYSCALL(read)
{
	struct iovec v = { (void *)a2, (size_t)a3 };
	return rw(a1, &v, 1, -1, false);
}

SYSCALL(write)
{
	struct iovec v = { (void *)a2, (size_t)a3 };
	return rw(a1, &v, 1, -1, true);
}

SYSCALL(readv)
{
	return rw(a1, (const struct iovec *)a2, a3, -1, false);
}

SYSCALL(writev)
{
	return rw(a1, (const struct iovec *)a2, a3, -1, true);
}

SYSCALL(pread64)
{
	struct iovec v = { (void *)a2, (size_t)a3 };
	return prw(a1, &v, 1, a4, false);
}

SYSCALL(pwrite64)
{
	struct iovec v = { (void *)a2, (size_t)a3 };
	return prw(a1, &v, 1, a4, true);
}

SYSCALL(preadv)
{
	return prw(a1, (const struct iovec *)a2, a3, a4, false);
}

SYSCALL(pwritev)
{
	return prw(a1, (const struct iovec *)a2, a3, a4, true);
}

SYSCALL(lseek)
{
	struct file *f = fd_get(a1);
	int64_t base;

	if (!f || (f->flags & O_PATH))
		return -EBADF;
	if (unseekable(f))
		return -ESPIPE;
	if (S_ISCHR(f->inode->mode))
		return 0;   /* /dev/null and friends: always at 0 */
	switch (a3) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->pos;
		break;
	case SEEK_END:
		if (S_ISDIR(f->inode->mode))
			return -EINVAL;
		base = (int64_t)f->inode->size;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		/* Holes read as zeros: the whole file counts as data. */
		if (!S_ISREG(f->inode->mode))
			return -EINVAL;
		if (a2 < 0 || (uint64_t)a2 >= f->inode->size)
			return -ENXIO;
		f->pos = a3 == SEEK_DATA ? (uint64_t)a2 : f->inode->size;
		return (long)f->pos;
	default:
		return -EINVAL;
	}
	if ((a2 > 0 && base > INT64_MAX - a2) || base + a2 < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + a2);
	return (long)f->pos;
}

SYSCALL(ioctl)
{
	struct file *f = fd_get(a1);

	if (!f)
		return -EBADF;
	/* Sockets, pipes...: FIONBIO, FIONREAD and their own. */
	if (f->ops && f->ops->ioctl)
		return f->ops->ioctl(f, (unsigned long)a2, (unsigned long)a3);
	/* Not a terminal: musl then buffers stdout fully and flushes at exit. */
	return -ENOTTY;
}

static long poll_fds(struct pollfd *fds, unsigned long n)
{
	long ready = 0;

	for (unsigned long i = 0; i < n; i++) {
		if (fds[i].fd < 0)
			fds[i].revents = 0;
		else if (!fd_get(fds[i].fd))
			fds[i].revents = POLLNVAL;
		else
			fds[i].revents = fds[i].events & (POLLIN | POLLOUT);
		ready += fds[i].revents != 0;
	}
	return ready;
}

/* Nothing becomes ready later: with none ready, sleep the timeout. */
static long poll_wait(long ready, long timeout_ns)
{
	if (!ready && timeout_ns > 0) {
		struct timespec ts = { timeout_ns / 1000000000, timeout_ns % 1000000000 };
		sys_nanosleep((long)&ts, 0, 0, 0, 0, 0);
	}
	return ready;
}

SYSCALL(poll)
{
	long ready = poll_fds((struct pollfd *)a1, (unsigned long)a2);
	/* A negative timeout waits forever: for nothing, here. */
	if (!ready && (int)a3 < 0)
		return -EINTR;
	return poll_wait(ready, (int)a3 * 1000000l);
}

SYSCALL(ppoll)
{
	const struct timespec *ts = (const struct timespec *)a3;
	long ready = poll_fds((struct pollfd *)a1, (unsigned long)a2);

	if (!ready && !ts)
		return -EINTR;
	return poll_wait(ready, ts ? ts->tv_sec * 1000000000 + ts->tv_nsec : 0);
}
