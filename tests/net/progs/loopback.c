#define _GNU_SOURCE
/*
 * Sockets inside one program over 127.0.0.1 (no NIC needed): the calls,
 * their errnos as Linux gives them, TCP and UDP data, refused and reset
 * connections, name lookup of "localhost" through /etc/hosts.  The same
 * source runs on the host (the test compares).  Prints `ok NAME` or
 * `BAD NAME: why`; with a NIC-less image also checks that a remote address
 * is unreachable and that IPv6 and AF_UNIX sockets are refused (argv[1] =
 * "ukl-nonic": what the host, which has both, does not share).
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static int bad;
#define OK(name, cond, ...) do { if (cond) printf("ok %s\n", name); \
	else { bad++; printf("BAD %s: ", name); printf(__VA_ARGS__); printf(" (errno %d)\n", errno); } } while (0)

static struct sockaddr_in sin_of(const char *ip, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

/* A listening TCP socket on 127.0.0.1, its port in *port. */
static int listener(int backlog, int *port)
{
	int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	struct sockaddr_in a = sin_of("127.0.0.1", 0);
	socklen_t len = sizeof(a);

	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, backlog) ||
	    getsockname(l, (struct sockaddr *)&a, &len))
		return -1;
	*port = ntohs(a.sin_port);
	return l;
}

/* A connected pair over 127.0.0.1: c (client, non-blocking connect then
 * blocking again) and the accepted s. */
static int pair(int l, int port, int *c, int *s)
{
	struct sockaddr_in a = sin_of("127.0.0.1", port);

	*c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (connect(*c, (struct sockaddr *)&a, sizeof(a)) == 0)
		;
	else if (errno != EINPROGRESS)
		return -1;
	*s = accept(l, NULL, NULL);
	if (*s < 0)
		return -1;
	struct pollfd p = { *c, POLLOUT, 0 };
	if (poll(&p, 1, 5000) != 1)
		return -1;
	int err = -1;
	socklen_t el = sizeof(err);
	getsockopt(*c, SOL_SOCKET, SO_ERROR, &err, &el);
	fcntl(*c, F_SETFL, fcntl(*c, F_GETFL) & ~O_NONBLOCK);
	return err;
}

