/* SPDX-License-Identifier: MIT */
/*
 * lwIP's configuration for the runtime (lwIP's opt.h lists every option
 * and its default).  lwIP runs without threads of its own (NO_SYS=1, the
 * raw callback API): every call into it is made with interrupts off
 * (runtime/net/glue.c net_lock), from a system call, the driver's receive
 * interrupt or the timer, so lwIP needs no protection of its own.
 *
 * Sizes are for servers: lwIP's defaults (5 TCP connections, a 536-byte
 * MSS, a 2 KB window) suit a microcontroller.  The memory is lwIP's own:
 * its pools in .bss, its heap taken from contiguous frames when lwIP
 * starts (glue.c), so that an image that never opens a socket does not
 * clear 4 MiB more of .bss at boot.  kmalloc stops at 2048 bytes and is not
 * meant for the receive interrupt.
 */
#ifndef UKL_LWIPOPTS_H
#define UKL_LWIPOPTS_H

/* ---- system ------------------------------------------------------------ */
#define NO_SYS                  1
#define SYS_LIGHTWEIGHT_PROT    0     /* the callers turn interrupts off */
#define LWIP_TIMERS             1     /* sys_check_timeouts from a ktimer */
#define LWIP_SOCKET             0     /* our own BSD layer: net/socket.c */
#define LWIP_NETCONN            0
#define LWIP_RAW                0
#define LWIP_ALTCP              0
#define LWIP_STATS              0
#define LWIP_RAND()             ((u32_t)ukl_net_rand())

/* ---- memory ------------------------------------------------------------ */
#define MEM_ALIGNMENT           8
/* The heap: outgoing TCP segments (tcp_write copies into it) and UDP
 * datagrams.  64 KB of send buffer for each of 64 busy connections. */
#define MEM_SIZE                (4 * 1024 * 1024)
extern unsigned char *ukl_net_heap;
#define LWIP_RAM_HEAP_POINTER   ukl_net_heap
/* Received frames: one pool buffer holds a full 1514-byte frame.  Enough
 * for 32 connections' full 64 KB windows at once. */
#define PBUF_POOL_SIZE          1536
#define MEMP_NUM_PBUF           256
#define MEMP_NUM_UDP_PCB        64
#define MEMP_NUM_TCP_PCB        512
#define MEMP_NUM_TCP_PCB_LISTEN 64
#define MEMP_NUM_TCP_SEG        8192
#define MEMP_NUM_REASSDATA      8
#define IP_REASS_MAX_PBUFS      64    /* a 64 KB UDP datagram: 45 fragments */
#define MEMP_NUM_FRAG_PBUF      64
#define MEMP_NUM_ARP_QUEUE      64
#define MEMP_OVERFLOW_CHECK     0

/* ---- IPv4, ARP, DHCP, ICMP ---------------------------------------------- */
#define LWIP_IPV4               1
#define LWIP_IPV6               0
#define LWIP_ARP                1
#define LWIP_ETHERNET           1
#define LWIP_ICMP               1
#define LWIP_DHCP               1
/* The ARP probe of an offered address costs half a second of boot; QEMU's
 * user network hands out 10.0.2.15 to the one guest there is. */
#define DHCP_DOES_ARP_CHECK     0
#define LWIP_DNS                0
#define LWIP_IGMP               0
#define IP_REASSEMBLY           1
#define IP_FRAG                 1
#define IP_DEFAULT_TTL          64
#define LWIP_NETIF_STATUS_CALLBACK 1
/* 127.0.0.1: a guest client reaches a guest server. */
#define LWIP_HAVE_LOOPIF        1
#define LWIP_NETIF_LOOPBACK     1
#define LWIP_LOOPBACK_MAX_PBUFS 0
#define ETH_PAD_SIZE            0

/* ---- TCP --------------------------------------------------------------- */
#define LWIP_TCP                1
#define TCP_MSS                 1460
/* A 64 KB window needs window scaling (the header field is 16 bits). */
#define LWIP_WND_SCALE          1
#define TCP_RCV_SCALE           2
#define TCP_WND                 (64 * 1024)
#define TCP_SND_BUF             (64 * 1024)
#define TCP_SND_QUEUELEN        ((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS)
#define TCP_SNDLOWAT            (TCP_SND_BUF / 4)
#define TCP_QUEUE_OOSEQ         1
/* listen(fd, backlog): connections beyond the backlog wait unanswered. */
#define TCP_LISTEN_BACKLOG      1
#define TCP_DEFAULT_LISTEN_BACKLOG 0xff
#define LWIP_TCP_KEEPALIVE      1
/* SO_REUSEADDR: bind while an old connection is in TIME_WAIT. */
#define SO_REUSE                1

/* ---- UDP --------------------------------------------------------------- */
#define LWIP_UDP                1

#endif
