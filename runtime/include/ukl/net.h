/* SPDX-License-Identifier: MIT */
/* The TCP/IP stack (runtime/net/): started at boot after the drivers. */
#ifndef UKL_NET_H
#define UKL_NET_H

#include <ukl/kernel.h>

/* Bring up the registered network interfaces: a static address from the
 * kernel command line (ip=ADDR/PREFIX[,GATEWAY]) or DHCP, started and not
 * waited for.  Without an interface it does nothing (lwIP starts at the
 * first socket, for the loopback). */
void net_init(const char *cmdline);
/* Is this command-line word the kernel's (ip=...), not the program's? */
bool net_cmdline_word(const char *word);

#endif
