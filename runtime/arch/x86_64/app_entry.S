/* SPDX-License-Identifier: MIT */
/* Leaving the boot stack for the application's. */
	.text
/* arch_enter_app(entry, sp): enter a libc's _start as Linux enters a static
 * process: %rsp at argc, %rdx = 0 (no dynamic-linker fini function), %rbp 0
 * (the end of the frame chain), other registers cleared. */
	.globl arch_enter_app
arch_enter_app:
	movq	%rsi, %rsp
	movq	%rdi, %rax
	xorl	%ebp, %ebp
	xorl	%edx, %edx
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	jmp	*%rax

/* arch_call_on_stack(fn, arg, sp): fn(arg) on stack sp; fn never returns. */
	.globl arch_call_on_stack
arch_call_on_stack:
	movq	%rdx, %rsp
	andq	$-16, %rsp
	xorl	%ebp, %ebp
	movq	%rdi, %rax
	movq	%rsi, %rdi
	call	*%rax
	ud2

	.section .note.GNU-stack, "", @progbits
