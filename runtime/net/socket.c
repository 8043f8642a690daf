/* SPDX-License-Identifier: MIT */
/*
 * BSD sockets over lwIP's raw API: AF_INET stream (TCP) and datagram (UDP)
 * sockets as open files (struct file_ops), the socket system calls.
 *
 * A struct sock holds what lwIP hands over by callback until the program
 * asks for it: received TCP data as a pbuf chain, datagrams in a ring,
 * accepted connections in a queue, the pending error (SO_ERROR).  lwIP's
 * callbacks run inside lwIP (under net_lock: interrupts off), from the
 * receive interrupt, the timer or a system call; each one wakes the
 * socket's wait queue with the events that became true, which is what
 * blocking calls sleep on (wait_event) and what poll/select/epoll register
 * (sock_poll -> poll_wait).  Socket objects come from a fixed pool, not
 * kmalloc, because a connection is accepted in interrupt context.
 *
 * Errors are Linux's: a reset is reported once as ECONNRESET (ECONNREFUSED
 * while connecting), then reads see end of file and writes EPIPE; closing
 * with unread data resets the connection (RFC 2525), as Linux does.
 */
#include <ukl/errno.h>
#include <ukl/fs.h>
#include <ukl/poll.h>
#include <ukl/sched.h>
#include <ukl/syscall.h>
#include <ukl/time.h>

#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/udp.h"
#include "net.h"
#include "sockabi.h"
#include "unix.h"

/* ---- sockets -------------------------------------------------------------- */

#define SOCK_MAX   (MEMP_NUM_TCP_PCB + MEMP_NUM_UDP_PCB)
#define DGRAM_MAX  64            /* datagrams queued on a UDP socket */
#define RCVBUF_DEFAULT 212992    /* Linux's net.core.rmem_default */

struct dgram {
	struct pbuf *p;
	uint32_t addr;              /* sender, network order */
	uint16_t port;              /* host order */
};

struct sock {
	struct waitq wq;
	int type;                   /* SOCK_STREAM, SOCK_DGRAM; 0: free */
	union {
		struct tcp_pcb *tcp;    /* NULL once lwIP freed it (reset...) */
		struct udp_pcb *udp;
	};
	int err;                    /* pending error (SO_ERROR), positive */
	bool listening, connecting, connected;
	bool dead;                  /* the connection is gone (reset, aborted) */
	bool rx_eof;                /* the peer's FIN */
	bool shut_rd, shut_wr;
	bool closing;               /* released; waiting to send its FIN */
	/* TCP: received, not yet read: pbufs linked by hand (a pbuf chain's
	 * 16-bit tot_len cannot count a 64 KB window), rx_off bytes of the
	 * first read, rx_len bytes in all. */
	struct pbuf *rx, *rx_tail;
	size_t rx_off, rx_len;
	/* Listening: connections accepted by lwIP, not yet by the program. */
	struct sock *aq_head, *aq_tail, *aq_next;
	int aq_len;
	struct sock *listener;      /* queued on this listener's aq */
	/* UDP: datagrams received, a ring. */
	struct dgram *dq;
	int dq_head, dq_len;
	size_t dq_bytes;
	/* Options. */
	uint64_t rcvtimeo, sndtimeo;     /* ns, 0: none */
	int rcvbuf, sndbuf;
	bool reuseaddr, reuseport, keepalive, nodelay, broadcast;
	struct linger linger;
	uint32_t keep_idle, keep_intvl, keep_cnt;    /* 0: lwIP's default */
};

static struct sock sock_pool[SOCK_MAX];
static struct dgram dgram_pool[MEMP_NUM_UDP_PCB][DGRAM_MAX];

static struct sock *sock_alloc(int type)
{
	for (size_t i = 0; i < ARRAY_SIZE(sock_pool); i++) {
		struct sock *s = &sock_pool[i];
		if (s->type)
			continue;
		memset(s, 0, sizeof(*s));
		waitq_init(&s->wq);
		s->type = type;
		s->rcvbuf = RCVBUF_DEFAULT;
		s->sndbuf = TCP_SND_BUF;
		return s;
	}
	return NULL;
}

static void sock_free(struct sock *s)
{
	s->type = 0;
}

static bool dgram_used[MEMP_NUM_UDP_PCB];

static struct dgram *dgram_ring_alloc(void)
{
	for (int i = 0; i < MEMP_NUM_UDP_PCB; i++)
		if (!dgram_used[i]) {
			dgram_used[i] = true;
			return dgram_pool[i];
		}
	return NULL;
}

static void dgram_ring_free(struct dgram *d)
{
	if (d)
		dgram_used[(d - dgram_pool[0]) / DGRAM_MAX] = false;
}

/* lwIP's errors as Linux's errnos (positive). */
static int err_to_errno(err_t e)
{
	switch (e) {
	case ERR_OK:         return 0;
	case ERR_MEM:        return ENOMEM;
	case ERR_BUF:        return ENOBUFS;
	case ERR_TIMEOUT:    return ETIMEDOUT;
	case ERR_RTE:        return ENETUNREACH;
	case ERR_INPROGRESS: return EINPROGRESS;
	case ERR_VAL:        return EINVAL;
	case ERR_WOULDBLOCK: return EAGAIN;
	case ERR_USE:        return EADDRINUSE;
	case ERR_ALREADY:    return EALREADY;
	case ERR_ISCONN:     return EISCONN;
	case ERR_CONN:       return ENOTCONN;
	case ERR_IF:         return EIO;
	case ERR_ABRT:       return ECONNABORTED;
	case ERR_RST:        return ECONNRESET;
	case ERR_CLSD:       return ENOTCONN;
	case ERR_ARG:        return EINVAL;
	default:             return EIO;
	}
}

/* The pending error, cleared as Linux's sock_error() does. */
static long sock_error(struct sock *s)
{
	int e = s->err;
	s->err = 0;
	return -e;
}

static uint64_t deadline_of(uint64_t timeo)
{
	return timeo ? time_monotonic_ns() + timeo : 0;
}

/* Sleep (lock held: interrupts off) until cond, a signal or the deadline:
 * 0, -EAGAIN at the deadline (Linux's SO_RCVTIMEO/SO_SNDTIMEO), -EINTR. */
#define sock_wait(s, cond, deadline)                                           \
	({                                                                     \
		net_settle();                                                  \
		long __r = wait_event(&(s)->wq, (cond), (deadline));           \
		__r == -ETIMEDOUT ? -EAGAIN : __r;                             \
	})

/* ---- lwIP's TCP callbacks --------------------------------------------------- */

static err_t tcp_recv_cb(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err);
static err_t tcp_sent_cb(void *arg, struct tcp_pcb *pcb, u16_t len);
static void tcp_err_cb(void *arg, err_t err);

static void tcp_attach(struct sock *s, struct tcp_pcb *pcb)
{
	s->tcp = pcb;
	tcp_arg(pcb, s);
	tcp_recv(pcb, tcp_recv_cb);
	tcp_sent(pcb, tcp_sent_cb);
	tcp_err(pcb, tcp_err_cb);
}

