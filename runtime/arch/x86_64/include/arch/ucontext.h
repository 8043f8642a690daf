/* SPDX-License-Identifier: MIT */
/*
 * What an SA_SIGINFO handler's third argument points at on x86_64: Linux's
 * struct ucontext (uc_mcontext is its struct sigcontext, the order of
 * glibc's and musl's gregs[]: REG_R8 = 0 ... REG_RSP = 15, REG_RIP = 16),
 * followed by room for the libc's longer sigset_t and its __fpregs_mem.
 * musl's cancellation reads gregs[REG_RIP] and may set it, and adds to
 * uc_sigmask (sys_signal.c honours both).
 */
#ifndef ARCH_UCONTEXT_H
#define ARCH_UCONTEXT_H

#include <stdint.h>
#include <arch/thread.h>

struct arch_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct { uint64_t ss_sp; int32_t ss_flags, pad; uint64_t ss_size; } uc_stack;
	struct {
		uint64_t gregs[18];      /* r8..r15 rdi rsi rbp rbx rdx rax rcx rsp rip eflags */
		uint16_t cs, gs, fs, ss;
		uint64_t err, trapno, oldmask, cr2;
		uint64_t fpstate;        /* the libc's __fpregs_mem below */
		uint64_t reserved1[8];
	} uc_mcontext;
	uint64_t uc_sigmask;             /* the kernel's 64 signals ... */
	uint64_t sigmask_rest[15];       /* ... and the rest of the libc's 128 bytes */
	uint64_t fpregs_mem[64];         /* an fxsave-sized area, zero */
};
_Static_assert(__builtin_offsetof(struct arch_ucontext, uc_mcontext) == 40, "uc_mcontext");
_Static_assert(__builtin_offsetof(struct arch_ucontext, uc_sigmask) == 296, "uc_sigmask");

enum { UC_R8, UC_R9, UC_R10, UC_R11, UC_R12, UC_R13, UC_R14, UC_R15, UC_RDI, UC_RSI,
       UC_RBP, UC_RBX, UC_RDX, UC_RAX, UC_RCX, UC_RSP, UC_RIP, UC_EFL };

/* The registers of a system call entered by the `syscall` instruction
 * (the frame syscall_entry.S pushed: its caller's argument registers,
 * rbx, RFLAGS in r11 and the return address in rcx) and pc. */
static inline void arch_uc_fill(struct arch_ucontext *uc, const void *regs, uintptr_t pc)
{
	uint64_t *g = uc->uc_mcontext.gregs;

	if (regs) {
		const struct syscall_frame *f = regs;
		g[UC_RDI] = f->rdi, g[UC_RSI] = f->rsi, g[UC_RDX] = f->rdx;
		g[UC_R10] = f->r10, g[UC_R8] = f->r8, g[UC_R9] = f->r9;
		g[UC_RBX] = f->rbx, g[UC_R11] = f->r11, g[UC_RCX] = f->rcx;
		g[UC_EFL] = f->r11;
		g[UC_RSP] = (uintptr_t)&f->rcx + 8 + 128;   /* above the red zone it stepped over */
	}
	g[UC_RIP] = pc;
	uc->uc_mcontext.fpstate = (uintptr_t)uc->fpregs_mem;
}

static inline uintptr_t arch_uc_pc(const struct arch_ucontext *uc)
{
	return uc->uc_mcontext.gregs[UC_RIP];
}

#endif
