/* SPDX-License-Identifier: MIT */
/*
 * ukld: replacement for musl 1.2.3's arch/x86_64/syscall_arch.h.
 *
 * The application and its libc run in ring 0 inside the kernel image, so a
 * system call is a plain function call into the kernel instead of the
 * `syscall` instruction (see runtime/include/ukl/contract.h): a call of
 * __ukl_sys_<nr>(a1, ...) when the number is a constant, of
 * __ukl_syscall(nr, a1, ..., a6) when it is not (ukl_syscall_direct.h).
 * Both return the result or -errno, exactly like the raw Linux system call,
 * which is what musl's __syscall_ret() expects.
 *
 * Differences from the original header:
 *   - __syscall0..6 are function calls (the SysV calling convention replaces
 *     the syscall register convention; callers' caller-saved registers are
 *     now clobbered, which C code handles; the assembly files that still
 *     execute `syscall` -- clone.s, __set_thread_area.s, syscall_cp.s,
 *     vfork.s, restore.s, __unmapself.s -- rely on the kernel's ring-0
 *     `syscall` entry instead).
 *   - VDSO_USEFUL / VDSO_CGT_* / VDSO_GETCPU_* are gone: there is no vDSO,
 *     so clock_gettime() and sched_getcpu() go straight to the system call.
 *   - __SYSCALL_LL_E/O and IPC_64 are kept as they were.
 */

#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

#include "ukl_syscall_direct.h"

#define IPC_64 0