/* Stop lwIP calling back into s (before s goes or the pcb is handed back). */
static void tcp_detach(struct tcp_pcb *pcb)
{
	tcp_arg(pcb, NULL);
	if (pcb->state == LISTEN) {
		/* A listening pcb has only the accept callback (lwIP
		 * refuses the others). */
		tcp_accept(pcb, NULL);
		return;
	}
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	tcp_poll(pcb, NULL, 0);
}

static void sock_release_tcp(struct sock *s);

static err_t tcp_recv_cb(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct sock *s = arg;

	(void)err;
	if (s->closing) {
		/* Released while its FIN waits for room: data now resets. */
		if (p)
			pbuf_free(p);
		return ERR_OK;
	}
	if (!p) {
		s->rx_eof = true;
		waitq_wake(&s->wq, EPOLLIN | EPOLLRDNORM | EPOLLRDHUP);
		return ERR_OK;
	}
	if (s->rx)
		s->rx_tail->next = p;
	else
		s->rx = p;
	for (s->rx_tail = p; s->rx_tail->next; s->rx_tail = s->rx_tail->next)
		;
	s->rx_len += p->tot_len;
	(void)pcb;
	waitq_wake(&s->wq, EPOLLIN | EPOLLRDNORM);
	return ERR_OK;
}

static bool tcp_writable(const struct sock *s)
{
	return s->tcp && tcp_sndbuf(s->tcp) > 0 &&
	       tcp_sndqueuelen(s->tcp) < TCP_SND_QUEUELEN - 2;
}

static err_t tcp_sent_cb(void *arg, struct tcp_pcb *pcb __maybe_unused, u16_t len __maybe_unused)
{
	struct sock *s = arg;

	if (s->closing) {
		sock_release_tcp(s);
		return ERR_OK;
	}
	waitq_wake(&s->wq, EPOLLOUT | EPOLLWRNORM);
	return ERR_OK;
}

static err_t tcp_closing_poll(void *arg, struct tcp_pcb *pcb __maybe_unused)
{
	sock_release_tcp(arg);
	return ERR_OK;
}

/* The pcb is gone (lwIP freed it): reset, refused, aborted, timed out. */
static void tcp_err_cb(void *arg, err_t err)
{
	struct sock *s = arg;

	if (!s)
		return;
	s->tcp = NULL;
	if (s->closing) {
		s->closing = false;
		if (s->rx)
			pbuf_free(s->rx);
		s->rx = NULL;
		sock_free(s);
		return;
	}
	s->dead = true;
	if (err == ERR_RST && s->connecting)
		s->err = ECONNREFUSED;
	else if (err == ERR_CLSD)
		s->err = 0;     /* closed by the peer after our close: no error */
	else
		s->err = err_to_errno(err);
	if (s->connecting && err == ERR_ABRT)
		s->err = ETIMEDOUT;   /* the SYN's retransmissions ran out */
	s->connecting = false;
	waitq_wake(&s->wq, EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLRDHUP);
}

static err_t tcp_connected_cb(void *arg, struct tcp_pcb *pcb __maybe_unused, err_t err)
{
	struct sock *s = arg;

	s->connecting = false;
	if (err != ERR_OK) {
		s->err = err_to_errno(err);
		waitq_wake(&s->wq, EPOLLOUT | EPOLLERR);
		return ERR_OK;
	}
	s->connected = true;
	waitq_wake(&s->wq, EPOLLOUT | EPOLLWRNORM);
	return ERR_OK;
}

static void tcp_apply_options(struct sock *s)
{
	struct tcp_pcb *pcb = s->tcp;

	if (!pcb || pcb->state == LISTEN)
		return;
	if (s->nodelay)
		tcp_nagle_disable(pcb);
	else
		tcp_nagle_enable(pcb);
	if (s->keepalive)
		ip_set_option(pcb, SOF_KEEPALIVE);
	else
		ip_reset_option(pcb, SOF_KEEPALIVE);
	if (s->keep_idle)
		pcb->keep_idle = s->keep_idle * 1000;
	if (s->keep_intvl)
		pcb->keep_intvl = s->keep_intvl * 1000;
	if (s->keep_cnt)
		pcb->keep_cnt = s->keep_cnt;
}

/* A connection completed its handshake on a listening socket. */
static err_t tcp_accept_cb(void *arg, struct tcp_pcb *newpcb, err_t err)
{
	struct sock *l = arg, *s;

	if (err != ERR_OK || !newpcb)
		return ERR_VAL;
	if (!(s = sock_alloc(SOCK_STREAM)))
		return ERR_MEM;     /* lwIP resets the connection */
	tcp_attach(s, newpcb);
	/* lwIP's backlog counts half-open connections only; Linux's counts
	 * those waiting for accept(): keep this one counted until then. */
	tcp_backlog_delayed(newpcb);
	s->connected = true;
	/* Linux's accepted sockets inherit the listener's options. */
	s->nodelay = l->nodelay;
	s->keepalive = l->keepalive;
	s->keep_idle = l->keep_idle;
	s->keep_intvl = l->keep_intvl;
	s->keep_cnt = l->keep_cnt;
	s->rcvtimeo = l->rcvtimeo;
	s->sndtimeo = l->sndtimeo;
	s->rcvbuf = l->rcvbuf;
	s->sndbuf = l->sndbuf;
	s->linger = l->linger;
	tcp_apply_options(s);
	s->listener = l;
	if (l->aq_tail)
		l->aq_tail->aq_next = s;
	else
		l->aq_head = s;
	l->aq_tail = s;
	l->aq_len++;
	waitq_wake(&l->wq, EPOLLIN | EPOLLRDNORM);
	return ERR_OK;
}

/* ---- UDP ------------------------------------------------------------------ */

static void udp_recv_cb(void *arg, struct udp_pcb *pcb __maybe_unused, struct pbuf *p,
			const ip_addr_t *addr, u16_t port)
{
	struct sock *s = arg;

	/* A full queue drops the datagram, as a full receive buffer does. */
	if (s->dq_len == DGRAM_MAX || s->dq_bytes + p->tot_len > (size_t)s->rcvbuf) {
		pbuf_free(p);
		return;
	}
	struct dgram *d = &s->dq[(s->dq_head + s->dq_len) % DGRAM_MAX];
	d->p = p;
	d->addr = ip4_addr_get_u32(ip_2_ip4(addr));
	d->port = port;
	s->dq_len++;
	s->dq_bytes += p->tot_len;
	waitq_wake(&s->wq, EPOLLIN | EPOLLRDNORM);
}

/* ---- addresses ---------------------------------------------------------------- */

/* A sockaddr_in from the program; -errno as Linux's inet checks. */
static long addr_in(const void *uaddr, long len, struct sockaddr_in *sin, bool bind)
{
	if (len < 0)
		return -EINVAL;
	if (!uaddr)
		return -EFAULT;
	if ((size_t)len < sizeof(uint16_t))
		return -EINVAL;
	memcpy(sin, uaddr, MIN((size_t)len, sizeof(*sin)));
	if (sin->sin_family == AF_UNSPEC && !bind)
		return 0;
	if ((size_t)len < sizeof(*sin))
		return -EINVAL;
	if (sin->sin_family != AF_INET &&
	    !(bind && sin->sin_family == AF_UNSPEC && sin->sin_addr == 0))
		return -EAFNOSUPPORT;
	return 0;
}

