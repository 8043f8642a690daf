/* SPDX-License-Identifier: MIT */
/*
 * The F and D registers for the application: with sstatus.FS off (as the
 * firmware leaves it) the first floating-point instruction is illegal.
 * The kernel's C code is integer code and never touches them, so the trap
 * path need not save them.
 */
#include <arch/riscv.h>
#include <ukl/arch.h>

void fpu_init(void)
{
	csr_set(sstatus, SSTATUS_FS_INITIAL);
	__asm__ volatile("fscsr zero");   /* round to nearest, no flags */
}
