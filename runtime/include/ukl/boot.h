/* SPDX-License-Identifier: MIT */
/* What the boot loader told us, in a form common code can use. */
#ifndef UKL_BOOT_H
#define UKL_BOOT_H

#include <ukl/kernel.h>

#define BOOT_MEM_MAX 32

struct boot_mem {
	uint64_t base, size;   /* usable RAM */
};

struct boot_info {
	const char *cmdline;   /* "" if none */
	unsigned nmem;
	struct boot_mem mem[BOOT_MEM_MAX];
	uint64_t initrd_base, initrd_size;   /* physical; size 0: none */
};

#endif
