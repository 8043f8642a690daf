/* SPDX-License-Identifier: MIT */
/*
 * Readiness and the descriptors that are not files: pipes, eventfd, poll,
 * ppoll, select, pselect, epoll (level- and edge-triggered, one-shot,
 * nested, the errors of epoll_ctl), the console through epoll, and the
 * small process calls.  Prints `ok NAME` or `BAD NAME: why`, then `done`.
 *   readiness host     what Linux does too (tests/poll/readiness.sh runs
 *                      the host's build of this file the same way)
 *   readiness ukl      that, and what only the unikernel's answers show
 *                      (pid 1, the read-only initrd, no processes to
 *                      spawn, the console fed "hello\nworld\n" and ^D)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int bad;
#define OK(name, cond, ...) do { if (cond) printf("ok %s\n", name); \
	else { bad++; printf("BAD %s: ", name); printf(__VA_ARGS__); \
	       printf(" (errno %d)\n", errno); } } while (0)

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}

/* A time-out of ms took at least that (less a tick) and not absurdly more. */
static int took(long long t0, int ms)
{
	long long d = now_ms() - t0;
	return d >= ms - 1 && d < ms + 3000;
}

static int sigpipes;
static void on_sigpipe(int sig) { (void)sig; sigpipes++; }

static void pipes(void)
{
	int p[2], q[2], one = 1, zero = 0, n;
	char buf[8192];
	struct stat s0, s1;

	OK("pipe2 flags", pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0 &&
	   (fcntl(p[0], F_GETFD) & FD_CLOEXEC) && (fcntl(p[1], F_GETFL) & O_NONBLOCK) &&
	   (fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY &&
	   (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY, "flags");
	OK("pipe fstat: a fifo, one inode", fstat(p[0], &s0) == 0 && fstat(p[1], &s1) == 0 &&
	   S_ISFIFO(s0.st_mode) && S_ISFIFO(s1.st_mode) && s0.st_ino == s1.st_ino,
	   "mode %o ino %lu/%lu", s0.st_mode, (unsigned long)s0.st_ino, (unsigned long)s1.st_ino);
	OK("pipe lseek: ESPIPE", lseek(p[0], 0, SEEK_CUR) == -1 && errno == ESPIPE, "seekable");
	OK("pipe pread: ESPIPE", pread(p[0], buf, 1, 0) == -1 && errno == ESPIPE, "seekable");
	OK("pipe2 bad flags", pipe2(q, O_APPEND) == -1 && errno == EINVAL, "accepted");
	OK("pipe empty, non-blocking: EAGAIN", read(p[0], buf, 1) == -1 && errno == EAGAIN, "read");
	OK("pipe write", write(p[1], "abc", 3) == 3, "write");
	OK("pipe FIONREAD", ioctl(p[0], FIONREAD, &n) == 0 && n == 3, "n=%d", n);
	OK("pipe read", read(p[0], buf, sizeof buf) == 3 && !memcmp(buf, "abc", 3), "read");
	/* Capacity: Linux's 64 KiB, then EAGAIN; an atomic write waits for
	 * all its room, a larger one takes what there is. */
	long total = 0, w;
	memset(buf, 'x', sizeof buf);
	while ((w = write(p[1], buf, 4096)) > 0)
		total += w;
	OK("pipe holds 64 KiB", total == 65536 && errno == EAGAIN, "total %ld", total);
	struct pollfd pf = { p[1], POLLOUT, 0 };
	OK("pipe full: not writable", poll(&pf, 1, 0) == 0 && pf.revents == 0, "revents %x", pf.revents);
	OK("pipe full: 1 byte EAGAIN", write(p[1], buf, 1) == -1 && errno == EAGAIN, "wrote");
	OK("pipe read a page", read(p[0], buf, 4096) == 4096, "read");
	OK("pipe atomic write too big for the room: EAGAIN", write(p[1], buf, 4096 + 1) == 4096, "partial write not 4096");
	OK("pipe full again", write(p[1], buf, 1) == -1 && errno == EAGAIN, "wrote");
	while (read(p[0], buf, sizeof buf) > 0)
		;
	OK("pipe drained", read(p[0], buf, 1) == -1 && errno == EAGAIN, "read");
	/* FIONBIO and F_SETFL switch blocking. */
	pipe(q);
	OK("pipe() blocking", !(fcntl(q[0], F_GETFL) & O_NONBLOCK), "flags");
	OK("FIONBIO on", ioctl(q[0], FIONBIO, &one) == 0 && (fcntl(q[0], F_GETFL) & O_NONBLOCK) &&
	   read(q[0], buf, 1) == -1 && errno == EAGAIN, "flags");
	OK("FIONBIO off", ioctl(q[0], FIONBIO, &zero) == 0 && !(fcntl(q[0], F_GETFL) & O_NONBLOCK), "flags");
	OK("F_SETFL O_NONBLOCK", fcntl(q[0], F_SETFL, O_NONBLOCK) == 0 &&
	   read(q[0], buf, 1) == -1 && errno == EAGAIN, "read");
	fcntl(q[0], F_SETFL, 0);
	OK("FIOCLEX", ioctl(q[0], FIOCLEX) == 0 && (fcntl(q[0], F_GETFD) & FD_CLOEXEC), "flag");
	OK("FIONCLEX", ioctl(q[0], FIONCLEX) == 0 && !(fcntl(q[0], F_GETFD) & FD_CLOEXEC), "flag");
	/* Blocking read with data; EOF once the writers are gone, after the data. */
	write(q[1], "end", 3);
	int wdup = dup(q[1]);
	close(q[1]);
	pf = (struct pollfd){ q[0], POLLIN, 0 };
	OK("pipe one writer left: no hang-up", poll(&pf, 1, 0) == 1 && pf.revents == POLLIN, "revents %x", pf.revents);
	close(wdup);
	OK("pipe no writer: data and hang-up", poll(&pf, 1, 0) == 1 && pf.revents == (POLLIN | POLLHUP), "revents %x", pf.revents);
	OK("pipe blocking read of the rest", read(q[0], buf, sizeof buf) == 3, "read");
	OK("pipe EOF", read(q[0], buf, sizeof buf) == 0, "read");
	OK("pipe EOF: hang-up only", poll(&pf, 1, 0) == 1 && pf.revents == POLLHUP, "revents %x", pf.revents);
	close(q[0]);
	/* EPIPE: SIGPIPE delivered (here to a handler), then the error. */
	pipe(q);
	close(q[0]);
	signal(SIGPIPE, on_sigpipe);
	OK("pipe no reader: EPIPE", write(q[1], "x", 1) == -1 && errno == EPIPE, "write");
	OK("pipe no reader: SIGPIPE", sigpipes == 1, "%d signals", sigpipes);
	signal(SIGPIPE, SIG_IGN);
	pf = (struct pollfd){ q[1], POLLOUT, 0 };
	OK("pipe no reader: POLLERR", poll(&pf, 1, 0) == 1 && (pf.revents & POLLERR), "revents %x", pf.revents);
	close(q[1]);
	close(p[0]);
	close(p[1]);
}

static void eventfds(void)
{
	uint64_t v = 0;
	int e = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	struct stat st;

	OK("eventfd flags", e >= 0 && (fcntl(e, F_GETFD) & FD_CLOEXEC) && (fcntl(e, F_GETFL) & O_NONBLOCK), "flags");
	OK("eventfd fstat: anonymous, 0600", fstat(e, &st) == 0 && (st.st_mode & 07777) == 0600 &&
	   !S_ISFIFO(st.st_mode) && !S_ISREG(st.st_mode), "mode %o", st.st_mode);
	OK("eventfd empty: EAGAIN", read(e, &v, 8) == -1 && errno == EAGAIN, "read");
	v = 2; write(e, &v, 8);
	v = 5; write(e, &v, 8);
	OK("eventfd adds, read takes all", read(e, &v, 8) == 8 && v == 7, "v %llu", (unsigned long long)v);
	OK("eventfd short read: EINVAL", read(e, &v, 4) == -1 && errno == EINVAL, "read");
	v = ~0ull;
	OK("eventfd write of 2^64-1: EINVAL", write(e, &v, 8) == -1 && errno == EINVAL, "write");
	v = 0xfffffffffffffffeull;
	OK("eventfd to the maximum", write(e, &v, 8) == 8, "write");
	v = 1;
	OK("eventfd past the maximum: EAGAIN", write(e, &v, 8) == -1 && errno == EAGAIN, "write");
	struct pollfd pf = { e, POLLIN | POLLOUT, 0 };
	OK("eventfd full: readable, not writable", poll(&pf, 1, 0) == 1 && pf.revents == POLLIN, "revents %x", pf.revents);
	close(e);
	e = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	OK("eventfd semaphore", read(e, &v, 8) == 8 && v == 1 && read(e, &v, 8) == 8 && v == 1 &&
	   read(e, &v, 8) == -1 && errno == EAGAIN, "v %llu", (unsigned long long)v);
	close(e);
	OK("eventfd bad flags", eventfd(0, 0x10) == -1 && errno == EINVAL, "accepted");
}

static void polls(const char *tmpfile)
{
	int p[2], e = eventfd(1, 0), f = open(tmpfile, O_RDWR | O_CREAT, 0600);
	int null = open("/dev/null", O_RDWR);
	long long t0;

	pipe(p);
	struct pollfd pf[7] = {
		{ p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 }, { f, POLLIN | POLLOUT, 0 },
		{ null, POLLIN, 0 }, { e, POLLIN, 0 }, { 999, POLLIN, 0 }, { -1, POLLIN, 0 },
	};
	int n = poll(pf, 7, 0);
	OK("poll: each kind", n == 5 && pf[0].revents == 0 && pf[1].revents == POLLOUT &&
	   pf[2].revents == (POLLIN | POLLOUT) && pf[3].revents == POLLIN && pf[4].revents == POLLIN &&
	   pf[5].revents == POLLNVAL && pf[6].revents == 0,
	   "n %d: %x %x %x %x %x %x %x", n, pf[0].revents, pf[1].revents, pf[2].revents,
	   pf[3].revents, pf[4].revents, pf[5].revents, pf[6].revents);
	t0 = now_ms();
	n = poll(pf, 1, 150);
	OK("poll time-out 150 ms", n == 0 && took(t0, 150), "n %d after %lld ms", n, now_ms() - t0);
	write(p[1], "x", 1);
	t0 = now_ms();
	OK("poll ready: no wait", poll(pf, 1, 5000) == 1 && pf[0].revents == POLLIN && now_ms() - t0 < 1000, "revents %x", pf[0].revents);
	read(p[0], &n, 1);
	struct timespec ts = { 0, 120000000 };
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	t0 = now_ms();
	n = ppoll(pf, 1, &ts, &mask);
	OK("ppoll time-out 120 ms, a mask", n == 0 && took(t0, 120), "n %d after %lld ms", n, now_ms() - t0);
	OK("ppoll bad sigset size: EINVAL",
	   syscall(SYS_ppoll, pf, 1, &ts, &mask, 4) == -1 && errno == EINVAL, "accepted");
	ts.tv_nsec = 1000000000;
	OK("ppoll bad timespec: EINVAL", ppoll(pf, 1, &ts, NULL) == -1 && errno == EINVAL, "accepted");

	/* select */
	fd_set r, w, x;
	FD_ZERO(&r); FD_ZERO(&w); FD_ZERO(&x);
	FD_SET(p[0], &r); FD_SET(e, &r); FD_SET(p[1], &w); FD_SET(f, &x);
	struct timeval tv = { 1, 0 };
	n = select(32, &r, &w, &x, &tv);
	OK("select: each kind", n == 2 && !FD_ISSET(p[0], &r) && FD_ISSET(e, &r) && FD_ISSET(p[1], &w) &&
	   !FD_ISSET(f, &x), "n %d", n);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	tv = (struct timeval){ 0, 130000 };
	t0 = now_ms();
	n = select(p[0] + 1, &r, NULL, NULL, &tv);
	/* (What is left of tv is not checked: musl passes the kernel a copy.) */
	OK("select time-out 130 ms", n == 0 && took(t0, 130) && !FD_ISSET(p[0], &r),
	   "n %d after %lld ms", n, now_ms() - t0);
	int closed = dup(p[0]);
	close(closed);
	FD_SET(closed, &r);
	tv = (struct timeval){ 0, 0 };
	OK("select closed fd: EBADF", select(closed + 1, &r, NULL, NULL, &tv) == -1 && errno == EBADF, "accepted");
	OK("select negative nfds: EINVAL", select(-1, NULL, NULL, NULL, &tv) == -1 && errno == EINVAL, "accepted");
	FD_ZERO(&r);
	FD_SET(e, &r);
	ts = (struct timespec){ 2, 0 };
	OK("pselect with a mask", pselect(e + 1, &r, NULL, NULL, &ts, &mask) == 1 && FD_ISSET(e, &r), "not ready");
	close(p[0]); close(p[1]); close(e); close(f); close(null);
}

static int ep_wait(int ep, struct epoll_event *ev, int max, int ms)
{
	return epoll_wait(ep, ev, max, ms);
}

static void epolls(const char *tmpfile)
{
	int ep = epoll_create1(EPOLL_CLOEXEC), p[2], e = eventfd(0, EFD_NONBLOCK);
	int f = open(tmpfile, O_RDWR), null = open("/dev/null", O_RDWR);
	struct epoll_event ev = { EPOLLIN, { .u64 = 42 } }, out[4];
	long long t0;
	uint64_t one = 1;
	int n;

	pipe2(p, O_NONBLOCK);
	OK("epoll_create1 cloexec", ep >= 0 && (fcntl(ep, F_GETFD) & FD_CLOEXEC), "fd %d", ep);
#ifdef SYS_epoll_create   /* (musl's epoll_create ignores the size) */
	OK("epoll_create(0): EINVAL", syscall(SYS_epoll_create, 0) == -1 && errno == EINVAL, "accepted");
#endif
	OK("epoll_create1 bad flags: EINVAL", epoll_create1(1) == -1 && errno == EINVAL, "accepted");
	OK("epoll_ctl regular file: EPERM", epoll_ctl(ep, EPOLL_CTL_ADD, f, &ev) == -1 && errno == EPERM, "accepted");
	OK("epoll_ctl /dev/null: EPERM", epoll_ctl(ep, EPOLL_CTL_ADD, null, &ev) == -1 && errno == EPERM, "accepted");
	OK("epoll_ctl bad fd: EBADF", epoll_ctl(ep, EPOLL_CTL_ADD, 777, &ev) == -1 && errno == EBADF, "accepted");
	OK("epoll_ctl bad epfd: EBADF", epoll_ctl(777, EPOLL_CTL_ADD, p[0], &ev) == -1 && errno == EBADF, "accepted");
	OK("epoll_ctl on a pipe: EINVAL", epoll_ctl(p[0], EPOLL_CTL_ADD, e, &ev) == -1 && errno == EINVAL, "accepted");
	OK("epoll_ctl itself: EINVAL", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev) == -1 && errno == EINVAL, "accepted");
	OK("epoll_ctl MOD absent: ENOENT", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == -1 && errno == ENOENT, "accepted");
	OK("epoll_ctl DEL absent: ENOENT", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL) == -1 && errno == ENOENT, "accepted");
	OK("epoll_ctl ADD", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0, "refused");
	OK("epoll_ctl ADD again: EEXIST", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == -1 && errno == EEXIST, "accepted");
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	OK("epoll_ctl MOD exclusive: EINVAL", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == -1 && errno == EINVAL, "accepted");
	ev.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT;
	OK("epoll_ctl exclusive one-shot: EINVAL", epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev) == -1 && errno == EINVAL, "accepted");
	OK("epoll_ctl bad op: EINVAL", epoll_ctl(ep, 9, e, &ev) == -1 && errno == EINVAL, "accepted");
	OK("epoll_wait maxevents 0: EINVAL", epoll_wait(ep, out, 0, 0) == -1 && errno == EINVAL, "accepted");
	OK("epoll_wait not an epoll: EINVAL", epoll_wait(e, out, 1, 0) == -1 && errno == EINVAL, "accepted");

	/* Time-out with nothing ready. */
	t0 = now_ms();
	n = ep_wait(ep, out, 4, 140);
	OK("epoll_wait time-out 140 ms", n == 0 && took(t0, 140), "n %d after %lld ms", n, now_ms() - t0);
	/* Level-triggered: reported while readable. */
	write(p[1], "ab", 2);
	n = ep_wait(ep, out, 4, 1000);
	OK("epoll LT: reported", n == 1 && out[0].events == EPOLLIN && out[0].data.u64 == 42, "n %d ev %x", n, out[0].events);
	n = ep_wait(ep, out, 4, 0);
	OK("epoll LT: again while readable", n == 1 && out[0].events == EPOLLIN, "n %d", n);
	char c[2];
	read(p[0], c, 2);
	OK("epoll LT: not once read", ep_wait(ep, out, 4, 0) == 0, "still reported");
	/* Edge-triggered eventfd. */
	ev = (struct epoll_event){ EPOLLIN | EPOLLET, { .u64 = 7 } };
	epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev);
	write(e, &one, 8);
	n = ep_wait(ep, out, 4, 1000);
	OK("epoll ET: the edge", n == 1 && out[0].data.u64 == 7, "n %d", n);
	OK("epoll ET: once", ep_wait(ep, out, 4, 0) == 0, "reported again");
	write(e, &one, 8);
	OK("epoll ET: the next edge", ep_wait(ep, out, 4, 1000) == 1 && out[0].data.u64 == 7, "not reported");
	/* One-shot, re-armed by MOD. */
	ev = (struct epoll_event){ EPOLLIN | EPOLLONESHOT, { .u64 = 42 } };
	OK("epoll MOD", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0, "refused");
	write(p[1], "x", 1);
	OK("epoll ONESHOT: fires", ep_wait(ep, out, 4, 1000) == 1 && out[0].data.u64 == 42, "not reported");
	OK("epoll ONESHOT: then disarmed", ep_wait(ep, out, 4, 0) == 0, "reported again");
	ev.events = EPOLLIN | EPOLLRDHUP;
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
	OK("epoll MOD re-arms", ep_wait(ep, out, 4, 1000) == 1 && out[0].events == EPOLLIN, "not reported");
	/* maxevents 1 with two ready: both in turn. */
	write(e, &one, 8);
	int seen = 0;
	for (int i = 0; i < 2; i++)
		if (ep_wait(ep, out, 1, 0) == 1)
			seen |= out[0].data.u64 == 42 ? 1 : 2;
	OK("epoll maxevents 1: each ready item in turn", seen == 3, "seen %d", seen);
	read(e, &one, 8);
	/* Nested: an epoll in an epoll, readable when the inner has events. */
	int outer = epoll_create1(0);
	ev = (struct epoll_event){ EPOLLIN, { .u64 = 99 } };
	OK("epoll nested ADD", epoll_ctl(outer, EPOLL_CTL_ADD, ep, &ev) == 0, "refused");
	OK("epoll loop: ELOOP", epoll_ctl(ep, EPOLL_CTL_ADD, outer, &ev) == -1 && errno == ELOOP, "accepted");
	struct pollfd pf = { ep, POLLIN, 0 };
	OK("epoll nested: inner readable", ep_wait(outer, out, 4, 1000) == 1 && out[0].data.u64 == 99 &&
	   poll(&pf, 1, 0) == 1 && pf.revents == POLLIN, "not reported");
	read(p[0], c, 1);
	OK("epoll nested: quiet once drained", ep_wait(outer, out, 4, 0) == 0, "reported");
	write(e, &one, 8);
	OK("epoll nested: wakes with the inner", ep_wait(outer, out, 4, 1000) == 1 && out[0].data.u64 == 99, "not reported");
	read(e, &one, 8);
	/* Hang-up of a pipe in the set; close removes. */
	close(p[1]);
	n = ep_wait(ep, out, 4, 1000);
	OK("epoll pipe hang-up", n == 1 && out[0].events == EPOLLHUP, "n %d ev %x", n, out[0].events);
	int d = dup(p[0]);
	close(p[0]);
	OK("epoll: a dup keeps the item", ep_wait(ep, out, 4, 0) == 1 && out[0].data.u64 == 42, "gone");
	close(d);
	OK("epoll: last close removes it", ep_wait(ep, out, 4, 0) == 0, "still there");
	/* epoll_pwait with a mask. */
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	t0 = now_ms();
	n = epoll_pwait(ep, out, 4, 110, &mask);
	OK("epoll_pwait time-out 110 ms, a mask", n == 0 && took(t0, 110), "n %d after %lld ms", n, now_ms() - t0);
	write(e, &one, 8);
	OK("epoll_pwait ready", epoll_pwait(ep, out, 4, -1, &mask) == 1, "not ready");
