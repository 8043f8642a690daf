/* SPDX-License-Identifier: MIT */
/* struct epoll_event as x86_64 Linux has it: packed (12 bytes), the layout
 * of the 32-bit ABI it inherited. */
#ifndef ARCH_EPOLL_H
#define ARCH_EPOLL_H

#include <ukl/kernel.h>

struct epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));

#endif
