/*
 * A UDP echo server on port 7000 (or argv[1]): every datagram goes back to
 * its sender, until one that is "QUIT": then it prints how many datagrams
 * and bytes it echoed and exits 0.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 7000;
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
	static char buf[65536];

	if (argc > 2)
		inet_pton(AF_INET, argv[2], &addr.sin_addr);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	if (u < 0 || bind(u, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("bind");
		return 1;
	}
	printf("listening on %d\n", port);
	fflush(stdout);
	long bytes = 0;
	for (long n = 0;; n++) {
		struct sockaddr_in from;
		socklen_t len = sizeof(from);
		ssize_t k = recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
		if (k < 0) {
			perror("recvfrom");
			return 1;
		}
		if (k == 4 && !memcmp(buf, "QUIT", 4)) {
			printf("echoed %ld datagrams, %ld bytes\n", n, bytes);
			return 0;
		}
		if (sendto(u, buf, (size_t)k, 0, (struct sockaddr *)&from, len) != k) {
			perror("sendto");
			return 1;
		}
		bytes += k;
	}
}
