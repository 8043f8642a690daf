/* SPDX-License-Identifier: MIT */
/* AF_UNIX stream socket pairs (unix.c), for socket.c's system calls. */
#ifndef UKL_NET_UNIX_H
#define UKL_NET_UNIX_H

#include "sockabi.h"

/* The file of descriptor fd when it is one end of a pair, else NULL. */
struct file *unix_file(long fd);
long unix_socketpair(int type, int flags, int proto, int *sv);
long unix_recvv(struct file *f, const struct iovec *iov, size_t cnt, int flags);
long unix_sendv(struct file *f, const struct iovec *iov, size_t cnt, int flags);
/* connect() on an end: the address judged as Linux does, then no socket
 * of that name exists (none has a name here). */
long unix_connect(const void *uaddr, long len);
long unix_shutdown(struct file *f, int how);
long unix_name(struct file *f, void *uaddr, uint32_t *ulen);
long unix_getsockopt(struct file *f, int level, int opt, void *val, uint32_t *len);
long unix_setsockopt(struct file *f, int level, int opt, const void *val, uint32_t len);

#endif
