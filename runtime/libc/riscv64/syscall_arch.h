/* SPDX-License-Identifier: MIT */
/*
 * ukld: replacement for musl 1.2.3's arch/riscv64/syscall_arch.h.
 *
 * The application and its libc run in S-mode inside the kernel image, where
 * `ecall` would go to the firmware (OpenSBI), so a system call is a plain
 * function call into the kernel (see runtime/include/ukl/contract.h):
 *
 *   long __ukl_syscall(long nr, long a1, long a2, long a3, long a4,
 *                      long a5, long a6);
 *
 * returns the result or -errno, exactly like the raw Linux system call, which
 * is what musl's __syscall_ret() expects.  Unused arguments are passed as 0.
 *
 * Differences from the original header:
 *   - __syscall0..6 call __ukl_syscall (the standard calling convention
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

long __ukl_syscall(long, long, long, long, long, long, long);

static __inline long __syscall0(long n)
{
	return __ukl_syscall(n, 0, 0, 0, 0, 0, 0);
}

static __inline long __syscall1(long n, long a1)
{
	return __ukl_syscall(n, a1, 0, 0, 0, 0, 0);
}

static __inline long __syscall2(long n, long a1, long a2)
{
	return __ukl_syscall(n, a1, a2, 0, 0, 0, 0);
}

static __inline long __syscall3(long n, long a1, long a2, long a3)
{
	return __ukl_syscall(n, a1, a2, a3, 0, 0, 0);
}

static __inline long __syscall4(long n, long a1, long a2, long a3, long a4)
{
	return __ukl_syscall(n, a1, a2, a3, a4, 0, 0);
}

static __inline long __syscall5(long n, long a1, long a2, long a3, long a4,
                                long a5)
{
	return __ukl_syscall(n, a1, a2, a3, a4, a5, 0);
}

static __inline long __syscall6(long n, long a1, long a2, long a3, long a4,
                                long a5, long a6)
{
	return __ukl_syscall(n, a1, a2, a3, a4, a5, a6);
}

#define IPC_64 0
