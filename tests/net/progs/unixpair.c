#define _GNU_SOURCE
/*
 * socketpair(AF_UNIX, SOCK_STREAM): both directions, the calls on an end
 * and their errnos as Linux gives them, end of file and EPIPE after
 * shutdown and close, readiness through poll and epoll (nginx's EPOLLRDHUP
 * probe), MSG_PEEK / MSG_DONTWAIT / MSG_NOSIGNAL, and 4 MiB through a pair
 * between two threads, checked byte for byte.  The same source runs on the
 * host (the test compares).  Prints `ok NAME` or `BAD NAME: why`.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

static int bad;
#define OK(name, cond, ...) do { if (cond) printf("ok %s\n", name); \
	else { bad++; printf("BAD %s: ", name); printf(__VA_ARGS__); printf(" (errno %d)\n", errno); } } while (0)

static volatile sig_atomic_t sigpipes;
static void on_sigpipe(int sig) { (void)sig; sigpipes++; }

#define BIG (4u << 20)

static uint8_t pattern(size_t i) { return (uint8_t)(i * 2654435761u >> 13); }

static void *writer(void *arg)
{
	int fd = *(int *)arg;
	static uint8_t buf[65536 + 123];
	size_t done = 0;

	while (done < BIG) {
		size_t n = sizeof(buf) < BIG - done ? sizeof(buf) : BIG - done;
		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(done + i);
		ssize_t w = write(fd, buf, n);
		if (w <= 0)
			return (void *)1;
		done += (size_t)w;
	}
	close(fd);
	return NULL;
}

static void *two_writes(void *arg)
{
	int fd = *(int *)arg;
	write(fd, "abcd", 4);
	usleep(50 * 1000);
	write(fd, "EFGH", 4);
	return NULL;
}

int main(void)
{
	int sv[2], r;
	char buf[64];

	signal(SIGPIPE, on_sigpipe);

	/* The pair and its two directions. */
	r = socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	OK("socketpair", r == 0 && sv[0] >= 0 && sv[1] >= 0 && sv[0] != sv[1], "r=%d", r);
	OK("SOCK_CLOEXEC", (fcntl(sv[0], F_GETFD) & FD_CLOEXEC) && (fcntl(sv[1], F_GETFD) & FD_CLOEXEC), "flags");
	OK("0 -> 1", write(sv[0], "hello", 5) == 5 && read(sv[1], buf, sizeof(buf)) == 5 &&
	   !memcmp(buf, "hello", 5), "data");
	OK("1 -> 0", send(sv[1], "world!", 6, 0) == 6 && recv(sv[0], buf, sizeof(buf), 0) == 6 &&
	   !memcmp(buf, "world!", 6), "data");

	struct stat st;
	OK("fstat: a socket", fstat(sv[0], &st) == 0 && S_ISSOCK(st.st_mode), "mode %o", st.st_mode);
	int v = -1;
	socklen_t len = sizeof(v);
	OK("SO_TYPE: SOCK_STREAM", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len) == 0 &&
	   v == SOCK_STREAM && len == sizeof(v), "v=%d", v);
	len = sizeof(v);
	OK("SO_DOMAIN: AF_UNIX", getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &v, &len) == 0 &&
	   v == AF_UNIX, "v=%d", v);
	len = sizeof(v);
	OK("SO_ERROR: 0", getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &v, &len) == 0 && v == 0, "v=%d", v);
	v = 65536;
	OK("SO_SNDBUF set", setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)) == 0, "set");
	len = sizeof(v);
	OK("TCP_NODELAY: EOPNOTSUPP", getsockopt(sv[0], IPPROTO_TCP, 1, &v, &len) == -1 &&
	   errno == EOPNOTSUPP, "level");

	struct sockaddr_un sun;
	len = sizeof(sun);
	memset(&sun, 0xff, sizeof(sun));
	OK("getsockname: unnamed", getsockname(sv[0], (struct sockaddr *)&sun, &len) == 0 &&
	   len == sizeof(sa_family_t) && sun.sun_family == AF_UNIX, "len=%u", (unsigned)len);
	len = sizeof(sun);
	OK("getpeername: unnamed", getpeername(sv[1], (struct sockaddr *)&sun, &len) == 0 &&
	   len == sizeof(sa_family_t) && sun.sun_family == AF_UNIX, "len=%u", (unsigned)len);
	struct sockaddr_un to = { .sun_family = AF_UNIX, .sun_path = "/no/such/ukl-socket" };
	OK("connect: a bare family: EINVAL", connect(sv[0], (struct sockaddr *)&to, sizeof(sa_family_t)) == -1 &&
	   errno == EINVAL, "connect");
	OK("connect: no such name: ENOENT", connect(sv[0], (struct sockaddr *)&to, sizeof(to)) == -1 &&
	   errno == ENOENT, "connect");
	OK("listen: EINVAL", listen(sv[0], 1) == -1 && errno == EINVAL, "listen");
	OK("accept: EINVAL", accept(sv[0], NULL, NULL) == -1 && errno == EINVAL, "accept");

	/* Flags and the ioctl. */
	OK("MSG_DONTWAIT: EAGAIN", recv(sv[0], buf, sizeof(buf), MSG_DONTWAIT) == -1 &&
	   errno == EAGAIN, "recv");
	write(sv[1], "abcdef", 6);
	int n = -1;
	OK("FIONREAD", ioctl(sv[0], FIONREAD, &n) == 0 && n == 6, "n=%d", n);
	OK("MSG_PEEK", recv(sv[0], buf, 3, MSG_PEEK) == 3 && !memcmp(buf, "abc", 3) &&
	   recv(sv[0], buf, sizeof(buf), 0) == 6 && !memcmp(buf, "abcdef", 6), "peek");
	char a[3], b[4];
	struct iovec iov[2] = { { a, 3 }, { b, 4 } };
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
	OK("sendmsg/recvmsg: iovecs", writev(sv[1], (struct iovec[]){ { "1234567", 7 } }, 1) == 7 &&
	   recvmsg(sv[0], &m, 0) == 7 && !memcmp(a, "123", 3) && !memcmp(b, "4567", 4), "iov");

	/* MSG_WAITALL: the whole length, from two writes a thread makes. */
	{
		pthread_t wt;
		int wfd = sv[1];
		char all[8] = { 0 };
		pthread_create(&wt, NULL, two_writes, &wfd);
		OK("MSG_WAITALL: all of it across writes", recv(sv[0], all, 8, MSG_WAITALL) == 8 &&
		   !memcmp(all, "abcdEFGH", 8), "waitall");
		pthread_join(wt, NULL);
	}

	/* Readiness, as nginx probes it: epoll with EPOLLRDHUP, the peer
	 * writes then closes. */
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.fd = sv[0] };
	OK("epoll_ctl ADD", epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev) == 0, "ctl");
	struct pollfd pf = { .fd = sv[0], .events = POLLIN | POLLOUT };
	OK("poll: writable, not readable", poll(&pf, 1, 0) == 1 && pf.revents == POLLOUT,
	   "revents %#x", pf.revents);
	OK("epoll: nothing yet", epoll_wait(ep, &ev, 1, 0) == 0, "events");
	write(sv[1], "x", 1);
	OK("epoll: EPOLLIN", epoll_wait(ep, &ev, 1, 1000) == 1 && ev.events == EPOLLIN, "events %#x", ev.events);
	close(sv[1]);
	OK("epoll: EPOLLRDHUP after the peer's close", epoll_wait(ep, &ev, 1, 1000) == 1 &&
	   (ev.events & EPOLLRDHUP) && (ev.events & EPOLLHUP), "events %#x", ev.events);
	OK("the data before the end", read(sv[0], buf, sizeof(buf)) == 1 && buf[0] == 'x', "read");
	OK("then end of file", read(sv[0], buf, sizeof(buf)) == 0, "eof");
	sigpipes = 0;
	OK("write to a closed peer: EPIPE", write(sv[0], "y", 1) == -1 && errno == EPIPE, "write");
	OK("... and SIGPIPE", sigpipes == 1, "sigpipes=%d", (int)sigpipes);
	OK("MSG_NOSIGNAL: EPIPE, no signal", send(sv[0], "y", 1, MSG_NOSIGNAL) == -1 &&
	   errno == EPIPE && sigpipes == 1, "sigpipes=%d", (int)sigpipes);
	close(sv[0]);
	close(ep);

	/* shutdown, each way. */
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
	OK("SOCK_NONBLOCK", (fcntl(sv[0], F_GETFL) & O_NONBLOCK) && read(sv[0], buf, 1) == -1 &&
	   errno == EAGAIN, "nonblock");
	write(sv[0], "last", 4);
	OK("shutdown SHUT_WR", shutdown(sv[0], SHUT_WR) == 0, "shutdown");
	pf = (struct pollfd){ .fd = sv[1], .events = POLLIN | POLLRDHUP };
	OK("poll: the peer sees POLLRDHUP", poll(&pf, 1, 0) == 1 && (pf.revents & POLLRDHUP) &&
	   !(pf.revents & POLLHUP), "revents %#x", pf.revents);
	OK("the peer reads the data, then the end", read(sv[1], buf, sizeof(buf)) == 4 &&
	   read(sv[1], buf, sizeof(buf)) == 0, "eof");
	OK("the other way still works", write(sv[1], "back", 4) == 4 && read(sv[0], buf, 4) == 4 &&
	   !memcmp(buf, "back", 4), "back");
	sigpipes = 0;
	OK("write after SHUT_WR: EPIPE", write(sv[0], "z", 1) == -1 && errno == EPIPE && sigpipes == 1,
	   "sigpipes=%d", (int)sigpipes);
	OK("shutdown twice is fine", shutdown(sv[0], SHUT_RDWR) == 0, "again");
	OK("after SHUT_RD: reads end", read(sv[0], buf, 1) == 0, "read");
	OK("shutdown: EINVAL for a bad how", shutdown(sv[1], 7) == -1 && errno == EINVAL, "how");
	close(sv[0]);
	close(sv[1]);

	/* Not offered: other types; the calls on a descriptor that is not a socket. */
	OK("protocol PF_UNIX", socketpair(AF_UNIX, SOCK_STREAM, PF_UNIX, sv) == 0, "proto");
	close(sv[0]);
	close(sv[1]);
	OK("protocol 2: EPROTONOSUPPORT",
	   socketpair(AF_UNIX, SOCK_STREAM, 2, sv) == -1 && errno == EPROTONOSUPPORT, "proto");
	OK("AF_INET pair: EOPNOTSUPP", socketpair(AF_INET, SOCK_STREAM, 0, sv) == -1 &&
	   errno == EOPNOTSUPP, "inet");
	OK("bad address: EFAULT", socketpair(AF_UNIX, SOCK_STREAM, 0, NULL) == -1 && errno == EFAULT, "efault");
	OK("shutdown of a pipe: ENOTSOCK", pipe(sv) == 0 && shutdown(sv[0], SHUT_RD) == -1 &&
	   errno == ENOTSOCK, "pipe");
	close(sv[0]);
	close(sv[1]);

	/* 4 MiB from a thread, read in odd sizes, byte for byte. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pthread_t t;
	OK("pthread_create", pthread_create(&t, NULL, writer, &sv[1]) == 0, "create");
	static uint8_t in[7777];
	size_t got = 0, wrong = 0;
	for (;;) {
		ssize_t k = read(sv[0], in, sizeof(in));
		if (k <= 0)
			break;
		for (ssize_t i = 0; i < k; i++)
			wrong += in[i] != pattern(got + (size_t)i);
		got += (size_t)k;
	}
	void *ret;
	pthread_join(t, &ret);
	OK("4 MiB from a thread, byte-exact", got == BIG && !wrong && !ret,
	   "got %zu of %u, %zu wrong", got, BIG, wrong);
	close(sv[0]);

	printf("%s\n", bad ? "unixpair: FAILED" : "unixpair: all ok");
	return bad != 0;
}
