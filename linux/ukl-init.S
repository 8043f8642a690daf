/* SPDX-License-Identifier: MIT */
/*
 * The placeholder init of the Linux target's built-in initramfs (/init).
 * The kernel execs it as init: that exec builds the process (mm, stack,
 * argv, envp, auxv) the application linked in by ukld then runs on, from
 * its own _start in ring 0 (linux/ukl.patch, start_thread_common).  This
 * code runs only in a kernel no application is linked into: it says so
 * and exits 1.
 */
	.section .rodata
msg:	.ascii "ukl-init: no application is linked into this kernel (ukld app.a vmlinux.o -o vmlinux)\n"
	.set msglen, . - msg

	.text
	.globl _start
_start:
	mov	$1, %eax		/* write(2, msg, msglen) */
	mov	$2, %edi
	lea	msg(%rip), %rsi
	mov	$msglen, %edx
	syscall
	mov	$231, %eax		/* exit_group(1) */
	mov	$1, %edi
	syscall
	hlt