/* Write (addr, port) to the program's sockaddr and its length, truncated
 * to the room it gave as Linux does. */
static long addr_out(void *uaddr, uint32_t *ulen, uint32_t addr, uint16_t port)
{
	if (!uaddr || !ulen)
		return 0;
	if ((int)*ulen < 0)
		return -EINVAL;
	struct sockaddr_in sin = { AF_INET, lwip_htons(port), addr, { 0 } };
	memcpy(uaddr, &sin, MIN(*ulen, sizeof(sin)));
	*ulen = sizeof(sin);
	return 0;
}

/* ---- data ------------------------------------------------------------------ */

static size_t iov_total(const struct iovec *iov, size_t cnt)
{
	size_t n = 0;

	for (size_t i = 0; i < cnt; i++)
		n += iov[i].iov_len;
	return n;
}

/* Copy up to n bytes of the pbufs from p on, from offset off, into the
 * iovecs starting done bytes into them (walks the pbufs by their len, not
 * the chain's 16-bit tot_len and offsets). */
static void copy_to_iov(const struct iovec *iov, size_t cnt, size_t done,
			struct pbuf *p, size_t off, size_t n)
{
	size_t i = 0;

	while (i < cnt && done >= iov[i].iov_len)
		done -= iov[i++].iov_len;
	while (p && off >= p->len) {
		off -= p->len;
		p = p->next;
	}
	while (n && p && i < cnt) {
		size_t k = MIN(MIN(n, p->len - off), iov[i].iov_len - done);
		memcpy((char *)iov[i].iov_base + done, (char *)p->payload + off, k);
		n -= k;
		off += k;
		done += k;
		if (off == p->len) {
			p = p->next;
			off = 0;
		}
		if (done == iov[i].iov_len) {
			i++;
			done = 0;
		}
	}
}

static size_t rx_avail(const struct sock *s)
{
	return s->rx_len;
}

/* Read n bytes off the front of the queue, opening the window by as much. */
static void rx_consume(struct sock *s, size_t n)
{
	size_t opened = n;

	s->rx_len -= n;
	while (n && s->rx) {
		struct pbuf *p = s->rx;
		size_t left = p->len - s->rx_off;
		if (n < left) {
			s->rx_off += n;
			break;
		}
		n -= left;
		s->rx = p->next;
		p->next = NULL;
		p->tot_len = p->len;
		pbuf_free(p);
		s->rx_off = 0;
	}
	if (!s->rx)
		s->rx_tail = NULL;
	while (opened && s->tcp) {
		u16_t k = (u16_t)MIN(opened, 0xffffu);
		tcp_recved(s->tcp, k);
		opened -= k;
	}
}

static long tcp_recvv(struct sock *s, const struct iovec *iov, size_t cnt, int flags,
		      bool nonblock)
{
	size_t want = iov_total(iov, cnt), done = 0;
	uint64_t deadline = deadline_of(s->rcvtimeo);

	if (s->listening)
		return -ENOTCONN;
	if (flags & MSG_OOB)
		return -EINVAL;
	if (!want)
		return 0;
	for (;;) {
		size_t avail = rx_avail(s);
		if (avail) {
			size_t k = MIN(want - done, avail);
			copy_to_iov(iov, cnt, done, s->rx, s->rx_off, k);
			if (!(flags & MSG_PEEK))
				rx_consume(s, k);
			done += k;
			if (done == want || !(flags & MSG_WAITALL) || (flags & MSG_PEEK))
				return (long)done;
			continue;
		}
		if (s->err)
			return done ? (long)done : sock_error(s);
		if (s->rx_eof || s->shut_rd || s->dead)
			return (long)done;
		if (!s->connected && !s->connecting)
			return done ? (long)done : -ENOTCONN;
		if (nonblock)
			return done ? (long)done : -EAGAIN;
		long r = sock_wait(s, rx_avail(s) || s->err || s->rx_eof || s->shut_rd ||
				      s->dead, deadline);
		if (r)
			return done ? (long)done : r;
	}
}

static long tcp_sendv(struct sock *s, const struct iovec *iov, size_t cnt, bool nonblock)
{
	size_t want = iov_total(iov, cnt), done = 0;
	uint64_t deadline = deadline_of(s->sndtimeo);
	size_t i = 0, off = 0;

	if (s->err)
		return sock_error(s);
	if (s->dead || s->shut_wr)
		return -EPIPE;
	if (s->listening || (!s->connected && !s->connecting))
		return -ENOTCONN;
	while (done < want) {
		if (s->err)
			return done ? (long)done : sock_error(s);
		if (s->dead || s->shut_wr)
			return done ? (long)done : -EPIPE;
		if (s->connected && tcp_writable(s)) {
			while (iov[i].iov_len == off) {
				i++;
				off = 0;
			}
			size_t k = MIN(MIN(iov[i].iov_len - off, (size_t)tcp_sndbuf(s->tcp)), 0xffffu);
			bool more = done + k < want;
			err_t e = tcp_write(s->tcp, (char *)iov[i].iov_base + off, (u16_t)k,
					    TCP_WRITE_FLAG_COPY | (more ? TCP_WRITE_FLAG_MORE : 0));
			if (e == ERR_OK) {
				off += k;
				done += k;
				continue;
			}
			if (e != ERR_MEM)
				return done ? (long)done : -err_to_errno(e);
			/* lwIP's heap is full: send what is queued, wait a
			 * little for acknowledgements to free some. */
			tcp_output(s->tcp);
			if (nonblock)
				break;
			long r = sock_wait(s, false, time_monotonic_ns() + 10000000);
			if (r != -EAGAIN)
				return done ? (long)done : r;
			if (deadline && time_monotonic_ns() >= deadline)
				return done ? (long)done : -EAGAIN;
			continue;
		}
		if (s->tcp)
			tcp_output(s->tcp);
		if (nonblock)
			break;
		long r = sock_wait(s, (s->connected && tcp_writable(s)) || s->err || s->dead ||
				      s->shut_wr, deadline);
		if (r)
			return done ? (long)done : r;
	}
	if (s->tcp && done)
		tcp_output(s->tcp);
	return done ? (long)done : -EAGAIN;
}

static long udp_recvv(struct sock *s, const struct iovec *iov, size_t cnt, int flags,
		      bool nonblock, void *from, uint32_t *fromlen, uint32_t *msg_flags)
{
	uint64_t deadline = deadline_of(s->rcvtimeo);

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	while (!s->dq_len) {
		if (s->err)
			return sock_error(s);
		if (s->shut_rd)
			return 0;
		if (nonblock)
			return -EAGAIN;
		long r = sock_wait(s, s->dq_len || s->err || s->shut_rd, deadline);
		if (r)
			return r;
	}
	struct dgram *d = &s->dq[s->dq_head];
	size_t len = d->p->tot_len, want = iov_total(iov, cnt);
	size_t k = MIN(len, want);
	copy_to_iov(iov, cnt, 0, d->p, 0, k);
	long r = addr_out(from, fromlen, d->addr, d->port);
	if (r)
		return r;
	if (msg_flags && k < len)
		*msg_flags |= MSG_TRUNC;
	if (!(flags & MSG_PEEK)) {
		pbuf_free(d->p);
		d->p = NULL;
		s->dq_head = (s->dq_head + 1) % DGRAM_MAX;
		s->dq_len--;
		s->dq_bytes -= len;
	}
	return (long)((flags & MSG_TRUNC) ? len : k);
}