#ifdef SYS_epoll_pwait2
	struct timespec ts = { 0, 0 };
	write(e, &one, 8);
	OK("epoll_pwait2", syscall(SYS_epoll_pwait2, ep, out, 4, &ts, NULL, 8) == 1, "not ready");
#endif
	close(outer); close(ep); close(e); close(f); close(null);
}

/* The console, fed "hello\nworld\n" and the end by ukl-run. */
static void console(void)
{
	int ep = epoll_create1(0);
	struct epoll_event ev = { EPOLLIN, { .u64 = 5 } }, out[2];
	char buf[64];
	struct pollfd many[41];
	int pp[20][2];

	/* More descriptors than poll keeps wait entries for on the stack: the
	 * console's entry is in an allocated page; the input (which ukl-run's
	 * test sends late) wakes the sleeper through it. */
	for (int i = 0; i < 20; i++) {
		pipe(pp[i]);
		many[2 * i] = (struct pollfd){ pp[i][0], POLLIN, 0 };
		many[2 * i + 1] = (struct pollfd){ pp[i][0], POLLIN, 0 };
	}
	many[40] = (struct pollfd){ 0, POLLIN, 0 };
	int r0 = poll(many, 41, 20000);
	OK("console poll among 40: woken by the input", r0 == 1 && many[40].revents == POLLIN, "n %d", r0);
	for (int i = 0; i < 20; i++) {
		close(pp[i][0]);
		close(pp[i][1]);
	}

	OK("console epoll ADD", epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev) == 0, "refused");
	int n = epoll_wait(ep, out, 2, 20000);
	OK("console epoll: input arrives", n == 1 && out[0].events == EPOLLIN, "n %d", n);
	OK("console read: a line", read(0, buf, sizeof buf) == 6 && !memcmp(buf, "hello\n", 6), "read");
	struct pollfd pf = { 0, POLLOUT, 0 };
	OK("console poll: always writable", poll(&pf, 1, 0) == 1 && pf.revents == POLLOUT, "revents %x", pf.revents);
	pf.events = POLLIN;
	n = poll(&pf, 1, 20000);
	OK("console poll: the next line", n == 1 && pf.revents == POLLIN, "revents %x", pf.revents);
	fcntl(0, F_SETFL, O_RDWR | O_NONBLOCK);
	int got = 0, r;
	long long t0 = now_ms();
	/* Non-blocking: what has come, EAGAIN while the rest is on its way. */
	while (got < 6 && now_ms() - t0 < 8000)
		if ((r = read(0, buf + got, sizeof buf - got)) > 0)
			got += r;
		else if (r < 0 && errno != EAGAIN)
			break;
	OK("console non-blocking read", got == 6 && !memcmp(buf, "world\n", 6), "got %d", got);
	fcntl(0, F_SETFL, O_RDWR);
	OK("console: the end", read(0, buf, sizeof buf) == 0, "not the end");
	OK("console epoll: the end is readable", epoll_wait(ep, out, 2, 0) == 1, "not readable");
	OK("console: the end stays", read(0, buf, sizeof buf) == 0, "not the end");
	close(ep);
}

