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

/* Calls only this architecture has (asm-generic dropped them: open, stat,
 * mkdir... are the *at calls there): the entries are spliced into the
 * designated initialiser of the common table. */
#define ARCH_SYSCALLS                       \
	[__NR_arch_prctl] = sys_arch_prctl, \
	[__NR_fork]       = sys_fork,       \
	[__NR_vfork]      = sys_vfork,      \
	[__NR_poll]       = sys_poll,       \
	[__NR_time]       = sys_time,       \
	[__NR_getrlimit]  = sys_getrlimit,  \
	[__NR_open]       = sys_open,       \
	[__NR_creat]      = sys_creat,      \
	[__NR_stat]       = sys_stat,       \
	[__NR_lstat]      = sys_lstat,      \
	[__NR_access]     = sys_access,     \
	[__NR_mkdir]      = sys_mkdir,      \
	[__NR_rmdir]      = sys_rmdir,      \
	[__NR_unlink]     = sys_unlink,     \
	[__NR_rename]     = sys_rename,     \
	[__NR_renameat]   = sys_renameat,   \
	[__NR_readlink]   = sys_readlink,   \
	[__NR_chmod]      = sys_chmod,      \
	[__NR_chown]      = sys_chown,      \
	[__NR_lchown]     = sys_lchown,     \
	[__NR_dup2]       = sys_dup2,       \
	[__NR_select]     = sys_select,     \
	[__NR_pipe]       = sys_pipe,       \
	[__NR_eventfd]    = sys_eventfd,    \
	[__NR_epoll_create] = sys_epoll_create, \
	[__NR_epoll_wait] = sys_epoll_wait, \
	[__NR_getpgrp]    = sys_getpgrp,

#endif
