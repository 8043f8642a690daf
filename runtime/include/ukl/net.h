/* SPDX-License-Identifier: MIT */
/* The TCP/IP stack (runtime/net/): started at boot after the drivers. */
#ifndef UKL_NET_H
#define UKL_NET_H

#include <ukl/kernel.h>

/* Bring up the registered network interfaces: a static address from the
 * kernel parameter ip=ADDR/PREFIX[,GATEWAY] (ukl/cmdline.h) or DHCP, started and not
 * waited for.  Without an interface it does nothing (lwIP starts at the
 * first socket, for the loopback). */
void net_init(void);

#endif