static long udp_sendv(struct sock *s, const struct iovec *iov, size_t cnt,
		      const struct sockaddr_in *to)
{
	size_t len = iov_total(iov, cnt);
	ip_addr_t dst;
	err_t e;

	if (s->err)
		return sock_error(s);
	if (s->shut_wr)
		return -EPIPE;
	if (!to && !(s->udp->flags & UDP_FLAGS_CONNECTED))
		return -EDESTADDRREQ;
	if (len > UDP_MAX)
		return -EMSGSIZE;
	uint32_t daddr = to ? to->sin_addr : ip4_addr_get_u32(ip_2_ip4(&s->udp->remote_ip));
	if (lwip_ntohl(daddr) >> 24 != 127) {
		long r = net_wait_addr();
		if (r)
			return r;
	}
	if (daddr == IPADDR_BROADCAST && !s->broadcast)
		return -EACCES;
	/* A chain of pool buffers: large datagrams do not need a large block of
	 * lwIP's heap. */
	struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)len, PBUF_RAM);
	if (!p)
		return -ENOBUFS;
	size_t off = 0;
	for (size_t i = 0; i < cnt; i++) {
		pbuf_take_at(p, iov[i].iov_base, (u16_t)iov[i].iov_len, (u16_t)off);
		off += iov[i].iov_len;
	}
	if (to) {
		ip_addr_set_ip4_u32(&dst, to->sin_addr);
		e = udp_sendto(s->udp, p, &dst, lwip_ntohs(to->sin_port));
	} else {
		e = udp_send(s->udp, p);
	}
	pbuf_free(p);
	if (e == ERR_RTE)
		return -ENETUNREACH;
	if (e == ERR_MEM || e == ERR_BUF || e == ERR_IF)
		return -ENOBUFS;    /* dropped on the way out, as Linux may */
	if (e != ERR_OK)
		return -err_to_errno(e);
	return (long)len;
}

/* ---- the file --------------------------------------------------------------- */

static struct sock *file_sock(struct file *f);

static bool f_nonblock(struct file *f, int flags)
{
	return (f->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
}

static long sock_recvv(struct file *f, const struct iovec *iov, size_t cnt, int flags,
		       void *from, uint32_t *fromlen, uint32_t *msg_flags)
{
	struct sock *s = f->priv;
	unsigned long fl = net_lock();
	long r;

	if (s->type == SOCK_STREAM) {
		r = tcp_recvv(s, iov, cnt, flags, f_nonblock(f, flags));
		if (r >= 0 && fromlen)
			*fromlen = 0;   /* Linux: no address for a stream */
	} else {
		r = udp_recvv(s, iov, cnt, flags, f_nonblock(f, flags), from, fromlen,
			      msg_flags);
	}
	net_unlock(fl);
	return r;
}

static long sock_sendv(struct file *f, const struct iovec *iov, size_t cnt, int flags,
		       const void *to, long tolen)
{
	struct sock *s = f->priv;
	struct sockaddr_in sin;
	long r;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (to && s->type == SOCK_DGRAM) {
		r = addr_in(to, tolen, &sin, false);
		if (r)
			return r;
		if (sin.sin_family == AF_UNSPEC)
			to = NULL;
	}
	unsigned long fl = net_lock();
	if (s->type == SOCK_STREAM) {
		/* A stream ignores the address, unless not connected (Linux:
		 * EISCONN or ENOTCONN by state; ENOTCONN covers it here). */
		r = tcp_sendv(s, iov, cnt, f_nonblock(f, flags));
	} else {
		r = udp_sendv(s, iov, cnt, to ? &sin : NULL);
	}
	net_unlock(fl);
	return r;
}

static long sock_read(struct file *f, void *buf, size_t n)
{
	struct iovec iov = { buf, n };
	return sock_recvv(f, &iov, 1, 0, NULL, NULL, NULL);
}

static long sock_write(struct file *f, const void *buf, size_t n)
{
	struct iovec iov = { (void *)buf, n };
	return sock_sendv(f, &iov, 1, 0, NULL, 0);
}

/* Readiness as Linux's tcp_poll and datagram_poll compute it. */
static unsigned sock_poll(struct file *f, struct poll_table *pt)
{
	struct sock *s = f->priv;
	unsigned mask = 0;
	unsigned long fl = net_lock();

	poll_wait(pt, &s->wq);
	if (s->type == SOCK_STREAM) {
		if (s->listening) {
			if (s->aq_len)
				mask |= EPOLLIN | EPOLLRDNORM;
		} else {
			bool rcv_shut = s->rx_eof || s->shut_rd || s->dead;
			bool snd_shut = s->shut_wr || s->dead;
			bool closed = s->dead || !(s->connected || s->connecting);
			if ((rcv_shut && snd_shut) || closed)
				mask |= EPOLLHUP;
			if (rcv_shut)
				mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
			if (!s->connecting) {
				if (rx_avail(s))
					mask |= EPOLLIN | EPOLLRDNORM;
				if (snd_shut || !s->connected ||
				    (tcp_writable(s) && tcp_sndbuf(s->tcp) >= TCP_SNDLOWAT))
					mask |= EPOLLOUT | EPOLLWRNORM;
			}
		}
	} else {
		if (s->dq_len)
			mask |= EPOLLIN | EPOLLRDNORM;
		if (s->shut_rd)
			mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
		if (s->shut_rd && s->shut_wr)
			mask |= EPOLLHUP;
		mask |= EPOLLOUT | EPOLLWRNORM;
	}
	if (s->err)
		mask |= EPOLLERR;
	net_unlock(fl);
	return mask;
}

static long sock_ioctl(struct file *f, unsigned long cmd, unsigned long arg)
{
	struct sock *s = f->priv;
	unsigned long fl;
	int n;

	switch (cmd) {
	case FIONBIO:
		if (!arg)
			return -EFAULT;
		if (*(int *)arg)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~O_NONBLOCK;
		return 0;
	case FIONREAD:
		if (!arg)
			return -EFAULT;
		if (s->type == SOCK_STREAM && s->listening)
			return -EINVAL;
		fl = net_lock();
		if (s->type == SOCK_STREAM)
			n = (int)rx_avail(s);
		else
			n = s->dq_len ? s->dq[s->dq_head].p->tot_len : 0;
		net_unlock(fl);
		*(int *)arg = n;
		return 0;
	default:
		return -ENOTTY;
	}
}

/* Hand a released connection back to lwIP: close it (its FIN goes after
 * the data still queued), or, when lwIP has no room for the FIN yet, keep
 * the socket until the sent or poll callback finds room. */
static void sock_release_tcp(struct sock *s)
{
	struct tcp_pcb *pcb = s->tcp;
	bool reset = s->rx || (s->linger.l_onoff && !s->linger.l_linger);

	if (s->rx)
		pbuf_free(s->rx);
	s->rx = NULL;
	s->closing = false;
	if (!pcb) {
		sock_free(s);
		return;
	}
	tcp_detach(pcb);
	if (reset) {
		/* Unread data or SO_LINGER 0: a reset, as Linux sends. */
		tcp_abort(pcb);
	} else if (tcp_close(pcb) != ERR_OK) {
		s->closing = true;
		tcp_arg(pcb, s);
		tcp_recv(pcb, tcp_recv_cb);
		tcp_sent(pcb, tcp_sent_cb);
		tcp_err(pcb, tcp_err_cb);
		tcp_poll(pcb, tcp_closing_poll, 1);
		return;
	}
	/* The pcb is lwIP's now (or freed already). */
	s->tcp = NULL;
	sock_free(s);
}

/* The last descriptor of s is gone. */
static void sock_destroy(struct sock *s)
{
	if (s->type == SOCK_STREAM) {
		if (s->listening) {
			/* Connections nobody accepted are reset. */
			for (struct sock *c = s->aq_head, *n; c; c = n) {
				n = c->aq_next;
				c->linger.l_onoff = 1;
				c->linger.l_linger = 0;
				sock_release_tcp(c);
			}
			s->aq_head = s->aq_tail = NULL;
			if (s->tcp) {
				tcp_detach(s->tcp);
				tcp_close(s->tcp);   /* a listener always closes */
			}
			s->tcp = NULL;
			sock_free(s);
		} else {
			sock_release_tcp(s);
		}
	} else {
		if (s->udp)
			udp_remove(s->udp);
		s->udp = NULL;
		for (; s->dq_len; s->dq_len--) {
			pbuf_free(s->dq[s->dq_head].p);
			s->dq_head = (s->dq_head + 1) % DGRAM_MAX;
		}
		dgram_ring_free(s->dq);
		sock_free(s);
	}
}

static void sock_release(struct file *f)
{
	unsigned long fl = net_lock();
	sock_destroy(f->priv);
	net_unlock(fl);
}

static const struct file_ops sock_ops = {
	.read = sock_read,
	.write = sock_write,
	.poll = sock_poll,
	.ioctl = sock_ioctl,
	.release = sock_release,
};

static struct sock *file_sock(struct file *f)
{
	return f && f->ops == &sock_ops ? f->priv : NULL;
}

/* The socket of descriptor fd: -EBADF, -ENOTSOCK. */
static long fd_sock(long fd, struct file **fp, struct sock **sp)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	/* One end of an AF_UNIX pair (unix.c) is connected already: bind,
	 * listen and accept are not for it (Linux: EINVAL). */
	if (!(*sp = file_sock(f)))
		return unix_file(fd) ? -EINVAL : -ENOTSOCK;
	*fp = f;
	return 0;
}

