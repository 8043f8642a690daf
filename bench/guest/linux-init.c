/* SPDX-License-Identifier: MIT */
/*
 * /init of the Linux baseline guests that need more than a console: it
 * gives the stock Debian kernel what ukl-run gives a ukld image, so that the
 * same program and the same host-side client can run against both.
 *
 *   1. loads the kernel modules listed in /modules.order (virtio, virtio-net,
 *      virtio-console...: the cloud kernel has them as modules), in that order;
 *   2. brings up lo and eth0 (if there is one) with QEMU user-net's address,
 *      10.0.2.15/24 and the default route through 10.0.2.2, the address a
 *      ukld image gets from DHCP (no DHCP client here: the address is fixed
 *      by QEMU's user network);
 *   3. mounts /proc, /sys, /tmp (tmpfs) and /dev (devtmpfs), and, when the
 *      machine has a virtio-serial device with ports 1, 2, 3 (as ukl-run
 *      gives a ukld image), makes them /prog's stdin, stdout and stderr;
 *   4. runs /prog with init's own arguments (the kernel command line after
 *      "--"), waits for it and ends the machine with its exit status through
 *      QEMU's isa-debug-exit device, encoded as a ukld image does
 *      (runtime/include/ukl/contract.h: v = s+1, 0x7e for 125 and above, so
 *      QEMU exits with 2*v+1 and never 1), which ukl-run decodes.
 * Built with musl-gcc -static (bench/bench.mk).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <glob.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void die_status(int status)
{
	fflush(stdout);
	if (ioperm(0xf4, 4, 1) == 0)
		outl(status < 125 ? (unsigned)status + 1 : 0x7e, 0xf4);
	perror("init: isa-debug-exit");
	for (;;)
		pause();
}

static void load_modules(void)
{
	FILE *f = fopen("/modules.order", "r");
	char path[256];

	if (!f)
		return;
	while (fgets(path, sizeof(path), f)) {
		path[strcspn(path, "\n")] = 0;
		if (!*path)
			continue;
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || syscall(SYS_finit_module, fd, "", 0) != 0)
			if (errno != EEXIST)
				fprintf(stderr, "init: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	fclose(f);
}

static void set_addr(int s, unsigned long req, const char *ifname, const char *addr)
{
	struct ifreq ifr = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, addr, &sin->sin_addr);
	if (ioctl(s, req, &ifr) != 0)
		fprintf(stderr, "init: %s %s: %s\n", ifname, addr, strerror(errno));
}

static int link_up(int s, const char *ifname)
{
	struct ifreq ifr = { 0 };

	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
		return -1;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	return ioctl(s, SIOCSIFFLAGS, &ifr);
}

static void net_up(void)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return;
	link_up(s, "lo");
	if (link_up(s, "eth0") == 0) {
		set_addr(s, SIOCSIFADDR, "eth0", "10.0.2.15");
		set_addr(s, SIOCSIFNETMASK, "eth0", "255.255.255.0");
		struct rtentry rt = { 0 };
		struct sockaddr_in *gw = (struct sockaddr_in *)&rt.rt_gateway;
		struct sockaddr_in *dst = (struct sockaddr_in *)&rt.rt_dst;
		struct sockaddr_in *mask = (struct sockaddr_in *)&rt.rt_genmask;
		gw->sin_family = dst->sin_family = mask->sin_family = AF_INET;
		inet_pton(AF_INET, "10.0.2.2", &gw->sin_addr);
		rt.rt_flags = RTF_UP | RTF_GATEWAY;
		if (ioctl(s, SIOCADDRT, &rt) != 0)
			fprintf(stderr, "init: default route: %s\n", strerror(errno));
	}
	close(s);
}

/* /dev/vportNpP for P = 1, 2, 3 onto descriptors 0, 1, 2. */
static void virtio_streams(void)
{
	glob_t g;
	char path[64];

	if (glob("/dev/vport*p1", 0, NULL, &g) != 0)
		return;
	for (int p = 1; p <= 3; p++) {
		snprintf(path, sizeof(path), "%.*s%d", (int)strlen(g.gl_pathv[0]) - 1,
			 g.gl_pathv[0], p);
		int fd = open(path, p == 1 ? O_RDONLY : O_WRONLY);
		if (fd >= 0 && fd != p - 1) {
			dup2(fd, p - 1);
			close(fd);
		}
	}
	globfree(&g);
}

int main(int argc, char **argv)
{
	(void)argc;
	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	mkdir("/tmp", 01777);
	mkdir("/dev", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	load_modules();
	net_up();

	pid_t pid = fork();
	if (pid == 0) {
		virtio_streams();
		argv[0] = "/prog";
		execv("/prog", argv);
		perror("init: /prog");
		_exit(127);
	}
	int st = 0;
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	die_status(pid < 0 ? 126 : WIFEXITED(st) ? WEXITSTATUS(st) : 127);
}
