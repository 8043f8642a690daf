/* SPDX-License-Identifier: MIT */
/*
 * I/O on descriptors: read, write and their vector and positioned forms,
 * lseek, ioctl.  Descriptors 0, 1 and 2 start as the console (fs/dev.c),
 * whose reads wait for a line; pipes, eventfds and sockets wait in their
 * own ops (O_NONBLOCK: -EAGAIN); files and the other devices never block.
 * Readiness (poll, select, epoll) is in fs/select.c and fs/epoll.c.
 */
#include <ukl/fs.h>
#include <ukl/syscall.h>

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

/* Is pread/pwrite/lseek refused (ESPIPE)?  The console, as a tty, and the
 * files with ops: pipes, sockets, eventfds, epolls (Linux's no_llseek). */
static bool unseekable(const struct file *f)
{
	return f->ops || (S_ISCHR(f->inode->mode) && f->inode->chr.dev->tty);
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

/* Generic ioctls (asm-generic/ioctls.h, the same on x86_64 and riscv64). */
#define FIONREAD 0x541b
#define FIONBIO  0x5421
#define FIONCLEX 0x5450
#define FIOCLEX  0x5451

SYSCALL(ioctl)
{
	struct file *f = fd_get(a1);
	unsigned cmd = (unsigned)a2;   /* Linux takes the command as 32 bits */

	if (!f || (f->flags & O_PATH))
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		fd_set_cloexec(a1, cmd == FIOCLEX);
		return 0;
	case FIONBIO:
		if (*(const int *)a3)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~(uint32_t)O_NONBLOCK;
		return 0;
	case FIONREAD:
		/* Regular files: the bytes past the position (Linux's
		 * file_ioctl); the others answer for themselves. */
		if (S_ISREG(f->inode->mode)) {
			*(int *)a3 = f->pos < f->inode->size ? (int)MIN(f->inode->size - f->pos, (uint64_t)INT32_MAX) : 0;
			return 0;
		}
		break;
	}
	/* Nothing else: in particular the console is not a terminal (TCGETS
	 * fails), so musl buffers stdout fully and flushes at exit. */
	return file_ioctl(f, cmd, (unsigned long)a3);
}
