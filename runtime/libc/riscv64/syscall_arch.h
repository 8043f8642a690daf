/* SPDX-License-Identifier: MIT */
/*
 * ukld: replacement for musl 1.2.3's arch/riscv64/syscall_arch.h.
 *
 * The application and its libc run in S-mode inside the kernel image, where
 * `ecall` would go to the firmware (OpenSBI), so a system call is a plain
 * function call into the kernel (see runtime/include/ukl/contract.h): a call
 * of __ukl_sys_<nr>(a1, ...) when the number is a constant, of
 * __ukl_syscall(nr, a1, ..., a6) when it is not (ukl_syscall_direct.h).
 * Both return the result or -errno, exactly like the raw Linux system call,
 * which is what musl's __syscall_ret() expects.
 *
 * Differences from the original header:
 *   - __syscall0..6 are function calls (the standard calling convention
 *     replaces the `ecall` convention, a7 = number and a0..a5 = arguments;
 *     callers' caller-saved registers are now clobbered, which C code
 *     handles).  The assembly files that still execute `ecall` -- clone.s,
 *     syscall_cp.s, restore.s, __unmapself.s -- have it rewritten by ukld
 *     into `ebreak`, which the kernel's trap handler serves as a system call.
 *   - VDSO_USEFUL is gone: there is no vDSO.
 *   - __SYSCALL_LL_E/O and IPC_64 are kept as they were.
 */

#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

#include "ukl_syscall_direct.h"

#define IPC_64 0
