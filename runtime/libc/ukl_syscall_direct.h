/* SPDX-License-Identifier: MIT */
/*
 * ukld: musl's __syscall0..6 as direct calls, shared by every
 * architecture's syscall_arch.h (runtime/libc/<arch>/); runtime/libc/musl.mk
 * copies it, and the architecture's list of system call numbers
 * (runtime/arch/<arch>/include/arch/syscall_list.h, as
 * ukl_syscall_list.h), beside the header in musl's arch/<arch>/.
 *
 * A number known at compile time -- nearly every call musl makes,
 * __syscall(SYS_getppid) -- becomes a plain C call of the function
 * __ukl_sys_<nr> (nr in decimal) with the arguments the call has, in the C
 * calling convention: no number to pass, no argument to shift or zero, no
 * seventh argument on the stack, no range or table check at run time.  The
 * kernel exports __ukl_sys_<nr> for each call it implements, the handler
 * itself; for any other, ukld links a stub that calls __ukl_syscall(nr, ...)
 * (runtime/include/ukl/contract.h, "System calls").  A number known only
 * at run time (syscall(n, ...), __syscall_cp's) calls
 *
 *   long __ukl_syscall(long nr, long a1, long a2, long a3, long a4,
 *                      long a5, long a6);
 *
 * as before.  Both return the result or -errno, which __syscall_ret()
 * expects.
 *
 * The choice is made by the compiler: each __syscallN is always inlined, and
 * __builtin_constant_p(n) is true only where the inlined n folded to a
 * constant; the switch over every number then folds to the one call.  Each
 * arity declares its own functions (__ukl_sysK_<nr>), all spelt
 * __ukl_sys_<nr> in assembly, so that one file may make the same call with
 * different numbers of arguments without conflicting prototypes; passing
 * fewer arguments than the handler's six is harmless in both ABIs, all are
 * in registers and a handler reads only those its call has.  A constant
 * with no case (none: the list is the kernel's, a superset of musl's)
 * takes the run-time path.
 */

long __ukl_syscall(long, long, long, long, long, long, long);

#define SYSCALL_NR(name, nr)                                                   \
	long __ukl_sys0_##nr(void) __asm__("__ukl_sys_" #nr);                  \
	long __ukl_sys1_##nr(long) __asm__("__ukl_sys_" #nr);                  \
	long __ukl_sys2_##nr(long, long) __asm__("__ukl_sys_" #nr);            \
	long __ukl_sys3_##nr(long, long, long) __asm__("__ukl_sys_" #nr);      \
	long __ukl_sys4_##nr(long, long, long, long) __asm__("__ukl_sys_" #nr); \
	long __ukl_sys5_##nr(long, long, long, long, long)                     \
		__asm__("__ukl_sys_" #nr);                                     \
	long __ukl_sys6_##nr(long, long, long, long, long, long)               \
		__asm__("__ukl_sys_" #nr);
#include "ukl_syscall_list.h"
#undef SYSCALL_NR

#define __UKL_INLINE static __inline __attribute__((__always_inline__))

__UKL_INLINE long __syscall0(long n)
{
	if (__builtin_constant_p(n))
		switch (n) {
#define SYSCALL_NR(name, nr) case nr: return __ukl_sys0_##nr();
#include "ukl_syscall_list.h"
#undef SYSCALL_NR
		}
	return __ukl_syscall(n, 0, 0, 0, 0, 0, 0);
}

__UKL_INLINE long __syscall1(long n, long a1)
{
	if (__builtin_constant_p(n))
		switch (n) {
#define SYSCALL_NR(name, nr) case nr: return __ukl_sys1_##nr(a1);
#include "ukl_syscall_list.h"
#undef SYSCALL_NR
		}
	return __ukl_syscall(n, a1, 0, 0, 0, 0, 0);
}

__UKL_INLINE long __syscall2(long n, long a1, long a2)
{
	if (__builtin_constant_p(n))
		switch (n) {
#define SYSCALL_NR(name, nr) case nr: return __ukl_sys2_##nr(a1, a2);
#include "ukl_syscall_list.h"
#undef SYSCALL_NR
		}
	return __ukl_syscall(n, a1, a2, 0, 0, 0, 0);
}

__UKL_INLINE long __syscall3(long n, long a1, long a2, long a3)
{
	if (__builtin_constant_p(n))
		switch (n) {
#define SYSCALL_NR(name, nr) case nr: return __ukl_sys3_##nr(a1, a2, a3);
#include "ukl_syscall_list.h"
#undef SYSCALL_NR
		}
	return __ukl_syscall(n, a1, a2, a3, 0, 0, 0);
}

__UKL_INLINE long __syscall4(long n, long a1, long a2, long a3, long a4)
{
	if (__builtin_constant_p(n))
		switch (n) {
#define SYSCALL_NR(name, nr) case nr: return __ukl_sys4_##nr(a1, a2, a3, a4);
#include "ukl_syscall_list.h"
#undef SYSCALL_NR
		}
	return __ukl_syscall(n, a1, a2, a3, a4, 0, 0);
}

__UKL_INLINE long __syscall5(long n, long a1, long a2, long a3, long a4,
                             long a5)
{
	if (__builtin_constant_p(n))
		switch (n) {
#define SYSCALL_NR(name, nr) case nr: return __ukl_sys5_##nr(a1, a2, a3, a4, a5);
#include "ukl_syscall_list.h"
#undef SYSCALL_NR
		}
	return __ukl_syscall(n, a1, a2, a3, a4, a5, 0);
}

__UKL_INLINE long __syscall6(long n, long a1, long a2, long a3, long a4,
                             long a5, long a6)
{
	if (__builtin_constant_p(n))
		switch (n) {
#define SYSCALL_NR(name, nr) case nr: return __ukl_sys6_##nr(a1, a2, a3, a4, a5, a6);
#include "ukl_syscall_list.h"
#undef SYSCALL_NR
		}
	return __ukl_syscall(n, a1, a2, a3, a4, a5, a6);
}

#undef __UKL_INLINE
