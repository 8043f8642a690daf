/* SPDX-License-Identifier: MIT */
/*
 * The `syscall` instruction executed at ring 0 (musl's assembly, e.g.
 * __set_thread_area, __clone, and any inline `syscall` left in the
 * application).
 * The CPU saved RIP in %rcx and RFLAGS in %r11, masked RFLAGS with SFMASK
 * and loaded CS/SS from STAR, but did not switch stacks: we are on the
 * caller's stack, whose 128-byte red zone (SysV ABI) may hold live data of a
 * leaf function, so step over it before pushing anything.
 * Linux's ABI: nr in %rax, arguments in %rdi %rsi %rdx %r10 %r8 %r9, result
 * in %rax, %rcx and %r11 clobbered, everything else preserved.
 * For clone every register is saved (struct syscall_frame, arch/thread.h):
 * the child starts from a copy of the frame (x86_thread_first).
 * sysret would return to ring 3, so return with popfq + jmp *%rcx; popfq
 * runs while still below the red zone, and lea (unlike add) leaves the
 * restored flags alone.
 */
#define NR_CLONE 56

	.text
	.globl syscall_entry
syscall_entry:
	subq	$128, %rsp
	pushq	%rcx
	pushq	%r11
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%r10
	pushq	%r8
	pushq	%r9
	pushq	%rbx
	cmpq	$NR_CLONE, %rax
	je	2f
	/* x86_syscall_insn(frame, nr): the frame as struct syscall_frame
	 * (whose r15..rbp, below rbx, only clone pushes), so a signal
	 * handler can see the caller's registers and set where it resumes
	 * (the rcx slot). */
	movq	%rsp, %rbx
	leaq	-40(%rsp), %rdi
	movq	%rax, %rsi
	andq	$-16, %rsp
	cld
	call	x86_syscall_insn
1:	movq	%rbx, %rsp
	.globl syscall_return
syscall_return:
	popq	%rbx
	popq	%r9
	popq	%r8
	popq	%r10
	popq	%rdx
	popq	%rsi
	popq	%rdi
	movq	(%rsp), %r11	/* Linux leaves RFLAGS in %r11 */
	popfq			/* the caller's RFLAGS */
	popq	%rcx
	leaq	128(%rsp), %rsp
	jmp	*%rcx

	/* clone: the rest of the registers too (the child gets them all),
	 * then x86_syscall_clone(frame).  The callee-saved ones need no
	 * restoring in the parent: C kept them. */
2:	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	leaq	40(%rsp), %rbx
	andq	$-16, %rsp
	cld
	call	x86_syscall_clone
	jmp	1b

	.section .note.GNU-stack, "", @progbits
