/*
 * The UKL sample's server, in its style: a TCP echo server on port 5555
 * (or argv[1]) with epoll, a non-blocking accept4 loop, edge-triggered
 * EPOLLIN, echo until end of file.  A connection whose first bytes are
 * "QUIT\n" stops it (exit 0).  argv[2]: the address to bind (default any;
 * the host test binds 127.0.0.1).  Unmodified C, built with ukl-cc for the
 * guest and with gcc for the host.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_EVENTS 64
#define MAX_FDS 1024

/* Bytes read so far on each connection (for the QUIT check) and what is
 * still to be written back. */
static long seen[MAX_FDS];
static char *pend[MAX_FDS];
static size_t pend_len[MAX_FDS];

static void drop(int ep, int fd)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
	close(fd);
	free(pend[fd]);
	pend[fd] = NULL;
	pend_len[fd] = 0;
	seen[fd] = 0;
}

/* Write what is pending; 0 when all of it went, 1 if some is left, -1 on
 * error. */
static int flush(int fd)
{
	while (pend_len[fd]) {
		ssize_t k = send(fd, pend[fd], pend_len[fd], MSG_NOSIGNAL);
		if (k < 0)
			return errno == EAGAIN ? 1 : -1;
		memmove(pend[fd], pend[fd] + k, pend_len[fd] - (size_t)k);
		pend_len[fd] -= (size_t)k;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 5555, one = 1;
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
	static char buf[65536];

	if (argc > 2)
		inet_pton(AF_INET, argv[2], &addr.sin_addr);
	int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(l, (struct sockaddr *)&addr, sizeof(addr)) || listen(l, 128)) {
		perror("listen");
		return 1;
	}
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = l }, evs[MAX_EVENTS];
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev)) {
		perror("epoll");
		return 1;
	}
	printf("listening on %d\n", port);
	fflush(stdout);
	long conns = 0;
	for (;;) {
		int n = epoll_wait(ep, evs, MAX_EVENTS, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("epoll_wait");
			return 1;
		}
		for (int i = 0; i < n; i++) {
			int fd = evs[i].data.fd;
			if (fd == l) {
				int c;
				while ((c = accept4(l, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
					if (c >= MAX_FDS) {
						close(c);
						continue;
					}
					setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
					ev.events = EPOLLIN | EPOLLOUT | EPOLLET | EPOLLRDHUP;
					ev.data.fd = c;
					epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
					conns++;
				}
				if (errno != EAGAIN) {
					perror("accept4");
					return 1;
				}
				continue;
			}
			/* Edge-triggered: read until EAGAIN, unless the peer
			 * is not reading (then wait for EPOLLOUT). */
			int st = flush(fd);
			bool eof = false;
			while (st == 0) {
				ssize_t k = recv(fd, buf, sizeof(buf), 0);
				if (k == 0) {
					eof = true;
					break;
				}
				if (k < 0) {
					if (errno != EAGAIN)
						st = -1;
					break;
				}
				if (seen[fd] == 0 && k >= 5 && !memcmp(buf, "QUIT\n", 5)) {
					printf("quit after %ld connections\n", conns);
					return 0;
				}
				seen[fd] += k;
				pend[fd] = realloc(pend[fd], pend_len[fd] + (size_t)k);
				memcpy(pend[fd] + pend_len[fd], buf, (size_t)k);
				pend_len[fd] += (size_t)k;
				st = flush(fd);
			}
			if (st < 0 || (eof && flush(fd) == 0)) {
				drop(ep, fd);
			} else if (eof) {
				/* Finish writing back, then close: a blocking send. */
				int fl = 0;
				ioctl(fd, FIONBIO, &fl);
				flush(fd);
				drop(ep, fd);
			}
		}
	}
}
