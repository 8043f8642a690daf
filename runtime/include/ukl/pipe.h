/* SPDX-License-Identifier: MIT */
/*
 * One direction of bytes between two ends, as a pipe has it (fs/pipe.c):
 * 64 KiB held in pages taken as the data needs them, reads that wait for
 * data or for the last writer to go, writes of at most PIPE_BUF bytes that
 * go in whole.  Pipes are two files over one; a socket pair
 * (runtime/net/unix.c) is two of them crossed.  The caller counts its ends
 * in readers and writers and calls pipe_end_gone() after dropping one.
 */
#ifndef UKL_PIPE_H
#define UKL_PIPE_H

#include <ukl/sched.h>

#define PIPE_SIZE 65536u   /* Linux's default capacity */
#define PIPE_BUF  4096u    /* writes up to this size are atomic (POSIX) */

struct pipe {
	char *pages[PIPE_SIZE / PAGE_SIZE];
	uint32_t head, len;            /* first byte, bytes held */
	uint32_t readers, writers;     /* open ends of each kind */
	struct waitq wq;               /* EPOLLIN / EPOLLOUT changes */
};

/* An empty pipe with no ends (NULL: no memory). */
struct pipe *pipe_new(void);
/* Up to n bytes: 0 at the end (no writer left), -EAGAIN (nonblock) or
 * -EINTR where it would wait; peek leaves them there. */
long pipe_rx(struct pipe *p, void *buf, size_t n, bool nonblock, bool peek);
/* All n bytes, or fewer when a wait is cut short; no reader: -EPIPE, with
 * SIGPIPE unless nosignal. */
long pipe_tx(struct pipe *p, const void *buf, size_t n, bool nonblock, bool nosignal);
/* A write with no reader: SIGPIPE (unless nosignal), then -EPIPE. */
long pipe_broken(bool nosignal);
/* An end was dropped from readers or writers: wake the other side, free
 * the pipe when none is left. */
void pipe_end_gone(struct pipe *p);

#endif