static void small_calls(int ukl)
{
	OK("getgroups", getgroups(0, NULL) >= 0, "failed");
	OK("getgroups negative: EINVAL", syscall(SYS_getgroups, -1, NULL) == -1 && errno == EINVAL, "accepted");
	OK("getpgid of an unknown pid: ESRCH", getpgid(99999) == -1 && errno == ESRCH, "accepted");
	OK("getpgrp is getpgid(0)", getpgrp() == getpgid(0), "differ");
	if (!ukl)
		return;
	OK("getpgid 1", getpgid(0) == 1 && getpgid(1) == 1, "%d", getpgid(0));
	OK("getsid 1", getsid(0) == 1, "%d", getsid(0));
	OK("setpgid of a session leader: EPERM", setpgid(0, 0) == -1 && errno == EPERM, "accepted");
	OK("setsid of a group leader: EPERM", setsid() == -1 && errno == EPERM, "accepted");
	OK("getgroups: none", getgroups(0, NULL) == 0, "some");
	errno = 0;
	int r = system("echo hi");
	OK("system: -1 and an errno, no hang", r == -1 && errno != 0, "r %d", r);
	errno = 0;
	FILE *p = popen("echo hi", "r");
	OK("popen: NULL and an errno", !p && errno != 0, "opened");
	struct timespec t[2] = { { 1, 0 }, { 2, 0 } };
	OK("utimensat on the initrd: EROFS", utimensat(AT_FDCWD, "/", t, 0) == -1 && errno == EROFS, "accepted");
}

