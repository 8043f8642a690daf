/* SPDX-License-Identifier: MIT */
/*
 * listen-backlog.so: LD_PRELOADed into QEMU for make bench's Redis rows.
 * QEMU's user network (libslirp) listens on a forwarded host port with a
 * backlog of 1, so when redis-benchmark opens its 30 connections at once
 * the host's kernel finds the accept queue full, drops handshakes, and the
 * client sends them again 1, 3, 7, 15, 31 s later (TcpExtListenOverflows):
 * a test then lasts as long as its last connection takes to open, whatever
 * the guest.  Here every listen() asks for at least BACKLOG, as any server
 * would; nothing else in QEMU changes, and both guests (ukld's and Linux)
 * run with it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sys/socket.h>

#define BACKLOG 128

int listen(int fd, int backlog)
{
	static int (*real_listen)(int, int);

	if (!real_listen)
		real_listen = (int (*)(int, int))dlsym(RTLD_NEXT, "listen");
	return real_listen(fd, backlog < BACKLOG ? BACKLOG : backlog);
}
