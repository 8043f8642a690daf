/* SPDX-License-Identifier: MIT */
/* Linux's socket ABI, the part the runtime's sockets take and give
 * (socket.c: AF_INET over lwIP; unix.c: AF_UNIX pairs): the same numbers
 * and layouts on x86_64 and riscv64. */
#ifndef UKL_NET_SOCKABI_H
#define UKL_NET_SOCKABI_H

#include <ukl/fs.h>

#define AF_UNSPEC 0
#define AF_UNIX   1
#define AF_INET   2
#define SOCK_STREAM 1
#define SOCK_DGRAM  2
#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK O_NONBLOCK
#define SOCK_CLOEXEC  O_CLOEXEC
#define IPPROTO_IP  0
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

#define SOL_SOCKET    1
#define SO_REUSEADDR  2
#define SO_TYPE       3
#define SO_ERROR      4
#define SO_BROADCAST  6
#define SO_SNDBUF     7
#define SO_RCVBUF     8
#define SO_KEEPALIVE  9
#define SO_LINGER     13
#define SO_REUSEPORT  15
#define SO_RCVTIMEO   20
#define SO_SNDTIMEO   21
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL   38
#define SO_DOMAIN     39
#define TCP_NODELAY   1
#define TCP_MAXSEG    2
#define TCP_KEEPIDLE  4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT   6
#define IP_TOS        1
#define IP_TTL        2

#define MSG_OOB      0x1
#define MSG_PEEK     0x2
#define MSG_TRUNC    0x20
#define MSG_DONTWAIT 0x40
#define MSG_WAITALL  0x100
#define MSG_NOSIGNAL 0x4000

#define SHUT_RD   0
#define SHUT_WR   1
#define SHUT_RDWR 2

#define FIONREAD 0x541B
#define FIONBIO  0x5421

#define UIO_MAXIOV 1024
#define SOMAXCONN  4096
#define UDP_MAX    65507         /* 65535 - IP and UDP headers */

struct sockaddr_in {
	uint16_t sin_family;
	uint16_t sin_port;          /* network order */
	uint32_t sin_addr;          /* network order */
	uint8_t sin_zero[8];
};

struct iovec {
	void *iov_base;
	size_t iov_len;
};

struct msghdr {
	void *msg_name;
	uint32_t msg_namelen;
	struct iovec *msg_iov;
	size_t msg_iovlen;
	void *msg_control;
	size_t msg_controllen;
	uint32_t msg_flags;
};

struct linger {
	int l_onoff, l_linger;
};

struct timeval {
	int64_t tv_sec, tv_usec;
};

#endif
