/*
 * echo: an epoll TCP echo server on Linux's own network stack and
 * virtio-net.  It brings eth0 up as QEMU's user network expects
 * (10.0.2.15/24; Linux has no DHCP client here), listens on port 7, echoes
 * each connection until it closes, and exits 0 after the first one.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int ifconfig(const char *name, const char *addr, const char *mask)
{
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	sin->sin_family = AF_INET;
	if (addr) {
		inet_pton(AF_INET, addr, &sin->sin_addr);
		if (ioctl(s, SIOCSIFADDR, &ifr) < 0)
			return perror("SIOCSIFADDR"), -1;
		inet_pton(AF_INET, mask, &sin->sin_addr);
		if (ioctl(s, SIOCSIFNETMASK, &ifr) < 0)
			return perror("SIOCSIFNETMASK"), -1;
	}
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return perror("SIOCGIFFLAGS"), -1;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		return perror("SIOCSIFFLAGS"), -1;
	close(s);
	return 0;
}

int main(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(7) };
	struct epoll_event ev, evs[8];
	int one = 1, served = 0;
	char buf[4096];

	if (ifconfig("lo", NULL, NULL) || ifconfig("eth0", "10.0.2.15", "255.255.255.0"))
		return 1;
	int l = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 4))
		return perror("listen"), 1;
	int ep = epoll_create1(0);
	ev.events = EPOLLIN;
	ev.data.fd = l;
	epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
	printf("echo: listening on port 7\n");
	fflush(stdout);
	while (!served) {
		int n = epoll_wait(ep, evs, 8, -1);
		for (int i = 0; i < n; i++) {
			int fd = evs[i].data.fd;
			if (fd == l) {
				int c = accept(l, NULL, NULL);
				ev.events = EPOLLIN;
				ev.data.fd = c;
				epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
				continue;
			}
			ssize_t r = read(fd, buf, sizeof(buf));
			if (r <= 0) {
				epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
				close(fd);
				served = 1;
				continue;
			}
			for (ssize_t off = 0; off < r; ) {
				ssize_t w = write(fd, buf + off, r - off);
				if (w <= 0)
					return 1;
				off += w;
			}
		}
	}
	printf("echo: served one connection\n");
	return 0;
}
