/* SPDX-License-Identifier: MIT */
/*
 * riscv64 thread state.  Callee-saved registers (ra, s0-s11) are pushed on
 * the thread's stack by switch.S (sp points at them); tp, the F/D
 * registers with fcsr, and sscratch are kept here.  sscratch is the top of
 * the thread's own trap stack (trap_entry.S): a trap (an `ebreak` system
 * call, an interrupt) runs there, and a thread switched away from inside a
 * trap keeps its frames on its own trap stack.
 *
 * Interrupts: the supervisor timer (SBI set_timer) and the supervisor
 * external interrupt, which calls arch_external_irq() (the PLIC's claim /
 * irq_dispatch / complete; a weak default does nothing).
 */
#ifndef ARCH_THREAD_H
#define ARCH_THREAD_H

#include <stdint.h>

struct arch_thread {
	uintptr_t sp;
	uintptr_t tp;
	uintptr_t sscratch;
	uintptr_t kstack;          /* its trap stack's mapping (0: static) */
	uint64_t f[32];
	uint64_t fcsr;
};

/* The PLIC's handler, called from the trap path with interrupts off. */
void arch_external_irq(void);

#endif
