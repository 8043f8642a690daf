/* SPDX-License-Identifier: MIT */
/*
 * The network inside the runtime (runtime/net/): lwIP's glue (glue.c) and
 * the BSD socket layer (socket.c).  Not for the rest of the kernel: the
 * boot starts the network through its initcalls (glue.c, ukl/initcall.h),
 * which an image has only when its program can open a socket.
 *
 * lwIP has no locks of its own (NO_SYS=1): every call into it is made
 * between net_lock() and net_unlock(), with interrupts off, so the receive
 * interrupt and the timer, which also call into lwIP, never run inside it.
 */
#ifndef UKL_NET_NET_H
#define UKL_NET_NET_H

#include <ukl/kernel.h>

/* Interrupts off; lwIP started (lwip_init) on first use. */
unsigned long net_lock(void);
/* Re-arm lwIP's timer for its next timeout, deliver looped-back packets,
 * interrupts back as they were. */
void net_unlock(unsigned long flags);
/* The same bookkeeping without giving up the lock (before sleeping). */
void net_settle(void);

/* Under net_lock: wait (bounded) until the interface has an address (DHCP
 * may still be running at the first socket call).  0, or -ENETUNREACH when
 * there is no interface or no address came. */
long net_wait_addr(void);
/* Under net_lock: addr (network order) is one of ours (127/8, the
 * interface's address) or INADDR_ANY. */
bool net_addr_local(uint32_t addr);

#endif
