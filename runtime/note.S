/* SPDX-License-Identifier: MIT */
/*
 * The kernel note: how ukld tells this object from the application's
 * (runtime/include/ukl/contract.h, point 1).  4-byte aligned like every note
 * in the image's PT_NOTE.
 */
#include <ukl/contract.h>

	.section .note.ukl, "a", @note
	.balign 4
	.long	2f - 1f			/* namesz */
	.long	4f - 3f			/* descsz */
	.long	UKL_NOTE_KERNEL		/* type */
1:	.asciz	UKL_NOTE_NAME
2:	.balign 4
3:	.long	UKL_CONTRACT_VERSION	/* struct ukl_note_kernel.version */
	/* .flags = UKL_KF_SYSCALL_INSN | UKL_KF_APP_STACK_SAFE.  x86_64: the
	 * ring-0 `syscall` entry steps over the red zone, exceptions run on IST
	 * stacks (arch/x86_64/idt.c).  riscv64: a trap-rewritten `ecall` is
	 * served, every trap runs on the trap stack (arch/riscv64/trap_entry.S).
	 * Interrupts are never enabled. */
	.long	0x3
4:	.balign 4

	.section .note.GNU-stack, "", @progbits
