/* SPDX-License-Identifier: MIT */
/*
 * riscv64 system call numbers for the common table in runtime/syscall.c:
 * asm-generic's, as the riscv64 kernel headers define them.  asm-generic
 * has no poll, time or arch_prctl (musl uses ppoll, clock_gettime and the
 * tp register); it has getrlimit, and riscv64 adds riscv_flush_icache.
 */
#ifndef ARCH_SYSCALL_NR_H
#define ARCH_SYSCALL_NR_H

enum syscall_nr {
#define SYSCALL_NR(name, nr) __NR_##name = nr,
#include <arch/syscall_list.h>
#undef SYSCALL_NR
};
#define NR_SYSCALLS 451   /* one more than the highest number in the list */

long sys_riscv_flush_icache(long, long, long, long, long, long);

/* Calls only this architecture has, spliced into the common table. */
#define ARCH_SYSCALLS                                      \
	[__NR_getrlimit]          = sys_getrlimit,         \
	[__NR_riscv_flush_icache] = sys_riscv_flush_icache,

#endif