/* fd_sock, or one end of an AF_UNIX pair (*sp NULL): the calls that
 * move data, shut down and take options serve both. */
static long fd_socket(long fd, struct file **fp, struct sock **sp)
{
	struct file *f = unix_file(fd);

	if (!f)
		return fd_sock(fd, fp, sp);
	*fp = f;
	*sp = NULL;
	return 0;
}

static long sock_install(struct sock *s, uint32_t flags)
{
	struct file *f = file_open_ops(S_IFSOCK | 0777, &sock_ops, s,
				       O_RDWR | (flags & O_NONBLOCK));
	if (!f) {
		unsigned long fl = net_lock();
		sock_destroy(s);
		net_unlock(fl);
		return -ENOMEM;
	}
	long fd = fd_install(f, 0, flags & O_CLOEXEC);
	file_put(f);     /* on failure, this releases s too */
	return fd;
}

/* ---- system calls ------------------------------------------------------------ */

SYSCALL(socket)
{
	int domain = (int)a1, type = (int)a2 & SOCK_TYPE_MASK, proto = (int)a3;
	int flags = (int)a2 & ~SOCK_TYPE_MASK;

	if (domain != AF_INET)
		return -EAFNOSUPPORT;
	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (type != SOCK_STREAM && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (proto != 0 && proto != (type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP))
		return -EPROTONOSUPPORT;
	if (fd_table_full())
		return -EMFILE;

	unsigned long fl = net_lock();
	struct sock *s = sock_alloc(type);
	long r = -ENOBUFS;
	if (!s)
		goto out;
	if (type == SOCK_STREAM) {
		struct tcp_pcb *pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
		if (!pcb)
			goto fail;
		tcp_attach(s, pcb);
	} else {
		if (!(s->dq = dgram_ring_alloc()))
			goto fail;
		if (!(s->udp = udp_new_ip_type(IPADDR_TYPE_V4))) {
			dgram_ring_free(s->dq);
			goto fail;
		}
		udp_recv(s->udp, udp_recv_cb, s);
	}
	net_unlock(fl);
	return sock_install(s, (uint32_t)flags);
fail:
	sock_free(s);
out:
	net_unlock(fl);
	return r;
}

SYSCALL(bind)
{
	struct file *f;
	struct sock *s;
	struct sockaddr_in sin;
	long r = fd_sock(a1, &f, &s);

	if (r || (r = addr_in((void *)a2, a3, &sin, true)))
		return r;
	unsigned long fl = net_lock();
	ip_addr_t ip;
	ip_addr_set_ip4_u32(&ip, sin.sin_addr);
	uint16_t port = lwip_ntohs(sin.sin_port);
	if (!net_addr_local(sin.sin_addr)) {
		r = -EADDRNOTAVAIL;
	} else if (s->type == SOCK_STREAM) {
		if (!s->tcp || s->tcp->state != CLOSED || s->tcp->local_port)
			r = -EINVAL;
		else {
			if (s->reuseaddr)
				ip_set_option(s->tcp, SOF_REUSEADDR);
			r = -err_to_errno(tcp_bind(s->tcp, &ip, port));
		}
	} else {
		if (s->udp->local_port)
			r = -EINVAL;
		else {
			if (s->reuseaddr)
				ip_set_option(s->udp, SOF_REUSEADDR);
			r = -err_to_errno(udp_bind(s->udp, &ip, port));
		}
	}
	net_unlock(fl);
	return r;
}

SYSCALL(listen)
{
	struct file *f;
	struct sock *s;
	long r = fd_sock(a1, &f, &s);
	int backlog = (int)a2;

	if (r)
		return r;
	if (s->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	/* Linux: backlog clamped to somaxconn, and backlog + 1 connections
	 * wait; lwIP counts up to 255 (a u8). */
	if (backlog < 0 || backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	uint8_t lb = (uint8_t)MIN(backlog + 1, 255);
	unsigned long fl = net_lock();
	if (s->listening) {
		tcp_backlog_set(s->tcp, lb);
	} else if (!s->tcp || s->connected || s->connecting || s->tcp->state != CLOSED) {
		r = -EINVAL;
	} else {
		err_t e = ERR_OK;
		if (!s->tcp->local_port) {
			if (s->reuseaddr)
				ip_set_option(s->tcp, SOF_REUSEADDR);
			e = tcp_bind(s->tcp, IP4_ADDR_ANY, 0);
		}
		struct tcp_pcb *lpcb = e ? NULL : tcp_listen_with_backlog_and_err(s->tcp, lb, &e);
		if (!lpcb) {
			r = e == ERR_USE ? -EADDRINUSE : -err_to_errno(e ? e : ERR_MEM);
		} else {
			/* The listening pcb replaces the socket's (freed). */
			s->tcp = lpcb;
			tcp_arg(lpcb, s);
			tcp_accept(lpcb, tcp_accept_cb);
			s->listening = true;
			/* Connections come to the interface's address: have
			 * one before the program says it is listening (no
			 * interface: nothing to wait for). */
			net_wait_addr();
		}
	}
	net_unlock(fl);
	return r;
}

static long do_accept(long fd, void *uaddr, uint32_t *ulen, long flags)
{
	struct file *f;
	struct sock *l, *s;
	long r = fd_sock(fd, &f, &l);

	if (r)
		return r;
	if (flags & ~(long)(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (l->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	if (uaddr && (!ulen || (int)*ulen < 0))
		return ulen ? -EINVAL : -EFAULT;
	unsigned long fl = net_lock();
	if (!l->listening || l->shut_rd) {
		r = -EINVAL;
		goto out;
	}
	/* Another thread may take the connection or close the listener
	 * while this one sleeps: check again after every wake-up. */
	while (!l->aq_head) {
		if (f->flags & O_NONBLOCK) {
			r = -EAGAIN;
			goto out;
		}
		r = sock_wait(l, l->aq_head || !l->listening || l->shut_rd,
			      deadline_of(l->rcvtimeo));
		if (r)
			goto out;
		if (!l->listening || l->shut_rd) {
			r = -EINVAL;
			goto out;
		}
	}
	if (fd_table_full()) {
		r = -EMFILE;
		goto out;
	}
	s = l->aq_head;
	l->aq_head = s->aq_next;
	if (!l->aq_head)
		l->aq_tail = NULL;
	l->aq_len--;
	s->aq_next = NULL;
	s->listener = NULL;
	uint32_t addr = 0;
	uint16_t port = 0;
	if (s->tcp) {
		tcp_backlog_accepted(s->tcp);
		addr = ip4_addr_get_u32(ip_2_ip4(&s->tcp->remote_ip));
		port = s->tcp->remote_port;
	}
	net_unlock(fl);
	addr_out(uaddr, ulen, addr, port);
	return sock_install(s, (uint32_t)flags);
out:
	net_unlock(fl);
	return r;
}

SYSCALL_RESTARTABLE(accept)
{
	return do_accept(a1, (void *)a2, (uint32_t *)a3, 0);
}

SYSCALL_RESTARTABLE(accept4)
{
	return do_accept(a1, (void *)a2, (uint32_t *)a3, a4);
}

SYSCALL_INTERRUPTIBLE(connect)
{
	struct file *f;
	struct sock *s;
	struct sockaddr_in sin;
	if (unix_file(a1))
		return unix_connect(a2 ? (const void *)a2 : NULL, a3);
	long r = fd_sock(a1, &f, &s);

	if (r || (r = addr_in((void *)a2, a3, &sin, false)))
		return r;
	unsigned long fl = net_lock();
	ip_addr_t ip;
	ip_addr_set_ip4_u32(&ip, sin.sin_addr);
	uint16_t port = lwip_ntohs(sin.sin_port);
	bool loop = lwip_ntohl(sin.sin_addr) >> 24 == 127;

	if (s->type == SOCK_DGRAM) {
		if (sin.sin_family == AF_UNSPEC) {
			udp_disconnect(s->udp);
			r = 0;
		} else if (!loop && (r = net_wait_addr())) {
			;
		} else {
			r = -err_to_errno(udp_connect(s->udp, &ip, port));
		}
		goto out;
	}
	if (sin.sin_family == AF_UNSPEC) {
		r = -EOPNOTSUPP;    /* disconnecting a stream: not here */
		goto out;
	}
	if (s->listening) {
		r = -EINVAL;
		goto out;
	}
	if (s->connected) {
		r = -EISCONN;
		goto out;
	}
	if (s->dead) {
		r = s->err ? sock_error(s) : -ECONNABORTED;
		goto out;
	}
	if (!s->connecting) {
		if (!loop && (r = net_wait_addr()))
			goto out;
		if (sin.sin_addr == 0)
			ip_addr_set_ip4_u32(&ip, lwip_htonl(0x7f000001));  /* Linux: 0.0.0.0 is us */
		err_t e = tcp_connect(s->tcp, &ip, port, tcp_connected_cb);
		if (e != ERR_OK) {
			r = e == ERR_USE ? -EADDRINUSE : -err_to_errno(e);
			goto out;
		}
		s->connecting = true;
		if (f->flags & O_NONBLOCK) {
			r = -EINPROGRESS;
			goto out;
		}
	} else if (f->flags & O_NONBLOCK) {
		r = -EALREADY;
		goto out;
	}
	r = sock_wait(s, !s->connecting, deadline_of(s->sndtimeo));
	if (r == -EAGAIN)
		r = -EINPROGRESS;     /* Linux: a connect timed out by SO_SNDTIMEO */
	if (!r)
		r = s->connected ? 0 : (s->err ? sock_error(s) : -ECONNREFUSED);
out:
	net_unlock(fl);
	return r;
}

static long do_name(long fd, void *uaddr, uint32_t *ulen, bool peer)
{
	struct file *f = unix_file(fd);
	struct sock *s;
	if (f)
		return unix_name(f, uaddr, ulen);
	long r = fd_sock(fd, &f, &s);

	if (r)
		return r;
	if (!ulen)
		return -EFAULT;
	uint32_t addr = 0;
	uint16_t port = 0;
	unsigned long fl = net_lock();
	if (s->type == SOCK_STREAM) {
		if (peer && (!s->connected || !s->tcp))
			r = -ENOTCONN;
		else if (peer) {
			addr = ip4_addr_get_u32(ip_2_ip4(&s->tcp->remote_ip));
			port = s->tcp->remote_port;
		} else if (s->tcp) {
			/* local_ip/local_port: common to listening pcbs too. */
			addr = ip4_addr_get_u32(ip_2_ip4(&s->tcp->local_ip));
			port = s->tcp->local_port;
		}
	} else {
		if (peer && !(s->udp->flags & UDP_FLAGS_CONNECTED))
			r = -ENOTCONN;
		else if (peer) {
			addr = ip4_addr_get_u32(ip_2_ip4(&s->udp->remote_ip));
			port = s->udp->remote_port;
		} else {
			addr = ip4_addr_get_u32(ip_2_ip4(&s->udp->local_ip));
			port = s->udp->local_port;
		}
	}
	net_unlock(fl);
	if (r)
		return r;
	return addr_out(uaddr, ulen, addr, port);
}

SYSCALL(getsockname)
{
	return do_name(a1, (void *)a2, (uint32_t *)a3, false);
}

SYSCALL(getpeername)
{
	return do_name(a1, (void *)a2, (uint32_t *)a3, true);
}

static long check_iov(const struct iovec *iov, size_t cnt)
{
	if (cnt > UIO_MAXIOV)
		return -EMSGSIZE;
	if (cnt && !iov)
		return -EFAULT;
	size_t total = 0;
	for (size_t i = 0; i < cnt; i++) {
		if ((long)iov[i].iov_len < 0 || total + iov[i].iov_len < total)
			return -EINVAL;
		total += iov[i].iov_len;
	}
	return total > 0x7ffff000 ? -EINVAL : 0;
}

SYSCALL_RESTARTABLE(sendto)
{
	struct file *f;
	struct sock *s;
	long r = fd_socket(a1, &f, &s);
	struct iovec iov = { (void *)a2, (size_t)a3 };

	if (r)
		return r;
	if (a4 & ~(long)(MSG_DONTWAIT | MSG_NOSIGNAL | MSG_OOB | 0x8000 /* MSG_MORE */ |
			 0x800 /* MSG_EOR */ | 0x4 /* MSG_DONTROUTE */ | 0x40000000))
		return -EOPNOTSUPP;
	if (!s)   /* a connected pair: the address is not looked at */
		return unix_sendv(f, &iov, 1, (int)a4);
	return sock_sendv(f, &iov, 1, (int)a4, (void *)a5, a6);
}

SYSCALL_RESTARTABLE(recvfrom)
{
	struct file *f;
	struct sock *s;
	long r = fd_socket(a1, &f, &s);
	struct iovec iov = { (void *)a2, (size_t)a3 };

	if (r)
		return r;
	if (a6 && (int)*(uint32_t *)a6 < 0)
		return -EINVAL;
	if (!s) {   /* a pair: no address for a stream (Linux: length 0) */
		if ((r = unix_recvv(f, &iov, 1, (int)a4)) >= 0 && a5 && a6)
			*(uint32_t *)a6 = 0;
		return r;
	}
	return sock_recvv(f, &iov, 1, (int)a4, (void *)a5, a5 ? (uint32_t *)a6 : NULL, NULL);
}

SYSCALL_RESTARTABLE(sendmsg)
{
	struct file *f;
	struct sock *s;
	long r = fd_socket(a1, &f, &s);
	const struct msghdr *m = (const struct msghdr *)a2;

	if (r)
		return r;
	if (!m)
		return -EFAULT;
	if ((r = check_iov(m->msg_iov, m->msg_iovlen)))
		return r;
	if (!s)
		return unix_sendv(f, m->msg_iov, m->msg_iovlen, (int)a3);
	return sock_sendv(f, m->msg_iov, m->msg_iovlen, (int)a3, m->msg_name,
			  m->msg_name ? (long)m->msg_namelen : 0);
}

SYSCALL_RESTARTABLE(recvmsg)
{
	struct file *f;
	struct sock *s;
	long r = fd_socket(a1, &f, &s);
	struct msghdr *m = (struct msghdr *)a2;

	if (r)
		return r;
	if (!m)
		return -EFAULT;
	if ((r = check_iov(m->msg_iov, m->msg_iovlen)))
		return r;
	uint32_t mflags = 0;
	if (!s) {
		r = unix_recvv(f, m->msg_iov, m->msg_iovlen, (int)a3);
		if (r >= 0)
			m->msg_namelen = 0;
	} else {
		r = sock_recvv(f, m->msg_iov, m->msg_iovlen, (int)a3, m->msg_name,
			       m->msg_name ? &m->msg_namelen : NULL, &mflags);
	}
	if (r >= 0) {
		m->msg_flags = mflags;
		m->msg_controllen = 0;   /* no ancillary data */
		if (!m->msg_name)
			m->msg_namelen = 0;
	}
	return r;
}

SYSCALL(shutdown)
{
	struct file *f;
	struct sock *s;
	long r = fd_socket(a1, &f, &s);
	int how = (int)a2;

	if (r)
		return r;
	if (!s)
		return unix_shutdown(f, how);
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	unsigned long fl = net_lock();
	bool rd = how != SHUT_WR, wr = how != SHUT_RD;
	if (s->type == SOCK_STREAM) {
		if (s->listening) {
			/* Linux: shutdown of a listener stops it; accept
			 * then fails with EINVAL. */
			if (rd) {
				s->shut_rd = true;
				waitq_wake(&s->wq, EPOLLIN | EPOLLHUP);
			}
		} else if (!s->connected && !s->dead) {
			r = -ENOTCONN;
		} else {
			if (wr && !s->shut_wr && s->tcp) {
				err_t e = tcp_shutdown(s->tcp, 0, 1);
				if (e != ERR_OK)
					r = -err_to_errno(e);
			}
			s->shut_rd |= rd;
			s->shut_wr |= wr && !r;
			waitq_wake(&s->wq, EPOLLIN | EPOLLOUT | EPOLLRDHUP);
		}
	} else {
		if (!(s->udp->flags & UDP_FLAGS_CONNECTED))
			r = -ENOTCONN;
		s->shut_rd |= rd;
		s->shut_wr |= wr;
		waitq_wake(&s->wq, EPOLLIN | EPOLLOUT);
	}
	net_unlock(fl);
	return r;
}

static long timeo_get(uint64_t ns, void *val, uint32_t *len)
{
	struct timeval tv = { (int64_t)(ns / 1000000000), (int64_t)(ns % 1000000000) / 1000 };
	uint32_t n = MIN(*len, (uint32_t)sizeof(tv));
	memcpy(val, &tv, n);
	*len = n;
	return 0;
}

static long timeo_set(uint64_t *ns, const void *val, uint32_t len)
{
	struct timeval tv;

	if (len < sizeof(tv))
		return -EINVAL;
	memcpy(&tv, val, sizeof(tv));
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -33;  /* EDOM, as Linux */
	if (tv.tv_sec < 0)
		*ns = 0;    /* Linux: negative is "no timeout" (it warns) */
	else
		*ns = (uint64_t)tv.tv_sec * 1000000000 + (uint64_t)tv.tv_usec * 1000;
	return 0;
}

SYSCALL(setsockopt)
{
	struct file *f;
	struct sock *s;
	long r = fd_socket(a1, &f, &s);
	int level = (int)a2, opt = (int)a3;
	const void *val = (const void *)a4;
	uint32_t len = (uint32_t)a5;
	int v = 0;

	if (r)
		return r;
	if (!s)
		return unix_setsockopt(f, level, opt, val, len);
	if ((int)len < 0)
		return -EINVAL;
	if (!val && len)
		return -EFAULT;
	bool is_timeo = level == SOL_SOCKET && (opt == SO_RCVTIMEO || opt == SO_SNDTIMEO);
	bool is_linger = level == SOL_SOCKET && opt == SO_LINGER;
	if (!is_timeo && !is_linger) {
		if (len < sizeof(int))
			return -EINVAL;
		memcpy(&v, val, sizeof(int));
	}
	unsigned long fl = net_lock();
	switch (level) {
	case SOL_SOCKET:
		switch (opt) {
		case SO_REUSEADDR:
			s->reuseaddr = v;
			break;
		case SO_REUSEPORT:
			/* Accepted: one process, nothing to balance. */
			s->reuseport = v;
			break;
		case SO_KEEPALIVE:
			s->keepalive = v;
			break;
		case SO_BROADCAST:
			s->broadcast = v;
			if (s->type == SOCK_DGRAM) {
				if (v)
					ip_set_option(s->udp, SOF_BROADCAST);
				else
					ip_reset_option(s->udp, SOF_BROADCAST);
			}
			break;
		case SO_RCVBUF:
		case SO_SNDBUF:
			/* Linux doubles the value (bookkeeping overhead) and
			 * reports that; lwIP's window and send buffer are
			 * fixed (lwipopts.h), so this is recorded only. */
			v = v < 1152 ? 2304 : v > 0x3fffffff ? 0x7ffffffe : v * 2;
			if (opt == SO_RCVBUF)
				s->rcvbuf = v;
			else
				s->sndbuf = v;
			break;
		case SO_LINGER:
			if (len < sizeof(struct linger))
				r = -EINVAL;
			else
				memcpy(&s->linger, val, sizeof(struct linger));
			break;
		case SO_RCVTIMEO:
			r = timeo_set(&s->rcvtimeo, val, len);
			break;
		case SO_SNDTIMEO:
			r = timeo_set(&s->sndtimeo, val, len);
			break;
		default:
			r = -ENOPROTOOPT;
		}
		break;
	case IPPROTO_TCP:
		if (s->type != SOCK_STREAM) {
			r = -ENOPROTOOPT;
			break;
		}
		switch (opt) {
		case TCP_NODELAY:
			s->nodelay = v;
			break;
		case TCP_KEEPIDLE:
		case TCP_KEEPINTVL:
			if (v < 1 || v > 32767)
				r = -EINVAL;
			else if (opt == TCP_KEEPIDLE)
				s->keep_idle = (uint32_t)v;
			else
				s->keep_intvl = (uint32_t)v;
			break;
		case TCP_KEEPCNT:
			if (v < 1 || v > 127)
				r = -EINVAL;
			else
				s->keep_cnt = (uint32_t)v;
			break;
		case TCP_MAXSEG:
			break;   /* accepted; lwIP's MSS is fixed */
		default:
			r = -ENOPROTOOPT;
		}
		break;
	case IPPROTO_IP:
		if (opt == IP_TOS || opt == IP_TTL) {
			struct ip_pcb *pcb = s->type == SOCK_STREAM ? (struct ip_pcb *)s->tcp :
								    (struct ip_pcb *)s->udp;
			if (opt == IP_TTL && (v < -1 || v == 0 || v > 255))
				r = -EINVAL;
			else if (pcb && opt == IP_TOS)
				pcb->tos = (u8_t)v;
			else if (pcb)
				pcb->ttl = (u8_t)(v == -1 ? IP_DEFAULT_TTL : v);
		} else {
			r = -ENOPROTOOPT;
		}
		break;
	default:
		r = -ENOPROTOOPT;
	}
	if (!r && s->type == SOCK_STREAM)
		tcp_apply_options(s);
	net_unlock(fl);
	return r;
}

SYSCALL(getsockopt)
{
	struct file *f;
	struct sock *s;
	long r = fd_socket(a1, &f, &s);
	int level = (int)a2, opt = (int)a3, v = 0;
	void *val = (void *)a4;
	uint32_t *len = (uint32_t *)a5;

	if (r)
		return r;
	if (!s)
		return unix_getsockopt(f, level, opt, val, len);
	if (!len)
		return -EFAULT;
	if ((int)*len < 0)
		return -EINVAL;
	unsigned long fl = net_lock();
	switch (level) {
	case SOL_SOCKET:
		switch (opt) {
		case SO_REUSEADDR:  v = s->reuseaddr; break;
		case SO_REUSEPORT:  v = s->reuseport; break;
		case SO_KEEPALIVE:  v = s->keepalive; break;
		case SO_BROADCAST:  v = s->broadcast; break;
		case SO_TYPE:       v = s->type; break;
		case SO_DOMAIN:     v = AF_INET; break;
		case SO_PROTOCOL:   v = s->type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP; break;
		case SO_ACCEPTCONN: v = s->listening; break;
		case SO_ERROR:      v = (int)-sock_error(s); break;
		case SO_RCVBUF:     v = s->rcvbuf; break;
		case SO_SNDBUF:     v = s->sndbuf; break;
		case SO_LINGER: {
			uint32_t n = MIN(*len, (uint32_t)sizeof(struct linger));
			memcpy(val, &s->linger, n);
			*len = n;
			goto out;
		}
		case SO_RCVTIMEO:
			r = timeo_get(s->rcvtimeo, val, len);
			goto out;
		case SO_SNDTIMEO:
			r = timeo_get(s->sndtimeo, val, len);
			goto out;
		default:
			r = -ENOPROTOOPT;
			goto out;
		}
		break;
	case IPPROTO_TCP:
		if (s->type != SOCK_STREAM) {
			r = -ENOPROTOOPT;
			goto out;
		}
		switch (opt) {
		case TCP_NODELAY:   v = s->nodelay; break;
		case TCP_KEEPIDLE:  v = s->keep_idle ? (int)s->keep_idle : (int)(TCP_KEEPIDLE_DEFAULT / 1000); break;
		case TCP_KEEPINTVL: v = s->keep_intvl ? (int)s->keep_intvl : (int)(TCP_KEEPINTVL_DEFAULT / 1000); break;
		case TCP_KEEPCNT:   v = s->keep_cnt ? (int)s->keep_cnt : (int)TCP_KEEPCNT_DEFAULT; break;
		case TCP_MAXSEG:    v = s->tcp && s->connected ? s->tcp->mss : TCP_MSS; break;
		default:
			r = -ENOPROTOOPT;
			goto out;
		}
		break;
	case IPPROTO_IP:
		if (opt == IP_TTL)
			v = IP_DEFAULT_TTL;
		else if (opt == IP_TOS)
			v = 0;
		else {
			r = -ENOPROTOOPT;
			goto out;
		}
		break;
	default:
		r = -ENOPROTOOPT;
		goto out;
	}
	/* Linux copies min(len, sizeof(int)) of an int option. */
	uint32_t n = MIN(*len, (uint32_t)sizeof(int));
	memcpy(val, &v, n);
	*len = n;
out:
	net_unlock(fl);
	return r;
}

SYSCALL(socketpair)
{
	int type = (int)a2 & SOCK_TYPE_MASK, flags = (int)a2 & ~SOCK_TYPE_MASK;

	if ((int)a1 == AF_UNIX)
		return unix_socketpair(type, flags, (int)a3, (int *)a4);
	/* AF_INET has no pairs (Linux: EOPNOTSUPP). */
	if ((int)a1 != AF_INET)
		return -EAFNOSUPPORT;
	return -EOPNOTSUPP;
}
