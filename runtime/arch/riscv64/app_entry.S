/* SPDX-License-Identifier: MIT */
/* Leaving the boot stack for the application's. */
	.text
/* arch_enter_app(entry, sp): enter a libc's _start as Linux enters a static
 * process: sp at argc, a0 = 0 (no dynamic-linker fini function), ra and
 * s0 0 (the end of the frame chain), other registers cleared; gp stays
 * (the libc's _start sets it again). */
	.globl arch_enter_app
arch_enter_app:
	mv	sp, a1
	mv	t0, a0
	li	a0, 0
	li	a1, 0
	li	a2, 0
	li	a3, 0
	li	a4, 0
	li	a5, 0
	li	a6, 0
	li	a7, 0
	li	ra, 0
	li	s0, 0
	li	s1, 0
	li	s2, 0
	li	s3, 0
	li	s4, 0
	li	s5, 0
	li	s6, 0
	li	s7, 0
	li	s8, 0
	li	s9, 0
	li	s10, 0
	li	s11, 0
	li	t1, 0
	li	t2, 0
	li	t3, 0
	li	t4, 0
	li	t5, 0
	li	t6, 0
	jr	t0

/* arch_call_on_stack(fn, arg, sp): fn(arg) on stack sp; fn never returns. */
	.globl arch_call_on_stack
arch_call_on_stack:
	andi	sp, a2, -16
	mv	t0, a0
	mv	a0, a1
	li	ra, 0
	li	s0, 0
	jalr	t0
	unimp

	.section .note.GNU-stack, "", @progbits
