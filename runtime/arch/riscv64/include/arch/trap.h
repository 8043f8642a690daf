/* SPDX-License-Identifier: MIT */
/* The saved state of a trap, as trap_entry.S pushes it. */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#include <stdint.h>

struct trap_frame {
	uint64_t epc;           /* slot of x0: sepc */
	uint64_t ra, sp, gp, tp, t0, t1, t2, s0, s1;
	uint64_t a0, a1, a2, a3, a4, a5, a6, a7;
	uint64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	uint64_t t3, t4, t5, t6;
	uint64_t sstatus, scause, stval;
	/* 1: taken in application code, on the thread's trap stack, whose top
	 * sscratch holds again on the return; 0: taken inside a trap's
	 * handler (sscratch is 0 there), on the handler's own stack.  Also
	 * keeps the frame 16-byte aligned. */
	uint64_t outer;
};

#endif
