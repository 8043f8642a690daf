/* SPDX-License-Identifier: MIT */
/*
 * The trap vector (stvec, direct mode).  Everything runs in S-mode, so a
 * trap does not switch stacks by itself: outside a trap, sscratch holds
 * the top of the trap stack, and the entry swaps it with sp.  A frame is
 * pushed there (struct trap_frame in arch/trap.h) and sscratch is 0 while
 * the handler runs, so a trap taken inside it (an interrupt while a system
 * call made with `ebreak` sleeps, a system call from a signal handler, a
 * fault while reporting) finds 0, stays on the handler's stack and pushes
 * its frame below the handler's sp, never over the handler's own frames;
 * the return makes sscratch what it was (the frame's `outer`).  The
 * application's stack is never written, whatever state it is in (a stack
 * overflow into the guard page is reported, not repeated).  Each thread
 * has a trap stack of its own (arch/thread.h); a clone child first runs
 * from trap_return with a frame made for it.
 */
#include <arch/riscv.h>

#define FRAME (36 * 8)
#define REG(n) (n * 8)

	.text
	.balign 4
	.globl trap_entry
trap_entry:
	csrrw	sp, sscratch, sp
	bnez	sp, 1f
	csrr	sp, sscratch		/* nested: the interrupted sp, the handler's */
1:	addi	sp, sp, -FRAME
	sd	x1, REG(1)(sp)
	sd	x3, REG(3)(sp)
	sd	x4, REG(4)(sp)
	sd	x5, REG(5)(sp)
	sd	x6, REG(6)(sp)
	sd	x7, REG(7)(sp)
	sd	x8, REG(8)(sp)
	sd	x9, REG(9)(sp)
	sd	x10, REG(10)(sp)
	sd	x11, REG(11)(sp)
	sd	x12, REG(12)(sp)
	sd	x13, REG(13)(sp)
	sd	x14, REG(14)(sp)
	sd	x15, REG(15)(sp)
	sd	x16, REG(16)(sp)
	sd	x17, REG(17)(sp)
	sd	x18, REG(18)(sp)
	sd	x19, REG(19)(sp)
	sd	x20, REG(20)(sp)
	sd	x21, REG(21)(sp)
	sd	x22, REG(22)(sp)
	sd	x23, REG(23)(sp)
	sd	x24, REG(24)(sp)
	sd	x25, REG(25)(sp)
	sd	x26, REG(26)(sp)
	sd	x27, REG(27)(sp)
	sd	x28, REG(28)(sp)
	sd	x29, REG(29)(sp)
	sd	x30, REG(30)(sp)
	sd	x31, REG(31)(sp)
	csrr	t0, sscratch		/* the interrupted sp */
	sd	t0, REG(2)(sp)
	csrr	t0, sepc
	sd	t0, REG(0)(sp)
	csrr	t0, sstatus
	sd	t0, REG(32)(sp)
	csrr	t0, scause
	sd	t0, REG(33)(sp)
	csrr	t0, stval
	sd	t0, REG(34)(sp)
	/* Outer unless the interrupted sp is just above this frame (a
	 * nested trap; an application's sp is never on a trap stack). */
	csrr	t0, sscratch
	addi	t1, sp, FRAME
	sub	t1, t1, t0
	snez	t1, t1
	sd	t1, REG(35)(sp)
	csrw	sscratch, zero		/* nested traps stay on the handler's stack */

	mv	a0, sp
	call	trap_handler

	.globl trap_return
trap_return:
	ld	t0, REG(0)(sp)
	csrw	sepc, t0
	ld	t0, REG(32)(sp)
	csrw	sstatus, t0
	ld	t0, REG(35)(sp)		/* outer: the trap stack's top again */
	beqz	t0, 2f
	addi	t0, sp, FRAME
2:	csrw	sscratch, t0
	ld	x1, REG(1)(sp)
	ld	x3, REG(3)(sp)
	ld	x4, REG(4)(sp)
	ld	x5, REG(5)(sp)
	ld	x6, REG(6)(sp)
	ld	x7, REG(7)(sp)
	ld	x8, REG(8)(sp)
	ld	x9, REG(9)(sp)
	ld	x10, REG(10)(sp)
	ld	x11, REG(11)(sp)
	ld	x12, REG(12)(sp)
	ld	x13, REG(13)(sp)
	ld	x14, REG(14)(sp)
	ld	x15, REG(15)(sp)
	ld	x16, REG(16)(sp)
	ld	x17, REG(17)(sp)
	ld	x18, REG(18)(sp)
	ld	x19, REG(19)(sp)
	ld	x20, REG(20)(sp)
	ld	x21, REG(21)(sp)
	ld	x22, REG(22)(sp)
	ld	x23, REG(23)(sp)
	ld	x24, REG(24)(sp)
	ld	x25, REG(25)(sp)
	ld	x26, REG(26)(sp)
	ld	x27, REG(27)(sp)
	ld	x28, REG(28)(sp)
	ld	x29, REG(29)(sp)
	ld	x30, REG(30)(sp)
	ld	x31, REG(31)(sp)
	ld	x2, REG(2)(sp)
	sret

	.section .note.GNU-stack, "", @progbits
