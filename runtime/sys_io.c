/* SPDX-License-Identifier: MIT */
/*
 * I/O on descriptors: read, write and their vector and positioned forms,
 * lseek, ioctl.  Descriptors 0, 1 and 2 start as the console (fs/dev.c),
 * whose reads wait for a line; pipes, eventfds and sockets wait in their
 * own ops (O_NONBLOCK: -EAGAIN); files and the other devices never block.
 * Readiness (poll, select, epoll) is in fs/select.c and fs/epoll.c.
 */
#include <ukl/cmdline.h>
#include <ukl/fs.h>
#include <ukl/mm.h>
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
	/* A reference for the call: a read or write that sleeps (a pipe's)
	 * keeps its file even if another thread closes the descriptor. */
	f->refs++;
	for (long i = 0; i < cnt; i++) {
		if (write && off < 0 && (f->flags & O_APPEND) && S_ISREG(f->inode->mode))
			pos = f->inode->size;
		long r = write ? file_write(f, iov[i].iov_base, iov[i].iov_len, &pos)
			       : file_read(f, iov[i].iov_base, iov[i].iov_len, &pos);
		if (r < 0) {
			if (!total)
				total = r;
			break;
		}
		total += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	if (off < 0 && total >= 0)
		f->pos = pos;
	file_put(f);
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

SYSCALL_RESTARTABLE(read)
{
	struct iovec v = { (void *)a2, (size_t)a3 };
	return rw(a1, &v, 1, -1, false);
}

SYSCALL_RESTARTABLE(write)
{
	struct iovec v = { (void *)a2, (size_t)a3 };
	return rw(a1, &v, 1, -1, true);
}

SYSCALL_RESTARTABLE(readv)
{
	return rw(a1, (const struct iovec *)a2, a3, -1, false);
}

SYSCALL_RESTARTABLE(writev)
{
	return rw(a1, (const struct iovec *)a2, a3, -1, true);
}

SYSCALL_RESTARTABLE(pread64)
{
	struct iovec v = { (void *)a2, (size_t)a3 };
	return prw(a1, &v, 1, a4, false);
}

SYSCALL_RESTARTABLE(pwrite64)
{
	struct iovec v = { (void *)a2, (size_t)a3 };
	return prw(a1, &v, 1, a4, true);
}

SYSCALL_RESTARTABLE(preadv)
{
	return prw(a1, (const struct iovec *)a2, a3, a4, false);
}

SYSCALL_RESTARTABLE(pwritev)
{
	return prw(a1, (const struct iovec *)a2, a3, a4, true);
}

/* sendfile(out, in, offset, count): count bytes of the regular file in,
 * from *offset (which advances; in's position stays) or from in's position
 * (which advances), written to out as write() would.  Linux 6.1's rules,
 * in its order: in readable (EBADF), an offset only for a seekable in
 * (ESPIPE) and not negative (EINVAL), out writable (EBADF), in a regular
 * file here (Linux: anything that can splice_read; the runtime's other
 * files cannot) and out not O_APPEND (EINVAL); count is clamped to
 * MAX_RW_COUNT.  The result is what was written: a short write (a
 * non-blocking socket whose buffer filled) ends the call, an error ends it
 * too and is returned only if nothing was written.  The initrd's bytes
 * never change or go away, so they are written straight from the archive;
 * a /tmp file's frames could be freed by a truncate while a write sleeps,
 * so they go through a bounce frame. */
#define MAX_RW_COUNT (INT32_MAX & ~(long)(PAGE_SIZE - 1))

SYSCALL_RESTARTABLE(sendfile)
{
	struct file *out = fd_get(a1), *in = fd_get(a2);
	int64_t *offp = (int64_t *)a3;
	size_t count = MIN((size_t)a4, (size_t)MAX_RW_COUNT);
	long total = 0;
	char *bounce = NULL;

	if (!in || !file_readable(in))
		return -EBADF;
	uint64_t pos = in->pos;
	if (offp) {
		if (unseekable(in))
			return -ESPIPE;
		if (*offp < 0)
			return -EINVAL;
		pos = (uint64_t)*offp;
	}
	if (!out || !file_writable(out))
		return -EBADF;
	if (in->ops || !S_ISREG(in->inode->mode) || (out->flags & O_APPEND))
		return -EINVAL;
	struct inode *ip = in->inode;
	if (!ip->reg.data && !(bounce = kpage_alloc()))
		return -ENOMEM;
	/* References for the call: a write to a socket or pipe may sleep. */
	in->refs++;
	out->refs++;
	uint64_t opos = out->pos;
	while ((size_t)total < count && pos < ip->size) {
		size_t n = MIN(count - (size_t)total, ip->size - pos);
		const char *src;
		if (ip->reg.data) {
			src = ip->reg.data + pos;
		} else {
			n = MIN(n, PAGE_SIZE);
			long r = data_read(ip, bounce, n, pos);
			if (r <= 0)
				break;
			n = (size_t)r;
			src = bounce;
		}
		long w = file_write(out, src, n, &opos);
		if (w < 0) {
			if (!total)
				total = w;
			break;
		}
		total += w;
		pos += (uint64_t)w;
		if ((size_t)w < n)
			break;
	}
	if (total > 0) {
		out->pos = opos;
		if (offp)
			*offp = (int64_t)pos;
		else
			in->pos = pos;
	}
	file_put(out);
	file_put(in);
	if (bounce)
		kpage_free(bounce);
	return total;
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

#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414

/* Linux's struct termios as the ioctls see it (asm-generic). */
struct kernel_termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line, c_cc[19];
};

/* Is descriptor fd a terminal?  The console's streams are what ukl-run's
 * own are (its ukl.tty=0,1,2 word lists those that are terminals): fd 0
 * is standard input, the console's other descriptors standard output,
 * /dev/hvc1's standard error.  Not a terminal: musl then buffers stdout
 * fully and flushes at exit; a terminal gets line buffering and prompts. */
static bool is_tty(long fd, const struct file *f)
{
	const char *tty = cmdline_param("ukl.tty");

	if (!tty || !S_ISCHR(f->inode->mode) || !f->inode->chr.dev->tty)
		return false;
	char stream = f->inode->chr.dev == &dev_console ? (fd == 0 ? '0' : '1') : '2';
	return strchrnul(tty, stream)[0] != 0;
}

/* The ioctls of a terminal, on the console's descriptors that are one. */
static long tty_ioctl(unsigned cmd, unsigned long arg)
{
	switch (cmd) {
	case TCGETS: {
		/* A terminal in its usual state: canonical, echo (the host's
		 * terminal does both), 38400 8N1. */
		struct kernel_termios t = {
			.c_iflag = 0x500, .c_oflag = 0x5, .c_cflag = 0xbf, .c_lflag = 0x8a3b,
			.c_cc = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22 },
		};
		memcpy((void *)arg, &t, sizeof(t));
		return 0;
	}
	case TCSETS: case TCSETSW: case TCSETSF:
		/* Accepted and without effect: the host's terminal does the
		 * line discipline. */
		return 0;
	case TIOCGWINSZ: {
		unsigned short ws[4] = { 24, 80, 0, 0 };
		memcpy((void *)arg, ws, sizeof(ws));
		return 0;
	}
	case TIOCSWINSZ:
		return 0;
	}
	return 1;   /* not a terminal's */
}

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
	if (is_tty(a1, f)) {
		long r = tty_ioctl(cmd, (unsigned long)a3);
		if (r <= 0)
			return r;
	}
	/* Anything else: a console that is not a terminal fails TCGETS, so
	 * musl buffers stdout fully and flushes at exit. */
	return file_ioctl(f, cmd, (unsigned long)a3);
}
