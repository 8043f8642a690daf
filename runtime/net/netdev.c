/* SPDX-License-Identifier: MIT */
/* The registered network interfaces (ukl/netdev.h). */
#include <ukl/netdev.h>

static struct netdev *devs, **tail = &devs;

void netdev_register(struct netdev *nd)
{
	nd->next = NULL;
	*tail = nd;
	tail = &nd->next;
}

struct netdev *netdev_first(void)
{
	return devs;
}
