/* SPDX-License-Identifier: MIT */
/* riscv_flush_icache: after writing code (a JIT), make the instruction
 * fetches see it.  One hart: fence.i is all it takes. */
#include <ukl/arch.h>
#include <ukl/syscall.h>

long sys_riscv_flush_icache(long, long, long, long, long, long);
SYSCALL(riscv_flush_icache)
{
	__asm__ volatile("fence.i" ::: "memory");
	return 0;
}
