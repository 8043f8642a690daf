/* SPDX-License-Identifier: MIT */
/*
 * I/O: file descriptors 0, 1 and 2 are the console and there is nothing
 * else.  Reading gives end of file (the serial line's input is not used);
 * writing goes to the console unchanged.  poll says the console is always
 * ready, so nobody waits for input that cannot come.
 */
#include <ukl/syscall.h>

#define TIOCGWINSZ 0x5413
#define POLLIN   0x001
#define POLLOUT  0x004
#define POLLNVAL 0x020

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

static bool is_console(long fd)
{
	return fd >= 0 && fd <= 2;
}

SYSCALL(read)
{
	return is_console(a1) ? 0 : -EBADF;
}

SYSCALL(write)
{
	if (!is_console(a1))
		return -EBADF;
	console_write((const char *)a2, (size_t)a3);
	return a3;
}

SYSCALL(readv)
{
	return is_console(a1) ? 0 : -EBADF;
}

SYSCALL(writev)
{
	const struct iovec *iov = (const struct iovec *)a2;
	long total = 0;

	if (!is_console(a1))
		return -EBADF;
	if (a3 < 0 || a3 > 1024)   /* UIO_MAXIOV */
		return -EINVAL;
	for (long i = 0; i < a3; i++) {
		console_write(iov[i].iov_base, iov[i].iov_len);
		total += (long)iov[i].iov_len;
	}
	return total;
}

SYSCALL(ioctl)
{
	/* Not a terminal: musl then buffers stdout fully and flushes at exit. */
	return is_console(a1) ? -ENOTTY : -EBADF;
}

static long poll_fds(struct pollfd *fds, unsigned long n)
{
	long ready = 0;

	for (unsigned long i = 0; i < n; i++) {
		if (fds[i].fd < 0)
			fds[i].revents = 0;
		else if (!is_console(fds[i].fd))
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
