/* SPDX-License-Identifier: MIT */
/*
 * A network interface as the stack sees it: a driver (runtime/drivers/,
 * e.g. virtio-net) fills one in and registers it; the stack (runtime/net/)
 * sets rx and brings it up.  Frames are Ethernet frames without FCS.
 */
#ifndef UKL_NETDEV_H
#define UKL_NETDEV_H

#include <ukl/kernel.h>

struct netdev_frag {
	const void *data;
	size_t len;
};

struct netdev {
	const char *name;          /* "virtio-net0" */
	uint8_t mac[6];
	uint16_t mtu;              /* 1500 */
	/* Driver: queue one frame given as fragments (copied before return).
	 * 0, or -EAGAIN when the transmit ring is full.  Call with interrupts
	 * off. */
	int (*xmit)(struct netdev *nd, const struct netdev_frag *frags, int nfrags);
	/* Stack: one received frame, called by the driver with interrupts off
	 * (its interrupt handler); the bytes are the driver's again after the
	 * call returns. */
	void (*rx)(struct netdev *nd, const void *frame, size_t len);
	void *drv;                 /* the driver's */
	void *stack;               /* the stack's */
	struct netdev *next;
};

void netdev_register(struct netdev *nd);
/* The registered interfaces, in order; NULL at the end. */
struct netdev *netdev_first(void);

#endif
