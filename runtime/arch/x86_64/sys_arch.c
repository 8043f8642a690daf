/* SPDX-License-Identifier: MIT */
/* arch_prctl: the libc sets its thread pointer (FS base) through it. */
#include <ukl/arch.h>
#include <ukl/syscall.h>

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

SYSCALL(arch_prctl)
{
	switch (a1) {
	case ARCH_SET_FS:
		arch_set_tp((uintptr_t)a2);
		return 0;
	case ARCH_GET_FS:
		*(unsigned long *)a2 = arch_get_tp();
		return 0;
	default:
		return -EINVAL;
	}
}