static void times(const char *tmpfile)
{
	struct timespec t[2] = { { 1000, 500 }, { 2000, 600 } };
	struct stat st;

	OK("utimensat", utimensat(AT_FDCWD, tmpfile, t, 0) == 0 && stat(tmpfile, &st) == 0 &&
	   st.st_atim.tv_sec == 1000 && st.st_atim.tv_nsec == 500 &&
	   st.st_mtim.tv_sec == 2000 && st.st_mtim.tv_nsec == 600, "atime %ld mtime %ld",
	   (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
	t[0].tv_nsec = UTIME_OMIT;
	t[1] = (struct timespec){ 3000, 0 };
	int fd = open(tmpfile, O_RDONLY);
	OK("futimens, atime omitted", futimens(fd, t) == 0 && fstat(fd, &st) == 0 &&
	   st.st_atim.tv_sec == 1000 && st.st_mtim.tv_sec == 3000, "atime %ld mtime %ld",
	   (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
	t[1].tv_nsec = UTIME_NOW;
	OK("futimens now", futimens(fd, t) == 0 && fstat(fd, &st) == 0 && st.st_mtim.tv_sec > 3000, "mtime %ld",
	   (long)st.st_mtim.tv_sec);
	t[1].tv_nsec = 1000000000;
	OK("utimensat bad nsec: EINVAL", futimens(fd, t) == -1 && errno == EINVAL, "accepted");
	OK("utimensat missing: ENOENT", utimensat(AT_FDCWD, "/tmp/no/such", NULL, 0) == -1 && errno == ENOENT, "accepted");
	OK("utimensat bad flags: EINVAL", utimensat(AT_FDCWD, tmpfile, NULL, 0x4) == -1 && errno == EINVAL, "accepted");
	close(fd);
}

int main(int argc, char **argv)
{
	int ukl = argc > 1 && !strcmp(argv[1], "ukl");
	char tmpfile[] = "/tmp/readiness.XXXXXX";
	int fd = mkstemp(tmpfile);

	setvbuf(stdout, NULL, _IONBF, 0);
	close(fd);
	pipes();
	eventfds();
	polls(tmpfile);
	epolls(tmpfile);
	times(tmpfile);
	small_calls(ukl);
	if (ukl)
		console();
	unlink(tmpfile);
	printf("done %d bad\n", bad);
	return bad != 0;
}
