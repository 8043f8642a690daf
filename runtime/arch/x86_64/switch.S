/* SPDX-License-Identifier: MIT */
/* Switching threads' stacks (thread.c does the FPU state and FS base). */
	.text
/* x86_switch_stack(&prev_sp, next_sp): push the callee-saved registers
 * (SysV: rbx rbp r12-r15; the rest the caller saved or does not need),
 * keep prev's sp, pop next's and return where next switched away. */
	.globl x86_switch_stack
x86_switch_stack:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

/* A clone child's first return (thread.c lays a struct syscall_frame out
 * above the switch frame): clone returns 0 in the child. */
	.globl x86_thread_first
x86_thread_first:
	xorl	%eax, %eax
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	jmp	syscall_return

	.section .note.GNU-stack, "", @progbits
