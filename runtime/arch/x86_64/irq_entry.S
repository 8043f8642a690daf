/* SPDX-License-Identifier: MIT */
/*
 * Interrupt entry stubs (vectors >= 32, arch/thread.h).  No IST: the CPU
 * pushes its frame on the interrupted thread's stack, the stub the
 * registers C may clobber, and x86_irq(vector, &rip) may switch threads before
 * the iretq (the frame waits on that thread's stack).  The kernel is built
 * -mgeneral-regs-only, so the FPU/SSE registers are the thread's, saved
 * only when it is switched away from.
 */
	.text
	.balign 16
	.globl irq_stubs
irq_stubs:
	.set vec, 32
	.rept 64
	.balign 16
	pushq	$vec
	jmp	irq_common
	.set vec, vec + 1
	.endr

	.balign 16
	.globl irq_timer_stub
irq_timer_stub:
	pushq	$0xef
	jmp	irq_common

	.balign 16
	.globl irq_spurious_stub
irq_spurious_stub:
	iretq

irq_common:
	pushq	%rax
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%rbx
	movq	80(%rsp), %rdi	/* the vector */
	leaq	88(%rsp), %rsi	/* the interrupted rip's slot */
	movq	%rsp, %rbx
	andq	$-16, %rsp
	cld
	call	x86_irq
	movq	%rbx, %rsp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rax
	addq	$8, %rsp
	iretq

	.section .note.GNU-stack, "", @progbits
