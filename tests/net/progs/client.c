/*
 * A client inside the guest: connects out to 10.0.2.100:PORT (argv[1];
 * ukl-run's UKL_NET_GUESTFWD takes it to a server on the host's 127.0.0.1)
 * with a non-blocking connect completed through poll, sends 1 MB and
 * checks the echo, byte for byte.  Prints `ok NAME` / `BAD NAME: why`.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int bad;
#define OK(name, cond, ...) do { if (cond) printf("ok %s\n", name); \
	else { bad++; printf("BAD %s: ", name); printf(__VA_ARGS__); printf(" (errno %d)\n", errno); } } while (0)

static char out[1 << 20], in[1 << 20];

int main(int argc, char **argv)
{
	const char *host = argc > 2 ? argv[2] : "10.0.2.100";
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;
	setvbuf(stdout, NULL, _IOLBF, 0);
	int r = getaddrinfo(host, argc > 1 ? argv[1] : "7777", &hints, &res);
	OK("getaddrinfo of a numeric address", r == 0, "r=%d", r);
	if (r)
		return 1;
	int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	r = connect(c, res->ai_addr, res->ai_addrlen);
	OK("non-blocking connect: EINPROGRESS", r == -1 && errno == EINPROGRESS, "r=%d", r);
	struct pollfd p = { c, POLLOUT, 0 };
	r = poll(&p, 1, 10000);
	int err = -1;
	socklen_t el = sizeof(err);
	getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &el);
	OK("connect completes through poll: POLLOUT, SO_ERROR 0",
	   r == 1 && (p.revents & POLLOUT) && err == 0, "r=%d revents=%x err=%d", r, p.revents, err);
	r = connect(c, res->ai_addr, res->ai_addrlen);
	OK("connect again: EISCONN", r == -1 && errno == EISCONN, "r=%d", r);
	fcntl(c, F_SETFL, 0);
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (char)(i * 31 + (i >> 12));
	size_t sent = 0, got = 0;
	/* Interleaved, so that neither side's buffers fill up. */
	while (got < sizeof(in)) {
		if (sent < sizeof(out)) {
			ssize_t k = write(c, out + sent, sizeof(out) - sent > 8192 ? 8192 : sizeof(out) - sent);
			if (k <= 0)
				break;
			sent += (size_t)k;
		}
		p.events = POLLIN;
		if (poll(&p, 1, sent < sizeof(out) ? 0 : 10000) < 0)
			break;
		if (p.revents & POLLIN) {
			ssize_t k = read(c, in + got, sizeof(in) - got);
			if (k <= 0)
				break;
			got += (size_t)k;
		} else if (sent == sizeof(out)) {
			break;
		}
	}
	OK("1 MB echoed by the host, in order", got == sizeof(in) && !memcmp(in, out, got),
	   "sent %zu got %zu", sent, got);
	/* (QEMU's guestfwd is a character device: it passes no half-close
	 * on, so the test ends here rather than waiting for the host's FIN.) */
	OK("close", close(c) == 0, "close");
	printf("%s\n", bad ? "FAILED" : "ALL OK");
	return bad != 0;
}
