/* SPDX-License-Identifier: MIT */
/* struct epoll_event as riscv64 Linux has it: naturally aligned (16 bytes). */
#ifndef ARCH_EPOLL_H
#define ARCH_EPOLL_H

#include <ukl/kernel.h>

struct epoll_event {
	uint32_t events;
	uint64_t data;
};

#endif
