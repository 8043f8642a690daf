/* SPDX-License-Identifier: MIT */
/* Route the `syscall` instruction to syscall_entry.S, and from there to
 * the system call. */
#include <arch/x86.h>
#include <arch/desc.h>
#include <ukl/arch.h>
#include <ukl/syscall.h>
#include <ukl/thread.h>

long x86_syscall_insn(struct syscall_frame *f, long nr);
long x86_syscall_insn(struct syscall_frame *f, long nr)
{
	struct thread *t = this_cpu()->cur;
	/* `syscall` is 2 bytes (0f 05), just before the return address. */
	struct sys_trap tr = { .insn = f->rcx - 2, .resume = &f->rcx, .regs = f },
			*outer = t->sys_trap;
	long r;

	t->sys_trap = &tr;
	r = __ukl_syscall(nr, (long)f->rdi, (long)f->rsi, (long)f->rdx, (long)f->r10,
			  (long)f->r8, (long)f->r9);
	if (this_cpu()->sig_work)
		signal_trap_return(r);
	t->sys_trap = outer;
	return r;
}

extern char syscall_entry[];

void syscall_insn_init(void)
{
	/* STAR[47:32]: CS on syscall (SS = CS + 8).  STAR[63:48] would be
	 * for sysret, which is never used. */
	wrmsr(MSR_STAR, (uint64_t)GDT_KERNEL_CS << 32);
	wrmsr(MSR_LSTAR, (uintptr_t)syscall_entry);
	/* Clear on entry: interrupts, single-step, direction (the C code
	 * assumes DF=0), alignment check. */
	wrmsr(MSR_SFMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_AC);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}
