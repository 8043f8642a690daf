/* SPDX-License-Identifier: MIT */
/*
 * Interrupt entry stubs (vectors >= 32, arch/thread.h).  The frame lives
 * on the interrupted thread's stack: the stub pushes the registers C may
 * clobber there, and x86_irq(vector, &rip) may switch threads before the
 * iretq (the frame waits on that thread's stack).  The CPU itself pushes
 * its frame on an IST stack (IST_IRQ), and irq_common moves it to the
 * interrupted stack, to where the CPU would have put it: the application
 * stack is mapped as it is touched (vm.c), and a page fault while the CPU
 * delivers an interrupt would lose the interrupt (acknowledged, so its
 * LAPIC in-service bit would never clear), while one in irq_common is an
 * ordinary page fault, served on its own IST stack.  Interrupts stay off
 * until the move is done, so nothing else uses the IST stack meanwhile.
 * The kernel is built -mgeneral-regs-only, so the FPU/SSE registers are
 * the thread's, saved only when it is switched away from.
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
	/* IST: rcx, rax, vector, rip, cs, rflags, rsp, ss.  The same eight
	 * words to the interrupted stack, below its rsp aligned to 16 as the
	 * CPU aligns it. */
	movq	48(%rsp), %rax
	andq	$-16, %rax
	subq	$64, %rax
	movq	56(%rsp), %rcx
	movq	%rcx, 56(%rax)
	movq	48(%rsp), %rcx
	movq	%rcx, 48(%rax)
	movq	40(%rsp), %rcx
	movq	%rcx, 40(%rax)
	movq	32(%rsp), %rcx
	movq	%rcx, 32(%rax)
	movq	24(%rsp), %rcx
	movq	%rcx, 24(%rax)
	movq	16(%rsp), %rcx
	movq	%rcx, 16(%rax)
	movq	8(%rsp), %rcx
	movq	%rcx, 8(%rax)
	movq	(%rsp), %rcx
	movq	%rcx, (%rax)
	movq	%rax, %rsp
	movq	8(%rsp), %rax
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
