/* SPDX-License-Identifier: MIT */
/* Switching threads' stacks (thread.c does tp, sscratch and the FPU). */
	.text
/* riscv_switch_stack(&prev_sp, next_sp): push ra and s0-s11 (the
 * callee-saved registers), keep prev's sp, pop next's and return where it
 * switched away. */
	.globl riscv_switch_stack
riscv_switch_stack:
	addi	sp, sp, -112
	sd	ra, 0(sp)
	sd	s0, 8(sp)
	sd	s1, 16(sp)
	sd	s2, 24(sp)
	sd	s3, 32(sp)
	sd	s4, 40(sp)
	sd	s5, 48(sp)
	sd	s6, 56(sp)
	sd	s7, 64(sp)
	sd	s8, 72(sp)
	sd	s9, 80(sp)
	sd	s10, 88(sp)
	sd	s11, 96(sp)
	sd	sp, 0(a0)
	mv	sp, a1
	ld	ra, 0(sp)
	ld	s0, 8(sp)
	ld	s1, 16(sp)
	ld	s2, 24(sp)
	ld	s3, 32(sp)
	ld	s4, 40(sp)
	ld	s5, 48(sp)
	ld	s6, 56(sp)
	ld	s7, 64(sp)
	ld	s8, 72(sp)
	ld	s9, 80(sp)
	ld	s10, 88(sp)
	ld	s11, 96(sp)
	addi	sp, sp, 112
	ret

/* A clone child's first run: its trap frame (a copy of the parent's, with
 * a0 = 0) sits right above the switch frame; leave through the trap
 * return. */
	.globl riscv_thread_first
riscv_thread_first:
	j	trap_return

/* The F and D registers and fcsr to/from area (32 doubles, then fcsr). */
	.globl riscv_fpu_save
riscv_fpu_save:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, (\n * 8)(a0)
	.endr
	frcsr	t0
	sd	t0, 256(a0)
	ret

	.globl riscv_fpu_restore
riscv_fpu_restore:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, (\n * 8)(a0)
	.endr
	ld	t0, 256(a0)
	fscsr	t0
	ret

	.section .note.GNU-stack, "", @progbits
