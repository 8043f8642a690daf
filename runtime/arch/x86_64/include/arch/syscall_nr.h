/* SPDX-License-Identifier: MIT */
/*
 * x86_64 system call numbers for the common table in runtime/syscall.c.
 * Another architecture provides the same names with its own numbers
 * (riscv64: asm-generic/unistd.h) and its own ARCH_SYSCALLS.
 */
#ifndef ARCH_SYSCALL_NR_H
#define ARCH_SYSCALL_NR_H

enum syscall_nr {
#define SYSCALL_NR(name, nr) __NR_##name = nr,
#include <arch/syscall_list.h>
#undef SYSCALL_NR
};
#define NR_SYSCALLS 451   /* one more than the highest number in the list */

/* Calls only this architecture has (asm-generic dropped them): the entries
 * are spliced into the designated initialiser of the common table. */
#define ARCH_SYSCALLS                          \
	[__NR_arch_prctl] = sys_arch_prctl,    \
	[__NR_poll]       = sys_poll,          \
	[__NR_time]       = sys_time,          \
	[__NR_getrlimit]  = sys_getrlimit,

#endif