static void tcp_tests(void)
{
	int port, c, s, r, one = 1, v;
	int l = listener(8, &port);
	char buf[256];
	socklen_t len;
	struct sockaddr_in a;

	OK("tcp listen on 127.0.0.1", l >= 0 && port > 0, "l=%d port=%d", l, port);
	r = pair(l, port, &c, &s);
	OK("tcp connect, accept, SO_ERROR 0", r == 0, "r=%d", r);

	struct stat st;
	OK("fstat is S_IFSOCK", fstat(c, &st) == 0 && S_ISSOCK(st.st_mode), "mode %o", st.st_mode);

	len = sizeof(a);
	r = getpeername(s, (struct sockaddr *)&a, &len);
	OK("getpeername of the accepted socket", r == 0 && len == sizeof(a) &&
	   a.sin_family == AF_INET && a.sin_addr.s_addr == htonl(INADDR_LOOPBACK), "r=%d", r);
	len = sizeof(a);
	r = getsockname(c, (struct sockaddr *)&a, &len);
	int cport = ntohs(a.sin_port);
	len = sizeof(a);
	getpeername(s, (struct sockaddr *)&a, &len);
	OK("the client's name is the server's peer", r == 0 && cport == ntohs(a.sin_port), "%d %d",
	   cport, ntohs(a.sin_port));

	OK("write", write(c, "hello", 5) == 5, "write");
	struct pollfd p = { s, POLLIN, 0 };
	OK("poll: data is POLLIN", poll(&p, 1, 5000) == 1 && (p.revents & POLLIN), "revents %x", p.revents);
	v = -1;
	OK("FIONREAD", ioctl(s, FIONREAD, &v) == 0 && v == 5, "v=%d", v);
	OK("recv MSG_PEEK", recv(s, buf, sizeof(buf), MSG_PEEK) == 5 && !memcmp(buf, "hello", 5), "peek");
	OK("read", read(s, buf, sizeof(buf)) == 5 && !memcmp(buf, "hello", 5), "read");
	OK("recv MSG_DONTWAIT on nothing: EAGAIN",
	   recv(s, buf, sizeof(buf), MSG_DONTWAIT) == -1 && errno == EAGAIN, "dontwait");
	v = 1;
	ioctl(s, FIONBIO, &v);
	OK("FIONBIO: read EAGAIN", read(s, buf, 1) == -1 && errno == EAGAIN, "fionbio");
	v = 0;
	ioctl(s, FIONBIO, &v);

	struct iovec iov[3] = { { "ab", 2 }, { "cde", 3 }, { "f", 1 } };
	OK("writev", writev(c, iov, 3) == 6, "writev");
	OK("recv MSG_WAITALL", recv(s, buf, 6, MSG_WAITALL) == 6 && !memcmp(buf, "abcdef", 6), "waitall");

	OK("setsockopt TCP_NODELAY", setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0, "nodelay");
	v = 0;
	len = sizeof(v);
	OK("getsockopt TCP_NODELAY", getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &len) == 0 && v, "v=%d", v);
	OK("SO_KEEPALIVE and TCP_KEEP*", setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)) == 0 &&
	   setsockopt(c, IPPROTO_TCP, TCP_KEEPIDLE, &(int){ 30 }, sizeof(int)) == 0 &&
	   setsockopt(c, IPPROTO_TCP, TCP_KEEPINTVL, &(int){ 5 }, sizeof(int)) == 0 &&
	   setsockopt(c, IPPROTO_TCP, TCP_KEEPCNT, &(int){ 3 }, sizeof(int)) == 0, "keepalive");
	len = sizeof(v);
	OK("SO_TYPE", getsockopt(c, SOL_SOCKET, SO_TYPE, &v, &len) == 0 && v == SOCK_STREAM, "v=%d", v);
	OK("unknown option: ENOPROTOOPT", setsockopt(c, SOL_SOCKET, 12345, &one, sizeof(one)) == -1 &&
	   errno == ENOPROTOOPT, "noproto");
	OK("short optlen: EINVAL", setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, 2) == -1 &&
	   errno == EINVAL, "optlen");
	struct timeval tv = { 0, 200000 };
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	OK("SO_RCVTIMEO: read times out with EAGAIN", read(s, buf, 1) == -1 && errno == EAGAIN, "timeo");

	/* A megabyte through, checked. */
	static char big[1 << 20], back[1 << 20];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + i / 4099);
	size_t sent = 0, got = 0;
	int fl = fcntl(c, F_GETFL);
	fcntl(c, F_SETFL, fl | O_NONBLOCK);
	tv.tv_usec = 0;
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (got < sizeof(big)) {
		if (sent < sizeof(big)) {
			ssize_t k = write(c, big + sent, sizeof(big) - sent);
			if (k > 0)
				sent += (size_t)k;
			else if (errno != EAGAIN)
				break;
		}
		ssize_t k = recv(s, back + got, sizeof(back) - got, MSG_DONTWAIT);
		if (k > 0)
			got += (size_t)k;
		else if (k == 0 || errno != EAGAIN)
			break;
		else if (sent == sizeof(big)) {
			struct pollfd q = { s, POLLIN, 0 };
			if (poll(&q, 1, 5000) != 1)
				break;
		}
	}
	fcntl(c, F_SETFL, fl);
	OK("1 MB through a connection, in order", got == sizeof(big) && !memcmp(big, back, got),
	   "sent %zu got %zu", sent, got);

	OK("shutdown SHUT_WR", shutdown(c, SHUT_WR) == 0, "shutdown");
	OK("the peer reads end of file", read(s, buf, sizeof(buf)) == 0, "eof");
	p.fd = s;
	p.events = POLLIN | POLLRDHUP;
	OK("poll: POLLRDHUP after the peer's FIN", poll(&p, 1, 0) == 1 && (p.revents & POLLRDHUP),
	   "revents %x", p.revents);
	OK("write after SHUT_WR: EPIPE", send(c, "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE, "epipe");
	OK("the other way still works", write(s, "back", 4) == 4 && read(c, buf, 4) == 4 &&
	   !memcmp(buf, "back", 4), "back");
	close(s);
	OK("end of file after the peer's close", read(c, buf, sizeof(buf)) == 0, "eof2");
	close(c);

	/* Reset: the peer closes with unread data. */
	r = pair(l, port, &c, &s);
	write(c, "unread", 6);
	p.fd = s;
	p.events = POLLIN;
	poll(&p, 1, 5000);
	close(s);
	p.fd = c;
	p.events = POLLIN;
	poll(&p, 1, 5000);
	OK("poll after a reset: POLLERR|POLLHUP", (p.revents & (POLLERR | POLLHUP)) == (POLLERR | POLLHUP),
	   "revents %x", p.revents);
	OK("read after a reset: ECONNRESET", read(c, buf, 1) == -1 && errno == ECONNRESET, "reset");
	OK("write after a reset: EPIPE", send(c, "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE, "epipe2");
	close(c);

	/* Refused: nothing listens. */
	int l2 = listener(1, &port);
	close(l2);
	c = socket(AF_INET, SOCK_STREAM, 0);
	a = sin_of("127.0.0.1", port);
	r = connect(c, (struct sockaddr *)&a, sizeof(a));
	OK("connect to a closed port: ECONNREFUSED", r == -1 && errno == ECONNREFUSED, "r=%d", r);
	close(c);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	r = connect(c, (struct sockaddr *)&a, sizeof(a));
	p.fd = c;
	p.events = POLLOUT;
	int pr = poll(&p, 1, 5000);
	v = 0;
	len = sizeof(v);
	getsockopt(c, SOL_SOCKET, SO_ERROR, &v, &len);
	OK("non-blocking connect refused: SO_ERROR ECONNREFUSED", r == -1 && errno == EINPROGRESS &&
	   pr == 1 && v == ECONNREFUSED, "r=%d pr=%d v=%d", r, pr, v);
	close(c);

	/* Errors of the calls. */
	c = socket(AF_INET, SOCK_STREAM, 0);
	OK("read unconnected: ENOTCONN", read(c, buf, 1) == -1 && errno == ENOTCONN, "notconn");
	len = sizeof(a);
	OK("getpeername unconnected: ENOTCONN",
	   getpeername(c, (struct sockaddr *)&a, &len) == -1 && errno == ENOTCONN, "peer");
	a = sin_of("127.0.0.1", port);
	a.sin_family = AF_INET6;
	OK("connect AF_INET6 address: EAFNOSUPPORT",
	   connect(c, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EAFNOSUPPORT, "af");
	a = sin_of("127.0.0.1", 0);
	OK("bind short address: EINVAL", bind(c, (struct sockaddr *)&a, 8) == -1 && errno == EINVAL, "short");
	a = sin_of("192.0.2.1", 0);
	OK("bind a foreign address: EADDRNOTAVAIL",
	   bind(c, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EADDRNOTAVAIL, "notavail");
	int l3 = listener(4, &port);
	a = sin_of("127.0.0.1", port);
	OK("bind a port in use: EADDRINUSE",
	   bind(c, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EADDRINUSE, "inuse");
	OK("accept on a non-listening socket: EINVAL", accept(c, NULL, NULL) == -1 && errno == EINVAL, "acc");
	close(c);
	close(l3);
	OK("socket bad protocol: EPROTONOSUPPORT",
	   socket(AF_INET, SOCK_STREAM, IPPROTO_UDP) == -1 && errno == EPROTONOSUPPORT, "proto");
	OK("accept on a file: ENOTSOCK", accept(1, NULL, NULL) == -1 && errno == ENOTSOCK, "notsock");
	OK("SOCK_CLOEXEC", (c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) >= 0 &&
	   fcntl(c, F_GETFD) == FD_CLOEXEC, "cloexec");
	close(c);

	close(l);

	/* A full backlog: listen(1) holds two connections for accept (Linux's
	 * backlog + 1); a third one's SYN is dropped, so it is not connected
	 * yet, and connects once accept makes room (its SYN sent again). */
	l = listener(1, &port);
	int cs[3];
	for (int i = 0; i < 3; i++) {
		cs[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		a = sin_of("127.0.0.1", port);
		connect(cs[i], (struct sockaddr *)&a, sizeof(a));
		struct pollfd q = { cs[i], POLLOUT, 0 };
		r = poll(&q, 1, 300);
		OK(i < 2 ? "backlog 1: connection within the backlog completes" :
			   "backlog 1: the connection past it waits", i < 2 ? r == 1 : r == 0,
		   "i=%d r=%d", i, r);
	}
	int nok = 0;
	for (int i = 0; i < 3; i++) {
		fcntl(cs[i], F_SETFL, 0);
		write(cs[i], &(char){ (char)('a' + i) }, 1);
		s = accept(l, NULL, NULL);
		if (s >= 0 && read(s, buf, 1) == 1 && buf[0] == 'a' + i)
			nok++;
		close(s);
	}
	OK("backlog 1: all three accepted in order", nok == 3, "got %d", nok);
	for (int i = 0; i < 3; i++)
		close(cs[i]);
	close(l);
}

static void udp_tests(void)
{
	int u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", 0), from;
	socklen_t len = sizeof(a);
	char buf[2048];

	OK("udp bind", bind(u, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	   getsockname(u, (struct sockaddr *)&a, &len) == 0 && a.sin_port, "bind");
	OK("udp sendto", sendto(v, "ping", 4, 0, (struct sockaddr *)&a, sizeof(a)) == 4, "sendto");
	len = sizeof(from);
	ssize_t n = recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	struct sockaddr_in vn;
	socklen_t vl = sizeof(vn);
	getsockname(v, (struct sockaddr *)&vn, &vl);
	OK("udp recvfrom: data and sender", n == 4 && !memcmp(buf, "ping", 4) && len == sizeof(from) &&
	   from.sin_port == vn.sin_port, "n=%zd", n);
	OK("udp echo back", sendto(u, buf, 4, 0, (struct sockaddr *)&from, len) == 4 &&
	   recv(v, buf, sizeof(buf), 0) == 4, "echo");
	OK("udp send unconnected: EDESTADDRREQ", send(v, "x", 1, 0) == -1 && errno == EDESTADDRREQ, "destreq");
	OK("udp connect + send", connect(v, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	   send(v, "abcdefgh", 8, 0) == 8, "connect");
	OK("udp truncated datagram: MSG_TRUNC gives its length",
	   recv(u, buf, 3, MSG_TRUNC) == 8, "trunc");
	static char big[65507];
	memset(big, 'z', sizeof(big));
	OK("udp 65507-byte datagram", send(v, big, sizeof(big), 0) == (ssize_t)sizeof(big) &&
	   recv(u, buf, sizeof(buf), 0) == (ssize_t)sizeof(buf), "big");
	OK("udp 65508 bytes: EMSGSIZE", send(v, big, sizeof(big) + 1, 0) == -1 && errno == EMSGSIZE, "msgsize");
	OK("udp recv nothing, non-blocking: EAGAIN",
	   recv(u, buf, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN, "eagain");
	struct msghdr m = { 0 };
	struct iovec iov[2] = { { "he", 2 }, { "llo", 3 } };
	m.msg_iov = iov;
	m.msg_iovlen = 2;
	char x[2], y[8];
	OK("udp sendmsg", sendmsg(v, &m, 0) == 5, "sendmsg");
	struct iovec riov[2] = { { x, 2 }, { y, 8 } };
	m = (struct msghdr){ .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = riov, .msg_iovlen = 2 };
	OK("udp recvmsg", recvmsg(u, &m, 0) == 5 && !memcmp(x, "he", 2) && !memcmp(y, "llo", 3) &&
	   m.msg_namelen == sizeof(from), "recvmsg");
	close(u);
	close(v);
}

static void name_tests(void)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res = NULL;
	int r = getaddrinfo("localhost", "5555", &hints, &res);
	OK("getaddrinfo localhost", r == 0 && res &&
	   ((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
	   ntohs(((struct sockaddr_in *)res->ai_addr)->sin_port) == 5555, "r=%d", r);
	if (res)
		freeaddrinfo(res);
	res = NULL;
	r = getaddrinfo("10.0.2.2", "80", &hints, &res);
	OK("getaddrinfo numeric", r == 0 && res &&
	   ((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == inet_addr("10.0.2.2"), "r=%d", r);
	if (res)
		freeaddrinfo(res);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	tcp_tests();
	udp_tests();
	name_tests();
	if (argc > 1 && !strcmp(argv[1], "ukl-nonic")) {
		OK("socket AF_INET6: EAFNOSUPPORT", socket(AF_INET6, SOCK_STREAM, 0) == -1 && errno == EAFNOSUPPORT, "6");
		OK("socket AF_UNIX: EAFNOSUPPORT", socket(AF_UNIX, SOCK_STREAM, 0) == -1 && errno == EAFNOSUPPORT, "unix");
		int c = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in a = sin_of("10.0.2.2", 80);
		OK("no NIC: connect out is ENETUNREACH",
		   connect(c, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == ENETUNREACH, "unreach");
		close(c);
	}
	printf("%s\n", bad ? "FAILED" : "ALL OK");
	return bad != 0;
}
