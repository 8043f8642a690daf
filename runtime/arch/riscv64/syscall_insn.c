/* SPDX-License-Identifier: MIT */
/*
 * The trapping system call: application code that executes `ebreak` where
 * it had `ecall` (ukld rewrites them) is served by trap.c.  Nothing to set
 * up beyond the trap vector, so check at boot that the path works, both
 * instruction lengths: a broken path would otherwise show only in the rare
 * program that uses it.
 */
#include <arch/syscall_nr.h>
#include <ukl/arch.h>
#include <ukl/syscall.h>

void syscall_insn_init(void)
{
	register long a7 __asm__("a7") = __NR_getpid;
	register long a0 __asm__("a0") = 0;
	register long b7 __asm__("a7");
	register long b0 __asm__("a0");

	__asm__ volatile(".option push\n\t.option norvc\n\tebreak\n\t.option pop"
			 : "+r"(a0) : "r"(a7) : "memory");
	if (a0 != UKL_PID)
		panic("trap: ebreak as a system call returned %ld", a0);
	b7 = __NR_getppid;
	b0 = -1;
	__asm__ volatile("c.ebreak" : "+r"(b0) : "r"(b7) : "memory");
	if (b0 != 0)
		panic("trap: c.ebreak as a system call returned %ld", b0);
}
