/*
 * A TCP echo server without epoll: blocking accept, read and write, one
 * connection at a time, until a connection starts with "QUIT\n" (exit 0).
 * argv[1]: port (default 5555); argv[2]: address (default any).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 5555, one = 1;
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
	static char buf[32768];

	if (argc > 2)
		inet_pton(AF_INET, argv[2], &addr.sin_addr);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(l, (struct sockaddr *)&addr, sizeof(addr)) || listen(l, 16)) {
		perror("listen");
		return 1;
	}
	printf("listening on %d\n", port);
	fflush(stdout);
	for (long conns = 1;; conns++) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		int c = accept(l, (struct sockaddr *)&peer, &len);
		if (c < 0) {
			perror("accept");
			return 1;
		}
		long total = 0;
		ssize_t k;
		while ((k = read(c, buf, sizeof(buf))) > 0) {
			if (total == 0 && k >= 5 && !memcmp(buf, "QUIT\n", 5)) {
				printf("quit after %ld connections\n", conns);
				return 0;
			}
			total += k;
			for (ssize_t off = 0; off < k;) {
				ssize_t w = write(c, buf + off, (size_t)(k - off));
				if (w <= 0) {
					perror("write");
					return 1;
				}
				off += w;
			}
		}
		if (k < 0) {
			perror("read");
			return 1;
		}
		close(c);
	}
}
