/* SPDX-License-Identifier: MIT */
/*
 * Exception entry stubs: they build a struct trap_frame (arch/desc.h) on
 * the IST stack and call trap_handler().  It returns only for a page
 * fault it served (a page of the application stack touched for the first
 * time, vm.c), and the stub returns to the faulting instruction; every
 * other exception is fatal, and trap_report() prints it and ends the
 * machine.  Vectors without a CPU error code push a 0 so the frame has one
 * shape.  The IST stack is what lets a fault on the stack itself run its
 * handler; each exception gets it afresh, and a page fault does not nest
 * (its handler touches no unmapped page).
 */
	.text
.macro VECTOR n, has_error
	.balign 16
vector_\n:
	.if !\has_error
	pushq	$0
	.endif
	pushq	$\n
	jmp	trap_common
.endm

VECTOR 0, 0
VECTOR 1, 0
VECTOR 2, 0
VECTOR 3, 0
VECTOR 4, 0
VECTOR 5, 0
VECTOR 6, 0
VECTOR 7, 0
VECTOR 8, 1
VECTOR 9, 0
VECTOR 10, 1
VECTOR 11, 1
VECTOR 12, 1
VECTOR 13, 1
VECTOR 14, 1
VECTOR 15, 0
VECTOR 16, 0
VECTOR 17, 1
VECTOR 18, 0
VECTOR 19, 0
VECTOR 20, 0
VECTOR 21, 1
VECTOR 22, 0
VECTOR 23, 0
VECTOR 24, 0
VECTOR 25, 0
VECTOR 26, 0
VECTOR 27, 0
VECTOR 28, 0
VECTOR 29, 1
VECTOR 30, 1
VECTOR 31, 0

trap_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	movq	%rsp, %rbx		/* callee-saved: the frame, after the call */
	andq	$-16, %rsp
	cld
	call	trap_handler
	movq	%rbx, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp		/* the vector and the error code */
	iretq

	.section .rodata, "a"
	.balign 8
	.globl trap_vectors
trap_vectors:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	vector_\n
	.endr

	.section .note.GNU-stack, "", @progbits
