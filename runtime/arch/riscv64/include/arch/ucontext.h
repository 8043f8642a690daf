/* SPDX-License-Identifier: MIT */
/*
 * What an SA_SIGINFO handler's third argument points at on riscv64:
 * Linux's struct ucontext (uc_sigmask with room for 1024 signals, then
 * uc_mcontext 16-aligned: the pc, then x1..x31, then the FP state), the
 * layout musl's ucontext_t has (MC_PC is __gregs[0]).  musl's cancellation
 * reads the pc and may set it, and adds to uc_sigmask (sys_signal.c
 * honours both).
 */
#ifndef ARCH_UCONTEXT_H
#define ARCH_UCONTEXT_H

#include <stdint.h>
#include <arch/trap.h>

struct arch_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct { uint64_t ss_sp; int32_t ss_flags, pad; uint64_t ss_size; } uc_stack;
	uint64_t uc_sigmask;             /* the kernel's 64 signals ... */
	uint8_t sigmask_rest[120];       /* ... and room for 1024 */
	struct {
		uint64_t gregs[32];      /* pc, then x1 (ra) .. x31 (t6) */
		uint64_t fpregs[66] __attribute__((aligned(16)));   /* f0..f31 (q), fcsr */
	} uc_mcontext;
};
_Static_assert(__builtin_offsetof(struct arch_ucontext, uc_sigmask) == 40, "uc_sigmask");
_Static_assert(__builtin_offsetof(struct arch_ucontext, uc_mcontext) == 176, "uc_mcontext");

/* The registers of a system call entered by `ebreak` (the trap frame,
 * which holds x1..x31 in order after the pc's slot) and pc. */
static inline void arch_uc_fill(struct arch_ucontext *uc, const void *regs, uintptr_t pc)
{
	if (regs) {
		const uint64_t *x = (const uint64_t *)regs;   /* struct trap_frame */
		for (int i = 1; i < 32; i++)
			uc->uc_mcontext.gregs[i] = x[i];
	}
	uc->uc_mcontext.gregs[0] = pc;
}

static inline uintptr_t arch_uc_pc(const struct arch_ucontext *uc)
{
	return uc->uc_mcontext.gregs[0];
}

#endif
